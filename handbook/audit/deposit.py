"""1688 deposit audit: the orders placed while buyer protection was on → what holds the deposit, and until when.

The rule is `handbook.rules.fulfilment.deposit_refund`, called unchanged: once for the deposit (with the
counts and the last finish date taken from the whole file) and once per order as if it were the only
one, which gives the order's own blocker and the earliest unfreeze date it allows. The order that
decides the deposit's date is the one whose own date is the latest (the last trade to finish); while
any order is unfinished or has an open complaint, those orders decide and no date can be known yet.

Decisions (stated in the CLI help and the notebook):

- **Finished** means the status says 交易成功 (succeeded) or 交易关闭 / 已关闭 / 已取消 (closed); any other
  status is an unfinished trade. A finished trade needs its finish date (交易完成时间 or 关闭时间): a
  blank one is a reject, since the after-sales period counts from it.
- **Open complaint**: the optional column; blank means no open complaint.
- **Buyer protection** itself is not in the order export: `protection_closed` (``--protection closed``,
  the default) says whether every sub-service has been closed. The summary states which was assumed.
- **As of** the handbook's date (`handbook.policy.today()`), or `as_of` / ``--as-of``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from handbook import policy
from handbook.audit.columns import DEPOSIT, parse_overrides
from handbook.audit.loading import Loaded, load, read_step, with_headers
from handbook.errors import PolicyInputError
from handbook.explain import Explanation, Result
from handbook.rules.fulfilment import DepositRefund, deposit_refund

REPORT_COLUMNS: tuple[str, ...] = (
    "line", "order_id", "status", "finished", "finished_on", "open_complaint", "blocker", "allows_unfreeze_on",
    "decides",
)
FINISHED_WORDS = ("交易成功", "交易关闭", "已关闭", "已取消", "交易完成", "已完成", "completed", "closed", "finished")
BLOCKER_WORDS = {
    "unfinished_trades": "unfinished trade",
    "open_complaints": "open complaint",
    "after_sales_period": "in its after-sales period",
}


def finished(status: str) -> bool:
    low = status.lower()
    return any(word in low for word in FINISHED_WORDS)


@dataclass(frozen=True)
class DepositAudit(Result):
    """The deposit's answer over the whole file, each order's part in it, and the rejects."""

    source: str
    encoding: str
    as_of: date
    protection_closed: bool
    rows_read: int
    accepted: int
    rejected: int
    empty_lines: tuple[int, ...]
    deposit: DepositRefund | None               # None when no order could be read
    deciding_orders: tuple[str, ...]            # the order(s) that decide the date (or block it)
    report: pd.DataFrame = field(compare=False, repr=False, default_factory=pd.DataFrame)
    rejects: pd.DataFrame = field(compare=False, repr=False, default_factory=pd.DataFrame)
    skipped: dict[str, int] = field(compare=False, default_factory=dict)
    header_line: int = 1
    read_as: str = ""

    @property
    def unfreezes_on(self) -> date | None:
        return None if self.deposit is None else self.deposit.unfreezes_on


def audit_loaded(loaded: Loaded, *, as_of: date | None = None, protection_closed: bool = True) -> DepositAudit:
    today = policy.today() if as_of is None else as_of
    o = loaded.orders
    statuses = o["status"].astype(object)
    done = statuses.map(finished).to_numpy(dtype=bool)
    finish = (o["finished_on"] if "finished_on" in o.columns
              else pd.Series(pd.NaT, index=o.index, dtype="datetime64[s]"))
    complaints = (o["complaint_open"].to_numpy(dtype=bool) if "complaint_open" in o.columns
                  else [False] * len(o))

    rows, rule_rejects = [], []
    for line, order, status, is_done, when, complaint in zip(o["line"], o["order_id"], statuses, done, finish,
                                                             complaints):
        day = None if pd.isna(when) else pd.Timestamp(when).date()
        if is_done and day is None:
            rule_rejects.append((line, "finished_on", "", "a finished trade needs the date it succeeded or closed "
                                 "(its after-sales period counts from it)"))
            continue
        try:
            alone = deposit_refund(protection_closed=True, unfinished_trades=0 if is_done else 1,
                                   open_complaints=int(bool(complaint)),
                                   last_trade_finished_on=day if is_done else None, today=today)
        except PolicyInputError as exc:
            rule_rejects.append((line, "finished_on", "" if day is None else day.isoformat(),
                                 f"{exc.reason or 'not accepted'} (accepted: {exc.accepted})"))
            continue
        blockers = [BLOCKER_WORDS[c] for c in alone.blocker_codes if c in BLOCKER_WORDS]
        rows.append((line, order, status, bool(is_done), day if is_done else None, bool(complaint),
                     "; ".join(blockers) or "none", alone.unfreezes_on, False))
    report = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    extra = pd.DataFrame(rule_rejects, columns=["line", "field", "value", "reason"])
    rejects = pd.concat([loaded.rejects, extra], ignore_index=True) if len(extra) else loaded.rejects
    rejects = with_headers(rejects.sort_values("line", kind="stable").reset_index(drop=True), loaded.source)

    deposit, deciding = None, ()
    if len(report):
        finished_days = [d for d in report["finished_on"] if d is not None]
        deposit = deposit_refund(
            protection_closed=protection_closed,
            unfinished_trades=int((~report["finished"]).sum()),
            open_complaints=int(report["open_complaint"].sum()),
            last_trade_finished_on=max(finished_days) if finished_days else None, today=today)
        blocking = report["finished"].eq(False) | report["open_complaint"]
        if blocking.any():
            decides = blocking
        else:
            latest = report["allows_unfreeze_on"].max()
            decides = report["allows_unfreeze_on"] == latest
        report["decides"] = decides.to_numpy(dtype=bool)
        deciding = tuple(str(x) for x in report.loc[report["decides"], "order_id"])
        # the deciding orders first, then by the date each allows (latest first), then by line
        report = report.assign(_key=report["allows_unfreeze_on"].map(lambda d: -d.toordinal() if d else -10**9))
        report = report.sort_values(["decides", "_key", "line"], ascending=[False, True, True],
                                    kind="stable").drop(columns="_key").reset_index(drop=True)

    assumed = "closed" if protection_closed else "still on"
    if deposit is None:
        summary = "No order could be read: nothing to decide."
    elif deposit.unfreezes_on is not None:
        summary = (f"As of {today} (buyer protection {assumed}): the deposit unfreezes on {deposit.unfreezes_on} "
                   f"at the earliest; decided by order {', '.join(deciding[:3])}.")
    else:
        summary = (f"As of {today} (buyer protection {assumed}): no unfreeze date yet; "
                   f"{len(deciding):,} order(s) hold the deposit.")
    steps = [read_step(loaded).replace(f"{loaded.accepted:,} accepted, {loaded.rejected:,} rejected",
                                       f"{len(report):,} checked, {rejects['line'].nunique():,} rejected"),
             "Each order alone through deposit_refund gives its blocker and the date it allows; the whole file "
             "through deposit_refund gives the deposit's answer."]
    parameters = () if deposit is None else deposit.explanation.parameters
    if deposit is not None:
        steps += list(deposit.explanation.steps)
    return DepositAudit(
        source=str(loaded.source.path), encoding=loaded.source.encoding or "", as_of=today,
        protection_closed=protection_closed, rows_read=loaded.rows_read, accepted=len(report),
        rejected=int(rejects["line"].nunique()), empty_lines=tuple(loaded.empty_lines), deposit=deposit,
        deciding_orders=deciding, report=report, rejects=rejects, skipped=loaded.skipped_counts,
        header_line=loaded.source.header_line, read_as=loaded.source.describe(),
        explanation=Explanation("handbook.audit.deposit", summary, tuple(steps), parameters),
    )


def audit_deposit(path: str | Path, *, as_of: date | None = None, protection_closed: bool = True,
                  encoding: str | None = None, columns=None, sheet: str | None = None,
                  progress: bool | None = None) -> DepositAudit:
    """Audit the 1688 orders placed while buyer protection was on (see the module docstring)."""
    loaded = load(path, DEPOSIT, overrides=parse_overrides(columns, DEPOSIT), encoding=encoding, sheet=sheet,
                  progress=progress)
    return audit_loaded(loaded, as_of=as_of, protection_closed=protection_closed)
