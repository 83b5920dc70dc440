"""One product's day priced: `day_compensation` (real orders), `day_estimate` (an average), `compare_rules`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.rules.fake_shipping.per_order import COUPON_VALIDITY, _formula, order_compensation
from handbook.rules.fake_shipping.verdict import DayVerdict, day_verdict
from handbook.rules.fake_shipping.versions import RULE_NAMES, ZERO, rule_version


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


def day_compensation(paid_amounts: Sequence[Any], detected_mask: Sequence[Any], *, rule: str,
                     on: date | None = None) -> DayCompensation:
    """Total compensation for one product's orders shipped on one day.

    `paid_amounts` holds the paid amount of every order of the product shipped that day, `detected_mask`
    (same length) says which of them were detected as fake shipping. The verdict decides which orders
    count (the detected ones, or all of them); the total is the sum of their per-order compensation.
    """
    version = rule_version(rule)
    paid = [inputs.money(v, f"paid_amounts[{i}]") for i, v in enumerate(_sequence(paid_amounts, "paid_amounts"))]
    mask = [inputs.flag(v, f"detected_mask[{i}]") for i, v in enumerate(_sequence(detected_mask, "detected_mask"))]
    if len(mask) != len(paid):
        raise PolicyInputError("detected_mask", f"{len(mask)} flags",
                               f"one flag per paid amount ({len(paid)})", reason="lengths differ")
    on = inputs.on_date(on)
    verdict = day_verdict(sum(mask), len(paid), rule=version.name, on=on)
    why = Explainer.of(day_compensation, variant=version.name, on=on)
    f = _formula(why)
    counts = [verdict.whole_day or m for m in mask]
    amounts = tuple(f.of(p) if c else ZERO for p, c in zip(paid, counts))
    total = sum(amounts, ZERO)
    for step in verdict.explanation.steps:
        why.step(step)
    for pid in (version.orders_param, version.share_param):
        why.ref(pid)
    why.step(f"Per-order compensation summed over the {verdict.orders_counted} counted orders = {total} yuan.")
    why.param(COUPON_VALIDITY)
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
    on = inputs.on_date(on)
    verdict = day_verdict(detected, shipped, rule=rule, on=on)
    order = order_compensation(average, on=on)
    total = order.compensation * verdict.orders_counted
    why = Explainer.of(day_estimate, variant=verdict.rule, on=on)
    for step in verdict.explanation.steps + order.explanation.steps:
        why.step(step)
    for p in verdict.explanation.parameters + order.explanation.parameters:
        why.ref(p.id)
    why.step(f"{verdict.orders_counted} counted orders × {order.compensation} yuan = {total} yuan.")
    return DayEstimate(verdict=verdict, average_paid=average, per_order=order.compensation,
                       orders_counted=verdict.orders_counted, total=total,
                       explanation=why.done(f"{verdict.explanation.summary} Compensation due: {total} yuan."))


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
    version = rule_version(rule)
    on = inputs.on_date(on)
    estimates = tuple(day_estimate(shipped, detected, average_paid, rule=name, on=on) for name in RULE_NAMES)
    selected = estimates[RULE_NAMES.index(version.name)]
    return RuleComparison(selected=selected, estimates=estimates, explanation=selected.explanation)
