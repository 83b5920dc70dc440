"""Platform customer service hours and the appeal resubmission deadline (Asia/Shanghai)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.rules.service import (
    APPEAL_PATH,
    format_remaining,
    is_open,
    next_open,
    resubmit_deadline,
    service_status,
)

SH = ZoneInfo("Asia/Shanghai")


def sh(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


HOURS = [
    # moment, online open, phone open
    ("2026-11-21 00:00", False, False),
    ("2026-11-21 08:59:59.999999", False, False),
    ("2026-11-21 09:00", True, True),          # opening is inclusive
    ("2026-11-21 12:00", True, True),
    ("2026-11-21 19:59:59", True, True),
    ("2026-11-21 20:00", True, False),         # the phone line closes at 20:00 sharp
    ("2026-11-21 23:59", True, False),
    ("2026-11-21 23:59:59.999999", True, False),   # online is open until midnight ("24:00")
    ("2026-11-22 00:00", False, False),        # a Sunday: no closing days in the article
    ("2026-10-01 10:00", True, True),          # a public holiday: same hours
]


@pytest.mark.decision("fake_shipping.every_day")
@pytest.mark.decision("fake_shipping.opening_inclusive")
@pytest.mark.parametrize("moment, online, phone", HOURS, ids=[c[0] for c in HOURS])
def test_is_open_table(moment, online, phone):
    assert is_open("online", moment) is online
    assert is_open("phone", sh(moment)) is phone
    status = service_status(moment)
    assert (status.online_open, status.phone_open) == (online, phone)


NEXT = [
    ("online", "2026-11-21 08:00", "2026-11-21 09:00"),
    ("online", "2026-11-21 09:00", "2026-11-21 09:00"),      # open: now
    ("online", "2026-11-21 23:30", "2026-11-21 23:30"),
    ("online", "2026-11-22 00:00", "2026-11-22 09:00"),
    ("phone", "2026-11-21 20:00", "2026-11-22 09:00"),
    ("phone", "2026-11-21 19:59", "2026-11-21 19:59"),
    ("phone", "2026-11-21 08:59", "2026-11-21 09:00"),
    ("phone", "2026-12-31 21:00", "2027-01-01 09:00"),        # across the year end
]


@pytest.mark.parametrize("channel, moment, expected", NEXT, ids=[f"{c[0]}-{c[1]}" for c in NEXT])
def test_next_open_table(channel, moment, expected):
    got = next_open(channel, moment)
    assert got == sh(expected) and got.tzinfo is not None
    assert is_open(channel, got)


def test_aware_datetimes_are_converted_to_shanghai():
    utc_noon = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)   # 20:00 in Shanghai
    assert is_open("phone", utc_noon) is False and is_open("online", utc_noon) is True
    assert next_open("phone", utc_noon) == sh("2026-11-22 09:00")


@settings(deadline=None)
@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)), st.sampled_from(["online", "phone"]))
def test_next_open_is_open_and_never_before_the_moment(moment, channel):
    nxt = next_open(channel, moment)
    assert nxt >= moment.replace(tzinfo=SH) and is_open(channel, nxt)
    assert nxt - moment.replace(tzinfo=SH) < timedelta(hours=24)
    assert (nxt == moment.replace(tzinfo=SH)) is is_open(channel, moment)


BAD = [
    (lambda: is_open("wechat", "2026-11-21 10:00"), "channel", "'online', 'phone'"),
    (lambda: is_open("online", "tomorrow"), "at", "not a date and time"),
    (lambda: next_open("phone", 20), "at", "a number, not a date and time"),
    (lambda: next_open(None, "2026-11-21 10:00"), "channel", "one of"),
    (lambda: resubmit_deadline("20:00"), "rejected_at", "not a date and time"),
    (lambda: service_status(None), "at", "nothing, not a date and time"),
]


@pytest.mark.parametrize("call, field, message", BAD, ids=[c[1] + "-" + c[2] for c in BAD])
def test_bad_input(call, field, message):
    with pytest.raises(PolicyInputError, match=message) as info:
        call()
    assert info.value.field == field


DEADLINES = [
    # rejected at, passed, deadline, remaining
    ("2026-11-21 00:00", False, "2026-11-21 20:00", "20 h 00 min"),
    ("2026-11-21 09:30", False, "2026-11-21 20:00", "10 h 30 min"),
    ("2026-11-21 19:15", False, "2026-11-21 20:00", "45 min"),
    ("2026-11-21 19:59:59", False, "2026-11-21 20:00", "0 min"),
    ("2026-11-21 20:00", True, "2026-11-22 20:00", "24 h 00 min"),   # "before 20:00": 20:00 itself is late
    ("2026-11-21 20:01", True, "2026-11-22 20:00", "23 h 59 min"),
    ("2026-11-21 23:59", True, "2026-11-22 20:00", "20 h 01 min"),
]


@pytest.mark.decision("fake_shipping.after_cutoff_advice")
@pytest.mark.decision("fake_shipping.before_is_strict")
@pytest.mark.parametrize("rejected, passed, deadline, remaining", DEADLINES, ids=[c[0] for c in DEADLINES])
def test_resubmit_deadline_table(rejected, passed, deadline, remaining):
    result = resubmit_deadline(rejected)
    assert result.passed is passed
    assert result.same_day_deadline == sh(rejected[:10] + " 20:00")
    assert result.deadline == sh(deadline)
    assert format_remaining(result.remaining) == remaining
    text = str(result.explain())
    if passed:
        assert "window has closed" in result.advice and "not a platform promise" in result.advice
        assert "online customer service tonight" in result.advice and "24:00" in text
    else:
        assert "today" in result.advice and "window has closed" not in result.advice


def test_resubmit_deadline_follows_the_parameter():
    with policy.scenario({"pinduoduo.service.resubmit_cutoff": "18:00"}):
        assert resubmit_deadline("2026-11-21 18:30").passed
        assert resubmit_deadline("2026-11-21 17:30").deadline == sh("2026-11-21 18:00")


def test_status_lists_numbers_and_next_openings():
    status = service_status("2026-11-21 20:30")
    assert status.phone_numbers == ("400-8822528", "021-53395288")
    assert status.phone_next == sh("2026-11-22 09:00") and status.online_next == sh("2026-11-21 20:30")
    assert "phone closed" in status.explain().summary


@pytest.mark.parametrize("delta, text", [(timedelta(0), "0 min"), (timedelta(seconds=59), "0 min"),
                                         (timedelta(minutes=61), "1 h 01 min"), (timedelta(minutes=-5), "0 min")])
def test_format_remaining(delta, text):
    assert format_remaining(delta) == text


def test_appeal_path_is_ordered_and_quotes_the_screens():
    assert [s.step for s in APPEAL_PATH] == list(range(1, len(APPEAL_PATH) + 1))
    screens = " ".join(s.on_screen for s in APPEAL_PATH)
    for label in ("店铺管理", "违规信息", "搜索", "申诉", "驳回"):
        assert label in screens
