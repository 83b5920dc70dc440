"""AliExpress (速卖通) Double 11 (双11) peak season: the platform's warnings and a delay simulation.

Source: `004_5afd92d86d0151b5.txt`, 【重要必读】速卖通平台双11大促商家服务消费者, section 【重要通知】.
During the promotion the platform warned that:

- bank-card payments may stay in 付款处理中 ("Payment processing") for
  `aliexpress.peak_season.payment_processing_min_hours`–`..._max_hours`;
- risk control may close an *unshipped* risky order and refund the buyer, "unshipped" being judged by
  the shipping notice (发货通知): fill in the notice **before** sending the goods;
- back-office data (status, tracking number shown, cancellation state, 订单看板) may lag;
- a bulk export may hold at most `aliexpress.peak_season.export_limit` orders, and the order list may
  show only `aliexpress.peak_season.orders_per_page` orders per page;
- freight auto-deduction may lag (wait `aliexpress.peak_season.freight_deduction_wait`, then 执行代扣 or
  contact Cainiao); international tracking numbers may be returned late.

The rules:

- `exports_needed(orders)`, `pages_needed(orders)` and `paging_plan(orders, seconds_per_page)`;
- `PeakScenario` (validated what-if inputs) and `simulate(scenario, seed=...)`, a seeded simulation at
  one-minute steps over the peak window, returning a pandas DataFrame of orders in each state;
- `summary(frame)` → `PeakSummary` (peak backlog, worst wait for a shipping notice, closures, exports);
- `compare(first, second, seed=...)` and `staff_for_wait(scenario, max_wait_hours, seed=...)`;
- `NOTICE_ITEMS` / `notice_items(stage, on=...)`: the notice's items by stage, with what to tell a buyer.

Model (decisions where the notice is silent; the notebook states them too):

1. Orders arrive over the window following an hourly curve (default `aliexpress.peak_season.arrival_weights`,
   a handbook modelling assumption, not a platform figure), uniformly within each hour.
2. A share of orders is paid by bank card; each of those stays in payment processing for a delay drawn
   uniformly between the scenario's bounds. The bounds are clamped to the notice's 1–6 h range unless
   `beyond_policy=True` (then any 0–48 h range is accepted). Other payments clear at once.
3. After payment the order waits for its international tracking number (uniform 0–`tracking_delay_minutes`);
   only then can staff fill the shipping notice.
4. Staff fill notices first-come first-served at `staff × notices_per_staff_hour` per hour, round the clock
   (the team works in shifts). A fluid queue in exact integer arithmetic: more staff never fills any order's
   notice later.
5. A share of orders is flagged by risk control and reviewed at a uniform moment within
   `risk_review_hours` after payment. If the notice is not filled by then (same minute counts as filled), the
   order is closed and refunded. A closed order still takes its turn in the staff's queue: the back office
   may keep showing it as waiting for shipment (the notice's "data may lag"), so the slot is spent anyway.
   This is conservative (it slightly overstates the backlog).
6. Orders with the "ship before filling the notice" habit send the goods as soon as the tracking number is
   back. If such an order is closed after its goods left, the goods are lost: that is the notice's warning.
7. A filled notice becomes "shipped" after the freight-deduction lag (default
   `aliexpress.peak_season.freight_deduction_wait`).
8. "Worst wait for a shipping notice" = the longest time an order spent in the staff's queue, from its
   tracking number being ready to its notice being filled or the order being closed, whether that happened
   inside the window or after it. "Keep the notice backlog under 2 hours" means this worst wait ≤ 2 hours.

States at each minute (every arrived order is in exactly one): in payment processing, paid and waiting for a
shipping notice, notice filled (parcel not yet handed over), shipped, closed by risk control.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from handbook import inputs, policy
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.text import Prose, render
from handbook.text import table as markdown_table

P = "aliexpress.peak_season."
MIN_DELAY = P + "payment_processing_min_hours"
MAX_DELAY = P + "payment_processing_max_hours"
EXPORT_LIMIT = P + "export_limit"
PAGE_SIZE = P + "orders_per_page"
FREIGHT_WAIT = P + "freight_deduction_wait"
WINDOW_START = P + "window_start_time"
ARRIVAL_WEIGHTS = P + "arrival_weights"

#: what-if limits (performance and plausibility, not policy)
MAX_ORDERS = 500_000
MAX_DELAY_BEYOND_POLICY = 48  # hours
MAX_STAFF = 500

STATES = ("in_payment_processing", "waiting_for_notice", "notice_filled", "shipped", "closed_by_risk_control")
COLUMNS = ("timestamp", "arrived") + STATES + ("exports_needed", "goods_sent_before_notice",
                                              "closed_after_goods_sent", "in_notice_queue")
STATE_LABELS = {
    "in_payment_processing": "In payment processing",
    "waiting_for_notice": "Paid, waiting for shipping notice",
    "notice_filled": "Notice filled, not yet handed over",
    "shipped": "Shipped",
    "closed_by_risk_control": "Closed by risk control",
}


# ---------------------------------------------------------------------------------------------------------
# Exports and pages


def _on(on: date | None) -> date:
    return policy.today() if on is None else on


def exports_needed(orders: int, *, on: date | None = None) -> int:
    """Bulk exports needed to export `orders` orders when one export holds at most the peak-season cap.

    0 orders → 0 exports; exactly the cap → 1; one more → 2. Negative → `PolicyInputError`.
    """
    n = inputs.count(orders, "orders")
    limit = policy.get(EXPORT_LIMIT, _on(on))
    return -(-n // limit)


def pages_needed(orders: int, *, on: date | None = None) -> int:
    """Order-list pages to look through `orders` orders at the peak-season page size (ceil; 0 → 0)."""
    n = inputs.count(orders, "orders")
    size = policy.get(PAGE_SIZE, _on(on))
    return -(-n // size)


@dataclass(frozen=True)
class PagingPlan(Result):
    orders: int
    exports: int
    pages: int
    seconds_per_page: int
    paging_time: timedelta

    def _repr_markdown_(self) -> str:
        return self.explanation._repr_markdown_()


def paging_plan(orders: int, seconds_per_page: int, *, on: date | None = None) -> PagingPlan:
    """How many exports and order-list pages `orders` orders take, and how long paging takes by hand."""
    on = _on(on)
    n = inputs.count(orders, "orders")
    seconds = inputs.count(seconds_per_page, "seconds per page", minimum=1, maximum=3600)
    why = Explainer("handbook.rules.peak_season.paging_plan", on=on)
    limit = why.param(EXPORT_LIMIT)
    size = why.param(PAGE_SIZE)
    exports = -(-n // limit)
    pages = -(-n // size)
    time = timedelta(seconds=pages * seconds)
    why.step(f"{n:,} orders ÷ {limit:,} per export, rounded up = {exports:,} export(s).")
    why.step(f"{n:,} orders ÷ {size:,} per page, rounded up = {pages:,} page(s) "
             "(choosing 20/50/100 per page has no effect while the list is downgraded).")
    why.step(f"{pages:,} page(s) × {seconds} s = {duration_text(time)} of paging.")
    summary = f"{exports:,} export(s), {pages:,} page(s), about {duration_text(time)} of paging."
    return PagingPlan(orders=n, exports=exports, pages=pages, seconds_per_page=seconds, paging_time=time,
                      explanation=why.done(summary))


def duration_text(delta: timedelta) -> str:
    """A duration for reading: '166,666 h 40 min', '2 h 05 min', '1 min 15 s', '40 s'."""
    minutes = int(delta.total_seconds() // 60)
    seconds = int(delta.total_seconds() % 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours:,} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds:02d} s" if seconds else f"{minutes} min"
    return f"{seconds} s"


def wait_text(delta: timedelta) -> str:
    """A simulated wait (whole minutes: the simulation's step): 'under 1 min' rather than a false '0 s'."""
    return "under 1 min" if delta < timedelta(minutes=1) else duration_text(delta)


# ---------------------------------------------------------------------------------------------------------
# Scenario


def _whole(value: Any, field: str, minimum: int, maximum: int) -> int:
    return inputs.count(value, field, minimum=minimum, maximum=maximum)


@dataclass(frozen=True)
class PeakScenario:
    """What-if inputs for one peak season. Validated on construction; bad values raise `PolicyInputError`.

    `delay_hours` is the (min, max) range of the bank-card payment-processing delay in whole hours; `None`
    means the notice's range. Outside the notice's range it is clamped (recorded in `adjustments`) unless
    `beyond_policy=True`. `arrival_weights` is one weight per hour from the window start (default: the
    handbook's curve); the window lasts one hour per weight. `staff × notices_per_staff_hour` is the team's
    capacity for filling shipping notices.
    """

    year: int = 2026
    orders: int = 10_000
    bank_card_share: float = 0.5
    delay_hours: tuple[int, int] | None = None
    staff: int = 4
    notices_per_staff_hour: int = 60
    ship_before_notice_share: float = 0.0
    risk_share: float = 0.02
    risk_review_hours: int = 12
    tracking_delay_minutes: int = 30
    freight_lag_minutes: int | None = None
    arrival_weights: tuple[float, ...] | None = None
    beyond_policy: bool = False
    adjustments: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        put = object.__setattr__
        year = _whole(self.year, "year", 2021, 2100)
        on = date(year, 11, 11)
        beyond = inputs.flag(self.beyond_policy, "beyond_policy")
        put(self, "year", year)
        put(self, "beyond_policy", beyond)
        put(self, "orders", _whole(self.orders, "orders", 0, MAX_ORDERS))
        put(self, "bank_card_share", inputs.share(self.bank_card_share, "bank_card_share"))
        put(self, "staff", _whole(self.staff, "staff", 1, MAX_STAFF))
        put(self, "notices_per_staff_hour", _whole(self.notices_per_staff_hour, "notices_per_staff_hour", 1, 3600))
        put(self, "ship_before_notice_share", inputs.share(self.ship_before_notice_share, "ship_before_notice_share"))
        put(self, "risk_share", inputs.share(self.risk_share, "risk_share"))
        put(self, "risk_review_hours", _whole(self.risk_review_hours, "risk_review_hours", 0, 72))
        put(self, "tracking_delay_minutes", _whole(self.tracking_delay_minutes, "tracking_delay_minutes", 0, 24 * 60))
        lag = policy.get(FREIGHT_WAIT, on) if self.freight_lag_minutes is None else self.freight_lag_minutes
        put(self, "freight_lag_minutes", _whole(lag, "freight_lag_minutes", 0, 24 * 60))
        put(self, "arrival_weights", _weights(self.arrival_weights, on))
        low_bound, high_bound = policy.get(MIN_DELAY, on), policy.get(MAX_DELAY, on)
        notes = [str(note) for note in self.adjustments]  # kept by with_() when the range is unchanged
        if self.delay_hours is None:
            low, high = low_bound, high_bound
        else:
            low, high = _delay_range(self.delay_hours, beyond)
            if not beyond and (low < low_bound or high > high_bound):
                clamped = (min(max(low, low_bound), high_bound), min(max(high, low_bound), high_bound))
                notes.append(f"Delay range {low}–{high} h clamped to the notice's {low_bound}–{high_bound} h "
                             f"({clamped[0]}–{clamped[1]} h); tick beyond_policy to explore outside it.")
                low, high = clamped
        put(self, "delay_hours", (low, high))
        put(self, "adjustments", tuple(notes))

    @property
    def on(self) -> date:
        """The date whose parameters the scenario uses: Double 11 of its year."""
        return date(self.year, 11, 11)

    @property
    def start(self) -> datetime:
        """Window start: the day before Double 11 at `aliexpress.peak_season.window_start_time`."""
        clock = policy.get(WINDOW_START, self.on)
        day = self.on - timedelta(days=1)
        return datetime.combine(day, clock, tzinfo=inputs.SHANGHAI)

    @property
    def hours(self) -> int:
        return len(self.arrival_weights)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(hours=self.hours)

    @property
    def notices_per_hour(self) -> int:
        return self.staff * self.notices_per_staff_hour

    def with_(self, **changes: Any) -> PeakScenario:
        """A copy with some inputs changed (validated again; a clamping note survives if the range is kept)."""
        keep = not {"delay_hours", "beyond_policy", "year"} & changes.keys()
        return replace(self, adjustments=self.adjustments if keep else (), **changes)


def _delay_range(value: Any, beyond: bool) -> tuple[int, int]:
    accepted = ("a (min, max) pair of whole hours with min ≤ max"
                + (f", each from 0 to {MAX_DELAY_BEYOND_POLICY}" if beyond else ""))
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise PolicyInputError("delay_hours", value, accepted, reason="not a pair")
    limit = MAX_DELAY_BEYOND_POLICY if beyond else 10_000
    low = inputs.count(value[0], "delay_hours (min)", minimum=0, maximum=limit)
    high = inputs.count(value[1], "delay_hours (max)", minimum=0, maximum=limit)
    if low > high:
        raise PolicyInputError("delay_hours", tuple(value), accepted, reason="min delay > max delay")
    return low, high


def _weights(value: Any, on: date) -> tuple[float, ...]:
    if value is None:
        return tuple(float(w) for w in policy.get(ARRIVAL_WEIGHTS, on))
    accepted = "one weight ≥ 0 per hour of the window (1 to 168 numbers, at least one above 0)"
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise PolicyInputError("arrival_weights", value, accepted, reason="not a list of numbers")
    weights = []
    for w in value:
        if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)) and not hasattr(w, "as_tuple"):
            raise PolicyInputError("arrival_weights", value, accepted, reason=f"{w!r} is not a number")
        number = float(w)
        if not math.isfinite(number) or number < 0:
            raise PolicyInputError("arrival_weights", value, accepted, reason=f"{w!r} is negative or not finite")
        weights.append(number)
    if not 1 <= len(weights) <= 168 or sum(weights) <= 0:
        raise PolicyInputError("arrival_weights", value, accepted,
                               reason=f"{len(weights)} weight(s) summing to {sum(weights):g}")
    return tuple(weights)


# ---------------------------------------------------------------------------------------------------------
# Simulation


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


# ---------------------------------------------------------------------------------------------------------
# Summary


@dataclass(frozen=True)
class PeakSummary(Result):
    orders: int
    peak_backlog: int
    peak_at: datetime
    worst_notice_wait: timedelta
    closed_by_risk_control: int
    closed_after_goods_sent: int
    still_waiting_at_end: int
    exports_needed: int
    pages_needed: int
    pages_at_peak: int
    adjustments: tuple[str, ...] = ()

    def _repr_markdown_(self) -> str:
        return self.explanation._repr_markdown_()


def summary(frame) -> PeakSummary:
    """Peak backlog and when, worst wait for a shipping notice, closures, exports and pages, explained."""
    attrs = getattr(frame, "attrs", None) or {}
    if "scenario" not in attrs or "waiting_for_notice" not in getattr(frame, "columns", ()):
        raise PolicyInputError("frame", type(frame).__name__, "a DataFrame returned by simulate()")
    s: PeakScenario = attrs["scenario"]
    waiting = frame["waiting_for_notice"].to_numpy()
    return _summarise(s, attrs["seed"], {c: frame[c].to_numpy() for c in COLUMNS[1:]},
                      attrs["worst_wait_minutes"], attrs["worst_wait_ready_minute"], int(len(waiting)))


def summarise_run(result: PeakRun) -> PeakSummary:
    """`summary` for a `PeakRun` (no DataFrame needed)."""
    return _summarise(result.scenario, result.seed, result.columns, result.worst_wait_minutes,
                      result.worst_wait_ready_minute, len(result.columns["arrived"]))


def _summarise(s: PeakScenario, seed: int, columns: dict, worst: int, worst_ready: int, steps: int) -> PeakSummary:
    why = Explainer("handbook.rules.peak_season.summary", on=s.on)
    low_bound, high_bound = why.param(MIN_DELAY), why.param(MAX_DELAY)
    limit = why.param(EXPORT_LIMIT)
    size = why.param(PAGE_SIZE)
    if s.freight_lag_minutes == policy.get(FREIGHT_WAIT, s.on):
        why.param(FREIGHT_WAIT)
    why.param(WINDOW_START)
    if s.arrival_weights == tuple(float(w) for w in policy.get(ARRIVAL_WEIGHTS, s.on)):
        why.param(ARRIVAL_WEIGHTS)
    waiting = columns["waiting_for_notice"]
    queue = columns["in_notice_queue"]
    peak_i = int(np.argmax(queue))
    peak = int(queue[peak_i])
    peak_at = s.start + timedelta(minutes=peak_i)
    arrived = int(columns["arrived"][-1])
    closed = int(columns["closed_by_risk_control"][-1])
    lost = int(columns["closed_after_goods_sent"][-1])
    still = int(waiting[-1])
    exports = -(-arrived // limit)
    pages = -(-arrived // size)
    pages_peak = -(-peak // size)
    wait = timedelta(minutes=worst)
    when = s.start + timedelta(minutes=worst_ready)
    low, high = s.delay_hours
    why.step(f"Scenario {s.year}: {s.orders:,} orders from {s.start:%d %b %H:%M} to {s.end:%d %b %H:%M} "
             f"(Asia/Shanghai), seed {seed}; {s.bank_card_share:.0%} paid by bank card, in "
             f"付款处理中 for {low}–{high} h (notice: {low_bound}–{high_bound} h"
             + (", what-if beyond policy" if s.beyond_policy else "") + ").")
    for note in s.adjustments:
        why.step(note)
    why.step(f"Staff: {s.staff} × {s.notices_per_staff_hour} notices an hour = {s.notices_per_hour:,} an hour, "
             "first come first served, round the clock.")
    why.step(f"Peak backlog: {peak:,} orders whose tracking number was back waiting for a shipping notice at "
             f"{peak_at:%d %b %H:%M}; {still:,} paid orders still without a notice at the window's end.")
    why.step(f"Worst wait for a shipping notice (tracking number ready → notice filled or order closed): "
             f"{wait_text(wait)}, for an order ready at {when:%d %b %H:%M}.")
    why.step(f"Risk control flags {s.risk_share:.1%} of orders, reviewed within {s.risk_review_hours} h of "
             f"payment; {closed:,} closed before their notice was filled, {lost:,} of them after the goods "
             f"had left ({s.ship_before_notice_share:.0%} of orders shipped before the notice).")
    why.step(f"{arrived:,} orders ÷ {limit:,} per export = {exports:,} export(s); ÷ {size:,} per page = "
             f"{pages:,} page(s); the peak backlog alone is {pages_peak:,} page(s).")
    verdict = (f"Peak backlog {peak:,} orders at {peak_at:%d %b %H:%M}; worst wait for a notice "
               f"{wait_text(wait)}; {closed:,} closed by risk control ({lost:,} after the goods left).")
    return PeakSummary(orders=arrived, peak_backlog=peak, peak_at=peak_at, worst_notice_wait=wait,
                       closed_by_risk_control=closed, closed_after_goods_sent=lost, still_waiting_at_end=still,
                       exports_needed=exports, pages_needed=pages, pages_at_peak=pages_peak,
                       adjustments=s.adjustments, explanation=why.done(verdict))


@dataclass(frozen=True)
class PeakComparison(Result):
    first: PeakSummary
    second: PeakSummary
    first_run: PeakRun = field(repr=False, compare=False)
    second_run: PeakRun = field(repr=False, compare=False)

    def _repr_markdown_(self) -> str:
        return self.explanation._repr_markdown_()


def compare(first: PeakScenario, second: PeakScenario, *, seed: int) -> PeakComparison:
    """Two scenarios on the same seed (same orders, same draws), side by side."""
    a, b = run(first, seed=seed), run(second, seed=seed)
    sa, sb = summarise_run(a), summarise_run(b)
    why = Explainer("handbook.rules.peak_season.compare", on=first.on)
    why.step(f"Same seed {seed}: both scenarios see the same orders and the same random draws.")
    for name, s, r in (("A", first, sa), ("B", second, sb)):
        why.step(f"{name}: {s.staff} staff × {s.notices_per_staff_hour}/h — peak backlog {r.peak_backlog:,} "
                 f"at {r.peak_at:%d %b %H:%M}, worst wait {wait_text(r.worst_notice_wait)}, "
                 f"{r.closed_by_risk_control:,} closed ({r.closed_after_goods_sent:,} after the goods left).")
    change = sb.peak_backlog - sa.peak_backlog
    verdict = (f"B's peak backlog is {abs(change):,} orders {'lower' if change < 0 else 'higher'} than A's"
               if change else "A and B have the same peak backlog")
    return PeakComparison(first=sa, second=sb, first_run=a, second_run=b,
                          explanation=why.done(verdict + f"; worst wait {wait_text(sa.worst_notice_wait)} "
                                               f"vs {wait_text(sb.worst_notice_wait)}."))


@dataclass(frozen=True)
class StaffingAnswer(Result):
    staff: int | None
    max_wait: timedelta
    worst_wait: timedelta | None
    tried: tuple[tuple[int, int], ...]  # (staff, worst wait in minutes)

    def _repr_markdown_(self) -> str:
        return self.explanation._repr_markdown_()


def staff_for_wait(scenario: PeakScenario, max_wait_hours: float, *, seed: int,
                   most: int = 60) -> StaffingAnswer:
    """The fewest staff whose worst wait for a shipping notice is at most `max_wait_hours`, same seed.

    Searches 1 … `most` staff (more staff never makes any notice later, so the first that meets the
    target is the fewest). `staff` is None when even `most` staff do not.
    """
    if isinstance(max_wait_hours, bool) or not isinstance(max_wait_hours, (int, float)) \
            or not math.isfinite(max_wait_hours) or max_wait_hours < 0:
        raise PolicyInputError("max_wait_hours", max_wait_hours, "a number of hours ≥ 0")
    most = inputs.count(most, "most", minimum=1, maximum=MAX_STAFF)
    target = timedelta(hours=max_wait_hours)
    why = Explainer("handbook.rules.peak_season.staff_for_wait", on=scenario.on)
    tried: list[tuple[int, int]] = []
    low, high = 1, most
    while low < high:  # binary search on a monotone answer
        mid = (low + high) // 2
        wait = run(scenario.with_(staff=mid), seed=seed).worst_wait_minutes
        tried.append((mid, wait))
        if timedelta(minutes=wait) <= target:
            high = mid
        else:
            low = mid + 1
    wait = run(scenario.with_(staff=low), seed=seed).worst_wait_minutes
    tried.append((low, wait))
    found = timedelta(minutes=wait) <= target
    for staff, minutes in sorted(set(tried)):
        why.step(f"{staff} staff × {scenario.notices_per_staff_hour}/h → worst wait {wait_text(timedelta(minutes=minutes))}.")
    if found:
        summary_text = (f"{low} staff keep every order's wait for a shipping notice within "
                        f"{duration_text(target)} (worst: {wait_text(timedelta(minutes=wait))}).")
    else:
        summary_text = f"Even {most} staff leave a worst wait above {duration_text(target)}."
    return StaffingAnswer(staff=low if found else None, max_wait=target,
                          worst_wait=timedelta(minutes=wait) if found else None, tried=tuple(sorted(set(tried))),
                          explanation=why.done(summary_text))


# ---------------------------------------------------------------------------------------------------------
# The notice's items, by stage


@dataclass(frozen=True)
class NoticeItem:
    """One item of the notice. `what`, `do` and `tell_buyer` are templates whose figures come from the
    registry (`{{ parameter.id }}`); `notice_items(on=...)` renders them."""

    stage: str
    stage_zh: str
    title_zh: str
    title: str
    what: str
    do: str
    tell_buyer: str


STAGES = {"payment": "支付", "order management": "订单管理", "shipping": "物流发货"}

NOTICE_ITEMS: tuple[NoticeItem, ...] = (
    NoticeItem(
        "payment", "支付", "大促期间银行卡支付处理时间延长", "Bank-card payments take longer",
        "After paying by bank card the order shows 付款处理中 (the buyer sees \"Payment processing\"); the bank "
        "usually finishes within {{ " + MIN_DELAY + " | value }}–{{ " + MAX_DELAY + " }}.",
        "Nothing to do on the order; reassure the buyer. Prepare the reply in 买家消息-快捷回复 before the promotion.",
        "Your payment is being processed by your bank, which is busy during Double 11; it usually completes within "
        "{{ " + MIN_DELAY + " | value }}–{{ " + MAX_DELAY + " }}. Please do not pay again.",
    ),
    NoticeItem(
        "payment", "支付", "注意风控审核关单情况", "Risk control may close unshipped orders",
        "Risk control reviews orders; an order judged risky (e.g. possible credit-card theft) that is not yet "
        "shipped — judged by whether the shipping notice (发货通知) is filled — is closed and refunded.",
        "Fill in the shipping notice first, then send the goods. Goods sent before the notice can be lost if "
        "the order is closed.",
        "For your security the platform checks payments; if your order is closed, the refund goes back to your "
        "payment method automatically.",
    ),
    NoticeItem(
        "order management", "订单管理", "交易数据更新延时", "Order data in the back office lags",
        "The notice is filled but the order still shows 等待您发货; the tracking number does not show on the "
        "order details; a cancellation you accepted or refused still shows 取消中; other statuses out of sync.",
        "Wait for the data to update; do not fill the notice twice or answer the cancellation again.",
        "Your order has been handled; the tracking details can take a little longer than usual to appear.",
    ),
    NoticeItem(
        "order management", "订单管理", "订单批量导出条数上限调整", "Bulk export capped",
        "One bulk export (订单批量导出) may hold no more than {{ " + EXPORT_LIMIT + " | value }} orders.",
        "Export in several batches (filter by date or status): see the paging calculator.",
        "Nothing: this only affects the seller's back office.",
    ),
    NoticeItem(
        "order management", "订单管理", "订单看板数据更新延时", "Order dashboard lags",
        "The 订单看板 (order dashboard) on the 交易 page may be blank or late.",
        "Follow the store's orders with the order-status filters (订单状态筛选) instead.",
        "Nothing: this only affects the seller's back office.",
    ),
    NoticeItem(
        "order management", "订单管理", "订单列表页面翻页功能降级", "Order list shows fewer orders per page",
        "The order list may show at most {{ " + PAGE_SIZE + " }} per page, even if 20/50/100 per page is chosen.",
        "Page through more pages, or export instead: see the paging calculator.",
        "Nothing: this only affects the seller's back office.",
    ),
    NoticeItem(
        "shipping", "物流发货", "运费代扣延时", "Freight auto-deduction lags",
        "The deduction account has funds but the back office says freight is unpaid.",
        "Wait {{ " + FREIGHT_WAIT + " }} and refresh; if it still failed, click 【执行代扣】 or contact "
        "Cainiao (菜鸟) customer service.",
        "Your parcel is being handed to the carrier; the tracking number follows shortly.",
    ),
    NoticeItem(
        "shipping", "物流发货", "运单号返回不及时", "Tracking numbers returned late",
        "On some logistics routes the international tracking number (国际运单号) comes back late.",
        "Wait a moment, then refresh and fetch the tracking number again.",
        "Your parcel is on its way; the international tracking number can take longer to appear during Double 11.",
    ),
)


def notice_items(stage: str | None = None, *, on: date | None = None) -> list[dict[str, str]]:
    """The notice's items (optionally one stage), figures rendered from the registry on `on`."""
    if stage is not None:
        inputs.choice(stage, "stage", STAGES)
    on = _on(on)
    rows = []
    for item in NOTICE_ITEMS:
        if stage is not None and item.stage != stage:
            continue
        rows.append({
            "stage": f"{item.stage} ({item.stage_zh})",
            "item": f"{item.title} ({item.title_zh})",
            "what happens": render(item.what, on=on),
            "what to do": render(item.do, on=on),
            "tell the buyer": render(item.tell_buyer, on=on),
        })
    return rows


def notice_table(stage: str | None = None, *, on: date | None = None) -> Prose:
    """`notice_items` as a Markdown table."""
    return markdown_table(notice_items(stage, on=on))


__all__ = [
    "COLUMNS", "NOTICE_ITEMS", "STAGES", "STATES", "STATE_LABELS", "NoticeItem", "OrderDraws", "PagingPlan",
    "PeakComparison", "PeakRun", "PeakScenario", "PeakSummary", "StaffingAnswer", "compare", "draw_orders", "duration_text", "wait_text",
    "exports_needed", "notice_items", "notice_table", "pages_needed", "paging_plan", "run", "simulate",
    "staff_for_wait", "summarise_run", "summary",
]
