"""Loading and strict validation of the parameter files in `parameters/`.

A parameter file is a YAML mapping of parameter id → specification::

    pinduoduo_intl.customs.annual_limit:
      label: Annual personal purchase limit
      label_zh: 年度个人交易限值
      unit: yuan
      description: optional longer text
      values:
        - from: 2016-04-08
          from_is: in_force          # optional: in_force (default) or stated, see below
          until: 2018-12-31          # optional: last day in force
          value: 20000
          source:
            document: 财关税〔2016〕18号
            section: optional section or menu path
            url: optional
            read_on: 2026-11-21      # when we read the source
          note: optional

`from_is` says what the `from` date is. `in_force` (the default): the day the value took effect, known from
the source. `stated`: the date of the article that states the value, because no start date is known; the
value may well be older. Users then see "stated in the article of 2023-01-29", never "in force from", and a
date before the earliest statement gets no value: `policy.ref` refuses it, saying the value is first stated
on that date and the handbook does not know whether it applied before (a guess would be a typed figure).
`decided`: the value is the handbook's own decision or modelling assumption (source document "handbook …"),
applied from that date; users see "applied by the handbook from …".

Every problem is reported as `ParameterFileError` naming file, parameter and problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from handbook import strict_yaml
from handbook.errors import ParameterFileError
from handbook.policy.units import UNITS, UnitError
from handbook.strict_yaml import check_keys as _keys

PARAMETER_KEYS = {"label", "label_zh", "unit", "description", "values"}
REQUIRED_PARAMETER_KEYS = {"label", "label_zh", "unit", "values"}
VALUE_KEYS = {"from", "from_is", "until", "value", "source", "note"}
FROM_IS = ("in_force", "stated", "decided")
REQUIRED_VALUE_KEYS = {"from", "value", "source"}
SOURCE_KEYS = {"document", "section", "url", "read_on"}
REQUIRED_SOURCE_KEYS = {"document", "read_on"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_]*)+$")


@dataclass(frozen=True)
class Source:
    document: str
    read_on: date
    section: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.document}, {self.section}" if self.section else self.document


def dated_text(from_is: str, start: date | None) -> str:
    """What a value's date means, in words a user reads (never "in force from" for an article's date)."""
    if from_is == "stated":
        return f"stated in the article of {start}"
    if from_is == "decided":
        return f"applied by the handbook from {start}"
    return f"in force from {start}"


@dataclass(frozen=True)
class DatedValue:
    start: date
    value: Any
    source: Source
    until: date | None = None
    note: str | None = None
    from_is: str = "in_force"

    @property
    def stated(self) -> bool:
        """True when `start` is only the date of the article stating the value (no known start)."""
        return self.from_is == "stated"

    @property
    def dated(self) -> str:
        """How the date reads for a user: 'in force from 2019-01-01' / 'stated in the article of 2023-01-29'."""
        return dated_text(self.from_is, self.start)


@dataclass(frozen=True)
class Parameter:
    id: str
    label: str
    label_zh: str
    unit: str
    values: tuple[DatedValue, ...]
    file: str
    description: str | None = None

    def format(self, value: Any) -> str:
        """The value written the way prose states it ('26,000 yuan', '30%', '20:00')."""
        return UNITS[self.unit].format(value)

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.label}** ({self.label_zh}) — `{self.id}`, unit: {self.unit}", ""]
        if self.description:
            lines += [self.description, ""]
        # the whole history, past values on purpose: marked for the figure check (handbook.figure_check.history)
        lines += ["<!-- history -->", "", "| from | until | value | source | read on |", "|---|---|---|---|---|"]
        for v in self.values:
            until = v.until.isoformat() if v.until else ""
            scenario = getattr(v, "scenario", None)
            if scenario:  # a what-if value (handbook.policy.overlay): no source, marked as such
                start = "always" if v.start == date.min else v.start
                lines.append(f"| {start} | {until} | {self.format(v.value)} | {scenario} (not in force) | |")
                continue
            start = {"stated": f"{v.start} (stated in the article of that date; start not known)",
                     "decided": f"{v.start} (handbook decision)"}.get(v.from_is, v.start)
            lines.append(
                f"| {start} | {until} | {self.format(v.value)} | {v.source} | {v.source.read_on} |"
            )
        return "\n".join([*lines, "", "<!-- /history -->"])




def load_file(path: Path) -> dict[str, Parameter]:
    name = path.name
    try:
        raw = strict_yaml.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParameterFileError(name, None, f"not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not raw:
        raise ParameterFileError(name, None, "expected a mapping of parameter id → specification")
    return {pid: _parameter(name, pid, spec) for pid, spec in raw.items()}


def _parameter(file: str, pid: Any, spec: Any) -> Parameter:
    def fail(problem: str) -> ParameterFileError:
        return ParameterFileError(file, str(pid), problem)

    if not isinstance(pid, str) or not ID_PATTERN.match(pid):
        raise fail("id must be dotted lower-case words, e.g. 'pinduoduo.fake_shipping.cap'")
    if not isinstance(spec, dict):
        raise fail("specification must be a mapping")
    _keys(spec, PARAMETER_KEYS, REQUIRED_PARAMETER_KEYS, fail, "parameter")
    for key in ("label", "label_zh"):
        if not isinstance(spec[key], str) or not spec[key].strip():
            raise fail(f"{key} must be non-empty text")
    unit = spec["unit"]
    if unit not in UNITS:
        raise fail(f"unknown unit {unit!r}; known units: {', '.join(sorted(UNITS))}")
    raw_values = spec["values"]
    if not isinstance(raw_values, list) or not raw_values:
        raise fail("values must be a non-empty list")
    values = tuple(_dated_value(fail, unit, i, v) for i, v in enumerate(raw_values))
    for before, after in zip(values, values[1:]):
        if after.start == before.start:
            raise fail(f"two values start on {after.start}")
        if after.start < before.start:
            raise fail(f"values out of order: {after.start} comes after {before.start}")
        if before.until is not None and before.until >= after.start:
            raise fail(f"value ending {before.until} overlaps the value from {after.start}")
    return Parameter(
        id=pid,
        label=spec["label"],
        label_zh=spec["label_zh"],
        unit=unit,
        values=values,
        file=file,
        description=spec.get("description"),
    )


def _dated_value(fail, unit: str, index: int, raw: Any) -> DatedValue:
    where = f"values[{index}]"
    if not isinstance(raw, dict):
        raise fail(f"{where} must be a mapping with from, value and source")
    _keys(raw, VALUE_KEYS, REQUIRED_VALUE_KEYS, fail, where)
    start, until = raw["from"], raw.get("until")
    if not _is_date(start):
        raise fail(f"{where}.from must be a date YYYY-MM-DD, got {start!r}")
    if until is not None and (not _is_date(until) or until < start):
        raise fail(f"{where}.until must be a date on or after 'from', got {until!r}")
    try:
        value = UNITS[unit].convert(raw["value"])
    except UnitError as exc:
        raise fail(f"{where}.value does not fit unit {unit!r}: {exc}") from None
    source = read_source(raw["source"], fail, f"{where}.source")
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise fail(f"{where}.note must be text")
    from_is = raw.get("from_is", "in_force")
    if from_is not in FROM_IS:
        raise fail(f"{where}.from_is must be one of {', '.join(FROM_IS)} "
                   f"(stated: 'from' is the date of the article stating the value), got {from_is!r}")
    return DatedValue(
        start=start,
        from_is=from_is,
        until=until,
        value=value,
        note=note,
        source=source,
    )


def read_source(source: Any, fail, where: str) -> Source:
    """A `source:` mapping (document, read_on, optional section and url); `fail(problem)` builds the error.

    Shared by parameter files and holiday schedule files (handbook.rules.calendar)."""
    if not isinstance(source, dict):
        raise fail(f"{where} must be a mapping with document and read_on")
    _keys(source, SOURCE_KEYS, REQUIRED_SOURCE_KEYS, fail, where)
    if not isinstance(source["document"], str) or not source["document"].strip():
        raise fail(f"{where}.document must name the seed file or public document")
    if not _is_date(source["read_on"]):
        raise fail(f"{where}.read_on must be a date YYYY-MM-DD")
    for key in ("section", "url"):
        if source.get(key) is not None and not isinstance(source[key], str):
            raise fail(f"{where}.{key} must be text")
    return Source(document=source["document"], section=source.get("section"), url=source.get("url"),
                  read_on=source["read_on"])


def _is_date(value: Any) -> bool:
    return isinstance(value, date) and not hasattr(value, "hour")


def load_directory(directory: Path) -> dict[str, Parameter]:
    """All parameters of every `*.yaml` file in `directory`; ids must be unique across files."""
    parameters: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.yaml")):
        for pid, parameter in load_file(path).items():
            if pid in parameters:
                raise ParameterFileError(
                    path.name, pid, f"already defined in {parameters[pid].file}"
                )
            parameters[pid] = parameter
    return parameters


def entry_on(parameter: Parameter, on: date) -> DatedValue | None:
    """The dated value in force on `on`, or None when no value is."""
    current = None
    for entry in parameter.values:
        if entry.start <= on:
            current = entry
    if current is not None and current.until is not None and on > current.until:
        return None
    return current

