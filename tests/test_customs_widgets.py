"""Customs calculators and figures: set values as a user would, read the result; check the plot data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from handbook.plots.base import Chart
from handbook.plots.customs import limit_history, limits_over_time, quota_bar, quota_segments
from handbook.rules.customs import check_quota
from handbook.widgets import customs
from handbook.widgets.base import Calculator

TODAY = date(2026, 11, 21)


def result_text(calc: Calculator) -> str:
    return repr(calc)


def test_every_factory_builds_with_no_arguments():
    for name in customs.__all__:
        calc = getattr(customs, name)()
        assert isinstance(calc, Calculator) and calc.name == name
        assert calc.last_error is None and calc.last_result is not None


def test_quota_css_names_for_the_browser_tests():
    calc = customs.quota()
    assert "hb-calc-quota" in calc._dom_classes
    for control in ("spent-this-year", "order-amount", "on"):
        name = control.replace("-", "_")
        assert f"hb-input-{control}" in calc.controls[name]._dom_classes
    assert "hb-result" in calc.result._dom_classes


def test_quota_default_clears_and_shows_remaining_and_tax():
    calc = customs.quota()
    text = result_text(calc)
    assert "Clears customs" in text
    assert "Quota left after this order 6,500 yuan" in text
    assert "Estimated tax 136.50 yuan (9.1% of the order)" in text
    assert calc.last_result.check.outcome == "clears"


@pytest.mark.parametrize("spent, order, outcome, words", [
    ("21,000", "5,000", "clears", "Clears customs"),
    ("21,000", "5000.01", "annual_limit_exceeded", "annual personal quota exceeded"),
    ("24,500", "1500.01", "annual_limit_exceeded", "annual personal quota exceeded"),
    ("0", "5000.01", "single_limit_exceeded", "single-transaction limit exceeded"),
    ("24800", "1500", "annual_limit_exceeded", "annual personal quota exceeded"),
])
def test_typing_an_order_over_the_quota_changes_the_result(spent, order, outcome, words):
    calc = customs.quota()
    before = calc.result.value
    calc.controls["spent_this_year"].value = spent
    calc.controls["order_amount"].value = order
    assert calc.last_result.check.outcome == outcome
    assert words in result_text(calc)
    if outcome != "clears":
        assert calc.result.value != before
        assert "Estimated tax not applicable" in result_text(calc)


def test_the_date_picks_the_limits():
    calc = customs.quota(spent_this_year="17,000", order_amount="2,500")
    assert calc.last_result.check.outcome == "clears"
    calc.controls["on"].value = date(2018, 12, 31)
    assert calc.last_result.check.outcome == "single_limit_exceeded"
    assert "2,000 yuan: over by 500 yuan" in result_text(calc)
    assert "Estimated tax" in result_text(calc)


def test_tax_unavailable_before_the_recorded_vat_rate_but_quota_still_answers():
    calc = customs.quota(spent_this_year="0", order_amount="100", on=date(2018, 6, 1))
    assert calc.last_result.check.clears
    assert "Estimated tax not available" in result_text(calc)


@pytest.mark.parametrize("field, value, message", [
    ("order_amount", "-5", "This order (yuan): “-5” is not accepted (negative)"),
    ("order_amount", "nan", "not a finite number"),
    ("order_amount", "inf", "not a finite number"),
    ("spent_this_year", "twenty", "Spent this year (yuan): “twenty” is not accepted (not a number)"),
    ("spent_this_year", "10000000.01", "at most 10,000,000"),
    ("spent_this_year", "", "Spent this year (yuan): nothing entered"),
    ("spent_this_year", "1,50", "commas must separate thousands"),
    ("on", date(2016, 4, 7), "on or after 2016-04-08"),
    ("on", None, "Date: nothing entered"),
])
def test_bad_input_shows_a_message_not_a_traceback(field, value, message):
    calc = customs.quota()
    calc.controls[field].value = value
    assert message in calc.result.value
    assert "Traceback" not in calc.result.value and calc.last_result is None
    assert calc.explanation.value == ""


def test_recovers_after_bad_input():
    calc = customs.quota()
    calc.controls["order_amount"].value = "abc"
    assert calc.last_error is not None
    calc.controls["order_amount"].value = "100"
    assert calc.last_error is None and "Clears customs" in result_text(calc)


def test_quota_explanation_cites_limits_and_tax_rates():
    calc = customs.quota()
    shown = calc.explanation.value
    assert "pinduoduo_intl.customs.annual_limit" in shown and "pinduoduo_intl.customs.vat_rate" in shown


def test_quota_chart_updates_its_bars_in_place():
    calc = customs.quota()
    figure = calc.chart.figure
    ax = figure.axes[0]
    first_png = calc.chart.image.value
    calc.controls["spent_this_year"].value = "24,800"
    assert figure.axes == [ax]  # same axes, artists updated
    widths = [p.get_width() for p in ax.patches]
    assert widths == [24800.0, 1500.0, 0.0]
    assert calc.chart.image.value != first_png
    assert "over the annual limit" in ax.get_title()


def test_triage_css_and_dropdown_options():
    calc = customs.triage()
    assert "hb-calc-triage" in calc._dom_classes
    assert "hb-input-cause" in calc.controls["cause"]._dom_classes
    values = [v for _, v in calc.controls["cause"].options]
    assert values == ["quota_exceeded", "id_photo_missing", "id_mismatch"]


@pytest.mark.parametrize("cause, present, absent", [
    ("quota_exceeded", ["【店铺管理】–【订单申诉】–【异常订单不发货】", "定制类商品买家未提供定制信息",
                        "我有证据，申请上述订单均不发货", "☑", "☐ (optional)", "不得打码，不得标红"], ["重推支付单问卷"]),
    ("id_photo_missing", ["【店铺管理】–【订单申诉】–【异常订单不发货】", "清关订单号", "☑", "不得打码，不得标红"],
     ["☐ (optional)", "重推支付单问卷"]),
    ("id_mismatch", ["重推支付单问卷", "the night of 2026-11-21", "after 2026-11-22 14:00", "招商 or 运营"],
     ["【异常订单不发货】", "☑"]),
])
def test_triage_card_per_cause(cause, present, absent):
    calc = customs.triage()
    calc.controls["cause"].value = cause
    html = calc.result.value
    for needle in present:
        assert needle in html, needle
    for needle in absent:
        assert needle not in html, needle
    assert calc.last_result.action.cause == cause


def test_triage_follow_up_moves_with_the_submission_time():
    calc = customs.triage(cause="id_mismatch")
    calc.controls["submitted_at"].value = "2026-12-31 23:50"
    assert "after 2027-01-01 14:00" in calc.result.value


@pytest.mark.parametrize("value, message", [
    ("tomorrow", "When you act (YYYY-MM-DD HH:MM): “tomorrow” is not accepted"),
    ("2019-11-01 12:00", "on or after 2019-11-02"),
])
def test_triage_bad_time_shows_a_message(value, message):
    calc = customs.triage()
    calc.controls["submitted_at"].value = value
    assert message in calc.result.value and calc.last_result is None


# ------------------------------------------------------------------------------------------ plots


def test_quota_segments_and_bar_chart():
    check = check_quota("24,800", "1,500", on=TODAY)
    assert quota_segments(check) == (Decimal("24800.00"), Decimal("1500.00"), Decimal("0"))
    chart = quota_bar(check)
    assert isinstance(chart, Chart) and repr(chart) == "<Chart: quota bar: annual_limit_exceeded>"
    ax = chart.figure.axes[0]
    assert [p.get_width() for p in ax.patches] == [24800.0, 1500.0, 0.0]
    assert [p.get_x() for p in ax.patches] == [0.0, 24800.0, 26300.0]
    assert list(ax.lines[0].get_xdata()) == [26000.0, 26000.0]
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert legend == ["Spent this year: 24,800", "This order: 1,500", "Remaining after: 0"]


def test_quota_bar_remaining_when_it_clears():
    chart = quota_bar(check_quota("18,000", "1,500", on=TODAY))
    assert [p.get_width() for p in chart.figure.axes[0].patches] == [18000.0, 1500.0, 6500.0]


@pytest.mark.parametrize("pid, expected", [
    ("pinduoduo_intl.customs.annual_limit",
     [(date(2016, 4, 8), 20000), (date(2019, 1, 1), 26000), (TODAY, 26000)]),
    ("pinduoduo_intl.customs.single_limit",
     [(date(2016, 4, 8), 2000), (date(2019, 1, 1), 5000), (TODAY, 5000)]),
])
def test_limit_history(pid, expected):
    assert limit_history(pid, TODAY) == [(d, Decimal(v)) for d, v in expected]


def test_limit_history_before_2019_and_before_the_start():
    assert limit_history("pinduoduo_intl.customs.annual_limit", date(2018, 6, 1)) == [
        (date(2016, 4, 8), Decimal(20000)), (date(2018, 6, 1), Decimal(20000))]
    from handbook.errors import PolicyInputError

    with pytest.raises(PolicyInputError, match="on or after 2016-04-08"):
        limit_history("pinduoduo_intl.customs.annual_limit", date(2016, 1, 1))


def test_limits_over_time_chart_data_and_labels():
    chart = limits_over_time(TODAY)
    top, bottom = chart.figure.axes
    assert [float(y) for y in top.lines[0].get_ydata()] == [20000.0, 26000.0, 26000.0]
    assert [float(y) for y in bottom.lines[0].get_ydata()] == [2000.0, 5000.0, 5000.0]
    assert top.get_title(loc="left") == "Annual limit"
    texts = [t.get_text() for t in top.texts]
    assert texts == ["20,000 from 2016-04-08", "26,000 from 2019-01-01"]
    assert "2016-04-08 to 2026-11-21" in chart.figure.get_suptitle()
    assert all(ord(c) < 128 for c in chart.figure.get_suptitle())
