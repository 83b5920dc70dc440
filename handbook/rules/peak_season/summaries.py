"""What a run means: its summary, two scenarios compared, staff for a target wait."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from handbook import inputs, policy
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.rules.peak_season.common import (
    ARRIVAL_WEIGHTS,
    COLUMNS,
    EXPORT_LIMIT,
    FREIGHT_WAIT,
    MAX_DELAY,
    MAX_STAFF,
    MIN_DELAY,
    PAGE_SIZE,
    WINDOW_START,
)
from handbook.rules.peak_season.paging import duration_text, wait_text
from handbook.rules.peak_season.scenario import PeakScenario
from handbook.rules.peak_season.simulation import PeakRun, run


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
    why = Explainer.of(summary, on=s.on)
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
    why = Explainer.of(compare, on=first.on)
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
    why = Explainer.of(staff_for_wait, on=scenario.on)
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
