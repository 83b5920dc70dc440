"""The evidence file for an appeal (001, section 3): what to provide, most important first (`evidence_file`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result

FILES_PER_ORDER = "aliexpress.chargeback.appeal_files_per_order"


@dataclass(frozen=True)
class EvidenceKind:
    name: str
    label: str
    label_zh: str  # the article's wording, simplified Chinese
    short: str  # a few words, for summaries
    only_if: str | None = None  # evidence that exists only if something happened


EVIDENCE: dict[str, EvidenceKind] = {e.name: e for e in (
    EvidenceKind("delivery_proof", "Proof of delivery: online tracking number, signed-for delivery record",
                 "送货证明，如在线跟踪号、在线物流妥投签收记录", "proof of delivery"),
    EvidenceKind("item_description", "The item's original description (or auction description), with any pictures",
                 "物品原始说明或竞拍说明的复印件，包括任何图片", "original item description"),
    EvidenceKind("refund_proof", "Proof that the buyer was refunded", "已向买家退款的证明", "proof of refund",
                 only_if="you refunded the buyer"),
    EvidenceKind("replacement_proof", "Proof that the item was replaced for the buyer", "已为买家更换物品的证明", "proof of replacement",
                 only_if="you sent the buyer a replacement"),
    EvidenceKind("buyer_correspondence", "Correspondence with the buyer, or the buyer's feedback",
                 "与买家的通信或买家的反馈", "buyer correspondence or feedback"),
    EvidenceKind("buyer_agreement", "Any agreement the buyer signed or accepted when buying",
                 "买家购买时签订或接受的任何协议", "agreement the buyer accepted"),
    EvidenceKind("return_policy", "The AliExpress return rules the buyer was told about",
                 "告知买家的任何速卖通退货规则", "return rules shown to the buyer"),
)}


@dataclass(frozen=True)
class Reason:
    name: str
    label: str
    gloss_zh: str  # the handbook's Chinese gloss (not an on-screen label: the article names no reason list)


REASONS: dict[str, Reason] = {r.name: r for r in (
    Reason("not_received", "Item not received", "未收到货"),
    Reason("not_as_described", "Item not as described", "货不对版"),
    Reason("unauthorized", "Unauthorised use of the card or account", "未经授权的交易（盗卡/盗号）"),
    Reason("other", "Other reason", "其他原因"),
)}

# For each reason: evidence from most to least important, with why. Ordered by how directly the
# evidence answers the buyer's claim; "other" keeps the article's own order (no basis to rank).
EVIDENCE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "not_received": (
        ("delivery_proof", "Answers the claim directly: the tracking number and signed-for record show the parcel arrived."),
        ("buyer_correspondence", "Messages or feedback in which the buyer mentions having the item contradict the claim."),
        ("refund_proof", "If you already refunded, upholding the chargeback would pay the buyer twice."),
        ("replacement_proof", "A replacement sent (with its own tracking) shows a lost parcel was made good."),
        ("buyer_agreement", "The shipping terms the buyer accepted show whether 'not received' was claimed too early."),
        ("item_description", "Shows what was sold and the promised shipping time; background only."),
        ("return_policy", "Return rules say little about a parcel that never arrived."),
    ),
    "not_as_described": (
        ("item_description", "The original listing and its pictures are what the item is judged against."),
        ("buyer_correspondence", "Shows what the buyer actually complained about and what you offered."),
        ("return_policy", "Shows the buyer was told how to return the item instead of charging back."),
        ("refund_proof", "A refund already paid settles all or part of the claim."),
        ("replacement_proof", "A replacement sent shows the problem was remedied."),
        ("buyer_agreement", "Terms the buyer accepted (e.g. on variations or custom items) can cover the difference."),
        ("delivery_proof", "Arrival is not in dispute; it only confirms the buyer has the item."),
    ),
    "unauthorized": (
        ("delivery_proof", "Delivery signed for at the buyer's usual address links the order to the account holder."),
        ("buyer_correspondence", "Messages from the buyer's account about this order show the account holder took part."),
        ("buyer_agreement", "The terms accepted at checkout from the buyer's account show the purchase was made there."),
        ("refund_proof", "If you already refunded the card, upholding the chargeback would pay twice."),
        ("item_description", "Shows what was bought; says little about who bought it."),
        ("replacement_proof", "Says little about who made the purchase."),
        ("return_policy", "Return rules do not bear on who made the purchase."),
    ),
    "other": tuple(
        (name, "No reason-specific ranking: kept in the order the article lists it.") for name in EVIDENCE
    ),
}


@dataclass(frozen=True)
class EvidenceItem:
    rank: int
    name: str
    label: str
    label_zh: str
    why: str
    present: bool
    only_if: str | None


@dataclass(frozen=True)
class EvidenceReview(Result):
    reason: str
    items: tuple[EvidenceItem, ...]  # every kind of evidence, most important first

    @property
    def provided(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.items if i.present)

    @property
    def missing(self) -> tuple[str, ...]:
        """Evidence you do not have yet, most important first (refund/replacement proof excluded)."""
        return tuple(i.name for i in self.items if not i.present and i.only_if is None)

    @property
    def if_applicable(self) -> tuple[str, ...]:
        """Refund or replacement proof not provided: include it only if that happened."""
        return tuple(i.name for i in self.items if not i.present and i.only_if is not None)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def summary(self) -> str:
        return _evidence_summary(self.reason, self.items)


def _evidence_summary(reason: str, items: tuple[EvidenceItem, ...]) -> str:
    label = REASONS[reason].label.lower()
    have = [i for i in items if i.present]
    missing = [i for i in items if not i.present and i.only_if is None]
    if not missing:
        head = f"For '{label}' you have every kind of evidence the article lists that applies."
    else:
        head = (f"For '{label}' you have {len(have)} of the kinds of evidence the article lists; "
                f"{len(missing)} missing, most important first: " + "; ".join(_short(i.name) for i in missing) + ".")
    extra = [f" Add {_short(i.name)} if {i.only_if}." for i in items if not i.present and i.only_if is not None]
    return head + "".join(extra)


def _short(name: str) -> str:
    return EVIDENCE[name].short


def _names(provided: Any) -> set[str]:
    accepted = "a set (or list) of evidence names: " + ", ".join(repr(n) for n in EVIDENCE)
    if isinstance(provided, (str, bytes)) or not isinstance(provided, Iterable):
        raise PolicyInputError("provided", provided, accepted,
                               reason="not a collection of names" if not isinstance(provided, str)
                               else "a single string; wrap it in a set")
    names = list(provided)
    unknown = [n for n in names if not isinstance(n, str) or n not in EVIDENCE]
    if unknown:
        raise PolicyInputError("provided", unknown[0] if len(unknown) == 1 else unknown, accepted,
                               reason="unknown evidence name")
    return set(names)


def evidence_file(reason: str, provided: Iterable[str], *, on: date | None = None) -> EvidenceReview:
    """The article's evidence list for one order's appeal file, present and missing, ordered for `reason`.

    `reason` is one of `REASONS`; `provided` the names (keys of `EVIDENCE`) you already have.
    A checklist in plain words: it does not estimate a chance of winning.
    """
    reason = inputs.choice(reason, "reason", REASONS)
    have = _names(provided)
    why = Explainer.of(evidence_file, on=on)
    files = why.param(FILES_PER_ORDER)
    why.step(f"One appeal file covers {files} order: build this list for each disputed order.")
    why.step(f"Reason: {REASONS[reason].label} ({REASONS[reason].gloss_zh}); evidence ordered by how directly "
             "it answers that claim (handbook's ordering, source lists them unranked).")
    items = tuple(
        EvidenceItem(rank, name, EVIDENCE[name].label, EVIDENCE[name].label_zh, reason_why, name in have,
                     EVIDENCE[name].only_if)
        for rank, (name, reason_why) in enumerate(EVIDENCE_ORDER[reason], 1)
    )
    why.step("Provided: " + (", ".join(i.name for i in items if i.present) or "nothing yet") + ".")
    return EvidenceReview(reason=reason, items=items, explanation=why.done(_evidence_summary(reason, items)))
