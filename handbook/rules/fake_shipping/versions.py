"""The two statements of the day rule (`RULES`) and their thresholds, exact on ints and numpy arrays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from handbook import inputs
from handbook.explain import Explainer

DAY_30_30_MIN_DETECTED = "pinduoduo.fake_shipping.day_30_30.min_detected"
DAY_30_30_MIN_SHARE = "pinduoduo.fake_shipping.day_30_30.min_share"
DAY_10_5_DETECTED_ABOVE = "pinduoduo.fake_shipping.day_10_5.detected_above"
DAY_10_5_SHARE_ABOVE = "pinduoduo.fake_shipping.day_10_5.share_above"
ZERO = Decimal(0)

RESTRICTIONS: tuple[tuple[str, str], ...] = (
    ("withdrawals limited", "限制提现"),
    ("resource slots removed", "移除资源位"),
    ("product delisted", "商品下架"),
    ("search demotion", "搜索降权"),
)


# --- rule versions ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleVersion:
    """One statement of the day-level rule: its parameters, comparison and consequence."""

    name: str
    orders_param: str
    share_param: str
    inclusive: bool          # True: detected ≥ orders AND share ≥ minimum; False: both strictly greater
    restricts_store: bool    # the statement names store restrictions when the whole day counts
    where: str               # where the article states it

    @property
    def op(self) -> str:
        return "≥" if self.inclusive else ">"


RULES: Mapping[str, RuleVersion] = MappingProxyType({
    "30-orders-30-percent": RuleVersion(
        "30-orders-30-percent", DAY_30_30_MIN_DETECTED, DAY_30_30_MIN_SHARE,
        inclusive=True, restricts_store=False, where="first statement (满…单，且达到…（含）以上)"),
    "10-orders-5-percent": RuleVersion(
        "10-orders-5-percent", DAY_10_5_DETECTED_ABOVE, DAY_10_5_SHARE_ABOVE,
        inclusive=False, restricts_store=True, where="item (1) (超过…单，并且超过…)"),
})
RULE_NAMES: tuple[str, ...] = tuple(RULES)


def rule_version(rule: Any) -> RuleVersion:
    """The rule version named `rule` (one of `RULE_NAMES`); anything else is a `PolicyInputError`."""
    return RULES[inputs.choice(rule, "rule", RULE_NAMES)]



@dataclass(frozen=True)
class _DayThresholds:
    version: RuleVersion
    orders: int
    share: Decimal  # percent

    def meets(self, detected, shipped):
        """Whole-day verdict, exact: works on Python ints and on numpy integer arrays alike."""
        num, den = self.share.as_integer_ratio()  # share % = num / den
        # detected / shipped (op) num / (100 · den)  ⇔  detected · 100 · den (op) shipped · num   (shipped > 0)
        if self.version.inclusive:
            return (detected >= self.orders) & (detected * (100 * den) >= shipped * num)
        return (detected > self.orders) & (detected * (100 * den) > shipped * num)


def _thresholds(version: RuleVersion, why: Explainer) -> _DayThresholds:
    return _DayThresholds(version, why.param(version.orders_param), why.param(version.share_param))
