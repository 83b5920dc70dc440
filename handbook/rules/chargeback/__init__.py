"""AliExpress (速卖通) chargebacks (拒付): the appeal deadline and the evidence file.

Source: 001_bedd9ed3bb03a3f3.txt. When a buyer's bank notifies a chargeback, the platform freezes the
order's funds and notifies the seller; the seller may appeal with an evidence file, one file per order,
within a number of working days (`aliexpress.chargeback.response_working_days`). The article's second
half (buyer account sign-up) gives two rules checked here too: the sign-up e-mail must not contain
certain words, and one Alipay account may not be bound to several buyer accounts.

Decisions where the article is silent (day 0, a notice on a non-working day, which working days, a year
without a published schedule, days left, the evidence order, proof that exists only if applicable) are
written once, in `DECISIONS` (`decisions.py`): notebook 02 renders them, each has a test naming it.

Modules: `places`, `deadline`, `evidence`, `accounts` (the sections of the source, in its order).
"""

from __future__ import annotations

from handbook.errors import PolicyInputError as PolicyInputError  # the error every rule here raises
from handbook.rules.chargeback.accounts import (
    ACCOUNTS_PER_ALIPAY as ACCOUNTS_PER_ALIPAY,
)
from handbook.rules.chargeback.accounts import (
    FORBIDDEN_WORDS as FORBIDDEN_WORDS,
)
from handbook.rules.chargeback.accounts import (
    AlipayBindingCheck,
    BuyerEmailCheck,
    check_alipay_bindings,
    check_buyer_email,
)
from handbook.rules.chargeback.deadline import (
    STRIP_DAYS as STRIP_DAYS,
)
from handbook.rules.chargeback.deadline import (
    WORKING_DAYS as WORKING_DAYS,
)
from handbook.rules.chargeback.deadline import (
    DeadlineCheck,
    StripDay,
    days_left,
    deadline_check,
    response_deadline,
)
from handbook.rules.chargeback.evidence import (
    EVIDENCE,
    EVIDENCE_ORDER,
    REASONS,
    EvidenceItem,
    EvidenceKind,
    EvidenceReview,
    Reason,
    evidence_file,
)
from handbook.rules.chargeback.evidence import (
    FILES_PER_ORDER as FILES_PER_ORDER,
)
from handbook.rules.chargeback.places import (
    PLACES,
    Place,
)

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
