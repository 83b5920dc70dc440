"""The simulation: order draws and the run minute by minute (`draw_orders`, `run`, `simulate`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from handbook import inputs, policy
from handbook.errors import PolicyInputError
from handbook.rules.peak_season.common import EXPORT_LIMIT
from handbook.rules.peak_season.scenario import PeakScenario


@dataclass(frozen=True)
class OrderDraws:
    """Per-order draws and event times of one run (minutes from the window start, float unless noted)."""

    arrival: np.ndarray
    bank_card: np.ndarray          # bool
    payment_delay: np.ndarray      # minutes in 付款处理中 (0 for other payment methods)
    paid: np.ndarray
    ready: np.ndarray              # tracking number back: the notice can be filled
    habit: np.ndarray              # bool: goods sent before the notice is filled
    flagged: np.ndarray            # bool: flagged by risk control
    review: np.ndarray             # moment risk control reviews the order (inf if not flagged)
    notice_minute: np.ndarray      # int: minute the notice is filled (queue; also for closed orders)
    closed: np.ndarray             # bool
    leave_minute: np.ndarray       # int: minute the order leaves "waiting for notice" (notice or closure)
    ship_minute: np.ndarray        # int: minute the parcel is handed over (meaningless if closed)
    lost: np.ndarray               # bool: closed after its goods had left


def draw_orders(scenario: PeakScenario, *, seed: int) -> OrderDraws:
    """The per-order draws of `simulate` (same seed → same draws). All draws are made whatever the inputs,
    in a fixed order, so two scenarios on the same seed differ only where their inputs differ."""
    seed = inputs.count(seed, "seed")
    s = scenario
    rng = np.random.default_rng(seed)
    n = s.orders
    weights = np.asarray(s.arrival_weights, dtype=float)
    per_hour = rng.multinomial(n, weights / weights.sum())
    arrival = (np.repeat(np.arange(len(weights)), per_hour) + rng.random(n)) * 60.0
    u_card, u_delay, u_track, u_habit, u_flag, u_review = rng.random((6, n))
    low, high = s.delay_hours
    bank_card = u_card < s.bank_card_share
    payment_delay = np.where(bank_card, (low + (high - low) * u_delay) * 60.0, 0.0)
    paid = arrival + payment_delay
    ready = paid + u_track * s.tracking_delay_minutes
    habit = u_habit < s.ship_before_notice_share
    flagged = u_flag < s.risk_share
    review = np.where(flagged, paid + u_review * (s.risk_review_hours * 60), np.inf)

    notice_minute = _notice_minutes(ready, s.notices_per_hour)
    never = np.int64(np.iinfo(np.int64).max // 4)
    review_minute = np.full(n, never, dtype=np.int64)
    review_minute[flagged] = np.floor(review[flagged]).astype(np.int64)
    closed = review_minute < notice_minute
    leave_minute = np.where(closed, review_minute, notice_minute)
    ship_minute = notice_minute + s.freight_lag_minutes
    lost = closed & habit & (np.floor(ready).astype(np.int64) <= review_minute)
    return OrderDraws(arrival, bank_card, payment_delay, paid, ready, habit, flagged, review,
                      notice_minute, closed, leave_minute, ship_minute, lost)


def _notice_minutes(ready: np.ndarray, per_hour: int) -> np.ndarray:
    """Minute each order's notice is filled: first-come first-served at `per_hour` notices an hour.

    Cumulative notices filled by the end of minute t, scaled by 60 to stay in integers:
    60·S(t) = min(60·R(t), min over u ≤ t of [60·R(u) + per_hour·(t − u)]), with R the cumulative count of
    orders ready; S(t) = floor of it. Exact, and never smaller for a larger `per_hour`.
    """
    n = len(ready)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    ready_minute = np.floor(ready).astype(np.int64)
    length = int(ready_minute.max()) + 1
    cum_ready = np.cumsum(np.bincount(ready_minute, minlength=length)).astype(np.int64)
    steps = np.arange(1, length + 1, dtype=np.int64) * per_hour          # per_hour · (t + 1)
    slack = np.minimum.accumulate(np.minimum(60 * cum_ready - steps, 0))   # includes u = -1 (value 0)
    served60 = np.minimum(steps + slack, 60 * cum_ready)
    served = served60 // 60
    order = np.argsort(ready, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    minute = np.searchsorted(served, rank + 1, side="left").astype(np.int64)
    late = minute >= length  # all orders are ready by the grid's end: the queue drains at full speed after it
    if late.any():
        need = 60 * (rank[late] + 1) - int(slack[-1])
        minute[late] = -(-need // per_hour) - 1
    return minute


def _counts_before(minutes: np.ndarray, steps: int) -> np.ndarray:
    """c[i] = how many events happened before minute i (i = 0 … steps), events at minute ≥ steps ignored."""
    clipped = np.minimum(minutes, steps)
    counts = np.bincount(clipped, minlength=steps + 1)
    out = np.zeros(steps + 1, dtype=np.int64)
    np.cumsum(counts[:steps], out=out[1:])
    return out


@dataclass(frozen=True)
class PeakRun:
    """A simulation before it becomes a DataFrame: one numpy array per column (length = minutes + 1)."""

    scenario: PeakScenario
    seed: int
    columns: dict[str, np.ndarray]
    worst_wait_minutes: int
    worst_wait_ready_minute: int
    lost_total: int
    closed_total: int

    def frame(self):
        import pandas as pd

        steps = len(self.columns["arrived"])
        stamps = pd.date_range(self.scenario.start, periods=steps, freq="min")
        frame = pd.DataFrame({"timestamp": stamps, **self.columns})
        frame.attrs.update(scenario=self.scenario, seed=self.seed, worst_wait_minutes=self.worst_wait_minutes,
                           worst_wait_ready_minute=self.worst_wait_ready_minute, lost_total=self.lost_total,
                           closed_total=self.closed_total)
        return frame


def run(scenario: PeakScenario, *, seed: int) -> PeakRun:
    """The simulation as numpy arrays (what `simulate` turns into a DataFrame; widgets use it directly)."""
    if not isinstance(scenario, PeakScenario):
        raise PolicyInputError("scenario", scenario, "a PeakScenario")
    d = draw_orders(scenario, seed=seed)
    steps = scenario.hours * 60
    closed, kept = d.closed, ~d.closed

    def before(minutes: np.ndarray) -> np.ndarray:
        return _counts_before(minutes, steps)

    arrived = before(np.floor(d.arrival).astype(np.int64))
    paid = before(np.floor(d.paid).astype(np.int64))
    closed_c = before(d.leave_minute[closed])
    noticed = before(d.notice_minute[kept])
    shipped = before(d.ship_minute[kept])
    sent_early = d.habit & ~closed
    goods_out = before(np.floor(d.ready[sent_early]).astype(np.int64)) - before(d.notice_minute[sent_early])
    sent_closed = d.habit & closed
    goods_out += (before(np.floor(d.ready[sent_closed]).astype(np.int64))
                  - before(np.maximum(d.leave_minute[sent_closed], np.floor(d.ready[sent_closed]).astype(np.int64))))
    limit = policy.get(EXPORT_LIMIT, scenario.on)
    ready_minute = np.floor(d.ready).astype(np.int64)
    columns = {
        "arrived": arrived,
        "in_payment_processing": arrived - paid,
        "waiting_for_notice": paid - noticed - closed_c,
        "notice_filled": noticed - shipped,
        "shipped": shipped,
        "closed_by_risk_control": closed_c,
        "exports_needed": -(-arrived // limit),
        "goods_sent_before_notice": goods_out,
        "closed_after_goods_sent": before(d.leave_minute[d.lost]),
        # the staff's queue: tracking number back, notice not filled, order not closed (what the worst wait measures)
        "in_notice_queue": before(ready_minute) - before(np.maximum(d.leave_minute, ready_minute)),
    }
    if len(d.ready):
        waits = np.maximum(d.leave_minute - np.floor(d.ready).astype(np.int64), 0)
        worst = int(np.argmax(waits))
        worst_wait, worst_ready = int(waits[worst]), int(np.floor(d.ready[worst]))
    else:
        worst_wait, worst_ready = 0, 0
    return PeakRun(scenario, seed, columns, worst_wait, worst_ready, int(d.lost.sum()), int(closed.sum()))


def simulate(scenario: PeakScenario, *, seed: int):
    """Orders in each state at one-minute steps over the peak window, as a pandas DataFrame.

    One row per minute from the window start to its end inclusive (row i = the state at start + i minutes,
    counting everything that happened before it). Columns: `timestamp` (Asia/Shanghai), `arrived`, the five
    states (`in_payment_processing`, `waiting_for_notice`, `notice_filled`, `shipped`,
    `closed_by_risk_control`; they add up to `arrived`), `exports_needed` (to export every order so far),
    two habit columns: `goods_sent_before_notice` (goods out, notice not yet filled) and
    `closed_after_goods_sent` (closed by risk control after the goods had left), and `in_notice_queue`, the
    staff's queue: the part of `waiting_for_notice` whose tracking number is back (the rest cannot be filled
    yet). The peak backlog and the worst wait are both measured on that queue. Same seed → same frame.
    """
    return run(scenario, seed=seed).frame()
