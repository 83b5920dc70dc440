"""Customer-service and resubmission examples built from the clock times in force (notebook 04, quiz)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from handbook import policy
from handbook.areas import area
from handbook.examples import either
from handbook.inputs import SHANGHAI
from handbook.rules.service import PHONE_CLOSES, RESUBMIT_CUTOFF, ResubmitDeadline, ServiceStatus, format_remaining

EXAMPLE_DAY = area("fake_shipping").example_date  # the notebook's TODAY (handbook/areas.py)


def at_clock(param: str, minutes: int = 0, day: date = EXAMPLE_DAY, on: date | None = None) -> datetime:
    """`minutes` after (or before, if negative) the clock time `param` on `day` (Asia/Shanghai)."""
    clock = policy.get(param, on or day)
    return datetime.combine(day, clock, tzinfo=SHANGHAI) + timedelta(minutes=minutes)


def cutoff_moment(minutes: int = 0, day: date = EXAMPLE_DAY, on: date | None = None) -> datetime:
    """`minutes` after the resubmission cut-off on `day` (negative: before it)."""
    return at_clock(RESUBMIT_CUTOFF, minutes, day, on)


def after_phone_closes(minutes: int = 30, day: date = EXAMPLE_DAY, on: date | None = None) -> datetime:
    """`minutes` after the phone line closes on `day`."""
    return at_clock(PHONE_CLOSES, minutes, day, on)


def resubmit_heading(result: ResubmitDeadline) -> str:
    """'rejected 45 min before the cut-off' / 'rejected 30 min after the cut-off' / 'at the cut-off'."""
    gap = result.rejected_at - result.same_day_deadline
    if gap == timedelta(0):
        return "rejected at the cut-off itself"
    return f"rejected {format_remaining(abs(gap))} {either(gap < timedelta(0), 'before', 'after')} the cut-off"


def resubmit_verdict(result: ResubmitDeadline) -> str:
    """Whether the same-day window is still open, from the computed result."""
    return either(result.passed,
                  "\"Before\" is strict, so this rejection has missed the same-day window.",
                  f"The same-day window is still open ({format_remaining(result.remaining)} left).")


def status_words(status: ServiceStatus) -> str:
    """Which channels answer at the moment, and when a closed one opens again."""
    def one(name: str, is_open: bool, nxt: datetime) -> str:
        return either(is_open, f"{name} is **open**", f"{name} is closed and opens again at **{nxt:%Y-%m-%d %H:%M}**")

    return (one("Online customer service", status.online_open, status.online_next) + "; "
            + one("the phone line", status.phone_open, status.phone_next) + ".")
