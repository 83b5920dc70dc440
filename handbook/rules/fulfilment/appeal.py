"""Disputing a penalty (申诉): which situations are grounds (`penalty_appeal_check`)."""

from __future__ import annotations

from dataclasses import dataclass

from handbook import inputs
from handbook.explain import Explainer, Result


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
    why = Explainer.of(penalty_appeal_check)
    why.step("The platform decides disputes by 《交易争议处理规则》, industry standards and the "
             "1688商家发货行为管理规范; to dispute a decision, bring new valid evidence.")
    why.step(f"Situation: {ground.label} ({ground.label_zh}). {ground.reason}")
    summary = ("Valid ground: the appeal can succeed." if ground.valid
               else "Invalid ground: an appeal on this basis will be rejected.")
    return AppealCheck(situation=key, label=ground.label, label_zh=ground.label_zh, valid=ground.valid,
                       reason=ground.reason, what_to_do=ground.what_to_do, explanation=why.done(summary))
