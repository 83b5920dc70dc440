"""Where a seller sees a chargeback (001, section 1)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    where_zh: str  # on-screen menu path or place, as on screen (simplified Chinese)
    where: str  # English
    shows: str  # what you find there


PLACES: tuple[Place, ...] = (
    Place("交易-订单详情-资金详情", "Trade → Order details → Funds details page",
          "the frozen order's funds and the chargeback on that order"),
    Place("消息中心-业务中心-拒付通知", "Message centre → Business centre → Chargeback notices",
          "the notice itself: reason, amount and what the appeal must contain"),
    Place("速卖通注册邮箱", "The e-mail address the AliExpress account is registered with",
          "the chargeback notice e-mail, with the reason, the amount and the appeal link"),
)
