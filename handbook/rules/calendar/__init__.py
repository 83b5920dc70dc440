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
   in `holidays`. Days of the last week of the December before may be listed too when the notice lists them
   (below).
   The folder is `schedule_folder()`: the environment variable `HANDBOOK_CALENDAR_DIR` when set (tests
   point it at a temporary folder), otherwise the package's folder. The library stays the source
   for the years it knows; a file only fills a year it lacks (a test checks that both agree where both know).
3. **Neither: the year is unknown.** The strict functions (`day_kind`, `is_working_day`, `add_working_days`,
   `working_days_between`) refuse with `OutsideCalendar`: they never guess. `count_working_days` and
   `tally_working_days` answer *provisionally* and say so (below). Years before the library's first year
   are always refused (the holiday law was different then), and so are years more than `PROVISIONAL_REACH`
   (2) past the last known one: that far ahead the handbook's data is plainly out of date.

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

**The December before.** A notice sometimes moves days of the December before its own year (the 2012
notice made Saturday 2011-12-31 a working day, the 2019 notice Saturday 2018-12-29). A schedule file may
therefore also list days of the preceding December; those entries take precedence over that year's
schedule (the newer notice wins). Until next year's schedule is added, the weekend days of the last week of
a known year's December (from the `OPEN_DECEMBER_FROM`th; both precedents fall in it) are therefore *open*
(`open_december`): a count over one is provisional, the day is likely off as that year's schedule gives it,
and it might be worked, so the send-by bound covers it. A notice may also give a December weekday off (the
2019 notice did with Monday 2018-12-31); that can only move a deadline later, so those days stay final.
The strict functions refuse to count over an open day.

Public API (other areas import it; keep it small):

    supported_years() -> tuple[int, int]        first and last year the library knows
    known_years() -> tuple[int, ...]            every year with a schedule (library or file)
    known_text() -> str                         the same as ranges, e.g. '2004–2026'
    schedule_source(year) -> str | None         where a known year's schedule comes from, in plain words
    is_working_day(d) -> bool                   strict
    day_kind(d) -> DayKind                      strict ("workday" | "weekend" | "holiday" | "makeup_workday", holiday name)
    day_kind(d, allow_unknown=True)             also "unknown" for a day of an unknown year (statutory holidays stay "holiday")
    add_working_days(start, n) -> date          strict: the n-th working day after `start` (start is day 0)
    open_december(d) -> bool                    a last-week-of-December weekend day next year's notice may make a working day
    working_days_between(start, end) -> int     strict: working days d with start < d <= end (negative if end < start)
    count_working_days(start, n) -> WorkingDays  final or provisional, with send_by
    tally_working_days(start, end) -> Tally     like working_days_between, provisional in unknown years
    statutory_holidays(year) -> dict[date, str]
    schedule_file(year) / schedules() / load_schedule(path) / schedule_folder()
    one_reading                                 decorator: the folder is read once per call (entry points use it)
    OutsideCalendar, ScheduleFileError

Dates are `datetime.date` or ISO text 'YYYY-MM-DD' (validated with `handbook.inputs.as_date`).
"""

from __future__ import annotations

from handbook.rules.calendar.counting import (
    Tally,
    WorkingDays,
    add_working_days,
    count_working_days,
    tally_working_days,
    working_days_between,
)
from handbook.rules.calendar.kinds import (
    KINDS,
    OPEN_DECEMBER_FROM,
    UNKNOWN,
    DayKind,
    OutsideCalendar,
    ScheduleFileError,
)
from handbook.rules.calendar.schedules import (
    DEFAULT_SCHEDULE_DIR,
    SCHEDULE_DIR_ENV,
    Schedule,
    load_schedule,
    one_reading,
    schedule_folder,
    schedules,
)
from handbook.rules.calendar.statutory import statutory_holidays
from handbook.rules.calendar.years import (
    PROVISIONAL_REACH,
    day_kind,
    horizon,
    is_working_day,
    known_text,
    known_years,
    library_version,
    open_december,
    schedule_file,
    schedule_source,
    supported_years,
)

__all__ = [
    "DEFAULT_SCHEDULE_DIR",
    "KINDS",
    "OPEN_DECEMBER_FROM",
    "PROVISIONAL_REACH",
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
    "horizon",
    "known_text",
    "known_years",
    "library_version",
    "load_schedule",
    "one_reading",
    "open_december",
    "schedule_file",
    "schedule_folder",
    "schedule_source",
    "schedules",
    "statutory_holidays",
    "supported_years",
    "tally_working_days",
    "working_days_between",
]
