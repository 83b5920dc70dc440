"""The chargeback response deadline in working days (`deadline_check`, `response_deadline`, `days_left`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.rules import calendar

WORKING_DAYS = "aliexpress.chargeback.response_working_days"


STRIP_DAYS = 14  # length of the calendar strip the deadline calculator shows (display, not policy)


@dataclass(frozen=True)
class StripDay:
    """One day of the calendar strip the deadline calculator draws."""

    day: date
    kind: str  # calendar.KINDS or "unknown" (a year the calendar library does not know)
    holiday: str | None
    count: int | None  # 1..n for the working days counted towards the deadline
    is_notice: bool
    is_deadline: bool
    is_today: bool


@dataclass(frozen=True)
class DeadlineCheck(Result):
    notified_on: date
    today: date
    working_days: int
    deadline: date
    days_left: int
    counted: tuple[date, ...]  # the working days counted, day 1..n
    strip: tuple[StripDay, ...]

    @property
    def late(self) -> bool:
        return self.today > self.deadline

    @property
    def summary(self) -> str:
        return _deadline_summary(self.deadline, self.today, self.days_left)


def _deadline_summary(deadline: date, today: date, left: int) -> str:
    due = f"{deadline:%a} {deadline.isoformat()}"
    if today > deadline:
        return f"Late: the appeal was due on {due}; {-left} working day(s) late."
    if left == 0:
        return f"Due today, {due}."
    return f"Due on {due}: {left} working day(s) left after today."


def _deadline(notified_on: date, why: Explainer) -> tuple[int, date, tuple[date, ...]]:
    try:
        n = why.param(WORKING_DAYS)
    except PolicyInputError as exc:  # a notice before the rule's known start: name the user's field
        raise PolicyInputError("notified_on", notified_on, exc.accepted, reason=exc.reason) from None
    deadline = calendar.add_working_days(notified_on, n, field="notified_on")
    counted, day = [], notified_on
    for _ in range(n):
        day = calendar.add_working_days(day, 1, field="notified_on")
        counted.append(day)
    kind = calendar.day_kind(notified_on)
    zero = "a working day" if kind.working else f"a non-working day ({_kind_text(kind)})"
    why.step(f"Notice on {notified_on:%a} {notified_on} = day 0 ({zero}); it is not counted.")
    why.step("Working days counted: " + ", ".join(
        f"{i}. {d:%a} {d}" + (" (make-up working day)" if calendar.day_kind(d).kind == "makeup_workday" else "")
        for i, d in enumerate(counted, 1)) + f" → deadline {deadline:%a} {deadline}.")
    return n, deadline, tuple(counted)


def _kind_text(kind: calendar.DayKind) -> str:
    text = {"workday": "workday", "weekend": "weekend", "holiday": "public holiday",
            "makeup_workday": "make-up working day"}[kind.kind]
    return f"{text}, {kind.holiday}" if kind.holiday else text


def _days_left(deadline: date, today: date) -> int:
    if today <= deadline:
        return calendar.working_days_between(today, deadline)
    return -max(1, calendar.working_days_between(deadline, today))


def deadline_check(notified_on: date | str, today: date | str, *, strip_days: int = STRIP_DAYS) -> DeadlineCheck:
    """The appeal deadline for a chargeback notified on `notified_on`, and where `today` stands.

    The notice day is day 0; the deadline is the n-th mainland-China working day after it (n is
    `aliexpress.chargeback.response_working_days`, in force on the notice day). `today` must not be
    before the notice. The strip covers `strip_days` days from the notice day, longer if the deadline
    is later; days in a year the calendar library does not know are marked "unknown", never guessed.
    """
    notified_on = inputs.as_date(notified_on, "notified_on")
    today = inputs.as_date(today, "today")
    strip_days = inputs.count(strip_days, "strip_days", minimum=1, maximum=366)
    if today < notified_on:
        raise PolicyInputError("today", today, f"a date on or after the notice ({notified_on})",
                               reason="today is before the chargeback notice")
    why = Explainer.of(deadline_check, on=notified_on)
    n, deadline, counted = _deadline(notified_on, why)
    try:
        left = _days_left(deadline, today)
    except calendar.OutsideCalendar as exc:
        raise calendar.OutsideCalendar("today", today, exc.accepted, reason=exc.reason) from None
    if today <= deadline:
        why.step(f"Today {today:%a} {today}: {left} working day(s) after today up to the deadline.")
    else:
        why.step(f"Today {today:%a} {today} is after the deadline: {left} (working days since the deadline, "
                 "at least one).")
    return DeadlineCheck(
        notified_on=notified_on, today=today, working_days=n, deadline=deadline, days_left=left,
        counted=counted, strip=_strip(notified_on, today, deadline, counted, strip_days),
        explanation=why.done(_deadline_summary(deadline, today, left)),
    )


def _strip(notified_on: date, today: date, deadline: date, counted: tuple[date, ...], length: int) -> tuple[StripDay, ...]:
    span = max(length, (deadline - notified_on).days + 1)
    numbers = {d: i for i, d in enumerate(counted, 1)}
    days = []
    for offset in range(span):
        d = notified_on + timedelta(days=offset)
        try:
            kind = calendar.day_kind(d)
        except calendar.OutsideCalendar:
            kind = calendar.DayKind("unknown")
        days.append(StripDay(d, kind.kind, kind.holiday, numbers.get(d), d == notified_on, d == deadline,
                             d == today))
    return tuple(days)


def response_deadline(notified_on: date | str) -> date:
    """The last day to send the appeal file: the n-th working day after the notice day (day 0).

    A convenience over `deadline_check`; see the module docstring for the decisions.
    """
    notified_on = inputs.as_date(notified_on, "notified_on")
    return _deadline(notified_on, Explainer.of(response_deadline, on=notified_on))[1]


def days_left(notified_on: date | str, today: date | str) -> int:
    """Working days left after `today` up to the deadline: 0 on the deadline day, negative when late."""
    return deadline_check(notified_on, today).days_left
