"""The deposit-refund timeline: last trade finished → after-sales period → conditions met → unfreeze →
transfer out, with today marked.

`timeline_events(result)` is the data (tested); `DepositTimeline` draws it on one reused figure (the
calculator updates its artists); `deposit_timeline(result)` returns a `Chart` for a notebook.
Labels are English only (see handbook.plots.base).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from matplotlib import dates as mdates
from matplotlib.patches import Rectangle

from handbook.plots.base import COLORS, Chart, new_figure
from handbook.rules.fulfilment import DepositRefund

__all__ = ["DepositTimeline", "TimelineEvent", "deposit_timeline", "timeline_events", "blocked_text"]

DAY = timedelta(days=1)


@dataclass(frozen=True)
class TimelineEvent:
    key: str
    label: str
    on: date


def timeline_events(result: DepositRefund) -> tuple[TimelineEvent, ...]:
    """The dated milestones of a deposit refund, in order (those the result can date)."""
    events = []
    if result.last_trade_finished_on is not None:
        events.append(TimelineEvent("last_trade", "Last trade finished", result.last_trade_finished_on))
    if result.conditions_met_on is not None:
        events.append(TimelineEvent("conditions_met", "All conditions hold (day 0)", result.conditions_met_on))
        events.append(TimelineEvent("unfreeze", "Unfreezes: transfer out", result.unfreezes_on))
    return tuple(events)


def blocked_text(result: DepositRefund) -> str:
    """Why the timeline stops (English, for inside the figure), or '' when nothing but time blocks."""
    parts = []
    for blocker in result.blockers:
        if blocker.code == "protection_open":
            parts.append("buyer protection still on")
        elif blocker.code == "unfinished_trades":
            parts.append("unfinished trade(s)")
        elif blocker.code == "open_complaints":
            parts.append("open complaint(s)")
    return ("Unfreeze date unknown until cleared: " + ", ".join(parts)) if parts else ""


class DepositTimeline:
    """One figure whose artists are created once and moved by `draw(figure, result)`."""

    def __init__(self, width: float = 7.2, height: float = 2.8):
        self.figure = new_figure(width, height)
        ax = self.ax = self.figure.add_subplot()
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        self.after_sales = ax.add_patch(Rectangle((0, 0.42), 1, 0.16, color=COLORS["warn"], alpha=0.6,
                                                  label="After-sales period"))
        self.waiting = ax.add_patch(Rectangle((0, 0.42), 1, 0.16, color=COLORS["accent"], alpha=0.35,
                                              label="Waiting for the unfreeze"))
        self.transfer = ax.add_patch(Rectangle((0, 0.42), 1, 0.16, color=COLORS["ok"], alpha=0.6,
                                               label="Transfer out (by hand)"))
        (self.markers,) = ax.plot([], [], "o", color=COLORS["neutral"], zorder=3)
        self.labels = [ax.text(0, 0, "", ha="center", fontsize=8) for _ in range(3)]
        self.today = ax.axvline(0, color=COLORS["bad"], linestyle="--", linewidth=1.2)
        self.today_label = ax.text(0, 0.97, "Today", color=COLORS["bad"], ha="center", va="top", fontsize=8)
        self.message = ax.text(0.5, 0.8, "", transform=ax.transAxes, ha="center", va="center", fontsize=9,
                               color=COLORS["bad"], bbox={"facecolor": COLORS["paper"], "edgecolor": COLORS["bad"]})
        ax.legend(handles=[self.after_sales, self.waiting, self.transfer], loc="lower center",
                  ncol=3, fontsize=7, frameon=False, bbox_to_anchor=(0.5, -0.02))
        self.title = ax.set_title("", fontsize=10)

    @staticmethod
    def _span(patch: Rectangle, start: date | None, end: date | None) -> None:
        visible = start is not None and end is not None and end > start
        patch.set_visible(visible)
        if visible:
            patch.set_x(mdates.date2num(start))
            patch.set_width(mdates.date2num(end) - mdates.date2num(start))

    def draw(self, _figure, result: DepositRefund) -> None:
        events = timeline_events(result)
        when = {e.key: e.on for e in events}
        ends = result.after_sales_ends_on
        self._span(self.after_sales, when.get("last_trade"), ends + DAY if ends else None)
        self._span(self.waiting, when.get("conditions_met"), when.get("unfreeze"))
        tail = max([result.today, *when.values()]) + timedelta(days=7)
        self._span(self.transfer, when.get("unfreeze"), tail if "unfreeze" in when else None)
        xs = [mdates.date2num(e.on) for e in events]
        self.markers.set_data(xs, [0.5] * len(xs))
        for i, text in enumerate(self.labels):
            if i < len(events):
                top = i % 2 == 1
                text.set_position((xs[i], 0.62 if top else 0.38))
                text.set_verticalalignment("bottom" if top else "top")
                text.set_text(f"{events[i].label}\n{events[i].on.isoformat()}")
                text.set_visible(True)
            else:
                text.set_visible(False)
        today = mdates.date2num(result.today)
        self.today.set_xdata([today, today])
        self.today_label.set_x(today)
        self.message.set_text(blocked_text(result))
        self.message.set_visible(bool(self.message.get_text()))
        start = min([result.today, *when.values()]) - timedelta(days=4)
        self.ax.set_xlim(mdates.date2num(start), mdates.date2num(tail))
        self.title.set_text({
            "blocked": "Deposit refund: blocked",
            "after_sales": "Deposit refund: waiting for the after-sales period to end",
            "unfreezing": "Deposit refund: conditions met, unfreeze pending",
            "unfrozen": "Deposit refund: unfrozen, transfer it out",
        }[result.stage])


def deposit_timeline(result: DepositRefund) -> Chart:
    """The deposit-refund timeline of one result, as a Chart."""
    timeline = DepositTimeline()
    timeline.draw(timeline.figure, result)
    return Chart(timeline.figure, f"deposit refund timeline, {result.stage}, today {result.today.isoformat()}")
