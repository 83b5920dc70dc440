"""Pinduoduo (拼多多) platform customer service hours, and appealing a fake-shipping verdict in time.

Source: `003_85f95fdeffeeff0c.txt` (parameters `pinduoduo.service.*`): online customer service (在线客服) and
the phone line (人工客服热线) each open at a clock time and close at another, Asia/Shanghai. A rejected appeal
(驳回) is resubmitted before the cut-off on the day of the rejection.

Decisions where the article is open (the same hours every day, opening inclusive and closing exclusive,
"before the cut-off" strict, the advice after a late rejection) are written once, in
`handbook.rules.fake_shipping.decisions.DECISIONS`: notebook 04 renders them, each has a test naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.inputs import SHANGHAI
from handbook.policy.units import format_clock

__all__ = ["APPEAL_PATH", "CHANNELS", "AppealStep", "ResubmitDeadline", "ServiceCheck", "ServiceStatus",
           "format_remaining", "is_open", "moment", "next_open", "resubmit_deadline", "service_check",
           "service_status"]

ONLINE_OPENS = "pinduoduo.service.online_opens"
ONLINE_CLOSES = "pinduoduo.service.online_closes"
PHONE_OPENS = "pinduoduo.service.phone_opens"
PHONE_CLOSES = "pinduoduo.service.phone_closes"
PHONE_HOTLINE = "pinduoduo.service.phone_hotline"
PHONE_LANDLINE = "pinduoduo.service.phone_landline"
RESUBMIT_CUTOFF = "pinduoduo.service.resubmit_cutoff"
CHANNELS: tuple[str, ...] = ("online", "phone")
_HOURS = {"online": (ONLINE_OPENS, ONLINE_CLOSES), "phone": (PHONE_OPENS, PHONE_CLOSES)}
END_OF_DAY = time(23, 59, 59, 999999)  # how the registry stores '24:00'


def _since_midnight(t: time) -> timedelta:
    if t == END_OF_DAY:
        return timedelta(hours=24)
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


def _hours(channel: str, why: Explainer) -> tuple[timedelta, timedelta]:
    opens, closes = _HOURS[channel]
    return _since_midnight(why.param(opens)), _since_midnight(why.param(closes))


def _clock(at: datetime) -> timedelta:
    return at - datetime.combine(at.date(), time(0), tzinfo=SHANGHAI)


def _open(channel: str, at: datetime, why: Explainer) -> bool:
    opens, closes = _hours(channel, why)
    return opens <= _clock(at) < closes


def _next_open(channel: str, at: datetime, why: Explainer) -> datetime:
    if _open(channel, at, why):
        return at
    opens, _ = _hours(channel, why)
    midnight = datetime.combine(at.date(), time(0), tzinfo=SHANGHAI)
    if _clock(at) < opens:
        return midnight + opens
    tomorrow = at.date() + timedelta(days=1)
    tomorrow_why = Explainer(why.rule, on=tomorrow)
    return datetime.combine(tomorrow, time(0), tzinfo=SHANGHAI) + _hours(channel, tomorrow_why)[0]


def is_open(channel: str, at: Any) -> bool:
    """Whether the channel ("online" or "phone") is open at `at` (naive datetimes are Asia/Shanghai)."""
    channel = inputs.choice(channel, "channel", CHANNELS)
    at = inputs.as_datetime(at, "at")
    return _open(channel, at, Explainer.of(is_open, on=at.date()))


def next_open(channel: str, at: Any) -> datetime:
    """`at` itself when the channel is open then, else the next opening time (Asia/Shanghai)."""
    channel = inputs.choice(channel, "channel", CHANNELS)
    at = inputs.as_datetime(at, "at")
    return _next_open(channel, at, Explainer.of(next_open, on=at.date()))


def format_remaining(delta: timedelta) -> str:
    """'3 h 05 min', '45 min', '0 min' (seconds are dropped; a countdown never shows a negative time)."""
    minutes = max(int(delta.total_seconds()) // 60, 0)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


@dataclass(frozen=True)
class ServiceStatus(Result):
    """Both channels at one moment: open or not, and when each opens next."""

    at: datetime
    online_open: bool
    phone_open: bool
    online_next: datetime
    phone_next: datetime
    phone_numbers: tuple[str, ...]


def service_status(at: Any) -> ServiceStatus:
    """Whether online and phone customer service are open at `at`, with the next opening of each."""
    at = inputs.as_datetime(at, "at")
    why = Explainer.of(service_status, on=at.date())
    status = {}
    for channel in CHANNELS:
        opens, closes = _HOURS[channel]
        is_open_now = _open(channel, at, why)
        nxt = _next_open(channel, at, why)
        status[channel] = (is_open_now, nxt)
        hours = f"{format_clock(why.param(opens))}–{format_clock(why.param(closes))}"
        why.step(f"{channel.capitalize()} customer service, {hours}: "
                 + ("open now." if is_open_now else f"closed; opens {nxt:%Y-%m-%d %H:%M}."))
    numbers = (why.param(PHONE_HOTLINE), why.param(PHONE_LANDLINE))
    parts = [f"{c} {'open' if status[c][0] else 'closed'}" for c in CHANNELS]
    summary = f"At {at:%Y-%m-%d %H:%M} (Asia/Shanghai): " + ", ".join(parts) + "."
    return ServiceStatus(at=at, online_open=status["online"][0], phone_open=status["phone"][0],
                         online_next=status["online"][1], phone_next=status["phone"][1],
                         phone_numbers=numbers, explanation=why.done(summary))


@dataclass(frozen=True)
class ResubmitDeadline(Result):
    """When a rejected appeal must be resubmitted.

    `same_day_deadline` is the platform's cut-off on the day of the rejection. When the rejection came at or
    after it (`passed`), `deadline` is the handbook's working deadline (the cut-off next day) and `advice`
    says what to do; otherwise `deadline` is the platform's own.
    """

    rejected_at: datetime
    same_day_deadline: datetime
    passed: bool
    deadline: datetime
    remaining: timedelta
    advice: str


def resubmit_deadline(rejected_at: Any) -> ResubmitDeadline:
    """The deadline for resubmitting an appeal rejected at `rejected_at` (naive = Asia/Shanghai)."""
    at = inputs.as_datetime(rejected_at, "rejected_at")
    why = Explainer.of(resubmit_deadline, on=at.date())
    cutoff = why.param(RESUBMIT_CUTOFF)
    same_day = datetime.combine(at.date(), cutoff, tzinfo=SHANGHAI)
    why.step(f"Appeal rejected (驳回) at {at:%Y-%m-%d %H:%M}; the article asks for the resubmission before "
             f"{format_clock(cutoff)} that day.")
    if at < same_day:
        remaining = same_day - at
        why.step(f"{format_remaining(remaining)} left.")
        advice = (f"Supplement the material the rejection asks for and resubmit before {same_day:%H:%M} today "
                  f"({format_remaining(remaining)} left).")
        return ResubmitDeadline(rejected_at=at, same_day_deadline=same_day, passed=False, deadline=same_day,
                                remaining=remaining, advice=advice,
                                explanation=why.done(f"Resubmit by {same_day:%Y-%m-%d %H:%M}."))
    tomorrow = at.date() + timedelta(days=1)
    deadline = datetime.combine(tomorrow, Explainer(why.rule, on=tomorrow).param(RESUBMIT_CUTOFF),
                                tzinfo=SHANGHAI)
    online_close = why.param(ONLINE_CLOSES)
    online_open = why.param(ONLINE_OPENS)
    evening = _open("online", at, why)
    why.step("The rejection came at or after the cut-off: today's window has closed.")
    why.step("Handbook advice: "
             + (f"message online customer service tonight (open until {format_clock(online_close)}) "
                if evening else f"message online customer service when it opens ({format_clock(online_open)}) ")
             + "to report the late rejection, and resubmit as early as possible tomorrow; the handbook's "
               f"working deadline is {deadline:%Y-%m-%d %H:%M} (ours, not the platform's).")
    advice = ("The same-day window has closed. "
              + ("Message online customer service tonight " if evening else "Message online customer service at opening ")
              + f"and resubmit as early as possible tomorrow, at the latest before {deadline:%H:%M} "
                f"on {deadline:%Y-%m-%d} (handbook working deadline, not a platform promise).")
    return ResubmitDeadline(rejected_at=at, same_day_deadline=same_day, passed=True, deadline=deadline,
                            remaining=deadline - at, advice=advice,
                            explanation=why.done(advice))


@dataclass(frozen=True)
class AppealStep:
    """One step of the appeal path, with the on-screen labels quoted as shown."""

    step: int
    what: str          # English, our words
    on_screen: str     # the Chinese labels staff will see
    note: str = ""


APPEAL_PATH: tuple[AppealStep, ...] = (
    AppealStep(1, "Open the violation appeal page from the link in the platform's site message", "站内信详情 → 链接",
               "either this way in…"),
    AppealStep(2, "…or from the left navigation bar", "店铺管理 → 违规信息", "…or this one"),
    AppealStep(3, "Click Search: on the first visit the records only appear after it", "搜索"),
    AppealStep(4, "Narrow down to the record with the quick filters at the top", "店铺违规管理 → 快速筛选"),
    AppealStep(5, "Open the appeal link; the detail page lists the orders, period, product and order share, "
                  "and the measures on the right", "申诉 → 申诉详情页"),
    AppealStep(6, "Write the reason for the appeal and upload the material", "申诉原因 · 申诉材料"),
    AppealStep(7, "If rejected, add what the rejection reason asks for and resubmit before the day's cut-off",
               "驳回 → 重新提交申诉", "see resubmit_deadline"),
)


@dataclass(frozen=True)
class ServiceCheck(Result):
    """One moment: is customer service open, and the resubmission deadline for an appeal rejected then."""

    status: ServiceStatus
    resubmit: ResubmitDeadline


def service_check(at: Any) -> ServiceCheck:
    """`service_status` and `resubmit_deadline` for the same moment (what the service calculator shows)."""
    status = service_status(at)
    resubmit = resubmit_deadline(status.at)
    why = Explainer.of(service_check, on=status.at.date())
    for step in status.explanation.steps + resubmit.explanation.steps:
        why.step(step)
    for p in status.explanation.parameters + resubmit.explanation.parameters:
        why.ref(p.id)
    return ServiceCheck(status=status, resubmit=resubmit,
                        explanation=why.done(f"{status.explanation.summary} {resubmit.advice}"))


_CLOCK_TEXT = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$")


def moment(day: Any, clock: Any) -> datetime:
    """A date and a clock time typed as 'HH:MM' → an Asia/Shanghai datetime (for calculators)."""
    day = inputs.as_date(day, "date")
    match = _CLOCK_TEXT.match(clock) if isinstance(clock, str) else None
    if match is None:
        raise PolicyInputError("time", clock, "a clock time 'HH:MM' from 00:00 to 23:59 (Asia/Shanghai)")
    return datetime.combine(day, time(int(match.group(1)), int(match.group(2))), tzinfo=SHANGHAI)
