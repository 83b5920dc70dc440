"""Deposit (保证金) refund: when it can be asked for, what blocks it and when it arrives (`deposit_refund`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from handbook import inputs, policy
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.rules.fulfilment.common import AFTER_SALES_PERIOD, UNCLOSABLE_SUBSERVICES, UNFREEZE_DAY, _d

BLOCKER_CODES = ("protection_open", "unfinished_trades", "open_complaints", "after_sales_period")

# The refund conditions as the article states them (one per blocker code), written once beside the rule that
# checks them; notebook 03 renders it with the figures in force (`handbook.text.md(CONDITIONS, on=...)`).
CONDITIONS = (
    "**The conditions.** Among the trades placed while protection was on: (a) none is unfinished — each is "
    "交易成功 or 交易关闭; (b) no complaint case (投诉案件) is still open; (c) none is inside its after-sales "
    "period (售后受理期), which lasts {{ alibaba_1688.fulfilment.after_sales_period }} after the day the trade "
    "succeeded or closed. When all of them hold, the deposit unfreezes on day "
    "{{ alibaba_1688.fulfilment.deposit_unfreeze_day | value }} and waits for you to transfer it out."
)

STAGES = {
    "blocked": "a condition other than time is not met: clear it first",
    "after_sales": "only the after-sales period is left: wait until it ends",
    "unfreezing": "all conditions hold: the deposit unfreezes in a few days",
    "unfrozen": "the deposit has unfrozen: transfer it out (转出)",
}


@dataclass(frozen=True)
class Blocker:
    """One refund condition that does not hold yet, in plain words naming what to do."""

    code: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class DepositRefund(Result):
    """Whether the buyer-protection deposit can be refunded, what blocks it and the key dates."""

    today: date
    last_trade_finished_on: date | None
    eligible_now: bool
    blockers: tuple[Blocker, ...]
    after_sales_ends_on: date | None
    conditions_met_on: date | None
    unfreezes_on: date | None
    stage: str
    next_step: str

    @property
    def blocker_codes(self) -> tuple[str, ...]:
        return tuple(b.code for b in self.blockers)

    @property
    def can_transfer_out_now(self) -> bool:
        """The deposit has unfrozen (on the rule's reckoning): click 转出 now."""
        return self.stage == "unfrozen"


def unclosable_subservices(on: date | None = None) -> tuple[str, ...]:
    """The 买家保障 shipping-time sub-services that cannot (and need not) be closed."""
    return policy.get(UNCLOSABLE_SUBSERVICES, on)


def deposit_refund(
    *,
    protection_closed: bool,
    unfinished_trades: int,
    open_complaints: int,
    last_trade_finished_on: date | None,
    today: date,
) -> DepositRefund:
    """Can the 1688 buyer-protection deposit (买家保障保证金) be refunded, and when does it unfreeze?

    Conditions (002_9b67b9692fdcc49b.txt, 问：保证金如何退回？): every buyer-protection sub-service is
    closed (the shipping-time sub-services cannot be and need not be); among the trades placed while
    the protection was on there is no unfinished trade, no unfinished complaint, and none still inside
    its after-sales period. The deposit then unfreezes on day 0 + `deposit_unfreeze_day` (day 0 = the
    day all conditions first hold) and must be transferred out (转出) by hand.

    `unfinished_trades` and `open_complaints` count those trades and complaint cases as of `today`;
    `last_trade_finished_on` is the day the last of those trades succeeded or closed (None: none has).
    See the module docstring for the decisions on open points.
    """
    closed = inputs.flag(protection_closed, "protection_closed")
    trades = inputs.count(unfinished_trades, "unfinished_trades")
    complaints = inputs.count(open_complaints, "open_complaints")
    today = inputs.as_date(today, "today")
    last = None if last_trade_finished_on is None else inputs.as_date(last_trade_finished_on, "last_trade_finished_on")
    if last is not None and last > today:
        raise PolicyInputError(
            "last_trade_finished_on", last, f"a date on or before today ({_d(today)}), or empty if no trade has finished",
            reason="a trade cannot have finished after today; check the two dates",
        )

    why = Explainer.of(deposit_refund, on=today)
    period = why.param(AFTER_SALES_PERIOD)
    unfreeze = why.param(UNFREEZE_DAY)
    blockers: list[Blocker] = []

    if closed:
        why.step("Buyer protection (买家保障) is closed.")
    else:
        keep = "、".join(unclosable_subservices(today))
        why.ref(UNCLOSABLE_SUBSERVICES)
        blockers.append(Blocker(
            "protection_open",
            "Buyer protection (买家保障) is still on: close every sub-service you opened, 官方直送 included "
            f"(履约 › 我的保证金 › 关闭服务). The shipping-time sub-services ({keep}) cannot be closed and need not be.",
        ))
        why.step("Buyer protection is still on: blocker.")

    if trades:
        blockers.append(Blocker(
            "unfinished_trades",
            f"{trades} trade(s) placed while protection was on are not finished: each must reach "
            "交易成功 or 交易关闭 (check the status in the sales list) — and each then starts its own "
            "after-sales period.",
        ))
        why.step(f"{trades} unfinished trade(s): blocker.")
    else:
        why.step("No unfinished trade.")

    if complaints:
        blockers.append(Blocker(
            "open_complaints",
            f"{complaints} complaint case(s) (投诉案件) on those trades are still open: settle them with the "
            "buyer or let the platform close them.",
        ))
        why.step(f"{complaints} open complaint case(s): blocker.")
    else:
        why.step("No open complaint case.")

    after_sales_ends_on = date_condition_from = None
    if last is None:
        why.step("No trade placed under protection has finished: there is no after-sales period to wait for.")
    else:
        after_sales_ends_on = last + timedelta(days=period)
        date_condition_from = after_sales_ends_on + timedelta(days=1)
        why.step(f"The last trade finished on {_d(last)}; its after-sales period (售后受理期) runs "
                 f"{period} days, through {_d(after_sales_ends_on)}; from {_d(date_condition_from)} it is over.")
        if today <= after_sales_ends_on:
            blockers.append(Blocker(
                "after_sales_period",
                f"The last trade (finished {_d(last)}) is in its after-sales period (售后受理期) through "
                f"{_d(after_sales_ends_on)}: wait until {_d(date_condition_from)}.",
            ))
            why.step("Today is inside that period: blocker.")

    non_date = [b for b in blockers if b.code != "after_sales_period"]
    if non_date:
        conditions_met_on = unfreezes_on = None
        why.step("The day all conditions hold cannot be known yet: it depends on when the blockers other "
                 "than time are cleared, and a trade that finishes later starts its own after-sales period.")
    else:
        if date_condition_from is None:
            conditions_met_on = today
            why.step(f"No trade date to count from: day 0 is taken as today ({_d(today)}), the latest it can "
                     "be; if you closed the protection earlier, the deposit unfreezes earlier.")
        else:
            conditions_met_on = date_condition_from
            if conditions_met_on < today:
                why.step(f"Day 0 is counted from {_d(conditions_met_on)}. If the protection was closed or the "
                         "last complaint settled later than that, day 0 is that later day.")
        unfreezes_on = conditions_met_on + timedelta(days=unfreeze)
        why.step(f"All conditions hold from {_d(conditions_met_on)} (day 0); the deposit unfreezes on day 0 + "
                 f"{unfreeze} = {_d(unfreezes_on)} and must then be transferred out (转出) by hand.")

    eligible_now = not blockers
    if non_date:
        stage = "blocked"
        next_step = "Clear the blockers; the unfreeze date can be planned once only time is left."
    elif not eligible_now:
        stage = "after_sales"
        next_step = (f"Wait: all conditions hold from {_d(conditions_met_on)} and the deposit unfreezes on "
                     f"{_d(unfreezes_on)}; then click 转出 on the 保障服务中心 home page.")
    elif today < unfreezes_on:
        stage = "unfreezing"
        next_step = (f"Wait for the unfreeze on {_d(unfreezes_on)}, then click 转出 on the 保障服务中心 home "
                     "page and watch the Alipay balance (支付宝余额).")
    else:
        stage = "unfrozen"
        next_step = ("Click 转出 on the 保障服务中心 home page now, then watch the Alipay balance (支付宝余额): "
                     "the deposit is released there.")

    if stage == "unfrozen":
        summary = (f"Eligible: all refund conditions hold and the deposit has unfrozen (on {_d(unfreezes_on)} at "
                   "the earliest): transfer it out (转出).")
    elif eligible_now:
        summary = f"Eligible: all refund conditions hold; the deposit unfreezes on {_d(unfreezes_on)}."
    elif stage == "after_sales":
        summary = f"Not yet: only the after-sales period is left; the deposit unfreezes on {_d(unfreezes_on)}."
    else:
        summary = f"Not eligible: {len(blockers)} blocker(s) to clear first."
    return DepositRefund(
        today=today, last_trade_finished_on=last, eligible_now=eligible_now, blockers=tuple(blockers),
        after_sales_ends_on=after_sales_ends_on, conditions_met_on=conditions_met_on,
        unfreezes_on=unfreezes_on, stage=stage, next_step=next_step, explanation=why.done(summary),
    )
