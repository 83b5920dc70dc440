"""Fake-shipping exposure over an order export: column checks (pandas/numpy) and the grouping pass.

`exposure(orders, rule=...)` prices every (product, day) of an export with the vectorised rules of
`handbook.rules.fake_shipping` (`per_order_yuan`, `whole_day_mask`); this module only checks the columns
(`OrderExportError` names the column and the first offending rows) and groups. It is re-exported from
`handbook.rules.fake_shipping` for compatibility.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer
from handbook.rules.fake_shipping.per_order import PER_ORDER_PARAMS, per_order_yuan
from handbook.rules.fake_shipping.verdict import whole_day_mask
from handbook.rules.fake_shipping.versions import rule_version

__all__ = ["ACCEPTED_TABLE", "COLUMNS", "MAX_PAID_YUAN", "MAX_ROWS_SHOWN", "OUTPUT_COLUMNS", "OrderExportError",
           "exposure"]


COLUMNS: tuple[str, ...] = ("order_id", "product_id", "shipped_on", "paid_amount", "flagged")
OUTPUT_COLUMNS: tuple[str, ...] = ("product_id", "shipped_on", "shipped", "detected", "detected_share",
                                   "whole_day", "orders_counted", "compensation", "store_restricted")
ACCEPTED_TABLE = ("a pandas DataFrame with columns order_id (unique), product_id, shipped_on (date), "
                  "paid_amount (yuan ≥ 0, at most 2 decimals) and flagged (True/False)")
MAX_ROWS_SHOWN = 5
MAX_PAID_YUAN = 10**12  # far above any order; keeps fen exact in float64 and int64


class OrderExportError(PolicyInputError):
    """Bad rows in an order export: names the column, the first offending rows and their values.

    `rows` holds the first offending row positions, 0-based (the message counts from 1 = the first data
    row); `count` is how many rows offend in all.
    """

    def __init__(self, column: str, rows: np.ndarray, values: Sequence[Any], accepted: str, reason: str):
        self.column = column
        self.rows = tuple(int(r) for r in rows[:MAX_ROWS_SHOWN])
        self.count = int(len(rows))
        shown = ", ".join(str(r + 1) for r in self.rows)
        more = f" and {self.count - len(self.rows):,} more" if self.count > len(self.rows) else ""
        where = f"row{'s' if self.count > 1 else ''} {shown}{more} (row 1 = the first data row)"
        super().__init__(column, [_plain(v) for v in values[:MAX_ROWS_SHOWN]], accepted, reason=f"{reason} in {where}")


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _fail(column: str, series: pd.Series, bad: np.ndarray, accepted: str, reason: str) -> OrderExportError:
    rows = np.flatnonzero(bad)
    return OrderExportError(column, rows, list(series.iloc[rows[:MAX_ROWS_SHOWN]]), accepted, reason)


def _check_present(series: pd.Series, column: str, accepted: str) -> None:
    missing = series.isna().to_numpy()
    if missing.any():
        raise _fail(column, series, missing, accepted, "empty value")


def _order_ids(series: pd.Series) -> None:
    accepted = "one unique, non-empty order id per row"
    _check_present(series, "order_id", accepted)
    if _unique_quickly(series):
        return
    duplicated = series.duplicated(keep=False).to_numpy()
    if duplicated.any():
        raise _fail("order_id", series, duplicated, accepted, "duplicated order id")


def _unique_quickly(series: pd.Series) -> bool:
    """True when the values are certainly unique, found without a hash table where possible."""
    if pd.api.types.is_integer_dtype(series.dtype) and not pd.api.types.is_extension_array_dtype(series.dtype):
        values = series.to_numpy()
        if len(values) < 2 or bool(np.all(values[1:] > values[:-1])):  # exports are often sorted by id
            return True
        low, high = int(values.min()), int(values.max())
        if high - low <= 8 * len(values):                                # dense ids: count them
            return bool(np.bincount(values - low).max() <= 1)
        return False
    if not pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy()
        return len(set(values.tolist())) == len(values)                   # C-level hashing, quicker on text
    return False


DATE_ACCEPTED = "a date: datetime.date, 'YYYY-MM-DD' text or a datetime64 value at midnight (no time of day, no time zone)"


def _days(series: pd.Series) -> np.ndarray:
    """shipped_on → int64 days since 1970-01-01. Text and objects are parsed once per distinct value."""
    _check_present(series, "shipped_on", DATE_ACCEPTED)
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        raise _fail("shipped_on", series, np.ones(len(series), bool), DATE_ACCEPTED, "a moment with a time zone, not a date")
    if pd.api.types.is_datetime64_dtype(dtype):
        stamps = series.to_numpy()
        days = stamps.astype("datetime64[D]")
        with_time = stamps != days.astype(stamps.dtype)
        if with_time.any():
            raise _fail("shipped_on", series, with_time, DATE_ACCEPTED, "a time of day, not a date")
        return days.astype(np.int64)
    if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        raise _fail("shipped_on", series, np.ones(len(series), bool), DATE_ACCEPTED, "not a date")
    codes, uniques = pd.factorize(series)
    parsed = np.empty(len(uniques), dtype=np.int64)
    bad = np.zeros(len(uniques), dtype=bool)
    epoch = date(1970, 1, 1).toordinal()
    for i, value in enumerate(uniques):  # once per distinct value (a few hundred days), not per row
        try:
            parsed[i] = inputs.as_date(value, "shipped_on").toordinal() - epoch
        except PolicyInputError:
            bad[i] = True
    if bad.any():
        raise _fail("shipped_on", series, bad[codes], DATE_ACCEPTED, "not a date")
    return parsed[codes]


def _paid_fen(series: pd.Series) -> np.ndarray:
    """paid_amount (yuan) → int64 fen, exact; refuses negatives, fractions of a fen, text that is no amount."""
    accepted = inputs.MONEY_ACCEPTED + f", below {MAX_PAID_YUAN:,}"
    _check_present(series, "paid_amount", accepted)
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise _fail("paid_amount", series, np.ones(len(series), bool), accepted, "True/False, not an amount")
    if pd.api.types.is_integer_dtype(dtype):
        yuan = series.to_numpy(dtype=np.int64)
        _range_check(series, yuan < 0, yuan >= MAX_PAID_YUAN, accepted)
        return yuan * 100
    if pd.api.types.is_float_dtype(dtype):
        yuan = series.to_numpy(dtype=np.float64)
        with np.errstate(invalid="ignore"):
            _range_check(series, yuan < 0, ~(yuan < MAX_PAID_YUAN) & (yuan >= 0), accepted)
            fen = np.round(yuan * 100)
        # a float is an amount in fen exactly when it is the double nearest to (whole number of fen) / 100,
        # the same test as inputs.money (str(float) has at most 2 decimals)
        fraction = fen / 100 != yuan
        if fraction.any():
            raise _fail("paid_amount", series, fraction, accepted, "more than 2 decimals (smaller than a fen)")
        return fen.astype(np.int64)
    kind = pd.api.types.infer_dtype(series, skipna=False)
    if kind in ("string", "decimal", "integer", "floating", "mixed-integer-float"):
        codes, uniques = pd.factorize(series)
        fen = np.empty(len(uniques), dtype=np.int64)
        bad = np.zeros(len(uniques), dtype=bool)
        for i, value in enumerate(uniques):  # once per distinct amount, not per row
            fen[i], bad[i] = _one_fen(value)
        if bad.any():
            return _slow_paid_fen(series, accepted)  # names the reason for the first bad row
        return fen[codes]
    return _slow_paid_fen(series, accepted)


def _one_fen(value: Any) -> tuple[int, bool]:
    try:
        amount = inputs.money(value, "paid_amount", maximum=MAX_PAID_YUAN - Decimal("0.01"))
    except PolicyInputError:
        return 0, True
    return int(amount * 100), False


def _slow_paid_fen(series: pd.Series, accepted: str) -> np.ndarray:
    """Mixed-type columns and the error path: checks every value with `inputs.money`."""
    fen = np.zeros(len(series), dtype=np.int64)
    bad: list[int] = []
    reason = None
    for i, value in enumerate(series.tolist()):
        try:
            fen[i] = int(inputs.money(value, "paid_amount", maximum=MAX_PAID_YUAN - Decimal("0.01")) * 100)
        except PolicyInputError as exc:
            bad.append(i)
            reason = reason or exc.reason
    if bad:
        mask = np.zeros(len(series), dtype=bool)
        mask[bad] = True
        raise _fail("paid_amount", series, mask, accepted, reason or "not an amount")
    return fen


def _range_check(series: pd.Series, negative: np.ndarray, too_large: np.ndarray, accepted: str) -> None:
    if negative.any():
        raise _fail("paid_amount", series, negative, accepted, "negative amount")
    if too_large.any():
        raise _fail("paid_amount", series, too_large, accepted, "not a finite amount below the maximum")


def _flags(series: pd.Series) -> np.ndarray:
    accepted = "True or False (detected as fake shipping or not)"
    _check_present(series, "flagged", accepted)
    if len(series) == 0:  # a header-only export, or every row rejected: nothing to check
        return np.zeros(0, dtype=bool)
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=bool)
    if pd.api.types.infer_dtype(series, skipna=False) == "boolean":
        return series.to_numpy(dtype=bool)
    not_bool = ~series.map(type).isin([bool, np.bool_]).to_numpy()  # error path only
    raise _fail("flagged", series, not_bool, accepted, "not True/False")


@dataclass(frozen=True)
class _Groups:
    product_id: Any               # one entry per group, sorted (pandas Index)
    day: np.ndarray               # int64 days since 1970-01-01
    shipped: np.ndarray           # int64
    detected: np.ndarray          # int64
    all_orders_yuan: np.ndarray   # int64: compensation if every order of the group counts
    detected_orders_yuan: np.ndarray  # int64: compensation of the detected orders only


def _product_codes(product: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes 0..k-1 numbering the product ids in sorted order, and the ids (a pandas Index)."""
    if pd.api.types.is_integer_dtype(product.dtype) and not pd.api.types.is_extension_array_dtype(product.dtype):
        values = product.to_numpy()
        if len(values):
            low, high = int(values.min()), int(values.max())
            if high - low <= 4 * len(values):  # dense integer ids: the id itself is the code (no hashing)
                return (values - low).astype(np.int64, copy=False), pd.Index(np.arange(low, high + 1, dtype=values.dtype))
    try:
        return pd.factorize(product, sort=True)
    except TypeError:  # product ids of mixed types cannot be sorted: keep the order of first appearance
        return pd.factorize(product, sort=False)


def _group(product: pd.Series, days: np.ndarray, flagged: np.ndarray, per_order: np.ndarray) -> _Groups:
    """The one grouping pass over (product_id, shipped_on): factorize to one int64 key, then bincount.

    Sums of whole yuan are exact: `bincount` adds in float64, and every partial sum is an integer below
    2**53 (checked), which float64 represents exactly; above that bound the sums fall back to `np.add.at`
    on int64.
    """
    pcodes, products = _product_codes(product)
    if len(days) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Groups(products[:0], empty, empty, empty, empty, empty)
    first_day = int(days.min())
    span = int(days.max()) - first_day + 1
    key = pcodes.astype(np.int64, copy=False) * span + (days - first_day)
    if len(products) * span <= 4 * len(key) + 4096:   # dense key range: count straight into the bins
        size = len(products) * span
        shipped_all = np.bincount(key, minlength=size)
        present = np.flatnonzero(shipped_all)          # the keys that occur, sorted
        codes, n_groups, take = key, size, present
    else:                                              # sparse: number the groups first
        codes, present = pd.factorize(key, sort=True)
        n_groups = len(present)
        shipped_all = np.bincount(codes, minlength=n_groups)
        present, take = np.asarray(present, dtype=np.int64), slice(None)

    def total(weights: np.ndarray) -> np.ndarray:
        if int(weights.max(initial=0)) * len(weights) < 2**53:
            return np.bincount(codes, weights=weights, minlength=n_groups).astype(np.int64)
        exact = np.zeros(n_groups, dtype=np.int64)
        np.add.at(exact, codes, weights)
        return exact

    detected_per_order = np.where(flagged, per_order, 0)
    return _Groups(
        product_id=products.take(present // span),
        day=present % span + first_day,
        shipped=shipped_all[take],
        detected=np.bincount(codes[flagged], minlength=n_groups)[take],
        all_orders_yuan=total(per_order)[take],
        detected_orders_yuan=total(detected_per_order)[take],
    )


def exposure(orders: pd.DataFrame, *, rule: str, on: date | None = None) -> pd.DataFrame:
    """What fake shipping costs per product and day over a whole order export, under `rule`.

    Input: one row per order, columns `order_id` (unique, not empty), `product_id` (not empty),
    `shipped_on` (date: `datetime.date`, ISO text or midnight `datetime64`), `paid_amount` (yuan ≥ 0 with at
    most 2 decimals: integers, floats, decimal text or `Decimal`) and `flagged` (bool: detected as fake
    shipping). Other columns are ignored. Any bad value raises `OrderExportError` (a `PolicyInputError`)
    naming the column and the first offending rows; no row is ever dropped.

    Output: one row per (product_id, shipped_on), sorted by both, columns
    `product_id` (input dtype), `shipped_on` (datetime64[s]), `shipped`, `detected` (int64),
    `detected_share` (float64, detected / shipped), `whole_day` (bool), `orders_counted` (int64),
    `compensation` (int64, whole yuan: the sum of the per-order compensation over the counted orders) and
    `store_restricted` (bool). Identical, group by group, to `day_compensation`.

    The figures in force on `on` (default: today) apply to every row. Money is integer fen inside.
    """
    version = rule_version(rule)
    if not isinstance(orders, pd.DataFrame):
        raise PolicyInputError("orders", type(orders).__name__, ACCEPTED_TABLE)
    missing = [c for c in COLUMNS if c not in orders.columns]
    if missing:
        exc = PolicyInputError("orders", list(map(str, orders.columns)), ACCEPTED_TABLE,
                               reason="missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing))
        exc.column = missing[0]
        raise exc
    on = inputs.on_date(on)
    why = Explainer.of(exposure, variant=version.name, on=on)
    for pid in PER_ORDER_PARAMS + (version.orders_param, version.share_param):
        why.ref(pid)  # cited as the per-order formula and the day verdict cite them

    _order_ids(orders["order_id"])
    product = orders["product_id"]
    _check_present(product, "product_id", "a product id in every row")
    days = _days(orders["shipped_on"])
    fen = _paid_fen(orders["paid_amount"])
    flagged = _flags(orders["flagged"])

    per_order = per_order_yuan(fen, on=on)
    groups = _group(product, days, flagged, per_order)
    shipped, detected = groups.shipped, groups.detected
    whole = whole_day_mask(detected, shipped, rule=version.name, on=on)
    result = pd.DataFrame({
        "product_id": groups.product_id,
        "shipped_on": groups.day.astype("datetime64[D]").astype("datetime64[s]"),
        "shipped": shipped,
        "detected": detected,
        "detected_share": detected / shipped,
        "whole_day": whole,
        "orders_counted": np.where(whole, shipped, detected),
        "compensation": np.where(whole, groups.all_orders_yuan, groups.detected_orders_yuan),
        "store_restricted": whole & version.restricts_store,
    }, columns=list(OUTPUT_COLUMNS))
    if len(result) == 0:
        result = result.astype({"shipped": np.int64, "detected": np.int64, "detected_share": np.float64,
                                "whole_day": bool, "orders_counted": np.int64, "compensation": np.int64,
                                "store_restricted": bool, "shipped_on": "datetime64[s]"})
    result.attrs["explanation"] = why.done(
        f"{len(orders):,} orders in {len(result):,} product-days under rule '{version.name}': "
        f"{int(result['whole_day'].sum()):,} whole days, {int(result['compensation'].sum()):,} yuan in all.")
    return result
