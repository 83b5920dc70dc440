"""Prose that states a policy figure, generated from the parameter registry.

Notebook text that mentions a figure is written as a template and rendered by a code cell, so
changing a parameter changes the prose too::

    md("The annual limit is {{ pinduoduo_intl.customs.annual_limit }} since "
       "{{ pinduoduo_intl.customs.annual_limit | from }}.", on=TODAY)

Placeholders are `{{ name }}` or `{{ name | filter }}`. A name is looked up first among the keyword
arguments, then as a parameter id (value in force on `on`). Filters for parameters:
`text` (default: '26,000 yuan'), `value` (bare number: '26,000'), `label`, `label_zh`, `source`,
`from` (effective date). Keyword values are inserted with `str()`; Decimals as '1,500' / '12.50'.
An unknown name is an error, never a blank.
"""

from __future__ import annotations

import re
from datetime import date
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


def render(template: str, *, on: date | None = None, **values: Any) -> str:
    def substitute(match: re.Match) -> str:
        name, filt = match.group(1), match.group(2) or "text"
        if name in values:
            value = values[name]
            return format_number(value) if isinstance(value, (Decimal, int)) and not isinstance(value, bool) else str(value)
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
