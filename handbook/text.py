"""Prose that states a policy figure, generated from the parameter registry.

Notebook text that mentions a figure is written as a template and rendered by a code cell, so
changing a parameter changes the prose too::

    md("The annual limit is {{ pinduoduo_intl.customs.annual_limit }} since "
       "{{ pinduoduo_intl.customs.annual_limit | from }}.", on=TODAY)

Placeholders are `{{ name }}` or `{{ name | filter }}`. A name is looked up first among the keyword
arguments (`{{ result.field }}` quotes a computed result), then as a parameter id (value in force on
`on`); see `handbook.policy.templates` for the filters and how values are shown. An unknown name is an
error, never a blank.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from handbook.markdown import Prose, table
from handbook.policy.templates import PLACEHOLDER, render, show

__all__ = ["PLACEHOLDER", "Prose", "md", "render", "show", "solution", "table"]


def md(template: str, *, on: date | None = None, **values: Any) -> Prose:
    """Render a Markdown template whose figures come from the registry."""
    return Prose(render(template, on=on, **values))


def solution(template: str, *, title: str = "Solution", on: date | None = None, **values: Any) -> Prose:
    """A folded solution block (`<details>`), folded in JupyterLab, Voilà and the static site."""
    body = render(template, on=on, **values)
    return Prose(f"<details><summary>{title}</summary>\n\n{body}\n\n</details>")
