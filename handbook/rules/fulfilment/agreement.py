"""Agreeing an after-sales plan before a return: the checklist (`after_sales_agreement`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result


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
    why = Explainer.of(after_sales_agreement)
    why.step(f"{len(done)} of {len(keys)} items agreed.")
    if missing:
        why.step("Still to agree: " + "; ".join(f"{i.item} ({i.item_zh})" for i in missing) + ".")
    summary = ("The after-sales plan is complete." if not missing
               else f"{len(missing)} item(s) still to agree before the buyer sends the goods back.")
    return AgreementChecklist(items=AFTER_SALES_AGREEMENT_ITEMS, agreed=done, missing=missing,
                              explanation=why.done(summary))
