"""Peak-season parameter ids, the simulation's bounds, order states and their labels."""

from __future__ import annotations

MIN_DELAY = "aliexpress.peak_season.payment_processing_min_hours"
MAX_DELAY = "aliexpress.peak_season.payment_processing_max_hours"
EXPORT_LIMIT = "aliexpress.peak_season.export_limit"
PAGE_SIZE = "aliexpress.peak_season.orders_per_page"
FREIGHT_WAIT = "aliexpress.peak_season.freight_deduction_wait"
WINDOW_START = "aliexpress.peak_season.window_start_time"
ARRIVAL_WEIGHTS = "aliexpress.peak_season.arrival_weights"

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
