"""Fake shipping (虚假发货): per-order compensation and the two day-rule versions, at every boundary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.rules.fake_shipping import (
    RULES,
    compensation,
    day_compensation,
    day_estimate,
    day_verdict,
    order_compensation,
    per_order_yuan,
    whole_day_mask,
)

ON = date(2026, 11, 21)
A, B = "30-orders-30-percent", "10-orders-5-percent"

# --- per order -----------------------------------------------------------------------------------------

PER_ORDER = [
    # paid amount, compensation, band
    ("0", "0", "zero"),
    ("0.00", "0", "zero"),
    ("0.01", "5", "floor"),
    ("19.99", "5", "floor"),
    ("20", "5", "rate"),        # decided: the rate applies from 20 on; both formulas give 5 there
    ("20.01", "5", "rate"),     # 5.0025 → 5
    ("23.99", "5", "rate"),     # 5.9975 → 5
    ("24", "6", "rate"),
    ("24.03", "6", "rate"),
    ("50", "12", "rate"),       # the article's own example: 12.5 → 12
    ("51.99", "12", "rate"),
    ("52", "13", "rate"),
    ("399.99", "99", "rate"),   # 99.9975 → 99
    ("400", "100", "cap"),
    ("400.01", "100", "cap"),
    ("1000", "100", "cap"),
    ("999999999999.99", "100", "cap"),        # the largest amount exposure() also accepts
]


@pytest.mark.decision("fake_shipping.whole_yuan_of_final_figure")
@pytest.mark.parametrize("paid, expected, band", PER_ORDER, ids=[c[0] for c in PER_ORDER])
def test_compensation_table(paid, expected, band):
    assert compensation(paid, on=ON) == Decimal(expected)
    result = order_compensation(paid, on=ON)
    assert result.compensation == Decimal(expected) and result.band == band
    assert result.compensation == result.compensation.to_integral_value()


@pytest.mark.parametrize("paid", [Decimal("50"), 50, 50.0, "50", "50.00"])
def test_compensation_accepts_every_money_type(paid):
    assert compensation(paid, on=ON) == Decimal(12)


@pytest.mark.decision("fake_shipping.rate_from_threshold")
def test_exactly_20_gives_5_under_both_formulas():
    floor = policy.get("pinduoduo.fake_shipping.floor_amount", on=ON)
    rate = policy.get("pinduoduo.fake_shipping.rate", on=ON)
    threshold = policy.get("pinduoduo.fake_shipping.threshold", on=ON)
    assert threshold * rate / 100 == floor == compensation(threshold, on=ON)


def test_explanation_cites_the_figures_and_the_whole_yuan_step():
    why = order_compensation("50", on=ON).explain()
    ids = {p.id for p in why.parameters}
    assert {"pinduoduo.fake_shipping.rate", "pinduoduo.fake_shipping.cap",
            "pinduoduo.fake_shipping.threshold", "pinduoduo.fake_shipping.floor_amount"} <= ids
    assert "12.5 → 12" in str(why) and "12 yuan" in why.summary


def test_cap_step_is_explained():
    assert "cap" in str(order_compensation("1000", on=ON).explain())


BAD_AMOUNTS = [
    (-1, "negative"), ("-0.01", "negative"), ("0.001", "more than 2 decimals"), ("abc", "not a number"),
    (None, "not an amount"), (True, "not an amount"), (float("nan"), "not a finite number"),
    (float("inf"), "not a finite number"), ([50], "a list"), ("1e15", "far too large"),
]


@pytest.mark.parametrize("paid, reason", BAD_AMOUNTS, ids=[repr(c[0]) for c in BAD_AMOUNTS])
def test_compensation_rejects_bad_amounts(paid, reason):
    with pytest.raises(PolicyInputError, match=reason) as info:
        compensation(paid, on=ON)
    assert info.value.field == "paid_amount"


def test_compensation_before_the_source_date_is_a_clear_error():
    with pytest.raises(PolicyInputError, match="first stated in the article of 2023-01-29"):
        compensation("50", on=date(2022, 12, 31))


def test_scenario_moves_the_rule():
    with policy.scenario({"pinduoduo.fake_shipping.cap": 50, "pinduoduo.fake_shipping.rate": "12.5"}):
        assert compensation("100", on=ON) == Decimal(12)      # 12.5 → 12
        assert compensation("1000", on=ON) == Decimal(50)
        assert per_order_yuan(np.array([10000, 100000]), on=ON).tolist() == [12, 50]


amounts = st.decimals(min_value=0, max_value=Decimal("100000"), places=2, allow_nan=False, allow_infinity=False)


@settings(deadline=None)
@given(amounts, amounts)
def test_compensation_never_decreases_with_the_amount(a, b):
    low, high = sorted((a, b))
    assert compensation(low, on=ON) <= compensation(high, on=ON)


@settings(deadline=None)
@given(amounts)
def test_compensation_is_whole_within_0_and_the_cap_and_at_most_the_rate(paid):
    amount = compensation(paid, on=ON)
    assert 0 <= amount <= 100 and amount == amount.to_integral_value()
    if paid >= 20:
        assert amount <= paid * Decimal("0.25") < amount + 1 or amount == 100


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**12), max_size=50))
def test_vectorised_formula_equals_the_scalar_one(fen):
    expected = [int(compensation(Decimal(f) / 100, on=ON)) for f in fen]
    assert per_order_yuan(np.array(fen, dtype=np.int64), on=ON).tolist() == expected


# --- the day verdict -----------------------------------------------------------------------------------

DAY = [
    # rule, detected, shipped, whole_day, restricted
    (A, 30, 100, True, False),    # exactly 30 orders and 30%: both inclusive ("满30单", "30%（含）以上")
    (A, 29, 50, False, False),    # 58% but only 29 orders
    (A, 30, 101, False, False),   # 30 orders but 29.7%
    (A, 31, 103, True, False),    # 30.1%
    (A, 30, 30, True, False),
    (A, 300, 1000, True, False),
    (A, 299, 1000, False, False),
    (A, 0, 0, False, False),
    (A, 20, 100, False, False),   # the calculators' default: differs from rule B
    (B, 11, 100, True, True),     # more than 10 and 11%
    (B, 10, 100, False, False),   # exactly 10 is not "more than 10"
    (B, 11, 220, False, False),   # exactly 5% is not "more than 5%"
    (B, 11, 219, True, True),     # 5.02%
    (B, 12, 240, False, False),
    (B, 12, 239, True, True),
    (B, 11, 11, True, True),
    (B, 0, 0, False, False),
    (B, 20, 100, True, True),
]


@pytest.mark.decision("fake_shipping.no_restriction_first_version")
@pytest.mark.decision("fake_shipping.more_than_is_strict")
@pytest.mark.decision("fake_shipping.reach_is_at_least")
@pytest.mark.parametrize("rule, detected, shipped, whole, restricted", DAY,
                         ids=[f"{c[0]}-{c[1]}of{c[2]}" for c in DAY])
def test_day_verdict_table(rule, detected, shipped, whole, restricted):
    verdict = day_verdict(detected, shipped, rule=rule, on=ON)
    assert verdict.whole_day is whole and verdict.store_restricted is restricted
    assert verdict.orders_counted == (shipped if whole else detected)
    assert verdict.detected_share == (detected / shipped if shipped else 0.0)
    assert ("Whole day" in verdict.explain().summary) is whole
    assert whole_day_mask(np.array([detected]), np.array([shipped]), rule=rule, on=ON).tolist() == [whole]


@pytest.mark.decision("fake_shipping.current_version")
def test_the_default_example_differs_between_rules():
    assert day_verdict(20, 100, rule=A, on=ON).whole_day != day_verdict(20, 100, rule=B, on=ON).whole_day


BAD_DAYS = [
    (dict(detected=5, shipped=4), "detected", "more fake-shipping orders than orders shipped"),
    (dict(detected=-1, shipped=4), "detected", "out of range"),
    (dict(detected=1, shipped=-4), "shipped", "out of range"),
    (dict(detected=1.5, shipped=4), "detected", "has a fraction"),
    (dict(detected=1, shipped=4.0), "shipped", "without decimals"),
    (dict(detected="two", shipped=4), "detected", "not a whole number"),
    (dict(detected=True, shipped=4), "detected", "not a whole number"),
    (dict(detected=None, shipped=4), "detected", "not a whole number"),
]


@pytest.mark.parametrize("kwargs, field, reason", BAD_DAYS, ids=[str(c[0]) for c in BAD_DAYS])
@pytest.mark.parametrize("rule", list(RULES))
def test_day_verdict_rejects_bad_counts(kwargs, field, reason, rule):
    with pytest.raises(PolicyInputError, match=reason) as info:
        day_verdict(**kwargs, rule=rule, on=ON)
    assert info.value.field == field


@pytest.mark.parametrize("rule", ["30-30", "", None, "10-orders-5-percent ", 1])
def test_unknown_rule_lists_the_rules(rule):
    with pytest.raises(PolicyInputError) as info:
        day_verdict(1, 2, rule=rule, on=ON)
    assert info.value.field == "rule"
    assert "'30-orders-30-percent'" in str(info.value) and "'10-orders-5-percent'" in str(info.value)


def test_numpy_and_text_counts_are_accepted():
    assert day_verdict(np.int64(11), "100", rule=B, on=ON).whole_day


counts = st.integers(min_value=0, max_value=5000).flatmap(lambda s: st.tuples(st.integers(0, s), st.just(s)))


@settings(deadline=None)
@given(counts, st.sampled_from(list(RULES)))
def test_verdict_matches_the_plain_statement(pair, rule):
    detected, shipped = pair
    verdict = day_verdict(detected, shipped, rule=rule, on=ON)
    share = Decimal(detected) / Decimal(shipped) * 100 if shipped else Decimal(0)
    if rule == A:
        expected = detected >= 30 and share >= 30
    else:
        expected = detected > 10 and share > 5
    assert verdict.whole_day is expected
    assert verdict.store_restricted is (expected and rule == B)


@settings(deadline=None)
@given(counts, st.sampled_from(list(RULES)))
def test_one_more_detected_order_never_lifts_the_whole_day_verdict(pair, rule):
    detected, shipped = pair
    if detected < shipped:
        before = day_verdict(detected, shipped, rule=rule, on=ON).whole_day
        assert not before or day_verdict(detected + 1, shipped, rule=rule, on=ON).whole_day


# --- one product's day ---------------------------------------------------------------------------------

def test_day_compensation_below_the_thresholds_counts_only_detected_orders():
    result = day_compensation(["50", "19.99", "400", "30"], [True, False, True, False], rule=B, on=ON)
    assert not result.whole_day and result.orders_counted == 2
    assert result.total == Decimal(112) and result.compensations == (12, 0, 100, 0)
    assert "112 yuan" in result.explain().summary


def test_day_compensation_whole_day_counts_every_order():
    paid = ["50"] * 89 + ["10"] * 11
    mask = [False] * 89 + [True] * 11
    result = day_compensation(paid, mask, rule=B, on=ON)
    assert result.whole_day and result.store_restricted and result.orders_counted == 100
    assert result.total == Decimal(89 * 12 + 11 * 5)
    assert day_compensation(paid, mask, rule=A, on=ON).total == Decimal(11 * 5)


@pytest.mark.decision("fake_shipping.nothing_shipped")
def test_day_compensation_empty_day():
    result = day_compensation([], [], rule=A, on=ON)
    assert result.total == 0 and result.orders_counted == 0 and not result.whole_day


BAD_DAY_ORDERS = [
    (["50", "-1"], [True, False], "paid_amounts[1]", "negative"),
    (["50", "1.234"], [True, False], "paid_amounts[1]", "more than 2 decimals"),
    (["50"], [True, False], "detected_mask", "lengths differ"),
    (["50", "5"], [True, 1], "detected_mask[1]", "True or False"),
    (["50", "5"], [True, "yes"], "detected_mask[1]", "True or False"),
    ("50", [True], "paid_amounts", "one entry per order"),
    (50, [True], "paid_amounts", "one entry per order"),
]


@pytest.mark.parametrize("paid, mask, field, reason", BAD_DAY_ORDERS, ids=[c[2] + "-" + c[3] for c in BAD_DAY_ORDERS])
def test_day_compensation_rejects_bad_input(paid, mask, field, reason):
    with pytest.raises(PolicyInputError, match=reason) as info:
        day_compensation(paid, mask, rule=A, on=ON)
    assert info.value.field == field


def test_day_compensation_unknown_rule():
    with pytest.raises(PolicyInputError, match="one of '30-orders-30-percent', '10-orders-5-percent'"):
        day_compensation(["1"], [True], rule="strict", on=ON)


@settings(deadline=None)
@given(st.lists(st.tuples(amounts, st.booleans()), max_size=60), st.sampled_from(list(RULES)))
def test_day_total_is_the_sum_over_counted_orders(orders, rule):
    paid = [p for p, _ in orders]
    mask = [m for _, m in orders]
    result = day_compensation(paid, mask, rule=rule, on=ON)
    counted = [p for p, m in orders if m or result.whole_day]
    assert result.total == sum((compensation(p, on=ON) for p in counted), Decimal(0))
    assert result.orders_counted == len(counted)
    assert 0 <= result.total <= 100 * len(counted)


# --- the day estimate (day calculator) -----------------------------------------------------------------

ESTIMATES = [
    (A, 100, 20, "50", False, 20, 240),
    (B, 100, 20, "50", True, 100, 1200),
    (B, 100, 10, "50", False, 10, 120),
    (A, 100, 30, "19.99", True, 100, 500),
    (A, 0, 0, "50", False, 0, 0),
]


@pytest.mark.parametrize("rule, shipped, detected, average, whole, counted, total", ESTIMATES)
def test_day_estimate_table(rule, shipped, detected, average, whole, counted, total):
    result = day_estimate(shipped, detected, average, rule=rule, on=ON)
    assert result.verdict.whole_day is whole and result.orders_counted == counted
    assert result.total == Decimal(total)
    assert f"{total} yuan" in result.explain().summary


def test_day_estimate_rejects_bad_average():
    with pytest.raises(PolicyInputError, match="average_paid"):
        day_estimate(10, 1, "-5", rule=A, on=ON)
