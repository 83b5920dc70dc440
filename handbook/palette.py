"""The one palette of the handbook: calculators (HTML) and charts (matplotlib) both read `COLORS`.

Roles, not hues: a calculator writes `COLORS["bad"]`, never a colour literal, so a verdict looks the same in a
calculator and in its chart.
"""

from __future__ import annotations

COLORS: dict[str, str] = {
    "ok": "#2e7d32",        # a good outcome: clears, eligible, open, valid
    "bad": "#c62828",       # a bad outcome or an error: exceeded, late, missing, closed
    "warn": "#f9a825",      # fills and lines that need attention (charts)
    "caution": "#e65100",   # text that needs attention: one working day left
    "caution_fill": "#fff3e0",  # the background of a provisional answer
    "note": "#8d6e00",      # text of a modelling note or adjustment
    "neutral": "#546e7a",   # neither good nor bad: "if applicable", hints (5.4:1 on white)
    "accent": "#1565c0",    # the value the reader entered
    "muted": "#b0bec5",     # background shapes of a chart
    "secondary": "#555555",  # secondary text under a result
    "grid": "#e0e0e0",      # chart grid lines
    "ink": "black",         # ordinary text and lines on a chart
    "paper": "white",       # a chart's background behind a label
    # the kinds of day on a working-day strip (chargebacks)
    "day_workday": "#ffffff",
    "day_weekend": "#cfd8dc",
    "day_holiday": "#ffcc80",
    "day_makeup_workday": "#90caf9",
    "day_unknown": "#eeeeee",
}
