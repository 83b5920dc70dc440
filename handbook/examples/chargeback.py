"""Chargeback deadline examples and their outcomes in words, from the computed deadline (notebook 02, quiz)."""

from __future__ import annotations

from datetime import date, timedelta

from handbook.examples import either
from handbook.rules import calendar
from handbook.rules.chargeback import DeadlineCheck, deadline_check, response_deadline

KIND_WORDS = {"workday": "a working day", "weekend": "a weekend day", "holiday": "a public holiday",
              "makeup_workday": "a make-up working day (调休上班)"}


def day_after_deadline(notified_on: date) -> date:
    """The first working day after the deadline of a notice of `notified_on` (the file is then late)."""
    return calendar.add_working_days(response_deadline(notified_on), 1)


def first_counted_day(notified_on: date) -> date:
    """The first working day counted after a notice of `notified_on`: on it the deadline has not passed, whatever
    the window (with a one-day window it is the deadline itself)."""
    return deadline_check(notified_on, notified_on).counted[0]


def _day(d: date) -> str:
    return f"{d:%A} {d.isoformat()}"


def count_words(check: DeadlineCheck) -> str:
    """Which days after the notice count and which do not, up to the deadline, read from the result."""
    days, skipped = [], []
    day = check.notified_on + timedelta(days=1)
    while day <= check.deadline:
        (days if day in check.counted else skipped).append(day)
        day += timedelta(days=1)
    counted = ", ".join(f"{d:%A}" for d in days)
    text = f"the working days counted are {counted}"
    if skipped:
        text += f"; {', '.join(f'{d:%A}' for d in skipped)} {either(len(skipped) == 1, 'does', 'do')} not count"
    return f"{text}; the last day is **{_day(check.deadline)}**"


def same_deadline_words(notices: list[date]) -> str:
    """Which notice days share a deadline, computed."""
    groups: dict[date, list[date]] = {}
    for notice in notices:
        groups.setdefault(response_deadline(notice), []).append(notice)
    parts = []
    for deadline, days in groups.items():
        names = ", ".join(f"{d:%A}" for d in days)
        parts.append(f"notices on {names} are due on {_day(deadline)}")
    return "; ".join(parts) + "."


def deadline_day_words(check: DeadlineCheck) -> str:
    """'**Saturday 2026-10-10**: a make-up working day (调休上班)' — the deadline and the kind of day it is."""
    kind = calendar.day_kind(check.deadline).kind
    return f"**{_day(check.deadline)}**, {KIND_WORDS[kind]}"


def deadline_skips_words(check: DeadlineCheck) -> str:
    """What the count passes over between the notice and the deadline (holidays, weekends, make-up days)."""
    kinds: dict[str, int] = {}
    day = check.notified_on + timedelta(days=1)
    while day <= check.deadline:
        kind = calendar.day_kind(day).kind
        kinds[kind] = kinds.get(kind, 0) + 1
        day += timedelta(days=1)
    counts = {"holiday": "not counted", "weekend": "not counted", "makeup_workday": "counted"}
    parts = [f"{kinds[k]} {KIND_WORDS[k].split(' (')[0].removeprefix('a ')}{'s' if kinds[k] > 1 else ''} "
             f"({counts[k]})" for k in ("holiday", "weekend", "makeup_workday") if k in kinds]
    return either(parts, "between the notice and the deadline: " + ", ".join(parts), "no day off in between")


def left_words(check: DeadlineCheck) -> str:
    """Working days left after today, or that the deadline has passed."""
    if check.days_left < 0:
        return f"the deadline ({_day(check.deadline)}) has passed"
    if check.days_left == 0:
        return f"today is the deadline ({_day(check.deadline)})"
    return (f"**{check.days_left}** working day{'s' if check.days_left != 1 else ''} left after today, up to the "
            f"deadline on {_day(check.deadline)}")




def makeup_warning(check: DeadlineCheck) -> str:
    """A warning when the deadline falls on a weekend day worked in exchange for a holiday (else nothing)."""
    if calendar.day_kind(check.deadline).kind != "makeup_workday":
        return ""
    return (f" A {check.deadline:%A} worked in exchange for the long holiday: a team that assumes "
            f"\"{check.deadline:%A} is off\" misses it.")


def kind_words(day: date) -> str:
    """'a make-up working day (调休上班), so the team works' / 'a weekend day, so the team is off'."""
    kind = calendar.day_kind(day)
    return f"{KIND_WORDS[kind.kind]}, so the team {either(kind.working, 'works', 'is off')}"
