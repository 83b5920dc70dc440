"""Pinduoduo fake shipping (虚假发货): what one order costs, when a whole day counts, exposure over an export.

Source: `003_85f95fdeffeeff0c.txt`, part 拼多多虚假发货处罚有哪些？怎么申诉？ (parameters `pinduoduo.fake_shipping.*`).

**Per order** (`compensation`, `order_compensation`): a fake-shipping order whose paid amount (实收金额) is
above 0 and below the threshold costs the fixed floor amount; from the threshold on it costs the rate times
the paid amount, at most the cap; only the whole-yuan part is kept (赔付标准如存在小数的，则取整数部分).
A paid amount of 0 costs nothing.

**Per product and day** (`day_verdict`, `day_compensation`, `day_estimate`): the article states the day rule
twice with different thresholds and does not say which is current, so both are named rule versions, selected
with `rule=` everywhere (`RULES`):

- ``"30-orders-30-percent"`` (first statement): detected orders ≥ the minimum AND detected / shipped ≥ the
  minimum share → every order of that product shipped that day counts as fake shipping. It names no store
  restriction, so `store_restricted` is always False under it.
- ``"10-orders-5-percent"`` (item (1)): detected orders > the number AND detected / shipped > the share → all
  of that day's orders of the product are compensated and the store is restricted (限制提现、移除资源位、
  商品下架、搜索降权).

Below the thresholds only the detected orders count and the store is not restricted.

**Many products and days** (`exposure`): the same over an order export, vectorised on integer fen; it lives
in `handbook.audit.exposure` (export handling) and is re-exported here.

Decisions where the article is open (the threshold itself, "reach" and "more than", which version is
current, the whole-yuan rule, an empty day, the date of `exposure`'s figures) are written once, in
`DECISIONS` (`decisions.py`, with customer service's): notebook 04 renders them, each has a test naming it.

Modules: `versions` (the two statements, `RULES`), `per_order` (the per-order formula), `verdict` (the day
verdict), `days` (one product's day priced, rule versions compared).
"""

from __future__ import annotations

from typing import Any

from handbook.errors import PolicyInputError as PolicyInputError  # the error every rule here raises
from handbook.rules.fake_shipping.days import (
    DayCompensation,
    DayEstimate,
    RuleComparison,
    compare_rules,
    day_compensation,
    day_estimate,
)
from handbook.rules.fake_shipping.per_order import (
    PER_ORDER_PARAMS,
    OrderCompensation,
    compensation,
    order_compensation,
    per_order_yuan,
)
from handbook.rules.fake_shipping.verdict import DayVerdict, day_verdict, whole_day_mask
from handbook.rules.fake_shipping.versions import RESTRICTIONS, RULE_NAMES, RULES, RuleVersion, rule_version

__all__ = [
    "COLUMNS", "OUTPUT_COLUMNS", "PER_ORDER_PARAMS", "RESTRICTIONS", "RULES", "RULE_NAMES", "DayCompensation",
    "DayEstimate", "DayVerdict", "OrderCompensation", "OrderExportError", "RuleComparison", "RuleVersion",
    "compare_rules", "compensation", "day_compensation", "day_estimate", "day_verdict", "exposure",
    "order_compensation", "per_order_yuan", "rule_version", "whole_day_mask",
]

# Export handling lives in handbook.audit.exposure; these names stay importable from here (loaded on first
# use, so the rules never import the audit package at start-up).
_FROM_AUDIT = ("ACCEPTED_TABLE", "COLUMNS", "MAX_PAID_YUAN", "MAX_ROWS_SHOWN", "OUTPUT_COLUMNS", "OrderExportError",
               "exposure")


def __getattr__(name: str) -> Any:
    if name in _FROM_AUDIT:
        from handbook.audit import exposure as export_handling

        return getattr(export_handling, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FROM_AUDIT))
