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


# ------------------------------------------------------------------ amounts as people type them (issue 19)

@pytest.mark.parametrize("typed, expected", [
    ("18000元", "18000"), ("18,000元", "18000"), ("18000 元", "18000"), ("¥87.60", "87.60"), ("￥87.60", "87.60"),
    ("¥ 1,299.50", "1299.50"), ("RMB 8", "8"), ("12 yuan", "12"), ("1.5万", "15000"), ("1.5万元", "15000"),
    ("0.0001万", "1"), ("2万", "20000"), ("１２３", "123"), ("１，２００", "1200"), ("  26,000  ", "26000"),
    ("1,234,567.89", "1234567.89"), ("87.", "87"), (".5", "0.5"), ("1e2", "100"),
])
def test_money_reads_what_people_type(typed, expected):
    assert inputs.money(typed, "order_amount") == Decimal(expected)


@pytest.mark.parametrize("typed, reason", [
    ("1,50", "commas must separate thousands"), ("1,5000", "commas must separate thousands"),
    ("12,34.5", "commas must separate thousands"), ("1.2345678万", "more than 2 decimals"),
    ("万", "not a number"), ("¥", "not a number"), ("元12", "not a number"), ("12 dollars", "not a number"),
    ("1.5千", "not a number"), ("¥-5", "negative"), ("-1.5万", "negative"), ("nan", "not a finite number"),
    ("-inf", "not a finite number"), ("1..5", "not a number"), ("1 000", "not a number"),
])
def test_money_refuses_with_a_reason(typed, reason):
    with pytest.raises(PolicyInputError) as caught:
        inputs.money(typed, "order_amount")
    assert caught.value.reason.startswith(reason)


fen_amounts = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@given(fen_amounts, st.sampled_from(["{:,}", "¥{}", "￥{:,}", "{}元", "{:,}元", "RMB {}", " {} "]))
def test_money_reads_every_written_form_exactly(amount, form):
    assert inputs.money(form.format(amount), "x") == amount


@given(fen_amounts)
def test_money_reads_wan_exactly(amount):
    wan = (amount / 10_000).normalize()
    assert inputs.money(f"{wan:f}万", "x") == amount


@given(st.text(max_size=12))
def test_money_text_either_reads_or_refuses_with_a_policy_input_error(text):
    try:
        amount = inputs.money(text, "x")
    except PolicyInputError as exc:
        assert exc.reason and "Decimal" not in exc.plain() and "NoneType" not in exc.plain()
    else:
        assert amount >= 0 and amount == amount.quantize(Decimal("0.01"))


@pytest.mark.parametrize("typed, expected", [("1,200", 1200), ("１２", 12), (" 7 ", 7), ("+3", 3), (np.int64(4), 4)])
def test_count_reads_separators_and_full_width_digits(typed, expected):
    assert inputs.count(typed, "orders") == expected


@pytest.mark.parametrize("typed, reason", [
    ("2.5", "has a fraction"), (2.5, "has a fraction"), (".5", "has a fraction"), ("1,200.5", "has a fraction"),
    ("2.0", "type it without decimals"), (Decimal("3"), "type it without decimals"), ("two", "not a whole number"),
    ("1,20", "not a whole number"), ("", "not a whole number"),
])
def test_count_never_truncates_a_fraction(typed, reason):
    with pytest.raises(PolicyInputError) as caught:
        inputs.count(typed, "orders")
    assert caught.value.reason.startswith(reason)


@given(st.integers(0, 10**9), st.booleans())
def test_count_reads_every_whole_number_with_or_without_separators(number, separated):
    assert inputs.count(f"{number:,}" if separated else str(number), "orders") == number


@given(st.integers(0, 10**6), st.integers(1, 99))
def test_count_refuses_every_fraction(whole, hundredths):
    with pytest.raises(PolicyInputError, match="has a fraction"):
        inputs.count(f"{whole}.{hundredths:02d}", "orders")


# ------------------------------------------------------------------ plain messages (what a person reads)

@pytest.mark.parametrize("call, label, expected", [
    (lambda: inputs.money(None, "spent_this_year"), None, "Spent this year: nothing entered. Accepted: an amount"),
    (lambda: inputs.money("abc", "spent_this_year"), "Spent (yuan)", "Spent (yuan): “abc” is not accepted (not a number)"),
    (lambda: inputs.money([1, 2], "spent_this_year"), None, "Spent this year: 1, 2 is not accepted (a list, not an amount)"),
    (lambda: inputs.as_date(20261121, "today"), "Today", "Today: 20261121 is not accepted (a number, not a date)"),
    (lambda: inputs.as_date(datetime(2026, 1, 1, 8, 0), "on"), None, "On: 2026-01-01 08:00 is not accepted"),
    (lambda: inputs.count("2.5", "unfinished_trades"), None, "Unfinished trades: “2.5” is not accepted (has a fraction"),
])
def test_plain_messages_name_the_box_show_the_value_as_typed_and_no_code(call, label, expected):
    with pytest.raises(PolicyInputError) as caught:
        call()
    text = caught.value.plain(label)
    assert text.startswith(expected), text
    for code in ("_", "NoneType", "Decimal", "datetime", "int,", "float", "repr", "'"):
        assert code not in text, code
