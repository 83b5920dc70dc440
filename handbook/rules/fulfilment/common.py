"""Fulfilment parameter ids and the date format the explanations use."""

from __future__ import annotations

from datetime import date

AFTER_SALES_PERIOD = "alibaba_1688.fulfilment.after_sales_period"
UNFREEZE_DAY = "alibaba_1688.fulfilment.deposit_unfreeze_day"
ANXINGOU_EXIT_DELAY = "alibaba_1688.fulfilment.anxingou_exit_delay"
UNCLOSABLE_SUBSERVICES = "alibaba_1688.fulfilment.unclosable_shipping_subservices"


def _d(day: date) -> str:
    return day.isoformat()
