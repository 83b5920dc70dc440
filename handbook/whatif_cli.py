"""What-if on the command line: `python -m handbook audit ... --set ID=VALUE[@FROM] --overlay FILE`.

A seam beside the audit command (`handbook.__main__`): `add_options(parser)` adds the two options to each
audit; when either is given, `compare(kind, overlay, lambda: audit(args))` runs the same audit twice — on the registry (baseline)
and inside the scenario (`policy.scenario`) — and reports the two side by side. `audit(args)` makes the same
call as a plain audit, so reading, columns and rejects are exactly those of a plain audit.

With `--out` the report holds one row per changed order (quota) or changed product-day (fake shipping),
with baseline and scenario columns; the rejects file is written as for a plain audit.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from handbook import policy, whatif
from handbook.policy.units import format_yuan

HELP_SET = ("what-if: use VALUE for parameter ID, from date FROM on (without @FROM: for every date); "
            "repeatable, e.g. --set pinduoduo_intl.customs.annual_limit=30000@2027-01-01")
HELP_OVERLAY = ("what-if: an overlay file (YAML or JSON: parameter id → value, or → list of {from, value}); "
                "--set values are added to it")
TOP = 20


def add_options(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group("what-if (report baseline and scenario side by side)")
    group.add_argument("--set", action="append", dest="what_if", metavar="ID=VALUE[@FROM]", help=HELP_SET)
    group.add_argument("--overlay", type=Path, metavar="FILE", help=HELP_OVERLAY)


def requested(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "what_if", None) or getattr(args, "overlay", None))


def overlay_of(args: argparse.Namespace) -> whatif.Overlay:
    """The overlay file (if any) with the --set changes added (a --set replaces the file's entry for its id)."""
    layers = [whatif.load_overlay(args.overlay)] if args.overlay else []
    return whatif.merge(*layers, whatif.overlay_from_changes(args.what_if or ()))  # checked before any reading


def audit(args: argparse.Namespace) -> Any:
    """The command's audit of the file (the same call as a plain `audit fake-shipping` / `audit quota`)."""
    if args.kind == "fake-shipping":
        from handbook.audit.fake_shipping import audit_fake_shipping

        return audit_fake_shipping(args.orders, rule=args.rule, on=args.on, encoding=args.encoding,
                                   columns=args.columns, sheet=args.sheet, progress=args.progress)
    from handbook.audit.quota import audit_quota

    return audit_quota(args.orders, encoding=args.encoding, columns=args.columns, sheet=args.sheet,
                       progress=args.progress)


def twice(overlay: whatif.Overlay, audit_once: Callable[[], Any]) -> tuple[Any, Any]:
    baseline = audit_once()
    with policy.scenario(overlay):
        scenario = audit_once()
    return baseline, scenario


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
            for r in rows]


def _scenario_lines(overlay: whatif.Overlay) -> list[str]:
    return ["Scenario (what-if, not in force):"] + [
        f"  {r['id']} = {r['scenario']} from {r['from']} (registry: {r['registry']})"
        for r in whatif.describe_overlay(overlay)]


def quota_text(overlay: whatif.Overlay, baseline: Any, scenario: Any, changed: pd.DataFrame) -> str:
    lines = [f"Customs quota audit of {Path(baseline.source).name} ({baseline.encoding}): baseline vs scenario",
             f"Rows read: {baseline.rows_read:,} = {baseline.accepted:,} accepted + {baseline.rejected:,} rejected "
             f"+ {len(baseline.empty_lines):,} empty", "", *_scenario_lines(overlay), ""]
    counts = whatif.outcomes_side_by_side(baseline, scenario)
    rows = [("outcome", "baseline", "scenario")]
    rows += [(r.outcome, f"{r.baseline:,}", f"{r.scenario:,}") for r in counts.itertuples(index=False)]
    rows.append(("failing amount", format_yuan(baseline.failing_amount), format_yuan(scenario.failing_amount)))
    lines += _columns(rows)
    lines += ["", f"Orders whose outcome changes: {len(changed):,}"]
    for r in changed.head(TOP).itertuples(index=False):
        lines.append(f"  line {r.line}  {r.order_id}  {r.ordered_on}  {format_yuan(r.order_amount)}: "
                     f"{r._5} → {r._6}")
    if len(changed) > TOP:
        lines.append(f"  … and {len(changed) - TOP:,} more (--out writes them all)")
    return "\n".join(lines)


def fake_shipping_text(overlay: whatif.Overlay, baseline: Any, scenario: Any, changed: pd.DataFrame) -> str:
    lines = [f"Fake-shipping audit of {Path(baseline.source).name} ({baseline.encoding}); figures in force on "
             f"{baseline.on}: baseline vs scenario",
             f"Rows read: {baseline.rows_read:,} = {baseline.accepted:,} accepted + {baseline.rejected:,} rejected "
             f"+ {len(baseline.empty_lines):,} empty", "", *_scenario_lines(overlay), ""]
    rows = [("rule", "compensation baseline", "compensation scenario", "difference", "whole days b / s",
             "products at risk b / s")]
    for t in whatif.totals_side_by_side(baseline, scenario).to_dict("records"):
        rows.append((t["rule"], f"{t['compensation baseline (yuan)']:,} yuan",
                     f"{t['compensation scenario (yuan)']:,} yuan", f"{t['difference (yuan)']:+,} yuan",
                     f"{t['whole days baseline']:,} / {t['whole days scenario']:,}",
                     f"{t['products at risk baseline']:,} / {t['products at risk scenario']:,}"))
    lines += _columns(rows)
    lines += ["", f"Product-days whose exposure changes: {len(changed):,}"]
    for r in changed.head(TOP).to_dict("records"):
        lines.append(f"  {r['rule']}  {r['product_id']}  {r['shipped_on']}  {r['detected / shipped']} detected: "
                     f"{r['compensation baseline (yuan)']:,} → {r['compensation scenario (yuan)']:,} yuan")
    if len(changed) > TOP:
        lines.append(f"  … and {len(changed) - TOP:,} more (--out writes them all)")
    return "\n".join(lines)


def compare(kind: str, overlay: whatif.Overlay, audit_once: Callable[[], Any]) -> tuple[Any, pd.DataFrame, str]:
    """(baseline audit, table of changes, terminal text) of `audit_once` run twice."""
    baseline, scenario = twice(overlay, audit_once)
    if kind == "quota":
        changed = whatif.quota_changes(baseline, scenario)
        return baseline, changed, quota_text(overlay, baseline, scenario, changed)
    changed = whatif.fake_shipping_changes(baseline, scenario)
    return baseline, changed, fake_shipping_text(overlay, baseline, scenario, changed)
