"""Procedures: step lists with the on-screen labels (`procedure`, `procedure_keys`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handbook import inputs
from handbook.rules.fulfilment.deposit import unclosable_subservices


@dataclass(frozen=True)
class Step:
    """One step: what to do (English), the on-screen labels to click in order (`path`), and the
    statuses or terms to recognise on screen (`terms`), both in Chinese exactly as shown."""

    action: str
    path: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()

    def markdown(self) -> str:
        text = self.action
        if self.path:
            text += ": " + " › ".join(f"【{label}】" for label in self.path)
        if self.terms:
            text += " — on screen: " + ", ".join(f"「{term}」" for term in self.terms)
        return text


@dataclass(frozen=True)
class Procedure:
    key: str
    title: str
    title_zh: str
    steps: tuple[Step, ...]
    notes: tuple[str, ...] = ()

    def markdown(self) -> str:
        lines = [f"**{self.title} ({self.title_zh})**", ""]
        lines += [f"{i}. {step.markdown()}" for i, step in enumerate(self.steps, 1)]
        if self.notes:
            lines.append("")
            lines += [f"- *Note:* {note}" for note in self.notes]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.markdown()


_PROCEDURES: dict[str, Procedure] = {p.key: p for p in (
    Procedure(
        "deposit_refund", "Get the buyer-protection deposit back", "保证金退回",
        (
            Step("Close buyer protection (see the procedure 关闭买家保障)"),
            Step("Check that every trade placed under protection is finished", terms=("交易成功", "交易关闭")),
            Step("Wait until no complaint case is open and no trade is inside its after-sales period"),
            Step("After the unfreeze, transfer the deposit out from the service centre's home page",
                 ("保障服务中心", "转出")),
            Step("Check that the amount is released in Alipay", terms=("支付宝余额",)),
        ),
        ("The deposit never comes back by itself: after it unfreezes, someone has to click 转出.",),
    ),
    Procedure(
        "change_alipay", "Change the Alipay account", "更换支付宝账户",
        (
            Step("Open the trade-details settings", ("我的阿里", "交易", "交易资料管理")),
            Step("On the account page, switch the account", ("账户信息", "更换支付宝账户")),
        ),
    ),
    Procedure(
        "after_sales_progress", "Follow refunds, after-sales cases and complaints", "查看退款/售后/投诉进展",
        (
            Step("Open the after-sales list", ("卖家中心", "售后管理")),
            Step("For each buyer request, agree or refuse according to the real facts of the trade",
                 terms=("同意", "拒绝")),
            Step("Try to settle with the buyer first; if the buyer escalates to a complaint or asks for the "
                 "platform to step in, keep all evidence for the platform's dispute staff", terms=("投诉", "客服介入")),
            Step("Read the prompt on each status page and answer in time: an unanswered request is agreed "
                 "automatically", terms=("超时自动同意售后协议",)),
        ),
    ),
    Procedure(
        "change_waybill", "Correct a waybill number after shipping", "修改运单号",
        (
            Step("Own logistics: find the order among shipped orders",
                 ("履约", "发货管理", "已发货", "订单号", "查询")),
            Step("Own logistics: replace the number with the correct one", ("修改运单号",)),
            Step("Shipped but never entered a number: add it in the same back office", ("发货管理", "补填运单号")),
            Step("Re-shipment (补发): change the number in the same back office", ("发货管理", "修改运单号")),
            Step("Shipped online through the logistics platform: find the waybill, then change or cancel it",
                 ("物流平台", "我的运单"), terms=("修改", "撤销")),
        ),
    ),
    Procedure(
        "leave_anxingou", "Leave 现货安心购", "退出现货安心购",
        (Step("Open the service settings and leave",
              ("卖家工作台", "履约", "现货安心购", "服务管理", "退出服务")),),
        ("With 安心购 trades in transit the exit takes effect only after a waiting period (see the calculator);"
         " meanwhile no new 安心购 service orders arise unless you open the service again.",),
    ),
    Procedure(
        "avoid_complaints", "Avoid complaints", "避免投诉",
        (
            Step("Before shipping: check each item against its description, so nothing 'not as described' "
                 "goes out", terms=("描述不符",)),
            Step("After delivery: when several buyers report the same product as not as described, contact "
                 "them at once and agree an after-sales plan", terms=("签收后",)),
            Step("Keep talking to buyers: an escalated complaint hurts the shop's intervention rate, "
                 "dispute rate and service score", terms=("介入率", "纠纷率", "服务体验分")),
        ),
    ),
    Procedure(
        "dispute_penalty", "Dispute a penalty", "不认可维权处理结果",
        (
            Step("Read the decision against the rules the platform applied",
                 terms=("交易争议处理规则", "1688商家发货行为管理规范")),
            Step("Check the ground with the appeal triage: only some grounds can succeed"),
            Step("Submit new, valid evidence (e.g. a courier's stamped statement)", terms=("快递公司公章",)),
        ),
        ("Evidence is checked through several channels: false evidence makes things worse.",),
    ),
)}


def _close_buyer_protection(on: date | None) -> Procedure:
    keep = "、".join(unclosable_subservices(on))
    return Procedure(
        "close_buyer_protection", "Close buyer protection before the refund", "关闭买家保障",
        (
            Step("Find the services you joined", ("work后台", "履约", "我的保证金")),
            Step("Open each 买家保障 sub-service you opened, 官方直送 included, and close it",
                 ("官方直送", "关闭服务")),
            Step("When the shop and its orders have left that sub-service, a second confirmation appears: confirm",
                 ("确认",)),
            Step(f"Skip the shipping-time sub-services: they cannot be closed and need not be ({keep})"),
        ),
        ("If closing fails, try again in Google Chrome (谷歌浏览器).",),
    )


def procedure_keys() -> tuple[str, ...]:
    return ("close_buyer_protection", *_PROCEDURES)


def procedure(key: str, *, on: date | None = None) -> Procedure:
    """A back-office procedure as steps with on-screen labels (`on` dates the parameters it names)."""
    key = inputs.choice(key, "procedure", procedure_keys())
    return _close_buyer_protection(on) if key == "close_buyer_protection" else _PROCEDURES[key]
