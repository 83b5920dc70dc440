"""Fake-shipping audit of an order export: today's exposure per product and day, under each rule version.

The rule is `handbook.rules.fake_shipping.exposure`, called unchanged on the accepted rows; this module
only reads, validates and reports. Decisions (documented in the CLI help and the notebook):

- ``rule="both"`` (the CLI default) runs both rule versions; the article does not say which is current,
  so the report shows both, one block per rule (column ``rule``).
- The figures in force on `on` (default: today, Asia/Shanghai) apply to every row, as in `exposure`.
- *Products at risk* are the products with at least one whole day (every order of that day counts as
  fake shipping); *store restricted* counts the product-days that restrict the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from handbook import policy
from handbook.audit.columns import FAKE_SHIPPING
from handbook.audit.exposure import OUTPUT_COLUMNS, exposure
from handbook.audit.loading import Loaded, load, read_step
from handbook.audit.statuses import FAKE_SHIPPING_SKIP
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.rules.fake_shipping import RULES

RULE_CHOICES: tuple[str, ...] = (*RULES, "both")
REPORT_COLUMNS: tuple[str, ...] = ("rule", *OUTPUT_COLUMNS)


@dataclass(frozen=True)
class RuleTotals:
    """One rule version's figures over the export."""

    rule: str
    product_days: int
    whole_days: int
    products_at_risk: int
    restricted_days: int
    orders_counted: int
    compensation: int  # whole yuan


@dataclass(frozen=True)
class FakeShippingAudit(Result):
    """The audit of one export: counts that add up, the exposure per rule, the rejects."""

    source: str
    encoding: str
    on: date
    rules: tuple[str, ...]
    rows_read: int
    accepted: int
    rejected: int
    empty_lines: tuple[int, ...]
    totals: tuple[RuleTotals, ...]
    by_rule: dict[str, pd.DataFrame] = field(compare=False, repr=False)
    rejects: pd.DataFrame = field(compare=False, repr=False)
    skipped: dict[str, int] = field(compare=False, default_factory=dict)  # reason → rows (rule does not apply)
    header_line: int = 1
    read_as: str = ""

    @property
    def report(self) -> pd.DataFrame:
        """The full report: one row per (rule, product, day), columns `REPORT_COLUMNS`."""
        parts = [t.assign(rule=name)[list(REPORT_COLUMNS)] for name, t in self.by_rule.items()]
        return pd.concat(parts, ignore_index=True)

    def exposure(self, rule: str | None = None) -> pd.DataFrame:
        """The exposure table of one rule (the only one when a single rule was audited)."""
        return self.by_rule[rule or self.rules[0]]


def _rules(rule: str) -> tuple[str, ...]:
    if rule not in RULE_CHOICES:
        raise PolicyInputError("rule", rule, "one of " + ", ".join(repr(r) for r in RULE_CHOICES))
    return tuple(RULES) if rule == "both" else (rule,)


def exposure_input(loaded: Loaded) -> pd.DataFrame:
    """The accepted rows in the shape `exposure()` takes (paid amounts back in yuan, exact).

    `order_id` is the real order id when the rows were loaded with it, else the order's line number:
    the loader has already rejected blank and duplicated order ids (with their lines), `exposure()`
    only needs a unique key per order, and its result does not depend on the key's value.
    """
    o = loaded.orders
    key = o["order_id"] if "order_id" in o.columns else o["line"]
    return pd.DataFrame({
        "order_id": key, "product_id": o["product_id"], "shipped_on": o["shipped_on"],
        "paid_amount": o["paid_amount_fen"] / 100, "flagged": o["flagged"],
    }, copy=False)


def totals_of(rule: str, table: pd.DataFrame) -> RuleTotals:
    whole = table["whole_day"].to_numpy(dtype=bool)
    return RuleTotals(
        rule=rule, product_days=len(table), whole_days=int(whole.sum()),
        products_at_risk=int(table.loc[whole, "product_id"].nunique()),
        restricted_days=int(table["store_restricted"].sum()),
        orders_counted=int(table["orders_counted"].sum()), compensation=int(table["compensation"].sum()),
    )


def audit_loaded(loaded: Loaded, *, rule: str = "both", on: date | None = None) -> FakeShippingAudit:
    """Run `exposure()` over already loaded rows (see `audit_fake_shipping`)."""
    rules = _rules(rule)
    on = policy.today() if on is None else on
    why = Explainer.of(audit_fake_shipping, on=on)  # the public entry point (audit_loaded is its second half)
    why.step(read_step(loaded))
    frame = exposure_input(loaded)
    by_rule, totals = {}, []
    for name in rules:
        table = exposure(frame, rule=name, on=on)
        explanation = table.attrs.pop("explanation", None)
        if explanation is not None:
            why.step(f"[{name}] {explanation.summary}")
            for p in explanation.parameters:
                why.ref(p.id)
        by_rule[name] = table
        totals.append(totals_of(name, table))
    summary = "; ".join(f"rule '{t.rule}': {t.compensation:,} yuan, {t.products_at_risk:,} products at risk"
                        for t in totals)
    return FakeShippingAudit(
        source=str(loaded.source.path), encoding=loaded.source.encoding or "", on=on, rules=rules,
        rows_read=loaded.rows_read, accepted=loaded.accepted, rejected=loaded.rejected,
        empty_lines=tuple(loaded.empty_lines), totals=tuple(totals), by_rule=by_rule,
        skipped=loaded.skipped_counts, header_line=loaded.source.header_line, read_as=loaded.source.describe(),
        rejects=loaded.rejects, explanation=why.done(f"Fake-shipping exposure of the export: {summary}."),
    )


def audit_fake_shipping(path: str | Path, *, rule: str = "both", on: date | None = None,
                        encoding: str | None = None, columns=None, sheet: str | None = None,
                        progress: bool | None = None) -> FakeShippingAudit:
    """Audit an order export (CSV or XLSX) for fake-shipping exposure.

    `rule`: a rule version name or "both"; `on`: the date whose figures apply (default today);
    `encoding`: force a CSV encoding (default: detected); `columns`: header overrides {field: header}
    (see `handbook.audit.columns`); `sheet`: the XLSX sheet (default: the first);
    `progress`: a progress bar on stderr (default: only above `loading.PROGRESS_ABOVE` rows).
    """
    from handbook.audit.columns import parse_overrides

    rules = _rules(rule)  # fail before reading a large file
    loaded = load(path, FAKE_SHIPPING, overrides=parse_overrides(columns, FAKE_SHIPPING),
                  encoding=encoding, sheet=sheet, progress=progress, keep_order_ids=False, skip=FAKE_SHIPPING_SKIP)
    return audit_loaded(loaded, rule="both" if len(rules) > 1 else rules[0], on=on)
