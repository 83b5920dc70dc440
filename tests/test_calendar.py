"""Mainland-China working days (handbook.rules.calendar), checked against chinese-calendar itself."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.errors import PolicyInputError
from handbook.rules import calendar
from handbook.rules.calendar import (
    OutsideCalendar,
    add_working_days,
    day_kind,
    is_working_day,
    supported_years,
    working_days_between,
)

FIRST, LAST = supported_years()
IN_RANGE = st.dates(min_value=date(FIRST, 1, 1), max_value=date(LAST, 12, 31))


def library_says_working(d: date) -> bool:
    return chinese_calendar.is_workday(d)


def test_supported_years_come_from_the_library():
    days = chinese_calendar.holidays.keys()
    assert supported_years() == (min(days).year, max(days).year)
    # what the brief says the installed 1.11.0 covers; fails loudly when the library is upgraded
    assert supported_years() == (2004, 2026)


@pytest.mark.parametrize(
    "day, kind, holiday",
    [
        # an ordinary week: Mon-Fri workdays, Sat/Sun weekend
        (date(2026, 11, 16), "workday", None),
        (date(2026, 11, 20), "workday", None),
        (date(2026, 11, 21), "weekend", None),
        (date(2026, 11, 22), "weekend", None),
        # National Day week 2026: 1-7 October off (Thu-Wed), including the weekend inside it
        (date(2026, 9, 30), "workday", None),
        (date(2026, 10, 1), "holiday", "National Day"),
        (date(2026, 10, 3), "holiday", "National Day"),
        (date(2026, 10, 4), "holiday", "National Day"),
        (date(2026, 10, 7), "holiday", "National Day"),
        (date(2026, 10, 8), "workday", None),
        # 调休 2026: the weekend days worked in exchange (a make-up Saturday and Sundays)
        (date(2026, 10, 10), "makeup_workday", "National Day"),
        (date(2026, 9, 20), "makeup_workday", "National Day"),
        (date(2026, 2, 14), "makeup_workday", "Spring Festival"),
        (date(2026, 2, 28), "makeup_workday", "Spring Festival"),
        (date(2026, 5, 9), "makeup_workday", "Labour Day"),
        (date(2026, 1, 4), "makeup_workday", "New Year's Day"),
        # Mid-autumn 2026 falls on a weekend Friday-Sunday
        (date(2026, 9, 25), "holiday", "Mid-autumn Festival"),
        (date(2026, 9, 27), "holiday", "Mid-autumn Festival"),
        # the first and last day the library knows
        (date(2004, 1, 1), "holiday", "New Year's Day"),
        (date(2026, 12, 31), "workday", None),
    ],
)
def test_day_kind_table_agrees_with_the_library(day, kind, holiday):
    assert day_kind(day) == (kind, holiday)
    assert is_working_day(day) is (kind in ("workday", "makeup_workday"))
    assert is_working_day(day) is library_says_working(day)
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    assert name == holiday and on_holiday is (kind in ("weekend", "holiday"))


@settings(deadline=None)  # no timed assertions: the machine is shared
@given(IN_RANGE)
def test_is_working_day_is_the_library_on_every_supported_day(day):
    assert is_working_day(day) is library_says_working(day)
    kind = day_kind(day)
    assert kind.kind in calendar.KINDS and kind.working is is_working_day(day)
    if kind.kind == "makeup_workday":
        assert day.weekday() >= 5
    if kind.kind == "workday":
        assert day.weekday() < 5 and kind.holiday is None


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (date(2026, 11, 16), 3, date(2026, 11, 19)),  # Mon → Thu
        (date(2026, 11, 18), 3, date(2026, 11, 23)),  # Wed → over the weekend → Mon
        (date(2026, 11, 20), 3, date(2026, 11, 25)),  # Fri → Wed
        (date(2026, 11, 21), 3, date(2026, 11, 25)),  # Sat (day 0, not counted) → Wed, same as Fri
        (date(2026, 11, 22), 3, date(2026, 11, 25)),  # Sun → Wed
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # eve of National Day → 8, 9, make-up Sat 10
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 10, 1), 3, date(2026, 10, 10)),  # notice on the holiday itself
        (date(2026, 10, 9), 1, date(2026, 10, 10)),  # the make-up Saturday counts
        (date(2026, 10, 9), 2, date(2026, 10, 12)),  # then Sunday 11 is a rest day
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Fri → make-up Sunday 20 September
        (date(2026, 11, 20), 0, date(2026, 11, 20)),  # n = 0 is day 0 itself
        (date(2026, 12, 28), 3, date(2026, 12, 31)),  # the last count that stays inside 2026
        (date(2003, 12, 31) + timedelta(days=1), 1, date(2004, 1, 2)),  # 1 Jan 2004 is a holiday
    ],
)
def test_add_working_days_table(start, n, expected):
    assert add_working_days(start, n) == expected
    # against the library: exactly n working days in (start, expected], the last one working
    walked = [start + timedelta(days=i) for i in range(1, (expected - start).days + 1)]
    assert sum(library_says_working(d) for d in walked) == n
    assert n == 0 or library_says_working(expected)


def test_iso_text_is_accepted():
    assert add_working_days("2026-09-30", 3) == date(2026, 10, 10)
    assert is_working_day("2026-10-10") is True


@pytest.mark.parametrize(
    "start, n",
    [
        (date(2026, 12, 29), 3),  # 30, 31, then 2027: the schedule for 2027 is not in the library
        (date(2026, 12, 31), 1),
        (date(2027, 1, 4), 1),
        (date(2003, 12, 31), 1),
    ],
)
def test_counts_outside_the_known_years_are_a_clear_error(start, n):
    with pytest.raises(OutsideCalendar) as caught:
        add_working_days(start, n)
    message = str(caught.value)
    assert f"{FIRST}–{LAST}" in message and ("does not guess" in message or "reaches 2027" in message)
    plain_words(message)
    assert isinstance(caught.value, PolicyInputError) and caught.value.field == "start"
    with pytest.raises(NotImplementedError):  # the library agrees it does not know
        chinese_calendar.is_workday(date(2027, 1, 4))


def plain_words(message: str) -> None:
    """No library name, version, module path or Python repr in a message a person reads."""
    for technical in ("chinese-calendar", "chinese_calendar", "holidays library", "1.11", "datetime.date",
                      "handbook.", "Error", "<"):
        assert technical not in message, (technical, message)


@pytest.mark.parametrize("day", [date(2027, 1, 1), date(2003, 12, 31), date(1999, 6, 1), date(2100, 1, 1)])
def test_day_kind_outside_the_known_years(day):
    with pytest.raises(OutsideCalendar, match=rf"Accepted: a date in a year with a schedule \({FIRST}–{LAST}\)") as caught:
        day_kind(day)
    assert f"{day.isoformat()} is not accepted" in str(caught.value) and str(day.year) in caught.value.reason
    plain_words(str(caught.value))
    with pytest.raises(OutsideCalendar):
        is_working_day(day)


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: add_working_days(None, 3), "start"),
        (lambda: add_working_days(20260930, 3), "start"),
        (lambda: add_working_days(datetime(2026, 9, 30, 10), 3), "start"),
        (lambda: add_working_days("2026/09/30", 3), "start"),
        (lambda: add_working_days(date(2026, 9, 30), -1), "n"),
        (lambda: add_working_days(date(2026, 9, 30), 1.5), "n"),
        (lambda: add_working_days(date(2026, 9, 30), True), "n"),
        (lambda: is_working_day("tomorrow"), "date"),
        (lambda: working_days_between(date(2026, 1, 5), None), "end"),
    ],
)
def test_wrong_types_name_the_field(call, field):
    with pytest.raises(PolicyInputError) as caught:
        call()
    assert caught.value.field == field and "Accepted" in str(caught.value)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (date(2026, 9, 30), date(2026, 10, 10), 3),
        (date(2026, 10, 10), date(2026, 9, 30), -3),
        (date(2026, 11, 20), date(2026, 11, 20), 0),
        (date(2026, 11, 20), date(2026, 11, 22), 0),
        (date(2026, 11, 20), date(2026, 11, 23), 1),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


@settings(deadline=None)  # no timed assertions: the machine is shared
@given(st.dates(min_value=date(FIRST, 1, 1), max_value=date(LAST, 11, 30)), st.integers(min_value=0, max_value=15))
def test_add_working_days_properties(start, n):
    end = add_working_days(start, n)  # 15 working days from 30 Nov never leave the year
    assert working_days_between(start, end) == n
    if n == 0:
        assert end == start
    else:
        assert end > start and is_working_day(end)
        assert working_days_between(start, end - timedelta(days=1)) == n - 1
        # the same answer, one working day at a time
        step = start
        for _ in range(n):
            step = add_working_days(step, 1)
        assert step == end
