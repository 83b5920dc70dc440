"""Matplotlib figures without pyplot's global state.

A plot function in `handbook.plots.<area>` builds a `Chart` from data a rule produced. A `Chart`
displays as a PNG in a notebook, repr's as a stable one-liner (so nbval's text comparison never sees
a memory address), and exposes `.figure` so tests can read line and bar data.

Labels inside figures are English only: a CJK font is not guaranteed on every machine, and a
missing glyph would print a warning into the notebook. Chinese terms belong in the prose around it.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from handbook.palette import COLORS as PALETTE

DPI = 100
COLORS = PALETTE  # the handbook's one palette (handbook.palette), shared with the calculators


def new_figure(width: float = 6.4, height: float = 3.6) -> Figure:
    """A figure with an Agg canvas attached (no pyplot, no GUI)."""
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def png(figure: Figure, *, fast: bool = False) -> bytes:
    """The figure as PNG bytes. `fast` trades ~15 % file size for quicker encoding (widgets)."""
    buffer = io.BytesIO()
    options = {"pil_kwargs": {"compress_level": 1}} if fast else {}
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, **options)
    return buffer.getvalue()


class Chart:
    """A figure plus a title; shows as PNG in Jupyter and the static site."""

    def __init__(self, figure: Figure, title: str):
        self.figure = figure
        self.title = title

    def _repr_png_(self) -> bytes:
        return png(self.figure)

    def __repr__(self) -> str:
        return f"<Chart: {self.title}>"
