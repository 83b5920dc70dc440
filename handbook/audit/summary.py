"""The terminal summary of an audit: the counts that add up, the totals, where the files went."""

from __future__ import annotations

from pathlib import Path

from handbook.audit.fake_shipping import FakeShippingAudit
from handbook.audit.quota import QuotaAudit
from handbook.policy.units import format_yuan

TOP = 5


def _counts(audit) -> str:
    empty = len(audit.empty_lines)
    shown = ", ".join(map(str, audit.empty_lines[:10])) + (" ..." if empty > 10 else "")
    tail = f" + {empty:,} empty (skipped: line{'s' if empty > 1 else ''} {shown})" if empty else " + 0 empty"
    skipped = getattr(audit, "skipped", {}) or {}
    middle = ""
    if skipped:
        reasons = ", ".join(f"{reason}: {n:,}" for reason, n in skipped.items())
        middle = f" + {sum(skipped.values()):,} skipped, the rule does not apply ({reasons})"
    line = f"Rows read: {audit.rows_read:,} = {audit.accepted:,} accepted + {audit.rejected:,} rejected{middle}{tail}"
    header = getattr(audit, "header_line", 1)
    if header != 1:
        line += f"\nHeader row on line {header} (the {header - 1} line{'s' * (header > 2)} above it skipped)"
    return line


def _source(audit) -> str:
    read_as = getattr(audit, "read_as", "") or audit.encoding
    return f"{Path(audit.source).name} ({read_as})"


def _files(report: Path | None, rejects: Path | None, audit) -> list[str]:
    lines = []
    if report is not None:
        lines.append(f"Report:  {report}")
    if audit.rejected:
        where = f"{rejects} " if rejects is not None else ""
        rows, problems = audit.rejected, len(audit.rejects)
        lines.append(f"Rejects: {where}({rows:,} row{'s' * (rows != 1)}, {problems:,} problem{'s' * (problems != 1)})")
    else:
        lines.append("Rejects: none" + (f" ({rejects} is empty)" if rejects is not None else ""))
    return lines


def fake_shipping_text(audit: FakeShippingAudit, *, report: Path | None = None,
                       rejects: Path | None = None) -> str:
    lines = [f"Fake-shipping audit of {_source(audit)}; figures in force on {audit.on}",
             _counts(audit), ""]
    header = ("rule", "product-days", "whole days", "products at risk", "store restricted",
              "orders counted", "compensation")
    rows = [header] + [(t.rule, f"{t.product_days:,}", f"{t.whole_days:,}", f"{t.products_at_risk:,}",
                        f"{t.restricted_days:,}", f"{t.orders_counted:,}", f"{t.compensation:,} yuan")
                       for t in audit.totals]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    for rule in audit.rules:
        table = audit.exposure(rule)
        risky = table[table["compensation"] > 0].sort_values(
            ["compensation", "product_id", "shipped_on"], ascending=[False, True, True], kind="stable").head(TOP)
        if len(risky):
            lines += ["", f"Largest exposure under '{rule}':"]
            for r in risky.itertuples(index=False):
                verdict = "whole day" + (", store restricted" if r.store_restricted else "") if r.whole_day \
                    else "detected orders only"
                lines.append(f"  {r.product_id}  {str(r.shipped_on)[:10]}  {r.detected}/{r.shipped} detected "
                             f"({r.detected_share:.1%}), {verdict}: {r.compensation:,} yuan")
    lines += [""] + _files(report, rejects, audit)
    return "\n".join(lines)


def quota_text(audit: QuotaAudit, *, report: Path | None = None, rejects: Path | None = None) -> str:
    lines = [f"Customs quota audit of {_source(audit)}", _counts(audit), ""]
    width = max(len(k) for k in audit.outcomes)
    for outcome, n in audit.outcomes.items():
        lines.append(f"  {outcome.ljust(width)}  {n:>10,}")
    failing = audit.accepted - audit.outcomes.get("clears", 0)
    lines.append(f"Orders that fail customs: {failing:,}, worth {format_yuan(audit.failing_amount)}")
    several = int((audit.report["buyer_orders_in_file"] > 1).sum()) if len(audit.report) else 0
    if several:
        lines.append(f"Orders whose buyer has other orders in this file: {several:,} "
                     "(spending is taken as stated on each row; check those buyers)")
    lines += [""] + _files(report, rejects, audit)
    return "\n".join(lines)


def chargebacks_text(audit, *, report: Path | None = None, rejects: Path | None = None) -> str:
    lines = [f"Chargeback audit of {_source(audit)}; as of {audit.as_of}", _counts(audit), ""]
    lines.append(f"Overdue: {audit.overdue:,}; due today: {audit.due_today:,}; still missing evidence: "
                 f"{audit.incomplete:,}; amount not yet overdue: {format_yuan(audit.amount_at_stake)}")
    if audit.provisional:
        lines.append(f"Provisional deadlines (next year's holiday schedule is not in the handbook yet; work to the "
                     f"send_by column): {audit.provisional:,}")
    table = audit.report.head(TOP * 2)
    if len(table):
        lines += ["", "Most urgent first:"]
        for r in table.itertuples(index=False):
            missing = f"; missing: {r.evidence_missing}" if r.evidence_missing else "; evidence complete"
            flag = f" (provisional; send by {r.send_by})" if r.provisional else ""
            lines.append(f"  {r.order_id}  due {r.deadline}{flag}: {r.urgency}  {format_yuan(r.amount)}{missing}")
    lines += [""] + _files(report, rejects, audit)
    return "\n".join(lines)


def deposit_text(audit, *, report: Path | None = None, rejects: Path | None = None) -> str:
    assumed = "closed" if audit.protection_closed else "still on"
    lines = [f"1688 deposit audit of {_source(audit)}; as of {audit.as_of}, buyer protection {assumed}",
             _counts(audit), ""]
    if audit.deposit is None:
        lines.append("No order could be read: nothing to decide.")
    else:
        d = audit.deposit
        if d.unfreezes_on is not None:
            lines.append(f"The deposit unfreezes on {d.unfreezes_on} at the earliest ({d.stage}); "
                         f"decided by order {', '.join(audit.deciding_orders[:5])}.")
        elif "unfinished_trades" in d.blocker_codes or "open_complaints" in d.blocker_codes:
            lines.append(f"No unfreeze date yet: {len(audit.deciding_orders):,} order(s) hold the deposit "
                         f"({', '.join(audit.deciding_orders[:5])}{' ...' if len(audit.deciding_orders) > 5 else ''}).")
        else:
            lines.append("No unfreeze date yet: buyer protection is still on; once it is closed, the orders' "
                         f"latest date is decided by order {', '.join(audit.deciding_orders[:5])}.")
        for blocker in d.blockers:
            lines.append(f"  - {blocker.text}")
        lines.append(f"Next: {d.next_step}")
    lines += [""] + _files(report, rejects, audit)
    return "\n".join(lines)
