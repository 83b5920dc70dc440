"""Customs clearance rules (handbook.rules.customs): boundaries, causes, timelines, bad input, properties."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.explain import Explanation, Result
from handbook.inputs import SHANGHAI
from handbook.rules.customs import (
    CAUSES,
    OUTCOMES,
    ClearanceAction,
    QuotaCheck,
    RepushTimeline,
    TaxEstimate,
    check_quota,
    estimated_tax,
    failure_action,
    repush_timeline,
    tax_estimate,
)

TODAY = date(2026, 11, 21)
D = Decimal

# --------------------------------------------------------------------------------- check_quota

QUOTA_CASES = [
    # id, on, spent, order, outcome, within_annual, within_single, remaining_after
    ("small order clears", TODAY, "0", "1500", "clears", True, True, "24500"),
    ("total equal to annual limit is within", TODAY, "24500", "1500", "clears", True, True, "0"),
    ("one fen over the annual limit", TODAY, "24500", "1500.01", "annual_limit_exceeded", False, True, "-0.01"),
    ("the exercise: 24,800 + 1,500", TODAY, "24800", "1500", "annual_limit_exceeded", False, True, "-300"),
    ("order equal to single limit is within", TODAY, "0", "5000", "clears", True, True, "21000"),
    ("order one fen over the single limit", TODAY, "0", "5000.01", "single_limit_exceeded", True, False, "20999.99"),
    ("equal to both limits clears", TODAY, "21000", "5000", "clears", True, True, "0"),
    ("over both: the annual quota wins", TODAY, "21000", "5000.01", "annual_limit_exceeded", False, False, "-0.01"),
    ("over single, total exactly annual", TODAY, "20999.99", "5000.01", "single_limit_exceeded", True, False, "0"),
    ("quota used up, order of 0", TODAY, "26000", "0", "clears", True, True, "0"),
    ("quota used up, one fen", TODAY, "26000", "0.01", "annual_limit_exceeded", False, True, "-0.01"),
    ("spending already above the limit", TODAY, "30000", "100", "annual_limit_exceeded", False, True, "-4100"),
    # the 2018 → 2019 change (财关税〔2016〕18号 → 财关税〔2018〕49号)
    ("2018: total equal to 20,000 clears", date(2018, 12, 31), "18000", "2000", "clears", True, True, "0"),
    ("2018: one fen over both → annual", date(2018, 12, 31), "18000", "2000.01", "annual_limit_exceeded", False, False, "-0.01"),
    ("2018: 2,500 is over the single limit", date(2018, 12, 31), "17000", "2500", "single_limit_exceeded", True, False, "500"),
    ("2019: the same 2,500 clears", date(2019, 1, 1), "17000", "2500", "clears", True, True, "6500"),
    ("2018: 24,000 + 1,500 exceeds", date(2018, 12, 31), "24000", "1500", "annual_limit_exceeded", False, True, "-5500"),
    ("2019: 24,000 + 1,500 clears", date(2019, 1, 1), "24000", "1500", "clears", True, True, "500"),
    ("first day of the regime", date(2016, 4, 8), "0", "2000", "clears", True, True, "18000"),
]


@pytest.mark.decision("customs.equal_is_within")
@pytest.mark.parametrize(
    "on, spent, order, outcome, within_annual, within_single, remaining_after",
    [c[1:] for c in QUOTA_CASES], ids=[c[0] for c in QUOTA_CASES],
)
def test_check_quota_boundaries(on, spent, order, outcome, within_annual, within_single, remaining_after):
    result = check_quota(spent, order, on=on)
    assert isinstance(result, QuotaCheck) and isinstance(result, Result)
    assert result.outcome == outcome
    assert result.within_annual is within_annual
    assert result.within_single is within_single
    assert result.annual_remaining_after == D(remaining_after)
    assert result.annual_remaining_before == result.annual_limit - D(spent)
    assert result.clears is (outcome == "clears")


@pytest.mark.parametrize("on, annual, single", [
    (date(2016, 4, 8), 20000, 2000),
    (date(2018, 12, 31), 20000, 2000),
    (date(2019, 1, 1), 26000, 5000),
    (TODAY, 26000, 5000),
])
def test_limits_in_force_on_the_date(on, annual, single):
    result = check_quota(0, 1, on=on)
    assert (result.annual_limit, result.single_limit) == (D(annual), D(single))


@pytest.mark.decision("customs.equal_is_within")
@pytest.mark.parametrize("on", [date(2016, 4, 8), date(2018, 12, 31), date(2019, 1, 1), TODAY])
def test_boundaries_follow_the_registry(on):
    annual = policy.get("pinduoduo_intl.customs.annual_limit", on=on)
    single = policy.get("pinduoduo_intl.customs.single_limit", on=on)
    fen = D("0.01")
    assert check_quota(annual - single, single, on=on).outcome == "clears"
    assert check_quota(annual - single, single + fen, on=on).outcome == "annual_limit_exceeded"
    assert check_quota(annual - single + fen, single, on=on).outcome == "annual_limit_exceeded"
    assert check_quota(0, single + fen, on=on).outcome == "single_limit_exceeded"


def test_explanation_cites_the_limits_and_states_the_outcome():
    result = check_quota("24,800", "1,500", on=TODAY)
    why = result.explain()
    assert isinstance(why, Explanation)
    ids = {p.id for p in why.parameters}
    assert {"pinduoduo_intl.customs.annual_limit", "pinduoduo_intl.customs.single_limit"} <= ids
    assert "exceeds the annual limit of 26,000 yuan by 300 yuan" in str(why)
    assert result.outcome_words == "Fails customs: annual personal quota exceeded"
    assert result.over_annual_by == D("300") and result.over_single_by == D("0")


@pytest.mark.decision("customs.both_limits")
def test_both_exceeded_says_why_the_annual_quota_wins():
    result = check_quota(21000, "5000.01", on=TODAY)
    assert result.outcome == "annual_limit_exceeded"
    assert any("annual quota decides" in s for s in result.explain().steps)


@pytest.mark.decision("customs.indivisible_item")
def test_single_limit_explanation_mentions_the_indivisible_item_exception():
    result = check_quota(0, 6000, on=TODAY)
    assert result.outcome == "single_limit_exceeded"
    assert any("indivisible" in s for s in result.explain().steps)


def test_results_are_frozen():
    result = check_quota(0, 1, on=TODAY)
    with pytest.raises(AttributeError):
        result.outcome = "clears"  # type: ignore[misc]


def test_on_accepts_iso_text_and_defaults_to_today(monkeypatch):
    assert check_quota(0, 1, on="2018-06-01").annual_limit == D(20000)
    monkeypatch.setattr(policy, "today", lambda: date(2017, 5, 5))
    assert check_quota(0, 1).on == date(2017, 5, 5)


def test_what_if_scenario_moves_the_outcome():
    with policy.scenario({"pinduoduo_intl.customs.annual_limit": 50000}):
        assert check_quota(24800, 1500, on=TODAY).outcome == "clears"
    assert check_quota(24800, 1500, on=TODAY).outcome == "annual_limit_exceeded"


BAD_AMOUNTS = [
    ("negative", -1, "negative"),
    ("negative text", "-0.01", "negative"),
    ("NaN", math.nan, "not a finite number"),
    ("NaN text", "nan", "not a finite number"),
    ("infinity", math.inf, "not a finite number"),
    ("infinity text", "Infinity", "not a finite number"),
    ("not a number", "abc", "not a number"),
    ("empty", "", "not a number"),
    ("bool", True, "not an amount"),
    ("None", None, "not an amount"),
    ("list", [100], "a list"),
    ("smaller than a fen", "1.001", "more than 2 decimals"),
    ("over the sanity bound", "10000000.01", "above the plausible maximum"),
    ("far over the sanity bound", "1e30", "above the plausible maximum"),
    ("huge int", 10**40, "above the plausible maximum"),
]


@pytest.mark.parametrize("field", ["spent_this_year", "order_amount"])
@pytest.mark.parametrize("value, reason", [c[1:] for c in BAD_AMOUNTS], ids=[c[0] for c in BAD_AMOUNTS])
def test_bad_amounts_are_refused_with_field_value_and_accepted(field, value, reason):
    args = {"spent_this_year": "100", "order_amount": "100"}
    args[field] = value
    with pytest.raises(PolicyInputError) as info:
        check_quota(args["spent_this_year"], args["order_amount"], on=TODAY)
    assert info.value.field == field
    assert reason in str(info.value)
    assert "Accepted:" in str(info.value)


@pytest.mark.decision("customs.spending_above_limit")
def test_sanity_bound_is_inclusive_and_stated_in_the_error():
    assert check_quota("10,000,000", 0, on=TODAY).outcome == "annual_limit_exceeded"
    with pytest.raises(PolicyInputError, match="at most 10,000,000"):
        check_quota("10000000.01", 0, on=TODAY)


@pytest.mark.parametrize("on, accepted", [
    (date(2016, 4, 7), "on or after 2016-04-08"),
    (date(2000, 1, 1), "on or after 2016-04-08"),
    ("2016-04-07", "on or after 2016-04-08"),
    ("yesterday", "YYYY-MM-DD"),
    (datetime(2026, 11, 21, 10, 0), "YYYY-MM-DD"),
    (20261121, "YYYY-MM-DD"),
])
def test_bad_dates_are_refused(on, accepted):
    with pytest.raises(PolicyInputError) as info:
        check_quota(0, 1, on=on)
    assert info.value.field == "on" and accepted in str(info.value)


# ------------------------------------------------------------------------------------------ tax

TAX_CASES = [
    # id, amount, kwargs, expected tax
    ("the 9.1% combined rate", "1500", {}, "136.50"),
    ("nothing to tax", "0", {}, "0.00"),
    ("at the single limit", "5000", {}, "455.00"),
    ("below half a fen rounds down", "0.05", {}, "0.00"),
    ("a fen and a half rounds up", "0.06", {}, "0.01"),
    ("exact half fen rounds up (not to even)", "15", {}, "1.37"),
    ("exact half fen, odd neighbour", "5", {}, "0.46"),
    ("explicit VAT rate as text", "1000", {"vat_rate": "0.16"}, "112.00"),
    ("explicit VAT rate as float", "1000", {"vat_rate": 0.09}, "63.00"),
    ("consumption tax 10%", "1000", {"consumption_tax_rate": "0.1"}, "178.89"),
    ("consumption tax 15%", "1234.56", {"consumption_tax_rate": Decimal("0.15")}, "284.68"),
    ("zero VAT", "1000", {"vat_rate": 0}, "0.00"),
]


@pytest.mark.parametrize("amount, kwargs, expected", [c[1:] for c in TAX_CASES], ids=[c[0] for c in TAX_CASES])
def test_estimated_tax(amount, kwargs, expected):
    tax = estimated_tax(amount, on=TODAY, **kwargs)
    assert isinstance(tax, Decimal) and tax == D(expected) and tax.as_tuple().exponent == -2


def test_tax_estimate_explains_the_formula_and_cites_the_rates():
    estimate = tax_estimate("1500", on=TODAY)
    assert isinstance(estimate, TaxEstimate) and estimate.combined_rate == D("0.091")
    assert estimate.combined_rate_text == "9.1%"
    text = str(estimate.explain())
    assert "(0% + 13%) / (1 − 0%) × 70% = 9.1%" in text
    ids = {p.id for p in estimate.explain().parameters}
    assert {"pinduoduo_intl.customs.vat_rate", "pinduoduo_intl.customs.tax_share",
            "pinduoduo_intl.customs.tariff_rate"} <= ids


@pytest.mark.decision("customs.tax_inside_limits")
def test_vat_is_recorded_from_2019_04_01_only():
    assert estimated_tax(1000, on=date(2019, 4, 1)) == D("91.00")
    with pytest.raises(PolicyInputError) as info:
        estimated_tax(1000, on=date(2019, 3, 31))
    assert info.value.field == "on" and "vat_rate" in str(info.value)
    assert estimated_tax(1000, vat_rate="0.16", on=date(2019, 3, 31)) == D("112.00")


@pytest.mark.decision("customs.tax_inside_limits")
@pytest.mark.parametrize("amount, on", [("5000.01", TODAY), ("2000.01", date(2018, 12, 31))])
def test_tax_refuses_orders_above_the_single_limit(amount, on):
    with pytest.raises(PolicyInputError, match="only inside the limits") as info:
        estimated_tax(amount, vat_rate="0.13", on=on)
    assert info.value.field == "order_amount"


@pytest.mark.parametrize("field, value", [
    ("vat_rate", 13), ("vat_rate", "-0.01"), ("vat_rate", math.nan), ("vat_rate", "x"), ("vat_rate", True),
    ("consumption_tax_rate", 1), ("consumption_tax_rate", "1.5"), ("consumption_tax_rate", math.inf),
    ("consumption_tax_rate", None), ("consumption_tax_rate", [0.1]),
])
def test_bad_rates_are_refused(field, value):
    with pytest.raises(PolicyInputError) as info:
        estimated_tax(100, on=TODAY, **{field: value})
    assert info.value.field == field and "0.13 means 13%" in str(info.value)


@pytest.mark.parametrize("value", [-1, "nan", math.inf, "abc", "1e30"])
def test_tax_bad_amounts(value):
    with pytest.raises(PolicyInputError) as info:
        estimated_tax(value, on=TODAY)
    assert info.value.field == "order_amount"


# ------------------------------------------------------------------------------- failure_action

ACTION_CASES = [
    # cause, action, evidence count, required evidence count, evidence must mention
    ("quota_exceeded", "appeal", 3, 2, ("身份证信息", "海关跨境电子商务年度个人额度查询", "26,000 yuan")),
    ("id_photo_missing", "appeal", 2, 2, ("清关订单号", "订单编号", "【订单查询】-【查看详情】")),
    ("id_mismatch", "repush", 0, 0, ()),
]


@pytest.mark.parametrize("cause, action, n_evidence, n_required, mentions", ACTION_CASES,
                         ids=[c[0] for c in ACTION_CASES])
def test_failure_action_per_cause(cause, action, n_evidence, n_required, mentions):
    card = failure_action(cause, on=TODAY)
    assert isinstance(card, ClearanceAction) and isinstance(card.explain(), Explanation)
    assert card.cause == cause and card.action == action
    assert len(card.evidence) == n_evidence
    assert sum(e.required for e in card.evidence) == n_required
    evidence_text = " ".join(f"{e.what} {e.where}" for e in card.evidence)
    for needle in mentions:
        assert needle in evidence_text
    assert "不得打码，不得标红" in card.evidence_rule and "No redaction, no red marks" in card.evidence_rule
    assert card.steps and card.follow_up


@pytest.mark.parametrize("cause", ["quota_exceeded", "id_photo_missing"])
def test_appeals_use_the_on_screen_labels(cause):
    card = failure_action(cause, on=TODAY)
    assert card.appeal and not card.repush
    assert card.menu_path == "【店铺管理】–【订单申诉】–【异常订单不发货】"
    assert card.appeal_reason == "定制类商品买家未提供定制信息"
    assert card.shipping_choice == "我有证据，申请上述订单均不发货"
    assert card.button == "【去申诉】"
    steps = " ".join(card.steps)
    assert card.menu_path in steps and card.appeal_reason in steps and card.shipping_choice in steps
    assert "Do not ship" in card.follow_up


def test_id_mismatch_is_re_pushed_not_appealed():
    card = failure_action("id_mismatch", on=TODAY)
    assert card.repush and card.menu_path is None and card.appeal_reason is None
    steps = " ".join(card.steps)
    assert "重推支付单问卷" in steps and "Do not appeal" in steps
    assert "14:00 the next day" in card.follow_up and "招商 or 运营" in card.follow_up


@pytest.mark.parametrize("cause", ["quota", "QUOTA_EXCEEDED", "", None, 3, "id mismatch"])
def test_unknown_cause_lists_the_valid_ones(cause):
    with pytest.raises(PolicyInputError) as info:
        failure_action(cause)
    assert info.value.field == "cause"
    for name in CAUSES:
        assert repr(name) in str(info.value)


def test_failure_action_before_the_article_is_refused():
    with pytest.raises(PolicyInputError, match="on or after 2019-11-02"):
        failure_action("quota_exceeded", on=date(2019, 11, 1))


# ------------------------------------------------------------------------------ repush_timeline

SH = SHANGHAI
TIMELINE_CASES = [
    ("naive morning", datetime(2026, 11, 21, 10, 30), date(2026, 11, 21), datetime(2026, 11, 22, 14, 0, tzinfo=SH)),
    ("ISO text late evening", "2026-11-21 23:59", date(2026, 11, 21), datetime(2026, 11, 22, 14, 0, tzinfo=SH)),
    ("just after midnight", "2026-11-22T00:05", date(2026, 11, 22), datetime(2026, 11, 23, 14, 0, tzinfo=SH)),
    ("UTC evening is Shanghai next morning", datetime(2026, 11, 21, 17, 0, tzinfo=UTC),
     date(2026, 11, 22), datetime(2026, 11, 23, 14, 0, tzinfo=SH)),
    ("year end", datetime(2026, 12, 31, 22, 0), date(2026, 12, 31), datetime(2027, 1, 1, 14, 0, tzinfo=SH)),
    ("leap day", datetime(2024, 2, 28, 9, 0), date(2024, 2, 28), datetime(2024, 2, 29, 14, 0, tzinfo=SH)),
    ("article date", datetime(2019, 11, 2, 9, 10), date(2019, 11, 2), datetime(2019, 11, 3, 14, 0, tzinfo=SH)),
]


@pytest.mark.decision("customs.night_of_submission")
@pytest.mark.parametrize("submitted, night, escalate", [c[1:] for c in TIMELINE_CASES],
                         ids=[c[0] for c in TIMELINE_CASES])
def test_repush_timeline(submitted, night, escalate):
    timeline = repush_timeline(submitted)
    assert isinstance(timeline, RepushTimeline)
    assert timeline.repush_night == night
    assert timeline.escalate_after == escalate
    assert timeline.escalate_after.tzinfo == SH and timeline.submitted_at.tzinfo == SH
    assert "招商 or 运营" in timeline.contact
    assert "pinduoduo_intl.customs.repush_escalation_time" in {p.id for p in timeline.explain().parameters}


@pytest.mark.parametrize("at, expected", [
    ("2026-11-22 13:59", False),
    ("2026-11-22 14:00", True),
    ("2026-11-22 14:01", True),
    (datetime(2026, 11, 22, 6, 0, tzinfo=UTC), True),  # 14:00 Shanghai
    (datetime(2026, 11, 22, 5, 59, tzinfo=UTC), False),
    ("2026-11-21 23:00", False),
])
def test_may_escalate_from_14_00_inclusive(at, expected):
    assert repush_timeline("2026-11-21 10:30").may_escalate(at) is expected


@pytest.mark.parametrize("value, accepted", [
    ("yesterday", "YYYY-MM-DD HH:MM"),
    (None, "YYYY-MM-DD HH:MM"),
    (date(2026, 11, 21), "YYYY-MM-DD HH:MM"),
    (20261121, "YYYY-MM-DD HH:MM"),
    (datetime(2019, 11, 1, 12, 0), "on or after 2019-11-02"),
    (datetime(9999, 12, 31, 12, 0), "before the last day"),
    (datetime.max.replace(tzinfo=UTC), "representable"),
])
def test_repush_bad_input(value, accepted):
    with pytest.raises(PolicyInputError) as info:
        repush_timeline(value)
    assert info.value.field == "submitted_at" and accepted in str(info.value)


# -------------------------------------------------------------------------------- properties

fen = st.integers(min_value=0, max_value=1_000_000_000).map(lambda n: Decimal(n) / 100)
dates = st.dates(min_value=date(2016, 4, 8), max_value=date(2100, 12, 31))
SEVERITY = {"clears": 0, "single_limit_exceeded": 1, "annual_limit_exceeded": 1}


@settings(max_examples=300, deadline=None)
@given(spent=fen, more=fen, order=fen, on=dates)
def test_more_spending_never_turns_exceeded_into_clears(spent, more, order, on):
    assume(spent + more <= D(10_000_000))
    low = check_quota(spent, order, on=on)
    high = check_quota(spent + more, order, on=on)
    assert SEVERITY[high.outcome] >= SEVERITY[low.outcome]
    assert not (low.outcome == "annual_limit_exceeded" and high.outcome != "annual_limit_exceeded")
    assert high.annual_remaining_after <= low.annual_remaining_after


@settings(max_examples=300, deadline=None)
@given(spent=fen, order=fen, more=fen, on=dates)
def test_a_bigger_order_never_turns_exceeded_into_clears(spent, order, more, on):
    assume(order + more <= D(10_000_000))
    low = check_quota(spent, order, on=on)
    high = check_quota(spent, order + more, on=on)
    assert SEVERITY[high.outcome] >= SEVERITY[low.outcome]
    assert low.within_single or not high.within_single
    assert low.within_annual or not high.within_annual


@settings(max_examples=300, deadline=None)
@given(spent=fen, order=fen, on=dates)
def test_quota_fields_agree(spent, order, on):
    result = check_quota(spent, order, on=on)
    assert result.outcome in OUTCOMES
    assert result.clears == (result.within_annual and result.within_single)
    assert result.within_annual == (result.annual_remaining_after >= 0)
    assert result.annual_remaining_before - result.order_amount == result.annual_remaining_after
    if not result.within_annual:
        assert result.outcome == "annual_limit_exceeded"


anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True), st.text(max_size=20),
    st.lists(st.integers(), max_size=2), fen, fen.map(str),
)
any_date = st.one_of(st.none(), st.dates(), st.text(max_size=12), st.datetimes(), st.integers())


@settings(max_examples=400, deadline=None)
@given(spent=anything, order=anything, on=any_date)
def test_check_quota_raises_only_policy_input_error(spent, order, on):
    if on is None:
        on = TODAY  # None means the wall-clock today: keep the test deterministic
    try:
        result = check_quota(spent, order, on=on)
    except PolicyInputError as exc:
        assert exc.field in {"spent_this_year", "order_amount", "on"}
    else:
        assert result.outcome in OUTCOMES


@settings(max_examples=300, deadline=None)
@given(amount=anything, vat=st.one_of(st.none(), anything), consumption=anything, on=any_date)
def test_estimated_tax_raises_only_policy_input_error(amount, vat, consumption, on):
    if on is None:
        on = TODAY
    try:
        tax = estimated_tax(amount, vat_rate=vat, consumption_tax_rate=consumption, on=on)
    except PolicyInputError:
        pass
    else:
        assert isinstance(tax, Decimal) and tax >= 0


@settings(max_examples=300, deadline=None)
@given(a=st.integers(0, 500_000), b=st.integers(0, 500_000),
       consumption=st.integers(0, 99).map(lambda n: Decimal(n) / 100))
def test_tax_grows_with_the_amount_and_stays_within_half_a_fen(a, b, consumption):
    low, high = sorted((Decimal(a) / 100, Decimal(b) / 100))
    estimate = tax_estimate(low, consumption_tax_rate=consumption, on=TODAY)
    assert estimate.tax <= estimated_tax(high, consumption_tax_rate=consumption, on=TODAY)
    assert abs(estimate.tax - low * estimate.combined_rate) <= D("0.005")


@pytest.mark.decision("customs.night_of_submission")
@settings(max_examples=300, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2019, 11, 2), max_value=datetime(2100, 1, 1)),
       offset=st.one_of(st.none(), st.integers(-14 * 60, 14 * 60)))
def test_escalation_is_14_00_on_the_day_after_the_shanghai_submission_day(moment, offset):
    if offset is not None:
        moment = moment.replace(tzinfo=timezone(timedelta(minutes=offset)))
    try:
        timeline = repush_timeline(moment)
    except PolicyInputError:
        assert offset is not None  # the Shanghai date fell before 2019-11-02
        return
    local = timeline.submitted_at
    assert local.tzinfo == SHANGHAI
    assert local == (moment.astimezone(SHANGHAI) if offset is not None else moment.replace(tzinfo=SHANGHAI))
    assert timeline.repush_night == local.date()
    assert timeline.escalate_after.date() == local.date() + timedelta(days=1)
    assert timeline.escalate_after.timetz() == time(14, 0, tzinfo=SHANGHAI)
    assert timedelta(hours=14) < timeline.escalate_after - local <= timedelta(hours=38)
    assert not timeline.may_escalate(local) and timeline.may_escalate(timeline.escalate_after)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(anything, st.datetimes(timezones=st.just(UTC)), st.datetimes()))
def test_repush_raises_only_policy_input_error(value):
    try:
        timeline = repush_timeline(value)
    except PolicyInputError as exc:
        assert exc.field == "submitted_at"
    else:
        assert timeline.escalate_after > timeline.submitted_at


@pytest.mark.decision("customs.returns")
def test_the_checker_takes_the_spending_as_given_returns_are_not_subtracted():
    # a return restores the quota in the customs query; the checker does not model returns itself
    result = check_quota("1000", "500", on=TODAY)
    assert result.total_after == D("1500") and result.annual_remaining_before == result.annual_limit - D("1000")
