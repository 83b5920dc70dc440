"""The fake-shipping and customer-service calculators and figures, driven as a user would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from handbook.palette import COLORS
from handbook.plots.fake_shipping import compensation_curve, curve_data, verdict_grid, verdict_heatmap
from handbook.rules.fake_shipping import RULE_NAMES, compensation, day_verdict
from handbook.widgets import fake_shipping as w

ON = date(2026, 11, 21)


def test_factories_are_listed_and_callable_without_arguments():
    names = set()
    for factory in w.__all__:
        calc = getattr(w, factory)()
        names.add(calc.name)
        assert calc.last_error is None and calc.last_result is not None
    assert names == {"compensation", "day", "service"}


@pytest.mark.parametrize("typed, shown", [("50", "12 yuan"), ("19.99", "5 yuan"), ("399.99", "99 yuan"),
                                          ("1,000", "100 yuan"), ("0", "0 yuan")])
def test_compensation_calculator(typed, shown):
    calc = w.compensation(on=ON)
    calc.controls["paid_amount"].value = typed
    assert f"<b>{shown}</b>" in calc.result.value
    assert calc.last_result.compensation == compensation(typed, on=ON)
    assert "Why?" in calc.explanation.value
    assert bytes(calc.chart.image.value)[:4] == b"\x89PNG"


def test_compensation_calculator_default_and_css():
    calc = w.compensation()
    assert calc.controls["paid_amount"].value == "50" and "<b>12 yuan</b>" in calc.result.value
    assert "hb-calc-compensation" in calc._dom_classes
    assert "hb-input-paid-amount" in calc.controls["paid_amount"]._dom_classes


@pytest.mark.parametrize("typed, message", [("-5", "negative"), ("abc", "not a number"), ("1.005", "more than 2 decimals")])
def test_compensation_calculator_shows_errors(typed, message):
    calc = w.compensation(on=ON)
    calc.controls["paid_amount"].value = typed
    assert "Paid amount 实收金额 (yuan):" in calc.result.value and message in calc.result.value
    assert "paid_amount" not in calc.result.value and "Traceback" not in calc.result.value


def test_day_calculator_default_rules_disagree_and_switching_changes_the_verdict():
    calc = w.day_compensation(on=ON)
    assert list(calc.controls) == ["shipped", "detected", "rule", "average_paid"]
    assert list(calc.controls["rule"].options) == list(RULE_NAMES)
    first = calc.result.value
    assert "only the 20 detected orders count" in first and "240 yuan" in first
    calc.controls["rule"].value = "10-orders-5-percent"
    second = calc.result.value
    assert second != first and "WHOLE DAY: all 100 orders" in second and "store restricted" in second
    assert "1,200 yuan" in first and "1,200 yuan" in second          # both rules side by side, always
    assert "they disagree" in second
    assert calc.last_result.differ


@pytest.mark.parametrize("shipped, detected", [(100, 20), (100, 30), (220, 11), (219, 11), (10, 0)])
@pytest.mark.parametrize("rule", RULE_NAMES)
def test_day_calculator_matches_the_rule(shipped, detected, rule):
    calc = w.day_compensation(on=ON)
    calc.controls["rule"].value = rule
    calc.controls["shipped"].value = f"{shipped:,}"
    calc.controls["detected"].value = str(detected)
    verdict = day_verdict(detected, shipped, rule=rule, on=ON)
    assert calc.last_result.selected.verdict == verdict
    assert calc.last_result.selected.total == verdict.orders_counted * compensation("50", on=ON)


@pytest.mark.parametrize("control, value, message", [("detected", "101", "more fake-shipping orders"),
                                                     ("shipped", "-1", "out of range"),
                                                     ("shipped", "2.5", "has a fraction"),
                                                     ("average_paid", "x", "not a number")])
def test_day_calculator_shows_errors(control, value, message):
    calc = w.day_compensation(on=ON)
    calc.controls[control].value = value
    assert message in calc.result.value and "hb-error" in calc.result.value


@pytest.mark.parametrize("clock, expected", [
    ("19:15", ["Phone 人工客服热线 400-8822528 / 021-53395288: <b style='color:" + COLORS["ok"] + "'>open", "45 min</b> left"]),
    ("20:00", ["closed</b>, opens Sun 2026-11-22 09:00", "same-day window closed"]),
    ("08:00", ["Online customer service 在线客服: <b style='color:" + COLORS["bad"] + "'>closed</b>, opens Sat 2026-11-21 09:00",
               "12 h 00 min</b> left"]),
])
def test_service_calculator(clock, expected):
    calc = w.service_hours()
    calc.controls["time"].value = clock
    for text in expected:
        assert text in calc.result.value


@pytest.mark.parametrize("clock", ["7pm", "24:00", "19:60", ""])
def test_service_calculator_rejects_bad_times(clock):
    calc = w.service_hours()
    calc.controls["time"].value = clock
    assert "Time (HH:MM, Shanghai):" in calc.result.value and "HH:MM" in calc.result.value


def test_curve_data_is_the_rule():
    x, y = curve_data(ON, upto=500)
    assert x[0] == 0 and x[-1] == 500 and len(x) == 50001
    for paid in ("0.01", "19.99", "20", "50", "399.99", "400", "500"):
        index = int(Decimal(paid) * 100)
        assert y[index] == compensation(paid, on=ON)
    assert np.all(np.diff(y) >= 0) and y.max() == 100


def test_compensation_curve_chart():
    chart = compensation_curve(ON, paid="50")
    ax = chart.figure.axes[0]
    assert ax.get_xlabel() == "paid amount (yuan)" and ax.get_xlim() == (0, 500)
    marker = [line for line in ax.lines if line.get_marker() == "o"][0]
    assert list(marker.get_xdata()) == [50.0] and list(marker.get_ydata()) == [12.0]
    assert repr(chart) == "<Chart: compensation per order, 0-500 yuan>"


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_verdict_grid_is_the_rule(rule):
    grid = verdict_grid(rule, ON, max_shipped=250, max_detected=60)
    assert grid.shape == (61, 251)
    assert np.isnan(grid[5, 4]) and not np.isnan(grid[4, 5])
    for detected, shipped in [(30, 100), (29, 50), (11, 219), (11, 220), (20, 100), (0, 0)]:
        assert grid[detected, shipped] == float(day_verdict(detected, shipped, rule=rule, on=ON).whole_day)


def test_verdict_heatmap_has_one_panel_per_rule():
    chart = verdict_heatmap(ON)
    titles = [ax.get_title() for ax in chart.figure.axes]
    assert titles == [f"rule '{r}'" for r in RULE_NAMES]
