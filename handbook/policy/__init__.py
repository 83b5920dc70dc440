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
from handbook.policy.registry import Parameter, Source, dated_text, entry_on, load_directory
from handbook.policy.units import SHANGHAI, UNITS

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARAMETERS_DIR = Path(__file__).parent / "parameters"

_PARAMETERS: dict[str, Parameter] = load_directory(PARAMETERS_DIR)
OVERLAY_ENV = "HANDBOOK_PARAMETERS_OVERLAY"
# The scenarios entered with `scenario()`, innermost last (the environment's overlay lies under them all).
_LAYERS: contextvars.ContextVar[tuple[Overlay, ...]] = contextvars.ContextVar("handbook_policy_scenarios",
                                                                             default=())
_ENV_OVERLAYS: dict[str, Overlay] = {}
_TRACE_FILE = os.environ.get("HANDBOOK_PARAMETERS_TRACE", "").strip()
_TRACED: set[str] = set()

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
    from_is: str = "in_force"  # in_force | stated (the date is only its article's) | decided (handbook's own)

    @property
    def text(self) -> str:
        """The value as prose states it: '26,000 yuan', '30%', '20:00'."""
        return UNITS[self.unit].format(self.value)

    @property
    def dated(self) -> str:
        """What the date means, as a user reads it: 'in force from 2019-01-01', 'stated in the article of
        2023-01-29' (no known start), or the what-if scenario it comes from."""
        if self.overridden:
            label = self.scenario or "what-if scenario"
            if self.effective_from is None:
                return f"{label} override (not in force)"
            return f"{label}, from {self.effective_from} (not in force)"
        return dated_text(self.from_is, self.effective_from)

    @property
    def stated(self) -> bool:
        """True when the date is only that of the article stating the value (its start is not known)."""
        return self.from_is == "stated"

    def citation(self) -> str:
        if self.overridden:
            return self.dated
        return f"{self.source}, {self.dated}"


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
    Like `ref`, a read is traced (HANDBOOK_PARAMETERS_TRACE): a page that shows a history reads the parameter.
    """
    if _TRACE_FILE and pid not in _TRACED and not _UNTRACED.get():
        _trace(pid)
    return _effective(pid)


_UNTRACED: contextvars.ContextVar[bool] = contextvars.ContextVar("handbook_policy_untraced", default=False)


@contextmanager
def untraced() -> Iterator[None]:
    """Reads inside this block are not traced: checks that look at every parameter (the figure check) use it."""
    token = _UNTRACED.set(True)
    try:
        yield
    finally:
        _UNTRACED.reset(token)


def _trace(pid: str) -> None:
    """HANDBOOK_PARAMETERS_TRACE=FILE: append each parameter id this process reads, once (drills use it)."""
    _TRACED.add(pid)
    with open(_TRACE_FILE, "a", encoding="utf-8") as trace:
        trace.write(pid + "\n")


def ref(pid: str, on: date | None = None) -> ParamValue:
    """The value in force on `on` (default `today()`) with its label, unit and source."""
    if _TRACE_FILE and pid not in _TRACED and not _UNTRACED.get():
        _trace(pid)
    parameter = _effective(pid)
    if on is None:
        on = today()
    if not isinstance(on, date) or isinstance(on, datetime):
        raise PolicyInputError("on", on, "a date as YYYY-MM-DD, for example 2026-11-21")
    entry = entry_on(parameter, on)
    if entry is None:
        first = parameter.values[0]
        if on < first.start and first.stated:
            raise PolicyInputError(
                "on", on, f"a date on or after {first.start}",
                reason=f"'{parameter.label}' ({pid}) is first stated in the article of {first.start}; "
                       "the handbook does not know whether it applied before",
            )
        if on < first.start:
            raise PolicyInputError(
                "on", on, f"a date on or after {first.start}",
                reason=f"'{parameter.label}' ({pid}) has no value before {first.start}",
            )
        raise PolicyInputError(
            "on", on, "a date while the parameter was in force",
            reason=f"'{parameter.label}' ({pid}) stopped being in force",
        )
    if isinstance(entry, ScenarioValue):
        start = None if entry.start == ALWAYS else entry.start
        return ParamValue(pid, entry.value, parameter.label, parameter.label_zh, parameter.unit,
                          start, entry.source, entry.note, overridden=True, scenario=entry.scenario)
    return ParamValue(pid, entry.value, parameter.label, parameter.label_zh, parameter.unit,
                      entry.start, entry.source, entry.note, from_is=entry.from_is)


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
    """A DataFrame of the parameters in force on `on` (optionally only ids starting with `prefix`, or in `only`).

    `from` is the value's date and `dated` says what that date is: "in force from …", "stated in the article
    of …" (the start is not known), or the what-if scenario the value comes from.
    """
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
            "from": value.effective_from,
            "dated": value.dated,
            "source": value.dated if value.overridden else str(value.source),
            "read on": None if value.overridden else value.source.read_on,
        })
    return pd.DataFrame(rows, columns=["id", "label", "label_zh", "value", "from", "dated", "source", "read on"])


def _marked_history(text: str) -> str:
    return text if text == "—" else f"<!-- history -->{text}<!-- /history -->"


def table_md(on: date | None = None, prefix: str | None = None, *, only: Iterable[str] | None = None):
    """`table()` as a Markdown table (renders untruncated in JupyterLab, Voilà and the docs), with a history
    column: the parameter's other dated values, earlier and upcoming (`handbook.policy.history`)."""
    from handbook.policy.history import history_text
    from handbook.reference.links import link

    frame = table(on, prefix, only=only)
    # past values on purpose: marked as history for the figure check (handbook.figure_check.history)
    frame["history"] = [_marked_history(history_text(describe(pid), on or today())) for pid in frame["id"]]
    # Each citation links to its entry on the Sources page (publisher, date, what the source covers).
    refs = [ref(pid, on) for pid in frame["id"]]
    frame["source"] = [s if r.source is None or r.overridden else s.replace(r.source.document, link(r.source.document), 1)
                       for s, r in zip(frame["source"], refs, strict=True)]
    return markdown_table(frame, ["label", "label_zh", "value", "dated", "history", "source", "id"])
