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

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from handbook import policy
from handbook.errors import PolicyInputError

NOTEBOOK_DATA = Path(__file__).resolve().parent.parent / "notebooks" / "data"
SAMPLE_QUOTA = NOTEBOOK_DATA / "quota_orders_across_years.csv"
SAMPLE_FAKE_SHIPPING = NOTEBOOK_DATA / "fake_shipping_orders.csv"

Overlay = dict[str, Any]


# ------------------------------------------------------------------------------------------- overlays


def _value(text: str) -> Any:
    """A value typed on the command line or in a box: a whole number, an exact decimal, or text."""
    text = text.strip()
    try:
        return int(text.replace(",", "")) if text.replace(",", "").lstrip("-").isdigit() else Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text


def parse_change(text: str) -> tuple[str, dict[str, Any]]:
    """`ID=VALUE[@FROM]` → (id, {"from": date or None, "value": value}); the id is checked against the registry."""
    if "=" not in str(text):
        raise PolicyInputError("change", text, "ID=VALUE or ID=VALUE@YYYY-MM-DD, e.g. "
                               "pinduoduo.fake_shipping.cap=50")
    pid, _, rest = str(text).partition("=")
    pid = pid.strip()
    policy.describe(pid)  # PolicyInputError naming the id when it is unknown
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
    if not rest.strip():
        raise PolicyInputError("change", text, "a value after '='", reason="no value given")
    value = _value(rest)
    _converted(policy.describe(pid), value)  # PolicyInputError naming the id, the value and what the unit accepts
    return pid, {"from": start, "value": value}


def overlay_from_changes(changes: Iterable[str]) -> Overlay:
    """Many `ID=VALUE[@FROM]` changes → one overlay (several changes of one id become its dated list)."""
    overlay: dict[str, list[dict[str, Any]]] = {}
    for text in changes:
        if not str(text).strip() or str(text).lstrip().startswith("#"):
            continue
        pid, entry = parse_change(text)
        overlay.setdefault(pid, []).append(entry)
    return {pid: _ordered(entries) for pid, entries in overlay.items()}


def _ordered(entries: list[dict[str, Any]]) -> list[dict[str, Any]] | Any:
    if len(entries) == 1 and entries[0]["from"] is None:
        return entries[0]["value"]
    if any(e["from"] is None for e in entries):
        raise PolicyInputError("change", entries, "either one value for always, or values each with @FROM")
    return sorted(entries, key=lambda e: e["from"])


def load_overlay(path: str | Path) -> Overlay:
    """An overlay file (YAML or JSON): a mapping of parameter id → value, or → a list of {from, value}."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PolicyInputError("overlay", str(path), "a readable YAML or JSON file", reason=str(exc)) from None
    return parse_overlay(text, name=path.name)


def parse_overlay(text: str, *, name: str = "overlay") -> Overlay:
    try:
        raw = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:
        raise PolicyInputError("overlay", name, "YAML or JSON", reason=f"cannot be read: {exc}") from None
    if not isinstance(raw, dict) or not raw:
        raise PolicyInputError("overlay", name, "a mapping of parameter id → value or list of {from, value}")
    for pid in raw:
        policy.describe(str(pid))
    return {str(k): v for k, v in raw.items()}


def overlay_lines(overlay: Mapping[str, Any]) -> list[str]:
    """The overlay written back as `ID=VALUE[@FROM]` lines (what the workbench's change box shows)."""
    lines = []
    for pid, spec in overlay.items():
        entries = spec if isinstance(spec, list) else [{"from": None, "value": spec}]
        for e in entries:
            start = e.get("from")
            lines.append(f"{pid}={e['value']}" + (f"@{start}" if start else ""))
    return lines


def describe_overlay(overlay: Mapping[str, Any]) -> list[dict[str, str]]:
    """One row per scenario value: parameter, registry value today, scenario value, from."""
    rows = []
    for pid, spec in overlay.items():
        p = policy.describe(pid)
        entries = spec if isinstance(spec, list) else [{"from": None, "value": spec}]
        for e in entries:
            start = e.get("from")
            on = start if isinstance(start, date) else None
            try:
                registry = policy.ref(pid, on).text if on else p.format(p.values[-1].value)
            except PolicyInputError:
                registry = "—"
            rows.append({"parameter": f"{p.label} ({p.label_zh})", "id": pid, "registry": registry,
                         "scenario": p.format(_converted(p, e["value"])),
                         "from": str(start) if start else "always"})
    return rows


def _converted(parameter, value: Any) -> Any:
    from handbook.policy.units import UNITS, UnitError

    try:
        return UNITS[parameter.unit].convert(value)
    except UnitError as exc:
        raise PolicyInputError(parameter.id, value, UNITS[parameter.unit].meaning, reason=str(exc)) from None


# ------------------------------------------------------------------------------------------ comparisons


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


def compare_calculators(overlay: Overlay) -> tuple[CalculatorRow, ...]:
    """Every page's calculators with their default case, built on the registry and inside the scenario."""
    import matplotlib.pyplot as plt

    from handbook import usage

    rows = []
    for use in usage.calculators():
        factory = getattr(__import__(use.module, fromlist=[use.factory]), use.factory)
        baseline = _plain(factory())
        with policy.scenario(overlay):
            scenario = _plain(factory())
        plt.close("all")
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


def compare_quizzes(overlay: Overlay, on: date) -> tuple[QuizRow, ...]:
    """The quiz questions (every area, posed on `on`) whose answer differs in the scenario."""
    from handbook import training

    rows = []
    for slug in training.available_areas():
        baseline = training.pose_area(slug, on=on, strict=False)
        with policy.scenario(overlay):
            scenario = training.pose_area(slug, on=on, strict=False)
        for b, s in zip(baseline, scenario):
            if b.answer_text != s.answer_text:
                rows.append(QuizRow(slug, b.id, b.prompt, b.answer_text, s.answer_text))
    return tuple(rows)


STEPS = ("calculators", "quota audit", "fake-shipping audit", "quizzes")


def compare(overlay: Overlay, *, on: date | None = None, quota_export: str | Path | None = SAMPLE_QUOTA,
            fake_shipping_export: str | Path | None = SAMPLE_FAKE_SHIPPING, names: Mapping[str, str] | None = None,
            progress: Callable[[int, str], None] | None = None) -> WhatIf:
    """Everything, baseline vs scenario. `on`: the date quizzes are posed and fake-shipping figures apply
    (default: the as-of date); `progress(step, what)` is called before each of the `STEPS`."""
    on = on or policy.today()
    names = names or {}
    with policy.scenario(overlay):
        pass  # checks every id and value before any work (PolicyInputError names the bad one)
    tell = progress or (lambda step, what: None)
    tell(0, STEPS[0])
    calculators = compare_calculators(overlay)
    tell(1, STEPS[1])
    quota = compare_quota(overlay, quota_export, name=names.get("quota")) if quota_export else None
    tell(2, STEPS[2])
    fake = (compare_fake_shipping(overlay, fake_shipping_export, on=on, name=names.get("fake_shipping"))
            if fake_shipping_export else None)
    tell(3, STEPS[3])
    quizzes = compare_quizzes(overlay, on)
    tell(4, "done")
    return WhatIf(overlay, on, calculators, quota, fake, quizzes)
