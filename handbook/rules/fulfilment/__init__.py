"""1688 trade fulfilment (交易履约): deposit refund, leaving 现货安心购, penalty appeals, procedures.

Source: the 1688 fulfilment Q&A `002_9b67b9692fdcc49b.txt` (article dated 2024-01-27). Figures are
parameters `alibaba_1688.fulfilment.*` (handbook/policy/parameters/fulfilment.yaml).

Rules
- `deposit_refund(...)` — can the buyer-protection deposit (保证金) be refunded, what blocks it,
  and on which day it unfreezes.
- `anxingou_exit(...)` / `anxingou_exit_effective_on(...)` — when leaving 现货安心购 takes effect.
- `penalty_appeal_check(situation)` — is this a valid ground to appeal a fulfilment penalty?
- `after_sales_agreement(agreed)` — the checklist to settle with the buyer before a return.
- `procedure(key, on=...)` — the back-office procedures as step lists with the on-screen labels.

Decisions where the article is open (tested in tests/test_fulfilment.py, stated in the notebook):
- After-sales period: a trade that succeeded or closed on day D is inside its after-sales period
  (售后受理期) through D + period, and outside it from the next day.
- "The deposit unfreezes on the 3rd day" (第3天解冻): the day all conditions first hold is day 0;
  the deposit unfreezes on day 0 + the parameter. It is then transferred out (转出) by hand.
- `conditions_met_on` is the earliest day the *date-based* condition (no trade inside its
  after-sales period) holds, provided the other conditions already hold today. While a non-date
  blocker remains (protection still on, an unfinished trade, an open complaint) it is `None`: the
  day those clear is unknown, and a trade that finishes later starts an after-sales period of its own.
  The rule does not know since when the non-date conditions have held; when the protection was
  closed (or the last complaint settled) after the after-sales period ended, day 0 is that later day.
- `last_trade_finished_on=None` means no trade placed while protection was on has finished (with no
  unfinished trades: there were none). There is then no date to count from, so day 0 is taken as
  `today` — the latest it can be, since the conditions hold today.
- 安心购 exit: a trade completed on day D makes the exit effective on D + the parameter. A trade
  that completed before the exit was requested was not in transit: that input is refused.

Modules: `common` (parameter ids), `deposit`, `anxingou`, `appeal`, `agreement`, `procedures` (the sections).
"""

from __future__ import annotations

from handbook.errors import PolicyInputError as PolicyInputError  # the error every rule here raises
from handbook.rules.fulfilment.agreement import (
    AFTER_SALES_AGREEMENT_ITEMS,
    AgreementChecklist,
    ChecklistItem,
    after_sales_agreement,
)
from handbook.rules.fulfilment.anxingou import (
    AnxingouExit,
    anxingou_exit,
    anxingou_exit_effective_on,
)
from handbook.rules.fulfilment.appeal import (
    APPEAL_GROUNDS,
    AppealCheck,
    AppealGround,
    penalty_appeal_check,
)
from handbook.rules.fulfilment.common import (
    AFTER_SALES_PERIOD as AFTER_SALES_PERIOD,
)
from handbook.rules.fulfilment.common import (
    ANXINGOU_EXIT_DELAY as ANXINGOU_EXIT_DELAY,
)
from handbook.rules.fulfilment.common import (
    UNCLOSABLE_SUBSERVICES as UNCLOSABLE_SUBSERVICES,
)
from handbook.rules.fulfilment.common import (
    UNFREEZE_DAY as UNFREEZE_DAY,
)
from handbook.rules.fulfilment.deposit import (
    BLOCKER_CODES,
    STAGES,
    Blocker,
    DepositRefund,
    deposit_refund,
    unclosable_subservices,
)
from handbook.rules.fulfilment.procedures import (
    Procedure,
    Step,
    procedure,
    procedure_keys,
)

__all__ = [
    "AFTER_SALES_AGREEMENT_ITEMS",
    "APPEAL_GROUNDS",
    "BLOCKER_CODES",
    "STAGES",
    "AgreementChecklist",
    "AnxingouExit",
    "AppealCheck",
    "AppealGround",
    "Blocker",
    "ChecklistItem",
    "DepositRefund",
    "Procedure",
    "Step",
    "after_sales_agreement",
    "anxingou_exit",
    "anxingou_exit_effective_on",
    "deposit_refund",
    "penalty_appeal_check",
    "procedure",
    "procedure_keys",
    "unclosable_subservices",
]
