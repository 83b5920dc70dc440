"""Schedule files and provisional counts (handbook.rules.calendar) across the year boundary.

The folder of schedule files is pointed at a temporary folder (`HANDBOOK_CALENDAR_DIR`), so nothing here
depends on which files the package ships. The 2026 fixture (tests/data/calendar/2026.yaml) is typed from
the State Council's notice; the library also knows 2026, so the two must agree day for day.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import chinese_calendar
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.rules import calendar
from handbook.rules.calendar import (
    SCHEDULE_DIR_ENV,
    OutsideCalendar,
    ScheduleFileError,
    count_working_days,
    day_kind,
    load_schedule,
    schedules,
    statutory_holidays,
    tally_working_days,
)

FIXTURES = Path(__file__).parent / "data" / "calendar"
FIRST, LAST = calendar.supported_years()
NEXT = LAST + 1  # the first year the library does not know (2027 with chinese-calendar 1.11.0)
ONE = timedelta(days=1)


@contextmanager
def schedule_folder(folder: Path):
    with mock.patch.dict(os.environ, {SCHEDULE_DIR_ENV: str(folder)}):
        yield


@pytest.fixture
def folder(tmp_path):
    """An empty schedule folder in use for the test: only what the test writes is known."""
    with schedule_folder(tmp_path):
        yield tmp_path


def write_schedule(folder: Path, year: int, holidays, workdays, *, name: str | None = None) -> Path:
    data = {"year": year, "source": {"document": f"国务院办公厅关于{year}年部分节假日安排的通知 (test)",
                                     "read_on": date(2026, 11, 30)},
            "holidays": sorted(holidays), "workdays": sorted(workdays)}
    path = folder / (name or f"{year}.yaml")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def year_days(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += ONE


# ---------------------------------------------------------------------------------------------------
# agreement: a schedule file and the library, for every year both know


def all_schedule_files() -> list[Path]:
    """The package's files and the test fixtures."""
    return sorted(calendar.DEFAULT_SCHEDULE_DIR.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))


def test_there_is_a_fixture_for_a_year_the_library_knows():
    years = {load_schedule(p).year for p in all_schedule_files()}
    assert any(FIRST <= y <= LAST for y in years)


@pytest.mark.parametrize("path", all_schedule_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schedule_file_and_library_agree_day_for_day(path):
    schedule = load_schedule(path)
    if not FIRST <= schedule.year <= LAST:
        pytest.skip(f"the library does not know {schedule.year}: nothing to compare")
    december = {d for d in schedule.holidays | schedule.workdays if d.year < schedule.year}
    for day in [*year_days(schedule.year), *sorted(december)]:
        assert schedule.kind(day).working is chinese_calendar.is_workday(day), day
        assert (day in schedule.holidays) is (day in chinese_calendar.holidays), day
        assert (day in schedule.workdays) is (day in chinese_calendar.workdays), day


def test_a_file_fills_a_year_and_the_library_stays_the_source_for_its_own(folder):
    shutil.copy(FIXTURES / f"{LAST}.yaml", folder)
    # a file for a year the library knows is read, but the library answers for that year
    assert set(schedules()) == {LAST} and calendar.known_years()[-1] == LAST
    assert calendar.schedule_source(LAST) == f"the State Council's published schedule for {LAST}"
    assert calendar.schedule_source(NEXT) is None


# ---------------------------------------------------------------------------------------------------
# the statutory holidays the provisional answer uses


@pytest.mark.parametrize("year", range(2025, 2036))
def test_statutory_holidays_follow_the_2024_law(year):
    """New Year 1 Jan; Spring Festival eve to 3rd day (4 days in a row); Qingming; 1-2 May; Dragon Boat;
    Mid-Autumn; 1-3 October. Mid-Autumn may fall on 1-3 October (one date, two names)."""
    days = statutory_holidays(year)
    names = {d: n.split("; ") for d, n in days.items()}
    spring = sorted(d for d, n in names.items() if any("Chinese New Year" in x for x in n))
    assert len(spring) == 4 and (spring[-1] - spring[0]).days == 3
    assert spring[0] in days and "Eve" in days[spring[0]]
    fixed = {date(year, 1, 1), date(year, 5, 1), date(year, 5, 2), date(year, 10, 1), date(year, 10, 2),
             date(year, 10, 3)}
    assert fixed <= set(days)
    for festival in ("Tomb-Sweeping Day", "Dragon Boat Festival", "Mid-Autumn Festival"):
        assert sum(festival in n for n in names.values()) == 1, festival
    assert sum(len(n) for n in names.values()) == 13  # the law's 13 days, counted by name
    assert not any("observed" in x or x.startswith("Day off") for n in names.values() for x in n)


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holidays_are_days_off_in_the_published_schedules(year):
    assert all(day in chinese_calendar.holidays for day in statutory_holidays(year))


# ---------------------------------------------------------------------------------------------------
# the schema


GOOD = f"""
year: {NEXT}
source: {{document: 国务院办公厅关于{NEXT}年部分节假日安排的通知, read_on: 2026-12-01}}
holidays: [{", ".join(str(d) for d in sorted(statutory_holidays(NEXT)))}]
workdays: []
"""


def write_text(folder: Path, text: str, name: str = f"{NEXT}.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_good_file_loads(tmp_path):
    schedule = load_schedule(write_text(tmp_path, GOOD))
    assert schedule.year == NEXT and schedule.holidays == set(statutory_holidays(NEXT)) and not schedule.workdays
    assert str(schedule.source) == f"国务院办公厅关于{NEXT}年部分节假日安排的通知"


def _first_statutory() -> str:
    return str(min(statutory_holidays(NEXT)))


def _a_weekday() -> str:
    return str(next(d for d in year_days(NEXT) if d.weekday() < 5 and d not in statutory_holidays(NEXT)))


def _a_saturday() -> str:
    return str(next(d for d in year_days(NEXT) if d.weekday() == 5 and d not in statutory_holidays(NEXT)))


BROKEN = [
    ("unknown key", GOOD + "notes: hi\n", None, "unknown key(s) ['notes']"),
    ("missing workdays", GOOD.replace("workdays: []\n", ""), None, "missing ['workdays']"),
    ("missing source", "\n".join(ln for ln in GOOD.splitlines() if not ln.startswith("source")), None, "missing ['source']"),
    ("source without read_on", GOOD.replace(", read_on: 2026-12-01", ""), "source", "missing ['read_on']"),
    ("year not a number", GOOD.replace(f"year: {NEXT}", "year: next"), "year", "must be a year"),
    ("wrong file name", GOOD.replace(f"year: {NEXT}", f"year: {NEXT + 1}"), "year", f"must be named {NEXT + 1}.yaml"),
    ("date as text", GOOD.replace("workdays: []", "workdays: ['soon']"), "workdays", "is not a date"),
    ("holidays not a list", GOOD.replace("holidays: [", "holidays: {").replace("]\nworkdays", "}\nworkdays"),
     "holidays", "must be a list"),
    ("date in another year", GOOD.replace("workdays: []", f"workdays: [{NEXT - 1}-11-28]"), "workdays",
     f"neither in {NEXT} nor in the December before it"),
    ("date in the year after", GOOD.replace("workdays: []", f"workdays: [{NEXT + 1}-01-02]"), "workdays", "neither in"),
    ("December before its last week", GOOD.replace("workdays: []", f"workdays: [{NEXT - 1}-12-19]"), "workdays",
     "before its last week"),
    ("listed twice", GOOD.replace("holidays: [", f"holidays: [{_first_statutory()}, "), "holidays", "listed twice"),
    ("weekday as make-up day", GOOD.replace("workdays: []", f"workdays: [{_a_weekday()}]"), "workdays", "list only weekend"),
    ("both lists", GOOD.replace("workdays: []", f"workdays: [{_a_saturday()}]").replace("holidays: [", f"holidays: [{_a_saturday()}, "),
     "workdays", "both as a day off and as a working day"),
    ("statutory day missing", GOOD.replace(f"{_first_statutory()}, ", ""), "holidays", "is a statutory holiday and must be listed"),
    ("not a mapping", "- a list\n", None, "expected a mapping"),
    ("invalid yaml", "holidays: [unclosed\n", None, "not valid YAML"),
    ("duplicate key", GOOD + "workdays: []\n", None, "duplicate key"),
    # what an ops lead types by mistake: the message quotes the entry as typed, never a Python repr
    ("slashes in a date", GOOD.replace("workdays: []", f"workdays: [{NEXT}/01/02]"), "workdays",
     f'"{NEXT}/01/02" is not a date YYYY-MM-DD'),
    ("date with a time", GOOD.replace("workdays: []", f"workdays: [{NEXT}-01-02 00:00:00]"), "workdays",
     f"{NEXT}-01-02 00:00:00 (a date with a time) is not a date"),
    ("empty entry", GOOD.replace("workdays: []", "workdays: [null]"), "workdays", "an empty entry is not a date"),
    ("year in quotes", GOOD.replace(f"year: {NEXT}", f"year: '{NEXT}'"), "year", f'without quotes), got "{NEXT}"'),
]


@pytest.mark.parametrize("case, text, item, problem", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_file_is_rejected_naming_file_entry_and_problem(tmp_path, case, text, item, problem):
    with pytest.raises(ScheduleFileError) as caught:
        load_schedule(write_text(tmp_path, text))
    message = str(caught.value)
    assert "datetime" not in message and "None" not in message, message
    assert message.startswith(f"{NEXT}.yaml" + (f": {item}" if item else "")), message
    assert problem in message, message


def test_a_broken_file_in_the_folder_shows_in_the_calculator_in_plain_words(folder):
    from handbook.widgets.chargeback import deadline

    write_text(folder, GOOD.replace("workdays: []", "workdays: [tomorrow]"))
    calculator = deadline(date(LAST, 12, 29), date(LAST, 12, 29))  # reads the folder: no traceback
    assert isinstance(calculator.last_error, ScheduleFileError) and calculator.last_result is None
    assert "hb-error" in calculator.result.value and f"{NEXT}.yaml: workdays" in calculator.result.value
    assert '"tomorrow" is not a date' in calculator.result.value, calculator.result.value


def test_a_broken_file_in_the_folder_is_reported_not_skipped(folder):
    write_text(folder, GOOD.replace("workdays: []", "workdays: [tomorrow]"))
    with pytest.raises(ScheduleFileError, match="workdays"):
        count_working_days(date(NEXT, 3, 1), 3)


# ---------------------------------------------------------------------------------------------------
# provisional and final answers


def test_with_no_file_next_year_is_provisional(folder):
    result = count_working_days(date(LAST, 12, 29), 3)
    assert result.provisional and result.unknown_years == (NEXT,)
    assert result.send_by <= result.end
    # the likely days: Monday-Friday, not statutory
    assert all(d.weekday() < 5 and d not in statutory_holidays(d.year) for d in result.counted if d.year == NEXT)
    with pytest.raises(OutsideCalendar):
        calendar.add_working_days(date(LAST, 12, 29), 3)
    assert day_kind(date(NEXT, 1, 1), allow_unknown=True).kind == "holiday"  # the law fixes 1 January
    assert day_kind(date(NEXT, 1, 4), allow_unknown=True).kind == calendar.UNKNOWN


def test_the_same_call_is_final_once_a_file_covers_the_year(folder):
    before = count_working_days(date(LAST, 12, 29), 3)
    # a schedule with a make-up Saturday right after New Year: the final answer is earlier than the likely one
    saturday = next(d for d in year_days(NEXT) if d.weekday() == 5)
    write_schedule(folder, NEXT, statutory_holidays(NEXT), {saturday})
    after = count_working_days(date(LAST, 12, 29), 3)
    assert not after.provisional and after.send_by == after.end
    assert before.send_by <= after.end <= before.end
    assert calendar.is_working_day(saturday) and calendar.day_kind(saturday).kind == "makeup_workday"
    assert calendar.add_working_days(date(LAST, 12, 29), 3) == after.end
    assert calendar.schedule_source(NEXT).startswith(f"the State Council's schedule for {NEXT} (国务院办公厅")
    assert calendar.known_years()[-1] == NEXT


def test_years_before_the_library_are_refused_even_provisionally(folder):
    with pytest.raises(OutsideCalendar) as caught:
        count_working_days(date(FIRST - 1, 12, 1), 3)
    assert caught.value.field == "start" and f"no holiday schedule for {FIRST - 1}" in str(caught.value)


def test_tally_counts_likely_days_and_flags_them(folder):
    tally = tally_working_days(date(LAST, 12, 31), date(NEXT, 1, 8))
    assert tally.provisional and tally.count == sum(
        1 for d in (date(NEXT, 1, 1) + timedelta(days=i) for i in range(8))
        if d.weekday() < 5 and d not in statutory_holidays(NEXT))
    assert tally_working_days(date(NEXT, 1, 8), date(LAST, 12, 31)).count == -tally.count
    before_open = date(LAST, 12, calendar.OPEN_DECEMBER_FROM - 1)
    assert tally_working_days(date(LAST, 12, 1), before_open) == (calendar.working_days_between(
        date(LAST, 12, 1), before_open), ())
    # the last week of December has weekend days NEXT's notice may still make working days
    assert tally_working_days(date(LAST, 12, 1), date(LAST, 12, 31)).unknown_years == (NEXT,)


UNKNOWN_STARTS = st.dates(min_value=date(LAST, 11, 1), max_value=date(NEXT, 12, 15))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(UNKNOWN_STARTS, st.integers(min_value=0, max_value=10))
def test_send_by_is_never_after_the_likely_day(folder, start, n):
    result = count_working_days(start, n)
    assert result.send_by <= result.end and len(result.counted) == n
    if not result.provisional:
        assert result.send_by == result.end
    # send_by counts every day that might be worked, never a statutory holiday of the unknown year
    if result.provisional and n:
        assert result.send_by not in statutory_holidays(NEXT)


# ---------------------------------------------------------------------------------------------------
# plausible schedules for the next year: how far the final answer can move


def _longest_block_on_record() -> int:
    """The longest run of days off around a holiday in the library's schedules (data, not a typed figure)."""
    longest, run, day = 0, 0, date(FIRST, 1, 1)
    while day.year <= LAST:
        run = 0 if chinese_calendar.is_workday(day) else run + 1
        longest = max(longest, run)
        day += ONE
    return longest


LONGEST = _longest_block_on_record()


def _statutory_runs(year: int) -> list[list[date]]:
    runs: list[list[date]] = []
    for d in sorted(statutory_holidays(year)):
        if runs and (d - runs[-1][-1]).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


def _movable(d: date, year: int) -> bool:
    """A day a notice for `year` may set: its own year, or the last week of the December before (as the 2012
    and 2019 notices did; `calendar.open_december`)."""
    return d.year == year or (d.year == year - 1 and d.month == 12 and d.day >= calendar.OPEN_DECEMBER_FROM)


@st.composite
def plausible_schedules(draw, year=NEXT):
    """Blocks of days off around each statutory run (no longer than the longest on record), and up to as many
    make-up weekend days near them as the blocks add weekdays off (调休: days off are paid back)."""
    holidays: set[date] = set()
    for run in _statutory_runs(year):
        room = max(0, LONGEST - len(run))
        before = draw(st.integers(min_value=0, max_value=room))
        after = draw(st.integers(min_value=0, max_value=room - before))
        block = [run[0] - timedelta(days=before) + timedelta(days=i) for i in range(len(run) + before + after)]
        holidays |= {d for d in block if _movable(d, year)}
    bridges = [d for d in holidays if d.weekday() < 5 and d not in statutory_holidays(year)]
    near = sorted({h + timedelta(days=k) for h in holidays for k in range(-7, 8)})
    weekends = [d for d in near if _movable(d, year) and d.weekday() >= 5 and d not in holidays]
    workdays = draw(st.lists(st.sampled_from(weekends), unique=True, max_size=len(bridges))) if weekends else []
    return holidays, set(workdays)


def _final_and_provisional(tmp: Path, holidays, workdays, notices, n):
    empty, full = tmp / "empty", tmp / "full"
    empty.mkdir(exist_ok=True)
    full.mkdir(exist_ok=True)
    with schedule_folder(empty):
        provisional = [count_working_days(s, n) for s in notices]
    write_schedule(full, NEXT, holidays, workdays)
    with schedule_folder(full):
        final = [count_working_days(s, n) for s in notices]
    return provisional, final


def _assert_moved_by_bridges_less_makeups(p, f, holidays, workdays) -> None:
    """In likely working days, the final day is as far from the likely one as the schedule's bridge days
    (weekdays off beyond the statutory ones) minus its make-up days, up to the final day."""
    bridges = sum(1 for d in holidays if p.start < d <= f.end and d.weekday() < 5
                  and d not in statutory_holidays(d.year))
    makeups = sum(1 for d in workdays if p.start < d <= f.end)
    with schedule_folder(Path(tempfile.gettempdir()) / "hb-no-such-folder"):
        assert tally_working_days(p.end, f.end).count == bridges - makeups


@settings(deadline=None, max_examples=40)
@given(plausible_schedules(), st.lists(st.dates(min_value=date(LAST, 12, 20), max_value=date(NEXT, 12, 10)),
                                       min_size=1, max_size=12), st.integers(min_value=1, max_value=10))
def test_final_answer_stays_within_what_the_schedule_can_move(schedule, notices, n):
    holidays, workdays = schedule
    with tempfile.TemporaryDirectory() as tmp:
        provisional, final = _final_and_provisional(Path(tmp), holidays, workdays, notices, n)
    for p, f in zip(provisional, final):
        assert not f.provisional and f.send_by == f.end
        if not p.provisional:  # nothing the next notice decides was counted over
            # ... except a December weekday it gives off (as the 2019 notice did with 2018-12-31): that moves the
            # deadline later only, never earlier, by one working day per such day (calendar docstring)
            given_off = [d for d in holidays if d.year == LAST and p.start < d <= p.end and d.weekday() < 5]
            assert f.end >= p.end and (not given_off) is ((p.end, p.counted) == (f.end, f.counted))
            continue
        # never earlier than send_by: the guarantee
        assert p.send_by <= f.end
        _assert_moved_by_bridges_less_makeups(p, f, holidays, workdays)


@st.composite
def any_schedules(draw, year=NEXT):
    """Any arrangement at all that keeps the statutory holidays off: random days off anywhere in the year and
    random weekend days worked. The send-by bound claims to hold for these too."""
    days = [date(year - 1, 12, day) for day in range(calendar.OPEN_DECEMBER_FROM, 32)] + list(year_days(year))
    statutory = set(statutory_holidays(year))
    off = set(draw(st.lists(st.sampled_from(days), max_size=40))) | statutory
    weekends = [d for d in days if d.weekday() >= 5 and d not in off]
    worked = set(draw(st.lists(st.sampled_from(weekends), max_size=30)))
    return off, worked


@settings(deadline=None, max_examples=40)
@given(any_schedules(), st.lists(st.dates(min_value=date(LAST, 12, 20), max_value=date(NEXT, 12, 10)),
                                 min_size=1, max_size=12), st.integers(min_value=1, max_value=10))
def test_send_by_holds_under_any_arrangement(schedule, notices, n):
    holidays, workdays = schedule
    with tempfile.TemporaryDirectory() as tmp:
        provisional, final = _final_and_provisional(Path(tmp), holidays, workdays, notices, n)
    for p, f in zip(provisional, final):
        assert p.send_by <= f.end
        if p.provisional:  # the same accounting as for plausible schedules
            _assert_moved_by_bridges_less_makeups(p, f, holidays, workdays)


def test_plausible_schedules_include_the_extremes():
    """The generator reaches the longest block on record (so the property above is tested where it bites)."""
    assert LONGEST >= 8
    assert len(_statutory_runs(NEXT)) >= 6


def test_a_file_may_move_days_of_the_december_before(folder):
    """As the 2019 notice did (Saturday 2018-12-29 worked, 30-31 December off): the newer notice wins."""
    saturday = next(d for d in (date(LAST, 12, 31) - timedelta(days=i) for i in range(7)) if d.weekday() == 5)
    assert not calendar.is_working_day(saturday)  # the library's own schedule for LAST
    write_schedule(folder, NEXT, set(statutory_holidays(NEXT)) | {date(LAST, 12, 31)}, {saturday})
    assert calendar.day_kind(saturday).kind == "makeup_workday" and calendar.is_working_day(saturday)
    assert calendar.day_kind(date(LAST, 12, 31)).kind == "holiday"
    notice = saturday - timedelta(days=1)
    assert count_working_days(notice, 1).end == saturday and not count_working_days(notice, 1).provisional


def test_the_2019_notice_moved_days_of_december_2018():
    """The precedent, in the library's own data: why a file may list the December before."""
    assert chinese_calendar.is_workday(date(2018, 12, 29)) and date(2018, 12, 29).weekday() == 5
    assert not chinese_calendar.is_workday(date(2018, 12, 31)) and date(2018, 12, 31).weekday() == 0


def test_one_call_reads_the_folder_once(folder):
    """Every day a deadline check looks at sees the same files (and the folder is not re-read per day)."""
    from handbook.rules.chargeback import deadline_check

    with mock.patch("handbook.rules.calendar.schedules.os.scandir", wraps=os.scandir) as scan:
        deadline_check(date(LAST, 12, 29), date(NEXT, 1, 20))
    assert scan.call_count == 1
