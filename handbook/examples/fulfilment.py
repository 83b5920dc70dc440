"""1688 fulfilment examples built from the periods in force, and their outcomes in words (notebook 03, quiz)."""

from __future__ import annotations

from datetime import date, timedelta

from handbook import policy
from handbook.examples import either
from handbook.rules.fulfilment import DepositRefund

AFTER_SALES_PERIOD = "alibaba_1688.fulfilment.after_sales_period"
UNFREEZE_DAY = "alibaba_1688.fulfilment.deposit_unfreeze_day"
MARGIN_DAYS = 10   # how far past the unfreeze day the "long enough ago" examples lie


def finished_long_ago(today: date, on: date | None = None) -> date:
    """A trade-finished day far enough back that its after-sales period has ended and the deposit has unfrozen
    by `today` (with MARGIN_DAYS to spare): the period and the unfreeze day come from the registry."""
    on = on or today
    days = int(policy.get(AFTER_SALES_PERIOD, on)) + int(policy.get(UNFREEZE_DAY, on)) + 1 + MARGIN_DAYS
    return today - timedelta(days=days)


def deposit_words(result: DepositRefund) -> str:
    """What the deposit result means for the seller, read from it."""
    if result.can_transfer_out_now:
        return (f"Every condition holds and the deposit unfroze on {result.unfreezes_on}: the only thing left is "
                "to click 转出.")
    if result.blockers:
        return f"Blocked by {len(result.blockers)} condition{either(len(result.blockers) > 1, 's', '')}: " + \
            "; ".join(str(b) for b in result.blockers)
    return f"Nothing blocks the refund; the deposit unfreezes on {result.unfreezes_on}."
