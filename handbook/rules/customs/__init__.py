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

Modules: `common` (parameter ids, input and display helpers), `quota`, `tax`, `failures`, `repush`.
"""

from __future__ import annotations

from handbook.errors import PolicyInputError as PolicyInputError  # the error every rule here raises
from handbook.rules.customs.common import (
    ANNUAL_LIMIT as ANNUAL_LIMIT,
)
from handbook.rules.customs.common import (
    APPEAL_BUTTON as APPEAL_BUTTON,
)
from handbook.rules.customs.common import (
    APPEAL_REASON as APPEAL_REASON,
)
from handbook.rules.customs.common import (
    CAUSES,
    OUTCOMES,
)
from handbook.rules.customs.common import (
    ESCALATION_CONTACT as ESCALATION_CONTACT,
)
from handbook.rules.customs.common import (
    ESCALATION_DAYS as ESCALATION_DAYS,
)
from handbook.rules.customs.common import (
    ESCALATION_TIME as ESCALATION_TIME,
)
from handbook.rules.customs.common import (
    EVIDENCE_RULE as EVIDENCE_RULE,
)
from handbook.rules.customs.common import (
    HUNDRED as HUNDRED,
)
from handbook.rules.customs.common import (
    MENU_PATH as MENU_PATH,
)
from handbook.rules.customs.common import (
    ORDER_DETAIL_PATH as ORDER_DETAIL_PATH,
)
from handbook.rules.customs.common import (
    OUTCOME_WORDS as OUTCOME_WORDS,
)
from handbook.rules.customs.common import (
    QUOTA_QUERY as QUOTA_QUERY,
)
from handbook.rules.customs.common import (
    REPUSH_FORM as REPUSH_FORM,
)
from handbook.rules.customs.common import (
    SANITY_BOUND as SANITY_BOUND,
)
from handbook.rules.customs.common import (
    SHIPPING_CHOICE as SHIPPING_CHOICE,
)
from handbook.rules.customs.common import (
    SINGLE_LIMIT as SINGLE_LIMIT,
)
from handbook.rules.customs.common import (
    TARIFF_RATE as TARIFF_RATE,
)
from handbook.rules.customs.common import (
    TAX_SHARE as TAX_SHARE,
)
from handbook.rules.customs.common import (
    VAT_RATE as VAT_RATE,
)
from handbook.rules.customs.common import (
    P as P,
)
from handbook.rules.customs.failures import (
    ClearanceAction,
    Evidence,
    failure_action,
)
from handbook.rules.customs.quota import (
    QuotaCheck,
    check_quota,
)
from handbook.rules.customs.repush import (
    RepushTimeline,
    repush_timeline,
)
from handbook.rules.customs.tax import (
    TaxEstimate,
    estimated_tax,
    tax_estimate,
)

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
