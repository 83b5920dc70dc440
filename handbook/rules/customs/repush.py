"""Re-pushing the payment slip: when it happens and when to escalate (`repush_timeline`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.inputs import SHANGHAI
from handbook.rules.customs.common import ESCALATION_CONTACT, ESCALATION_DAYS, ESCALATION_TIME, _rewrap


@dataclass(frozen=True)
class RepushTimeline(Result):
    """When the platform re-pushes the payment slip and when to escalate."""

    submitted_at: datetime
    repush_night: date
    escalate_after: datetime
    contact: str

    def may_escalate(self, at: Any) -> bool:
        """True from `escalate_after` on (inclusive): the re-push has had its time."""
        moment = _moment(at, "at")
        return moment >= self.escalate_after


def _moment(value: Any, field: str) -> datetime:
    try:
        return inputs.as_datetime(value, field)
    except OverflowError:
        raise PolicyInputError(field, value, "a datetime a day or more inside the years 1–9999",
                               reason="too close to the end of the calendar") from None


def repush_timeline(submitted_at: Any) -> RepushTimeline:
    """The re-push timeline for a questionnaire submitted at `submitted_at` (naive = Asia/Shanghai).

    The platform re-pushes the payment slip the night of the submission day; if the order still fails
    customs, escalate from 14:00 (parameter) the next day (parameter), Asia/Shanghai, to 招商 or 运营.
    Source: 000_d3139da63785aa80.txt, section 3.
    """
    moment = _moment(submitted_at, "submitted_at")
    day = moment.date()
    why = Explainer.of(repush_timeline, on=day)
    try:
        days = why.param(ESCALATION_DAYS)
        at = why.param(ESCALATION_TIME)
    except PolicyInputError as exc:
        raise _rewrap(exc, "submitted_at", submitted_at) from None
    try:
        escalate_day = day + timedelta(days=days)
    except OverflowError:
        raise PolicyInputError("submitted_at", submitted_at, "a datetime before the last day of year 9999",
                               reason="too close to the end of the calendar") from None
    escalate_after = datetime.combine(escalate_day, at, tzinfo=SHANGHAI)
    stamp = moment.strftime("%Y-%m-%d %H:%M")
    why.step(f"Questionnaire submitted {stamp} (Asia/Shanghai).")
    why.step(f"The platform re-pushes the payment slip the night of {day}.")
    why.step(f"If clearance still fails, contact {ESCALATION_CONTACT} from "
             f"{escalate_after.strftime('%Y-%m-%d %H:%M')} on.")
    summary = (f"Re-push the night of {day}; escalate after {escalate_after.strftime('%Y-%m-%d %H:%M')} "
               f"(Asia/Shanghai) if clearance still fails.")
    return RepushTimeline(
        submitted_at=moment, repush_night=day, escalate_after=escalate_after,
        contact=ESCALATION_CONTACT, explanation=why.done(summary),
    )
