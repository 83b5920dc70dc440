"""Input validation: money, counts, dates, datetimes, choices."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook import inputs
from handbook.errors import PolicyInputError


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("50"), Decimal("50.00")),
        (50, Decimal("50.00")),
        (np.int64(7), Decimal("7.00")),
        ("399.99", Decimal("399.99")),
        (" 26,000 ", Decimal("26000.00")),
        (0.1, Decimal("0.10")),  # through str: 0.1 stays 0.1
        (19.99, Decimal("19.99")),
        (0, Decimal("0.00")),
    ],
)
def test_money_accepts(value, expected):
    assert inputs.money(value, "paid_amount") == expected


@pytest.mark.parametrize(
    "value, reason",
    [
        (-5, "negative"),
        (float("nan"), "finite"),
        (math.inf, "finite"),
        (Decimal("NaN"), "finite"),
        ("abc", "not a number"),
        ("", "not a number"),
        (True, "not an amount"),
        (None, "not an amount"),
        ([1], "a list"),
        ("1.005", "more than 2 decimals"),
        ("1e30", "far too large"),
        (10**40, "far too large"),
    ],
)
def test_money_rejects_with_field_value_and_accepted(value, reason):
    with pytest.raises(PolicyInputError) as caught:
        inputs.money(value, "paid_amount")
    message = str(caught.value)
    assert message.startswith("paid_amount:") and reason in message and "Accepted:" in message


def test_money_maximum_is_stated_in_the_error():
    with pytest.raises(PolicyInputError, match="at most 10,000,000"):
        inputs.money(10_000_000.01, "spent", maximum=10_000_000)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_money_round_trips_every_fen_amount(amount):
    assert inputs.money(str(amount), "x") == amount
    assert inputs.money(amount, "x") == amount


@pytest.mark.parametrize("value, expected", [(0, 0), (12, 12), ("30", 30), (np.int32(5), 5)])
def test_count_accepts(value, expected):
    assert inputs.count(value, "detected") == expected


@pytest.mark.parametrize("value", [-1, 2.5, 3.0, "3.5", True, None, "x"])
def test_count_rejects(value):
    with pytest.raises(PolicyInputError, match="detected"):
        inputs.count(value, "detected")


def test_dates():
    assert inputs.as_date("2026-09-30", "notified_on") == date(2026, 9, 30)
    for bad in [datetime(2026, 1, 1), "30/09/2026", 20260930]:
        with pytest.raises(PolicyInputError, match="notified_on"):
            inputs.as_date(bad, "notified_on")


def test_datetimes_are_asia_shanghai():
    naive = inputs.as_datetime(datetime(2026, 11, 11, 20, 0), "at")
    assert naive.utcoffset().total_seconds() == 8 * 3600 and naive.hour == 20
    utc = inputs.as_datetime(datetime(2026, 11, 11, 12, 0, tzinfo=UTC), "at")
    assert utc.hour == 20
    with pytest.raises(PolicyInputError, match="at:"):
        inputs.as_datetime(date(2026, 1, 1), "at")
    with pytest.raises(PolicyInputError, match="representable"):
        inputs.as_datetime(datetime(9999, 12, 31, 23, 0, tzinfo=UTC), "at")


def test_choice_lists_the_options():
    assert inputs.choice("a", "rule", ["a", "b"]) == "a"
    with pytest.raises(PolicyInputError, match="one of 'a', 'b'"):
        inputs.choice("c", "rule", ["a", "b"])


@pytest.mark.parametrize("value", [-0.01, 1.01, "x", math.nan, True])
def test_share_rejects(value):
    with pytest.raises(PolicyInputError, match="card_share"):
        inputs.share(value, "card_share")
