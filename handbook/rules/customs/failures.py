"""What to do when clearance fails, by cause (`failure_action`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handbook import inputs
from handbook.explain import Explainer, Result
from handbook.policy.units import format_clock, format_yuan
from handbook.rules.customs.common import (
    ANNUAL_LIMIT,
    APPEAL_BUTTON,
    APPEAL_REASON,
    CAUSES,
    ESCALATION_CONTACT,
    ESCALATION_DAYS,
    ESCALATION_TIME,
    EVIDENCE_RULE,
    MENU_PATH,
    ORDER_DETAIL_PATH,
    QUOTA_QUERY,
    REPUSH_FORM,
    SHIPPING_CHOICE,
)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence for an appeal."""

    what: str
    where: str
    required: bool = True


@dataclass(frozen=True)
class ClearanceAction(Result):
    """What to do about one cause of a clearance failure (清关失败), without shipping the goods."""

    cause: str
    title: str
    title_zh: str
    action: str  # "appeal" or "repush"
    menu_path: str | None
    button: str | None
    appeal_reason: str | None
    shipping_choice: str | None
    steps: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    evidence_rule: str
    follow_up: str

    @property
    def appeal(self) -> bool:
        return self.action == "appeal"

    @property
    def repush(self) -> bool:
        return self.action == "repush"


def failure_action(cause: str, *, on: date | str | None = None) -> ClearanceAction:
    """The action card for a clearance-failure cause: "quota_exceeded", "id_photo_missing" or "id_mismatch".

    The first two are appealed through the back office so the order is not shipped; an ID mismatch is
    not appealed: the seller fills in the re-push questionnaire and the platform re-pushes the payment
    slip. On-screen labels (menu path, appeal reason, shipping choice) are parameters in force on `on`.
    Source: 000_d3139da63785aa80.txt, sections 1–3 and the closing note on evidence.
    """
    cause = inputs.choice(cause, "cause", CAUSES)
    on = inputs.on_date(on)
    why = Explainer.of(failure_action, on=on)
    title, title_zh, action = CAUSES[cause]
    why.step(f"Cause: {title} ({title_zh}).")

    if action == "repush":
        days = why.param(ESCALATION_DAYS)
        at = format_clock(why.param(ESCALATION_TIME))
        day_words = "the next day" if days == 1 else f"{days} days later"
        steps = (
            "Do not appeal: this cause needs no order appeal (不需要进行订单申诉), and do not ship.",
            f"Fill in the re-push questionnaire ({REPUSH_FORM}) for the order.",
            "The platform re-pushes the payment slip (重推支付单) on the night you submit.",
            f"If the order still fails customs after {at} {day_words}, contact {ESCALATION_CONTACT}.",
        )
        follow_up = (f"Re-push the night of submission; if clearance still fails after {at} {day_words}, "
                     f"contact {ESCALATION_CONTACT}. Use repush_timeline(submitted_at) for the exact times.")
        why.step("An ID mismatch is fixed by re-pushing the payment slip, not by an appeal.")
        summary = f"{title}: fill in the {REPUSH_FORM}; escalate after {at} {day_words} if it still fails."
        return ClearanceAction(
            cause=cause, title=title, title_zh=title_zh, action=action, menu_path=None, button=None,
            appeal_reason=None, shipping_choice=None, steps=steps, evidence=(), evidence_rule=EVIDENCE_RULE,
            follow_up=follow_up, explanation=why.done(summary),
        )

    path = why.param(MENU_PATH)
    reason = why.param(APPEAL_REASON)
    choice = why.param(SHIPPING_CHOICE)
    detail = why.param(ORDER_DETAIL_PATH)
    if cause == "quota_exceeded":
        limit = why.param(ANNUAL_LIMIT)
        query = why.param(QUOTA_QUERY)
        evidence = (
            Evidence("Screenshot 1: the order's ID-card information (身份证信息, click 查看 to show it)",
                     f"商家后台 {detail}"),
            Evidence(f"Screenshot 2: the buyer's used quota, showing spending this year + this order "
                     f"> {format_yuan(limit)}", query),
            Evidence("The customs rejection (ERP) message for the over-quota purchase, if you have one "
                     "(海关驳回的ERP信息)", "customs / ERP messages", required=False),
        )
    else:
        evidence = (
            Evidence("Screenshot 1: the order information page", f"商家后台 {detail}"),
            Evidence("The customs rejection (ERP) message saying the ID-card colour photo was not uploaded; it "
                     "must show the clearance order number (清关订单号) or the order number (订单编号)",
                     "customs / ERP messages"),
        )
    steps = (
        f"In the back office (商家后台) open {path} and click {APPEAL_BUTTON}.",
        "Enter the order number(s) to appeal (填入需要申诉的订单号).",
        f"申诉原因 (appeal reason): select {reason}.",
        f"上述订单是否发货 (ship the orders?): select {choice}.",
        "Upload the evidence listed below (上传凭证图片). " + EVIDENCE_RULE,
        "Fill in 申诉描述, 联系号码, 联系邮箱 and QQ号, then click 提交申诉.",
    )
    follow_up = ("Do not ship the order while the appeal is open. Check its result under 【订单申诉】; "
                 "the article gives no response time.")
    why.step(f"Appeal through {path} so that the order is not shipped.")
    summary = f"{title}: appeal through {path}, reason {reason}, choice {choice}."
    return ClearanceAction(
        cause=cause, title=title, title_zh=title_zh, action=action, menu_path=path, button=APPEAL_BUTTON,
        appeal_reason=reason, shipping_choice=choice, steps=steps, evidence=evidence,
        evidence_rule=EVIDENCE_RULE, follow_up=follow_up, explanation=why.done(summary),
    )
