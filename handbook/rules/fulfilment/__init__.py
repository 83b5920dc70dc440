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

Decisions where the article is open (the after-sales period's last day, day 0 of the unfreeze count, an
unknown date while something else blocks, no finished trade, the 安心购 exit count) are written once, in
`DECISIONS` (`decisions.py`): notebook 03 renders them, each has a test naming it.

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
    CONDITIONS,
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
    "CONDITIONS",
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
