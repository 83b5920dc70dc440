"""Customs quota audit of an order export: the outcome of every order under the cross-border limits.

The rule is `handbook.rules.customs.check_quota`, called unchanged once per accepted order (once per
distinct (spent, amount, date) in fact: the answer depends on nothing else), with the limits in force
on the order's date. Decisions:

- **`spent_this_year` is taken as stated on each row** (what the buyer's quota query showed for that
  order). Orders of the same buyer in the file are *not* added up, because the file does not say which
  of them the query already included; the column `buyer_orders_in_file` shows where staff should look.
- A row the rule refuses (e.g. an amount above the rule's sanity bound, a date before the limits were
  recorded) is a reject with the rule's own reason, like a malformed row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from handbook.audit.columns import QUOTA, parse_overrides
from handbook.audit.loading import Loaded, load, read_step
from handbook.audit.statuses import QUOTA_SKIP
from handbook.errors import PolicyInputError
from handbook.explain import Explanation, Result
from handbook.rules.customs import OUTCOMES, check_quota

REPORT_COLUMNS: tuple[str, ...] = (
    "line", "order_id", "buyer_id", "ordered_on", "order_amount", "spent_this_year", "outcome",
    "within_single", "within_annual", "annual_remaining_before", "annual_remaining_after",
    "buyer_orders_in_file",
)


@dataclass(frozen=True)
class QuotaAudit(Result):
    """Every accepted order's customs outcome, the counts per outcome and the rejects."""

    source: str
    encoding: str
    rows_read: int
    accepted: int
    rejected: int
    empty_lines: tuple[int, ...]
    outcomes: dict[str, int] = field(compare=False)
    failing_amount: Decimal = Decimal("0.00")   # sum of the amounts of orders that fail customs
    report: pd.DataFrame = field(compare=False, repr=False, default_factory=pd.DataFrame)
    rejects: pd.DataFrame = field(compare=False, repr=False, default_factory=pd.DataFrame)
    skipped: dict[str, int] = field(compare=False, default_factory=dict)  # reason → rows (rule does not apply)
    header_line: int = 1
    read_as: str = ""


def _yuan(fen: int) -> Decimal:
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))


def audit_loaded(loaded: Loaded) -> QuotaAudit:
    o = loaded.orders
    days = o["ordered_on"].to_numpy().astype("datetime64[D]")
    keys = pd.DataFrame({"spent": o["spent_this_year_fen"], "amount": o["order_amount_fen"],
                         "day": days.astype(np.int64)})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    results, errors = [], {}
    for i, (spent, amount, day) in enumerate(uniques):
        on = date.fromordinal(date(1970, 1, 1).toordinal() + int(day))
        try:
            results.append(check_quota(_yuan(spent), _yuan(amount), on=on))
        except PolicyInputError as exc:
            results.append(None)
            errors[i] = exc
    ok = np.array([r is not None for r in results], dtype=bool)[codes] if len(codes) else np.zeros(0, bool)

    rule_rejects = pd.DataFrame({
        "line": o["line"].to_numpy()[~ok],
        "field": [errors[c].field for c in codes[~ok]],
        "value": [str(errors[c].value) for c in codes[~ok]],
        "reason": [f"{errors[c].reason or 'not accepted'} (accepted: {errors[c].accepted})" for c in codes[~ok]],
    })
    rejects = pd.concat([loaded.rejects, rule_rejects], ignore_index=True) if len(rule_rejects) else loaded.rejects
    rejects = rejects.sort_values("line", kind="stable").reset_index(drop=True)

    good = o[ok]
    picked = [results[c] for c in codes[ok]]
    buyers = good["buyer_id"].astype(object)
    report = pd.DataFrame({
        "line": good["line"].to_numpy(),
        "order_id": good["order_id"].to_numpy(dtype=object),
        "buyer_id": buyers.to_numpy(),
        "ordered_on": good["ordered_on"].to_numpy(),
        "order_amount": [r.order_amount for r in picked],
        "spent_this_year": [r.spent_this_year for r in picked],
        "outcome": [r.outcome for r in picked],
        "within_single": np.array([r.within_single for r in picked], dtype=bool),
        "within_annual": np.array([r.within_annual for r in picked], dtype=bool),
        "annual_remaining_before": [r.annual_remaining_before for r in picked],
        "annual_remaining_after": [r.annual_remaining_after for r in picked],
        "buyer_orders_in_file": buyers.map(buyers.value_counts()).to_numpy(dtype=np.int64),
    }, columns=list(REPORT_COLUMNS))
    counts = {name: int((report["outcome"] == name).sum()) for name in OUTCOMES}
    failing = sum((a for a, c in zip(report["order_amount"], report["outcome"]) if c != "clears"), Decimal("0.00"))

    steps = (read_step(loaded).replace(f"{loaded.accepted:,} accepted, {loaded.rejected:,} rejected",
                                       f"{len(report):,} checked, {rejects['line'].nunique():,} rejected"),
             "Each order was checked with check_quota against the limits in force on its own date.")
    # the parameter values the orders were checked against (one entry per distinct value in force)
    cited = {(p.id, p.effective_from): p for r in results if r is not None for p in r.explanation.parameters}
    words = ", ".join(f"{n:,} {name}" for name, n in counts.items())
    return QuotaAudit(
        source=str(loaded.source.path), encoding=loaded.source.encoding or "", rows_read=loaded.rows_read,
        accepted=len(report), rejected=int(rejects["line"].nunique()), empty_lines=tuple(loaded.empty_lines),
        outcomes=counts, failing_amount=failing, report=report, rejects=rejects, skipped=loaded.skipped_counts,
        header_line=loaded.source.header_line, read_as=loaded.source.describe(),
        explanation=Explanation("handbook.audit.quota", f"Customs quota audit: {words}.", steps,
                                tuple(cited.values())),
    )


def audit_quota(path: str | Path, *, encoding: str | None = None, columns=None, sheet: str | None = None,
                progress: bool | None = None) -> QuotaAudit:
    """Audit an export of cross-border orders against the customs limits (see the module docstring)."""
    loaded = load(path, QUOTA, overrides=parse_overrides(columns, QUOTA), encoding=encoding, sheet=sheet,
                  progress=progress, skip=QUOTA_SKIP)
    return audit_loaded(loaded)
