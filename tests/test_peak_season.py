"""AliExpress Double 11 peak season: exports/pages, scenario validation, and the simulation's invariants."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.inputs import SHANGHAI
from handbook.rules import peak_season as ps
from handbook.rules.peak_season import (
    PeakScenario,
    draw_orders,
    exports_needed,
    pages_needed,
    paging_plan,
    run,
    simulate,
    summary,
)

ON = date(2026, 11, 21)
PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- exports and pages --------------------------------------------------------------------------------


@pytest.mark.parametrize(("orders", "exports"), [
    (0, 0), (1, 1), (19_999, 1), (20_000, 1), (20_001, 2), (40_000, 2), (40_001, 3), ("20001", 2),
])
def test_exports_needed_rounds_up(orders, exports):
    assert exports_needed(orders, on=ON) == exports


@pytest.mark.parametrize(("orders", "pages"), [
    (0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (100, 10), (101, 11), (20_000, 2_000),
])
def test_pages_needed_rounds_up(orders, pages):
    assert pages_needed(orders, on=ON) == pages


@pytest.mark.parametrize("bad", [-1, -20_000, 1.5, True, None, "many", "-3"])
@pytest.mark.parametrize("rule", [exports_needed, pages_needed])
def test_exports_and_pages_refuse_bad_counts(rule, bad):
    with pytest.raises(PolicyInputError) as err:
        rule(bad, on=ON)
    assert err.value.field == "orders"


def test_exports_and_pages_follow_the_registry():
    with policy.scenario({ps.EXPORT_LIMIT: 5_000, ps.PAGE_SIZE: 50}):
        assert exports_needed(5_001, on=ON) == 2
        assert pages_needed(101, on=ON) == 3


@given(st.integers(0, 10**7))
def test_exports_and_pages_are_the_ceiling(orders):
    limit = policy.get(ps.EXPORT_LIMIT, ON)
    size = policy.get(ps.PAGE_SIZE, ON)
    e, p = exports_needed(orders, on=ON), pages_needed(orders, on=ON)
    assert (e - 1) * limit < orders <= e * limit or (orders == 0 and e == 0)
    assert (p - 1) * size < orders <= p * size or (orders == 0 and p == 0)


@pytest.mark.parametrize(("orders", "seconds", "exports", "pages", "time"), [
    (0, 5, 0, 0, timedelta(0)),
    (10, 5, 1, 1, timedelta(seconds=5)),
    (11, 5, 1, 2, timedelta(seconds=10)),
    (20_001, 3, 2, 2_001, timedelta(seconds=6_003)),
])
def test_paging_plan(orders, seconds, exports, pages, time):
    plan = paging_plan(orders, seconds, on=ON)
    assert (plan.exports, plan.pages, plan.paging_time) == (exports, pages, time)
    assert ps.EXPORT_LIMIT in str(plan.explain()) and ps.PAGE_SIZE in str(plan.explain())


@pytest.mark.parametrize(("orders", "seconds", "field"), [
    (-1, 5, "orders"), (10, 0, "seconds per page"), (10, 3601, "seconds per page"), (10, 2.5, "seconds per page"),
])
def test_paging_plan_refuses_bad_input(orders, seconds, field):
    with pytest.raises(PolicyInputError) as err:
        paging_plan(orders, seconds, on=ON)
    assert err.value.field == field


# --- scenario validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "field"), [
    ({"orders": -1}, "orders"),
    ({"orders": 1.5}, "orders"),
    ({"orders": ps.MAX_ORDERS + 1}, "orders"),
    ({"bank_card_share": 1.01}, "bank_card_share"),
    ({"bank_card_share": -0.01}, "bank_card_share"),
    ({"bank_card_share": "half"}, "bank_card_share"),
    ({"ship_before_notice_share": 2}, "ship_before_notice_share"),
    ({"risk_share": -1}, "risk_share"),
    ({"delay_hours": (5, 2)}, "delay_hours"),
    ({"delay_hours": (3, 2), "beyond_policy": True}, "delay_hours"),
    ({"delay_hours": (1, 2, 3)}, "delay_hours"),
    ({"delay_hours": "1-6"}, "delay_hours"),
    ({"delay_hours": (-1, 3)}, "delay_hours (min)"),
    ({"delay_hours": (1, 49), "beyond_policy": True}, "delay_hours (max)"),
    ({"delay_hours": (1.5, 3)}, "delay_hours (min)"),
    ({"staff": 0}, "staff"),
    ({"staff": -4}, "staff"),
    ({"notices_per_staff_hour": 0}, "notices_per_staff_hour"),
    ({"year": 2020}, "year"),
    ({"beyond_policy": 1}, "beyond_policy"),
    ({"arrival_weights": []}, "arrival_weights"),
    ({"arrival_weights": [0, 0]}, "arrival_weights"),
    ({"arrival_weights": [1, -1]}, "arrival_weights"),
    ({"arrival_weights": [1, float("nan")]}, "arrival_weights"),
    ({"arrival_weights": "flat"}, "arrival_weights"),
    ({"arrival_weights": [1] * 169}, "arrival_weights"),
    ({"tracking_delay_minutes": -5}, "tracking_delay_minutes"),
    ({"freight_lag_minutes": -1}, "freight_lag_minutes"),
])
def test_bad_scenario_values_are_refused(changes, field):
    with pytest.raises(PolicyInputError) as err:
        PeakScenario(**changes)
    assert err.value.field == field
    assert "Accepted" in str(err.value)


@pytest.mark.decision("peak_season.payment_delays")
@pytest.mark.parametrize(("given_range", "beyond", "used", "clamped"), [
    (None, False, (1, 6), False),
    ((1, 6), False, (1, 6), False),
    ((2, 4), False, (2, 4), False),
    ((0, 8), False, (1, 6), True),
    ((0, 1), False, (1, 1), True),
    ((7, 9), False, (6, 6), True),
    ((0, 8), True, (0, 8), False),
    ((0, 48), True, (0, 48), False),
    ((3, 3), True, (3, 3), False),
])
def test_delay_range_is_clamped_to_the_notice_unless_beyond_policy(given_range, beyond, used, clamped):
    scenario = PeakScenario(delay_hours=given_range, beyond_policy=beyond)
    assert scenario.delay_hours == used
    assert bool(scenario.adjustments) == clamped
    if clamped:
        assert "clamped" in scenario.adjustments[0]
        assert "clamped" in str(summary(simulate(scenario.with_(orders=50), seed=1)).explain())


def test_defaults_come_from_the_registry():
    scenario = PeakScenario()
    on = date(2026, 11, 11)
    assert scenario.delay_hours == (policy.get(ps.MIN_DELAY, on), policy.get(ps.MAX_DELAY, on))
    assert scenario.freight_lag_minutes == policy.get(ps.FREIGHT_WAIT, on)
    assert scenario.arrival_weights == tuple(float(w) for w in policy.get(ps.ARRIVAL_WEIGHTS, on))
    assert scenario.start == datetime(2026, 11, 10, 20, 0, tzinfo=SHANGHAI)
    assert scenario.end == datetime(2026, 11, 13, 0, 0, tzinfo=SHANGHAI)


def test_with_keeps_other_inputs_and_revalidates():
    base = PeakScenario(delay_hours=(0, 8))
    more = base.with_(staff=8)
    assert more.staff == 8 and more.delay_hours == (1, 6) and more.adjustments == base.adjustments
    with pytest.raises(PolicyInputError):
        base.with_(staff=-1)


# --- the simulation -----------------------------------------------------------------------------------


def test_frame_shape_timestamps_and_columns():
    frame = simulate(PeakScenario(orders=500), seed=3)
    assert tuple(frame.columns) == ps.COLUMNS
    assert len(frame) == 52 * 60 + 1
    assert frame["timestamp"].iloc[0] == datetime(2026, 11, 10, 20, 0, tzinfo=SHANGHAI)
    assert frame["timestamp"].iloc[-1] == datetime(2026, 11, 13, 0, 0, tzinfo=SHANGHAI)
    assert (frame["timestamp"].diff().dropna() == timedelta(minutes=1)).all()
    assert frame.iloc[0, 1:].sum() == 0  # nothing has happened at the start
    assert frame["arrived"].iloc[-1] == 500  # every order arrives inside the window


def test_year_is_part_of_the_scenario():
    frame = simulate(PeakScenario(year=2024, orders=10), seed=1)
    assert frame["timestamp"].iloc[0] == datetime(2024, 11, 10, 20, 0, tzinfo=SHANGHAI)


@pytest.mark.decision("peak_season.arrival_curve")
def test_own_arrival_curve_sets_the_window_and_the_arrivals():
    weights = [0, 0, 1, 0]  # everything in the third hour
    scenario = PeakScenario(orders=300, arrival_weights=weights)
    draws = draw_orders(scenario, seed=5)
    assert ((draws.arrival >= 120) & (draws.arrival < 180)).all()
    frame = simulate(scenario, seed=5)
    assert len(frame) == 4 * 60 + 1
    assert frame["arrived"].iloc[120] == 0 and frame["arrived"].iloc[180] == 300


def test_zero_orders_is_an_empty_but_valid_run():
    frame = simulate(PeakScenario(orders=0), seed=1)
    assert frame.iloc[:, 1:].to_numpy().sum() == 0
    result = summary(frame)
    assert (result.peak_backlog, result.worst_notice_wait, result.exports_needed) == (0, timedelta(0), 0)


scenarios = st.builds(
    PeakScenario,
    orders=st.integers(0, 1500),
    bank_card_share=st.floats(0, 1),
    delay_hours=st.tuples(st.integers(0, 10), st.integers(0, 10)).map(sorted).map(tuple),
    staff=st.integers(1, 12),
    notices_per_staff_hour=st.integers(1, 120),
    ship_before_notice_share=st.floats(0, 1),
    risk_share=st.floats(0, 0.5),
    risk_review_hours=st.integers(0, 24),
    tracking_delay_minutes=st.integers(0, 120),
    freight_lag_minutes=st.integers(0, 60),
    beyond_policy=st.booleans(),
)


@PROPS
@given(scenarios, st.integers(0, 2**32 - 1))
def test_every_arrived_order_is_in_exactly_one_state(scenario, seed):
    frame = simulate(scenario, seed=seed)
    states = frame[list(ps.STATES)].to_numpy()
    assert (states >= 0).all()
    assert (states.sum(axis=1) == frame["arrived"].to_numpy()).all()
    for cumulative in ("arrived", "shipped", "closed_by_risk_control", "closed_after_goods_sent", "exports_needed"):
        assert (np.diff(frame[cumulative].to_numpy()) >= 0).all(), cumulative
    assert (frame["closed_after_goods_sent"] <= frame["closed_by_risk_control"]).all()
    assert (frame["goods_sent_before_notice"] <= frame["waiting_for_notice"]).all()
    assert ((frame["in_notice_queue"] >= 0) & (frame["in_notice_queue"] <= frame["waiting_for_notice"])).all()
    assert frame["arrived"].iloc[-1] == scenario.orders


@PROPS
@given(scenarios, st.integers(0, 2**32 - 1))
def test_no_queue_when_no_order_waits(scenario, seed):
    """The peak backlog and the worst wait measure the same queue: a backlog never sits beside a zero wait
    (the reverse need not hold: an order paid after the window's end can wait outside the chart)."""
    result = summary(simulate(scenario, seed=seed))
    if result.peak_backlog > 0:
        assert result.worst_notice_wait >= timedelta(minutes=1)
    assert "0 s" not in result.explain().summary


def _state_at(draws, k: int, i: int) -> str | None:
    """The state of order k at row i, written out one order at a time (the reference for the counts)."""
    if np.floor(draws.arrival[k]) >= i:
        return None
    if np.floor(draws.paid[k]) >= i:
        return "in_payment_processing"
    if draws.closed[k]:
        return "closed_by_risk_control" if draws.leave_minute[k] < i else "waiting_for_notice"
    if draws.notice_minute[k] >= i:
        return "waiting_for_notice"
    return "shipped" if draws.ship_minute[k] < i else "notice_filled"


@pytest.mark.decision("peak_season.closed_orders_take_their_turn")
@PROPS
@given(scenarios.map(lambda s: s.with_(orders=min(s.orders, 120))), st.integers(0, 1000))
def test_state_counts_match_order_by_order_reference(scenario, seed):
    frame = simulate(scenario, seed=seed)
    draws = draw_orders(scenario, seed=seed)
    for i in (0, 200, 241, 300, 777, 1500, 3120):
        counts = dict.fromkeys(ps.STATES, 0)
        for k in range(scenario.orders):
            state = _state_at(draws, k, i)
            if state:
                counts[state] += 1
        assert {s: int(frame[s].iloc[i]) for s in ps.STATES} == counts, i
        queue = sum(1 for k in range(scenario.orders)
                    if np.floor(draws.ready[k]) < i <= draws.leave_minute[k])
        assert int(frame["in_notice_queue"].iloc[i]) == queue, i


@PROPS
@given(st.tuples(st.integers(0, 48), st.integers(0, 48)).map(sorted), st.booleans(), st.floats(0, 1),
       st.integers(0, 10_000))
def test_payment_delays_stay_within_the_chosen_bounds(bounds, beyond, card_share, seed):
    scenario = PeakScenario(orders=400, delay_hours=tuple(bounds), beyond_policy=beyond, bank_card_share=card_share)
    low, high = scenario.delay_hours
    if not beyond:
        assert 1 <= low <= high <= 6
    draws = draw_orders(scenario, seed=seed)
    card = draws.payment_delay[draws.bank_card]
    assert ((card >= low * 60) & (card <= high * 60)).all()
    assert (draws.payment_delay[~draws.bank_card] == 0).all()
    assert (draws.paid >= draws.arrival).all() and (draws.ready >= draws.paid).all()


def test_same_seed_same_frame_other_seed_other_frame():
    scenario = PeakScenario(orders=2_000, ship_before_notice_share=0.3)
    first, again = simulate(scenario, seed=11), simulate(scenario, seed=11)
    assert first.equals(again)
    assert first.attrs["worst_wait_minutes"] == again.attrs["worst_wait_minutes"]
    assert not first.equals(simulate(scenario, seed=12))


@pytest.mark.parametrize("seed", [-1, 1.5, "x", None])
def test_seed_must_be_a_whole_number(seed):
    with pytest.raises(PolicyInputError) as err:
        simulate(PeakScenario(orders=5), seed=seed)
    assert err.value.field == "seed"


def _reference_served(ready_minutes: np.ndarray, per_hour: int, length: int) -> np.ndarray:
    """Notices filled by the end of each minute, one minute at a time (fluid capacity in 1/60 notices)."""
    ready = np.bincount(ready_minutes, minlength=length).cumsum()
    capacity, served = 0, []
    for t in range(length):
        capacity = min(capacity + per_hour, 60 * int(ready[t]))
        served.append(capacity // 60)
    return np.array(served)


@pytest.mark.decision("peak_season.team_fifo")
@PROPS
@given(st.lists(st.floats(0, 300, allow_nan=False), max_size=200), st.integers(1, 400))
def test_notice_queue_matches_a_minute_by_minute_reference(ready, per_hour):
    ready = np.array(ready, dtype=float)
    minutes = ps._notice_minutes(ready, per_hour)
    if not len(ready):
        return
    assert (minutes >= np.floor(ready)).all()  # nobody's notice before their tracking number
    order = np.argsort(ready, kind="stable")
    assert (np.diff(minutes[order]) >= 0).all()  # first come, first served
    length = int(minutes.max()) + 1
    expected = _reference_served(np.floor(ready).astype(int), per_hour, length)
    got = np.bincount(minutes, minlength=length).cumsum()
    assert (got == expected).all()


@PROPS
@given(scenarios, st.integers(1, 12), st.integers(0, 10_000))
def test_more_staff_never_increases_the_backlog(scenario, extra, seed):
    fewer = run(scenario, seed=seed)
    more = run(scenario.with_(staff=scenario.staff + extra), seed=seed)
    assert (more.columns["waiting_for_notice"] <= fewer.columns["waiting_for_notice"]).all()
    assert more.columns["waiting_for_notice"].max() <= fewer.columns["waiting_for_notice"].max()
    assert more.worst_wait_minutes <= fewer.worst_wait_minutes
    assert more.closed_total <= fewer.closed_total


def test_habit_is_what_loses_goods():
    careful = PeakScenario(orders=3_000, staff=2, risk_share=0.2, ship_before_notice_share=0.0)
    careless = careful.with_(ship_before_notice_share=1.0)
    a, b = summary(simulate(careful, seed=4)), summary(simulate(careless, seed=4))
    assert a.closed_after_goods_sent == 0
    assert a.closed_by_risk_control == b.closed_by_risk_control > 0  # same closures, the habit only moves goods
    assert 0 < b.closed_after_goods_sent <= b.closed_by_risk_control


@pytest.mark.decision("peak_season.worst_wait")
def test_summary_agrees_with_the_frame():
    frame = simulate(PeakScenario(orders=6_000, staff=3), seed=8)
    result = summary(frame)
    waiting = frame["in_notice_queue"]
    assert result.peak_backlog == waiting.max()
    assert result.peak_at == frame["timestamp"].iloc[int(waiting.to_numpy().argmax())]
    assert result.orders == 6_000
    assert result.exports_needed == exports_needed(6_000, on=ON)
    assert result.pages_needed == pages_needed(6_000, on=ON)
    assert result.pages_at_peak == pages_needed(result.peak_backlog, on=ON)
    assert result.closed_by_risk_control == frame["closed_by_risk_control"].iloc[-1]
    assert result.worst_notice_wait == timedelta(minutes=frame.attrs["worst_wait_minutes"])
    text = str(result.explain())
    for pid in (ps.MIN_DELAY, ps.MAX_DELAY, ps.EXPORT_LIMIT, ps.PAGE_SIZE, ps.ARRIVAL_WEIGHTS):
        assert pid in text


@pytest.mark.parametrize("bad", [None, "frame", 3])
def test_summary_needs_a_simulated_frame(bad):
    with pytest.raises(PolicyInputError) as err:
        summary(bad)
    assert err.value.field == "frame"


def test_summary_refuses_a_frame_not_from_simulate():
    frame = simulate(PeakScenario(orders=5), seed=1)
    frame.attrs.clear()
    with pytest.raises(PolicyInputError):
        summary(frame)


def test_compare_same_orders_different_staff():
    base = PeakScenario(orders=8_000)
    result = ps.compare(base.with_(staff=4), base.with_(staff=8), seed=7)
    assert result.first.orders == result.second.orders == 8_000
    assert result.second.peak_backlog <= result.first.peak_backlog
    assert "Same seed 7" in str(result.explain())


def test_staff_for_wait_is_the_fewest_that_meets_the_target():
    base = PeakScenario(orders=8_000)
    answer = ps.staff_for_wait(base, 2, seed=7)
    assert answer.staff is not None and answer.worst_wait <= timedelta(hours=2)
    if answer.staff > 1:
        below = run(base.with_(staff=answer.staff - 1), seed=7)
        assert timedelta(minutes=below.worst_wait_minutes) > timedelta(hours=2)


def test_staff_for_wait_says_when_no_team_is_enough():
    answer = ps.staff_for_wait(PeakScenario(orders=8_000, notices_per_staff_hour=1), 0, seed=1, most=2)
    assert answer.staff is None and "Even 2 staff" in str(answer.explain())


@pytest.mark.parametrize("bad", [-1, "two", float("inf"), True])
def test_staff_for_wait_refuses_bad_targets(bad):
    with pytest.raises(PolicyInputError):
        ps.staff_for_wait(PeakScenario(orders=10), bad, seed=1)


# --- the notice's items -------------------------------------------------------------------------------


def test_notice_items_by_stage_render_their_figures():
    rows = ps.notice_items(on=ON)
    assert [r["stage"].split(" (")[0] for r in rows] == ["payment"] * 2 + ["order management"] * 4 + ["shipping"] * 2
    text = " ".join(" ".join(r.values()) for r in rows)
    assert "{{" not in text
    assert "1–6 hours" in text and "付款处理中" in text and "Payment processing" in text
    assert "执行代扣" in text and "菜鸟" in text
    assert policy.ref(ps.EXPORT_LIMIT, ON).text.split()[0] in text
    assert all(r["tell the buyer"] for r in rows)
    assert len(ps.notice_items("shipping", on=ON)) == 2


def test_notice_items_follow_the_registry():
    with policy.scenario({ps.MAX_DELAY: 8}):
        assert "1–8 hours" in ps.notice_items("payment", on=ON)[0]["what happens"]


def test_notice_items_refuse_an_unknown_stage():
    with pytest.raises(PolicyInputError) as err:
        ps.notice_items("returns", on=ON)
    assert err.value.field == "stage"
