"""The chargeback deadline as a calendar strip: one cell per day from the notice (day 0).

Cells are coloured by kind of day (workday, weekend, public holiday, make-up working day, or "unknown":
a day of a year whose official holiday schedule the handbook does not have yet; its statutory holidays are
still shown as holidays, the law fixes them); the working days counted towards the deadline are numbered,
the deadline has a thick red frame (dashed when it is provisional: the likely deadline), and the notice
day, today and a provisional answer's safe send-by date are marked under the strip.
English labels only (see handbook.plots.base).
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from handbook.plots.base import COLORS, Chart, new_figure
from handbook.rules.chargeback import DeadlineCheck, StripDay

__all__ = ["FILL", "KIND_LABEL", "calendar_strip", "draw_calendar_strip"]

FILL = {kind: COLORS[f"day_{kind}"] for kind in ("workday", "weekend", "holiday", "makeup_workday", "unknown")}
KIND_LABEL = {
    "workday": "",
    "weekend": "weekend",
    "holiday": "holiday",
    "makeup_workday": "make-up",
    "unknown": "unknown",
}
LEGEND = {
    "workday": "working day",
    "weekend": "weekend",
    "holiday": "public holiday",
    "makeup_workday": "make-up working day",
    "unknown": "schedule not published yet",
}


def _marks(day: StripDay) -> str:
    marks = []
    if day.is_notice:
        marks.append("notice")
    if day.is_today:
        marks.append("today")
    if day.is_send_by:
        marks.append("send by")
    return "\n".join(marks)


def _title(check: DeadlineCheck) -> str:
    if check.provisional:
        years = " and ".join(map(str, check.unknown_years))
        return (f"PROVISIONAL: the {years} holiday schedule is not published yet\n"
                f"Notice {check.notified_on:%a %d %b %Y} (day 0) -> likely deadline {check.deadline:%a %d %b %Y}; "
                f"send by {check.send_by:%a %d %b %Y}")
    return (f"Notice {check.notified_on:%a %d %b %Y} (day 0) -> deadline {check.deadline:%a %d %b %Y} "
            f"({check.working_days} working days)")


def _build(figure: Figure, n: int) -> dict:
    figure.clear()
    ax = figure.add_subplot()
    ax.set_xlim(-0.1, n + 0.1)
    ax.set_ylim(-0.8, 1.75)
    ax.set_axis_off()
    cells, heads, kinds, counts, marks = [], [], [], [], []
    for i in range(n):
        cell = Rectangle((i + 0.04, 0.0), 0.92, 1.0, facecolor=FILL["workday"], edgecolor=COLORS["neutral"],
                         linewidth=0.8)
        ax.add_patch(cell)
        cells.append(cell)
        heads.append(ax.text(i + 0.5, 1.08, "", ha="center", va="bottom", fontsize=7.5))
        kinds.append(ax.text(i + 0.5, 0.72, "", ha="center", va="center", fontsize=6.5))
        counts.append(ax.text(i + 0.5, 0.3, "", ha="center", va="center", fontsize=9, fontweight="bold"))
        marks.append(ax.text(i + 0.5, -0.08, "", ha="center", va="top", fontsize=7, color=COLORS["accent"]))
    title = ax.set_title("", fontsize=9)
    handles = [Patch(facecolor=FILL[k], edgecolor=COLORS["neutral"], label=LEGEND[k]) for k in FILL]
    handles.append(Patch(facecolor=COLORS["paper"], edgecolor=COLORS["bad"], linewidth=2.5, label="deadline (dashed: likely)"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.05), ncol=len(handles),
              fontsize=6.5, frameon=False, handlelength=1.2)
    state = {"n": n, "cells": cells, "heads": heads, "kinds": kinds, "counts": counts, "marks": marks,
             "title": title}
    figure._hb_strip = state  # reused by the next draw
    return state


def draw_calendar_strip(figure: Figure, check: DeadlineCheck) -> None:
    """Draw (or update in place, when the number of days is unchanged) the strip for `check`."""
    n = len(check.strip)
    state = getattr(figure, "_hb_strip", None)
    if state is None or state["n"] != n:
        state = _build(figure, n)
    for i, day in enumerate(check.strip):
        cell = state["cells"][i]
        cell.set_facecolor(FILL[day.kind])
        cell.set_hatch("////" if day.kind == "unknown" else None)
        cell.set_edgecolor(COLORS["bad"] if day.is_deadline else COLORS["neutral"])
        cell.set_linewidth(2.5 if day.is_deadline else 0.8)
        cell.set_linestyle((0, (3, 2)) if day.is_deadline and check.provisional else "solid")
        state["heads"][i].set_text(f"{day.day:%a}\n{day.day:%d %b}")
        kind = state["kinds"][i]
        if day.is_deadline and check.provisional:
            kind.set_text("LIKELY\nDEADLINE")
        else:
            kind.set_text(KIND_LABEL[day.kind] + ("\nDEADLINE" if day.is_deadline else ""))
        kind.set_color(COLORS["bad"] if day.is_deadline else COLORS["ink"])
        kind.set_bbox({"facecolor": COLORS["paper"], "edgecolor": "none", "pad": 1.0} if day.kind == "unknown" else None)
        state["counts"][i].set_text(str(day.count) if day.count else "")
        state["marks"][i].set_text(_marks(day))
    state["title"].set_text(_title(check))
    state["title"].set_color(COLORS["bad"] if check.provisional else COLORS["ink"])


def calendar_strip(check: DeadlineCheck, *, width: float = 9.0, height: float = 2.4) -> Chart:
    """A new figure with the calendar strip of a deadline check."""
    figure = new_figure(width, height)
    draw_calendar_strip(figure, check)
    likely = "likely " if check.provisional else ""
    return Chart(figure, f"calendar strip, notice {check.notified_on} -> {likely}deadline {check.deadline}")
