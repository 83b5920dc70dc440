"""Overlays: dated what-if values for parameters, one format for scenarios, drills, the workbench and the CLI.

An overlay maps a parameter id to the values it would have, each in force from a date::

    pinduoduo_intl.customs.annual_limit:
      - {from: 2027-01-01, value: 30000}
    pinduoduo.fake_shipping.cap: 50          # a bare value: from always (every date)

Meaning: from an overlay's first `from` date on, its values replace the parameter's own (each until the
next `from`); before that date the registry (or an enclosing scenario) still applies. A bare value replaces
the parameter on every date. Values are checked against the parameter's unit exactly as the parameter files
are; `from` dates must be strictly increasing. Overlays never touch the parameter files.

Every problem raises `PolicyInputError` whose field names the file (when read from one), the parameter id
and the entry, and whose value is the offending value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from handbook import strict_yaml
from handbook.errors import PolicyInputError
from handbook.policy.registry import DatedValue, Parameter, Source
from handbook.policy.units import UNITS, UnitError

ALWAYS = date.min
"""The start of a bare overlay value: in force on every date."""

ENTRY_KEYS = {"from", "value", "note"}
REQUIRED_ENTRY_KEYS = {"from", "value"}
FORMAT = ("a mapping of parameter id → a list of {from: YYYY-MM-DD, value: V} (from-dates increasing), "
          "or → a bare value meaning from always")


@dataclass(frozen=True)
class ScenarioValue(DatedValue):
    """A dated value that comes from an overlay (what-if), not from a parameter file: no source."""

    source: Source | None = None  # names the scenario ("not in force"), so code that cites a source works
    scenario: str = "what-if scenario"


Overlay = Mapping[str, tuple[ScenarioValue, ...]]


def _is_entry_list(spec: Any) -> bool:
    return isinstance(spec, list) and bool(spec) and all(isinstance(e, dict) for e in spec)


def _as_date(value: Any) -> date | None:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
        except ValueError:
            return None
    return None


def _convert(unit: str, value: Any, where: str) -> Any:
    try:
        return UNITS[unit].convert(value)
    except UnitError as exc:
        raise PolicyInputError(where, value, f"{UNITS[unit].meaning} (unit {unit!r})", reason=str(exc)) from None


def _source(label: str, start: date = ALWAYS) -> Source:
    """The source a scenario value cites: the scenario itself, not in force (read_on: its start)."""
    return Source(document=label, section="not in force", read_on=start)


def parse(raw: Any, parameter: Callable[[str], Parameter], *, file: str | None = None,
          label: str = "what-if scenario") -> Overlay:
    """Check `raw` (the overlay format above) and convert every value to its parameter's unit.

    `parameter(pid)` returns the registry's `Parameter` or raises `PolicyInputError` for an unknown id.
    `file`, when given, prefixes every error's field; `label` is how rendered text names these values.
    """
    prefix = f"{file}: " if file else ""
    if not isinstance(raw, Mapping):
        raise PolicyInputError(f"{file or 'overlay'}", raw, FORMAT)
    checked: dict[str, tuple[ScenarioValue, ...]] = {}
    for pid, spec in raw.items():
        try:
            known = parameter(pid) if isinstance(pid, str) else None
        except PolicyInputError as exc:
            raise PolicyInputError(f"{prefix}parameter id", pid, exc.accepted) from None
        if known is None:
            raise PolicyInputError(f"{prefix}parameter id", pid, "a known parameter id (text)")
        if isinstance(spec, tuple) and spec and all(isinstance(e, ScenarioValue) for e in spec):
            checked[pid] = spec  # already checked (an overlay passed on)
            continue
        unit = known.unit
        if not _is_entry_list(spec):
            checked[pid] = (ScenarioValue(start=ALWAYS, value=_convert(unit, spec, f"{prefix}{pid}"),
                                          source=_source(label), scenario=label),)
            continue
        entries = []
        for index, entry in enumerate(spec):
            where = f"{prefix}{pid}[{index}]"

            def fail(problem: str, where=where, entry=entry) -> PolicyInputError:
                return PolicyInputError(where, entry, "{from: YYYY-MM-DD, value: V}", reason=problem)

            strict_yaml.check_keys(entry, ENTRY_KEYS, REQUIRED_ENTRY_KEYS, fail, "the entry")
            start = _as_date(entry["from"])
            if start is None:
                raise PolicyInputError(f"{where}.from", entry["from"], "a date YYYY-MM-DD")
            if entries and start <= entries[-1].start:
                raise PolicyInputError(f"{where}.from", start,
                                       f"a date after the previous entry's {entries[-1].start} (increasing)")
            note = entry.get("note")
            if note is not None and not isinstance(note, str):
                raise PolicyInputError(f"{where}.note", note, "text")
            entries.append(ScenarioValue(start=start, value=_convert(unit, entry["value"], f"{where}.value"),
                                         note=note, source=_source(label, start), scenario=label))
        checked[pid] = tuple(entries)
    return MappingProxyType(checked)


def load(path: str | Path, parameter: Callable[[str], Parameter], *, field: str = "overlay file",
         label: str | None = None) -> Overlay:
    """Read and check an overlay YAML file (strict: duplicate keys are refused)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyInputError(field, str(path), "a readable UTF-8 YAML file", reason=str(exc)) from None
    try:
        raw = strict_yaml.load(text)
    except yaml.YAMLError as exc:
        raise PolicyInputError(field, str(path), "valid YAML", reason=" ".join(str(exc).split())) from None
    return parse(raw, parameter, file=path.name, label=label or f"what-if overlay {path.name}")


def apply(parameter: Parameter, values: tuple[ScenarioValue, ...]) -> Parameter:
    """The parameter's history with an overlay's values replacing it from the overlay's first date on."""
    first = values[0].start
    kept = []
    for entry in parameter.values:
        if entry.start >= first:
            break
        last_day = first - timedelta(days=1)
        if entry.until is None or entry.until > last_day:
            entry = replace(entry, until=last_day)
        kept.append(entry)
    return replace(parameter, values=(*kept, *values))
