"""The parameter registry: every policy figure, dated and sourced.

    >>> from handbook import policy
    >>> policy.get("pinduoduo_intl.customs.annual_limit", on=date(2026, 1, 1))
    Decimal('26000')

- `today()` — the "as of" date: `HANDBOOK_TODAY` (ISO date) when set, else today in Asia/Shanghai.
- `get(id, on=...)` — the value in force on a date (money as `Decimal`, counts as `int`,
  clock times as `datetime.time`).
- `ref(id, on=...)` — the same value with its label, unit, effective date and source (`ParamValue`),
  which rules put into their explanations.
- `describe(id)` — the parameter with its whole history (renders as a table in a notebook).
- `table(on=..., prefix=...)` — a pandas DataFrame of the parameters in force on a date.
- `scenario(overlay)` — a context manager for what-if analysis: an overlay (`handbook.policy.overlay`:
  id → bare value, or a list of `{from, value}`) replaces values from their dates on without touching the
  files, undone on exit (also when an exception escapes); scenarios nest, and their values are marked.
  `HANDBOOK_PARAMETERS_OVERLAY=FILE.yaml` applies an overlay file under every scenario, process-wide (so a
  notebook kernel started with it sees it).

The files are parsed and validated once, at import; a broken file fails the import with a
`ParameterFileError` that names file, parameter and problem.
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from handbook.errors import PolicyInputError
from handbook.markdown import table as markdown_table
from handbook.policy import overlay as _overlay
from handbook.policy.overlay import ALWAYS, Overlay, ScenarioValue
from handbook.policy.registry import Parameter, Source, entry_on, load_directory
from handbook.policy.units import SHANGHAI, UNITS

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARAMETERS_DIR = Path(__file__).parent / "parameters"

_PARAMETERS: dict[str, Parameter] = load_directory(PARAMETERS_DIR)
OVERLAY_ENV = "HANDBOOK_PARAMETERS_OVERLAY"
# The scenarios entered with `scenario()`, innermost last (the environment's overlay lies under them all).
_LAYERS: contextvars.ContextVar[tuple[Overlay, ...]] = contextvars.ContextVar("handbook_policy_scenarios",
                                                                             default=())
_ENV_OVERLAYS: dict[str, Overlay] = {}

__all__ = ["ParamValue", "active_scenarios", "describe", "get", "ids", "load_overlay", "ref", "scenario",
           "table", "table_md", "today", "using_scenarios"]


@dataclass(frozen=True)
class ParamValue:
    """A parameter's value on a date, with what an explanation needs to cite it."""

    id: str
    value: Any
    label: str
    label_zh: str
    unit: str
    effective_from: date | None
    source: Source | None
    note: str | None = None
    overridden: bool = False
    scenario: str | None = None  # the what-if scenario the value comes from (overridden values only)

    @property
    def text(self) -> str:
        """The value as prose states it: '26,000 yuan', '30%', '20:00'."""
        return UNITS[self.unit].format(self.value)

    def citation(self) -> str:
        if self.overridden:
            label = self.scenario or "what-if scenario"
            if self.effective_from is None:
                return f"{label} override (not in force)"
            return f"{label}, from {self.effective_from} (not in force)"
        return f"{self.source}, in force from {self.effective_from}"


TODAY_ENV = "HANDBOOK_TODAY"


def today() -> date:
    """The handbook's "as of" date: the default `on` of every rule and calculator.

    `HANDBOOK_TODAY=YYYY-MM-DD` in the environment pins it (the test, notebook and site targets of the
    Makefile do, so stored outputs are deterministic); unset or empty, it is today's date in Asia/Shanghai
    (`make lab`, `make app`). A value that is not an ISO date raises `PolicyInputError` naming the variable.
    The variable is read on every call, so a kernel started with it sees it.
    """
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            if not _ISO_DATE.match(pinned):
                raise ValueError(pinned)
            return date.fromisoformat(pinned)
        except ValueError:
            raise PolicyInputError(
                TODAY_ENV, pinned, "an ISO date YYYY-MM-DD (e.g. 2026-11-21), or unset for today in Asia/Shanghai"
            ) from None
    return datetime.now(SHANGHAI).date()


def ids(prefix: str | None = None) -> list[str]:
    return sorted(p for p in _PARAMETERS if prefix is None or p.startswith(prefix))


def _parameter(pid: str) -> Parameter:
    try:
        return _PARAMETERS[pid]
    except KeyError:
        close = [p for p in _PARAMETERS if p.rsplit(".", 1)[0] == pid.rsplit(".", 1)[0]]
        hint = f" (same group: {', '.join(close)})" if close else ""
        raise PolicyInputError("parameter id", pid, f"a known parameter id{hint}") from None


def _env_overlays() -> tuple[Overlay, ...]:
    """The overlay named by HANDBOOK_PARAMETERS_OVERLAY (read and checked once per file name)."""
    name = os.environ.get(OVERLAY_ENV, "").strip()
    if not name:
        return ()
    if name not in _ENV_OVERLAYS:
        _ENV_OVERLAYS[name] = _overlay.load(name, _parameter, field=OVERLAY_ENV,
                                            label=f"what-if scenario ({Path(name).name})")
    return (_ENV_OVERLAYS[name],)


def _effective(pid: str) -> Parameter:
    """The parameter's history as the active scenarios (and the environment's overlay) make it."""
    parameter = _parameter(pid)
    for layer in (*_env_overlays(), *_LAYERS.get()):
        values = layer.get(pid)
        if values:
            parameter = _overlay.apply(parameter, values)
    return parameter


def describe(pid: str) -> Parameter:
    """The parameter with labels, unit and its whole dated history with sources.

    Inside a scenario the history is the scenario's: its values are marked (no source, 'what-if scenario').
    """
    return _effective(pid)


def ref(pid: str, on: date | None = None) -> ParamValue:
    """The value in force on `on` (default `today()`) with its label, unit and source."""
    parameter = _effective(pid)
    if on is None:
        on = today()
    if not isinstance(on, date) or isinstance(on, datetime):
        raise PolicyInputError("on", on, "a datetime.date")
    entry = entry_on(parameter, on)
    if entry is None:
        first = parameter.values[0].start
        if on < first:
            raise PolicyInputError(
                "on", on, f"a date on or after {first}",
                reason=f"'{parameter.label}' ({pid}) has no value before {first}",
            )
        raise PolicyInputError(
            "on", on, "a date while the parameter was in force",
            reason=f"'{parameter.label}' ({pid}) stopped being in force",
        )
    if isinstance(entry, ScenarioValue):
        start = None if entry.start == ALWAYS else entry.start
        return ParamValue(pid, entry.value, parameter.label, parameter.label_zh, parameter.unit,
                          start, None, entry.note, overridden=True, scenario=entry.scenario)
    return ParamValue(pid, entry.value, parameter.label, parameter.label_zh, parameter.unit,
                      entry.start, entry.source, entry.note)


def get(pid: str, on: date | None = None) -> Any:
    """The value of parameter `pid` in force on `on` (default: `today()`)."""
    return ref(pid, on).value


def load_overlay(path: str | Path) -> Overlay:
    """Read and check an overlay file (see `handbook.policy.overlay`); pass the result to `scenario()`."""
    return _overlay.load(path, _parameter)


@contextmanager
def scenario(overlay: Mapping[str, Any] | str | Path) -> Iterator[None]:
    """What-if: inside the `with` block, use these values, each from its date (files are never touched).

    `overlay` is the overlay format of `handbook.policy.overlay` (also what drills, the workbench and the
    CLI take) or the path of such a YAML file::

        with policy.scenario({"pinduoduo_intl.customs.annual_limit": [{"from": date(2027, 1, 1), "value": 30000}]}):
            ...   # 30,000 yuan on and after 2027-01-01, the registry's value before
        with policy.scenario({"pinduoduo.fake_shipping.cap": 50}):   # a bare value: every date
            ...

    Every value is checked against its parameter's unit; an unknown id, a bad date or a value of the wrong
    unit raises `PolicyInputError` before anything changes. Scenarios nest (the inner one wins from its
    dates on); each is undone on exit, also when an exception escapes. Values from a scenario are marked
    in `explain()`, `describe()` and `table()`.
    """
    if isinstance(overlay, (str, Path)):
        checked = load_overlay(overlay)
    else:
        checked = _overlay.parse(overlay, _parameter)
    token = _LAYERS.set((*_LAYERS.get(), checked))
    try:
        yield
    finally:
        _LAYERS.reset(token)


def active_scenarios() -> tuple[Overlay, ...]:
    """The scenarios active here (outermost first): capture them to re-enter later with `using_scenarios`."""
    return _LAYERS.get()


@contextmanager
def using_scenarios(scenarios: tuple[Overlay, ...]) -> Iterator[None]:
    """Run the block under exactly `scenarios` (as captured by `active_scenarios()`), whatever is active.

    A calculator captures the scenarios it was built in and re-enters them around every recompute, so a
    widget callback (which runs outside the `with` block that built it) keeps the scenario.
    """
    token = _LAYERS.set(tuple(scenarios))
    try:
        yield
    finally:
        _LAYERS.reset(token)


def table(on: date | None = None, prefix: str | None = None, *, only: Iterable[str] | None = None):
    """A DataFrame of the parameters in force on `on` (optionally only ids starting with `prefix`, or in `only`)."""
    import pandas as pd

    rows = []
    wanted = None if only is None else set(only)
    for pid in ids(prefix):
        if wanted is not None and pid not in wanted:
            continue
        parameter = _PARAMETERS[pid]
        try:
            value = ref(pid, on)
        except PolicyInputError:
            continue  # not in force on that date: listed by describe(), not here
        rows.append({
            "id": pid,
            "label": parameter.label,
            "label_zh": parameter.label_zh,
            "value": value.text,
            "in force from": value.effective_from,
            "source": value.citation() if value.overridden else str(value.source),
            "read on": value.source.read_on if value.source else None,
        })
    return pd.DataFrame(rows, columns=["id", "label", "label_zh", "value", "in force from",
                                       "source", "read on"])


def table_md(on: date | None = None, prefix: str | None = None, *, only: Iterable[str] | None = None):
    """`table()` as a Markdown table (renders untruncated in JupyterLab, Voilà and the docs), with a history
    column: the parameter's other dated values, earlier and upcoming (`handbook.policy.history`)."""
    from handbook.policy.history import history_text

    frame = table(on, prefix, only=only)
    frame["history"] = [history_text(describe(pid), on or today()) for pid in frame["id"]]
    return markdown_table(frame, ["label", "label_zh", "value", "in force from", "history", "source", "id"])
