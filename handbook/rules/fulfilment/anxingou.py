"""Leaving 现货安心购: when the exit takes effect (`anxingou_exit`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.rules.fulfilment.common import ANXINGOU_EXIT_DELAY, _d


@dataclass(frozen=True)
class AnxingouExit(Result):
    """When leaving 现货安心购 shows as effective."""

    requested_on: date
    last_in_transit_trade_completed_on: date | None
    effective_on: date

    @property
    def waiting_days(self) -> int:
        return (self.effective_on - self.requested_on).days


def anxingou_exit(*, requested_on: date, last_in_transit_trade_completed_on: date | None) -> AnxingouExit:
    """The day the exit from 现货安心购 shows as effective (002_9b67b9692fdcc49b.txt, 问：如何退出安心购？).

    Without 安心购 trades in transit at the request (`None`), the exit is effective on the request day.
    Otherwise it is effective `anxingou_exit_delay` days after the last in-transit trade completes;
    meanwhile no new 安心购 service orders arise unless the seller opens the service again. A trade that
    completed before the request was not in transit: that input is refused.
    """
    requested = inputs.as_date(requested_on, "requested_on")
    why = Explainer.of(anxingou_exit, on=requested)
    delay = why.param(ANXINGOU_EXIT_DELAY)
    why.step(f"Exit requested on {_d(requested)} (卖家工作台 › 履约 › 现货安心购 › 服务管理 › 退出服务).")
    if last_in_transit_trade_completed_on is None:
        why.step("No 安心购 trade was in transit: the exit is effective at once.")
        return AnxingouExit(requested_on=requested, last_in_transit_trade_completed_on=None,
                            effective_on=requested,
                            explanation=why.done(f"The exit is effective on {_d(requested)}."))
    completed = inputs.as_date(last_in_transit_trade_completed_on, "last_in_transit_trade_completed_on")
    if completed < requested:
        raise PolicyInputError(
            "last_in_transit_trade_completed_on", completed,
            f"a date on or after the exit request ({_d(requested)}), or empty when no trade is in transit",
            reason="a trade that completed before the request was not in transit",
        )
    effective = completed + timedelta(days=delay)
    why.step(f"The last in-transit 安心购 trade completes on {_d(completed)}; the exit shows as effective "
             f"{delay} days later, on {_d(effective)}.")
    why.step("Until then no new 安心购 service orders arise, unless you open 现货安心购 again.")
    return AnxingouExit(requested_on=requested, last_in_transit_trade_completed_on=completed,
                        effective_on=effective, explanation=why.done(f"The exit is effective on {_d(effective)}."))


def anxingou_exit_effective_on(last_in_transit_trade_completed_on: date) -> date:
    """The day the 安心购 exit shows as effective: the last in-transit trade's completion + the delay."""
    completed = inputs.as_date(last_in_transit_trade_completed_on, "last_in_transit_trade_completed_on")
    return anxingou_exit(requested_on=completed, last_in_transit_trade_completed_on=completed).effective_on
