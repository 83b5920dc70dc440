"""The shared calculator shape: recomputes on change, shows errors in plain words."""

from __future__ import annotations

from decimal import Decimal

import ipywidgets as widgets

from handbook import inputs
from handbook.widgets.base import Calculator


def double(amount):
    return inputs.money(amount, "amount") * 2


def make():
    return Calculator(
        title="Double it", name="double",
        controls={"amount": widgets.Text(value="2.50", continuous_update=False)},
        compute=double, render=lambda r: f"<b>{r}</b>", explain=False,
    )


def test_shows_default_result_and_recomputes_on_change():
    calc = make()
    assert calc.result.value == "<b>5.00</b>" and calc.last_result == Decimal("5.00")
    calc.controls["amount"].value = "10"
    assert calc.result.value == "<b>20.00</b>"
    assert "Double it" in repr(calc) and "20.00" in repr(calc)


def test_bad_input_shows_the_message_not_a_traceback():
    calc = make()
    calc.controls["amount"].value = "-3"
    assert "Amount: “-3” is not accepted (negative)" in calc.result.value
    assert "Traceback" not in calc.result.value and calc.last_result is None
    calc.controls["amount"].value = "1"
    assert calc.result.value == "<b>2.00</b>" and calc.last_error is None


def test_css_classes_for_browser_tests():
    calc = make()
    assert "hb-calc-double" in calc._dom_classes
    assert "hb-input-amount" in calc.controls["amount"]._dom_classes
    assert "hb-result" in calc.result._dom_classes
