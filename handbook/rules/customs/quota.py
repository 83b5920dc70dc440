"""Does an order clear customs: the single and the annual limit (`check_quota`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from handbook import inputs
from handbook.explain import Explainer, Result
from handbook.policy.units import format_yuan
from handbook.rules.customs.common import ANNUAL_LIMIT, CAUSES, OUTCOME_WORDS, SINGLE_LIMIT, _money


@dataclass(frozen=True)
class QuotaCheck(Result):
    """Whether an order fits the buyer's cross-border limits on a date."""

    spent_this_year: Decimal
    order_amount: Decimal
    on: date
    annual_limit: Decimal
    single_limit: Decimal
    total_after: Decimal
    within_annual: bool
    within_single: bool
    annual_remaining_before: Decimal
    annual_remaining_after: Decimal
    outcome: str

    @property
    def clears(self) -> bool:
        return self.outcome == "clears"

    @property
    def outcome_words(self) -> str:
        """The outcome in plain words, e.g. 'Fails customs: annual personal quota exceeded'."""
        return OUTCOME_WORDS[self.outcome]

    @property
    def over_annual_by(self) -> Decimal:
        """How far spending plus this order goes over the annual limit (0 when within)."""
        return max(Decimal("0.00"), -self.annual_remaining_after)

    @property
    def over_single_by(self) -> Decimal:
        """How far the order goes over the single-transaction limit (0 when within)."""
        return max(Decimal("0.00"), self.order_amount - self.single_limit)


def check_quota(spent_this_year: Any, order_amount: Any, *, on: date | str | None = None) -> QuotaCheck:
    """Check an order against the single-transaction limit and the buyer's annual quota.

    `spent_this_year` is what the buyer has already imported through the cross-border channel in the
    calendar year of `on` (from the customs quota query); `order_amount` is this order. The limits are
    those in force on `on` (default: today in Asia/Shanghai); dates before 2016-04-08 are refused.
    Equal to a limit is within it. When both limits are exceeded the outcome is
    "annual_limit_exceeded" (decisions `equal_is_within` and `both_limits` in `decisions.py`).
    """
    on = inputs.on_date(on)
    why = Explainer.of(check_quota, on=on)
    annual = why.param(ANNUAL_LIMIT)
    single = why.param(SINGLE_LIMIT)
    spent = _money(spent_this_year, "spent_this_year", why)
    amount = _money(order_amount, "order_amount", why)

    total = spent + amount
    remaining_before = annual - spent
    remaining_after = annual - total
    within_annual = total <= annual
    within_single = amount <= single
    y = format_yuan
    why.step(f"Calendar year {on.year}: spent so far {y(spent)} + this order {y(amount)} = {y(total)}.")
    if within_annual:
        why.step(f"{y(total)} is within the annual limit of {y(annual)} (equal counts as within); "
                 f"{y(remaining_after)} of the quota is left after this order.")
    else:
        why.step(f"{y(total)} exceeds the annual limit of {y(annual)} by {y(-remaining_after)}.")
    if within_single:
        why.step(f"This order of {y(amount)} is within the single-transaction limit of {y(single)}.")
    else:
        why.step(f"This order of {y(amount)} exceeds the single-transaction limit of {y(single)} "
                 f"by {y(amount - single)}.")

    if not within_annual:
        outcome = "annual_limit_exceeded"
        if not within_single:
            why.step("Both limits are exceeded: the annual quota decides the outcome, because splitting "
                     "the order would not help.")
        summary = (f"Fails customs: {y(total)} for the year exceeds the annual limit of {y(annual)} "
                   f"by {y(-remaining_after)}. If already ordered: do not ship; appeal ({CAUSES['quota_exceeded'][1]}).")
    elif not within_single:
        outcome = "single_limit_exceeded"
        why.step("Exception not modelled: one indivisible item above the single limit may still use the "
                 "channel when the annual quota allows, at full tariff, VAT and consumption tax.")
        summary = (f"Fails customs: this order of {y(amount)} exceeds the single-transaction limit of "
                   f"{y(single)}.")
    else:
        outcome = "clears"
        summary = (f"Clears customs: within the single-transaction limit and the annual quota; "
                   f"{y(remaining_after)} of the quota is left.")
    return QuotaCheck(
        spent_this_year=spent,
        order_amount=amount,
        on=on,
        annual_limit=annual,
        single_limit=single,
        total_after=total,
        within_annual=within_annual,
        within_single=within_single,
        annual_remaining_before=remaining_before,
        annual_remaining_after=remaining_after,
        outcome=outcome,
        explanation=why.done(summary),
    )
