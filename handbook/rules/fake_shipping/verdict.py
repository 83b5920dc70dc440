"""The day verdict: does the whole day of a product count (`day_verdict`, vectorised `whole_day_mask`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.policy.units import approx_text
from handbook.rules.fake_shipping.versions import RESTRICTIONS, _DayThresholds, _thresholds, rule_version


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
    version = rule_version(rule)
    detected = inputs.count(detected, "detected")
    shipped = inputs.count(shipped, "shipped")
    if detected > shipped:
        raise PolicyInputError("detected", detected, f"a whole number from 0 to shipped ({shipped})",
                               reason="more fake-shipping orders than orders shipped that day")
    why = Explainer.of(day_verdict, variant=version.name, on=inputs.on_date(on))
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
    version = rule_version(rule)
    why = Explainer.of(whole_day_mask, on=inputs.on_date(on))
    return np.asarray(_thresholds(version, why).meets(np.asarray(detected, dtype=np.int64),
                                                       np.asarray(shipped, dtype=np.int64)), dtype=bool)
