"""Cross-border customs clearance (清关) for Pinduoduo International (多多国际) orders.

Sources: `000_d3139da63785aa80.txt` (the three clearance-failure causes, the appeal that avoids
shipping, the re-push of the payment slip) and the public documents 财关税〔2016〕18号 and
财关税〔2018〕49号 (the single and annual limits, the tax inside the limits). Every figure is a
parameter `pinduoduo_intl.customs.*`.

Decisions on points the sources leave open (equal to a limit, both limits exceeded, the indivisible-item
exception, ...) are written once, in `DECISIONS` (`decisions.py`): the notebook renders them and each has a
test that names it.

Modules: `common` (parameter ids, input and display helpers), `quota`, `tax`, `failures`, `repush`,
`decisions`.
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
