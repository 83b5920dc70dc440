"""`exposure` over an order export: the same answers as `day_compensation` per group, and clear errors."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.errors import PolicyInputError
from handbook.rules.fake_shipping import (
    OUTPUT_COLUMNS,
    RULES,
    OrderExportError,
    day_compensation,
    exposure,
)

ON = date(2026, 11, 21)
A, B = "30-orders-30-percent", "10-orders-5-percent"
DTYPES = {"shipped_on": "datetime64[s]", "shipped": "int64", "detected": "int64", "detected_share": "float64",
          "whole_day": "bool", "orders_counted": "int64", "compensation": "int64", "store_restricted": "bool"}


def small() -> pd.DataFrame:
    return pd.DataFrame({
        "order_id": ["o1", "o2", "o3", "o4", "o5"],
        "product_id": ["p2", "p1", "p1", "p1", "p2"],
        "shipped_on": [date(2026, 11, 2), date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 2)],
        "paid_amount": ["50", "19.99", "400", "0", "24"],
        "flagged": [True, False, True, True, False],
    })


def test_small_export():
    result = exposure(small(), rule=A, on=ON)
    assert list(result.columns) == list(OUTPUT_COLUMNS)
    assert {c: str(t) for c, t in result.dtypes.items() if c != "product_id"} == DTYPES
    assert result[["product_id", "shipped", "detected", "orders_counted", "compensation"]].values.tolist() == [
        ["p1", 2, 1, 1, 100], ["p1", 1, 1, 1, 0], ["p2", 2, 1, 1, 12]]
    assert result["shipped_on"].dt.date.tolist() == [date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 2)]
    assert not result["whole_day"].any() and not result["store_restricted"].any()
    assert result["detected_share"].tolist() == [0.5, 1.0, 0.5]
    assert "112 yuan in all" in result.attrs["explanation"].summary


def test_whole_day_and_restriction_follow_the_rule():
    n = 100
    orders = pd.DataFrame({"order_id": range(n), "product_id": 7, "shipped_on": "2026-11-20",
                           "paid_amount": 50.0, "flagged": [i < 20 for i in range(n)]})
    a, b = exposure(orders, rule=A, on=ON), exposure(orders, rule=B, on=ON)
    assert a[["whole_day", "orders_counted", "compensation", "store_restricted"]].values.tolist() == [[False, 20, 240, False]]
    assert b[["whole_day", "orders_counted", "compensation", "store_restricted"]].values.tolist() == [[True, 100, 1200, True]]


def test_empty_export_keeps_columns_and_dtypes():
    result = exposure(small().iloc[:0], rule=B, on=ON)
    assert len(result) == 0 and list(result.columns) == list(OUTPUT_COLUMNS)
    assert {c: str(t) for c, t in result.dtypes.items() if c != "product_id"} == DTYPES


@pytest.mark.parametrize("paid", [
    [50, 19, 400, 0, 24],                                   # int64 yuan
    [50.0, 19.99, 400.0, 0.0, 24.0],                        # float64 yuan
    ["50", "19.99", "400", "0", "24.00"],                   # text
    [Decimal("50"), Decimal("19.99"), Decimal("400"), Decimal("0"), Decimal("24")],
    pd.array([50, 19, 400, 0, 24], dtype="Int64"),
    [50, "19.99", Decimal("400"), 0.0, 24],                 # mixed types: the slow, exact path
])
def test_paid_amount_types(paid):
    frame = small().assign(paid_amount=paid)
    result = exposure(frame, rule=A, on=ON)
    assert result["compensation"].tolist() == [100, 0, 12]


@pytest.mark.parametrize("dates", [
    pd.to_datetime(["2026-11-02", "2026-11-01", "2026-11-01", "2026-11-02", "2026-11-02"]),
    ["2026-11-02", "2026-11-01", "2026-11-01", "2026-11-02", "2026-11-02"],
    pd.array(["2026-11-02", "2026-11-01", "2026-11-01", "2026-11-02", "2026-11-02"], dtype="datetime64[ms]"),
])
def test_shipped_on_types(dates):
    result = exposure(small().assign(shipped_on=dates), rule=A, on=ON)
    assert result["shipped_on"].dt.date.tolist() == [date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 2)]


def test_integer_product_ids_sparse_and_dense_give_the_same_groups():
    frame = small()
    dense = exposure(frame.assign(product_id=[2, 1, 1, 1, 2]), rule=A, on=ON)
    sparse = exposure(frame.assign(product_id=[2 * 10**15, 1, 1, 1, 2 * 10**15]), rule=A, on=ON)
    assert dense.drop(columns="product_id").equals(sparse.drop(columns="product_id"))
    assert sparse["product_id"].tolist() == [1, 1, 2 * 10**15]


def test_extra_columns_are_ignored_and_input_is_untouched():
    frame = small().assign(note="x")
    before = frame.copy()
    exposure(frame, rule=A, on=ON)
    pd.testing.assert_frame_equal(frame, before)


def bad(column, values):
    return small().assign(**{column: values})


BAD = [
    ("missing column", small().drop(columns=["shipped_on"]), "shipped_on", "missing column shipped_on", ()),
    ("two missing", small().drop(columns=["paid_amount", "flagged"]), "paid_amount", "missing columns paid_amount, flagged", ()),
    ("duplicate id", bad("order_id", ["o1", "o2", "o1", "o4", "o2"]), "order_id", "duplicated order id in rows 1, 2, 3, 5", (0, 1, 2, 4)),
    ("duplicate int id", bad("order_id", [5, 4, 3, 2, 5]), "order_id", "duplicated order id in rows 1, 5", (0, 4)),
    ("empty id", bad("order_id", ["o1", None, "o3", "o4", "o5"]), "order_id", "empty value in row 2", (1,)),
    ("empty product", bad("product_id", ["p", "p", None, "p", "p"]), "product_id", "empty value in row 3", (2,)),
    ("not a date", bad("shipped_on", ["2026-11-02", "2026-11-01", "yesterday", "2026-13-01", "2026-11-02"]),
     "shipped_on", "not a date in rows 3, 4", (2, 3)),
    ("a datetime object", bad("shipped_on", [date(2026, 11, 2)] * 4 + [datetime(2026, 11, 2, 8)]), "shipped_on", "not a date in row 5", (4,)),
    ("time of day", bad("shipped_on", pd.to_datetime(["2026-11-02 00:00"] * 4 + ["2026-11-02 08:00"])), "shipped_on", "a time of day", (4,)),
    ("numbers as dates", bad("shipped_on", [1, 2, 3, 4, 5]), "shipped_on", "not a date in rows 1, 2, 3, 4, 5", (0, 1, 2, 3, 4)),
    ("time zone", bad("shipped_on", pd.to_datetime(["2026-11-02"] * 5).tz_localize("Asia/Shanghai")), "shipped_on", "time zone", (0, 1, 2, 3, 4)),
    ("empty date", bad("shipped_on", [date(2026, 11, 2), None, date(2026, 11, 2), None, date(2026, 11, 2)]), "shipped_on", "empty value in rows 2, 4", (1, 3)),
    ("negative amount", bad("paid_amount", [50.0, -0.01, 3.0, -7.0, 1.0]), "paid_amount", "negative amount in rows 2, 4", (1, 3)),
    ("negative int", bad("paid_amount", [50, 1, 3, -7, 1]), "paid_amount", "negative amount in row 4", (3,)),
    ("negative text", bad("paid_amount", ["50", "1", "-3", "7", "1"]), "paid_amount", "negative in row 3", (2,)),
    ("sub-fen float", bad("paid_amount", [50.0, 1.005, 3.0, 7.0, 1.0]), "paid_amount", "more than 2 decimals", (1,)),
    ("sub-fen text", bad("paid_amount", ["50", "1", "3", "7.001", "1"]), "paid_amount", "more than 2 decimals", (3,)),
    ("text amount", bad("paid_amount", ["50", "1", "three", "7", "1"]), "paid_amount", "not a number in row 3", (2,)),
    ("NaN amount", bad("paid_amount", [50.0, np.nan, 3.0, 7.0, 1.0]), "paid_amount", "empty value in row 2", (1,)),
    ("infinite amount", bad("paid_amount", [50.0, np.inf, 3.0, 7.0, 1.0]), "paid_amount", "not a finite amount", (1,)),
    ("bool amount", bad("paid_amount", [True, False, True, True, True]), "paid_amount", "True/False", (0, 1, 2, 3, 4)),
    ("flag as number", bad("flagged", [True, 0, True, 1, False]), "flagged", "not True/False in rows 2, 4", (1, 3)),
    ("flag as text", bad("flagged", ["yes", "no", "yes", "no", "no"]), "flagged", "not True/False", (0, 1, 2, 3, 4)),
    ("empty flag", bad("flagged", pd.array([True, None, True, False, False], dtype="boolean")), "flagged", "empty value in row 2", (1,)),
]


@pytest.mark.parametrize("case, frame, column, reason, rows", BAD, ids=[c[0] for c in BAD])
def test_bad_exports_name_column_and_rows(case, frame, column, reason, rows):
    with pytest.raises(PolicyInputError, match=reason) as info:
        exposure(frame, rule=A, on=ON)
    assert column in str(info.value)
    if rows:
        assert isinstance(info.value, OrderExportError)
        assert info.value.column == column and info.value.rows == rows[:5]
        assert "row 1 = the first data row" in str(info.value)


def test_many_bad_rows_show_the_first_five_and_a_count():
    frame = pd.DataFrame({"order_id": range(12), "product_id": 1, "shipped_on": "2026-11-01",
                          "paid_amount": [-1.0] * 12, "flagged": False})
    with pytest.raises(OrderExportError, match=r"rows 1, 2, 3, 4, 5 and 7 more") as info:
        exposure(frame, rule=A, on=ON)
    assert info.value.count == 12 and info.value.rows == (0, 1, 2, 3, 4)


@pytest.mark.parametrize("orders", [None, [{"order_id": 1}], "orders.csv"])
def test_not_a_dataframe(orders):
    with pytest.raises(PolicyInputError, match="a pandas DataFrame"):
        exposure(orders, rule=A, on=ON)


def test_unknown_rule_lists_the_rules():
    with pytest.raises(PolicyInputError, match="'30-orders-30-percent', '10-orders-5-percent'"):
        exposure(small(), rule="lenient", on=ON)


# --- exposure equals day_compensation, group by group, on random data ----------------------------------

@st.composite
def exports(draw):
    n = draw(st.integers(min_value=0, max_value=400))
    products = draw(st.integers(min_value=1, max_value=4))
    days = draw(st.integers(min_value=1, max_value=3))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    rng = np.random.default_rng(seed)
    fen = rng.choice([0, 1, 1999, 2000, 2001, 2399, 2400, 5000, 39999, 40000, 10**9], size=n)
    fen = np.where(rng.random(n) < 0.5, fen, rng.integers(0, 60000, n))
    share = draw(st.sampled_from([0.0, 0.05, 0.06, 0.3, 0.31, 0.6, 1.0]))
    return pd.DataFrame({
        "order_id": rng.permutation(n) * 7 + 3,
        "product_id": rng.integers(0, products, n),
        "shipped_on": (np.datetime64("2026-11-01") + rng.integers(0, days, n)).astype("datetime64[s]"),
        "paid_amount": fen / 100,
        "flagged": rng.random(n) < share,
    })


@settings(max_examples=150, deadline=None)
@given(exports(), st.sampled_from(list(RULES)))
def test_exposure_equals_day_compensation_per_group(orders, rule):
    result = exposure(orders, rule=rule, on=ON)
    assert result["shipped"].sum() == len(orders)
    groups = list(orders.groupby(["product_id", "shipped_on"], sort=True))
    assert len(groups) == len(result)
    for (key, group), row in zip(groups, result.itertuples(index=False)):
        assert (row.product_id, row.shipped_on) == key
        day = day_compensation(group["paid_amount"].tolist(), group["flagged"].tolist(), rule=rule, on=ON)
        v = day.verdict
        assert (row.shipped, row.detected, row.whole_day, row.orders_counted, row.store_restricted) == (
            v.shipped, v.detected, v.whole_day, v.orders_counted, v.store_restricted)
        assert row.detected_share == v.detected_share
        assert Decimal(int(row.compensation)) == day.total


@settings(max_examples=40, deadline=None)
@given(exports())
def test_exposure_is_the_same_for_text_and_date_object_inputs(orders):
    as_text = orders.assign(paid_amount=orders["paid_amount"].map(lambda v: f"{v:.2f}"),
                            shipped_on=orders["shipped_on"].dt.date,
                            product_id=orders["product_id"].map(lambda p: f"P{p}"),
                            order_id=orders["order_id"].astype(str))
    a, b = exposure(orders, rule=B, on=ON), exposure(as_text, rule=B, on=ON)
    pd.testing.assert_frame_equal(a.drop(columns="product_id"), b.drop(columns="product_id"))


def per_group(orders: pd.DataFrame, rule: str) -> list[tuple]:
    rows = []
    for (product, day), group in orders.groupby(["product_id", "shipped_on"], sort=True):
        result = day_compensation(group["paid_amount"].tolist(), group["flagged"].tolist(), rule=rule, on=ON)
        rows.append((product, day, result.verdict.shipped, result.verdict.detected, result.whole_day,
                     result.orders_counted, int(result.total), result.store_restricted))
    return rows


def as_rows(result: pd.DataFrame) -> list[tuple]:
    return list(result[["product_id", "shipped_on", "shipped", "detected", "whole_day", "orders_counted",
                        "compensation", "store_restricted"]].itertuples(index=False, name=None))


@pytest.mark.parametrize("rule", list(RULES))
def test_a_larger_seeded_export_covers_both_verdicts(rule):
    rng = np.random.default_rng(2026)
    n = 20_000
    products = rng.integers(0, 40, n)
    orders = pd.DataFrame({
        "order_id": rng.permutation(n),
        "product_id": products,
        "shipped_on": (np.datetime64("2026-11-01") + rng.integers(0, 5, n)).astype("datetime64[s]"),
        "paid_amount": rng.integers(0, 60000, n) / 100,
        "flagged": rng.random(n) < np.where(products % 3 == 0, 0.5, 0.02),  # a third of the products go badly
    })
    result = exposure(orders, rule=rule, on=ON)
    assert result["whole_day"].any() and not result["whole_day"].all()
    assert as_rows(result) == per_group(orders, rule)


def test_dates_far_apart_take_the_sparse_grouping_path():
    orders = pd.DataFrame({"order_id": [1, 2, 3, 4], "product_id": ["b", "a", "b", "a"],
                           "shipped_on": ["2026-11-01", "1999-01-01", "2026-11-01", "2026-11-01"],
                           "paid_amount": [50, 60, 70, 80], "flagged": [True, True, False, True]})
    result = exposure(orders, rule=A, on=ON)
    assert result[["product_id", "shipped", "compensation"]].values.tolist() == [["a", 1, 15], ["a", 1, 20], ["b", 2, 12]]
    assert as_rows(result) == per_group(orders.assign(shipped_on=pd.to_datetime(orders["shipped_on"]).astype("datetime64[s]")), A)


@pytest.mark.decision("fake_shipping.exposure_date")
def test_exposure_uses_the_figures_in_force_on_on_for_every_row_whatever_its_date():
    recent = small()
    old = recent.assign(shipped_on=[date(2020, 1, d) for d in (2, 1, 1, 2, 2)])  # before the source's date
    assert exposure(old, rule=A, on=ON)["compensation"].tolist() == \
        exposure(recent, rule=A, on=ON)["compensation"].tolist()
