"""Mainland-China working days (工作日): the official schedule where it is known, a provisional count where not.

A working day is a day people work in mainland China: Monday to Friday unless it is a day off, plus the
weekend days worked in exchange for a longer holiday (调休上班, "make-up working days"). The General Office
of the State Council (国务院办公厅) publishes each year's arrangement (放假调休), usually in November of the
year before. Where a year's schedule comes from, in this order:

1. **The calendar library** (`chinese-calendar`) for the years it packages (`supported_years()`).
2. **A schedule file** `handbook/policy/calendar/<year>.yaml` for a year the library does not know yet,
   typed from the State Council's notice the day it is published (`load_schedule` checks it)::

       year: 2027
       source: {document: 国务院办公厅关于2027年部分节假日安排的通知, section: optional, url: optional, read_on: 2026-12-01}
       holidays: [2027-01-01, ...]   # every day off that is not an ordinary weekend day off,
                                     # and the weekend days inside a holiday block
       workdays: [...]               # weekend days that are working days (调休上班)

   A day of a file's year is a working day when it is in `workdays`, or when it is Monday–Friday and not
   in `holidays`. The folder is `schedule_folder()`: the environment variable `HANDBOOK_CALENDAR_DIR` when
   set (tests point it at a temporary folder), otherwise the package's folder. The library stays the source
   for the years it knows; a file only fills a year it lacks (a test checks that both agree where both know).
3. **Neither: the year is unknown.** The strict functions (`day_kind`, `is_working_day`, `add_working_days`,
   `working_days_between`) refuse with `OutsideCalendar`: they never guess. `count_working_days` and
   `tally_working_days` answer *provisionally* and say so (below). Years before the library's first year
   are always refused (the holiday law was different then).

**The provisional count** (a year after the known ones). The *likely* working days are Monday–Friday
except the statutory holidays (法定节假日) of 《全国年节及纪念日放假办法》 as amended in November 2024 (in
force from 2025-01-01): New Year's Day, the Spring Festival from lunar New Year's Eve to the third day of the
first lunar month, Qingming, Labour Day (1–2 May), the Dragon Boat Festival, the Mid-Autumn Festival and
National Day (1–3 October). Their dates, lunar ones included, come from the `holidays` library (its
"(observed)" and substituted days are its own guesses or other years' arrangements, and are left out). No
make-up working days and no bridge days are assumed: the published schedule may add both.

**The send-by rule.** `WorkingDays.send_by` is the n-th day after the start that is *not a statutory
holiday* of an unknown year (days in known years count only if they are working days). It assumes that
every weekend day of an unknown year might be made a working day. The bound: whatever arrangement is
published, so long as the statutory holidays are days off (the law fixes them), the final n-th working day
is never before `send_by`: the final working days of an unknown year are a subset of its non-statutory days,
and the n-th element of a subset is never earlier than the n-th element of the whole. It is also never
after the likely deadline (the likely working days are such a subset too).

**How far the final answer can move.** Compared with the likely deadline, the published schedule can only
(a) add days off on weekdays (bridge days, 调休放假) — each one before the deadline moves it one likely working
day later — and (b) make weekend days working days — each one moves it at most one working day earlier,
never before `send_by`. Exactly: counted in likely working days, the final deadline lies at most as many
days after the likely one as the schedule adds bridge days between the start and the final deadline.

**What the bound does not cover.** A schedule already known is taken as it stands. A notice has twice
changed days of the December before its own year (2011-12-31 and 2018-12-29 were make-up Saturdays
set by the next year's notice); the handbook would only learn such a change with the library or file
that carries it.

Public API (other areas import it; keep it small):

    supported_years() -> tuple[int, int]        first and last year the library knows
    known_years() -> tuple[int, ...]            every year with a schedule (library or file)
    schedule_source(year) -> str | None         where a known year's schedule comes from, in plain words
    is_working_day(d) -> bool                   strict
    day_kind(d) -> DayKind                      strict ("workday" | "weekend" | "holiday" | "makeup_workday", holiday name)
    day_kind(d, allow_unknown=True)             also "unknown" for a day of an unknown year (statutory holidays stay "holiday")
    add_working_days(start, n) -> date          strict: the n-th working day after `start` (start is day 0)
    working_days_between(start, end) -> int     strict: working days d with start < d <= end (negative if end < start)
    count_working_days(start, n) -> WorkingDays  final or provisional, with send_by
    tally_working_days(start, end) -> Tally     like working_days_between, provisional in unknown years
    statutory_holidays(year) -> dict[date, str]
    schedules() / load_schedule(path) / schedule_folder()
    OutsideCalendar, ScheduleFileError

Dates are `datetime.date` or ISO text 'YYYY-MM-DD' (validated with `handbook.inputs.as_date`).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import chinese_calendar
import yaml

from handbook import inputs, strict_yaml
from handbook.errors import DataFileError, PolicyInputError
from handbook.policy.registry import Source, read_source

__all__ = [
    "KINDS",
    "SCHEDULE_DIR_ENV",
    "UNKNOWN",
    "DayKind",
    "OutsideCalendar",
    "Schedule",
    "ScheduleFileError",
    "Tally",
    "WorkingDays",
    "add_working_days",
    "count_working_days",
    "day_kind",
    "is_working_day",
    "known_years",
    "library_version",
    "load_schedule",
    "schedule_folder",
    "schedule_source",
    "schedules",
    "statutory_holidays",
    "supported_years",
    "tally_working_days",
    "working_days_between",
]

ONE_DAY = timedelta(days=1)

#: The kinds of day `day_kind` returns, in the order a legend lists them.
KINDS = ("workday", "weekend", "holiday", "makeup_workday")
#: The kind of a day in a year whose schedule is not known (`day_kind(d, allow_unknown=True)`).
UNKNOWN = "unknown"
#: Environment variable naming the folder of schedule files (default: the package's folder).
SCHEDULE_DIR_ENV = "HANDBOOK_CALENDAR_DIR"
DEFAULT_SCHEDULE_DIR = Path(__file__).resolve().parent.parent / "policy" / "calendar"


class OutsideCalendar(PolicyInputError):
    """A date in a year the handbook has no official holiday schedule for."""


class ScheduleFileError(DataFileError):
    """A holiday schedule file that does not follow the schema: file, entry, problem."""


class DayKind(NamedTuple):
    """What kind of day a date is, and the holiday it belongs to (English name), if any."""

    kind: str  # one of KINDS, or UNKNOWN
    holiday: str | None = None

    @property
    def working(self) -> bool:
        return self.kind in ("workday", "makeup_workday")


# ---------------------------------------------------------------------------------------------------
# Schedule files


@dataclass(frozen=True)
class Schedule:
    """One year's published arrangement, read from a schedule file."""

    year: int
    source: Source
    holidays: frozenset[date]
    workdays: frozenset[date]
    file: str

    def kind(self, d: date) -> DayKind:
        if d in self.workdays:
            return DayKind("makeup_workday")
        if d in self.holidays:
            return DayKind("holiday", statutory_holidays(d.year).get(d))
        return DayKind("weekend") if d.weekday() >= 5 else DayKind("workday")


SCHEDULE_KEYS = {"year", "source", "holidays", "workdays"}


def load_schedule(path: Path | str) -> Schedule:
    """Read and check one schedule file; every problem is a `ScheduleFileError` naming the file and entry."""
    path = Path(path)
    name = path.name

    def fail(problem: str, item: str | None = None) -> ScheduleFileError:
        return ScheduleFileError(name, item, problem)

    try:
        raw = strict_yaml.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise fail(f"not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise fail("expected a mapping with year, source, holidays and workdays")
    strict_yaml.check_keys(raw, SCHEDULE_KEYS, SCHEDULE_KEYS, fail, "the schedule")
    year = raw["year"]
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 < year < 2200:
        raise fail(f"must be a year such as 2027, got {year!r}", "year")
    if path.stem != str(year):
        raise fail(f"the file for {year} must be named {year}.yaml", "year")
    source = read_source(raw["source"], lambda problem: fail(problem, "source"), "source")
    holidays = _dates(raw["holidays"], "holidays", year, fail)
    workdays = _dates(raw["workdays"], "workdays", year, fail)
    both = sorted(holidays & workdays)
    if both:
        raise fail(f"{both[0]} is listed both as a day off and as a working day", "workdays")
    weekdays = sorted(d for d in workdays if d.weekday() < 5)
    if weekdays:
        raise fail(f"{weekdays[0]} is a {weekdays[0]:%A}; list only weekend days worked in exchange (调休上班)",
                   "workdays")
    statutory = statutory_holidays(year)
    missing = sorted(set(statutory) - holidays)
    if missing:
        raise fail(f"{missing[0]} ({statutory[missing[0]]}) is a statutory holiday and must be listed", "holidays")
    return Schedule(year, source, frozenset(holidays), frozenset(workdays), name)


def _dates(raw: Any, key: str, year: int, fail) -> set[date]:
    if not isinstance(raw, list):
        raise fail("must be a list of dates YYYY-MM-DD (an empty list is [])", key)
    seen: set[date] = set()
    for item in raw:
        if not isinstance(item, date) or hasattr(item, "hour"):
            raise fail(f"{item!r} is not a date YYYY-MM-DD", key)
        if item.year != year:
            raise fail(f"{item} is not in {year}", key)
        if item in seen:
            raise fail(f"{item} is listed twice", key)
        seen.add(item)
    return seen


def schedule_folder() -> Path:
    """The folder of schedule files: `$HANDBOOK_CALENDAR_DIR` when set, otherwise the package's folder."""
    override = os.environ.get(SCHEDULE_DIR_ENV)
    return Path(override) if override else DEFAULT_SCHEDULE_DIR


def schedules(folder: Path | str | None = None) -> dict[int, Schedule]:
    """Every schedule file in `folder` (default `schedule_folder()`), by year; re-read when a file changes."""
    folder = Path(folder) if folder is not None else schedule_folder()
    try:
        entries = sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in os.scandir(folder)
                         if e.name.endswith(".yaml") and e.is_file())
    except FileNotFoundError:
        entries = []
    return _load_folder(str(folder), tuple(entries))


@functools.lru_cache(maxsize=8)
def _load_folder(folder: str, entries: tuple) -> dict[int, Schedule]:
    loaded = (load_schedule(Path(folder) / name) for name, _, _ in entries)
    return {s.year: s for s in loaded}


# ---------------------------------------------------------------------------------------------------
# Statutory holidays (for files and provisional answers)


@functools.cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory holidays of `year` (法定节假日), English names, from the `holidays` library.

    Only the law's own days: the library's "(observed)" days (its guesses) and its substituted days off
    (a year's arrangement, which the handbook takes from the schedule instead) are left out.
    """
    import holidays as holidays_lib  # imported on first use: it is needed only near a year boundary

    table = holidays_lib.country_holidays("CN", years=year, observed=False, language="en_US")
    days = {}
    for d in sorted(table):
        names = [n for n in table.get_list(d) if not n.startswith("Day off") and "(observed)" not in n]
        if names:
            days[d] = "; ".join(names)
    return days


# ---------------------------------------------------------------------------------------------------
# Which years are known


def library_version() -> str:
    return getattr(chinese_calendar, "__version__", "unknown")


def supported_years() -> tuple[int, int]:
    """The first and last year the installed calendar library has the official schedule for."""
    days = chinese_calendar.holidays.keys()
    return min(days).year, max(days).year


def _in_library(year: int) -> bool:
    first, last = supported_years()
    return first <= year <= last


def known_years() -> tuple[int, ...]:
    """Every year with an official schedule: the library's years and the schedule files' years."""
    first, last = supported_years()
    return tuple(sorted(set(range(first, last + 1)) | set(schedules())))


def _is_known(year: int) -> bool:
    return _in_library(year) or year in schedules()


def schedule_source(year: int) -> str | None:
    """Where the schedule of a known year comes from, in plain words; None for an unknown year."""
    if _in_library(year):
        return f"the State Council's published schedule for {year}"
    schedule = schedules().get(year)
    if schedule is not None:
        return f"the State Council's schedule for {year} ({schedule.source}, read on {schedule.source.read_on})"
    return None


def _known_text() -> str:
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
        raise OutsideCalendar(field, d if value is None else value, f"a date in a year with a schedule ({_known_text()})",
                              reason=_refusal(d.year) + "; the handbook does not guess working days")
    return d


def _check_provisional(d: date, field: str, value: Any = None) -> date:
    """Refuse only years before the known ones (a later unknown year gets a provisional answer)."""
    first = supported_years()[0]
    if d.year < first:
        raise OutsideCalendar(field, d if value is None else value, f"a date from {first}-01-01 on",
                              reason=_refusal(d.year))
    return d


# ---------------------------------------------------------------------------------------------------
# Kinds of day


def _known_kind(d: date) -> DayKind:
    if _in_library(d.year):
        if d in chinese_calendar.workdays:
            return DayKind("makeup_workday", chinese_calendar.workdays[d])
        if d in chinese_calendar.holidays:
            return DayKind("holiday", chinese_calendar.holidays[d])
        return DayKind("weekend") if d.weekday() >= 5 else DayKind("workday")
    return schedules()[d.year].kind(d)


def _kind(d: date) -> DayKind:
    """The kind of any day from the first known year on: known, or UNKNOWN (statutory holidays stay holidays)."""
    if _is_known(d.year):
        return _known_kind(d)
    name = statutory_holidays(d.year).get(d)
    return DayKind("holiday", name) if name else DayKind(UNKNOWN)


def _likely_working(d: date) -> bool:
    kind = _kind(d)
    return kind.working or (kind.kind == UNKNOWN and d.weekday() < 5)


def _possibly_working(d: date) -> bool:
    kind = _kind(d)
    return kind.working or kind.kind == UNKNOWN


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


def is_working_day(d: date | str, *, field: str = "date") -> bool:
    """True on a mainland-China working day (ordinary workday or make-up working day)."""
    return day_kind(d, field=field).working


# ---------------------------------------------------------------------------------------------------
# Counting


@dataclass(frozen=True)
class WorkingDays:
    """`n` working days counted from `start` (day 0, never counted)."""

    start: date
    n: int
    end: date  # the n-th working day after start: final, or the likely one when provisional
    counted: tuple[date, ...]  # the working days counted, day 1..n (the likely ones when provisional)
    send_by: date  # == end when final; otherwise the earliest the final answer can be (module docstring)
    unknown_years: tuple[int, ...]  # years between start and end whose schedule is not known

    @property
    def provisional(self) -> bool:
        return bool(self.unknown_years)


def _nth(start: date, n: int, working) -> tuple[date, ...]:
    counted, day = [], start
    while len(counted) < n:
        day += ONE_DAY
        if working(day):
            counted.append(day)
    return tuple(counted)


def count_working_days(start: date | str, n: int, *, field: str = "start") -> WorkingDays:
    """The n-th working day after `start` (day 0), final where the schedule is known, else provisional.

    Never refuses a year after the known ones: the answer is then the likely day, `provisional` is True and
    `send_by` is the day that cannot be late under any published arrangement (see the module docstring).
    """
    start = _check_provisional(inputs.as_date(start, field), field)
    n = inputs.count(n, "n")
    counted = _nth(start, n, _likely_working)
    end = counted[-1] if counted else start
    years = range((start + ONE_DAY).year, end.year + 1) if end > start else ()
    unknown = tuple(y for y in years if not _is_known(y))
    safe = _nth(start, n, _possibly_working)[-1] if unknown else end
    return WorkingDays(start, n, end, counted, safe, unknown)


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
        raise OutsideCalendar(
            field, start, f"a date whose {_ordinal(result.n)} working day after it falls in a year with a schedule "
                          f"({_known_text()})",
            reason=f"counting {result.n} working days from {start} reaches {year}: " + _refusal(year))
    return result.end


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
        total += _likely_working(day)
        if not _is_known(day.year):
            unknown.add(day.year)
    return Tally(sign * total, tuple(sorted(unknown)))


def working_days_between(start: date | str, end: date | str) -> int:
    """The number of working days d with start < d <= end; negative (−count of end < d <= start) if end < start."""
    start = _check(inputs.as_date(start, "start"), "start")
    end = _check(inputs.as_date(end, "end"), "end")
    tally = tally_working_days(start, end)
    if tally.provisional:  # a year in between without a schedule
        year = tally.unknown_years[0]
        raise OutsideCalendar("end", end, f"a date in a year with a schedule ({_known_text()})",
                              reason=_refusal(year))
    return tally.count
