"""What-if: overlays from `ID=VALUE[@FROM]` lines and files, baseline vs scenario comparisons, the audit CLI's
`--set` / `--overlay`, and the workbench widget."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook import policy, whatif
from handbook.__main__ import run
from handbook.errors import PolicyInputError
from handbook.rules.customs import check_quota
from handbook.rules.fake_shipping import order_compensation
from handbook.widgets import customs
from handbook.widgets import workbench as wb

CAP = "pinduoduo.fake_shipping.cap"
ANNUAL = "pinduoduo_intl.customs.annual_limit"
MAILBOX = "aliexpress.chargeback.appeal_mailbox"
ON = date(2026, 11, 21)


# ---------------------------------------------------------------------------------------------- overlays


@pytest.mark.parametrize(
    "text, pid, entry",
    [
        (f"{CAP}=50", CAP, {"from": None, "value": 50}),
        (f"{CAP} = 50 ", CAP, {"from": None, "value": 50}),
        (f"{ANNUAL}=30,000@2027-01-01", ANNUAL, {"from": date(2027, 1, 1), "value": 30000}),
        (f"{ANNUAL}=30000.50", ANNUAL, {"from": None, "value": Decimal("30000.50")}),
        (f"{MAILBOX}=appeal@example.com", MAILBOX, {"from": None, "value": "appeal@example.com"}),
        (f"{MAILBOX}=appeal@example.com@2027-03-01", MAILBOX, {"from": date(2027, 3, 1), "value": "appeal@example.com"}),
    ],
)
def test_parse_change(text, pid, entry):
    assert whatif.parse_change(text) == (pid, entry)


@pytest.mark.parametrize(
    "text, message",
    [
        ("pinduoduo.fake_shipping.cap", "ID=VALUE"),
        ("pinduoduo.fake_shipping.nope=3", "pinduoduo.fake_shipping.nope"),
        (f"{CAP}=", "no value given"),
        (f"{CAP}=50@2027-13-01", "is not a date"),
        (f"{CAP}=50@2027-01-01@2028-01-01", "more than one '@' date"),
        (f"{CAP}=fifty", "pinduoduo.fake_shipping.cap"),
        (f"{CAP}=NaN", "got NaN"),
        (f"{CAP}=Infinity", "got Infinity"),
        (f"{CAP}=1e400", "below 1,000,000,000,000 yuan, got 1E+400"),
        (f"{CAP}=100.001", "at most 2 decimal places (fen), got 100.001"),
        (f"{CAP}=-1", "an amount ≥ 0"),
    ],
)
def test_a_bad_change_is_named(text, message):
    with pytest.raises(PolicyInputError) as error:
        whatif.parse_change(text)
    assert message in str(error.value)
    assert "Decimal(" not in str(error.value) and "Decimal(" not in error.value.plain()


@pytest.mark.parametrize("text", ["100", "100.5", "100.50", "0", "1e3", "999999999999.99"])
def test_amounts_in_yuan_and_fen_are_accepted(text):
    pid, entry = whatif.parse_change(f"{CAP}={text}")
    assert pid == CAP and Decimal(str(entry["value"])) == Decimal(text)


def test_changes_of_one_parameter_become_its_dated_list():
    overlay = whatif.overlay_from_changes([f"{ANNUAL}=32000@2028-01-01", "", "# a comment", f"{ANNUAL}=30000@2027-01-01",
                                           f"{CAP}=50"])
    assert overlay == whatif.check({ANNUAL: [{"from": date(2027, 1, 1), "value": 30000},
                                             {"from": date(2028, 1, 1), "value": 32000}], CAP: 50})
    assert whatif.overlay_lines(overlay) == [f"{ANNUAL}=30000@2027-01-01", f"{ANNUAL}=32000@2028-01-01", f"{CAP}=50"]
    assert whatif.overlay_from_changes(whatif.overlay_lines(overlay)) == overlay


def test_always_and_dated_values_of_one_parameter_do_not_mix():
    with pytest.raises(PolicyInputError):
        whatif.overlay_from_changes([f"{CAP}=50", f"{CAP}=60@2027-01-01"])


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_overlay_files(tmp_path, suffix):
    data = {ANNUAL: [{"from": "2027-01-01", "value": 30000}], CAP: 50}
    path = tmp_path / f"overlay{suffix}"
    path.write_text(json.dumps(data) if suffix == ".json" else
                    f"{ANNUAL}:\n  - from: 2027-01-01\n    value: 30000\n{CAP}: 50\n", encoding="utf-8")
    overlay = whatif.load_overlay(path)
    assert whatif.overlay_lines(overlay) == [f"{ANNUAL}=30000@2027-01-01", f"{CAP}=50"]
    assert {v.scenario for values in overlay.values() for v in values} == {f"what-if overlay {path.name}"}


@pytest.mark.parametrize("text", ["- just\n- a list\n", "not: [valid", "nope.parameter: 3\n"])
def test_a_bad_overlay_file_is_a_plain_error(tmp_path, text):
    path = tmp_path / "overlay.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyInputError):
        whatif.load_overlay(path)


def test_describe_overlay_shows_registry_and_scenario_values():
    rows = whatif.describe_overlay(whatif.check({CAP: 50, ANNUAL: [{"from": date(2027, 1, 1), "value": 30000}]}), ON)
    assert rows == [{"parameter": f"{policy.describe(CAP).label} ({policy.describe(CAP).label_zh})", "id": CAP,
                     "registry": policy.ref(CAP, ON).text, "scenario": "50 yuan", "from": "always"},
                    {"parameter": f"{policy.describe(ANNUAL).label} ({policy.describe(ANNUAL).label_zh})",
                     "id": ANNUAL, "registry": policy.ref(ANNUAL, date(2027, 1, 1)).text, "scenario": "30,000 yuan",
                     "from": "2027-01-01"}]


# ------------------------------------------------------------------------------------------- comparisons


def _expected_exposure(path: Path, cap_override=None) -> dict[str, int]:
    """The exposure per rule computed independently: order by order with the rule, inside the scenario."""
    from handbook.audit.fake_shipping import audit_fake_shipping

    if cap_override is None:
        return {t.rule: t.compensation for t in audit_fake_shipping(path, rule="both", on=ON, progress=False).totals}
    with policy.scenario({CAP: cap_override}):
        return {t.rule: t.compensation for t in audit_fake_shipping(path, rule="both", on=ON, progress=False).totals}


def test_a_lower_cap_lowers_the_exposure_of_the_sample_export():
    result = whatif.compare_fake_shipping({CAP: 50}, on=ON)
    totals = result.totals().set_index("rule")
    for rule, baseline in _expected_exposure(whatif.SAMPLE_FAKE_SHIPPING).items():
        assert totals.loc[rule, "compensation baseline (yuan)"] == baseline
    for rule, scenario in _expected_exposure(whatif.SAMPLE_FAKE_SHIPPING, 50).items():
        assert totals.loc[rule, "compensation scenario (yuan)"] == scenario
    assert (totals["difference (yuan)"] < 0).all()
    # every product-day listed as changed really changed, and every other one did not
    for rule in result.baseline.rules:
        b, s = result.baseline.exposure(rule), result.scenario.exposure(rule)
        moved = b.loc[b["compensation"].to_numpy() != s["compensation"].to_numpy(), "product_id"].astype(str)
        listed = result.changed.loc[result.changed["rule"] == rule, "product_id"]
        assert sorted(listed) == sorted(moved)


def test_the_registry_value_as_a_scenario_changes_nothing():
    result = whatif.compare_fake_shipping({CAP: policy.get(CAP, on=ON)}, on=ON)
    assert result.changed.empty
    assert (result.totals()["difference (yuan)"] == 0).all()


def test_quota_comparison_lists_exactly_the_orders_that_move():
    result = whatif.compare_quota({ANNUAL: 30000})
    b, s = result.baseline.report, result.scenario.report
    moved = b.loc[b["outcome"] != s["outcome"], "order_id"].tolist()
    assert result.changed["order_id"].tolist() == moved and moved
    assert (result.changed["outcome scenario"] == "clears").all()
    counts = result.counts().set_index("outcome")
    assert counts.loc["clears", "scenario"] - counts.loc["clears", "baseline"] == len(moved)


def test_calculators_and_quizzes_compare_on_the_registry_and_in_the_scenario():
    rows = whatif.compare_calculators({CAP: 50})
    moved = {r.title for r in rows if r.changed}
    unchanged_pages = {r.page for r in rows if not r.changed}
    assert any("fake-shipping" in t.lower() for t in moved)
    assert "02-chargebacks" in unchanged_pages and all(r.page != "02-chargebacks" for r in rows if r.changed)
    quizzes = whatif.compare_quizzes({CAP: 50}, ON)
    assert quizzes and all(q.baseline != q.scenario for q in quizzes)
    assert {q.area for q in quizzes} == {"fake_shipping"}


def test_compare_reports_its_steps():
    seen = []
    result = whatif.compare({CAP: 50}, on=ON, quota_export=None, progress=lambda step, what: seen.append(what))
    assert list(dict.fromkeys(seen)) == [*whatif.STEPS, "done"]
    assert result.quota is None and result.fake_shipping is not None


# ------------------------------------------------------------------------------------------------- CLI


@pytest.fixture(autouse=True)
def _in_a_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a plain audit of a file with rejects writes them to the current folder


def _run(capsys, *argv):
    status = run(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_cli_set_reports_baseline_and_scenario_side_by_side(capsys, tmp_path):
    report = tmp_path / "changes.csv"
    status, out, err = _run(capsys, "audit", "fake-shipping", str(whatif.SAMPLE_FAKE_SHIPPING), "--on", str(ON),
                            "--set", f"{CAP}=50", "--out", str(report))
    plain = run(["audit", "fake-shipping", str(whatif.SAMPLE_FAKE_SHIPPING), "--on", str(ON)])
    capsys.readouterr()
    assert status == plain and "Traceback" not in err  # the sample has rejected rows on purpose: 1 either way
    assert "compensation baseline" in out and "compensation scenario" in out
    expected_b, expected_s = _expected_exposure(whatif.SAMPLE_FAKE_SHIPPING), _expected_exposure(
        whatif.SAMPLE_FAKE_SHIPPING, 50)
    for rule in expected_b:
        line = next(x for x in out.splitlines() if x.strip().startswith(rule))
        assert f"{expected_b[rule]:,} yuan" in line and f"{expected_s[rule]:,} yuan" in line
    written = pd.read_csv(report)
    assert {"compensation baseline (yuan)", "compensation scenario (yuan)"} <= set(written.columns)
    assert len(written) == sum(1 for line in out.splitlines() if " → " in line)


def test_cli_overlay_file(capsys, tmp_path):
    overlay = tmp_path / "what-if.yaml"
    overlay.write_text(f"{ANNUAL}: 30000\n", encoding="utf-8")
    status, out, err = _run(capsys, "audit", "quota", str(whatif.SAMPLE_QUOTA), "--overlay", str(overlay))
    assert status == 0, err
    expected = whatif.compare_quota({ANNUAL: 30000})
    assert f"Orders whose outcome changes: {len(expected.changed)}" in out
    clears = next(x for x in out.splitlines() if x.strip().startswith("clears"))
    assert clears.split()[1:] == [str(expected.baseline.outcomes["clears"]), str(expected.scenario.outcomes["clears"])]


@pytest.mark.parametrize("bad", [f"{CAP}=fifty", "no.such.parameter=1", CAP])
def test_cli_bad_set_is_exit_2_with_the_reason(capsys, bad):
    status, out, err = _run(capsys, "audit", "fake-shipping", str(whatif.SAMPLE_FAKE_SHIPPING), "--set", bad)
    assert status == 2 and out == "" and err.startswith("error: ") and "Traceback" not in err


def test_cli_without_what_if_is_unchanged(capsys):
    status, out, _ = _run(capsys, "audit", "quota", str(whatif.SAMPLE_QUOTA))
    assert status == 0 and "baseline" not in out


# -------------------------------------------------------------------------------------------- workbench


def test_workbench_shows_the_cap_question_with_numbers():
    bench = wb.workbench([f"{CAP}=50"], on=ON)
    assert bench.last_error is None and "hb-calc-workbench" in bench._dom_classes
    text = repr(bench)
    for row in bench.last_result.fake_shipping.totals().to_dict("records"):
        assert f"{row['compensation baseline (yuan)']:,} yuan baseline → {row['compensation scenario (yuan)']:,} yuan scenario" in text


def test_workbench_add_change_and_errors_in_plain_words():
    bench = wb.workbench([f"{CAP}=50"], on=ON)
    c = bench.controls
    c["parameter"].value, c["value"].value, c["start"].value = ANNUAL, "30000", date(2027, 1, 1)
    bench.add_change()
    assert c["changes"].value.splitlines()[-1] == f"{ANNUAL}=30000@2027-01-01"
    c["value"].value = "lots"
    bench.add_change()
    assert "lots" in bench.result.value and "Traceback" not in bench.result.value
    c["changes"].value = f"{CAP}=minus one"
    bench.refresh()
    assert bench.last_result is None and bench.last_error is not None and "hb-error" in bench.result.value
    c["changes"].value = ""
    bench.refresh()
    assert "no change given" in bench.result.value


def test_workbench_loads_an_overlay_file_and_an_uploaded_export():
    from handbook.widgets.audit import upload_value

    bench = wb.workbench([f"{CAP}=50"], on=ON)
    bench.controls["export_kind"].value = "quota"
    bench.controls["export"].value = upload_value("mine.csv", whatif.SAMPLE_QUOTA.read_bytes())
    bench.controls["overlay"].value = upload_value("what-if.yaml", f"{ANNUAL}: 30000\n".encode())
    assert bench.controls["changes"].value == f"{ANNUAL}=30000"
    assert bench.last_result.quota.source == "mine.csv"
    assert len(bench.last_result.quota.changed) == len(whatif.compare_quota({ANNUAL: 30000}).changed)


def test_workbench_progress_bar_appears_when_slow(monkeypatch):
    monkeypatch.setattr(wb, "SHOW_PROGRESS_AFTER", 0.0)
    bench = wb.workbench([f"{CAP}=50"], on=ON)
    shown = []
    bench.progress.layout.observe(lambda change: shown.append(change["new"]), names="visibility")
    bench.refresh()
    assert "visible" in shown and bench.progress.layout.visibility == "hidden"


def test_compensation_rule_agrees_with_the_scenario():
    with policy.scenario({CAP: 50}):
        assert order_compensation("400", on=ON).compensation == Decimal("50")
    assert order_compensation("400", on=ON).compensation == policy.get(CAP, on=ON)


# ------------------------------------------------------------- a scenario with a future start: only from its date

NEW_YEAR = date(2027, 1, 1)
FUTURE_QUOTA = {ANNUAL: [{"from": NEW_YEAR, "value": 30000}]}


@settings(max_examples=40, deadline=None)
@given(start=st.dates(min_value=date(2026, 12, 1), max_value=date(2028, 1, 1)),
       day=st.dates(min_value=date(2026, 11, 1), max_value=date(2028, 3, 1)))
def test_rule_changes_only_on_and_after_the_start(start, day):
    baseline = check_quota("25,000", "2,000", on=day)
    with policy.scenario({ANNUAL: [{"from": start, "value": 30000}]}):
        scenario = check_quota("25,000", "2,000", on=day)
    if day < start:
        assert (scenario.outcome, scenario.annual_limit) == (baseline.outcome, baseline.annual_limit)
    else:
        assert scenario.annual_limit == 30000 and scenario.clears


def test_calculator_built_in_a_future_scenario_changes_only_from_its_date():
    with policy.scenario(FUTURE_QUOTA):
        calc = customs.quota("25,000", "2,000", on=NEW_YEAR - timedelta(days=1))
    registry = policy.get(ANNUAL, on=NEW_YEAR)
    assert calc.last_result.check.annual_limit == registry and not calc.last_result.check.clears
    calc.controls["on"].value = NEW_YEAR  # a later interaction, outside the `with`: still the scenario
    assert calc.last_result.check.annual_limit == 30000 and calc.last_result.check.clears
    calc.controls["on"].value = NEW_YEAR - timedelta(days=1)
    assert calc.last_result.check.annual_limit == registry


def _expected_moves(report: pd.DataFrame, start: date) -> list[str]:
    """Orders that clear only under a 30,000 annual limit from `start`: counted from the report itself."""
    days = pd.to_datetime(report["ordered_on"]).dt.date
    totals = report["spent_this_year"] + report["order_amount"]
    moved = (days >= start) & (report["outcome"] == "annual_limit_exceeded") & (totals <= 30000)
    return report.loc[moved, "order_id"].tolist()


def test_quota_audit_with_a_future_start_moves_only_orders_from_that_date():
    result = whatif.compare_quota(FUTURE_QUOTA)
    assert result.changed["order_id"].tolist() == _expected_moves(result.baseline.report, NEW_YEAR)
    assert len(result.changed) and (pd.to_datetime(result.changed["ordered_on"]).dt.date >= NEW_YEAR).all()
    before = pd.to_datetime(result.baseline.report["ordered_on"]).dt.date < NEW_YEAR
    assert (result.baseline.report.loc[before, "outcome"] == result.scenario.report.loc[before, "outcome"]).all()


def test_workbench_answers_the_future_quota_question_with_numbers():
    bench = wb.workbench([f"{ANNUAL}=30000@{NEW_YEAR}"], on=ON)
    quota = bench.last_result.quota
    assert quota.changed["order_id"].tolist() == _expected_moves(quota.baseline.report, NEW_YEAR)
    b, s = quota.baseline.outcomes["clears"], quota.scenario.outcomes["clears"]
    assert f"Orders that clear: {b:,} baseline → {s:,} scenario; {len(quota.changed)} order(s) change" in repr(bench)
    for order in quota.changed["order_id"]:
        assert order in bench.result.value
    # the calculators and the quiz are evaluated on the as-of date, before the start: nothing moves
    assert not any(r.changed for r in bench.last_result.calculators) and bench.last_result.quizzes == ()


def test_workbench_quiz_answers_move_only_from_the_start():
    bench = wb.workbench([f"{CAP}=50@{NEW_YEAR}"], on=NEW_YEAR - timedelta(days=1))
    assert bench.last_result.quizzes == () and bench.last_result.fake_shipping.changed.empty
    bench.controls["on"].value = NEW_YEAR
    bench.refresh()
    assert {q.area for q in bench.last_result.quizzes} == {"fake_shipping"}
    assert not bench.last_result.fake_shipping.changed.empty
    assert all(q.question in bench.result.value or q.prompt in bench.result.value for q in bench.last_result.quizzes)


def test_cli_future_start_changes_only_orders_from_that_date(capsys):
    status, out, err = _run(capsys, "audit", "quota", str(whatif.SAMPLE_QUOTA), "--set", f"{ANNUAL}=30000@{NEW_YEAR}")
    assert status == 0, err
    moved = [line for line in out.splitlines() if " → " in line]
    expected = _expected_moves(whatif.compare_quota({}).baseline.report, NEW_YEAR)
    assert [next(w for w in line.split() if w.startswith("DDGJ")) for line in moved] == expected
    assert all(date.fromisoformat(line.split()[3]) >= NEW_YEAR for line in moved)


@pytest.mark.parametrize("on, moves", [(NEW_YEAR - timedelta(days=1), False), (NEW_YEAR, True)])
def test_cli_fake_shipping_future_cap_applies_from_its_date(capsys, on, moves):
    status, out, err = _run(capsys, "audit", "fake-shipping", str(whatif.SAMPLE_FAKE_SHIPPING), "--on", str(on),
                            "--set", f"{CAP}=50@{NEW_YEAR}")
    assert "Traceback" not in err
    changed = int(next(x for x in out.splitlines() if x.startswith("Product-days whose exposure changes")).split()[-1])
    assert (changed > 0) == moves
