"""1688 fulfilment rules: deposit refund, leaving 安心购, penalty appeals, checklists, procedures."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.explain import Result
from handbook.rules import fulfilment as f

TODAY = date(2026, 11, 21)
PERIOD = policy.get(f.AFTER_SALES_PERIOD, TODAY)
UNFREEZE = policy.get(f.UNFREEZE_DAY, TODAY)
DELAY = policy.get(f.ANXINGOU_EXIT_DELAY, TODAY)
D = date(2026, 9, 1)  # the last trade finished on D in the boundary cases
DAY = timedelta(days=1)


def refund(closed=True, trades=0, complaints=0, last=None, today=TODAY):
    return f.deposit_refund(protection_closed=closed, unfinished_trades=trades, open_complaints=complaints,
                            last_trade_finished_on=last, today=today)


def test_parameters_are_the_articles_figures():
    assert (PERIOD, UNFREEZE, DELAY) == (30, 3, 90)


# --- every blocker alone and together ------------------------------------------------------------

OLD = TODAY - timedelta(days=200)  # a last trade whose after-sales period ended long ago
RECENT = TODAY - DAY  # a trade closed yesterday


@pytest.mark.decision("fulfilment.unknown_while_blocked")
@pytest.mark.parametrize(
    "closed, trades, complaints, last, codes, stage",
    [
        (True, 0, 0, OLD, (), "unfrozen"),
        (False, 0, 0, OLD, ("protection_open",), "blocked"),
        (True, 1, 0, OLD, ("unfinished_trades",), "blocked"),
        (True, 0, 1, OLD, ("open_complaints",), "blocked"),
        (True, 0, 0, RECENT, ("after_sales_period",), "after_sales"),
        (False, 3, 0, OLD, ("protection_open", "unfinished_trades"), "blocked"),
        (True, 2, 5, OLD, ("unfinished_trades", "open_complaints"), "blocked"),
        (False, 0, 0, RECENT, ("protection_open", "after_sales_period"), "blocked"),
        (True, 0, 1, RECENT, ("open_complaints", "after_sales_period"), "blocked"),
        (False, 4, 2, RECENT, ("protection_open", "unfinished_trades", "open_complaints", "after_sales_period"),
         "blocked"),
        (True, 0, 0, None, (), "unfreezing"),
        (False, 0, 0, None, ("protection_open",), "blocked"),
        (True, 1, 0, None, ("unfinished_trades",), "blocked"),
    ],
)
def test_blockers_alone_and_together(closed, trades, complaints, last, codes, stage):
    r = refund(closed, trades, complaints, last)
    assert r.blocker_codes == codes
    assert r.eligible_now is (codes == ())
    assert r.stage == stage
    assert all(str(b).strip() and b.text == str(b) for b in r.blockers)
    if stage == "blocked":
        assert r.conditions_met_on is None and r.unfreezes_on is None
        assert "cannot be known yet" in str(r.explain())
    else:
        assert r.unfreezes_on - r.conditions_met_on == timedelta(days=UNFREEZE)


@pytest.mark.parametrize(
    "code, words",
    [
        ("protection_open", ["关闭服务", "官方直送", "48h发货服务", "cannot be closed"]),
        ("unfinished_trades", ["交易成功", "交易关闭"]),
        ("open_complaints", ["投诉案件", "settle"]),
        ("after_sales_period", ["售后受理期", "wait until"]),
    ],
)
def test_each_blocker_names_what_to_do(code, words):
    r = refund(False, 2, 1, RECENT)
    text = next(b.text for b in r.blockers if b.code == code)
    for word in words:
        assert word in text


# --- dates ----------------------------------------------------------------------------------------

@pytest.mark.decision("fulfilment.unfreeze_day_zero")
@pytest.mark.decision("fulfilment.after_sales_period_inclusive")
@pytest.mark.parametrize(
    "today, eligible, stage",
    [
        (D, False, "after_sales"),
        (D + timedelta(days=PERIOD - 1), False, "after_sales"),
        (D + timedelta(days=PERIOD), False, "after_sales"),  # D+30: still inside the after-sales period
        (D + timedelta(days=PERIOD + 1), True, "unfreezing"),  # D+31: out of it, day 0
        (D + timedelta(days=PERIOD + UNFREEZE), True, "unfreezing"),  # day 0 + 2
        (D + timedelta(days=PERIOD + 1 + UNFREEZE), True, "unfrozen"),  # day 0 + 3: unfrozen
        (D + timedelta(days=400), True, "unfrozen"),
    ],
)
def test_after_sales_boundary_and_unfreeze(today, eligible, stage):
    r = refund(last=D, today=today)
    assert r.eligible_now is eligible and r.stage == stage
    assert r.after_sales_ends_on == date(2026, 10, 1)  # D + 30
    assert r.conditions_met_on == date(2026, 10, 2)  # D + 31 = day 0
    assert r.unfreezes_on == date(2026, 10, 5)  # day 0 + 3
    assert r.can_transfer_out_now is (stage == "unfrozen")


def test_a_trade_closed_yesterday():
    r = refund(last=date(2026, 11, 20))
    assert r.blocker_codes == ("after_sales_period",)
    assert (r.after_sales_ends_on, r.conditions_met_on, r.unfreezes_on) == (
        date(2026, 12, 20), date(2026, 12, 21), date(2026, 12, 24))
    assert "2026-12-24" in r.explain().summary and "转出" in r.next_step


@pytest.mark.decision("fulfilment.no_trade_finished")
def test_no_trade_finished_counts_day_zero_from_today():
    r = refund(last=None)
    assert r.eligible_now and r.after_sales_ends_on is None
    assert r.conditions_met_on == TODAY and r.unfreezes_on == TODAY + timedelta(days=UNFREEZE)
    assert "latest it can be" in str(r.explain())


@pytest.mark.decision("fulfilment.day_zero_from_period_end")
def test_conditions_met_long_ago_warns_that_day_zero_may_be_later():
    r = refund(last=OLD)
    assert r.conditions_met_on == OLD + timedelta(days=PERIOD + 1)
    assert "day 0 is that later day" in str(r.explain())


def test_trade_finished_today_is_accepted():
    assert refund(last=TODAY).after_sales_ends_on == TODAY + timedelta(days=PERIOD)


def test_figures_come_from_the_registry():
    with policy.scenario({f.AFTER_SALES_PERIOD: 15, f.UNFREEZE_DAY: 7}):
        r = refund(last=D, today=D)
    assert r.conditions_met_on == D + timedelta(days=16) and r.unfreezes_on == D + timedelta(days=23)
    ids = [p.id for p in r.explain().parameters]
    assert f.AFTER_SALES_PERIOD in ids and f.UNFREEZE_DAY in ids


# --- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"trades": -1}, "unfinished_trades"),
        ({"complaints": -2}, "open_complaints"),
        ({"trades": 1.5}, "unfinished_trades"),
        ({"complaints": None}, "open_complaints"),
        ({"closed": 1}, "protection_closed"),
        ({"closed": "yes"}, "protection_closed"),
        ({"today": None}, "today"),
        ({"today": "21/11/2026"}, "today"),
        ({"last": "someday"}, "last_trade_finished_on"),
        ({"last": TODAY + DAY}, "last_trade_finished_on"),  # today before the trade finished
        ({"last": date(2026, 12, 1), "today": date(2026, 11, 30)}, "last_trade_finished_on"),
        ({"today": date(2020, 1, 1)}, "on"),  # before the article's rules are known
    ],
)
def test_bad_input_is_a_clear_error(kwargs, field):
    with pytest.raises(PolicyInputError) as info:
        refund(**kwargs)
    assert info.value.field == field and "Accepted" in str(info.value)


def test_today_before_the_trade_finished_says_so():
    with pytest.raises(PolicyInputError, match="cannot have finished after today"):
        refund(last=date(2026, 11, 22), today=date(2026, 11, 21))


# --- properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=date(2024, 2, 1), max_value=date(2026, 12, 31))
situations = st.fixed_dictionaries({
    "closed": st.booleans(),
    "trades": st.integers(0, 50),
    "complaints": st.integers(0, 50),
    "last": st.none() | dates,
    "today": dates,
})


def _ordered(s):
    if s["last"] is not None and s["last"] > s["today"]:
        s = {**s, "last": s["today"], "today": s["last"]}
    return s


@st.composite
def situation_and_worse(draw):
    s = _ordered(draw(situations))
    worse = dict(s)
    kind = draw(st.sampled_from(["open", "trade", "complaint", "later_trade"]))
    if kind == "open":
        worse["closed"] = False
    elif kind == "trade":
        worse["trades"] += draw(st.integers(1, 5))
    elif kind == "complaint":
        worse["complaints"] += draw(st.integers(1, 5))
    else:
        start = s["last"] or date(2024, 2, 1)
        worse["last"] = draw(st.dates(min_value=start, max_value=s["today"]))
    return s, worse


@given(situation_and_worse())
def test_adding_a_blocker_never_makes_a_refund_eligible(pair):
    better, worse = (refund(**s) for s in pair)
    assert not (worse.eligible_now and not better.eligible_now)
    assert set(better.blocker_codes) <= set(worse.blocker_codes)
    if worse.unfreezes_on is not None and better.unfreezes_on is not None and pair[0]["last"] is not None:
        assert worse.unfreezes_on >= better.unfreezes_on


@given(situations)
def test_result_is_consistent(s):
    s = _ordered(s)
    r = refund(**s)
    assert isinstance(r, Result) and r.explain().summary
    assert r.eligible_now == (r.blockers == ())
    non_date = not s["closed"] or s["trades"] > 0 or s["complaints"] > 0
    assert (r.conditions_met_on is None) == non_date == (r.stage == "blocked")
    if r.conditions_met_on is not None:
        assert r.unfreezes_on - r.conditions_met_on == timedelta(days=UNFREEZE)
        assert r.eligible_now == (r.conditions_met_on <= s["today"])
    if r.eligible_now:
        assert r.stage in ("unfreezing", "unfrozen")
        assert r.can_transfer_out_now == (s["today"] >= r.unfreezes_on)


@given(dates, st.integers(0, 400))
def test_after_sales_period_ends_exactly_period_days_after_the_last_trade(last, offset):
    today = last + timedelta(days=offset)
    r = refund(last=last, today=today)
    assert ("after_sales_period" in r.blocker_codes) == (offset <= PERIOD)


# --- leaving 安心购 -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "completed, effective",
    [
        (date(2026, 12, 1), date(2027, 3, 1)),
        (date(2026, 11, 21), date(2027, 2, 19)),
        (date(2024, 2, 29), date(2024, 5, 29)),
    ],
)
def test_anxingou_exit_effective_on(completed, effective):
    assert f.anxingou_exit_effective_on(completed) == effective == completed + timedelta(days=DELAY)


@pytest.mark.decision("fulfilment.anxingou_exit_from_completion")
@pytest.mark.parametrize(
    "requested, completed, effective",
    [
        (TODAY, None, TODAY),
        (TODAY, TODAY, TODAY + timedelta(days=DELAY)),
        (TODAY, date(2026, 12, 1), date(2027, 3, 1)),
    ],
)
def test_anxingou_exit(requested, completed, effective):
    r = f.anxingou_exit(requested_on=requested, last_in_transit_trade_completed_on=completed)
    assert r.effective_on == effective and r.waiting_days == (effective - requested).days
    assert "退出服务" in str(r.explain())


@pytest.mark.parametrize(
    "requested, completed, field",
    [
        (TODAY, TODAY - DAY, "last_in_transit_trade_completed_on"),
        (None, TODAY, "requested_on"),
        (TODAY, "soon", "last_in_transit_trade_completed_on"),
    ],
)
def test_anxingou_exit_bad_input(requested, completed, field):
    with pytest.raises(PolicyInputError) as info:
        f.anxingou_exit(requested_on=requested, last_in_transit_trade_completed_on=completed)
    assert info.value.field == field


@given(dates, st.integers(0, 200))
def test_anxingou_exit_never_before_request_and_delay_from_completion(requested, lag):
    completed = requested + timedelta(days=lag)
    r = f.anxingou_exit(requested_on=requested, last_in_transit_trade_completed_on=completed)
    assert r.effective_on - completed == timedelta(days=DELAY) and r.effective_on > requested


# --- penalty appeals ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "situation, valid",
    [
        ("cancel_after_penalty", False),
        ("price_too_low", False),
        ("discontinued_or_short", False),
        ("custom_link_wrong", False),
        ("courier_statement", True),
    ],
)
def test_penalty_appeal_check(situation, valid):
    r = f.penalty_appeal_check(situation)
    assert r.valid is valid and r.situation == situation
    assert r.reason and r.what_to_do and re.search(r"[\u4e00-\u9fff]", r.label_zh)
    assert ("Valid ground" if valid else "Invalid ground") in r.explain().summary


@pytest.mark.parametrize("situation", ["buyer_was_rude", "", None, "Courier_statement"])
def test_unknown_appeal_situation_is_an_error(situation):
    with pytest.raises(PolicyInputError) as info:
        f.penalty_appeal_check(situation)
    assert info.value.field == "situation" and "courier_statement" in info.value.accepted


def test_exactly_one_valid_ground():
    assert [g.key for g in f.APPEAL_GROUNDS if g.valid] == ["courier_statement"]


# --- after-sales agreement ------------------------------------------------------------------------

def test_after_sales_agreement_lists_the_items_to_agree():
    r = f.after_sales_agreement()
    zh = [i.item_zh for i in r.items]
    for term in ("退货地址", "收货人", "收货人电话", "运费承担方", "退货时间要求", "旺旺沟通"):
        assert term in zh
    assert not r.complete and len(r.missing) == len(r.items)
    assert r.markdown().count("- [ ]") == len(r.items)
    assert "到付" in r.markdown() and "先付" in r.markdown()


@pytest.mark.parametrize("agreed, missing", [
    (["return_address", "recipient"], 6),
    ([i.key for i in f.AFTER_SALES_AGREEMENT_ITEMS], 0),
    ((), 8),
])
def test_after_sales_agreement_ticks_off(agreed, missing):
    r = f.after_sales_agreement(agreed)
    assert len(r.missing) == missing and r.complete is (missing == 0)
    assert r.markdown().count("- [x]") == len(f.AFTER_SALES_AGREEMENT_ITEMS) - missing


@pytest.mark.parametrize("agreed", [["address"], "return_address", [None]])
def test_after_sales_agreement_bad_input(agreed):
    with pytest.raises(PolicyInputError) as info:
        f.after_sales_agreement(agreed)
    assert info.value.field == "agreed"


# --- procedures -----------------------------------------------------------------------------------

@pytest.mark.parametrize("key", f.procedure_keys())
def test_every_procedure_renders_with_chinese_labels(key):
    p = f.procedure(key, on=TODAY)
    assert p.key == key and p.steps and re.search(r"[\u4e00-\u9fff]", p.title_zh)
    text = p.markdown()
    assert text.count("\n1. ") == 1 and f"{len(p.steps)}. " in text
    for step in p.steps:
        for label in step.path + step.terms:
            assert label.strip() and label in text


@pytest.mark.parametrize("key, path", [
    ("change_alipay", ("我的阿里", "交易", "交易资料管理")),
    ("after_sales_progress", ("卖家中心", "售后管理")),
    ("change_waybill", ("履约", "发货管理", "已发货", "订单号", "查询")),
    ("leave_anxingou", ("卖家工作台", "履约", "现货安心购", "服务管理", "退出服务")),
    ("close_buyer_protection", ("work后台", "履约", "我的保证金")),
])
def test_procedure_menu_paths(key, path):
    assert f.procedure(key).steps[0].path == path


def test_closing_buyer_protection_names_what_cannot_be_closed():
    subs = f.unclosable_subservices(TODAY)
    assert len(subs) == 7 and subs[0] == "24h发货服务" and subs[-1] == "15天发货服务"
    text = f.procedure("close_buyer_protection", on=TODAY).markdown()
    assert all(s in text for s in subs) and "官方直送" in text
    with policy.scenario({f.UNCLOSABLE_SUBSERVICES: ["24h发货服务", "新服务"]}):
        assert f.unclosable_subservices() == ("24h发货服务", "新服务")
        assert "新服务" in f.procedure("close_buyer_protection").markdown()


def test_unknown_procedure_is_an_error():
    with pytest.raises(PolicyInputError) as info:
        f.procedure("refund_everything")
    assert info.value.field == "procedure" and "change_alipay" in info.value.accepted
