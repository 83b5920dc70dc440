"""Customs parameter ids, words shown with outcomes and causes, and the input and display helpers."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer
from handbook.policy.units import approx_text

ANNUAL_LIMIT = "pinduoduo_intl.customs.annual_limit"
SINGLE_LIMIT = "pinduoduo_intl.customs.single_limit"
VAT_RATE = "pinduoduo_intl.customs.vat_rate"
TAX_SHARE = "pinduoduo_intl.customs.tax_share"
TARIFF_RATE = "pinduoduo_intl.customs.tariff_rate"
SANITY_BOUND = "pinduoduo_intl.customs.spending_sanity_bound"
ESCALATION_DAYS = "pinduoduo_intl.customs.repush_escalation_days"
ESCALATION_TIME = "pinduoduo_intl.customs.repush_escalation_time"
MENU_PATH = "pinduoduo_intl.customs.appeal_menu_path"
APPEAL_REASON = "pinduoduo_intl.customs.appeal_reason"
SHIPPING_CHOICE = "pinduoduo_intl.customs.appeal_shipping_choice"
ORDER_DETAIL_PATH = "pinduoduo_intl.customs.order_detail_path"
QUOTA_QUERY = "pinduoduo_intl.customs.quota_query_name"

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


def _money(value: Any, field: str, why: Explainer) -> Decimal:
    """An amount in yuan, at most the handbook's sanity bound (cited)."""
    bound = why.param(SANITY_BOUND)
    try:
        return inputs.money(value, field, maximum=bound)
    except (decimal.InvalidOperation, OverflowError):
        # inputs.money cannot quantize numbers beyond Decimal's precision (e.g. '1e30'): far too large anyway
        raise PolicyInputError(field, value, f"{inputs.MONEY_ACCEPTED}, at most {bound:,}",
                               reason="above the plausible maximum") from None


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
