"""AliExpress (速卖通) chargebacks (拒付): the appeal deadline and the evidence file.

Source: 001_bedd9ed3bb03a3f3.txt. When a buyer's bank notifies a chargeback, the platform freezes the
order's funds and notifies the seller; the seller may appeal with an evidence file, one file per order,
within a number of working days (`aliexpress.chargeback.response_working_days`). The article's second
half (buyer account sign-up) gives two rules checked here too: the sign-up e-mail must not contain
certain words, and one Alipay account may not be bound to several buyer accounts.

Decisions where the article is silent (also stated in notebooks/02-chargebacks.ipynb and tested):

- **Day 0.** The notice day is day 0 and is not counted: the deadline is the n-th mainland-China
  working day *after* the notice day (3 working days → the 3rd working day after it).
- **Notice on a non-working day.** Day 0 is still the calendar day the notice arrived; counting starts
  with the first working day after it. So a Saturday notice has the same deadline as a Friday one.
  We take this reading rather than "the notice counts as received on the next working day" because
  it gives the earlier deadline of the two: a seller who follows it cannot be late under the other.
- **Working days** are mainland-China working days from `handbook.rules.calendar` (holidays and
  make-up working days, 调休). A deadline in a year the calendar library does not know is an error.
- **days_left** counts working days after `today` up to and including the deadline: it equals n on the
  notice day, 1 on the last working day before the deadline, 0 on the deadline day. A non-working day
  has the value of the working day before it. Once the deadline has passed it is minus the number of
  working days since the deadline, and at least −1: a weekend right after the deadline is already late.
- **Evidence order.** The article lists seven kinds of evidence without ranking them. For each reason
  the handbook orders them by how directly they answer the buyer's claim, with a one-line why
  (`EVIDENCE_ORDER`). This is a checklist, not a prediction: no win probabilities.
- **Refund and replacement proof** exist only if you refunded or replaced; the review lists them as
  "include if it applies", never as a gap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.rules import calendar

__all__ = [
    "EVIDENCE",
    "EVIDENCE_ORDER",
    "PLACES",
    "REASONS",
    "AlipayBindingCheck",
    "BuyerEmailCheck",
    "DeadlineCheck",
    "EvidenceItem",
    "EvidenceKind",
    "EvidenceReview",
    "Place",
    "Reason",
    "StripDay",
    "check_alipay_bindings",
    "check_buyer_email",
    "days_left",
    "deadline_check",
    "evidence_file",
    "response_deadline",
]

RULE = "handbook.rules.chargeback"
WORKING_DAYS = "aliexpress.chargeback.response_working_days"
FILES_PER_ORDER = "aliexpress.chargeback.appeal_files_per_order"
FORBIDDEN_WORDS = "aliexpress.chargeback.buyer_email_forbidden_words"
ACCOUNTS_PER_ALIPAY = "aliexpress.chargeback.buyer_accounts_per_alipay"
STRIP_DAYS = 14  # length of the calendar strip the deadline calculator shows (display, not policy)


# ---------------------------------------------------------------------------------------------------
# Where a seller sees a chargeback (001, section 1)


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


# ---------------------------------------------------------------------------------------------------
# The deadline


@dataclass(frozen=True)
class StripDay:
    """One day of the calendar strip the deadline calculator draws."""

    day: date
    kind: str  # calendar.KINDS or "unknown" (a year the calendar library does not know)
    holiday: str | None
    count: int | None  # 1..n for the working days counted towards the deadline
    is_notice: bool
    is_deadline: bool
    is_today: bool


@dataclass(frozen=True)
class DeadlineCheck(Result):
    notified_on: date
    today: date
    working_days: int
    deadline: date
    days_left: int
    counted: tuple[date, ...]  # the working days counted, day 1..n
    strip: tuple[StripDay, ...]

    @property
    def late(self) -> bool:
        return self.today > self.deadline

    @property
    def summary(self) -> str:
        return _deadline_summary(self.deadline, self.today, self.days_left)


def _deadline_summary(deadline: date, today: date, left: int) -> str:
    due = f"{deadline:%a} {deadline.isoformat()}"
    if today > deadline:
        return f"Late: the appeal was due on {due}; {-left} working day(s) late."
    if left == 0:
        return f"Due today, {due}."
    return f"Due on {due}: {left} working day(s) left after today."


def _deadline(notified_on: date, why: Explainer) -> tuple[int, date, tuple[date, ...]]:
    try:
        n = why.param(WORKING_DAYS)
    except PolicyInputError as exc:  # a notice before the rule's known start: name the user's field
        raise PolicyInputError("notified_on", notified_on, exc.accepted, reason=exc.reason) from None
    deadline = calendar.add_working_days(notified_on, n, field="notified_on")
    counted, day = [], notified_on
    for _ in range(n):
        day = calendar.add_working_days(day, 1, field="notified_on")
        counted.append(day)
    kind = calendar.day_kind(notified_on)
    zero = "a working day" if kind.working else f"a non-working day ({_kind_text(kind)})"
    why.step(f"Notice on {notified_on:%a} {notified_on} = day 0 ({zero}); it is not counted.")
    why.step("Working days counted: " + ", ".join(
        f"{i}. {d:%a} {d}" + (" (make-up working day)" if calendar.day_kind(d).kind == "makeup_workday" else "")
        for i, d in enumerate(counted, 1)) + f" → deadline {deadline:%a} {deadline}.")
    return n, deadline, tuple(counted)


def _kind_text(kind: calendar.DayKind) -> str:
    text = {"workday": "workday", "weekend": "weekend", "holiday": "public holiday",
            "makeup_workday": "make-up working day"}[kind.kind]
    return f"{text}, {kind.holiday}" if kind.holiday else text


def _days_left(deadline: date, today: date) -> int:
    if today <= deadline:
        return calendar.working_days_between(today, deadline)
    return -max(1, calendar.working_days_between(deadline, today))


def deadline_check(notified_on: date | str, today: date | str, *, strip_days: int = STRIP_DAYS) -> DeadlineCheck:
    """The appeal deadline for a chargeback notified on `notified_on`, and where `today` stands.

    The notice day is day 0; the deadline is the n-th mainland-China working day after it (n is
    `aliexpress.chargeback.response_working_days`, in force on the notice day). `today` must not be
    before the notice. The strip covers `strip_days` days from the notice day, longer if the deadline
    is later; days in a year the calendar library does not know are marked "unknown", never guessed.
    """
    notified_on = inputs.as_date(notified_on, "notified_on")
    today = inputs.as_date(today, "today")
    strip_days = inputs.count(strip_days, "strip_days", minimum=1, maximum=366)
    if today < notified_on:
        raise PolicyInputError("today", today, f"a date on or after the notice ({notified_on})",
                               reason="today is before the chargeback notice")
    why = Explainer(f"{RULE}.deadline_check", on=notified_on)
    n, deadline, counted = _deadline(notified_on, why)
    try:
        left = _days_left(deadline, today)
    except calendar.OutsideCalendar as exc:
        raise calendar.OutsideCalendar("today", today, exc.accepted, reason=exc.reason) from None
    if today <= deadline:
        why.step(f"Today {today:%a} {today}: {left} working day(s) after today up to the deadline.")
    else:
        why.step(f"Today {today:%a} {today} is after the deadline: {left} (working days since the deadline, "
                 "at least one).")
    return DeadlineCheck(
        notified_on=notified_on, today=today, working_days=n, deadline=deadline, days_left=left,
        counted=counted, strip=_strip(notified_on, today, deadline, counted, strip_days),
        explanation=why.done(_deadline_summary(deadline, today, left)),
    )


def _strip(notified_on: date, today: date, deadline: date, counted: tuple[date, ...], length: int) -> tuple[StripDay, ...]:
    span = max(length, (deadline - notified_on).days + 1)
    numbers = {d: i for i, d in enumerate(counted, 1)}
    days = []
    for offset in range(span):
        d = notified_on + timedelta(days=offset)
        try:
            kind = calendar.day_kind(d)
        except calendar.OutsideCalendar:
            kind = calendar.DayKind("unknown")
        days.append(StripDay(d, kind.kind, kind.holiday, numbers.get(d), d == notified_on, d == deadline,
                             d == today))
    return tuple(days)


def response_deadline(notified_on: date | str) -> date:
    """The last day to send the appeal file: the n-th working day after the notice day (day 0).

    A convenience over `deadline_check`; see the module docstring for the decisions.
    """
    notified_on = inputs.as_date(notified_on, "notified_on")
    return _deadline(notified_on, Explainer(f"{RULE}.response_deadline", on=notified_on))[1]


def days_left(notified_on: date | str, today: date | str) -> int:
    """Working days left after `today` up to the deadline: 0 on the deadline day, negative when late."""
    return deadline_check(notified_on, today).days_left


# ---------------------------------------------------------------------------------------------------
# The evidence file (001, section 3)


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
    why = Explainer(f"{RULE}.evidence_file", on=on)
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


# ---------------------------------------------------------------------------------------------------
# Appendix: buyer account sign-up (001, second half)


@dataclass(frozen=True)
class BuyerEmailCheck(Result):
    email: str
    found: tuple[str, ...]  # forbidden words found, in the parameter's order

    @property
    def acceptable(self) -> bool:
        return not self.found


def check_buyer_email(email: str, *, on: date | None = None) -> BuyerEmailCheck:
    """Whether a buyer account's sign-up e-mail avoids the forbidden words (any case, anywhere in it).

    The address is compared after Unicode NFKC normalisation and case folding, so 'AliExpress' and
    full-width letters count too. The article also advises a mailbox never registered before; that
    cannot be checked here. The address must look like name@domain (one '@', no spaces).
    """
    accepted = "an e-mail address as text, name@domain (one '@', no spaces)"
    if not isinstance(email, str):
        raise PolicyInputError("email", email, accepted, reason=f"a {type(email).__name__}")
    text = email.strip()
    name, at, domain = text.partition("@")
    if not at or not name or not domain or "@" in domain or any(c.isspace() for c in text):
        raise PolicyInputError("email", email, accepted, reason="not an e-mail address")
    why = Explainer(f"{RULE}.check_buyer_email", on=on)
    words = [w.strip() for w in why.param(FORBIDDEN_WORDS).split(",") if w.strip()]
    folded = unicodedata.normalize("NFKC", text).casefold()
    found = tuple(w for w in words if w.casefold() in folded)
    why.step(f"Looked for {', '.join(words)} in '{text}', ignoring case.")
    summary = (f"Not accepted: the address contains {', '.join(found)}." if found
               else "Accepted: the address contains none of the forbidden words.")
    return BuyerEmailCheck(email=text, found=found, explanation=why.done(summary))


@dataclass(frozen=True)
class AlipayBindingCheck(Result):
    accounts: dict[str, tuple[str, ...]]  # Alipay account → buyer accounts bound to it (sorted)
    limit: int

    @property
    def conflicts(self) -> dict[str, tuple[str, ...]]:
        """Alipay accounts bound to more buyer accounts than allowed."""
        return {a: b for a, b in self.accounts.items() if len(b) > self.limit}

    @property
    def ok(self) -> bool:
        return not self.conflicts


def check_alipay_bindings(bindings: Iterable[tuple[str, str]], *, on: date | None = None) -> AlipayBindingCheck:
    """Check (buyer account, Alipay account) pairs against the one-Alipay-account rule.

    The article: the same e-mail or phone may register several buyer accounts, but one Alipay account
    may not be bound to several buyer accounts. Accounts are compared after trimming and case folding.
    (The article does not limit how many Alipay accounts one buyer account holds; neither does this.)
    """
    accepted = "pairs of non-empty text (buyer account, Alipay account)"
    if isinstance(bindings, (str, bytes)) or not isinstance(bindings, Iterable):
        raise PolicyInputError("bindings", bindings, accepted, reason="not a collection of pairs")
    why = Explainer(f"{RULE}.check_alipay_bindings", on=on)
    limit = why.param(ACCOUNTS_PER_ALIPAY)
    accounts: dict[str, set[str]] = {}
    for pair in bindings:
        if (not isinstance(pair, (tuple, list)) or len(pair) != 2
                or not all(isinstance(x, str) and x.strip() for x in pair)):
            raise PolicyInputError("bindings", pair, accepted, reason="not a pair of account names")
        buyer, alipay = (x.strip().casefold() for x in pair)
        accounts.setdefault(alipay, set()).add(buyer)
    result = {a: tuple(sorted(b)) for a, b in sorted(accounts.items())}
    bad = [a for a, b in result.items() if len(b) > limit]
    why.step(f"{len(result)} Alipay account(s) checked; each may be bound to at most {limit} buyer account(s).")
    summary = (f"Not allowed: {', '.join(bad)} bound to several buyer accounts." if bad
               else "Allowed: no Alipay account is bound to more than one buyer account.")
    return AlipayBindingCheck(accounts=result, limit=limit, explanation=why.done(summary))
