"""Customs examples built from the limits in force, and their outcomes in words (notebook 01, quiz)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from handbook import policy
from handbook.examples import either
from handbook.figure_check import history
from handbook.rules.customs import QuotaCheck, RepushTimeline, TaxEstimate
from handbook.text import show

ANNUAL = "pinduoduo_intl.customs.annual_limit"
SINGLE = "pinduoduo_intl.customs.single_limit"

ORDER = Decimal("1500")          # the size of an everyday order in the examples (not a policy figure)
OVER_BY = Decimal("300")         # how far the over-quota examples go over the annual limit
HEADROOM = Decimal("8000")       # quota an ordinary buyer still has before the everyday order
FEN = Decimal("0.01")


def _limits(on: date) -> tuple[Decimal, Decimal]:
    return policy.get(ANNUAL, on), policy.get(SINGLE, on)


def everyday_order(on: date) -> Decimal:
    """An everyday order: ORDER, or the single-transaction limit if that is smaller."""
    return min(ORDER, _limits(on)[1])


def ordinary_spent(on: date) -> Decimal:
    """Spending this year that leaves room for an everyday order (HEADROOM below the annual limit)."""
    return max(Decimal(0), _limits(on)[0] - HEADROOM)


def spent_to_reach_limit(on: date, order: Decimal | None = None) -> Decimal:
    """Spending this year that an order of `order` (default: the everyday order) takes to exactly the limit."""
    return _limits(on)[0] - (everyday_order(on) if order is None else Decimal(order))


def spent_to_go_over(on: date) -> Decimal:
    """Spending this year that the everyday order takes OVER_BY yuan over the annual limit."""
    return spent_to_reach_limit(on) + OVER_BY


def order_over_single(on: date) -> Decimal:
    """An order one fen above the single-transaction limit."""
    return _limits(on)[1] + FEN


def spent_for_both_over(on: date) -> Decimal:
    """Spending that an order one fen above the single limit takes one fen over the annual limit too."""
    annual, single = _limits(on)
    return annual - single


def order_inside_limits(on: date) -> Decimal:
    """An order comfortably inside the single-transaction limit, for the tax examples."""
    return min(Decimal("3280"), (_limits(on)[1] * Decimal("0.8")).quantize(Decimal(1)))


# --- narration ----------------------------------------------------------------------------------------------


def year_words(check: QuotaCheck) -> str:
    """'26,300 yuan for the year is over the annual limit of 26,000 yuan by 300 yuan' (or within it)."""
    if check.within_annual:
        return (f"{show(check.total_after)} yuan for the year is within the annual limit of "
                f"{show(check.annual_limit)} yuan ({show(check.annual_remaining_after)} yuan left)")
    return (f"{show(check.total_after)} yuan for the year is over the annual limit of {show(check.annual_limit)} "
            f"yuan by {show(check.over_annual_by)} yuan")


def single_words(check: QuotaCheck) -> str:
    """'the order itself is within the single-transaction limit' (or over it by so much)."""
    if check.within_single:
        return f"the order itself is within the single-transaction limit of {show(check.single_limit)} yuan"
    return (f"the order itself is over the single-transaction limit of {show(check.single_limit)} yuan by "
            f"{show(check.over_single_by)} yuan")


def quota_reasons(check: QuotaCheck) -> str:
    """Both limits in one sentence, joined by 'and' or 'although' as the outcomes agree or differ."""
    joiner = either(check.within_annual == check.within_single, ", and ", ", although ")
    return year_words(check) + joiner + single_words(check)


def quota_solution(check: QuotaCheck, card=None) -> str:
    """The solution of a quota exercise: outcome, both reasons, and what to do (from the failure card)."""
    head = f"**{check.outcome_words}**: {quota_reasons(check)}."
    if check.clears:
        return head + " Ship the order."
    if check.outcome == "annual_limit_exceeded" and card is not None:
        evidence = "\n".join(f"- {e.what} ({e.where})" for e in card.evidence)
        return (f"{head}\n\nDo not ship. Appeal through {card.menu_path} with reason {card.appeal_reason} and "
                f"choice {card.shipping_choice}, uploading:\n\n{evidence}\n\n{card.evidence_rule}")
    return head + " Do not ship: the order cannot clear as it is."


def both_limits_solution(check: QuotaCheck) -> str:
    """Exercise 3's solution: which outcome the checker names, and why that one."""
    reasons = quota_reasons(check)
    head = f"**{check.outcome_words}** (`{check.outcome}`). {reasons[0].upper()}{reasons[1:]}."
    if not check.within_single and not check.within_annual:
        return (f"{head} Both limits are exceeded, and the checker names the one that decides: "
                f"{check.explanation.summary}")
    return head


def limit_edge_words(at_limit: QuotaCheck, over: QuotaCheck) -> str:
    """What the at-the-limit pair shows, read from the two results."""
    return (f"At exactly the annual limit the order **{either(at_limit.clears, 'clears', 'fails')}** "
            f"({show(at_limit.annual_remaining_after)} yuan of quota left); "
            f"{show(over.order_amount - at_limit.order_amount)} yuan more and it "
            f"**{either(over.clears, 'still clears', 'fails')}**.")


def repush_words(timeline: RepushTimeline) -> str:
    """When the re-push happens and when escalation starts, from the computed timeline."""
    return (f"submitted at {timeline.submitted_at:%Y-%m-%d %H:%M}, the re-push is the night of "
            f"{timeline.repush_night}, and escalation is allowed from {timeline.escalate_after:%Y-%m-%d %H:%M}")


def tax_words(tax: TaxEstimate) -> str:
    return f"{show(tax.tax)} yuan on {show(tax.order_amount)} yuan ({tax.combined_rate_text})"


# --- history ------------------------------------------------------------------------------------------------


def change_pair_words(before: QuotaCheck, after: QuotaCheck) -> str:
    """The same order on two dates (worked example 3): each outcome with the single-transaction limit of its date.
    Both limits are dated statements, so they are marked as history (`figure_check.history`)."""
    return "\n".join(
        f"- On {check.on}: **{check.outcome_words}** (single-transaction limit "
        f"{either(check is before, 'then ', '')}{history(show(check.single_limit) + ' yuan')})."
        for check in (before, after))


def limits_history(on: date) -> str:
    """The two limits as dated in the registry, one line per period up to `on`, each with its document; marked as
    history (`figure_check.history`): it states past values on purpose."""
    starts = sorted({v.start for pid in (SINGLE, ANNUAL) for v in policy.describe(pid).values if v.start <= on})
    lines = []
    for index, start in enumerate(starts):
        single, annual = policy.ref(SINGLE, start), policy.ref(ANNUAL, start)
        documents = list(dict.fromkeys(ref.source.document if ref.source else ref.citation()
                                       for ref in (single, annual)))
        until = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else None
        period = f"from {start}" + (f" to {until}" if until else f" (in force on {on})")
        lines.append(f"- {period[0].upper()}{period[1:]}: single-transaction limit **{single.text}**, annual limit "
                     f"**{annual.text}** ({'; '.join(documents)}).")
    return history("\n".join(lines))


def first_change() -> date:
    """The day the single-transaction limit first changed (the second dated value in the registry)."""
    values = policy.describe(SINGLE).values
    return values[1].start if len(values) > 1 else values[0].start
