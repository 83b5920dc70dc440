"""The what-if workbench (07-what-if): pick parameters, new values and effective dates (or load an overlay
file), then see baseline and scenario side by side. A thin view over `handbook.whatif.compare`.

Controls: a parameter picker with a value and an optional "from" date that adds a line `ID=VALUE[@FROM]` to
the change box (which can also be typed into, or filled from an uploaded overlay file); the date quizzes are
posed on and fake-shipping figures apply; an optional uploaded export (quota or fake-shipping; otherwise the
samples in `notebooks/data/`); and "Compare". A progress bar appears when a comparison takes more than a
second. As every calculator: the CSS class `hb-calc-workbench`, inputs `hb-input-<name>`, the result
`hb-result`, and `last_result` (a `whatif.WhatIf`) / `last_error` for tests.
"""

from __future__ import annotations

import html
import re
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from handbook import policy, whatif
from handbook.errors import PolicyInputError
from handbook.widgets.base import STYLE, error_html

__all__ = ["workbench"]

SHOWN = 15        # rows of each changes table shown (the counts above say how many there are)
SHOW_PROGRESS_AFTER = 1.0  # seconds
e = html.escape


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return e(str(value))


def _table(frame: pd.DataFrame | list[dict], css: str = "hb-whatif-table") -> str:
    frame = pd.DataFrame(frame) if not isinstance(frame, pd.DataFrame) else frame
    head = "".join(f"<th>{e(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
                   for row in frame.head(SHOWN).itertuples(index=False))
    more = f"<p>… and {len(frame) - SHOWN:,} more.</p>" if len(frame) > SHOWN else ""
    return f"<table class='{css}'><tr>{head}</tr>{body}</table>{more}"


def _quota_html(q: whatif.QuotaComparison) -> str:
    b, s = q.baseline.outcomes.get("clears", 0), q.scenario.outcomes.get("clears", 0)
    parts = [f"<h4>Quota audit of {e(q.source)} ({q.baseline.accepted:,} orders; limits in force on each "
             f"order's date)</h4>",
             f"<p class='hb-whatif-quota'>Orders that clear: <b>{b:,}</b> baseline → <b>{s:,}</b> scenario; "
             f"{len(q.changed):,} order(s) change outcome.</p>",
             _table(q.counts())]
    if len(q.changed):
        parts += ["<p>Orders whose outcome changes:</p>", _table(q.changed)]
    return "".join(parts)


def _fake_html(f: whatif.FakeShippingComparison) -> str:
    parts = [f"<h4>Fake-shipping audit of {e(f.source)} ({f.baseline.accepted:,} orders; figures in force on "
             f"{f.on})</h4>"]
    for row in f.totals().to_dict("records"):
        parts.append(f"<p class='hb-whatif-exposure'>Rule <b>{e(row['rule'])}</b>: exposure "
                     f"<b>{row['compensation baseline (yuan)']:,} yuan</b> baseline → "
                     f"<b>{row['compensation scenario (yuan)']:,} yuan</b> scenario "
                     f"(difference {row['difference (yuan)']:+,} yuan).</p>")
    parts.append(_table(f.totals()))
    if len(f.changed):
        parts += [f"<p>Product-days whose exposure changes ({len(f.changed):,}):</p>", _table(f.changed)]
    else:
        parts.append("<p>No product-day's exposure changes.</p>")
    return "".join(parts)


def _calculators_html(rows: Iterable[whatif.CalculatorRow]) -> str:
    rows = list(rows)
    moved = [r for r in rows if r.changed]
    table = [{"page": r.page, "calculator": r.title, "baseline": r.baseline, "scenario": r.scenario} for r in moved]
    head = (f"<h4>Calculators ({len(moved)} of {len(rows)} change their default case)</h4>")
    return head + (_table(table) if moved else "<p>No calculator's default case changes.</p>")


def _quizzes_html(rows: Iterable[whatif.QuizRow], on: date) -> str:
    rows = list(rows)
    head = f"<h4>Quiz answers that move (posed on {on})</h4>"
    if not rows:
        return head + "<p>No quiz answer moves.</p>"
    return head + _table([{"area": r.area, "question": r.prompt, "baseline": r.baseline, "scenario": r.scenario}
                          for r in rows])


def render(result: whatif.WhatIf) -> str:
    scenario = _table(whatif.describe_overlay(result.overlay))
    parts = [f"<h4>Scenario</h4>{scenario}"]
    if result.quota is not None:
        parts.append(_quota_html(result.quota))
    if result.fake_shipping is not None:
        parts.append(_fake_html(result.fake_shipping))
    parts += [_calculators_html(result.calculators), _quizzes_html(result.quizzes, result.on)]
    return "<div class='hb-whatif'>" + "".join(parts) + "</div>"


def _uploaded(upload: Any) -> tuple[str, bytes] | None:
    files = list(upload or ())
    if not files:
        return None
    file = files[-1]
    return str(file.get("name") or "upload"), bytes(file["content"])


class Workbench(widgets.VBox):
    """Baseline vs scenario for every calculator, an export's audits and the quizzes."""

    def __init__(self, changes: Iterable[str] = (), *, on: date | None = None):
        self.name = "workbench"
        self.title = "What-if workbench"
        self.last_result: whatif.WhatIf | None = None
        self.last_error: PolicyInputError | None = None
        self.last_seconds: float | None = None
        options = [(f"{policy.describe(p).label} — {p}", p) for p in policy.ids()]
        self.controls = {
            "parameter": widgets.Dropdown(options=options, description="Parameter", style=STYLE,
                                          layout=widgets.Layout(width="40em")),
            "value": widgets.Text(description="New value", placeholder="e.g. 30000", style=STYLE),
            "start": widgets.DatePicker(description="From (empty: always)", style=STYLE),
            "changes": widgets.Textarea(value="\n".join(changes), description="Changes (ID=VALUE[@FROM])",
                                        style=STYLE, rows=4, layout=widgets.Layout(width="40em")),
            "overlay": widgets.FileUpload(accept=".yaml,.yml,.json", multiple=False, description="Overlay file"),
            "on": widgets.DatePicker(value=on or policy.today(), description="Quizzes and fake-shipping figures on",
                                     style=STYLE),
            "export": widgets.FileUpload(accept=".csv,.xlsx", multiple=False, description="Upload export"),
            "export_kind": widgets.Dropdown(options=[("quota (customs)", "quota"),
                                                     ("fake-shipping", "fake_shipping")],
                                            description="Uploaded export is", style=STYLE),
        }
        self.add = widgets.Button(description="Add change", icon="plus")
        self.run_button = widgets.Button(description="Compare", button_style="primary")
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="Comparing",
                                            layout=widgets.Layout(visibility="hidden"))
        self.result = widgets.HTML(layout=widgets.Layout(min_height="4em"))
        c = self.controls
        picker = widgets.HBox([c["parameter"], c["value"], c["start"], self.add])
        inputs = widgets.VBox([picker, c["changes"], widgets.HBox([c["overlay"], c["on"]]),
                               widgets.HBox([c["export"], c["export_kind"]]),
                               widgets.HBox([self.run_button, self.progress])])
        super().__init__([widgets.HTML(f"<h4 style='margin:0.2em 0'>{e(self.title)}</h4>"), inputs, self.result])
        self.add_class("hb-calculator")
        self.add_class("hb-calc-workbench")
        self.result.add_class("hb-result")
        for name, control in c.items():
            control.add_class(f"hb-input-{name.replace('_', '-')}")
        self.add.add_class("hb-input-add")
        self.run_button.add_class("hb-input-compare")
        self.progress.add_class("hb-progress")
        self.add.on_click(lambda _b: self.add_change())
        self.run_button.on_click(lambda _b: self.refresh())
        c["overlay"].observe(lambda _c: self.load_overlay(), names="value")
        self.refresh()

    def __repr__(self) -> str:
        text = re.sub(r"<[^>]+>", " ", self.result.value)
        return f"<Workbench: {' '.join(html.unescape(text).split())}>"

    # --- actions --------------------------------------------------------------------------------------------

    def add_change(self) -> None:
        c = self.controls
        start = f"@{c['start'].value.isoformat()}" if c["start"].value else ""
        line = f"{c['parameter'].value}={c['value'].value.strip()}{start}"
        try:
            whatif.parse_change(line)
        except PolicyInputError as exc:
            self.result.value = error_html(exc)
            return
        c["changes"].value = "\n".join([*filter(None, c["changes"].value.splitlines()), line])

    def load_overlay(self) -> None:
        file = _uploaded(self.controls["overlay"].value)
        if file is None:
            return
        try:
            overlay = whatif.parse_overlay(file[1].decode("utf-8-sig"), name=file[0])
        except (PolicyInputError, UnicodeDecodeError) as exc:
            err = exc if isinstance(exc, PolicyInputError) else PolicyInputError(
                "overlay", file[0], "a UTF-8 YAML or JSON file", reason=str(exc))
            self.result.value = error_html(err)
            return
        self.controls["changes"].value = "\n".join(whatif.overlay_lines(overlay))
        self.refresh()

    def overlay(self) -> whatif.Overlay:
        return whatif.overlay_from_changes(self.controls["changes"].value.splitlines())

    def refresh(self) -> None:
        started = time.monotonic()
        self.progress.layout.visibility = "hidden"
        self.progress.value = 0

        def tick(step: int, what: str) -> None:
            self.progress.max = max(self.progress.max, step + 1)
            self.progress.value = step
            self.progress.description = what[:24]
            if time.monotonic() - started > SHOW_PROGRESS_AFTER:
                self.progress.layout.visibility = "visible"

        try:
            overlay = self.overlay()
            if not overlay:
                raise PolicyInputError("changes", "", "at least one line ID=VALUE[@FROM] (or load an overlay file)",
                                       reason="no change given")
            with tempfile.TemporaryDirectory() as folder:
                exports = self._exports(Path(folder))
                result = whatif.compare(overlay, on=self.controls["on"].value, progress=tick, **exports)
        except PolicyInputError as exc:
            self.last_result, self.last_error = None, exc
            self.result.value = error_html(exc)
            return
        finally:
            self.progress.layout.visibility = "hidden"
        self.last_seconds = time.monotonic() - started
        self.last_result, self.last_error = result, None
        self.result.value = render(result)

    def _exports(self, folder: Path) -> dict[str, Any]:
        exports: dict[str, Any] = {}
        file = _uploaded(self.controls["export"].value)
        if file is not None:
            name, content = file
            suffix = Path(name).suffix.lower()
            if suffix not in (".csv", ".xlsx"):
                raise PolicyInputError("export", name, "a .csv or .xlsx order export", reason="unknown file type")
            path = folder / f"upload{suffix}"
            path.write_bytes(content)
            kind = self.controls["export_kind"].value
            exports[f"{kind}_export"] = path
            exports["names"] = {kind: name}
        return exports


def workbench(changes: Iterable[str] = ("pinduoduo.fake_shipping.cap=50",), *, on: date | None = None) -> Workbench:
    """The workbench, run once on `changes` (lines `ID=VALUE[@FROM]`); `on` defaults to the as-of date."""
    return Workbench(changes, on=on)
