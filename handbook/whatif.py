"""What-if for team leads: the same calculators, audits and quizzes under the registry and under a scenario.

A scenario is an overlay in the format of `policy.scenario()` (parameter id → a list of `{from, value}`, or a
bare value meaning "from always"). It is written by hand, loaded from a file (`load_overlay`), or built from
command-line style changes (`parse_change("pinduoduo_intl.customs.annual_limit=30000@2027-01-01")`).

`compare(overlay, ...)` evaluates everything twice — once on the registry (baseline), once inside the
scenario — and returns what moved:

- `calculators`: every calculator of every page, built with its default case (`handbook.usage`);
- `quota` / `fake_shipping`: the audit of an order export (uploaded, or the sample one): outcome counts and the
  orders whose outcome changes; totals per rule version and the product-days whose exposure changes;
- `quizzes`: the quiz questions whose answer moves.

Nothing here writes a parameter file; the scenario is undone when `compare` returns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from handbook import policy, strict_yaml
from handbook.errors import PolicyInputError
from handbook.policy import overlay as overlays

NOTEBOOK_DATA = Path(__file__).resolve().parent.parent / "notebooks" / "data"
SAMPLE_QUOTA = NOTEBOOK_DATA / "quota_orders_across_years.csv"
SAMPLE_FAKE_SHIPPING = NOTEBOOK_DATA / "fake_shipping_orders.csv"

Overlay = overlays.Overlay  # checked: parameter id → its dated scenario values (`handbook.policy.overlay`)


# --- overlays -----------------------------------------------------------------------------------------------


def check(raw: Mapping[str, Any], *, file: str | None = None) -> Overlay:
    """An overlay in the format of `policy.scenario()`, checked (ids, dates, units) and converted."""
    return overlays.parse(raw, policy.describe, file=file)


def _value(text: str) -> Any:
    """A value typed on the command line or in a box: a whole number, an exact decimal, or text."""
    text = text.strip()
    plain = text.replace(",", "")
    if plain.lstrip("-").isdigit():
        return int(plain)
    try:
        return Decimal(plain)
    except InvalidOperation:
        return text


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def parse_change(text: str) -> tuple[str, dict[str, Any]]:
    """`ID=VALUE[@FROM]` → (id, {"from": date or None, "value": value}); id and value are checked."""
    if "=" not in str(text):
        raise PolicyInputError("change", text, "ID=VALUE or ID=VALUE@YYYY-MM-DD, e.g. "
                               "pinduoduo.fake_shipping.cap=50")
    pid, _, rest = str(text).partition("=")
    pid = pid.strip()
    start = None
    if "@" in rest:
        head, _, tail = rest.rpartition("@")
        try:
            start = date.fromisoformat(tail.strip())
            rest = head
        except ValueError:
            if tail.strip()[:1].isdigit():
                raise PolicyInputError("change", text, "a date YYYY-MM-DD after '@'",
                                       reason=f"{tail.strip()!r} is not a date") from None
        if start is not None and _is_date(rest.rpartition("@")[2]):  # ID=VALUE@FROM@FROM: say so, not blame VALUE
            raise PolicyInputError("change", text, "one date after one '@': ID=VALUE@YYYY-MM-DD",
                                   reason="more than one '@' date")
    if not rest.strip():
        raise PolicyInputError("change", text, "a value after '='", reason="no value given")
    value = _value(rest)
    check({pid: value})  # PolicyInputError naming the id, the value and what its unit accepts
    return pid, {"from": start, "value": value}


def overlay_from_changes(changes: Iterable[str]) -> Overlay:
    """Many `ID=VALUE[@FROM]` lines → one checked overlay (several lines of one id become its dated list)."""
    raw: dict[str, list[dict[str, Any]]] = {}
    for text in changes:
        if not str(text).strip() or str(text).lstrip().startswith("#"):
            continue
        pid, entry = parse_change(text)
        raw.setdefault(pid, []).append(entry)
    return check({pid: _ordered(pid, entries) for pid, entries in raw.items()})


def _ordered(pid: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]] | Any:
    if len(entries) == 1 and entries[0]["from"] is None:
        return entries[0]["value"]
    if any(e["from"] is None for e in entries):
        raise PolicyInputError(pid, [e["value"] for e in entries],
                               "either one value for every date, or values each with @FROM")
    return sorted(entries, key=lambda e: e["from"])


def load_overlay(path: str | Path) -> Overlay:
    """An overlay file (YAML, or JSON, which is YAML too): see `policy.load_overlay`."""
    return policy.load_overlay(path)


def parse_overlay(text: str, *, name: str = "overlay") -> Overlay:
    """An overlay file's text (an upload): strict YAML, then checked like a file."""
    try:
        raw = strict_yaml.load(text)
    except yaml.YAMLError as exc:
        raise PolicyInputError(name, "…", "valid YAML or JSON", reason=" ".join(str(exc).split())) from None
    return check(raw, file=name)


def merge(*layers: Overlay) -> Overlay:
    """One overlay from several: a later layer's entry for an id replaces an earlier one's."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update(layer)
    return check(merged)


def _value_text(parameter, value: Any) -> str:
    from datetime import time

    from handbook.policy.units import format_clock

    return format_clock(value) if isinstance(value, time) else str(value)


def overlay_lines(overlay: Overlay) -> list[str]:
    """The overlay written back as `ID=VALUE[@FROM]` lines (what the workbench's change box shows)."""
    lines = []
    for pid, values in overlay.items():
        p = policy.describe(pid)
        for v in values:
            lines.append(f"{pid}={_value_text(p, v.value)}" + ("" if v.start == overlays.ALWAYS else f"@{v.start}"))
    return lines


def describe_overlay(overlay: Overlay, on: date | None = None) -> list[dict[str, str]]:
    """One row per scenario value: parameter, the registry's value (on its start, or on `on` for a value
    without a start), the scenario's value, and its start."""
    on = on or policy.today()
    rows = []
    with policy.using_scenarios(()):
        for pid, values in overlay.items():
            p = policy.describe(pid)
            for v in values:
                always = v.start == overlays.ALWAYS
                try:
                    registry = policy.ref(pid, on if always else v.start).text
                except PolicyInputError:
                    registry = "—"
                rows.append({"parameter": f"{p.label} ({p.label_zh})", "id": pid,
                             "registry": registry,
                             "scenario": p.format(v.value), "from": "always" if always else str(v.start)})
    return rows


# --- comparisons --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalculatorRow:
    page: str
    title: str
    baseline: str
    scenario: str

    @property
    def changed(self) -> bool:
        return self.baseline != self.scenario


@dataclass(frozen=True)
class QuizRow:
    area: str
    question: str
    prompt: str
    baseline: str
    scenario: str


@dataclass(frozen=True)
class QuotaComparison:
    source: str
    baseline: Any         # QuotaAudit
    scenario: Any         # QuotaAudit
    changed: pd.DataFrame  # one row per order whose outcome changes

    def counts(self) -> pd.DataFrame:
        return outcomes_side_by_side(self.baseline, self.scenario)


@dataclass(frozen=True)
class FakeShippingComparison:
    source: str
    on: date
    baseline: Any          # FakeShippingAudit
    scenario: Any          # FakeShippingAudit
    changed: pd.DataFrame  # one row per rule and product-day whose exposure changes

    def totals(self) -> pd.DataFrame:
        return totals_side_by_side(self.baseline, self.scenario)


@dataclass(frozen=True)
class WhatIf:
    overlay: Overlay
    on: date
    calculators: tuple[CalculatorRow, ...] = ()
    quota: QuotaComparison | None = None
    fake_shipping: FakeShippingComparison | None = None
    quizzes: tuple[QuizRow, ...] = ()
    notes: tuple[str, ...] = field(default=())


def _plain(widget: Any) -> str:
    """A calculator's result in plain words (what its repr shows, without the title)."""
    import html
    import re

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", widget.result.value)).split())


def quota_changes(baseline: Any, scenario: Any) -> pd.DataFrame:
    """The orders whose outcome differs between two quota audits of the same export."""
    b, s = baseline.report, scenario.report
    moved = b["outcome"].to_numpy() != s["outcome"].to_numpy()
    return pd.DataFrame({
        "line": b["line"][moved], "order_id": b["order_id"][moved],
        "ordered_on": b["ordered_on"][moved].astype(str).str[:16],
        "order_amount": b["order_amount"][moved], "spent_this_year": b["spent_this_year"][moved],
        "outcome baseline": b["outcome"][moved], "outcome scenario": s["outcome"][moved],
        "quota left after, scenario": s["annual_remaining_after"][moved],
    }).reset_index(drop=True)


def fake_shipping_changes(baseline: Any, scenario: Any) -> pd.DataFrame:
    """The rule versions' product-days whose verdict or compensation differs between two audits."""
    parts = []
    for rule in baseline.rules:
        b, s = baseline.exposure(rule), scenario.exposure(rule)
        both = b.merge(s, on=["product_id", "shipped_on"], suffixes=(" baseline", " scenario"))
        moved = ((both["compensation baseline"] != both["compensation scenario"])
                 | (both["whole_day baseline"] != both["whole_day scenario"]))
        part = both[moved]
        parts.append(pd.DataFrame({
            "rule": rule, "product_id": part["product_id"].astype(str),
            "shipped_on": part["shipped_on"].astype(str).str[:10],
            "detected / shipped": [f"{d}/{n}" for d, n in zip(part["detected baseline"], part["shipped baseline"])],
            "whole day baseline": part["whole_day baseline"], "whole day scenario": part["whole_day scenario"],
            "compensation baseline (yuan)": part["compensation baseline"],
            "compensation scenario (yuan)": part["compensation scenario"],
        }))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def totals_side_by_side(baseline: Any, scenario: Any) -> pd.DataFrame:
    """Per rule version: compensation, whole days and products at risk, baseline and scenario."""
    rows = []
    for b, s in zip(baseline.totals, scenario.totals):
        rows.append({"rule": b.rule, "compensation baseline (yuan)": b.compensation,
                     "compensation scenario (yuan)": s.compensation,
                     "difference (yuan)": s.compensation - b.compensation,
                     "whole days baseline": b.whole_days, "whole days scenario": s.whole_days,
                     "products at risk baseline": b.products_at_risk,
                     "products at risk scenario": s.products_at_risk})
    return pd.DataFrame(rows)


def outcomes_side_by_side(baseline: Any, scenario: Any) -> pd.DataFrame:
    """Orders per customs outcome, baseline and scenario."""
    names = list(dict.fromkeys([*baseline.outcomes, *scenario.outcomes]))
    return pd.DataFrame({"outcome": names, "baseline": [baseline.outcomes.get(n, 0) for n in names],
                         "scenario": [scenario.outcomes.get(n, 0) for n in names]})


def _build(use) -> str:
    import importlib

    import matplotlib.pyplot as plt

    from handbook.usage import throwaway_widgets

    try:
        with throwaway_widgets():
            return _plain(getattr(importlib.import_module(use.module), use.factory)())
    finally:
        plt.close("all")


def _registry_key() -> tuple | None:
    """What a baseline result depends on besides the code: the as-of date and the environment's overlay file.
    None (do not cache) while a scenario is active."""
    if policy.active_scenarios():
        return None
    return policy.today(), os.environ.get(policy.OVERLAY_ENV, "")


@lru_cache(maxsize=4)
def _baseline_calculators(key: tuple) -> tuple[str, ...]:
    from handbook import usage

    return tuple(_build(use) for use in usage.calculators())


def compare_calculators(overlay: Overlay, *, tick: Callable[[str], None] | None = None) -> tuple[CalculatorRow, ...]:
    """Every page's calculators with their default case, built on the registry and inside the scenario.

    A calculator whose default case reads none of the scenario's parameters (`handbook.usage`) is not built
    again: its scenario result is its baseline. Baselines are cached per as-of date."""
    from handbook import usage

    uses = usage.calculators()
    key = _registry_key()
    baselines = _baseline_calculators(key) if key else tuple(_build(use) for use in uses)
    rows = []
    for use, baseline in zip(uses, baselines):
        if tick:
            tick(use.title)
        if use.parameters & set(overlay):
            with policy.scenario(overlay):
                scenario = _build(use)
        else:
            scenario = baseline
        rows.append(CalculatorRow(use.page, use.title, baseline, scenario))
    return tuple(rows)


def compare_quota(overlay: Overlay, path: str | Path = SAMPLE_QUOTA, *, name: str | None = None,
                  **read: Any) -> QuotaComparison:
    """The quota audit of an export on the registry and in the scenario, and the orders whose outcome moves."""
    from handbook.audit.columns import QUOTA, parse_overrides
    from handbook.audit.loading import load
    from handbook.audit.quota import audit_loaded

    loaded = load(path, QUOTA, overrides=parse_overrides(read.pop("columns", None), QUOTA), progress=False, **read)
    baseline = audit_loaded(loaded)
    with policy.scenario(overlay):
        scenario = audit_loaded(loaded)
    changed = quota_changes(baseline, scenario)
    return QuotaComparison(name or Path(path).name, baseline, scenario, changed)


def compare_fake_shipping(overlay: Overlay, path: str | Path = SAMPLE_FAKE_SHIPPING, *, on: date | None = None,
                          name: str | None = None, **read: Any) -> FakeShippingComparison:
    """The fake-shipping audit (both rule versions, figures in force on `on`) on the registry and in the scenario."""
    from handbook.audit.columns import FAKE_SHIPPING, parse_overrides
    from handbook.audit.fake_shipping import audit_loaded
    from handbook.audit.loading import load

    on = on or policy.today()
    loaded = load(path, FAKE_SHIPPING, overrides=parse_overrides(read.pop("columns", None), FAKE_SHIPPING),
                  progress=False, keep_order_ids=False, **read)
    baseline = audit_loaded(loaded, rule="both", on=on)
    with policy.scenario(overlay):
        scenario = audit_loaded(loaded, rule="both", on=on)
    changed = fake_shipping_changes(baseline, scenario)
    return FakeShippingComparison(name or Path(path).name, on, baseline, scenario, changed)


@lru_cache(maxsize=16)
def _baseline_quiz(slug: str, on: date, key: tuple) -> tuple[tuple[str, str, str], ...]:
    from handbook import training

    return tuple((p.id, p.prompt, p.answer_text) for p in training.pose_area(slug, on=on, strict=False))


def compare_quizzes(overlay: Overlay, on: date) -> tuple[QuizRow, ...]:
    """The quiz questions (every area, posed on `on`) whose answer differs in the scenario."""
    from handbook import training

    rows = []
    for slug in training.available_areas():
        key = _registry_key()
        baseline = (_baseline_quiz(slug, on, key) if key else
                    tuple((p.id, p.prompt, p.answer_text) for p in training.pose_area(slug, on=on, strict=False)))
        with policy.scenario(overlay):
            scenario = training.pose_area(slug, on=on, strict=False)
        for (qid, prompt, answer), s in zip(baseline, scenario):
            if answer != s.answer_text:
                rows.append(QuizRow(slug, qid, prompt, answer, s.answer_text))
    return tuple(rows)


STEPS = ("calculators", "quota audit", "fake-shipping audit", "quizzes")


def compare(overlay: Overlay, *, on: date | None = None, quota_export: str | Path | None = SAMPLE_QUOTA,
            fake_shipping_export: str | Path | None = SAMPLE_FAKE_SHIPPING, names: Mapping[str, str] | None = None,
            progress: Callable[[int, str], None] | None = None) -> WhatIf:
    """Everything, baseline vs scenario. `on`: the date quizzes are posed and fake-shipping figures apply
    (default: the as-of date); `progress(step, what)` is called before each of the `STEPS` (and for each
    calculator)."""
    on = on or policy.today()
    names = names or {}
    with policy.scenario(overlay):
        pass  # checks every id and value before any work (PolicyInputError names the bad one)
    tell = progress or (lambda step, what: None)
    tell(0, STEPS[0])
    calculators = compare_calculators(overlay, tick=lambda _title: tell(0, STEPS[0]))  # ticks per calculator
    tell(1, STEPS[1])
    quota = compare_quota(overlay, quota_export, name=names.get("quota")) if quota_export else None
    tell(2, STEPS[2])
    fake = (compare_fake_shipping(overlay, fake_shipping_export, on=on, name=names.get("fake_shipping"))
            if fake_shipping_export else None)
    tell(3, STEPS[3])
    quizzes = compare_quizzes(overlay, on)
    tell(4, "done")
    return WhatIf(overlay, on, calculators, quota, fake, quizzes)
