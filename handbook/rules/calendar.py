"""Mainland-China working days (工作日), from the official holiday schedule.

A working day is a day people work in mainland China: Monday to Friday unless it is a public
holiday, plus the weekend days worked in exchange for a longer holiday (调休, "make-up working days").
The schedule is published by the State Council each year (usually in November for the next year);
the handbook reads it from the maintained `chinese-calendar` library and never guesses: a date in a
year the installed library does not know raises `OutsideCalendar` (a `PolicyInputError`) naming the
years it does know. When the library learns a new year, upgrading it is the whole fix.

Public API (other areas import it; keep it small):

    supported_years() -> tuple[int, int]        first and last year the library knows
    is_working_day(d) -> bool
    day_kind(d) -> DayKind                      ("workday" | "weekend" | "holiday" | "makeup_workday", holiday name)
    add_working_days(start, n) -> date          the n-th working day after `start` (start is day 0)
    working_days_between(start, end) -> int     working days d with start < d <= end (negative if end < start)
    OutsideCalendar                             the error for a date the library does not cover

Dates are `datetime.date` or ISO text 'YYYY-MM-DD' (validated with `handbook.inputs.as_date`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

import chinese_calendar

from handbook import inputs
from handbook.errors import PolicyInputError

__all__ = [
    "KINDS",
    "DayKind",
    "OutsideCalendar",
    "add_working_days",
    "day_kind",
    "is_working_day",
    "library_version",
    "supported_years",
    "working_days_between",
]

ONE_DAY = timedelta(days=1)

#: The kinds of day `day_kind` returns, in the order a legend lists them.
KINDS = ("workday", "weekend", "holiday", "makeup_workday")


class OutsideCalendar(PolicyInputError):
    """A date in a year the installed `chinese-calendar` has no official schedule for."""


class DayKind(NamedTuple):
    """What kind of day a date is, and the holiday it belongs to (English name from the library)."""

    kind: str  # one of KINDS
    holiday: str | None = None

    @property
    def working(self) -> bool:
        return self.kind in ("workday", "makeup_workday")


def library_version() -> str:
    return getattr(chinese_calendar, "__version__", "unknown")


def supported_years() -> tuple[int, int]:
    """The first and last year the installed library has the official schedule for (read from it)."""
    days = chinese_calendar.holidays.keys()
    return min(days).year, max(days).year


def _accepted() -> str:
    first, last = supported_years()
    return f"a date from {first}-01-01 to {last}-12-31 (the years chinese-calendar {library_version()} knows)"


def _check(d: date, field: str, value: Any = None, reason: str | None = None, accepted: str | None = None) -> date:
    first, last = supported_years()
    if not first <= d.year <= last:
        why = reason or (
            f"the official holiday schedule for {d.year} is not in chinese-calendar {library_version()}; "
            "the handbook does not guess working days"
        )
        raise OutsideCalendar(field, d if value is None else value, accepted or _accepted(), reason=why)
    return d


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _kind(d: date) -> DayKind:
    # d is already checked to be inside the supported years
    if d in chinese_calendar.workdays:
        return DayKind("makeup_workday", chinese_calendar.workdays[d])
    if d in chinese_calendar.holidays:
        return DayKind("holiday", chinese_calendar.holidays[d])
    return DayKind("weekend") if d.weekday() >= 5 else DayKind("workday")


def day_kind(d: date | str, *, field: str = "date") -> DayKind:
    """Whether `d` is an ordinary workday, a weekend, a public holiday or a make-up working day.

    A weekend day inside a holiday period is a "holiday" (with the holiday's name); a weekend day
    worked in exchange is a "makeup_workday" (with the name of the holiday it pays for).
    """
    return _kind(_check(inputs.as_date(d, field), field))


def is_working_day(d: date | str, *, field: str = "date") -> bool:
    """True on a mainland-China working day (ordinary workday or make-up working day)."""
    return day_kind(d, field=field).working


def add_working_days(start: date | str, n: int, *, field: str = "start") -> date:
    """The n-th working day after `start`.

    `start` is day 0 and is never counted, whether or not it is a working day; the count begins on
    the day after it. `n` = 0 returns `start` itself. Every day walked over must be in a year the
    library knows, otherwise `OutsideCalendar` says so (the answer would be a guess).
    """
    start = _check(inputs.as_date(start, field), field)
    n = inputs.count(n, "n")
    day, counted = start, 0
    while counted < n:
        day += ONE_DAY
        _check(day, field, start, reason=(
            f"counting {n} working days from {start} reaches {day.year}, whose official holiday schedule "
            f"is not in chinese-calendar {library_version()}; the handbook does not guess working days"),
            accepted=f"a date whose {_ordinal(n)} working day after it falls by {supported_years()[1]}-12-31 "
                     f"(chinese-calendar {library_version()} knows {supported_years()[0]}–{supported_years()[1]})")
        if _kind(day).working:
            counted += 1
    return day


def working_days_between(start: date | str, end: date | str) -> int:
    """The number of working days d with start < d <= end; negative (−count of end < d <= start) if end < start."""
    start = _check(inputs.as_date(start, "start"), "start")
    end = _check(inputs.as_date(end, "end"), "end")
    if end < start:
        return -working_days_between(end, start)
    total, day = 0, start
    while day < end:
        day += ONE_DAY
        total += _kind(day).working
    return total
