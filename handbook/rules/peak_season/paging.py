"""Exports and pages: how many exports and pages an order list needs (`exports_needed`, `paging_plan`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from handbook import inputs, policy
from handbook.explain import Explainer, Result
from handbook.rules.peak_season.common import EXPORT_LIMIT, PAGE_SIZE


def exports_needed(orders: int, *, on: date | None = None) -> int:
    """Bulk exports needed to export `orders` orders when one export holds at most the peak-season cap.

    0 orders → 0 exports; exactly the cap → 1; one more → 2. Negative → `PolicyInputError`.
    """
    n = inputs.count(orders, "orders")
    limit = policy.get(EXPORT_LIMIT, inputs.on_date(on))
    return -(-n // limit)


def pages_needed(orders: int, *, on: date | None = None) -> int:
    """Order-list pages to look through `orders` orders at the peak-season page size (ceil; 0 → 0)."""
    n = inputs.count(orders, "orders")
    size = policy.get(PAGE_SIZE, inputs.on_date(on))
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
    on = inputs.on_date(on)
    n = inputs.count(orders, "orders")
    seconds = inputs.count(seconds_per_page, "seconds per page", minimum=1, maximum=3600)
    why = Explainer.of(paging_plan, on=on)
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
