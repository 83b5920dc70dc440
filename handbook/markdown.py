"""Markdown values: `Prose` (text that renders as Markdown in Jupyter) and `table` (rows → Markdown table).

Depends on nothing in the handbook, so the registry (`policy.table_md`) and the rules can use it.
"""

from __future__ import annotations

from typing import Any


class Prose(str):
    """Markdown text that renders as Markdown in Jupyter and prints as itself."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


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
