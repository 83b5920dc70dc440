"""Prose that states a policy figure, generated from the parameter registry.

Notebook text that mentions a figure is written as a template and rendered by a code cell, so
changing a parameter changes the prose too::

    md("The annual limit is {{ pinduoduo_intl.customs.annual_limit }} since "
       "{{ pinduoduo_intl.customs.annual_limit | from }}.", on=TODAY)

Placeholders are `{{ name }}` or `{{ name | filter }}`. A name is looked up first among the keyword
arguments (a dotted name `{{ result.total_after }}` walks into a keyword value's attributes, so a
sentence can quote a computed result), then as a parameter id (value in force on `on`). Filters for
parameters: `text` (default: the value with its unit), `value` (bare number), `label`, `label_zh`,
`source`, `from` (effective date). Keyword values are shown by `show()`: Decimals and ints as
'1,500' / '12.50', datetimes as 'YYYY-MM-DD HH:MM', dates ISO, anything else with `str()`.
An unknown name is an error, never a blank.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from handbook import policy
from handbook.policy.units import format_number

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]+)\s*(?:\|\s*([a-z_]+)\s*)?\}\}")


class Prose(str):
    """Markdown text that renders as Markdown in Jupyter and prints as itself."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


def show(value: Any) -> str:
    """A computed value as prose states it: '1,500', '12.50', '2026-11-21 20:30', '2026-11-21'."""
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


_MISSING = object()


def _walk(values: dict[str, Any], name: str) -> Any:
    """`result.total_after` → values['result'].total_after (attributes, keys or list indexes)."""
    if name in values:
        return values[name]
    head, _, rest = name.partition(".")
    if not rest or head not in values:
        return _MISSING
    value = values[head]
    for part in rest.split("."):
        if part.lstrip("-").isdigit():
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value[part]
        else:
            value = getattr(value, part)
    return value


def render(template: str, *, on: date | None = None, **values: Any) -> str:
    def substitute(match: re.Match) -> str:
        name, filt = match.group(1), match.group(2) or "text"
        value = _walk(values, name)
        if value is not _MISSING:
            return show(value)
        ref = policy.ref(name, on)
        if filt == "text":
            return ref.text
        if filt == "value":
            return format_number(ref.value) if isinstance(ref.value, (Decimal, int)) else ref.text
        if filt in ("label", "label_zh"):
            return getattr(ref, filt)
        if filt == "source":
            return ref.citation() if ref.overridden else str(ref.source)
        if filt == "from":
            return str(ref.effective_from)
        raise ValueError(f"unknown filter {filt!r} in {match.group(0)}")

    return PLACEHOLDER.sub(substitute, template)


def md(template: str, *, on: date | None = None, **values: Any) -> Prose:
    """Render a Markdown template whose figures come from the registry."""
    return Prose(render(template, on=on, **values))


def solution(template: str, *, title: str = "Solution", on: date | None = None, **values: Any) -> Prose:
    """A folded solution block (`<details>`), folded in JupyterLab, Voilà and the static site."""
    body = render(template, on=on, **values)
    return Prose(f"<details><summary>{title}</summary>\n\n{body}\n\n</details>")


def table(rows, columns=None) -> Prose:
    """A Markdown table from a DataFrame or a list of dicts (no truncation, no index)."""
    if hasattr(rows, "to_dict"):
        columns = list(rows.columns) if columns is None else columns
        rows = rows.to_dict("records")
    rows = list(rows)
    if columns is None:
        columns = list(rows[0]) if rows else []

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return Prose("\n".join(lines))
