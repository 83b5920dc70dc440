"""Chargeback audit of a notice list: every notice's appeal deadline, working days left, the evidence missing.

The rules are `handbook.rules.chargeback.deadline_check` and `evidence_file`, called unchanged once per
distinct notice day and per distinct (reason, evidence held). This module reads, validates and reports.
Decisions (stated in the CLI help and the notebook):

- **As of** the handbook's date (`handbook.policy.today()`: ``HANDBOOK_TODAY``, else today in
  Asia/Shanghai), or `as_of` / ``--as-of``. Days left are working days after that day up to the deadline
  (0 = due that day); negative = overdue.
- **Urgency**: most urgent first — overdue notices on top (they need a different action: ask the
  platform whether it still accepts the file), then by working days left, then the larger amount.
- **Evidence held** is a list of names in one cell (keys of `handbook.rules.chargeback.EVIDENCE`, their
  English short names, or the Chinese words of `EVIDENCE_WORDS`), separated by ``;``, ``,``, ``、`` or
  ``/``. An unknown name is a reject (never silently ignored); a blank cell means "nothing yet".
- A notice the rule refuses (a notice after the as-of day) is a reject with the rule's own reason. In a
  year whose working-day schedule is not known yet the rule answers provisionally: the report's
  ``provisional`` column says so, ``deadline`` is the likely day and ``send_by`` the day that cannot be
  late whatever the schedule (equal to ``deadline`` when final).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from handbook import policy
from handbook.audit.columns import CHARGEBACKS, parse_overrides
from handbook.audit.loading import Loaded, load, read_step, with_headers
from handbook.errors import PolicyInputError
from handbook.explain import Explanation, Result
from handbook.rules.chargeback import EVIDENCE, REASONS, deadline_check, evidence_file

REPORT_COLUMNS: tuple[str, ...] = (
    "line", "order_id", "notified_on", "reason", "amount", "deadline", "working_days_left", "overdue", "urgency",
    "provisional", "send_by", "evidence_missing", "evidence_if_applicable",
)

#: Chinese words for each kind of evidence (first match wins), besides its key and English short name.
EVIDENCE_WORDS: dict[str, tuple[str, ...]] = {
    "delivery_proof": ("妥投", "签收", "物流", "跟踪号", "送货证明"),
    "item_description": ("描述", "说明", "商品详情"),
    "refund_proof": ("退款",),
    "replacement_proof": ("更换", "换货", "补发"),
    "buyer_correspondence": ("沟通", "聊天", "通信", "站内信", "反馈"),
    "buyer_agreement": ("协议",),
    "return_policy": ("退货规则", "退货政策"),
}
_SPLIT = re.compile(r"[;,，；、/|\n]+")


def evidence_names(text: str) -> tuple[frozenset[str], list[str]]:
    """The evidence names in one cell, and the parts that name no evidence."""
    found, unknown = set(), []
    for part in (p.strip() for p in _SPLIT.split(text or "")):
        if not part:
            continue
        key = part.lower().replace(" ", "_").replace("-", "_")
        if key in EVIDENCE:
            found.add(key)
            continue
        match = next((name for name, kind in EVIDENCE.items() if part.lower() == kind.short.lower()), None)
        match = match or next((name for name, words in EVIDENCE_WORDS.items() if any(w in part for w in words)), None)
        if match:
            found.add(match)
        else:
            unknown.append(part)
    return frozenset(found), unknown


@dataclass(frozen=True)
class ChargebackAudit(Result):
    """Every notice's deadline and missing evidence, most urgent first, and the rejects."""

    source: str
    encoding: str
    as_of: date
    rows_read: int
    accepted: int
    rejected: int
    empty_lines: tuple[int, ...]
    overdue: int
    due_today: int
    amount_at_stake: Decimal          # sum of the amounts of notices not overdue
    incomplete: int                   # notices with evidence still missing
    provisional: int                  # answers the rule marked provisional
    report: pd.DataFrame = field(compare=False, repr=False, default_factory=pd.DataFrame)
    rejects: pd.DataFrame = field(compare=False, repr=False, default_factory=pd.DataFrame)
    skipped: dict[str, int] = field(compare=False, default_factory=dict)
    header_line: int = 1
    read_as: str = ""


def _yuan(fen: int) -> Decimal:
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))


def urgency(left: int, overdue: bool, *, provisional: bool = False, approx: bool = False,
            send_by: date | None = None, today: date | None = None) -> str:
    """The report's urgency cell. A provisional deadline says so and puts the send-by date first: once it has
    passed, send today (the rule's own advice, `deadline_check(...).explain().summary`)."""
    about = "about " if approx else ""
    if overdue:
        text = f"overdue by {about}{-left} working day(s)"
        return f"probably {text}" if provisional else text
    if provisional and send_by is not None and today is not None:
        if today > send_by:
            return f"send today: the safe send-by date {send_by.isoformat()} has passed (likely deadline: {about}{left} working day(s) left)"
        return f"send by {send_by.isoformat()} (likely deadline: {about}{left} working day(s) left)"
    if left == 0:
        return "due today"
    return f"{about}{left} working day(s) left"


def audit_loaded(loaded: Loaded, *, as_of: date | None = None) -> ChargebackAudit:
    today = policy.today() if as_of is None else as_of
    o = loaded.orders

    @cache
    def deadline_of(day: date):
        return deadline_check(day, today)

    @cache
    def review_of(reason: str, held: frozenset[str]):
        return evidence_file(reason, held, on=today)

    rows, rule_rejects, cited = [], [], {}
    evidence = o["evidence"] if "evidence" in o.columns else pd.Series([""] * len(o), index=o.index)
    for line, order, notified, reason, fen, held_text in zip(
            o["line"], o["order_id"], o["notified_on"], o["reason"], o["amount_fen"], evidence):
        day = pd.Timestamp(notified).date()
        held, unknown = evidence_names(held_text or "")
        if unknown:
            rule_rejects.append((line, "evidence", held_text, "unknown evidence: " + ", ".join(unknown)
                                 + " (accepted: " + ", ".join(EVIDENCE) + ", or their Chinese words)"))
            continue
        try:
            check = deadline_of(day)
        except PolicyInputError as exc:
            reason_text = exc.reason or "not accepted"
            rule_rejects.append((line, "notified_on", day.isoformat(), f"{reason_text} (accepted: {exc.accepted})"))
            continue
        review = review_of(str(reason), held)
        for p in (*check.explanation.parameters, *review.explanation.parameters):
            cited[(p.id, p.effective_from)] = p
        rows.append((line, order, day, REASONS[reason].label, _yuan(fen), check.deadline, check.days_left,
                     check.late, urgency(check.days_left, check.late, provisional=check.provisional,
                                         approx=check.days_left_provisional, send_by=check.send_by, today=today),
                     check.provisional, check.send_by,
                     "; ".join(EVIDENCE[n].short for n in review.missing),
                     "; ".join(EVIDENCE[n].short for n in review.if_applicable)))
    report = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    if len(report):
        order = np.lexsort((-report["amount"].astype(float).to_numpy(), report["working_days_left"].to_numpy(),
                            ~report["overdue"].to_numpy(dtype=bool)))
        report = report.iloc[order].reset_index(drop=True)
    extra = pd.DataFrame(rule_rejects, columns=["line", "field", "value", "reason"])
    rejects = pd.concat([loaded.rejects, extra], ignore_index=True) if len(extra) else loaded.rejects
    rejects = with_headers(rejects.sort_values("line", kind="stable").reset_index(drop=True), loaded.source)

    overdue = int(report["overdue"].sum()) if len(report) else 0
    due_today = int(((report["working_days_left"] == 0) & ~report["overdue"]).sum()) if len(report) else 0
    stake = sum((a for a, late in zip(report["amount"], report["overdue"]) if not late), Decimal("0.00"))
    incomplete = int((report["evidence_missing"] != "").sum()) if len(report) else 0
    provisional = int(report["provisional"].sum()) if len(report) else 0
    summary = (f"Chargeback notices as of {today}: {len(report):,} checked, {overdue:,} overdue, {due_today:,} due "
               f"today; {incomplete:,} still missing evidence.")
    steps = (read_step(loaded).replace(f"{loaded.accepted:,} accepted, {loaded.rejected:,} rejected",
                                       f"{len(report):,} checked, {rejects['line'].nunique():,} rejected"),
             "Each notice's deadline with deadline_check (working days after the notice day), evidence with "
             "evidence_file; most urgent first.")
    return ChargebackAudit(
        source=str(loaded.source.path), encoding=loaded.source.encoding or "", as_of=today,
        rows_read=loaded.rows_read, accepted=len(report), rejected=int(rejects["line"].nunique()),
        empty_lines=tuple(loaded.empty_lines), overdue=overdue, due_today=due_today, amount_at_stake=stake,
        incomplete=incomplete, provisional=provisional, report=report, rejects=rejects,
        skipped=loaded.skipped_counts, header_line=loaded.source.header_line, read_as=loaded.source.describe(),
        explanation=Explanation("handbook.audit.chargebacks", summary, steps, tuple(cited.values())),
    )


def audit_chargebacks(path: str | Path, *, as_of: date | None = None, encoding: str | None = None, columns=None,
                      sheet: str | None = None, progress: bool | None = None) -> ChargebackAudit:
    """Audit a chargeback notice list (see the module docstring)."""
    loaded = load(path, CHARGEBACKS, overrides=parse_overrides(columns, CHARGEBACKS), encoding=encoding,
                  sheet=sheet, progress=progress)
    return audit_loaded(loaded, as_of=as_of)
