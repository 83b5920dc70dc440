"""Holiday schedule files: `<year>.yaml` for a year the calendar library does not know yet (schema in the
package docstring and in handbook/policy/calendar/README.md)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml

from handbook import strict_yaml
from handbook.policy.registry import Source, read_source
from handbook.rules.calendar.kinds import OPEN_DECEMBER_FROM, DayKind, ScheduleFileError
from handbook.rules.calendar.statutory import statutory_holidays

#: Environment variable naming the folder of schedule files (default: the package's folder).
SCHEDULE_DIR_ENV = "HANDBOOK_CALENDAR_DIR"
DEFAULT_SCHEDULE_DIR = Path(__file__).resolve().parents[2] / "policy" / "calendar"
T = TypeVar("T")


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
        raise fail(f"must be a year such as 2027 (a number, without quotes), got {_plain(year)}", "year")
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


def _plain(value: Any) -> str:
    """A value as the person typed it in the file, never a Python repr."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S} (a date with a time)"
    if isinstance(value, str):
        return f'"{value}"'
    return "an empty entry" if value is None else str(value)


def _dates(raw: Any, key: str, year: int, fail) -> set[date]:
    if not isinstance(raw, list):
        raise fail("must be a list of dates YYYY-MM-DD (an empty list is [])", key)
    seen: set[date] = set()
    for item in raw:
        if not isinstance(item, date) or hasattr(item, "hour"):
            raise fail(f"{_plain(item)} is not a date YYYY-MM-DD", key)
        if item.year != year and not (item.year == year - 1 and item.month == 12):
            raise fail(f"{item} is neither in {year} nor in the December before it", key)
        if item.year == year - 1 and item.day < OPEN_DECEMBER_FROM:
            raise fail(f"{item} is in the December before {year} but before its last week ({year - 1}-12-"
                       f"{OPEN_DECEMBER_FROM} on), the only days of it a notice has moved and the handbook keeps "
                       "open until the notice is added", key)
        if item in seen:
            raise fail(f"{item} is listed twice", key)
        seen.add(item)
    return seen


def schedule_folder() -> Path:
    """The folder of schedule files: `$HANDBOOK_CALENDAR_DIR` when set, otherwise the package's folder."""
    override = os.environ.get(SCHEDULE_DIR_ENV)
    return Path(override) if override else DEFAULT_SCHEDULE_DIR


# Inside one call (a deadline check, a count) the folder is read once: every day looked at sees the same files.
_SNAPSHOT: ContextVar[dict[int, Schedule] | None] = ContextVar("handbook_calendar_schedules", default=None)


def one_reading(function: Callable[..., T]) -> Callable[..., T]:
    """Decorator: the schedule folder is read once for the whole call (and the calls it makes)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        if _SNAPSHOT.get() is not None:
            return function(*args, **kwargs)
        token = _SNAPSHOT.set(schedules())
        try:
            return function(*args, **kwargs)
        finally:
            _SNAPSHOT.reset(token)

    return wrapper


def schedules(folder: Path | str | None = None) -> dict[int, Schedule]:
    """Every schedule file in `folder` (default `schedule_folder()`), by year; re-read when a file changes."""
    if folder is None and (snapshot := _SNAPSHOT.get()) is not None:
        return snapshot
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
