"""Scenarios with effective dates: the overlay format, nesting, marking, calculators, HANDBOOK_PARAMETERS_OVERLAY."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.rules.customs import check_quota
from handbook.widgets.customs import quota

ROOT = Path(__file__).resolve().parent.parent
ANNUAL = "pinduoduo_intl.customs.annual_limit"
SINGLE = "pinduoduo_intl.customs.single_limit"
CUTOFF = "pinduoduo.service.resubmit_cutoff"
FIRST = policy.describe(ANNUAL).values[0].start
DAYS = st.dates(min_value=FIRST, max_value=date(2035, 12, 31))


def dated(*pairs):
    return [{"from": start, "value": value} for start, value in pairs]


@settings(max_examples=60, deadline=None)
@given(start=DAYS, on=DAYS, value=st.integers(min_value=0, max_value=10_000_000))
def test_a_dated_value_changes_only_on_and_after_its_date(start, on, value):
    baseline = policy.get(ANNUAL, on)
    with policy.scenario({ANNUAL: dated((start, value))}):
        got = policy.ref(ANNUAL, on)
    assert got.value == (Decimal(value) if on >= start else baseline)
    assert got.overridden is (on >= start)


@settings(max_examples=40, deadline=None)
@given(start=DAYS, on=DAYS, spent=st.integers(min_value=0, max_value=40_000), amount=st.integers(1, 6000))
def test_a_future_start_moves_rule_results_only_from_its_date(start, on, spent, amount):
    baseline = check_quota(spent, amount, on=on)
    with policy.scenario({ANNUAL: dated((start, 30000))}):
        changed = check_quota(spent, amount, on=on)
    if on < start:
        assert changed == baseline
        assert str(changed.explain()) == str(baseline.explain())
    else:
        assert changed.within_annual is (spent + amount <= 30000)
        assert "what-if scenario" in str(changed.explain())


def test_a_bare_value_means_every_date():
    with policy.scenario({ANNUAL: 1234}):
        for day in (FIRST, date(2019, 1, 1), date(2030, 6, 1)):
            assert policy.get(ANNUAL, day) == 1234
        assert policy.ref(ANNUAL, FIRST).effective_from is None


@pytest.mark.parametrize("start", [date(2027, 1, 1), "2027-01-01"])
def test_dates_may_be_dates_or_iso_text(start):
    before = policy.get(ANNUAL, date(2026, 12, 31))
    with policy.scenario({ANNUAL: [{"from": start, "value": 30000}]}):
        assert policy.get(ANNUAL, date(2027, 1, 1)) == 30000
        assert policy.get(ANNUAL, date(2026, 12, 31)) == before


def test_several_dated_values_each_hold_until_the_next():
    with policy.scenario({ANNUAL: dated((date(2027, 1, 1), 30000), (date(2028, 1, 1), 32000))}):
        assert [policy.get(ANNUAL, d) for d in (date(2026, 12, 31), date(2027, 12, 31), date(2028, 1, 1))] == [
            26000, 30000, 32000]
        history = policy.describe(ANNUAL)
        assert history.values[-3].until == date(2026, 12, 31)  # the registry's value, cut where the scenario starts
        assert [v.value for v in history.values[-2:]] == [30000, 32000]


def test_scenarios_nest_and_the_inner_one_wins_from_its_dates():
    outer, inner = date(2027, 1, 1), date(2028, 1, 1)
    with policy.scenario({ANNUAL: dated((outer, 30000))}):
        with policy.scenario({ANNUAL: dated((inner, 40000)), SINGLE: 6000}):
            assert policy.get(ANNUAL, date(2026, 6, 1)) == 26000
            assert policy.get(ANNUAL, date(2027, 6, 1)) == 30000
            assert policy.get(ANNUAL, date(2028, 6, 1)) == 40000
            assert policy.get(SINGLE, date(2026, 6, 1)) == 6000
        assert policy.get(ANNUAL, date(2028, 6, 1)) == 30000
        assert policy.get(SINGLE, date(2026, 6, 1)) == 5000
    assert policy.get(ANNUAL, date(2028, 6, 1)) == 26000


def test_a_scenario_is_undone_when_an_exception_escapes():
    with pytest.raises(RuntimeError), policy.scenario({ANNUAL: dated((date(2020, 1, 1), 1))}):
        assert policy.get(ANNUAL, date(2021, 1, 1)) == 1
        raise RuntimeError("boom")
    assert policy.get(ANNUAL, date(2021, 1, 1)) == 26000
    assert policy.active_scenarios() == ()


def test_scenario_values_are_marked_in_explain_describe_and_table():
    on = date(2027, 3, 1)
    with policy.scenario({ANNUAL: dated((date(2027, 1, 1), 30000))}):
        explanation = check_quota(0, 100, on=on).explain()
        cited = {p.id: p for p in explanation.parameters}
        assert cited[ANNUAL].overridden and not cited[SINGLE].overridden
        assert "30,000 yuan [pinduoduo_intl.customs.annual_limit; what-if scenario, from 2027-01-01 (not in force)]" \
            in str(explanation)
        assert "what-if scenario" in explanation._repr_markdown_() and "what-if scenario" in explanation.to_html()
        assert "| 2027-01-01 |  | 30,000 yuan | what-if scenario (not in force) | |" \
            in policy.describe(ANNUAL)._repr_markdown_()
        rows = policy.table(on=on).set_index("id")
        assert rows.loc[ANNUAL, "source"] == "what-if scenario, from 2027-01-01 (not in force)"
        assert "what-if" not in rows.loc[SINGLE, "source"]
        before = policy.table(on=date(2026, 12, 31)).set_index("id")
        assert "what-if" not in before.loc[ANNUAL, "source"]


CASES = [
    ({"no.such.parameter": 1}, "parameter id", "no.such.parameter"),
    ({ANNUAL: "lots"}, ANNUAL, "lots"),
    ({ANNUAL: -1}, ANNUAL, -1),
    ({ANNUAL: [{"from": "2027-13-01", "value": 1}]}, f"{ANNUAL}[0].from", "2027-13-01"),
    ({ANNUAL: [{"from": "soon", "value": 1}]}, f"{ANNUAL}[0].from", "soon"),
    ({ANNUAL: [{"from": "2027-01-01", "value": "x"}]}, f"{ANNUAL}[0].value", "x"),
    ({ANNUAL: [{"from": "2027-01-01"}]}, f"{ANNUAL}[0]", {"from": "2027-01-01"}),
    ({ANNUAL: [{"from": "2027-01-01", "value": 1, "until": "2028-01-01"}]}, f"{ANNUAL}[0]", None),
    ({ANNUAL: dated(("2028-01-01", 1), ("2027-01-01", 2))}, f"{ANNUAL}[1].from", date(2027, 1, 1)),
    ({ANNUAL: dated(("2027-01-01", 1), ("2027-01-01", 2))}, f"{ANNUAL}[1].from", date(2027, 1, 1)),
    ({CUTOFF: 2000}, CUTOFF, 2000),
    ({CUTOFF: [{"from": "2027-01-01", "value": "25:00"}]}, f"{CUTOFF}[0].value", "25:00"),
    ({"aliexpress.chargeback.response_working_days": 2.5}, "aliexpress.chargeback.response_working_days", 2.5),
    ([ANNUAL, 1], "overlay", [ANNUAL, 1]),
]


@pytest.mark.parametrize(("overlay", "field", "value"), CASES)
def test_bad_overlays_are_refused_naming_id_entry_and_value(overlay, field, value):
    with pytest.raises(PolicyInputError) as caught:
        with policy.scenario(overlay):
            pass  # pragma: no cover
    assert caught.value.field == field
    if value is not None:
        assert caught.value.value == value
    assert policy.active_scenarios() == ()


def test_an_overlay_file_names_the_file_in_its_errors(tmp_path):
    good = tmp_path / "quota.yaml"
    good.write_text(f"{ANNUAL}:\n  - {{from: 2027-01-01, value: 30000}}\n{SINGLE}: 6000\n", encoding="utf-8")
    with policy.scenario(good):
        assert (policy.get(ANNUAL, date(2027, 1, 1)), policy.get(SINGLE, date(2020, 1, 1))) == (30000, 6000)
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"{ANNUAL}:\n  - {{from: 2027-01-01, value: many}}\n", encoding="utf-8")
    with pytest.raises(PolicyInputError) as caught:
        policy.load_overlay(bad)
    assert caught.value.field == f"bad.yaml: {ANNUAL}[0].value" and caught.value.value == "many"
    twice = tmp_path / "twice.yaml"
    twice.write_text(f"{ANNUAL}: 1\n{ANNUAL}: 2\n", encoding="utf-8")
    with pytest.raises(PolicyInputError, match="duplicate key"):
        policy.load_overlay(twice)
    with pytest.raises(PolicyInputError, match="readable"):
        policy.load_overlay(tmp_path / "missing.yaml")


def test_a_calculator_built_inside_a_scenario_keeps_it_for_every_later_input():
    on = date(2027, 3, 1)
    with policy.scenario({ANNUAL: dated((date(2027, 1, 1), 30000))}):
        calc = quota(spent_this_year="20,000", order_amount="1,000", on=on)
    assert calc.last_result.check.annual_limit == 30000
    calc.controls["order_amount"].value = "9,000"      # after the with block, as a widget callback would
    assert calc.last_result.check.annual_limit == 30000 and calc.last_result.check.within_annual
    calc.controls["on"].value = date(2026, 12, 31)     # before the scenario's date: the registry's value
    assert calc.last_result.check.annual_limit == 26000
    plain = quota(spent_this_year="20,000", order_amount="9,000", on=on)
    assert plain.last_result.check.annual_limit == 26000
    with policy.scenario({ANNUAL: 1}):                 # a calculator built outside keeps the registry
        plain.controls["order_amount"].value = "9,001"
    assert plain.last_result.check.annual_limit == 26000


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "HANDBOOK_PARAMETERS_OVERLAY"}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, env={**environ, **env}, timeout=120)


def test_the_environment_overlay_is_seen_by_a_fresh_process(tmp_path):
    overlay = tmp_path / "drill.yaml"
    overlay.write_text(f"{ANNUAL}:\n  - {{from: 2026-01-01, value: 30000}}\n", encoding="utf-8")
    written = overlay.read_bytes()
    code = f"""
        from datetime import date
        from handbook import policy
        print(policy.get({ANNUAL!r}, date(2025, 12, 31)), policy.get({ANNUAL!r}, date(2026, 11, 21)))
        print(policy.ref({ANNUAL!r}, date(2026, 11, 21)).citation())
        with policy.scenario({{{ANNUAL!r}: [{{"from": "2027-01-01", "value": 31000}}]}}):
            print(policy.get({ANNUAL!r}, date(2026, 11, 21)), policy.get({ANNUAL!r}, date(2027, 1, 1)))
    """
    done = _run(code, HANDBOOK_PARAMETERS_OVERLAY=str(overlay))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "26000 30000", "what-if scenario (drill.yaml), from 2026-01-01 (not in force)", "30000 31000"]
    unset = _run(f"from handbook import policy; from datetime import date; print(policy.get({ANNUAL!r}, date(2026, 11, 21)))")
    assert unset.stdout.strip() == "26000"
    assert overlay.read_bytes() == written


def test_a_bad_environment_overlay_fails_loudly_naming_the_file(tmp_path):
    overlay = tmp_path / "typo.yaml"
    overlay.write_text("pinduoduo_intl.customs.annual_limt: 30000\n", encoding="utf-8")
    done = _run("from handbook import policy; policy.get('pinduoduo_intl.customs.annual_limit')",
                HANDBOOK_PARAMETERS_OVERLAY=str(overlay))
    assert done.returncode != 0
    assert "typo.yaml: parameter id: 'pinduoduo_intl.customs.annual_limt' is not accepted" in done.stderr


def test_overlays_never_touch_the_parameter_files():
    files = sorted(policy.PARAMETERS_DIR.glob("*.yaml"))
    before = [f.read_bytes() for f in files]
    with policy.scenario({ANNUAL: dated((date(2027, 1, 1), 30000))}):
        policy.table(on=date(2027, 1, 1) + timedelta(days=1))
    assert [f.read_bytes() for f in files] == before
