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
  make-up working days, 调休): the State Council's schedule, from the calendar library or from a schedule
  file added when the notice is published.
- **A year without a published schedule** (every January until the schedule is added): the answer is
  provisional, never a refusal. `deadline` is the likely day (weekends and the statutory holidays off, no
  make-up working days assumed); `send_by` is the n-th day after the notice that is not a statutory holiday,
  which no published schedule can make late (every weekend day is treated as a possible make-up working
  day). `explain()`, the calculator and the strip say "provisional" and why. Once the schedule is added the
  same call is final. `today` in such a year never raises: lateness against a known deadline is certain, only
  the count of working days is then "about".
- **days_left** counts working days after `today` up to and including the deadline: it equals n on the
  notice day, 1 on the last working day before the deadline, 0 on the deadline day. A non-working day
  has the value of the working day before it. Once the deadline has passed it is minus the number of
  working days since the deadline, and at least −1: a weekend right after the deadline is already late.
- **Evidence order.** The article lists seven kinds of evidence without ranking them. For each reason
  the handbook orders them by how directly they answer the buyer's claim, with a one-line why
  (`EVIDENCE_ORDER`). This is a checklist, not a prediction: no win probabilities.
- **Refund and replacement proof** exist only if you refunded or replaced; the review lists them as
  "include if it applies", never as a gap.

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
