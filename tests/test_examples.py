"""The worked examples built from the registry keep what their sentences say about them, whatever the figures.

Each builder promises a case ("a day the two versions judge differently", "an amount whose rate result keeps
half a yuan", "two full exports and a quarter"); these tests move the figures with scenarios and check the
promise on the computed result, so a policy change cannot leave an example that no longer is what it says.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from handbook import policy, whatif
from handbook.examples import fake_shipping as fs_examples
from handbook.examples import peak_season as peak_examples
from handbook.examples import whatif as whatif_examples
from handbook.rules.fake_shipping import day_verdict, order_compensation
from handbook.rules.peak_season import exports_needed

ON = date(2026, 11, 21)
NEW_YEAR = date(2027, 1, 1)
P = "pinduoduo.fake_shipping."
PROPS = settings(max_examples=60, deadline=None)


@PROPS
@given(loose_orders=st.integers(1, 80), loose_share=st.integers(1, 90), strict_orders=st.integers(1, 40),
       strict_share=st.integers(1, 60))
def test_the_versions_disagree_day_is_judged_differently_whenever_the_versions_differ_there(
        loose_orders, loose_share, strict_orders, strict_share):
    overlay = {P + "day_30_30.min_detected": loose_orders, P + "day_30_30.min_share": loose_share,
               P + "day_10_5.detected_above": strict_orders, P + "day_10_5.share_above": strict_share}
    with policy.scenario(overlay):
        shipped, detected = fs_examples.versions_disagree_day(ON)
        fewest = {rule: fs_examples.fewest_detected(rule, shipped, ON) for rule in (fs_examples.LOOSE, fs_examples.STRICT)}
        verdicts = {rule: day_verdict(detected, shipped, rule=rule, on=ON).whole_day for rule in fewest}
    assert 0 <= detected <= shipped
    if abs(fewest[fs_examples.LOOSE] - fewest[fs_examples.STRICT]) >= 2:
        assert verdicts[fs_examples.LOOSE] != verdicts[fs_examples.STRICT]


@PROPS
@given(orders=st.integers(1, 40), share=st.integers(1, 90), threshold=st.integers(1, 200))
def test_the_exercise_day_is_just_over_the_strict_versions_thresholds(orders, share, threshold):
    overlay = {P + "day_10_5.detected_above": orders, P + "day_10_5.share_above": share, P + "threshold": threshold}
    with policy.scenario(overlay):
        shipped, detected, paid = fs_examples.exercise_day(ON)
        whole = day_verdict(detected, shipped, rule=fs_examples.STRICT, on=ON).whole_day
        one_fewer = day_verdict(detected - 2, shipped, rule=fs_examples.STRICT, on=ON).whole_day
        band = order_compensation(paid, on=ON).band
    assert whole and not one_fewer            # over the count by one: two fewer detected is under it
    assert band in {"rate", "cap"}            # half again the threshold: the rate applies (up to the cap)


@PROPS
@given(threshold=st.integers(1, 100), rate=st.integers(1, 60), cap=st.integers(1, 500))
def test_the_rate_band_example_lies_in_the_rate_band_and_keeps_half_a_yuan_when_it_can(threshold, rate, cap):
    overlay = {P + "threshold": threshold, P + "rate": rate, P + "cap": cap}
    with policy.scenario(overlay):
        paid = fs_examples.rate_band_example(ON)
        result = order_compensation(paid, on=ON)
        cap_at = fs_examples.cap_reached_at(ON)
    if cap_at - Decimal(threshold) > 2:   # a rate band more than two yuan wide
        assert result.band == "rate"
    rated = paid * rate / 100
    if result.band == "rate" and paid != cap_at - fs_examples.FEN:   # the search did not run out of band
        assert rated - int(rated) >= Decimal("0.5")


@PROPS
@given(limit=st.integers(4, 1_000_000))
def test_the_backlog_takes_three_exports(limit):
    with policy.scenario({"aliexpress.peak_season.export_limit": limit}):
        assert exports_needed(peak_examples.backlog_orders(ON), on=ON) == 3


@PROPS
@given(annual=st.integers(1, 200_000), cap=st.integers(1, 1000))
def test_the_what_if_scenarios_are_a_higher_quota_and_a_lower_cap(annual, cap):
    with policy.scenario({"pinduoduo_intl.customs.annual_limit": annual, P + "cap": cap}):
        assert whatif_examples.higher_annual_limit(NEW_YEAR) > annual
        assert whatif_examples.lower_cap(ON) < cap or cap == 1


def test_the_what_if_narration_follows_the_comparison():
    higher = whatif_examples.higher_annual_limit(NEW_YEAR)
    quota = whatif.compare_quota({"pinduoduo_intl.customs.annual_limit": [{"from": NEW_YEAR, "value": higher}]})
    words = whatif_examples.quota_words(quota, NEW_YEAR)
    assert f"**{quota.scenario.outcomes['clears']}** do" in words
    assert "all dated on or after 2027-01-01" in words            # the scenario starts then: nothing earlier moves
    same = whatif.compare_quota({"pinduoduo_intl.customs.annual_limit": [{"from": NEW_YEAR, "value": 26000}]})
    assert whatif_examples.quota_words(same, NEW_YEAR).endswith("No order changes outcome.")
    # the exercise asks about an order placed before the start: its outcome cannot move, and the solution says so
    row = whatif_examples.before_start_line(quota, NEW_YEAR)
    assert str(row["ordered_on"])[:10] < "2027-01-01"
    assert whatif_examples.line_solution(quota, NEW_YEAR).startswith("**No**")
    assert f"line {row['line']}" in whatif_examples.line_exercise(quota, NEW_YEAR)
