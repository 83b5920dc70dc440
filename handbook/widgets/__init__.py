"""Thin ipywidgets views over `handbook.rules`, one module per policy area."""
