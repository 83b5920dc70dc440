"""Figures for fake shipping (虚假发货): compensation against the paid amount, and the whole-day verdict maps.

English labels only (see `handbook.plots.base`); the Chinese terms are in the notebook prose. The data
come from the rules (`per_order_yuan`, `whole_day_mask`), so a parameter change moves the figures too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from handbook import inputs, policy
from handbook.plots.base import COLORS, Chart, new_figure
from handbook.policy.units import format_number
from handbook.rules.fake_shipping import RULE_NAMES, OrderCompensation, per_order_yuan, whole_day_mask
from handbook.rules.fake_shipping.per_order import CAP, RATE, THRESHOLD

__all__ = ["compensation_curve", "curve_data", "draw_compensation_marker", "new_curve_figure",
           "verdict_grid", "verdict_heatmap"]



def curve_data(on: date | None = None, *, upto: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """Paid amounts 0 → `upto` yuan in steps of one fen (yuan, float) and their compensation (yuan, int)."""
    fen = np.arange(0, upto * 100 + 1, dtype=np.int64)
    return fen / 100, per_order_yuan(fen, on=on)


def _draw_curve(figure: Figure, on: date | None, upto: int) -> None:
    ax = figure.add_subplot()
    x, y = curve_data(on, upto=upto)
    ax.step(x, y, where="post", color=COLORS["accent"], linewidth=1.5, label="compensation per order")
    threshold = float(policy.get(THRESHOLD, on=on))
    cap = float(policy.get(CAP, on=on))
    rate = float(policy.get(RATE, on=on))
    ax.axvline(threshold, color=COLORS["neutral"], linestyle=":", linewidth=1)
    ax.axhline(cap, color=COLORS["bad"], linestyle="--", linewidth=1)
    ax.text(threshold, cap * 0.9, f" rate from {threshold:g} yuan", color=COLORS["neutral"], fontsize=8)
    ax.text(upto, cap, f"cap {cap:g} yuan ", color=COLORS["bad"], fontsize=8, ha="right", va="bottom")
    ax.text(upto * 0.55, cap * 0.35, f"{rate:g}% of the paid amount,\nwhole yuan kept", fontsize=8,
            color=COLORS["accent"])
    ax.set_xlim(0, upto)
    ax.set_ylim(0, cap * 1.15)
    ax.set_xlabel("paid amount (yuan)")
    ax.set_ylabel("compensation (yuan)")
    ax.set_title("What one fake-shipping order costs", fontsize=10)
    (marker,) = ax.plot([], [], "o", color=COLORS["bad"], zorder=5)
    label = ax.text(0, 0, "", fontsize=9, color=COLORS["bad"], ha="left", va="bottom")
    figure._hb_curve = (ax, marker, label, upto)


def new_curve_figure(on: date | None = None, *, upto: int = 500) -> Figure:
    """The compensation curve, drawn once; `draw_compensation_marker` then only moves the marker."""
    figure = new_figure(6.4, 3.2)
    _draw_curve(figure, on, upto)
    return figure


def draw_compensation_marker(figure: Figure, result: OrderCompensation) -> None:
    """Mark one order on the curve (an amount beyond the axis is pinned to its right edge)."""
    _ax, marker, label, upto = figure._hb_curve
    x = min(float(result.paid_amount), float(upto))
    y = float(result.compensation)
    marker.set_data([x], [y])
    label.set_position((x, y))
    label.set_ha("right" if x > upto * 0.7 else "left")
    label.set_text(f" {format_number(result.paid_amount)} yuan → {result.compensation} yuan ")


def compensation_curve(on: date | None = None, *, upto: int = 500, paid: Decimal | None = None) -> Chart:
    """Compensation against the paid amount, 0 → `upto` yuan (optionally marking one paid amount)."""
    figure = new_curve_figure(on, upto=upto)
    if paid is not None:
        from handbook.rules.fake_shipping import order_compensation

        draw_compensation_marker(figure, order_compensation(paid, on=on))
    return Chart(figure, f"compensation per order, 0-{upto} yuan")


def verdict_grid(rule: str, on: date | None = None, *, max_shipped: int = 400,
                 max_detected: int = 140) -> np.ndarray:
    """Whole-day verdict over detected (rows 0..max_detected) × shipped (columns 0..max_shipped).

    1.0 = the whole day counts, 0.0 = only the detected orders, NaN = impossible (detected > shipped).
    """
    detected, shipped = np.mgrid[0:max_detected + 1, 0:max_shipped + 1]
    grid = whole_day_mask(detected.ravel(), shipped.ravel(), rule=rule, on=on).reshape(detected.shape)
    values = grid.astype(float)
    values[detected > shipped] = np.nan
    return values


WORKED_EXAMPLE = "worked example"


def verdict_heatmap(on: date | None = None, *, max_shipped: int = 400, max_detected: int = 140,
                    example: tuple[int, int] | str | None = WORKED_EXAMPLE) -> Chart:
    """One panel per rule version: where a product's whole day counts as fake shipping.

    `example` is the dot drawn: (shipped, detected), None for none, or by default the notebook's worked example
    (`handbook.examples.fake_shipping.versions_disagree_day`, built from the figures in force on `on`)."""
    if example == WORKED_EXAMPLE:
        from handbook.examples.fake_shipping import versions_disagree_day

        example = versions_disagree_day(inputs.on_date(on))
    figure = new_figure(9.0, 3.4)
    axes = figure.subplots(1, len(RULE_NAMES), sharey=True)
    cmap = ListedColormap([COLORS["muted"], COLORS["bad"]]).with_extremes(bad=COLORS["paper"])
    for ax, rule in zip(axes, RULE_NAMES):
        values = verdict_grid(rule, on, max_shipped=max_shipped, max_detected=max_detected)
        ax.imshow(np.ma.masked_invalid(values), origin="lower", cmap=cmap, vmin=0, vmax=1, aspect="auto",
                  interpolation="nearest", extent=(-0.5, max_shipped + 0.5, -0.5, max_detected + 0.5))
        if example is not None:
            ax.plot([example[0]], [example[1]], "o", color=COLORS["accent"], markersize=6)
        ax.set_title(f"rule '{rule}'", fontsize=10)
        ax.set_xlabel("orders shipped that day")
    axes[0].set_ylabel("orders detected as fake shipping")
    handles = [axes[0].fill([], [], color=COLORS["bad"])[0], axes[0].fill([], [], color=COLORS["muted"])[0]]
    labels = ["whole day counts", "only detected orders count"]
    if example is not None:
        handles.append(axes[0].plot([], [], "o", color=COLORS["accent"])[0])
        labels.append(f"example: {example[0]} shipped, {example[1]} detected")
    figure.legend(handles, labels, loc="outside lower center", ncol=3, frameon=False, fontsize=9)
    return Chart(figure, "whole-day verdict by rule version")
