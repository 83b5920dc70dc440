"""The notice's items, by stage, with figures rendered from the registry (`notice_items`, `notice_table`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handbook import inputs
from handbook.markdown import Prose
from handbook.markdown import table as markdown_table
from handbook.policy.templates import render
from handbook.rules.peak_season.common import EXPORT_LIMIT, FREIGHT_WAIT, MAX_DELAY, MIN_DELAY, PAGE_SIZE


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
    on = inputs.on_date(on)
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
