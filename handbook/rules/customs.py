"""Cross-border customs clearance (清关) for Pinduoduo International (多多国际) orders.

Sources: `000_d3139da63785aa80.txt` (the three clearance-failure causes, the appeal that avoids
shipping, the re-push of the payment slip) and the public documents 财关税〔2016〕18号 and
财关税〔2018〕49号 (the single and annual limits, the tax inside the limits). Every figure is a
parameter `pinduoduo_intl.customs.*`.

Decisions on points the sources leave open (each one is tested in tests/test_customs_rules.py):

- **Equal to a limit is within it.** The documents say a purchase that *exceeds* (超过) a limit fails;
  an order that brings the year's spending to exactly the annual limit, or an order of exactly the
  single limit, clears. One fen more does not.
- **Both limits exceeded → "annual_limit_exceeded".** When an order is over the single limit *and*
  takes the buyer over the annual quota, the outcome names the annual quota: splitting the order would
  not help, the buyer's year is used up, and it is the cause the seller appeals with (quota_exceeded).
  Both flags (`within_single`, `within_annual`) are still reported.
- **The indivisible-item exception is out of scope.** Under 49号 an order above the single limit that
  holds one indivisible item and stays inside the annual quota may still use the channel, paying full
  tariff, VAT and consumption tax. `check_quota` reports such an order as "single_limit_exceeded" and
  its explanation points to the exception; the handbook does not compute the full-rate tax.
- **Spending already above the annual limit** is accepted (the remaining quota is then negative):
  a lead may be checking a figure the buyer read out; it is refused only above the sanity bound
  `pinduoduo_intl.customs.spending_sanity_bound`, a handbook decision that catches typos.
- **The tax estimate applies inside the limits only**: `estimated_tax` refuses an order above the
  single limit. The VAT rate is recorded from 2019-04-01 only; for an earlier date pass `vat_rate`.
- **Re-push timing.** "The night of submission" is the calendar day of submission in Asia/Shanghai
  (also for a submission after midnight); escalation is allowed from 14:00 the next day inclusive.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from handbook import inputs, policy
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.inputs import FEN, SHANGHAI
from handbook.policy.units import approx_text, format_clock, format_yuan

__all__ = [
    "CAUSES",
    "OUTCOMES",
    "ClearanceAction",
    "Evidence",
    "QuotaCheck",
    "RepushTimeline",
    "TaxEstimate",
    "check_quota",
    "estimated_tax",
    "failure_action",
    "repush_timeline",
    "tax_estimate",
]

P = "pinduoduo_intl.customs."
ANNUAL_LIMIT = P + "annual_limit"
SINGLE_LIMIT = P + "single_limit"
VAT_RATE = P + "vat_rate"
TAX_SHARE = P + "tax_share"
TARIFF_RATE = P + "tariff_rate"
SANITY_BOUND = P + "spending_sanity_bound"
ESCALATION_DAYS = P + "repush_escalation_days"
ESCALATION_TIME = P + "repush_escalation_time"
MENU_PATH = P + "appeal_menu_path"
APPEAL_REASON = P + "appeal_reason"
SHIPPING_CHOICE = P + "appeal_shipping_choice"
ORDER_DETAIL_PATH = P + "order_detail_path"
QUOTA_QUERY = P + "quota_query_name"

OUTCOMES: tuple[str, ...] = ("clears", "single_limit_exceeded", "annual_limit_exceeded")
OUTCOME_WORDS = {
    "clears": "Clears customs",
    "single_limit_exceeded": "Fails customs: single-transaction limit exceeded",
    "annual_limit_exceeded": "Fails customs: annual personal quota exceeded",
}

# cause → (English title, Chinese term as the article states the cause, action)
CAUSES: dict[str, tuple[str, str, str]] = {
    "quota_exceeded": ("The buyer's annual quota is exceeded", "消费者个人购买额度超过年度限值", "appeal"),
    "id_photo_missing": ("The buyer did not upload an ID-card colour photo", "消费者未上传身份证彩照", "appeal"),
    "id_mismatch": ("The buyer's ID information does not match", "身份证信息不一致", "repush"),
}

EVIDENCE_RULE = "No redaction, no red marks (不得打码，不得标红): upload every screenshot exactly as the page shows it."
APPEAL_BUTTON = "【去申诉】"
REPUSH_FORM = "重推支付单问卷"
ESCALATION_CONTACT = "招商 or 运营 (the account manager)"
HUNDRED = Decimal(100)


# --------------------------------------------------------------------------------------- inputs


def _on(value: Any) -> date:
    return policy.today() if value is None else inputs.as_date(value, "on")


def _money(value: Any, field: str, why: Explainer) -> Decimal:
    """An amount in yuan, at most the handbook's sanity bound (cited)."""
    bound = why.param(SANITY_BOUND)
    try:
        return inputs.money(value, field, maximum=bound)
    except (decimal.InvalidOperation, OverflowError):
        # inputs.money cannot quantize numbers beyond Decimal's precision (e.g. '1e30'): far too large anyway
        raise PolicyInputError(field, value, f"{inputs.MONEY_ACCEPTED}, at most {bound:,}",
                               reason="above the plausible maximum") from None


def _rate(value: Any, field: str, *, below_one: bool) -> Decimal:
    """A tax rate as a fraction (0.13 means 13 %), exact."""
    upper = "below 1" if below_one else "at most 1"
    accepted = f"a rate as a fraction from 0 to {upper} (0.13 means 13%): Decimal, int, float or numeric text"
    if isinstance(value, bool) or value is None:
        raise PolicyInputError(field, value, accepted, reason="not a number")
    try:
        if isinstance(value, float):
            rate = Decimal(str(value))
        elif isinstance(value, (int, Decimal)):
            rate = Decimal(value)
        elif isinstance(value, str):
            rate = Decimal(value.strip())
        else:
            raise PolicyInputError(field, value, accepted, reason=f"a {type(value).__name__}")
    except decimal.InvalidOperation:
        raise PolicyInputError(field, value, accepted, reason="not a number") from None
    if not rate.is_finite():
        raise PolicyInputError(field, value, accepted, reason="not a finite number")
    if rate < 0 or rate > 1 or (below_one and rate == 1):
        raise PolicyInputError(field, value, accepted, reason="out of range")
    return rate


def _rewrap(exc: PolicyInputError, field: str, value: Any) -> PolicyInputError:
    """A registry date error (field 'on') restated for the caller's own field."""
    return PolicyInputError(field, value, exc.accepted, reason=exc.reason)


def _pct(fraction: Decimal) -> str:
    return f"{format((fraction * HUNDRED).normalize(), 'f')}%"


def _rate_text(fraction: Decimal) -> str:
    """A rate for display: '9.1%', or '≈25.5556%' when it does not end within 4 decimals of a percent."""
    return approx_text(fraction, "0.000001", _pct)


def _exact_text(amount: Decimal) -> str:
    """An unrounded amount for display: exact when short, else to 6 decimals with '≈'."""
    return approx_text(amount, "0.000001", lambda shown: format(shown.normalize(), ",f"))


# ----------------------------------------------------------------------------------------- quota


@dataclass(frozen=True)
class QuotaCheck(Result):
    """Whether an order fits the buyer's cross-border limits on a date."""

    spent_this_year: Decimal
    order_amount: Decimal
    on: date
    annual_limit: Decimal
    single_limit: Decimal
    total_after: Decimal
    within_annual: bool
    within_single: bool
    annual_remaining_before: Decimal
    annual_remaining_after: Decimal
    outcome: str

    @property
    def clears(self) -> bool:
        return self.outcome == "clears"

    @property
    def outcome_words(self) -> str:
        """The outcome in plain words, e.g. 'Fails customs: annual personal quota exceeded'."""
        return OUTCOME_WORDS[self.outcome]

    @property
    def over_annual_by(self) -> Decimal:
        """How far spending plus this order goes over the annual limit (0 when within)."""
        return max(Decimal("0.00"), -self.annual_remaining_after)

    @property
    def over_single_by(self) -> Decimal:
        """How far the order goes over the single-transaction limit (0 when within)."""
        return max(Decimal("0.00"), self.order_amount - self.single_limit)


def check_quota(spent_this_year: Any, order_amount: Any, *, on: date | str | None = None) -> QuotaCheck:
    """Check an order against the single-transaction limit and the buyer's annual quota.

    `spent_this_year` is what the buyer has already imported through the cross-border channel in the
    calendar year of `on` (from the customs quota query); `order_amount` is this order. The limits are
    those in force on `on` (default: today in Asia/Shanghai); dates before 2016-04-08 are refused.
    Equal to a limit is within it. When both limits are exceeded the outcome is
    "annual_limit_exceeded" (see the module docstring).
    """
    on = _on(on)
    why = Explainer("handbook.rules.customs.check_quota", on=on)
    annual = why.param(ANNUAL_LIMIT)
    single = why.param(SINGLE_LIMIT)
    spent = _money(spent_this_year, "spent_this_year", why)
    amount = _money(order_amount, "order_amount", why)

    total = spent + amount
    remaining_before = annual - spent
    remaining_after = annual - total
    within_annual = total <= annual
    within_single = amount <= single
    y = format_yuan
    why.step(f"Calendar year {on.year}: spent so far {y(spent)} + this order {y(amount)} = {y(total)}.")
    if within_annual:
        why.step(f"{y(total)} is within the annual limit of {y(annual)} (equal counts as within); "
                 f"{y(remaining_after)} of the quota is left after this order.")
    else:
        why.step(f"{y(total)} exceeds the annual limit of {y(annual)} by {y(-remaining_after)}.")
    if within_single:
        why.step(f"This order of {y(amount)} is within the single-transaction limit of {y(single)}.")
    else:
        why.step(f"This order of {y(amount)} exceeds the single-transaction limit of {y(single)} "
                 f"by {y(amount - single)}.")

    if not within_annual:
        outcome = "annual_limit_exceeded"
        if not within_single:
            why.step("Both limits are exceeded: the annual quota decides the outcome, because splitting "
                     "the order would not help.")
        summary = (f"Fails customs: {y(total)} for the year exceeds the annual limit of {y(annual)} "
                   f"by {y(-remaining_after)}. If already ordered: do not ship; appeal (cause quota_exceeded).")
    elif not within_single:
        outcome = "single_limit_exceeded"
        why.step("Exception not modelled: one indivisible item above the single limit may still use the "
                 "channel when the annual quota allows, at full tariff, VAT and consumption tax.")
        summary = (f"Fails customs: this order of {y(amount)} exceeds the single-transaction limit of "
                   f"{y(single)}.")
    else:
        outcome = "clears"
        summary = (f"Clears customs: within the single-transaction limit and the annual quota; "
                   f"{y(remaining_after)} of the quota is left.")
    return QuotaCheck(
        spent_this_year=spent,
        order_amount=amount,
        on=on,
        annual_limit=annual,
        single_limit=single,
        total_after=total,
        within_annual=within_annual,
        within_single=within_single,
        annual_remaining_before=remaining_before,
        annual_remaining_after=remaining_after,
        outcome=outcome,
        explanation=why.done(summary),
    )


# ------------------------------------------------------------------------------------------- tax


@dataclass(frozen=True)
class TaxEstimate(Result):
    """The cross-border tax on an order inside the limits, with its parts."""

    order_amount: Decimal
    on: date
    vat_rate: Decimal
    consumption_tax_rate: Decimal
    tax_share: Decimal
    tariff_rate: Decimal
    combined_rate: Decimal
    tax: Decimal

    @property
    def combined_rate_text(self) -> str:
        """The combined rate as a percentage, e.g. '9.1%' (at most 4 decimals of a percent, for display)."""
        return _rate_text(self.combined_rate)


def tax_estimate(
    order_amount: Any,
    *,
    vat_rate: Any = None,
    consumption_tax_rate: Any = 0,
    on: date | str | None = None,
) -> TaxEstimate:
    """The tax on a cross-border order inside the limits, with an explanation.

    tax = amount × tariff rate + amount × (consumption tax rate + VAT rate) / (1 − consumption tax rate)
    × tax share, rounded to the fen, half up (once, on the total). Rates are fractions (0.13 = 13 %);
    `vat_rate=None` takes the VAT parameter in force on `on` (recorded from 2019-04-01 only).
    An order above the single-transaction limit is refused: the reduced rates do not apply to it.
    """
    on = _on(on)
    why = Explainer("handbook.rules.customs.estimated_tax", on=on)
    single = why.param(SINGLE_LIMIT)
    share = why.param(TAX_SHARE) / HUNDRED
    tariff = why.param(TARIFF_RATE) / HUNDRED
    amount = _money(order_amount, "order_amount", why)
    if amount > single:
        raise PolicyInputError(
            "order_amount", order_amount,
            f"an amount up to the single-transaction limit of {format_yuan(single)} in force on {on}",
            reason="the reduced cross-border tax applies only inside the limits",
        )
    if vat_rate is None:
        try:
            vat = why.param(VAT_RATE) / HUNDRED
        except PolicyInputError as exc:
            raise PolicyInputError(
                "on", on, f"{exc.accepted}, or pass vat_rate explicitly",
                reason="the handbook records the VAT rate from 2019-04-01 only",
            ) from None
    else:
        vat = _rate(vat_rate, "vat_rate", below_one=False)
        why.step(f"VAT rate given by the caller: {_pct(vat)}.")
    consumption = _rate(consumption_tax_rate, "consumption_tax_rate", below_one=True)

    with decimal.localcontext() as ctx:
        ctx.prec = 60
        combined = (consumption + vat) / (1 - consumption) * share
        exact = amount * tariff + amount * (consumption + vat) * share / (1 - consumption)
        tax = exact.quantize(FEN, rounding=ROUND_HALF_UP)
    rate_text = _rate_text(combined)
    why.step(f"Tariff inside the limits: {_pct(tariff)} of {format_yuan(amount)}.")
    why.step(f"Combined VAT + consumption tax rate = ({_pct(consumption)} + {_pct(vat)}) / "
             f"(1 − {_pct(consumption)}) × {_pct(share)} = {rate_text}.")
    why.step(f"{format_yuan(amount)} × {rate_text} = {_exact_text(exact)} yuan, "
             f"rounded half up to the fen: {format_yuan(tax)}.")
    summary = f"Estimated cross-border tax: {format_yuan(tax)} on an order of {format_yuan(amount)}."
    return TaxEstimate(
        order_amount=amount, on=on, vat_rate=vat, consumption_tax_rate=consumption, tax_share=share,
        tariff_rate=tariff, combined_rate=combined, tax=tax, explanation=why.done(summary),
    )


def estimated_tax(
    order_amount: Any,
    *,
    vat_rate: Any = None,
    consumption_tax_rate: Any = 0,
    on: date | str | None = None,
) -> Decimal:
    """The tax on a cross-border order inside the limits, in yuan (see `tax_estimate` for the why)."""
    return tax_estimate(order_amount, vat_rate=vat_rate, consumption_tax_rate=consumption_tax_rate, on=on).tax


# -------------------------------------------------------------------------------------- failures


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
    on = _on(on)
    why = Explainer("handbook.rules.customs.failure_action", on=on)
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


# ---------------------------------------------------------------------------------------- re-push


@dataclass(frozen=True)
class RepushTimeline(Result):
    """When the platform re-pushes the payment slip and when to escalate."""

    submitted_at: datetime
    repush_night: date
    escalate_after: datetime
    contact: str

    def may_escalate(self, at: Any) -> bool:
        """True from `escalate_after` on (inclusive): the re-push has had its time."""
        moment = _moment(at, "at")
        return moment >= self.escalate_after


def _moment(value: Any, field: str) -> datetime:
    try:
        return inputs.as_datetime(value, field)
    except OverflowError:
        raise PolicyInputError(field, value, "a datetime a day or more inside the years 1–9999",
                               reason="too close to the end of the calendar") from None


def repush_timeline(submitted_at: Any) -> RepushTimeline:
    """The re-push timeline for a questionnaire submitted at `submitted_at` (naive = Asia/Shanghai).

    The platform re-pushes the payment slip the night of the submission day; if the order still fails
    customs, escalate from 14:00 (parameter) the next day (parameter), Asia/Shanghai, to 招商 or 运营.
    Source: 000_d3139da63785aa80.txt, section 3.
    """
    moment = _moment(submitted_at, "submitted_at")
    day = moment.date()
    why = Explainer("handbook.rules.customs.repush_timeline", on=day)
    try:
        days = why.param(ESCALATION_DAYS)
        at = why.param(ESCALATION_TIME)
    except PolicyInputError as exc:
        raise _rewrap(exc, "submitted_at", submitted_at) from None
    try:
        escalate_day = day + timedelta(days=days)
    except OverflowError:
        raise PolicyInputError("submitted_at", submitted_at, "a datetime before the last day of year 9999",
                               reason="too close to the end of the calendar") from None
    escalate_after = datetime.combine(escalate_day, at, tzinfo=SHANGHAI)
    stamp = moment.strftime("%Y-%m-%d %H:%M")
    why.step(f"Questionnaire submitted {stamp} (Asia/Shanghai).")
    why.step(f"The platform re-pushes the payment slip the night of {day}.")
    why.step(f"If clearance still fails, contact {ESCALATION_CONTACT} from "
             f"{escalate_after.strftime('%Y-%m-%d %H:%M')} on.")
    summary = (f"Re-push the night of {day}; escalate after {escalate_after.strftime('%Y-%m-%d %H:%M')} "
               f"(Asia/Shanghai) if clearance still fails.")
    return RepushTimeline(
        submitted_at=moment, repush_night=day, escalate_after=escalate_after,
        contact=ESCALATION_CONTACT, explanation=why.done(summary),
    )
