"""Order statuses a rule does not apply to: such rows are skipped and counted with the reason, not rejected.

Every real export holds orders that are not shipped yet, cancelled or never paid. They are not
malformed: the rule simply has nothing to say about them. A status is matched by the words it contains
(Chinese as the back offices write it, or the English of the AliExpress export), first match wins:

| reason        | words in the status                                             |
|---------------|-----------------------------------------------------------------|
| not paid      | 待付款, 待支付, 未付款, 等待买家付款, awaiting payment              |
| cancelled     | 取消, cancel                                                      |
| closed        | 交易关闭, 已关闭, 订单关闭, closed                                   |
| not shipped   | 待发货, 未发货, 待出库, 等待卖家发货, awaiting shipment, not shipped |

The fake-shipping audit skips all four (only shipped orders can be fake-shipped); the quota audit
skips the first three (an unshipped paid order still uses the buyer's quota). A status not listed
(已发货，待收货, 已签收, 交易成功, 退款成功...) is audited as usual.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REASON_WORDS: dict[str, tuple[str, ...]] = {
    "not paid": ("待付款", "待支付", "未付款", "等待买家付款", "awaiting payment"),
    "cancelled": ("取消", "cancel"),
    "closed": ("交易关闭", "已关闭", "订单关闭", "closed"),
    "not shipped": ("待发货", "未发货", "待出库", "等待卖家发货", "awaiting shipment", "not shipped"),
}


def status_reason(status: str, reasons: tuple[str, ...]) -> str | None:
    """The first of `reasons` whose words `status` contains, or None (the rule applies)."""
    low = status.lower()
    for reason in reasons:
        if any(word in low for word in REASON_WORDS[reason]):
            return reason
    return None


def skipper(*reasons: str):
    """A `validation.Skip`: the reason (among `reasons`) to skip each row, from its status text."""
    for reason in reasons:
        if reason not in REASON_WORDS:
            raise ValueError(reason)

    def skip(statuses: np.ndarray) -> np.ndarray:
        codes, uniques = pd.factorize(statuses, use_na_sentinel=False)
        decided = np.array([status_reason(str(u), reasons) for u in uniques], dtype=object)
        return decided[codes] if len(statuses) else np.full(0, None, dtype=object)

    return skip


FAKE_SHIPPING_SKIP = skipper("not paid", "cancelled", "closed", "not shipped")
QUOTA_SKIP = skipper("not paid", "cancelled", "closed")
