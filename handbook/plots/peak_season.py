"""Figures for the AliExpress Double 11 peak season: orders in each state over time, two scenarios side by
side, and the arrival curve.

Every figure is built once and then updated in place (`draw_states`, `draw_compare` change line data and
limits only). For widgets the lines, titles and y axes are *animated* artists and `render_png` blits them
over cached backgrounds (frame, time axis, legend; plus the y axes per y range), so a change redraws only
the lines; y ranges are rounded up to round numbers. English labels only (see `handbook.plots.base`).
The x axis is hours from the window start, labelled with Asia/Shanghai clock times.
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PIL import Image

from handbook.errors import PolicyInputError
from handbook.plots.base import COLORS, Chart, new_figure
from handbook.rules.peak_season import COLUMNS, STATE_LABELS, PeakComparison, PeakRun, PeakScenario, wait_text

__all__ = [
    "BACKLOG_LINES", "TOTAL_LINES", "arrival_chart", "compare_chart", "draw_compare", "draw_states",
    "new_compare_figure", "new_states_figure", "nice_ceiling", "render_png", "series", "states_chart",
]

#: (column, label, colour, line style) of the upper panel: running totals
TOTAL_LINES = (
    ("arrived", "Arrived (total)", COLORS["neutral"], "-"),
    ("shipped", STATE_LABELS["shipped"], COLORS["ok"], "-"),
)
#: the lower panel: orders in a waiting state now, and the closures so far
BACKLOG_LINES = (
    ("in_payment_processing", STATE_LABELS["in_payment_processing"], COLORS["warn"], "-"),
    ("waiting_for_notice", STATE_LABELS["waiting_for_notice"], COLORS["bad"], "-"),
    ("notice_filled", STATE_LABELS["notice_filled"], COLORS["accent"], "-"),
    ("goods_sent_before_notice", "Goods sent, notice not filled", COLORS["bad"], ":"),
    ("closed_by_risk_control", "Closed by risk control (total)", COLORS["ink"], "--"),
)


def series(data) -> tuple[PeakScenario, dict[str, np.ndarray]]:
    """The scenario and one array per column, from a `PeakRun` or a frame returned by `simulate`."""
    if isinstance(data, PeakRun):
        return data.scenario, data.columns
    attrs = getattr(data, "attrs", None) or {}
    if "scenario" in attrs and all(c in getattr(data, "columns", ()) for c in COLUMNS):
        return attrs["scenario"], {c: data[c].to_numpy() for c in COLUMNS[1:]}
    raise PolicyInputError("data", type(data).__name__, "a PeakRun or a DataFrame returned by simulate()")


def _hour_ticks(start: datetime, hours: int) -> tuple[list[float], list[str]]:
    """Ticks at 00:00 and 12:00 (every 6 h for windows up to a day), labelled with the clock time."""
    step = 6 if hours <= 24 else 12
    first = start.replace(minute=0, second=0, microsecond=0)
    while first < start or first.hour % step:
        first += timedelta(hours=1)
    positions, labels = [], []
    moment = first
    while moment <= start + timedelta(hours=hours):
        positions.append((moment - start).total_seconds() / 3600)
        labels.append(moment.strftime("%d %b\n%H:%M"))
        moment += timedelta(hours=step)
    return positions, labels


@dataclass
class _Panel:
    axes: object
    lines: dict
    key: tuple | None = None  # (start, hours) the ticks were set for


NICE_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at or above `value` (1 for
    nothing to show)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in NICE_STEPS:
        if value <= step * power * (1 + 1e-12):
            return float(step * power)
    return float(10 * power)


def _compact(value: float, _position=None) -> str:
    """Tick labels of near-constant width ('500', '12k', '1.5M') so a frozen layout never clips them."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


def _legend(figure: Figure, panels, ncol: int) -> None:
    """One legend for the figure, below the panels, so no line ever crosses it."""
    handles = [line for panel in panels for line in panel.lines.values()]
    figure.legend(handles=handles, loc="outside lower center", ncol=ncol, fontsize=7.5, frameon=False)


def _panel(ax, specs, *, animated: bool) -> _Panel:
    lines = {}
    for column, label, colour, style in specs:
        (line,) = ax.plot([], [], color=colour, linestyle=style, linewidth=1.6, label=label, animated=animated)
        lines[column] = line
    ax.yaxis.set_major_formatter(FuncFormatter(_compact))
    ax.grid(True, color=COLORS["grid"], linewidth=0.6)
    ax.set_axisbelow(True)  # grid under the lines, also when blitted
    ax.yaxis.set_animated(animated)  # the y scale follows the data without redrawing the background
    return _Panel(ax, lines)


def _update(panel: _Panel, scenario: PeakScenario, columns: dict, x: np.ndarray) -> float:
    top = 1.0
    for column, line in panel.lines.items():
        y = columns[column]
        line.set_data(x, y)
        top = max(top, float(y.max()) if len(y) else 0.0)
    key = (scenario.start, scenario.hours)
    if panel.key != key:
        positions, labels = _hour_ticks(scenario.start, scenario.hours)
        panel.axes.set_xticks(positions, labels, fontsize=8)
        panel.axes.set_xlim(0, scenario.hours)
        panel.key = key
    panel.axes.set_ylim(0, nice_ceiling(top * 1.05))
    return top


def new_states_figure(*, animated: bool = False) -> Figure:
    """An empty two-panel figure: running totals above, orders waiting now below.

    `animated=True` (widgets) makes the lines and the title animated artists for `render_png`'s blitting;
    `savefig` skips animated artists, so static charts use the default.
    """
    figure = new_figure(7.2, 5.0)
    upper, lower = figure.subplots(2, 1, sharex=True, height_ratios=(1, 1.4))
    upper.set_ylabel("orders (total)")
    lower.set_ylabel("orders now")
    figure._hb_peak_panels = (_panel(upper, TOTAL_LINES, animated=animated),
                              _panel(lower, BACKLOG_LINES, animated=animated))
    _legend(figure, figure._hb_peak_panels, ncol=4)
    figure._hb_peak_title = upper.set_title(" ", fontsize=9)
    figure._hb_peak_title.set_animated(animated)
    return figure


def draw_states(figure: Figure, data) -> None:
    """Draw (or update in place) the orders in each state over time for one simulation."""
    scenario, columns = series(data)
    x = np.arange(len(columns["arrived"])) / 60.0
    upper, lower = figure._hb_peak_panels
    _update(upper, scenario, columns, x)
    _update(lower, scenario, columns, x)
    figure._hb_peak_title.set_text(
        f"Double 11 {scenario.year}: {scenario.orders:,} orders, {scenario.staff} staff x "
        f"{scenario.notices_per_staff_hour} notices/h, card delay {scenario.delay_hours[0]}-"
        f"{scenario.delay_hours[1]} h")


def states_chart(data) -> Chart:
    """Orders in each state over the peak window (a `simulate` frame or a `PeakRun`)."""
    figure = new_states_figure()
    draw_states(figure, data)
    return Chart(figure, "Orders in each state over the peak window")


COMPARE_LINES = (
    ("in_payment_processing", STATE_LABELS["in_payment_processing"], COLORS["warn"], "-"),
    ("waiting_for_notice", STATE_LABELS["waiting_for_notice"], COLORS["bad"], "-"),
    ("closed_by_risk_control", "Closed by risk control (total)", COLORS["ink"], "--"),
)


def new_compare_figure(*, animated: bool = False) -> Figure:
    """An empty figure with two panels side by side on a shared y axis (`animated`: see `new_states_figure`)."""
    figure = new_figure(8.4, 3.7)
    left, right = figure.subplots(1, 2, sharey=True)
    left.set_ylabel("orders now")
    figure._hb_compare_panels = (_panel(left, COMPARE_LINES, animated=animated),
                                 _panel(right, COMPARE_LINES, animated=animated))
    _legend(figure, figure._hb_compare_panels[:1], ncol=3)
    for ax in (left, right):
        ax.set_title(" ", fontsize=9)
        ax.title.set_animated(animated)
    return figure


def _label(name: str, scenario: PeakScenario, peak: int, wait: timedelta) -> str:
    return f"{name}: {scenario.staff} staff - peak backlog {peak:,}, worst wait {wait_text(wait)}"


def draw_compare(figure: Figure, comparison: PeakComparison) -> None:
    """Draw (or update in place) two scenarios side by side; both panels share the y scale."""
    top = 1.0
    for panel, name, result, summary in zip(figure._hb_compare_panels, "AB",
                                            (comparison.first_run, comparison.second_run),
                                            (comparison.first, comparison.second)):
        x = np.arange(len(result.columns["arrived"])) / 60.0
        top = max(top, _update(panel, result.scenario, result.columns, x))
        panel.axes.set_title(_label(name, result.scenario, summary.peak_backlog, summary.worst_notice_wait),
                             fontsize=9)
    figure._hb_compare_panels[0].axes.set_ylim(0, nice_ceiling(top * 1.05))


def compare_chart(comparison: PeakComparison) -> Chart:
    """Two scenarios (e.g. 4 vs 8 staff) side by side on one figure."""
    figure = new_compare_figure()
    draw_compare(figure, comparison)
    return Chart(figure, "Two peak-season scenarios side by side")


def arrival_chart(scenario: PeakScenario | None = None) -> Chart:
    """The hourly arrival curve of a scenario (default: the handbook's curve), as expected orders per hour."""
    scenario = scenario or PeakScenario()
    weights = np.asarray(scenario.arrival_weights, dtype=float)
    expected = scenario.orders * weights / weights.sum()
    figure = new_figure(7.2, 2.6)
    ax = figure.add_subplot()
    ax.bar(np.arange(len(weights)) + 0.5, expected, width=0.9, color=COLORS["accent"])
    positions, labels = _hour_ticks(scenario.start, scenario.hours)
    ax.set_xticks(positions, labels, fontsize=8)
    ax.set_xlim(0, scenario.hours)
    ax.set_ylabel("orders per hour")
    ax.set_title(f"Expected order arrivals per hour ({scenario.orders:,} orders)", fontsize=10)
    return Chart(figure, "Order arrivals per hour")


SCALE_CACHE = 12  # backgrounds kept per figure, one per combination of y ranges (~1.3 MB each)


def render_png(figure: Figure) -> bytes:
    """The figure as PNG, fast, by blitting in two layers:

    1. the frame, the time axis and the legends (everything not animated): drawn once per time axis;
    2. plus the y axes (animated, under the lines): composed once per combination of y ranges and kept for
       the last `SCALE_CACHE` combinations, so moving a slider back and forth never redraws an axis;

    then the lines and titles are drawn over a copy and the canvas is encoded. The layout is computed on the
    first draw and then frozen (tick labels are compact, so it stays valid).
    """
    canvas = figure.canvas
    x_key = tuple((ax.get_xlim(), tuple(ax.get_xticks())) for ax in figure.axes)
    base = getattr(figure, "_hb_background", None)
    if base is None or base[0] != x_key:
        canvas.draw()  # skips animated artists
        engine = figure.get_layout_engine()
        if engine is not None and not type(engine).__name__.startswith("PlaceHolder"):
            figure.set_layout_engine("none")  # keep the positions just computed
        base = (x_key, canvas.copy_from_bbox(figure.bbox))
        figure._hb_background = base
        figure._hb_scales = OrderedDict()
    scales = figure._hb_scales
    y_key = tuple(ax.get_ylim() for ax in figure.axes)
    layer = scales.get(y_key)
    if layer is None:
        canvas.restore_region(base[1])
        for ax in figure.axes:
            if ax.yaxis.get_animated():
                ax.draw_artist(ax.yaxis)
        layer = scales[y_key] = canvas.copy_from_bbox(figure.bbox)
        while len(scales) > SCALE_CACHE:
            scales.popitem(last=False)
    else:
        scales.move_to_end(y_key)
        canvas.restore_region(layer)
    for ax in figure.axes:
        animated = [a for a in ax.get_children()
                    if a.get_animated() and a.get_visible() and a is not ax.yaxis]
        for artist in sorted(animated, key=lambda a: a.get_zorder()):
            ax.draw_artist(artist)
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
