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

Model (how the simulation works; its assumptions where the notice is silent — the arrival curve, the
payment delays, the team, closed orders in the queue, the worst wait — are written once, in `DECISIONS`
(`decisions.py`), which notebook 05 renders):

1. Orders arrive over the window following an hourly curve (default `aliexpress.peak_season.arrival_weights`,
   a handbook modelling assumption, not a platform figure), uniformly within each hour.
2. A share of orders is paid by bank card; each of those stays in payment processing for a delay drawn
   uniformly between the scenario's bounds. The bounds are clamped to the notice's range (the
   payment-processing parameters) unless
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

Modules: `common` (parameter ids, bounds, states), `paging`, `scenario`, `simulation`, `summaries`, `notice`.
"""

from __future__ import annotations

from handbook.errors import PolicyInputError as PolicyInputError  # the error every rule here raises
from handbook.rules.peak_season.common import (
    ARRIVAL_WEIGHTS as ARRIVAL_WEIGHTS,
)
from handbook.rules.peak_season.common import (
    COLUMNS,
    STATE_LABELS,
    STATES,
)
from handbook.rules.peak_season.common import (
    EXPORT_LIMIT as EXPORT_LIMIT,
)
from handbook.rules.peak_season.common import (
    FREIGHT_WAIT as FREIGHT_WAIT,
)
from handbook.rules.peak_season.common import (
    MAX_DELAY as MAX_DELAY,
)
from handbook.rules.peak_season.common import (
    MAX_DELAY_BEYOND_POLICY as MAX_DELAY_BEYOND_POLICY,
)
from handbook.rules.peak_season.common import (
    MAX_ORDERS as MAX_ORDERS,
)
from handbook.rules.peak_season.common import (
    MAX_STAFF as MAX_STAFF,
)
from handbook.rules.peak_season.common import (
    MIN_DELAY as MIN_DELAY,
)
from handbook.rules.peak_season.common import (
    PAGE_SIZE as PAGE_SIZE,
)
from handbook.rules.peak_season.common import (
    WINDOW_START as WINDOW_START,
)
from handbook.rules.peak_season.notice import (
    NOTICE_ITEMS,
    STAGES,
    NoticeItem,
    notice_items,
    notice_table,
)
from handbook.rules.peak_season.paging import (
    PagingPlan,
    duration_text,
    exports_needed,
    pages_needed,
    paging_plan,
    wait_text,
)
from handbook.rules.peak_season.scenario import (
    PeakScenario,
)
from handbook.rules.peak_season.simulation import (
    OrderDraws,
    PeakRun,
    draw_orders,
    run,
    simulate,
)
from handbook.rules.peak_season.simulation import _notice_minutes as _notice_minutes  # noqa: F401 (tests)
from handbook.rules.peak_season.summaries import (
    PeakComparison,
    PeakSummary,
    StaffingAnswer,
    compare,
    staff_for_wait,
    summarise_run,
    summary,
)

__all__ = [
    "COLUMNS",
    "NOTICE_ITEMS",
    "STAGES",
    "STATES",
    "STATE_LABELS",
    "NoticeItem",
    "OrderDraws",
    "PagingPlan",
    "PeakComparison",
    "PeakRun",
    "PeakScenario",
    "PeakSummary",
    "StaffingAnswer",
    "compare",
    "draw_orders",
    "duration_text",
    "exports_needed",
    "notice_items",
    "notice_table",
    "pages_needed",
    "paging_plan",
    "run",
    "simulate",
    "staff_for_wait",
    "summarise_run",
    "summary",
    "wait_text",
]
