"""The per-order formula: what one fake-shipping order costs (`order_compensation`, vectorised `per_order_yuan`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import numpy as np

from handbook import inputs
from handbook.explain import Explainer, Result
from handbook.rules.fake_shipping.versions import ZERO


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


FLOOR_AMOUNT = "pinduoduo.fake_shipping.floor_amount"
THRESHOLD = "pinduoduo.fake_shipping.threshold"
RATE = "pinduoduo.fake_shipping.rate"
CAP = "pinduoduo.fake_shipping.cap"
COUPON_VALIDITY = "pinduoduo.fake_shipping.coupon_validity"
PER_ORDER_PARAMS: tuple[str, ...] = (FLOOR_AMOUNT, THRESHOLD, RATE, CAP)


def _formula(why: Explainer) -> _Formula:
    return _Formula(*(why.param(pid) for pid in PER_ORDER_PARAMS))


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
    on = inputs.on_date(on)
    why = Explainer.of(order_compensation, on=on)
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
    coupon = why.param(COUPON_VALIDITY)
    summary = (f"The order costs {amount} yuan, paid to the buyer as a no-threshold coupon "
               f"(无门槛现金券) valid {coupon} years." if amount else "The order costs nothing.")
    return OrderCompensation(paid_amount=paid, compensation=amount, band=band, explanation=why.done(summary))


def compensation(paid_amount: Any, *, on: date | None = None) -> Decimal:
    """Whole-yuan compensation for one fake-shipping order: 50 → 12, 399.99 → 99, 19.99 → 5, 0 → 0."""
    return order_compensation(paid_amount, on=on).compensation


def per_order_yuan(paid_fen: np.ndarray, *, on: date | None = None) -> np.ndarray:
    """Vectorised `compensation`: paid amounts in integer fen (int64 ≥ 0) → whole yuan (int64)."""
    why = Explainer.of(per_order_yuan, on=inputs.on_date(on))
    return _formula(why).of_fen(np.asarray(paid_fen, dtype=np.int64))
