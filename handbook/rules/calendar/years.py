"""Which years have an official schedule, and what kind of day a date is."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import chinese_calendar

from handbook import inputs
from handbook.rules.calendar.kinds import OPEN_DECEMBER_FROM, UNKNOWN, DayKind, OutsideCalendar
from handbook.rules.calendar.schedules import Schedule, one_reading, schedules
from handbook.rules.calendar.statutory import statutory_holidays


def library_version() -> str:
    return getattr(chinese_calendar, "__version__", "unknown")


@functools.cache
def supported_years() -> tuple[int, int]:
    """The first and last year the installed calendar library has the official schedule for."""
    days = chinese_calendar.holidays.keys()
    return min(days).year, max(days).year


def _in_library(year: int) -> bool:
    first, last = supported_years()
    return first <= year <= last


@one_reading
def known_years() -> tuple[int, ...]:
    """Every year with an official schedule: the library's years and the schedule files' years."""
    first, last = supported_years()
    return tuple(sorted(set(range(first, last + 1)) | set(schedules())))


def _is_known(year: int) -> bool:
    return _in_library(year) or year in schedules()


@one_reading
def schedule_file(year: int) -> Schedule | None:
    """The schedule file that answers for `year` (None when the library knows the year, or nothing does)."""
    return None if _in_library(year) else schedules().get(year)


@one_reading
def schedule_source(year: int) -> str | None:
    """Where the schedule of a known year comes from, in plain words; None for an unknown year."""
    if _in_library(year):
        return f"the State Council's published schedule for {year}"
    schedule = schedules().get(year)
    if schedule is not None:
        return f"the State Council's schedule for {year} ({schedule.source}, read on {schedule.source.read_on})"
    return None


@one_reading
def known_text() -> str:
    """The known years as ranges, e.g. '2004–2026' or '2004–2026, 2028'."""
    runs: list[list[int]] = []
    for year in known_years():
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _refusal(year: int) -> str:
    if year < supported_years()[0]:
        return f"the handbook has no holiday schedule for {year}"
    return f"the official holiday schedule for {year} has not been added to the handbook yet"


def _check(d: date, field: str, value: Any = None) -> date:
    if not _is_known(d.year):
        raise OutsideCalendar(field, d if value is None else value, f"a date in a year with a schedule ({known_text()})",
                              reason=_refusal(d.year) + "; the handbook does not guess working days")
    return d


#: How many years past the last year with a schedule a provisional answer may reach. Further ahead the
#: handbook's holiday data is plainly out of date (and the law itself may have changed): it refuses.
PROVISIONAL_REACH = 2


@one_reading
def horizon() -> int:
    """The last year a provisional answer may reach."""
    return known_years()[-1] + PROVISIONAL_REACH


def _check_provisional(d: date, field: str, value: Any = None) -> date:
    """Refuse years before the known ones and years past `horizon()`; an unknown year in between is provisional."""
    first, last = supported_years()[0], horizon()
    if not first <= d.year <= last:
        reason = _refusal(d.year) if d.year < first else (
            f"the handbook's holiday schedules end with {known_years()[-1]}, so {d.year} is too far ahead to "
            "estimate; add the schedules or upgrade the calendar library")
        raise OutsideCalendar(field, d if value is None else value, f"a date from {first}-01-01 to {last}-12-31",
                              reason=reason)
    return d


# --- Kinds of day -------------------------------------------------------------------------------------------


def _december_override(d: date) -> DayKind | None:
    """A day of December that next year's schedule file lists (a notice may move days of the December before
    its year, as the 2012 and 2019 notices did): the newer notice wins over this year's schedule."""
    if d.month != 12:
        return None
    following = schedules().get(d.year + 1)
    if following is None or (d not in following.holidays and d not in following.workdays):
        return None
    return following.kind(d)


def _known_kind(d: date) -> DayKind:
    override = _december_override(d)
    if override is not None:
        return override
    if _in_library(d.year):
        if d in chinese_calendar.workdays:
            return DayKind("makeup_workday", chinese_calendar.workdays[d])
        if d in chinese_calendar.holidays:
            return DayKind("holiday", chinese_calendar.holidays[d])
        return DayKind("weekend") if d.weekday() >= 5 else DayKind("workday")
    return schedules()[d.year].kind(d)




def open_december(d: date) -> bool:
    """True for a weekend day of the last week of December whose kind waits for next year's schedule.

    The day's own year is known and gives it as an ordinary weekend day, but the next year is not known yet:
    its notice may still make the day a make-up working day (调休上班), which would make a deadline counted over
    it one working day *earlier*. Provisional counts treat it as likely off and possibly working; the strict
    functions refuse to count over it. (The notice may also make a December weekday a day off, as the 2019
    notice did with Monday 2018-12-31; that can only move a deadline later, so such weekdays are not open.)
    """
    return (d.month == 12 and d.day >= OPEN_DECEMBER_FROM and d.weekday() >= 5 and _is_known(d.year)
            and not _is_known(d.year + 1) and _known_kind(d).kind == "weekend")


def deciding_year(d: date) -> int:
    """The year whose schedule decides the kind of `d`: its own, or the next one for an open December day."""
    return d.year + 1 if open_december(d) else d.year


def _kind(d: date) -> DayKind:
    """The kind of any day from the first known year on: known, or UNKNOWN (statutory holidays stay holidays).

    An open December day (`open_december`) of a known year is UNKNOWN too: next year's notice decides it.
    """
    if _is_known(d.year):
        return DayKind(UNKNOWN) if open_december(d) else _known_kind(d)
    override = _december_override(d)
    if override is not None:
        return override
    name = statutory_holidays(d.year).get(d)
    return DayKind("holiday", name) if name else DayKind(UNKNOWN)


def _likely_working(d: date) -> bool:
    kind = _kind(d)
    return kind.working or (kind.kind == UNKNOWN and d.weekday() < 5)


def _possibly_working(d: date) -> bool:
    kind = _kind(d)
    return kind.working or kind.kind == UNKNOWN


@one_reading
def day_kind(d: date | str, *, field: str = "date", allow_unknown: bool = False) -> DayKind:
    """Whether `d` is an ordinary workday, a weekend, a public holiday or a make-up working day.

    A weekend day inside a holiday period is a "holiday" (with the holiday's name); a weekend day worked
    in exchange is a "makeup_workday". A day of an unknown year raises `OutsideCalendar`, or, with
    `allow_unknown=True`, is "unknown" (its statutory holidays are "holiday": the law fixes those).
    """
    d = inputs.as_date(d, field)
    if allow_unknown:
        return _kind(_check_provisional(d, field))
    return _known_kind(_check(d, field))


@one_reading
def is_working_day(d: date | str, *, field: str = "date") -> bool:
    """True on a mainland-China working day (ordinary workday or make-up working day)."""
    return day_kind(d, field=field).working
