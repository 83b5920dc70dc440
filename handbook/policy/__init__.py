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
- `scenario({id: value, ...})` — a context manager for what-if analysis: overrides values for
  every date without touching the files, undone on exit (also when an exception escapes).

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
from types import MappingProxyType
from typing import Any

from handbook.errors import PolicyInputError
from handbook.markdown import table as markdown_table
from handbook.policy.registry import Parameter, Source, entry_on, load_directory
from handbook.policy.units import SHANGHAI, UNITS, UnitError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARAMETERS_DIR = Path(__file__).parent / "parameters"

_PARAMETERS: dict[str, Parameter] = load_directory(PARAMETERS_DIR)
_OVERRIDES: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "handbook_policy_overrides", default=MappingProxyType({})
)

__all__ = ["ParamValue", "describe", "get", "ids", "ref", "scenario", "table", "table_md", "today"]


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

    @property
    def text(self) -> str:
        """The value as prose states it: '26,000 yuan', '30%', '20:00'."""
        return UNITS[self.unit].format(self.value)

    def citation(self) -> str:
        if self.overridden:
            return "what-if scenario override (not in force)"
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


def describe(pid: str) -> Parameter:
    """The parameter with labels, unit and its whole dated history with sources."""
    return _parameter(pid)


def ref(pid: str, on: date | None = None) -> ParamValue:
    """The value in force on `on` (default today) with its label, unit and source."""
    parameter = _parameter(pid)
    overrides = _OVERRIDES.get()
    if pid in overrides:
        return ParamValue(pid, overrides[pid], parameter.label, parameter.label_zh,
                          parameter.unit, None, None, overridden=True)
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
    return ParamValue(pid, entry.value, parameter.label, parameter.label_zh, parameter.unit,
                      entry.start, entry.source, entry.note)


def get(pid: str, on: date | None = None) -> Any:
    """The value of parameter `pid` in force on `on` (default: today in Asia/Shanghai)."""
    return ref(pid, on).value


@contextmanager
def scenario(overrides: Mapping[str, Any]) -> Iterator[None]:
    """What-if: use these values (for every date) inside the `with` block.

    Values are checked against the parameter's unit; an unknown id or a value of the wrong
    type raises `PolicyInputError` before anything changes. Files are never touched.
    """
    checked = {}
    for pid, value in overrides.items():
        parameter = _parameter(pid)
        try:
            checked[pid] = UNITS[parameter.unit].convert(value)
        except UnitError as exc:
            raise PolicyInputError(pid, value, UNITS[parameter.unit].meaning, reason=str(exc)) from None
    token = _OVERRIDES.set(MappingProxyType({**_OVERRIDES.get(), **checked}))
    try:
        yield
    finally:
        _OVERRIDES.reset(token)


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
            "source": str(value.source) if value.source else "what-if override",
            "read on": value.source.read_on if value.source else None,
        })
    return pd.DataFrame(rows, columns=["id", "label", "label_zh", "value", "in force from",
                                       "source", "read on"])


def table_md(on: date | None = None, prefix: str | None = None, *, only: Iterable[str] | None = None):
    """`table()` as a Markdown table (renders untruncated in JupyterLab, Voilà and the docs)."""
    frame = table(on, prefix, only=only)
    return markdown_table(frame, ["label", "label_zh", "value", "in force from", "source", "id"])
