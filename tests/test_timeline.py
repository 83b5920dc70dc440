"""The policy timeline (06-what-changed), the "as of" line, parameter histories, and the derived usage."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook import areas, policy, timeline, usage
from handbook.errors import PolicyInputError
from handbook.widgets import customs

ANNUAL = "pinduoduo_intl.customs.annual_limit"
SINGLE = "pinduoduo_intl.customs.single_limit"
CHANGE_DAY = policy.describe(ANNUAL).values[1].start  # the day the second annual limit took effect
EVERY_VALUE = [(pid, v) for pid in policy.ids() for v in policy.describe(pid).values]


def test_every_dated_value_appears_once_in_date_order():
    changes = timeline.changes(date(2026, 11, 21))
    assert len(changes) == len(EVERY_VALUE)
    assert {(c.id, c.start) for c in changes} == {(pid, v.start) for pid, v in EVERY_VALUE}
    assert [(c.start, c.id) for c in changes] == sorted((c.start, c.id) for c in changes)


def test_what_a_value_replaced_is_the_value_before_it():
    for change in timeline.changes(date(2026, 11, 21)):
        values = policy.describe(change.id).values
        index = values.index(change.entry)
        assert change.previous == (values[index - 1] if index else None)
        if change.previous is None:
            assert "first recorded value" in change.replaced_text
        else:
            assert change.parameter.format(change.previous.value) in change.replaced_text


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 12, 31)))
def test_status_on_any_day(on):
    """Upcoming exactly when the start is after `on`; at most one value per parameter in force, and it is the
    one the registry gives for that day."""
    in_force: dict[str, list] = {}
    for change in timeline.changes(on):
        assert (change.status == timeline.UPCOMING) == (change.start > on)
        if change.status == timeline.IN_FORCE:
            in_force.setdefault(change.id, []).append(change)
    for pid in policy.ids():
        found = in_force.get(pid, [])
        assert len(found) <= 1
        try:
            expected = policy.ref(pid, on)
        except PolicyInputError:
            assert found == []
        else:
            assert [c.start for c in found] == [expected.effective_from]


def test_a_value_with_a_later_start_is_upcoming_until_its_day():
    eve, day = CHANGE_DAY - timedelta(days=1), CHANGE_DAY
    upcoming = {(c.id, c.start) for c in timeline.upcoming(eve)}
    assert (ANNUAL, CHANGE_DAY) in upcoming and (SINGLE, CHANGE_DAY) in upcoming
    assert (ANNUAL, CHANGE_DAY) not in {(c.id, c.start) for c in timeline.upcoming(day)}
    shown = timeline.upcoming_md(eve)
    assert ANNUAL in shown and policy.describe(ANNUAL).format(policy.get(ANNUAL, on=day)) in shown
    assert "upcoming" in timeline.history_text(ANNUAL, eve)
    assert "upcoming" not in timeline.history_text(ANNUAL, day)


def test_no_upcoming_value_is_said_in_words():
    last = max(v.start for _, v in EVERY_VALUE)
    assert timeline.upcoming(last) == []
    assert "No value with a start after" in timeline.upcoming_md(last)


def test_timeline_page_lists_every_parameter_with_its_source_and_usage():
    text = timeline.timeline_md(date(2026, 11, 21))
    for pid in policy.ids():
        assert f"`{pid}`" in text
    row = next(line for line in text.splitlines() if f"`{ANNUAL}`" in line and str(CHANGE_DAY) in line.split("|")[1])
    assert "财关税〔2018〕49号" in row and "[01-customs-clearance](01-customs-clearance.ipynb)" in row
    assert customs.quota().title in row


def test_parameter_tables_carry_the_history():
    table = policy.table_md(on=date(2026, 11, 21), prefix="pinduoduo_intl.customs")
    assert "| history |" in table.splitlines()[0]
    row = next(line for line in table.splitlines() if line.endswith(f"| {ANNUAL} |"))
    earlier = policy.describe(ANNUAL).values[0]
    assert f"{earlier.start} – {earlier.until}: {policy.describe(ANNUAL).format(earlier.value)}" in row


def test_summary_counts():
    on = date(2026, 11, 21)
    counts = timeline.summary(on)
    assert counts["parameters"] == len(policy.ids())
    assert counts["values"] == len(EVERY_VALUE)
    assert counts["changes"] == sum(1 for pid in policy.ids() for _ in policy.describe(pid).values[1:])
    assert counts["upcoming"] == sum(1 for _, v in EVERY_VALUE if v.start > on)


@pytest.mark.parametrize("slug", [None, *(a.slug for a in areas.AREAS)])
def test_as_of_line(slug, monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", "2027-02-03")
    line = timeline.as_of_line(slug)
    ids = areas.area(slug).parameter_ids() if slug else policy.ids()
    reviewed = max(v.source.read_on for pid in ids for v in policy.describe(pid).values)
    assert line.startswith("*Rules as of **2027-02-03** · sources last reviewed **")
    assert f"**{reviewed.isoformat()}**" in line


# ----------------------------------------------------------------------------------------- usage


def test_every_calculator_on_every_page_is_found():
    found = {(c.page, c.factory) for c in usage.calculators()}
    assert ("01-customs-clearance", "quota") in found and ("02-chargebacks", "deadline") in found
    assert ("04-fake-shipping", "fake_shipping_upload") in found
    pages = {c.page for c in usage.calculators()}
    assert {a.notebook.removesuffix(".ipynb") for a in areas.AREAS} <= pages


def test_a_calculator_reads_every_parameter_its_result_cites():
    import importlib

    for use in usage.calculators():
        widget = getattr(importlib.import_module(use.module), use.factory)()
        result = getattr(widget, "last_result", None)
        explain = getattr(result, "explain", None)
        if explain is None:
            continue
        cited = {p.id for p in explain().parameters}
        assert cited <= use.parameters, f"{use.label}: cites {cited - use.parameters} it was not seen reading"
        assert use.parameters <= set(policy.ids())


def test_pages_that_use_a_parameter():
    assert "01-customs-clearance" in usage.pages_using(ANNUAL)
    assert "02-chargebacks" not in usage.pages_using(ANNUAL)
    assert "04-fake-shipping" in usage.pages_using("pinduoduo.fake_shipping.cap")
    for page in ("06-what-changed", "07-what-if"):
        assert page not in usage.page_parameters()


def test_factory_calls_follow_the_notebooks_imports(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("from handbook.widgets import customs as calc\n"
                                           "from handbook.widgets.audit import fake_shipping_upload as up\n"
                                           "from handbook.widgets import quiz\n"),
                             new_code_cell("calc.quota()\nup()\nquiz.for_area('customs', on=None)\ncalc.quota()")])
    path = tmp_path / "01-x.ipynb"
    nbformat.write(nb, path)
    assert usage.factory_calls(path) == [("handbook.widgets.customs", "quota"),
                                         ("handbook.widgets.audit", "fake_shipping_upload")]


def test_calculators_built_to_read_them_leave_no_widget_behind():
    from ipywidgets.widgets import widget as w

    usage.calculators.cache_clear()
    before = set(w._instances)
    assert usage.calculators()
    assert set(w._instances) == before
