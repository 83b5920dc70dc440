"""AliExpress chargebacks: the appeal deadline, days left, the evidence file and the sign-up checks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.explain import Result
from handbook.rules import calendar
from handbook.rules.chargeback import (
    EVIDENCE,
    EVIDENCE_ORDER,
    PLACES,
    REASONS,
    check_alipay_bindings,
    check_buyer_email,
    days_left,
    deadline_check,
    evidence_file,
    response_deadline,
)

N = "aliexpress.chargeback.response_working_days"
# notices from the article's date up to the last that keeps any deadline inside the library's years
NOTICES = st.dates(min_value=date(2023, 4, 22), max_value=date(2026, 12, 15))


def library_deadline(notice: date, n: int) -> date:
    """The deadline computed straight from chinese-calendar: the n-th workday after the notice."""
    day, counted = notice, 0
    while counted < n:
        day += timedelta(days=1)
        counted += chinese_calendar.is_workday(day)
    return day


# ---------------------------------------------------------------------------------------------------
# the deadline


@pytest.mark.decision("chargeback.working_days")
@pytest.mark.decision("chargeback.non_working_notice")
@pytest.mark.decision("chargeback.day_zero")
@pytest.mark.parametrize(
    "notice, deadline",
    [
        (date(2026, 11, 16), date(2026, 11, 19)),  # Monday → Thursday
        (date(2026, 11, 18), date(2026, 11, 23)),  # Wednesday → the weekend is skipped → Monday
        (date(2026, 11, 19), date(2026, 11, 24)),
        (date(2026, 11, 20), date(2026, 11, 25)),  # Friday → Wednesday
        (date(2026, 11, 21), date(2026, 11, 25)),  # Saturday: day 0 is Saturday → same as Friday
        (date(2026, 11, 22), date(2026, 11, 25)),  # Sunday → same
        (date(2026, 9, 29), date(2026, 10, 9)),  # National Day week 2026 (1-7 Oct) is skipped
        (date(2026, 9, 30), date(2026, 10, 10)),  # the eve: 8, 9 and the make-up Saturday 10
        (date(2026, 10, 1), date(2026, 10, 10)),  # a notice during the holiday: day 0 is the holiday
        (date(2026, 10, 7), date(2026, 10, 10)),
        (date(2026, 10, 8), date(2026, 10, 12)),  # 9, make-up Sat 10, (Sun 11 off), 12
        (date(2026, 9, 17), date(2026, 9, 21)),  # Fri 18, make-up Sunday 20 September, Mon 21
        (date(2026, 2, 12), date(2026, 2, 24)),  # Spring Festival 2026: 13, make-up Sat 14, 24
        (date(2026, 12, 28), date(2026, 12, 31)),  # the last notice whose deadline stays in 2026
    ],
)
def test_response_deadline_table(notice, deadline):
    assert response_deadline(notice) == deadline
    assert deadline == library_deadline(notice, policy.get(N, on=notice))


def test_the_three_is_a_parameter():
    assert policy.get(N, on=date(2026, 9, 30)) == 3
    with policy.scenario({N: 5}):
        assert response_deadline(date(2026, 11, 16)) == date(2026, 11, 23)


# deadlines that reach 2027 (provisional): tests/test_chargeback_year_boundary.py


def test_a_notice_before_the_rule_is_known_is_refused():
    with pytest.raises(PolicyInputError, match="first stated in the article of 2023-04-22") as caught:
        response_deadline(date(2022, 3, 1))
    assert caught.value.field == "notified_on"


@pytest.mark.decision("chargeback.days_left")
@pytest.mark.parametrize(
    "notice, today, left",
    [
        (date(2026, 9, 30), date(2026, 9, 30), 3),  # the notice day: all three ahead
        (date(2026, 9, 30), date(2026, 10, 3), 3),  # holidays do not use days up
        (date(2026, 9, 30), date(2026, 10, 8), 2),
        (date(2026, 9, 30), date(2026, 10, 9), 1),
        (date(2026, 9, 30), date(2026, 10, 10), 0),  # the deadline day (a make-up Saturday)
        (date(2026, 9, 30), date(2026, 10, 11), -1),  # Sunday after: late, never 0
        (date(2026, 9, 30), date(2026, 10, 12), -1),  # the first working day after
        (date(2026, 9, 30), date(2026, 10, 13), -2),
        (date(2026, 11, 18), date(2026, 11, 21), 1),  # Saturday before a Monday deadline
        (date(2026, 11, 16), date(2026, 11, 21), -1),  # deadline Thu 19; Fri 20 late by 1, Sat 21 still -1
        (date(2026, 11, 16), date(2026, 11, 23), -2),
    ],
)
def test_days_left_table(notice, today, left):
    assert days_left(notice, today) == left
    check = deadline_check(notice, today)
    assert check.days_left == left and check.late is (today > check.deadline)


@pytest.mark.parametrize(
    "notice, today, field",
    [
        (date(2026, 9, 30), date(2026, 9, 29), "today"),  # today before the notice
        (None, date(2026, 9, 30), "notified_on"),
        ("30/09/2026", date(2026, 9, 30), "notified_on"),
        (datetime(2026, 9, 30, 9), date(2026, 9, 30), "notified_on"),
        (date(2026, 9, 30), 20261001, "today"),
    ],
)
def test_days_left_bad_input(notice, today, field):
    with pytest.raises(PolicyInputError) as caught:
        days_left(notice, today)
    assert caught.value.field == field


@settings(deadline=None)  # no timed assertions: the machine is shared
@given(NOTICES)
def test_deadline_properties(notice):
    n = policy.get(N, on=notice)
    deadline = response_deadline(notice)
    assert deadline > notice
    assert calendar.is_working_day(deadline)
    assert calendar.working_days_between(notice, deadline) == n
    assert deadline == library_deadline(notice, n)
    check = deadline_check(notice, notice)
    assert check.counted[-1] == deadline and len(check.counted) == n
    assert all(calendar.is_working_day(d) for d in check.counted)


@settings(deadline=None)  # no timed assertions: the machine is shared
@given(NOTICES, st.integers(min_value=0, max_value=10))
def test_days_left_falls_by_one_per_working_day(notice, offset):
    deadline = response_deadline(notice)
    today = notice + timedelta(days=offset)
    if today.year > 2026:
        return
    nxt = calendar.add_working_days(today, 1) if today < date(2026, 12, 31) else None
    left = days_left(notice, today)
    if calendar.is_working_day(today) and nxt is not None and nxt.year <= 2026:
        assert days_left(notice, nxt) == left - 1
    if today <= deadline:
        assert left == calendar.tally_working_days(today, deadline).count >= 0
        assert (left == 0) is (today == deadline)
    else:
        assert left <= -1
    # a non-working day before the deadline keeps the value of the day before it
    if not calendar.is_working_day(today) and today > notice and today <= deadline:
        assert days_left(notice, today - timedelta(days=1)) == left


def test_deadline_check_explains_and_draws_a_strip():
    check = deadline_check(date(2026, 9, 30), date(2026, 10, 8))
    assert isinstance(check, Result)
    text = str(check.explain())
    assert "day 0" in text and "make-up working day" in text and N in text
    assert "2 working day(s) left" in check.explain().summary
    strip = check.strip
    assert len(strip) == 14 and strip[0].is_notice and strip[0].day == date(2026, 9, 30)
    kinds = {d.day: d.kind for d in strip}
    assert kinds[date(2026, 10, 1)] == "holiday" and kinds[date(2026, 10, 10)] == "makeup_workday"
    assert kinds[date(2026, 10, 11)] == "weekend" and kinds[date(2026, 10, 12)] == "workday"
    assert [d.day for d in strip if d.is_deadline] == [date(2026, 10, 10)]
    assert [d.count for d in strip if d.count] == [1, 2, 3]
    assert [d.day for d in strip if d.is_today] == [date(2026, 10, 8)]


def test_strip_grows_to_reach_a_late_deadline():
    with policy.scenario({N: 15}):
        check = deadline_check(date(2026, 9, 30), date(2026, 9, 30))
    assert check.strip[-1].day == check.deadline and len(check.strip) > 14


# ---------------------------------------------------------------------------------------------------
# the evidence file


@pytest.mark.decision("chargeback.evidence_order")
def test_every_reason_orders_all_seven_kinds_once_with_a_why():
    assert set(EVIDENCE_ORDER) == set(REASONS)
    assert len(EVIDENCE) == 7
    for order in EVIDENCE_ORDER.values():
        assert sorted(name for name, _ in order) == sorted(EVIDENCE)
        assert all(why.strip() and "%" not in why and "probab" not in why.lower() for _, why in order)


@pytest.mark.parametrize(
    "reason, first",
    [("not_received", "delivery_proof"), ("not_as_described", "item_description"),
     ("unauthorized", "delivery_proof"), ("other", "delivery_proof")],
)
def test_most_important_evidence_per_reason(reason, first):
    review = evidence_file(reason, set())
    assert review.items[0].name == first and review.missing[0] == first
    assert [i.rank for i in review.items] == list(range(1, 8))


@pytest.mark.decision("chargeback.if_applicable")
@pytest.mark.parametrize(
    "reason, provided, missing, if_applicable",
    [
        ("not_received", set(), ("delivery_proof", "buyer_correspondence", "buyer_agreement", "item_description",
                                 "return_policy"), ("refund_proof", "replacement_proof")),
        ("not_received", {"item_description", "buyer_correspondence"},
         ("delivery_proof", "buyer_agreement", "return_policy"), ("refund_proof", "replacement_proof")),
        ("not_as_described", {"item_description"},
         ("buyer_correspondence", "return_policy", "buyer_agreement", "delivery_proof"),
         ("refund_proof", "replacement_proof")),
        ("unauthorized", set(EVIDENCE), (), ()),
        ("other", {"delivery_proof", "item_description", "buyer_correspondence", "buyer_agreement",
                   "return_policy", "refund_proof"}, (), ("replacement_proof",)),
    ],
)
def test_evidence_file_table(reason, provided, missing, if_applicable):
    review = evidence_file(reason, provided)
    assert review.missing == missing
    assert review.if_applicable == if_applicable
    assert set(review.provided) == set(provided)
    assert review.complete is (not missing)
    assert "%" not in review.explain().summary and "chance" not in review.explain().summary


def test_evidence_summary_in_plain_words():
    review = evidence_file("not_received", ["item_description", "buyer_correspondence"])
    summary = review.explain().summary
    assert summary.startswith("For 'item not received' you have 2 of")
    assert "most important first: proof of delivery" in summary
    assert "Add proof of refund if you refunded the buyer." in summary
    assert "aliexpress.chargeback.appeal_files_per_order" in str(review.explain())


@pytest.mark.parametrize(
    "reason, provided, field",
    [
        ("lost", set(), "reason"),
        ("Not_Received", set(), "reason"),
        (None, set(), "reason"),
        ("not_received", {"tracking_number"}, "provided"),
        ("not_received", "delivery_proof", "provided"),  # a bare string, not a set of names
        ("not_received", None, "provided"),
        ("not_received", {1}, "provided"),
    ],
)
def test_evidence_bad_input(reason, provided, field):
    with pytest.raises(PolicyInputError) as caught:
        evidence_file(reason, provided)
    assert caught.value.field == field
    if field == "provided":
        assert "'delivery_proof'" in str(caught.value)  # lists the names it accepts


@settings(deadline=None)  # no timed assertions: the machine is shared
@given(st.sampled_from(sorted(REASONS)), st.sets(st.sampled_from(sorted(EVIDENCE))))
def test_evidence_partition(reason, provided):
    review = evidence_file(reason, provided)
    assert set(review.provided) | set(review.missing) | set(review.if_applicable) == set(EVIDENCE)
    assert not set(review.provided) & (set(review.missing) | set(review.if_applicable))
    ranks = {i.name: i.rank for i in review.items}
    assert [ranks[n] for n in review.missing] == sorted(ranks[n] for n in review.missing)


def test_places_are_the_three_from_the_article():
    assert [p.where_zh for p in PLACES] == ["交易-订单详情-资金详情", "消息中心-业务中心-拒付通知", "速卖通注册邮箱"]


# ---------------------------------------------------------------------------------------------------
# appendix: buyer sign-up


@pytest.mark.parametrize(
    "email, found",
    [
        ("buyer2026@example.com", ()),
        ("AliExpress.fan@example.com", ("aliexpress",)),
        ("me@TAOBAO.example", ("taobao",)),
        ("shop@alibaba-inc.com", ("alibaba",)),
        ("alibaba.taobao@aliexpress.com", ("aliexpress", "taobao", "alibaba")),
        ("ａｌｉｂａｂａ@example.com", ("alibaba",)),  # full-width letters count
        ("ali.express@example.com", ()),  # not the word as written
        ("  alice@example.com ", ()),
    ],
)
def test_buyer_email(email, found):
    check = check_buyer_email(email)
    assert check.found == found and check.acceptable is (not found)
    assert ("Not accepted" in check.explain().summary) is bool(found)


@pytest.mark.parametrize("email", [None, 42, "", "no-at-sign", "a@b@c", "@example.com", "name@", "a b@example.com"])
def test_buyer_email_bad_input(email):
    with pytest.raises(PolicyInputError) as caught:
        check_buyer_email(email)
    assert caught.value.field == "email"


@pytest.mark.parametrize(
    "bindings, conflicts",
    [
        ([], {}),
        ([("buyer1", "pay@x.com"), ("buyer2", "pay2@x.com")], {}),
        ([("buyer1", "pay@x.com"), ("buyer1", "PAY@x.com ")], {}),  # the same binding twice
        ([("buyer1", "pay@x.com"), ("buyer2", "pay@x.com")], {"pay@x.com": ("buyer1", "buyer2")}),
        ([("b1", "13800000000"), ("b2", "13800000000"), ("b3", "13800000000"), ("b4", "other")],
         {"13800000000": ("b1", "b2", "b3")}),
        ([("buyer1", "pay@x.com"), ("buyer1", "pay2@x.com")], {}),  # the article sets no limit this way
    ],
)
def test_alipay_bindings(bindings, conflicts):
    check = check_alipay_bindings(bindings)
    assert check.conflicts == conflicts and check.ok is (not conflicts)


@pytest.mark.parametrize("bindings", [None, "buyer1", [("buyer1",)], [("buyer1", "")], [("b", 3)], ["ab"]])
def test_alipay_bindings_bad_input(bindings):
    with pytest.raises(PolicyInputError) as caught:
        check_alipay_bindings(bindings)
    assert caught.value.field == "bindings"
