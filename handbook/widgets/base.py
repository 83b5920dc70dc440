"""The shape every calculator widget shares: controls → pure rule → result (+ chart).

A calculator is a thin view. It reads its controls, calls one function from `handbook.rules`, and
shows the result as HTML, the rule's explanation under it, and optionally a chart. It never
computes policy itself. Bad input never shows a traceback: a `PolicyInputError` is shown as its
plain message in the result area, named by the box's own label, and nothing of the previous result
stays on screen (explanation emptied, chart hidden, class `hb-stale` on the calculator) until the
input is fixed: a trainee never reads an old answer beside a new question.

It updates widgets through their values (`HTML.value`, `Image.value`), never by printing into an
`Output` widget: that keeps notebooks deterministic under nbval and Voilà start-up reliable.

Tests drive it as a user would: set `calc.controls["paid_amount"].value = "50"` and read
`calc.result.value`.

Conventions every widget module in `handbook.widgets` follows (tests, benchmarks and the browser
tests rely on them):
- its public factories are listed in `__all__`, named as nouns for what they compute (`deadline`,
  `compensation`, `deposit_refund`, `simulation`), and each can be called with no arguments, returning a
  `Calculator` set to the notebook's default example (dates: its area's `example_date`);
- result renderers are private functions named `_<thing>_html`, colours come from `handbook.palette.COLORS`;
- a calculator built inside `policy.scenario(...)` keeps that scenario for every later recompute;
- a calculator's `name` becomes the CSS class `hb-calc-<name>`; each control gets
  `hb-input-<control-name>` and the result area `hb-result`, so a browser test can find them.
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from handbook import policy
from handbook.errors import DataFileError, PolicyInputError
from handbook.palette import COLORS
from handbook.plots.base import png

STYLE = {"description_width": "initial"}


def renamed(module: str, names: Mapping[str, str], namespace: Mapping[str, Any]) -> Callable[[str], Any]:
    """A module `__getattr__` that still serves old factory names: `old` warns (deprecated) and returns `new`."""

    def __getattr__(name: str) -> Any:
        if name in names:
            warnings.warn(f"{module}.{name} is deprecated; use {module}.{names[name]}", DeprecationWarning, stacklevel=2)
            return namespace[names[name]]
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__


def whole_number_box(value: int, description: str, **extra: Any) -> widgets.Text:
    """A box for a count of things. Text, not `IntText`: the browser's number box turns 2.5 into 2
    silently, while the rule (`inputs.count`) refuses a fraction with a message. Shown with separators."""
    return widgets.Text(value=f"{value:,}", description=description, continuous_update=False, style=STYLE, **extra)


STALE_NOTE = "No result until this is fixed; the previous result and chart are cleared."


def error_html(exc: PolicyInputError | DataFileError, label: str | None = None, *, note: str | None = None) -> str:
    """The error in plain words (`exc.plain(label)`; a broken data file says so), with an optional second line."""
    extra = f"<div class='hb-stale-note' style='color:{COLORS['neutral']};font-size:0.9em'>{html.escape(note)}</div>" if note else ""
    text = exc.plain(label) if isinstance(exc, PolicyInputError) else f"a data file of the handbook needs fixing: {exc}"
    return f"<div class='hb-error' style='color:{COLORS['bad']}'>⚠ {html.escape(text, quote=False)}</div>{extra}"


class ChartView:
    """A matplotlib figure shown through an `Image` widget; `draw(figure, result)` updates it.

    The figure is created once and reused: `draw` should update artists where it can, then the
    figure is rendered to PNG on the Agg canvas. The layout (constrained or tight) is computed on
    the first render and then frozen: re-solving it on every keystroke costs more than the drawing.
    """

    def __init__(self, figure, draw: Callable[[Any, Any], None], *, width: str = "560px"):
        self.figure = figure
        self.draw = draw
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=width))

    def update(self, result: Any) -> None:
        self.draw(self.figure, result)
        self.image.value = png(self.figure, fast=True)
        if self.figure.get_layout_engine() is not None:
            self.figure.set_layout_engine("none")  # positions stay as solved on the first render

    def hide(self, hidden: bool = True) -> None:
        """Hide the chart (its space is kept, so the page does not jump) while the input is wrong."""
        self.image.layout.visibility = "hidden" if hidden else None


class Calculator(widgets.VBox):
    """Controls on the left, result and explanation on the right, optional chart below."""

    def __init__(
        self,
        *,
        title: str,
        name: str,
        controls: Mapping[str, widgets.Widget],
        compute: Callable[..., Any],
        render: Callable[[Any], str],
        chart: ChartView | None = None,
        explain: bool = True,
    ):
        self.title = title
        self.name = name
        self.controls = dict(controls)
        self.compute = compute
        self.render = render
        self.chart = chart
        self.show_explanation = explain
        self.last_result: Any = None
        self.last_error: PolicyInputError | None = None
        # Built inside `policy.scenario(...)`? Keep it: every later recompute runs under the same scenarios.
        self.scenarios = policy.active_scenarios()
        self.result = widgets.HTML(layout=widgets.Layout(min_height="4em"))
        self.explanation = widgets.HTML()
        heading = widgets.HTML(f"<h4 style='margin:0.2em 0'>{html.escape(title)}</h4>")
        body = widgets.HBox(
            [widgets.VBox(list(self.controls.values()), layout=widgets.Layout(min_width="18em")),
             widgets.VBox([self.result, self.explanation], layout=widgets.Layout(flex="1"))]
        )
        children = [heading, body] + ([chart.image] if chart else [])
        super().__init__(children)
        self.add_class("hb-calculator")
        self.add_class(f"hb-calc-{name}")
        self.result.add_class("hb-result")
        self.explanation.add_class("hb-explanation")
        for control_name, control in self.controls.items():
            control.add_class(f"hb-input-{control_name.replace('_', '-')}")
            control.observe(self._changed, names="value")
        self.refresh()

    def __repr__(self) -> str:
        # The text nbval compares: the title and the result in plain words (no model ids, no bytes).
        text = re.sub(r"<[^>]+>", " ", self.result.value)
        return f"<Calculator {self.title!r}: {' '.join(html.unescape(text).split())}>"

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def _changed(self, _change: Mapping[str, Any]) -> None:
        self.refresh()

    def label(self, field: str) -> str | None:
        """The label a person sees for the control that feeds `field` (None when no control is named so)."""
        control = self.controls.get(field)
        description = getattr(control, "description", "") if control is not None else ""
        return description or None

    def show_error(self, exc: PolicyInputError | DataFileError) -> None:
        """Say what is wrong and what is accepted; clear everything the previous input produced."""
        self.last_result, self.last_error = None, exc
        label = self.label(exc.field) if isinstance(exc, PolicyInputError) else None
        self.result.value = error_html(exc, label, note=STALE_NOTE)
        self.explanation.value = ""
        if self.chart is not None:
            self.chart.hide()
        self.add_class("hb-stale")

    def refresh(self) -> None:
        with policy.using_scenarios(self.scenarios):
            self._refresh()

    def _refresh(self) -> None:
        try:
            result = self.compute(**self.values())
        except (PolicyInputError, DataFileError) as exc:  # a broken schedule file is read on first use
            self.show_error(exc)
            return
        self.last_result, self.last_error = result, None
        self.result.value = self.render(result)
        explain = getattr(result, "explain", None)
        self.explanation.value = explain().to_html() if (self.show_explanation and explain) else ""
        if self.chart is not None:
            self.chart.update(result)
            self.chart.hide(False)
        self.remove_class("hb-stale")
