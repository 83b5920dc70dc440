"""Calculators for the AliExpress Double 11 peak season: the scenario explorer, two scenarios side by side,
and the export / pagination calculator.

Thin views over `handbook.rules.peak_season`; defaults are the notebook's examples (05-peak-season). The
explorer recomputes from numpy arrays (`rules.peak_season.run`, no DataFrame) and updates the line data of
one reused figure, so a change redraws in milliseconds.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from handbook import policy
from handbook.explain import Explanation
from handbook.palette import COLORS
from handbook.plots.peak_season import draw_compare, draw_states, new_compare_figure, new_states_figure, render_png
from handbook.rules.peak_season import (
    MAX_DELAY,
    MAX_DELAY_BEYOND_POLICY,
    MIN_DELAY,
    PagingPlan,
    PeakComparison,
    PeakRun,
    PeakScenario,
    PeakSummary,
    duration_text,
    paging_plan,
    run,
    summarise_run,
    wait_text,
)
from handbook.rules.peak_season import compare as compare_scenarios
from handbook.widgets.base import STYLE, Calculator, ChartView, renamed, whole_number_box

__all__ = ["comparison", "paging", "simulation"]  # factories only; PRESETS is importable too
__getattr__ = renamed(__name__, {"compare": "comparison", "scenario": "simulation"}, globals())

SEED = 2026  # the notebook's seed
e = html.escape

#: prepared scenarios for the notebook (modelling inputs, not policy figures)
PRESETS: dict[str, PeakScenario] = {
    "baseline": PeakScenario(),
    "ship first": PeakScenario(ship_before_notice_share=0.5),
    "slow banks (beyond the notice)": PeakScenario(staff=8, bank_card_share=0.7, delay_hours=(2, 12),
                                                   beyond_policy=True),
}


@dataclass(frozen=True)
class ScenarioView:
    """What the explorer shows: the run (arrays for the chart) and its summary."""

    run: PeakRun
    summary: PeakSummary

    def explain(self) -> Explanation:
        return self.summary.explain()


class BlitChartView(ChartView):
    """A `ChartView` that redraws only the animated lines over a cached background (`render_png`)."""

    def update(self, result: Any) -> None:
        self.draw(self.figure, result)
        self.image.value = render_png(self.figure)


def _row(label: str, value: str) -> str:
    return f"<tr><td>{e(label)}</td><td><b>{e(value)}</b></td></tr>"


def _summary_html(s: PeakSummary) -> str:
    rows = [
        ("Orders in the window", f"{s.orders:,}"),
        ("Peak backlog (tracking number back, waiting for a shipping notice)",
         f"{s.peak_backlog:,} at {s.peak_at:%d %b %H:%M}" if s.peak_backlog else "none"),
        ("Worst wait for a shipping notice", wait_text(s.worst_notice_wait)),
        ("Paid, still without a notice at the window's end", f"{s.still_waiting_at_end:,}"),
        ("Closed by risk control (关单)", f"{s.closed_by_risk_control:,}"),
        ("… of which the goods had already left", f"{s.closed_after_goods_sent:,}"),
        ("Exports needed (all orders)", f"{s.exports_needed:,}"),
        ("Order-list pages (all orders / peak backlog)", f"{s.pages_needed:,} / {s.pages_at_peak:,}"),
    ]
    notes = "".join(f"<div class='hb-note' style='color:{COLORS['note']}'>{e(n)}</div>" for n in s.adjustments)
    lost = f" style='color:{COLORS['bad']}'" if s.closed_after_goods_sent else ""
    table = "".join(_row(k, v) for k, v in rows)
    return (f"<table class='hb-peak-summary'{lost}>{table}</table>{notes}")


def _delay_bounds(beyond: bool, on) -> tuple[int, int]:
    if beyond:
        return 0, MAX_DELAY_BEYOND_POLICY
    return policy.get(MIN_DELAY, on), policy.get(MAX_DELAY, on)


def _slider(cls, value, low, high, step, description, **extra):
    return cls(value=value, min=low, max=high, step=step, description=description, continuous_update=False,
               style=STYLE, layout=widgets.Layout(width="24em"), **extra)


def simulation(base: PeakScenario | None = None, *, seed: int = SEED) -> Calculator:
    """Scenario explorer: order volume, bank-card share, delay range, staff, the ship-before-notice habit →
    orders in each state over time, with the summary beside the controls."""
    base = base or PRESETS["baseline"]
    low, high = _delay_bounds(base.beyond_policy, base.on)
    controls = {
        "orders": _slider(widgets.IntSlider, base.orders, 0, max(60_000, base.orders), 500, "Orders"),
        "bank_card_share": _slider(widgets.FloatSlider, base.bank_card_share, 0.0, 1.0, 0.05, "Bank-card share",
                                   readout_format=".0%"),
        "delay_hours": _slider(widgets.IntRangeSlider, base.delay_hours, low, high, 1, "Card delay (h)"),
        "beyond_policy": widgets.Checkbox(value=base.beyond_policy, description="What-if beyond the notice's range",
                                          style=STYLE, indent=False),
        "staff": _slider(widgets.IntSlider, base.staff, 1, 30, 1, "Staff filling notices"),
        "ship_before_notice_share": _slider(widgets.FloatSlider, base.ship_before_notice_share, 0.0, 1.0, 0.05,
                                            "Ship before notice", readout_format=".0%"),
    }
    delay = controls["delay_hours"]

    def rebound(change: dict[str, Any]) -> None:
        new_low, new_high = _delay_bounds(bool(change["new"]), base.on)
        if new_high >= delay.max:  # widen: raise the top first
            delay.max, delay.min = new_high, new_low
        else:
            delay.min, delay.max = new_low, new_high

    controls["beyond_policy"].observe(rebound, names="value")  # runs before the calculator's own observer

    def compute(orders, bank_card_share, delay_hours, beyond_policy, staff, ship_before_notice_share):
        chosen = base.with_(orders=orders, bank_card_share=bank_card_share, delay_hours=tuple(delay_hours),
                            beyond_policy=beyond_policy, staff=staff,
                            ship_before_notice_share=ship_before_notice_share)
        result = run(chosen, seed=seed)
        return ScenarioView(result, summarise_run(result))

    figure = new_states_figure(animated=True)
    return Calculator(
        title="Peak-season scenario explorer (双11)", name="simulation", controls=controls, compute=compute,
        render=lambda view: _summary_html(view.summary),
        chart=BlitChartView(figure, lambda fig, view: draw_states(fig, view.run), width="720px"),
    )


def _comparison_html(c: PeakComparison) -> str:
    head = "<tr><th></th><th>A</th><th>B</th></tr>"
    a, b = c.first, c.second
    rows = [
        ("Staff", c.first_run.scenario.staff, c.second_run.scenario.staff),
        ("Peak backlog", f"{a.peak_backlog:,}", f"{b.peak_backlog:,}"),
        ("Peak at", f"{a.peak_at:%d %b %H:%M}", f"{b.peak_at:%d %b %H:%M}"),
        ("Worst wait for a notice", wait_text(a.worst_notice_wait), wait_text(b.worst_notice_wait)),
        ("Closed by risk control", f"{a.closed_by_risk_control:,}", f"{b.closed_by_risk_control:,}"),
    ]
    body = "".join(f"<tr><td>{e(k)}</td><td><b>{e(str(x))}</b></td><td><b>{e(str(y))}</b></td></tr>"
                   for k, x, y in rows)
    return f"<table class='hb-peak-compare'>{head}{body}</table>"


def comparison(base: PeakScenario | None = None, staff_a: int = 4, staff_b: int = 8, *,
                  seed: int = SEED) -> Calculator:
    """Two scenarios on the same orders (same seed) that differ in staff, side by side on one figure."""
    base = base or PRESETS["baseline"]
    controls = {
        "orders": _slider(widgets.IntSlider, base.orders, 0, max(60_000, base.orders), 500, "Orders"),
        "staff_a": _slider(widgets.IntSlider, staff_a, 1, 30, 1, "Staff in A"),
        "staff_b": _slider(widgets.IntSlider, staff_b, 1, 30, 1, "Staff in B"),
    }

    def compute(orders, staff_a, staff_b):
        chosen = base.with_(orders=orders)
        return compare_scenarios(chosen.with_(staff=staff_a), chosen.with_(staff=staff_b), seed=seed)

    return Calculator(
        title="Compare two teams on the same orders", name="comparison", controls=controls, compute=compute,
        render=_comparison_html, chart=BlitChartView(new_compare_figure(animated=True), draw_compare, width="840px"),
    )


def _paging_html(p: PagingPlan) -> str:
    rows = [("Exports (批量导出)", f"{p.exports:,}"), ("Order-list pages", f"{p.pages:,}"),
            ("Time paging by hand", duration_text(p.paging_time))]
    return "<table class='hb-paging'>" + "".join(_row(k, v) for k, v in rows) + "</table>"


def paging(orders: int = 35_000, seconds_per_page: int = 6, *, on=None) -> Calculator:
    """Orders to review → exports needed, order-list pages, and how long paging takes."""
    on = on or PRESETS["baseline"].on
    controls = {
        "orders": whole_number_box(orders, "Orders to review"),
        "seconds_per_page": _slider(widgets.IntSlider, seconds_per_page, 1, 60, 1, "Seconds per page"),
    }
    return Calculator(
        title="Exports and pages during the promotion (导出 / 翻页)", name="paging", controls=controls,
        compute=lambda orders, seconds_per_page: paging_plan(orders, seconds_per_page, on=on),
        render=_paging_html,
    )
