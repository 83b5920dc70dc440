"""Interaction latency of every calculator in `handbook.widgets`.

For each public factory of each widget module (see the conventions in handbook/widgets/base.py) it
builds the calculator, then for each control times setting `.value` — the same observer path the UI
uses: the rule recomputes, the result HTML is rebuilt and the chart is redrawn to PNG on the Agg
canvas. Values alternate between the default and a nearby value so every set really recomputes.

    python benchmarks/interaction.py [--repeat 5]

Targets: median over all widgets ≤ 50 ms; the slowest widget ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import pkgutil
import statistics
import sys
from pathlib import Path

import ipywidgets as widgets

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_time, print_table, verdict  # noqa: E402

import handbook.widgets  # noqa: E402
from handbook.widgets.base import Calculator  # noqa: E402

MEDIAN_TARGET_MS = 50
WORST_TARGET_MS = 100


def nearby(control: widgets.Widget):
    """A valid value next to the control's current one, or None when there is none to try."""
    value = control.value
    if isinstance(control, widgets.Dropdown | widgets.RadioButtons | widgets.ToggleButtons | widgets.Select):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return options[(options.index(value) + 1) % len(options)] if len(options) > 1 else None
    if isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        return not value
    if isinstance(control, widgets.IntRangeSlider | widgets.FloatRangeSlider):
        low, high = value
        return (low, high - 1) if high - 1 > low else (low, high + 1) if high + 1 <= control.max else None
    if isinstance(control, widgets.DatePicker) and isinstance(value, dt.date):
        return value - dt.timedelta(days=1)
    if isinstance(control, widgets.SelectMultiple):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if not options:
            return None
        first = options[0]
        return tuple(v for v in value if v != first) if first in value else tuple(value) + (first,)
    if hasattr(control, "max") and hasattr(control, "min") and isinstance(value, int | float):
        step = getattr(control, "step", 1) or 1
        return value - step if value - step >= control.min else value + step
    if isinstance(control, widgets.IntText | widgets.BoundedIntText):
        return value + 1
    if isinstance(control, widgets.FloatText | widgets.BoundedFloatText):
        return value + 1.0
    if isinstance(control, widgets.Text | widgets.Textarea):
        try:
            return str(float(value.replace(",", "")) + 1)
        except ValueError:
            return value + "x"
    return None


def calculators():
    for info in pkgutil.iter_modules(handbook.widgets.__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"handbook.widgets.{info.name}")
        for name in getattr(module, "__all__", []):
            factory = getattr(module, name)
            if not callable(factory):
                continue
            try:
                widget = factory()
            except TypeError:
                continue  # needs arguments: not a calculator factory
            if isinstance(widget, Calculator):
                yield f"{info.name}.{name}", widget


def time_control(calc: Calculator, control: widgets.Widget, repeat: int) -> float | None:
    original, other = control.value, nearby(control)
    if other is None:
        return None
    state = {"flip": False}

    def flip():
        state["flip"] = not state["flip"]
        control.value = other if state["flip"] else original

    seconds = median_time(flip, repeat=repeat, warmup=2)
    control.value = original
    return seconds


def quizzes():
    """Each area's quiz on its notebook's example date (the quiz is a widget too)."""
    from handbook.areas import AREAS
    from handbook.widgets import quiz

    for area in AREAS:
        yield f"quiz.for_area({area.slug!r})", quiz.for_area(area.slug, on=area.example_date)


def time_quiz(q, repeat: int) -> dict[str, float]:
    """Answer each question and press Check: the feedback (with the rule's explanation) is rebuilt."""
    times = {}
    for view in q.questions:
        options = getattr(view.control, "options", None)
        answer = (options[0][1] if isinstance(options[0], tuple) else options[0]) if options else view.posed.answer_text

        def check(view=view, answer=answer):
            view.control.value = answer
            view.check_button.click()
            view.retry_button.click()

        times[view.posed.id] = median_time(check, repeat=repeat, warmup=1) * 1000
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    rows, per_widget, with_chart = [], [], []
    for label, calc in calculators():
        times = {}
        for control_name, control in calc.controls.items():
            seconds = time_control(calc, control, args.repeat)
            if seconds is not None:
                times[control_name] = seconds * 1000
        if not times:
            continue
        slowest = max(times, key=times.get)
        widget_ms = statistics.median(times.values())
        per_widget.append(times[slowest])
        if calc.chart:
            with_chart.append(times[slowest])
        rows.append([label, len(times), f"{widget_ms:.1f}", f"{times[slowest]:.1f} ({slowest})",
                     "yes" if calc.chart else "no"])
    for label, q in quizzes():
        times = time_quiz(q, args.repeat)
        slowest = max(times, key=times.get)
        per_widget.append(times[slowest])
        rows.append([label, len(times), f"{statistics.median(times.values()):.1f}",
                     f"{times[slowest]:.1f} ({slowest})", "no"])
    print_table(["widget", "inputs", "median ms", "slowest input ms", "chart"], rows)
    if not per_widget:
        print("no calculators found")
        return 1
    overall = statistics.median(per_widget)
    worst = max(per_widget)
    print()
    print_table(
        ["figure", "measured", "target", "status"],
        [["median over widgets (slowest control each)", f"{overall:.1f} ms", f"≤ {MEDIAN_TARGET_MS} ms",
          verdict(overall <= MEDIAN_TARGET_MS)],
         ["median over widgets that redraw a chart", f"{statistics.median(with_chart):.1f} ms",
          f"≤ {MEDIAN_TARGET_MS} ms", verdict(statistics.median(with_chart) <= MEDIAN_TARGET_MS)],
         ["worst widget", f"{worst:.1f} ms", f"≤ {WORST_TARGET_MS} ms", verdict(worst <= WORST_TARGET_MS)]],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
