"""1688 fulfilment calculators and the deposit-refund timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from matplotlib import dates as mdates

from handbook.errors import field_words
from handbook.plots.base import Chart
from handbook.plots.fulfilment import blocked_text, deposit_timeline, timeline_events
from handbook.rules.fulfilment import deposit_refund
from handbook.widgets import fulfilment as w
from handbook.widgets.base import Calculator

TODAY = date(2026, 11, 21)


def refund(closed=True, trades=0, complaints=0, last=date(2026, 11, 20), today=TODAY):
    return deposit_refund(protection_closed=closed, unfinished_trades=trades, open_complaints=complaints,
                          last_trade_finished_on=last, today=today)


@pytest.mark.parametrize("factory, name", [
    (w.deposit_refund, "deposit"),
    (w.anxingou_exit, "anxingou"),
    (w.penalty_appeal, "appeal"),
])
def test_factories_follow_the_conventions(factory, name):
    assert factory.__name__ in w.__all__
    calc = factory()
    assert isinstance(calc, Calculator) and calc.name == name and f"hb-calc-{name}" in calc._dom_classes
    assert calc.last_error is None and calc.last_result is not None


def test_deposit_planner_default_is_a_trade_closed_yesterday():
    calc = w.deposit_refund()
    assert set(calc.controls) == {"protection_closed", "unfinished_trades", "open_complaints",
                                  "last_trade_finished_on", "today"}
    assert "Not eligible yet" in calc.result.value and "2026-12-24" in calc.result.value
    assert calc.chart is not None and bytes(calc.chart.image.value).startswith(b"\x89PNG")


def test_deposit_planner_recomputes_and_lists_blockers():
    calc = w.deposit_refund()
    calc.controls["open_complaints"].value = "2"
    assert calc.last_result.blocker_codes == ("open_complaints", "after_sales_period")
    assert calc.result.value.count("<li>") == 2 and "投诉案件" in calc.result.value
    calc.controls["open_complaints"].value = "0"
    calc.controls["today"].value = date(2026, 12, 24)
    assert "Eligible now" in calc.result.value and calc.last_result.can_transfer_out_now
    calc.controls["last_trade_finished_on"].value = None
    assert calc.last_result.conditions_met_on == date(2026, 12, 24)


@pytest.mark.parametrize("control, value, field", [
    ("unfinished_trades", "-1", "unfinished_trades"),
    ("unfinished_trades", "2.5", "unfinished_trades"),
    ("open_complaints", "-5", "open_complaints"),
    ("today", None, "today"),
    ("today", date(2026, 11, 19), "last_trade_finished_on"),
])
def test_deposit_planner_shows_bad_input_in_plain_words(control, value, field):
    calc = w.deposit_refund()
    calc.controls[control].value = value
    assert calc.last_result is None and calc.last_error.field == field
    assert "hb-error" in calc.result.value and "Traceback" not in calc.result.value
    label = calc.label(field) or field_words(field)
    assert f"{label}:" in calc.result.value and field not in calc.result.value  # the box's label, not the code name


def test_anxingou_calculator():
    calc = w.anxingou_exit()
    assert "2027-03-01" in calc.result.value and "100 days" in calc.result.value
    calc.controls["last_in_transit_trade_completed_on"].value = None
    assert "2026-11-21" in calc.result.value and "at once" in calc.result.value
    calc.controls["last_in_transit_trade_completed_on"].value = date(2026, 11, 1)
    assert calc.last_error is not None and "not in transit" in calc.result.value


def test_appeal_triage():
    calc = w.penalty_appeal()
    assert "Invalid ground" in calc.result.value
    calc.controls["situation"].value = "courier_statement"
    assert "Valid ground" in calc.result.value and calc.last_result.valid
    assert len(calc.controls["situation"].options) == 5


# --- the timeline -------------------------------------------------------------------------------

def test_timeline_events_of_a_trade_closed_yesterday():
    events = timeline_events(refund())
    assert [(e.key, e.on) for e in events] == [
        ("last_trade", date(2026, 11, 20)),
        ("conditions_met", date(2026, 12, 21)),
        ("unfreeze", date(2026, 12, 24)),
    ]


@pytest.mark.parametrize("kwargs, keys, message", [
    ({}, ["last_trade", "conditions_met", "unfreeze"], ""),
    ({"complaints": 1}, ["last_trade"], "open complaint(s)"),
    ({"closed": False, "trades": 2}, ["last_trade"], "buyer protection still on, unfinished trade(s)"),
    ({"last": None}, ["conditions_met", "unfreeze"], ""),
    ({"last": None, "trades": 1}, [], "unfinished trade(s)"),
])
def test_timeline_chart_data(kwargs, keys, message):
    r = refund(**kwargs)
    chart = deposit_timeline(r)
    assert isinstance(chart, Chart) and "0x" not in repr(chart)
    ax = chart.figure.axes[0]
    markers = ax.lines[0]
    events = timeline_events(r)
    assert [e.key for e in events] == keys
    assert list(markers.get_xdata()) == [mdates.date2num(e.on) for e in events]
    today_line = ax.lines[1]
    assert list(today_line.get_xdata()) == [mdates.date2num(TODAY)] * 2
    assert blocked_text(r).endswith(message)
    assert any(t.get_text() == blocked_text(r) and t.get_visible() == bool(message) for t in ax.texts)
    for text in ax.texts:  # English only inside figures
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text.get_text())


def test_after_sales_span_covers_the_period_through_its_last_day():
    r = refund()
    ax = deposit_timeline(r).figure.axes[0]
    span = ax.patches[0]
    assert span.get_visible()
    assert span.get_x() == mdates.date2num(date(2026, 11, 20))
    assert span.get_x() + span.get_width() == mdates.date2num(r.after_sales_ends_on + timedelta(days=1))


def test_widget_reuses_one_figure():
    calc = w.deposit_refund()
    figure = calc.chart.figure
    n_artists = len(figure.axes[0].get_children())
    calc.controls["open_complaints"].value = "1"
    calc.controls["open_complaints"].value = "0"
    assert calc.chart.figure is figure and len(figure.axes[0].get_children()) == n_artists
