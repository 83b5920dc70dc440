"""Kinds of day, and the errors of the calendar package."""

from __future__ import annotations

from typing import NamedTuple

from handbook.errors import DataFileError, PolicyInputError

#: The kinds of day `day_kind` returns, in the order a legend lists them.
KINDS = ("workday", "weekend", "holiday", "makeup_workday")
#: The kind of a day in a year whose schedule is not known (`day_kind(d, allow_unknown=True)`).
UNKNOWN = "unknown"
#: From this day of December on, a year's notice may move days of the December before it (the 2012 notice made
#: Saturday 2011-12-31 a make-up working day; the 2019 notice Saturday 2018-12-29 a working day and 30-31 December
#: days off). Until next year's schedule is known the weekend days from here on are open (`open_december`), and
#: a schedule file may list days of the December before only from here on.
OPEN_DECEMBER_FROM = 25


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
