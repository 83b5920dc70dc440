"""Pinduoduo fake shipping (虚假发货): what one order costs, when a whole day counts, exposure over an export.

Source: `003_85f95fdeffeeff0c.txt`, part 拼多多虚假发货处罚有哪些？怎么申诉？ (parameters `pinduoduo.fake_shipping.*`).

**Per order** (`compensation`, `order_compensation`): a fake-shipping order whose paid amount (实收金额) is
above 0 and below the threshold costs the fixed floor amount; from the threshold on it costs the rate times
the paid amount, at most the cap; only the whole-yuan part is kept (赔付标准如存在小数的，则取整数部分).
A paid amount of 0 costs nothing.

**Per product and day** (`day_verdict`, `day_compensation`, `day_estimate`): the article states the day rule
twice with different thresholds and does not say which is current, so both are named rule versions, selected
with `rule=` everywhere (`RULES`):

- ``"30-orders-30-percent"`` (first statement): detected orders ≥ the minimum AND detected / shipped ≥ the
  minimum share → every order of that product shipped that day counts as fake shipping. It names no store
  restriction, so `store_restricted` is always False under it.
- ``"10-orders-5-percent"`` (item (1)): detected orders > the number AND detected / shipped > the share → all
  of that day's orders of the product are compensated and the store is restricted (限制提现、移除资源位、
  商品下架、搜索降权).

Below the thresholds only the detected orders count and the store is not restricted.

**Many products and days** (`exposure`): the same over an order export, vectorised on integer fen.

Decisions where the article is open (documented in notebook 04 and tested):
- exactly at the threshold (20 yuan) the rate applies; both formulas give the same amount there;
- "满30单" means at least (≥); "30%（含）以上" is inclusive by its own words; "超过" means strictly more (>);
- the floor and the cap are whole-yuan amounts too: the whole-yuan part is taken of the final figure;
- a day with nothing shipped has a share of 0 and never counts as a whole day;
- `exposure` applies the figures in force on `on` (default: today) to every row, whatever its date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from handbook import inputs, policy
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.policy.units import approx_text

__all__ = [
    "COLUMNS", "OUTPUT_COLUMNS", "RESTRICTIONS", "RULES", "RULE_NAMES", "DayCompensation", "DayEstimate", "DayVerdict",
    "OrderCompensation", "OrderExportError", "RuleComparison", "RuleVersion", "compare_rules", "compensation",
    "day_compensation", "day_estimate",
    "day_verdict", "exposure", "order_compensation", "per_order_yuan", "whole_day_mask",
]

P = "pinduoduo.fake_shipping."
ZERO = Decimal(0)

RESTRICTIONS: tuple[tuple[str, str], ...] = (
    ("withdrawals limited", "限制提现"),
    ("resource slots removed", "移除资源位"),
    ("product delisted", "商品下架"),
    ("search demotion", "搜索降权"),
)


# --- rule versions -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleVersion:
    """One statement of the day-level rule: its parameters, comparison and consequence."""

    name: str
    orders_param: str
    share_param: str
    inclusive: bool          # True: detected ≥ orders AND share ≥ minimum; False: both strictly greater
    restricts_store: bool    # the statement names store restrictions when the whole day counts
    where: str               # where the article states it

    @property
    def op(self) -> str:
        return "≥" if self.inclusive else ">"


RULES: Mapping[str, RuleVersion] = MappingProxyType({
    "30-orders-30-percent": RuleVersion(
        "30-orders-30-percent", P + "day_30_30.min_detected", P + "day_30_30.min_share",
        inclusive=True, restricts_store=False, where="first statement (满…单，且达到…（含）以上)"),
    "10-orders-5-percent": RuleVersion(
        "10-orders-5-percent", P + "day_10_5.detected_above", P + "day_10_5.share_above",
        inclusive=False, restricts_store=True, where="item (1) (超过…单，并且超过…)"),
})
RULE_NAMES: tuple[str, ...] = tuple(RULES)


def _rule(rule: Any) -> RuleVersion:
    return RULES[inputs.choice(rule, "rule", RULE_NAMES)]


@dataclass(frozen=True)
class _DayThresholds:
    version: RuleVersion
    orders: int
    share: Decimal  # percent

    def meets(self, detected, shipped):
        """Whole-day verdict, exact: works on Python ints and on numpy integer arrays alike."""
        num, den = self.share.as_integer_ratio()  # share % = num / den
        # detected / shipped (op) num / (100 · den)  ⇔  detected · 100 · den (op) shipped · num   (shipped > 0)
        if self.version.inclusive:
            return (detected >= self.orders) & (detected * (100 * den) >= shipped * num)
        return (detected > self.orders) & (detected * (100 * den) > shipped * num)


def _thresholds(version: RuleVersion, why: Explainer) -> _DayThresholds:
    return _DayThresholds(version, why.param(version.orders_param), why.param(version.share_param))


# --- the per-order formula -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Formula:
    floor_amount: Decimal
    threshold: Decimal
    rate: Decimal  # percent
    cap: Decimal

    def band(self, paid: Decimal) -> str:
        if paid == 0:
            return "zero"
        if paid < self.threshold:
            return "floor"
        return "cap" if paid * self.rate / 100 >= self.cap else "rate"

    def raw(self, paid: Decimal) -> Decimal:
        band = self.band(paid)
        return {"zero": ZERO, "floor": self.floor_amount, "cap": self.cap}.get(band, paid * self.rate / 100)

    def of(self, paid: Decimal) -> Decimal:
        return self.raw(paid).to_integral_value(rounding=ROUND_FLOOR)

    def of_fen(self, fen: np.ndarray) -> np.ndarray:
        """Whole-yuan compensation (int64) of paid amounts in integer fen (int64 ≥ 0)."""
        threshold_fen = int((self.threshold * 100).to_integral_value(rounding=ROUND_CEILING))
        floor_yuan = int(self.floor_amount.to_integral_value(rounding=ROUND_FLOOR))
        cap_yuan = int(self.cap.to_integral_value(rounding=ROUND_FLOOR))
        num, den = self.rate.as_integer_ratio()  # rate % = num / den → yuan = fen · num / (10000 · den)
        if num == 0:
            yuan = np.zeros(len(fen), dtype=np.int64)
        else:
            # beyond `limit` fen the rated amount is above the cap anyway: clipping keeps int64 far from overflow
            limit = (cap_yuan + 1) * 10000 * den // num + 1
            yuan = np.minimum(fen, limit)
            yuan *= num
            yuan //= 10000 * den
            np.minimum(yuan, cap_yuan, out=yuan)
        yuan[fen < threshold_fen] = floor_yuan
        yuan[fen == 0] = 0
        return yuan


def _formula(why: Explainer) -> _Formula:
    return _Formula(why.param(P + "floor_amount"), why.param(P + "threshold"), why.param(P + "rate"),
                    why.param(P + "cap"))


def _on(on: date | None) -> date:
    return policy.today() if on is None else on


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}".rstrip("0").rstrip(".") if amount != amount.to_integral_value() else f"{int(amount):,}"


@dataclass(frozen=True)
class OrderCompensation(Result):
    """What one fake-shipping order costs the seller (paid to the buyer as a coupon)."""

    paid_amount: Decimal
    compensation: Decimal
    band: str  # "zero", "floor", "rate" or "cap"


def order_compensation(paid_amount: Any, *, on: date | None = None) -> OrderCompensation:
    """Compensation for one fake-shipping order with its explanation (whole yuan, `Decimal`)."""
    paid = inputs.money(paid_amount, "paid_amount")
    on = _on(on)
    why = Explainer("handbook.rules.fake_shipping.compensation", on=on)
    f = _formula(why)
    band = f.band(paid)
    why.step(f"Paid amount (实收金额): {_yuan(paid)} yuan.")
    if band == "zero":
        why.step("Nothing was paid, so there is nothing to compensate.")
    elif band == "floor":
        why.step(f"Above 0 and below {_yuan(f.threshold)} yuan: the fixed amount of {_yuan(f.floor_amount)} yuan.")
    else:
        rated = paid * f.rate / 100
        why.step(f"From {_yuan(f.threshold)} yuan on: {_yuan(paid)} × {f.rate.normalize():f}% = {rated.normalize():f} yuan.")
        if band == "cap":
            why.step(f"That reaches the cap: at most {_yuan(f.cap)} yuan.")
    amount = f.of(paid)
    if f.raw(paid) != amount:
        why.step(f"Only the whole-yuan part is kept: {f.raw(paid).normalize():f} → {amount} yuan.")
    coupon = why.param(P + "coupon_validity")
    summary = (f"The order costs {amount} yuan, paid to the buyer as a no-threshold coupon "
               f"(无门槛现金券) valid {coupon} years." if amount else "The order costs nothing.")
    return OrderCompensation(paid_amount=paid, compensation=amount, band=band, explanation=why.done(summary))


def compensation(paid_amount: Any, *, on: date | None = None) -> Decimal:
    """Whole-yuan compensation for one fake-shipping order: 50 → 12, 399.99 → 99, 19.99 → 5, 0 → 0."""
    return order_compensation(paid_amount, on=on).compensation


def per_order_yuan(paid_fen: np.ndarray, *, on: date | None = None) -> np.ndarray:
    """Vectorised `compensation`: paid amounts in integer fen (int64 ≥ 0) → whole yuan (int64)."""
    why = Explainer("handbook.rules.fake_shipping.per_order_yuan", on=_on(on))
    return _formula(why).of_fen(np.asarray(paid_fen, dtype=np.int64))


# --- the day verdict -----------------------------------------------------------------------------------

def _share_text(detected: int, shipped: int) -> str:
    if shipped == 0:
        return "0%"
    exact = Decimal(detected * 100) / Decimal(shipped)
    return approx_text(exact, "0.01", lambda shown: f"{shown.normalize():f}%", rounding="ROUND_HALF_EVEN")


@dataclass(frozen=True)
class DayVerdict(Result):
    """The verdict on one product's shipments of one day under one rule version."""

    rule: str
    detected: int
    shipped: int
    detected_share: float   # detected / shipped (0.0 when nothing was shipped); compared exactly, shown here
    whole_day: bool
    orders_counted: int
    store_restricted: bool


def day_verdict(detected: Any, shipped: Any, *, rule: str, on: date | None = None) -> DayVerdict:
    """Whether the whole day's orders of a product count as fake shipping, under `rule` (see `RULES`)."""
    version = _rule(rule)
    detected = inputs.count(detected, "detected")
    shipped = inputs.count(shipped, "shipped")
    if detected > shipped:
        raise PolicyInputError("detected", detected, f"a whole number from 0 to shipped ({shipped})",
                               reason="more fake-shipping orders than orders shipped that day")
    why = Explainer(f"handbook.rules.fake_shipping.day_verdict[{version.name}]", on=_on(on))
    t = _thresholds(version, why)
    whole = bool(t.meets(detected, shipped))
    share = detected / shipped if shipped else 0.0
    op = version.op
    why.step(f"{detected} of the {shipped} orders of this product shipped that day were detected as fake "
             f"shipping ({_share_text(detected, shipped)}).")
    why.step(f"Rule '{version.name}' ({version.where}): the whole day counts when detected {op} {t.orders} "
             f"orders AND detected / shipped {op} {t.share.normalize():f}%.")
    why.step(_condition_step(t, detected, shipped))
    restricted = whole and version.restricts_store
    counted = shipped if whole else detected
    if whole:
        summary = f"Whole day: all {shipped} orders of the product shipped that day count as fake shipping"
        summary += (", and the store is restricted (" + ", ".join(f"{en} {zh}" for en, zh in RESTRICTIONS) + ")."
                    if restricted else "; this rule version names no store restriction.")
    else:
        summary = f"Only the {detected} detected order{'s' if detected != 1 else ''} count; the store is not restricted."
    return DayVerdict(rule=version.name, detected=detected, shipped=shipped, detected_share=share,
                      whole_day=whole, orders_counted=counted, store_restricted=restricted,
                      explanation=why.done(summary))


def _condition_step(t: _DayThresholds, detected: int, shipped: int) -> str:
    op = t.version.op
    count_ok = detected >= t.orders if t.version.inclusive else detected > t.orders
    num, den = t.share.as_integer_ratio()
    lhs, rhs = detected * 100 * den, shipped * num
    share_ok = shipped > 0 and (lhs >= rhs if t.version.inclusive else lhs > rhs)
    return (f"{detected} {op} {t.orders}: {'yes' if count_ok else 'no'}; "
            f"{_share_text(detected, shipped)} {op} {t.share.normalize():f}%: {'yes' if share_ok else 'no'}.")


def whole_day_mask(detected: np.ndarray, shipped: np.ndarray, *, rule: str, on: date | None = None) -> np.ndarray:
    """Vectorised whole-day verdict (bool array) for arrays of detected and shipped counts."""
    version = _rule(rule)
    why = Explainer("handbook.rules.fake_shipping.whole_day_mask", on=_on(on))
    return np.asarray(_thresholds(version, why).meets(np.asarray(detected, dtype=np.int64),
                                                       np.asarray(shipped, dtype=np.int64)), dtype=bool)


# --- one product's day ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DayCompensation(Result):
    """One product's day: the verdict, the orders that count and what they cost in total."""

    verdict: DayVerdict
    orders_counted: int
    total: Decimal                       # whole yuan
    compensations: tuple[Decimal, ...]   # per input order; 0 for an order that does not count

    @property
    def whole_day(self) -> bool:
        return self.verdict.whole_day

    @property
    def store_restricted(self) -> bool:
        return self.verdict.store_restricted


def _sequence(value: Any, field: str) -> list:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise PolicyInputError(field, value, "a list (or array) with one entry per order shipped that day")
    return list(value)


def _bool(value: Any, field: str) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise PolicyInputError(field, value, "True or False")


def day_compensation(paid_amounts: Sequence[Any], detected_mask: Sequence[Any], *, rule: str,
                     on: date | None = None) -> DayCompensation:
    """Total compensation for one product's orders shipped on one day.

    `paid_amounts` holds the paid amount of every order of the product shipped that day, `detected_mask`
    (same length) says which of them were detected as fake shipping. The verdict decides which orders
    count (the detected ones, or all of them); the total is the sum of their per-order compensation.
    """
    version = _rule(rule)
    paid = [inputs.money(v, f"paid_amounts[{i}]") for i, v in enumerate(_sequence(paid_amounts, "paid_amounts"))]
    mask = [_bool(v, f"detected_mask[{i}]") for i, v in enumerate(_sequence(detected_mask, "detected_mask"))]
    if len(mask) != len(paid):
        raise PolicyInputError("detected_mask", f"{len(mask)} flags",
                               f"one flag per paid amount ({len(paid)})", reason="lengths differ")
    on = _on(on)
    verdict = day_verdict(sum(mask), len(paid), rule=version.name, on=on)
    why = Explainer(f"handbook.rules.fake_shipping.day_compensation[{version.name}]", on=on)
    f = _formula(why)
    counts = [verdict.whole_day or m for m in mask]
    amounts = tuple(f.of(p) if c else ZERO for p, c in zip(paid, counts))
    total = sum(amounts, ZERO)
    for step in verdict.explanation.steps:
        why.step(step)
    for pid in (version.orders_param, version.share_param):
        why.ref(pid)
    why.step(f"Per-order compensation summed over the {verdict.orders_counted} counted orders = {total} yuan.")
    why.param(P + "coupon_validity")
    summary = f"{verdict.explanation.summary} Compensation due: {total} yuan."
    return DayCompensation(verdict=verdict, orders_counted=verdict.orders_counted, total=total,
                           compensations=amounts, explanation=why.done(summary))


@dataclass(frozen=True)
class DayEstimate(Result):
    """A day priced at one average paid amount (what the day calculator shows)."""

    verdict: DayVerdict
    average_paid: Decimal
    per_order: Decimal
    orders_counted: int
    total: Decimal


def day_estimate(shipped: Any, detected: Any, average_paid: Any, *, rule: str,
                 on: date | None = None) -> DayEstimate:
    """Verdict and total when every order of the day was paid `average_paid`.

    Exact when all orders cost the same; otherwise an estimate, because the per-order formula is not
    linear (floor amount, whole-yuan part, cap). For real orders use `day_compensation` or `exposure`.
    """
    average = inputs.money(average_paid, "average_paid")
    on = _on(on)
    verdict = day_verdict(detected, shipped, rule=rule, on=on)
    order = order_compensation(average, on=on)
    total = order.compensation * verdict.orders_counted
    why = Explainer(f"handbook.rules.fake_shipping.day_estimate[{verdict.rule}]", on=on)
    for step in verdict.explanation.steps + order.explanation.steps:
        why.step(step)
    for p in verdict.explanation.parameters + order.explanation.parameters:
        why.ref(p.id)
    why.step(f"{verdict.orders_counted} counted orders × {order.compensation} yuan = {total} yuan.")
    return DayEstimate(verdict=verdict, average_paid=average, per_order=order.compensation,
                       orders_counted=verdict.orders_counted, total=total,
                       explanation=why.done(f"{verdict.explanation.summary} Compensation due: {total} yuan."))


# --- exposure over an order export ---------------------------------------------------------------------

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
    version = _rule(rule)
    if not isinstance(orders, pd.DataFrame):
        raise PolicyInputError("orders", type(orders).__name__, ACCEPTED_TABLE)
    missing = [c for c in COLUMNS if c not in orders.columns]
    if missing:
        exc = PolicyInputError("orders", list(map(str, orders.columns)), ACCEPTED_TABLE,
                               reason="missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing))
        exc.column = missing[0]
        raise exc
    why = Explainer(f"handbook.rules.fake_shipping.exposure[{version.name}]", on=_on(on))
    formula, thresholds = _formula(why), _thresholds(version, why)

    _order_ids(orders["order_id"])
    product = orders["product_id"]
    _check_present(product, "product_id", "a product id in every row")
    days = _days(orders["shipped_on"])
    fen = _paid_fen(orders["paid_amount"])
    flagged = _flags(orders["flagged"])

    per_order = formula.of_fen(fen)
    groups = _group(product, days, flagged, per_order)
    shipped, detected = groups.shipped, groups.detected
    whole = np.asarray(thresholds.meets(detected, shipped), dtype=bool)
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



@dataclass(frozen=True)
class RuleComparison(Result):
    """The same day priced under every rule version; `selected` is the one asked for."""

    selected: DayEstimate
    estimates: tuple[DayEstimate, ...]   # one per rule version, in the order of `RULES`

    @property
    def differ(self) -> bool:
        return len({e.verdict.whole_day for e in self.estimates}) > 1


def compare_rules(shipped: Any, detected: Any, average_paid: Any, *, rule: str,
                  on: date | None = None) -> RuleComparison:
    """`day_estimate` under every rule version side by side, with `rule` as the selected one."""
    version = _rule(rule)
    on = _on(on)
    estimates = tuple(day_estimate(shipped, detected, average_paid, rule=name, on=on) for name in RULE_NAMES)
    selected = estimates[RULE_NAMES.index(version.name)]
    return RuleComparison(selected=selected, estimates=estimates, explanation=selected.explanation)
