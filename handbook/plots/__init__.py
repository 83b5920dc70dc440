"""Figures, one module per policy area; each function returns a `Chart` built from rule output."""

from handbook.plots.base import Chart, new_figure, png

__all__ = ["Chart", "new_figure", "png"]
