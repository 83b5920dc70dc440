"""Counting working days: strict (known years only) and final-or-provisional with a send-by date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from handbook import inputs
from handbook.rules.calendar.kinds import UNKNOWN, OutsideCalendar
from handbook.rules.calendar.schedules import one_reading
from handbook.rules.calendar.years import (
    _check,
    _check_provisional,
    _is_known,
    _kind,
    _likely_working,
    _possibly_working,
    _refusal,
    deciding_year,
    known_text,
    open_december,
)

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkingDays:
    """`n` working days counted from `start` (day 0, never counted)."""

    start: date
    n: int
    end: date  # the n-th working day after start: final, or the likely one when provisional
    counted: tuple[date, ...]  # the working days counted, day 1..n (the likely ones when provisional)
    send_by: date  # == end when final; otherwise the earliest the final answer can be (module docstring)
    unknown_years: tuple[int, ...]  # years whose schedule is not known and decides a day between start and end
    open_days: tuple[date, ...] = ()  # weekend days of a known December before `end` that next year's notice decides

    @property
    def provisional(self) -> bool:
        return bool(self.unknown_years)


def _nth(start: date, n: int, working, field: str) -> tuple[date, ...]:
    counted, day = [], start
    while len(counted) < n:
        day += ONE_DAY
        if day.month == day.day == 1:  # a new year: still within reach?
            try:
                _check_provisional(day, field, start)
            except OutsideCalendar as exc:  # `start` itself is in range: say that the count runs out of it
                raise OutsideCalendar(
                    field, start, f"a date whose {n} working day(s) after it end by {day.year - 1}-12-31",
                    reason=f"counting {n} working day(s) from {start} reaches {day.year}: {exc.reason}") from None
        if working(day):
            counted.append(day)
    return tuple(counted)


@one_reading
def count_working_days(start: date | str, n: int, *, field: str = "start") -> WorkingDays:
    """The n-th working day after `start` (day 0), final where the schedule is known, else provisional.

    A count that reaches a year after the known ones (up to `horizon()`) is answered, not refused: `end` is
    then the likely day, `provisional` is True and `send_by` is the day that cannot be late under any
    published arrangement (see the package docstring). Years before the known ones or past `horizon()` raise
    `OutsideCalendar`.
    """
    start = _check_provisional(inputs.as_date(start, field), field)
    n = inputs.count(n, "n")
    counted = _nth(start, n, _likely_working, field)
    end = counted[-1] if counted else start
    years = range((start + ONE_DAY).year, end.year + 1) if end > start else ()
    open_days = _open_days(start, end)
    unknown = tuple(sorted({y for y in years if not _is_known(y)} | {d.year + 1 for d in open_days}))
    safe = _nth(start, n, _possibly_working, field)[-1] if unknown else end
    return WorkingDays(start, n, end, counted, safe, unknown, open_days)


def _open_days(start: date, end: date) -> tuple[date, ...]:
    """The open December days d with start < d <= end (`years.open_december`)."""
    days, day = [], start
    while day < end:
        day += ONE_DAY
        if day.month == 12 and open_december(day):
            days.append(day)
    return tuple(days)


@one_reading
def add_working_days(start: date | str, n: int, *, field: str = "start") -> date:
    """The n-th working day after `start`, where every day counted over has a known schedule.

    `start` is day 0 and is never counted, whether or not it is a working day; the count begins on the
    day after it. `n` = 0 returns `start` itself. A count that reaches a year without a schedule raises
    `OutsideCalendar` (use `count_working_days` for a provisional answer).
    """
    start = _check(inputs.as_date(start, field), field)
    result = count_working_days(start, n, field=field)
    if result.provisional:
        year = result.unknown_years[0]
        if result.open_days and result.end.year < year:
            reason = (f"counting {result.n} working days from {start} passes {_dates(result.open_days)}, weekend "
                      f"days that the {year} schedule may make working days: " + _refusal(year))
        else:
            reason = f"counting {result.n} working days from {start} reaches {year}: " + _refusal(year)
        raise OutsideCalendar(
            field, start, f"a date whose {_ordinal(result.n)} working day after it falls in a year with a schedule "
                          f"({known_text()})", reason=reason)
    return result.end


def _dates(days: tuple[date, ...]) -> str:
    return " and ".join(d.isoformat() for d in days)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Tally(NamedTuple):
    """Working days d with start < d <= end (negative when end < start); provisional in unknown years."""

    count: int
    unknown_years: tuple[int, ...]

    @property
    def provisional(self) -> bool:
        return bool(self.unknown_years)


@one_reading
def tally_working_days(start: date | str, end: date | str) -> Tally:
    """Like `working_days_between`, but a day of an unknown year counts as likely (Mon–Fri, not statutory)."""
    start = _check_provisional(inputs.as_date(start, "start"), "start")
    end = _check_provisional(inputs.as_date(end, "end"), "end")
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    total, unknown, day = 0, set(), start
    while day < end:
        day += ONE_DAY
        kind = _kind(day)
        total += kind.working or (kind.kind == UNKNOWN and day.weekday() < 5)  # as _likely_working
        if kind.kind == UNKNOWN:  # a statutory holiday of an unknown year is certain: the law fixes it
            unknown.add(deciding_year(day))
    return Tally(sign * total, tuple(sorted(unknown)))


@one_reading
def working_days_between(start: date | str, end: date | str) -> int:
    """The number of working days d with start < d <= end; negative (−count of end < d <= start) if end < start."""
    start = _check(inputs.as_date(start, "start"), "start")
    end = _check(inputs.as_date(end, "end"), "end")
    tally = tally_working_days(start, end)
    if tally.provisional:  # a year in between without a schedule
        year = tally.unknown_years[0]
        raise OutsideCalendar("end", end, f"a date in a year with a schedule ({known_text()})",
                              reason=_refusal(year))
    return tally.count
