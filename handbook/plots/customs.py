"""Figures for cross-border customs clearance: the buyer's quota bar and the limits over time.

English labels only (see `handbook.plots.base`); the Chinese terms are in the notebook prose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from matplotlib.figure import Figure

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.plots.base import COLORS, Chart, new_figure
from handbook.policy.units import format_number
from handbook.rules.customs import ANNUAL_LIMIT, SINGLE_LIMIT, QuotaCheck

__all__ = ["draw_quota_bar", "limit_history", "limits_over_time", "new_quota_figure", "quota_bar", "quota_segments"]

SEGMENT_NAMES = ("Spent this year", "This order", "Remaining after")


def quota_segments(check: QuotaCheck) -> tuple[Decimal, Decimal, Decimal]:
    """The three bar segments in yuan: spent, this order, quota remaining after the order (≥ 0)."""
    return (check.spent_this_year, check.order_amount, max(Decimal(0), check.annual_remaining_after))


def new_quota_figure() -> Figure:
    """An empty quota figure; `draw_quota_bar` fills it and later only updates its artists."""
    return new_figure(6.4, 2.4)


@dataclass
class _QuotaArtists:
    bars: list
    limit_line: object
    limit_label: object
    legend_texts: list
    legend_handles: list


def _quota_artists(figure: Figure) -> _QuotaArtists:
    artists = getattr(figure, "_hb_quota_artists", None)
    if artists is not None:
        return artists
    ax = figure.add_subplot()
    colors = [COLORS["neutral"], COLORS["ok"], COLORS["muted"]]
    bars = [ax.barh([0], [0], left=[0], height=0.5, color=c, label=n)[0] for c, n in zip(colors, SEGMENT_NAMES)]
    line = ax.axvline(0, color=COLORS["bad"], linestyle="--", linewidth=1.5)
    label = ax.text(0, 0.42, "", color=COLORS["bad"], ha="right", va="bottom", fontsize=9)
    ax.set_yticks([])
    ax.set_ylim(-0.5, 0.75)
    ax.set_xlabel("yuan")
    legend = figure.legend(handles=bars, loc="outside lower center", ncol=3, frameon=False, fontsize=9)
    artists = _QuotaArtists(bars, line, label, list(legend.get_texts()), list(legend.legend_handles))
    figure._hb_quota_artists = artists
    return artists


def draw_quota_bar(figure: Figure, check: QuotaCheck) -> None:
    """Draw (or update in place) spent / this order / remaining against the annual limit."""
    artists = _quota_artists(figure)
    ax = artists.bars[0].axes
    left = Decimal(0)
    for bar, width, name, text in zip(artists.bars, quota_segments(check), SEGMENT_NAMES, artists.legend_texts):
        bar.set_x(float(left))
        bar.set_width(float(width))
        left += width
        text.set_text(f"{name}: {format_number(width)}")
    order_colour = COLORS["ok"] if check.clears else COLORS["bad"]
    artists.bars[1].set_color(order_colour)
    artists.legend_handles[1].set_color(order_colour)
    limit = float(check.annual_limit)
    artists.limit_line.set_xdata([limit, limit])
    artists.limit_label.set_position((limit, 0.42))
    artists.limit_label.set_text(f"annual limit {format_number(check.annual_limit)} ")
    ax.set_xlim(0, float(max(check.annual_limit, check.total_after)) * 1.08 or 1.0)
    verdict = {"clears": "clears", "single_limit_exceeded": "over the single-transaction limit",
               "annual_limit_exceeded": "over the annual limit"}[check.outcome]
    ax.set_title(f"Annual quota {check.on.year}: this order {verdict}", fontsize=11)


def quota_bar(check: QuotaCheck) -> Chart:
    """The quota bar for one check, as a Chart."""
    figure = new_quota_figure()
    draw_quota_bar(figure, check)
    return Chart(figure, f"quota bar: {check.outcome}")


def limit_history(pid: str, until: date) -> list[tuple[date, Decimal]]:
    """(date, value) change points of a limit from its first value to `until`, ending with `until`.

    Reads the parameter's recorded history (what-if scenarios do not change it).
    """
    parameter = policy.describe(pid)
    first = parameter.values[0].start
    if until < first:
        raise PolicyInputError("until", until, f"a date on or after {first}")
    points = [(v.start, v.value) for v in parameter.values if v.start <= until]
    points.append((until, points[-1][1]))
    return points


def limits_over_time(until: date | None = None) -> Chart:
    """Step plot of the annual and single-transaction limits from 2016 to `until` (default today)."""
    until = policy.today() if until is None else until
    figure = new_figure(6.4, 4.0)
    axes = figure.subplots(2, 1, sharex=True)
    for ax, pid, name, color in [
        (axes[0], ANNUAL_LIMIT, "Annual limit", COLORS["accent"]),
        (axes[1], SINGLE_LIMIT, "Single-transaction limit", COLORS["warn"]),
    ]:
        points = limit_history(pid, until)
        xs = [d for d, _ in points]
        ys = [float(v) for _, v in points]
        ax.step(xs, ys, where="post", color=color, linewidth=2, label=name)
        for d, v in points[:-1]:
            ax.annotate(f"{format_number(v)} from {d.isoformat()}", (d, float(v)), xytext=(4, 6),
                        textcoords="offset points", fontsize=9)
        ax.set_ylim(0, max(ys) * 1.35)
        ax.set_ylabel("yuan")
        ax.set_title(name, fontsize=10, loc="left")
        ax.set_xlim(xs[0], until)
    figure.suptitle(f"Cross-border retail import limits, {xs[0].isoformat()} to {until.isoformat()}", fontsize=11)
    return Chart(figure, f"limits over time to {until.isoformat()}")
