"""Customs: the handbook's decisions where 财关税〔2016〕18号, 〔2018〕49号 and the article are silent.

Rendered in notebook 01 (section 6, and beside the section each one concerns); tested under
`@pytest.mark.decision("customs.<name>")` in tests/test_customs_rules.py.
"""

from __future__ import annotations

from handbook.rules.decisions import Decision, Decisions

DECISIONS = Decisions(
    "customs",
    Decision(
        "equal_is_within",
        "Equal to a limit is within it.",
        "The documents fail a purchase that *exceeds* (超过) a limit. An order that brings the year's spending to "
        "exactly the annual limit, or an order of exactly the single-transaction limit, clears; one fen more "
        "does not.",
    ),
    Decision(
        "both_limits",
        "When both limits are exceeded, the outcome is `annual_limit_exceeded`.",
        "Splitting the order would not help, the buyer's year is used up, and the annual quota is the cause "
        "you appeal with (quota_exceeded). Both flags (`within_single`, `within_annual`) are still reported.",
    ),
    Decision(
        "indivisible_item",
        "The indivisible-item exception is out of scope.",
        "Under 财关税〔2018〕49号 an order above {{ pinduoduo_intl.customs.single_limit }} that holds one "
        "indivisible item and stays within the annual limit may still use the channel, but then pays full "
        "tariff, VAT and consumption tax and still counts toward the annual limit. The checker reports such an "
        "order as over the single-transaction limit and its explanation points to the exception; check the "
        "item with your account manager.",
    ),
    Decision(
        "spending_above_limit",
        "Spending already above the annual limit is accepted",
        "(the quota left is then negative): a lead may be checking a figure the buyer read out. Amounts above "
        "{{ pinduoduo_intl.customs.spending_sanity_bound }} are refused as typing errors — a handbook bound, "
        "not a customs figure.",
    ),
    Decision(
        "tax_inside_limits",
        "The tax estimate applies inside the limits only,",
        "and the VAT rate is recorded from {{ pinduoduo_intl.customs.vat_rate | from }}: for an earlier date, "
        "pass `vat_rate`.",
    ),
    Decision(
        "night_of_submission",
        "\"The night of submission\"",
        "is the calendar day of submission in Asia/Shanghai, even just after midnight; escalation is allowed "
        "from {{ pinduoduo_intl.customs.repush_escalation_time }} exactly, "
        "{{ pinduoduo_intl.customs.repush_escalation_days }} later.",
    ),
    Decision(
        "returns",
        "Returns.",
        "Goods returned within {{ pinduoduo_intl.customs.return_refund_window }} of release get the tax back and "
        "restore the quota ({{ pinduoduo_intl.customs.return_refund_window | source }}); the checker takes the "
        "buyer's spending as the customs quota query shows it.",
    ),
)
