"""1688 trade fulfilment (交易履约): deposit refund, leaving 现货安心购, penalty appeals, procedures.

Source: the 1688 fulfilment Q&A `002_9b67b9692fdcc49b.txt` (article dated 2024-01-27). Figures are
parameters `alibaba_1688.fulfilment.*` (handbook/policy/parameters/fulfilment.yaml).

Rules
- `deposit_refund(...)` — can the buyer-protection deposit (保证金) be refunded, what blocks it,
  and on which day it unfreezes.
- `anxingou_exit(...)` / `anxingou_exit_effective_on(...)` — when leaving 现货安心购 takes effect.
- `penalty_appeal_check(situation)` — is this a valid ground to appeal a fulfilment penalty?
- `after_sales_agreement(agreed)` — the checklist to settle with the buyer before a return.
- `procedure(key, on=...)` — the back-office procedures as step lists with the on-screen labels.

Decisions where the article is open (tested in tests/test_fulfilment.py, stated in the notebook):
- After-sales period: a trade that succeeded or closed on day D is inside its after-sales period
  (售后受理期) through D + period, and outside it from the next day.
- "The deposit unfreezes on the 3rd day" (第3天解冻): the day all conditions first hold is day 0;
  the deposit unfreezes on day 0 + the parameter. It is then transferred out (转出) by hand.
- `conditions_met_on` is the earliest day the *date-based* condition (no trade inside its
  after-sales period) holds, provided the other conditions already hold today. While a non-date
  blocker remains (protection still on, an unfinished trade, an open complaint) it is `None`: the
  day those clear is unknown, and a trade that finishes later starts an after-sales period of its own.
  The rule does not know since when the non-date conditions have held; when the protection was
  closed (or the last complaint settled) after the after-sales period ended, day 0 is that later day.
- `last_trade_finished_on=None` means no trade placed while protection was on has finished (with no
  unfinished trades: there were none). There is then no date to count from, so day 0 is taken as
  `today` — the latest it can be, since the conditions hold today.
- 安心购 exit: a trade completed on day D makes the exit effective on D + the parameter. A trade
  that completed before the exit was requested was not in transit: that input is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from handbook import inputs, policy
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result

RULE = "handbook.rules.fulfilment"
AFTER_SALES_PERIOD = "alibaba_1688.fulfilment.after_sales_period"
UNFREEZE_DAY = "alibaba_1688.fulfilment.deposit_unfreeze_day"
ANXINGOU_EXIT_DELAY = "alibaba_1688.fulfilment.anxingou_exit_delay"
UNCLOSABLE_SUBSERVICES = "alibaba_1688.fulfilment.unclosable_shipping_subservices"

__all__ = [
    "AFTER_SALES_AGREEMENT_ITEMS", "APPEAL_GROUNDS", "BLOCKER_CODES", "STAGES", "AgreementChecklist",
    "AnxingouExit", "AppealCheck", "AppealGround", "Blocker", "ChecklistItem", "DepositRefund",
    "Procedure", "Step", "after_sales_agreement", "anxingou_exit", "anxingou_exit_effective_on",
    "deposit_refund", "penalty_appeal_check", "procedure", "procedure_keys", "unclosable_subservices",
]


def _d(day: date) -> str:
    return day.isoformat()


# ---------------------------------------------------------------------------------------------
# Deposit (保证金) refund
# ---------------------------------------------------------------------------------------------

BLOCKER_CODES = ("protection_open", "unfinished_trades", "open_complaints", "after_sales_period")

STAGES = {
    "blocked": "a condition other than time is not met: clear it first",
    "after_sales": "only the after-sales period is left: wait until it ends",
    "unfreezing": "all conditions hold: the deposit unfreezes in a few days",
    "unfrozen": "the deposit has unfrozen: transfer it out (转出)",
}


@dataclass(frozen=True)
class Blocker:
    """One refund condition that does not hold yet, in plain words naming what to do."""

    code: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class DepositRefund(Result):
    """Whether the buyer-protection deposit can be refunded, what blocks it and the key dates."""

    today: date
    last_trade_finished_on: date | None
    eligible_now: bool
    blockers: tuple[Blocker, ...]
    after_sales_ends_on: date | None
    conditions_met_on: date | None
    unfreezes_on: date | None
    stage: str
    next_step: str

    @property
    def blocker_codes(self) -> tuple[str, ...]:
        return tuple(b.code for b in self.blockers)

    @property
    def can_transfer_out_now(self) -> bool:
        """The deposit has unfrozen (on the rule's reckoning): click 转出 now."""
        return self.stage == "unfrozen"


def unclosable_subservices(on: date | None = None) -> tuple[str, ...]:
    """The 买家保障 shipping-time sub-services that cannot (and need not) be closed."""
    return tuple(s.strip() for s in policy.get(UNCLOSABLE_SUBSERVICES, on).split("/") if s.strip())


def deposit_refund(
    *,
    protection_closed: bool,
    unfinished_trades: int,
    open_complaints: int,
    last_trade_finished_on: date | None,
    today: date,
) -> DepositRefund:
    """Can the 1688 buyer-protection deposit (买家保障保证金) be refunded, and when does it unfreeze?

    Conditions (002_9b67b9692fdcc49b.txt, 问：保证金如何退回？): every buyer-protection sub-service is
    closed (the shipping-time sub-services cannot be and need not be); among the trades placed while
    the protection was on there is no unfinished trade, no unfinished complaint, and none still inside
    its after-sales period. The deposit then unfreezes on day 0 + `deposit_unfreeze_day` (day 0 = the
    day all conditions first hold) and must be transferred out (转出) by hand.

    `unfinished_trades` and `open_complaints` count those trades and complaint cases as of `today`;
    `last_trade_finished_on` is the day the last of those trades succeeded or closed (None: none has).
    See the module docstring for the decisions on open points.
    """
    closed = inputs.flag(protection_closed, "protection_closed")
    trades = inputs.count(unfinished_trades, "unfinished_trades")
    complaints = inputs.count(open_complaints, "open_complaints")
    today = inputs.as_date(today, "today")
    last = None if last_trade_finished_on is None else inputs.as_date(last_trade_finished_on, "last_trade_finished_on")
    if last is not None and last > today:
        raise PolicyInputError(
            "last_trade_finished_on", last, f"a date on or before today ({_d(today)}), or empty if no trade has finished",
            reason="a trade cannot have finished after today; check the two dates",
        )

    why = Explainer(f"{RULE}.deposit_refund", on=today)
    period = why.param(AFTER_SALES_PERIOD)
    unfreeze = why.param(UNFREEZE_DAY)
    blockers: list[Blocker] = []

    if closed:
        why.step("Buyer protection (买家保障) is closed.")
    else:
        keep = "、".join(unclosable_subservices(today))
        why.ref(UNCLOSABLE_SUBSERVICES)
        blockers.append(Blocker(
            "protection_open",
            "Buyer protection (买家保障) is still on: close every sub-service you opened, 官方直送 included "
            f"(履约 › 我的保证金 › 关闭服务). The shipping-time sub-services ({keep}) cannot be closed and need not be.",
        ))
        why.step("Buyer protection is still on: blocker.")

    if trades:
        blockers.append(Blocker(
            "unfinished_trades",
            f"{trades} trade(s) placed while protection was on are not finished: each must reach "
            "交易成功 or 交易关闭 (check the status in the sales list) — and each then starts its own "
            "after-sales period.",
        ))
        why.step(f"{trades} unfinished trade(s): blocker.")
    else:
        why.step("No unfinished trade.")

    if complaints:
        blockers.append(Blocker(
            "open_complaints",
            f"{complaints} complaint case(s) (投诉案件) on those trades are still open: settle them with the "
            "buyer or let the platform close them.",
        ))
        why.step(f"{complaints} open complaint case(s): blocker.")
    else:
        why.step("No open complaint case.")

    after_sales_ends_on = date_condition_from = None
    if last is None:
        why.step("No trade placed under protection has finished: there is no after-sales period to wait for.")
    else:
        after_sales_ends_on = last + timedelta(days=period)
        date_condition_from = after_sales_ends_on + timedelta(days=1)
        why.step(f"The last trade finished on {_d(last)}; its after-sales period (售后受理期) runs "
                 f"{period} days, through {_d(after_sales_ends_on)}; from {_d(date_condition_from)} it is over.")
        if today <= after_sales_ends_on:
            blockers.append(Blocker(
                "after_sales_period",
                f"The last trade (finished {_d(last)}) is in its after-sales period (售后受理期) through "
                f"{_d(after_sales_ends_on)}: wait until {_d(date_condition_from)}.",
            ))
            why.step("Today is inside that period: blocker.")

    non_date = [b for b in blockers if b.code != "after_sales_period"]
    if non_date:
        conditions_met_on = unfreezes_on = None
        why.step("The day all conditions hold cannot be known yet: it depends on when the blockers other "
                 "than time are cleared, and a trade that finishes later starts its own after-sales period.")
    else:
        if date_condition_from is None:
            conditions_met_on = today
            why.step(f"No trade date to count from: day 0 is taken as today ({_d(today)}), the latest it can "
                     "be; if you closed the protection earlier, the deposit unfreezes earlier.")
        else:
            conditions_met_on = date_condition_from
            if conditions_met_on < today:
                why.step(f"Day 0 is counted from {_d(conditions_met_on)}. If the protection was closed or the "
                         "last complaint settled later than that, day 0 is that later day.")
        unfreezes_on = conditions_met_on + timedelta(days=unfreeze)
        why.step(f"All conditions hold from {_d(conditions_met_on)} (day 0); the deposit unfreezes on day 0 + "
                 f"{unfreeze} = {_d(unfreezes_on)} and must then be transferred out (转出) by hand.")

    eligible_now = not blockers
    if non_date:
        stage = "blocked"
        next_step = "Clear the blockers; the unfreeze date can be planned once only time is left."
    elif not eligible_now:
        stage = "after_sales"
        next_step = (f"Wait: all conditions hold from {_d(conditions_met_on)} and the deposit unfreezes on "
                     f"{_d(unfreezes_on)}; then click 转出 on the 保障服务中心 home page.")
    elif today < unfreezes_on:
        stage = "unfreezing"
        next_step = (f"Wait for the unfreeze on {_d(unfreezes_on)}, then click 转出 on the 保障服务中心 home "
                     "page and watch the Alipay balance (支付宝余额).")
    else:
        stage = "unfrozen"
        next_step = ("Click 转出 on the 保障服务中心 home page now, then watch the Alipay balance (支付宝余额): "
                     "the deposit is released there.")

    if stage == "unfrozen":
        summary = (f"Eligible: all refund conditions hold and the deposit has unfrozen (on {_d(unfreezes_on)} at "
                   "the earliest): transfer it out (转出).")
    elif eligible_now:
        summary = f"Eligible: all refund conditions hold; the deposit unfreezes on {_d(unfreezes_on)}."
    elif stage == "after_sales":
        summary = f"Not yet: only the after-sales period is left; the deposit unfreezes on {_d(unfreezes_on)}."
    else:
        summary = f"Not eligible: {len(blockers)} blocker(s) to clear first."
    return DepositRefund(
        today=today, last_trade_finished_on=last, eligible_now=eligible_now, blockers=tuple(blockers),
        after_sales_ends_on=after_sales_ends_on, conditions_met_on=conditions_met_on,
        unfreezes_on=unfreezes_on, stage=stage, next_step=next_step, explanation=why.done(summary),
    )


# ---------------------------------------------------------------------------------------------
# Leaving 现货安心购
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnxingouExit(Result):
    """When leaving 现货安心购 shows as effective."""

    requested_on: date
    last_in_transit_trade_completed_on: date | None
    effective_on: date

    @property
    def waiting_days(self) -> int:
        return (self.effective_on - self.requested_on).days


def anxingou_exit(*, requested_on: date, last_in_transit_trade_completed_on: date | None) -> AnxingouExit:
    """The day the exit from 现货安心购 shows as effective (002_9b67b9692fdcc49b.txt, 问：如何退出安心购？).

    Without 安心购 trades in transit at the request (`None`), the exit is effective on the request day.
    Otherwise it is effective `anxingou_exit_delay` days after the last in-transit trade completes;
    meanwhile no new 安心购 service orders arise unless the seller opens the service again. A trade that
    completed before the request was not in transit: that input is refused.
    """
    requested = inputs.as_date(requested_on, "requested_on")
    why = Explainer(f"{RULE}.anxingou_exit", on=requested)
    delay = why.param(ANXINGOU_EXIT_DELAY)
    why.step(f"Exit requested on {_d(requested)} (卖家工作台 › 履约 › 现货安心购 › 服务管理 › 退出服务).")
    if last_in_transit_trade_completed_on is None:
        why.step("No 安心购 trade was in transit: the exit is effective at once.")
        return AnxingouExit(requested_on=requested, last_in_transit_trade_completed_on=None,
                            effective_on=requested,
                            explanation=why.done(f"The exit is effective on {_d(requested)}."))
    completed = inputs.as_date(last_in_transit_trade_completed_on, "last_in_transit_trade_completed_on")
    if completed < requested:
        raise PolicyInputError(
            "last_in_transit_trade_completed_on", completed,
            f"a date on or after the exit request ({_d(requested)}), or empty when no trade is in transit",
            reason="a trade that completed before the request was not in transit",
        )
    effective = completed + timedelta(days=delay)
    why.step(f"The last in-transit 安心购 trade completes on {_d(completed)}; the exit shows as effective "
             f"{delay} days later, on {_d(effective)}.")
    why.step("Until then no new 安心购 service orders arise, unless you open 现货安心购 again.")
    return AnxingouExit(requested_on=requested, last_in_transit_trade_completed_on=completed,
                        effective_on=effective, explanation=why.done(f"The exit is effective on {_d(effective)}."))


def anxingou_exit_effective_on(last_in_transit_trade_completed_on: date) -> date:
    """The day the 安心购 exit shows as effective: the last in-transit trade's completion + the delay."""
    completed = inputs.as_date(last_in_transit_trade_completed_on, "last_in_transit_trade_completed_on")
    return anxingou_exit(requested_on=completed, last_in_transit_trade_completed_on=completed).effective_on


# ---------------------------------------------------------------------------------------------
# Disputing a penalty (申诉)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AppealGround:
    key: str
    label: str
    label_zh: str
    valid: bool
    reason: str
    what_to_do: str


APPEAL_GROUNDS: tuple[AppealGround, ...] = (
    AppealGround(
        "cancel_after_penalty", "Both sides agree to cancel the penalty after it was executed",
        "处罚执行完毕后双方协商撤销", False,
        "Once a complaint has been handled and its penalty executed, a later agreement between seller "
        "and buyer does not undo it.",
        "Settle with the buyer before the complaint is decided; after execution, accept the penalty.",
    ),
    AppealGround(
        "price_too_low", "Price set too low by mistake (promotion discount, customer-service error)",
        "价格设置过低无法发货", False,
        "A price the seller set wrongly is the seller's own fault, so failing to ship at it is not excused.",
        "Check promotion prices and discounts before they go live; honour or negotiate orders already placed.",
    ),
    AppealGround(
        "discontinued_or_short", "Product discontinued or short of stock",
        "停产/产量不足无法发货", False,
        "Listing a product that cannot be supplied is the seller's responsibility.",
        "Keep stock and listings in step; delist or mark items you cannot supply.",
    ),
    AppealGround(
        "custom_link_wrong", "A custom product's link set with the wrong shipping guarantee",
        "定制商品链接设置错误", False,
        "The shipping-guarantee service on a custom product's link is the seller's setting.",
        "Set custom products' links with a shipping time they can meet.",
    ),
    AppealGround(
        "courier_statement", "The courier company certifies, under its official stamp, that the fault was not the seller's",
        "快递公司公章凭证", True,
        "A valid statement stamped by the courier company (快递公司公章) shows the problem was not the seller's doing.",
        "Appeal with the stamped statement as new evidence; it is verified through several channels, so "
        "never submit anything that is not genuine.",
    ),
)


@dataclass(frozen=True)
class AppealCheck(Result):
    """Whether a situation is a valid ground to appeal a fulfilment penalty."""

    situation: str
    label: str
    label_zh: str
    valid: bool
    reason: str
    what_to_do: str


def penalty_appeal_check(situation: str) -> AppealCheck:
    """Triage of a fulfilment-penalty appeal (002_9b67b9692fdcc49b.txt, 问：不认可维权处理结果怎么办).

    The article's invalid grounds are "including but not limited to": a situation not listed here is
    refused as input rather than guessed to be valid.
    """
    key = inputs.choice(situation, "situation", [g.key for g in APPEAL_GROUNDS])
    ground = next(g for g in APPEAL_GROUNDS if g.key == key)
    why = Explainer(f"{RULE}.penalty_appeal_check")
    why.step("The platform decides disputes by 《交易争议处理规则》, industry standards and the "
             "1688商家发货行为管理规范; to dispute a decision, bring new valid evidence.")
    why.step(f"Situation: {ground.label} ({ground.label_zh}). {ground.reason}")
    summary = ("Valid ground: the appeal can succeed." if ground.valid
               else "Invalid ground: an appeal on this basis will be rejected.")
    return AppealCheck(situation=key, label=ground.label, label_zh=ground.label_zh, valid=ground.valid,
                       reason=ground.reason, what_to_do=ground.what_to_do, explanation=why.done(summary))


# ---------------------------------------------------------------------------------------------
# Agreeing an after-sales plan before a return
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChecklistItem:
    key: str
    group: str
    group_zh: str
    item: str
    item_zh: str


AFTER_SALES_AGREEMENT_ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem("return_address", "Return details", "退货信息", "Return address", "退货地址"),
    ChecklistItem("recipient", "Return details", "退货信息", "Who receives the return", "收货人"),
    ChecklistItem("recipient_phone", "Return details", "退货信息", "Recipient's phone number", "收货人电话"),
    ChecklistItem("freight_payer", "Carrier and freight", "退货物流与运费",
                  "Who pays the return freight: collect on delivery (到付) or paid in advance (先付)", "运费承担方"),
    ChecklistItem("carrier", "Carrier and freight", "退货物流与运费", "Any required courier company", "快递要求"),
    ChecklistItem("time_limit", "Other terms", "其他要求", "By when the goods must be sent back", "退货时间要求"),
    ChecklistItem("item_condition", "Other terms", "其他要求",
                  "Condition of the goods (packaging, tags)", "货品状态（包装、吊牌）"),
    ChecklistItem("in_wangwang", "Record", "沟通记录",
                  "All of the above agreed in 旺旺 chat, so the buyer cannot deny it later", "旺旺沟通"),
)


@dataclass(frozen=True)
class AgreementChecklist(Result):
    """The after-sales plan to agree with the buyer before a return, ticked off item by item."""

    items: tuple[ChecklistItem, ...]
    agreed: frozenset[str]
    missing: tuple[ChecklistItem, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.missing

    def markdown(self) -> str:
        lines = []
        group = None
        for item in self.items:
            if item.group != group:
                group = item.group
                lines.append(f"- **{item.group} ({item.group_zh})**")
            box = "x" if item.key in self.agreed else " "
            lines.append(f"  - [{box}] {item.item} — {item.item_zh}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.markdown()


def after_sales_agreement(agreed: Iterable[str] = ()) -> AgreementChecklist:
    """What to agree with the buyer before a return (002_9b67b9692fdcc49b.txt, 问：交易售后/纠纷问题？).

    `agreed` names the items already settled (keys of `AFTER_SALES_AGREEMENT_ITEMS`); the result lists
    what is still missing. Unclear freight terms are the most common cause of after-sales disputes.
    """
    keys = [i.key for i in AFTER_SALES_AGREEMENT_ITEMS]
    if isinstance(agreed, str):
        raise PolicyInputError("agreed", agreed, "a list of item keys: " + ", ".join(keys), reason="a single string")
    done = frozenset(inputs.choice(k, "agreed", keys) for k in agreed)
    missing = tuple(i for i in AFTER_SALES_AGREEMENT_ITEMS if i.key not in done)
    why = Explainer(f"{RULE}.after_sales_agreement")
    why.step(f"{len(done)} of {len(keys)} items agreed.")
    if missing:
        why.step("Still to agree: " + "; ".join(f"{i.item} ({i.item_zh})" for i in missing) + ".")
    summary = ("The after-sales plan is complete." if not missing
               else f"{len(missing)} item(s) still to agree before the buyer sends the goods back.")
    return AgreementChecklist(items=AFTER_SALES_AGREEMENT_ITEMS, agreed=done, missing=missing,
                              explanation=why.done(summary))


# ---------------------------------------------------------------------------------------------
# Procedures: step lists with the on-screen labels
# ---------------------------------------------------------------------------------------------

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
