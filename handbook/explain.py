"""Explanations: every rule result can say which rule and which parameters produced it.

A rule builds its explanation while it computes::

    why = Explainer.of(check_quota, on=on)          # the rule name comes from the function itself
    limit = why.param("pinduoduo_intl.customs.annual_limit")   # fetches *and* cites
    why.step(f"Spent {spent} + order {amount} = {total}")
    return QuotaCheck(..., explanation=why.done("The order clears customs."))

and the result's `explain()` returns the `Explanation`, which prints as text, renders as
Markdown in a notebook and as HTML in a widget.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from handbook import policy
from handbook.policy import ParamValue


@dataclass(frozen=True)
class Explanation:
    rule: str
    summary: str
    steps: tuple[str, ...]
    parameters: tuple[ParamValue, ...]
    on: date | None = None

    def __str__(self) -> str:
        lines = [self.summary, f"Rule: {self.rule}" + (f" (parameters in force on {self.on})" if self.on else "")]
        lines += [f"  {i}. {s}" for i, s in enumerate(self.steps, 1)]
        if self.parameters:
            lines.append("Parameters:")
            lines += [f"  - {p.label} ({p.label_zh}) = {p.text} [{p.id}; {p.citation()}]"
                      for p in self.parameters]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.summary}**", "", f"Rule `{self.rule}`"
                 + (f", parameters in force on {self.on}:" if self.on else ":"), ""]
        lines += [f"{i}. {s}" for i, s in enumerate(self.steps, 1)]
        if self.parameters:
            lines += ["", "| parameter | value | source |", "|---|---|---|"]
            lines += [f"| {p.label} ({p.label_zh}) `{p.id}` | {p.text} | {p.citation()} |"
                      for p in self.parameters]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def to_html(self) -> str:
        e = html.escape
        steps = "".join(f"<li>{e(s)}</li>" for s in self.steps)
        rows = "".join(
            f"<tr><td>{e(p.label)} ({e(p.label_zh)})<br><code>{e(p.id)}</code></td>"
            f"<td>{e(p.text)}</td><td>{e(p.citation())}</td></tr>"
            for p in self.parameters
        )
        table = (f"<table class='hb-params'><tr><th>parameter</th><th>value</th><th>source</th></tr>"
                 f"{rows}</table>") if rows else ""
        on = f", parameters in force on {self.on}" if self.on else ""
        return (f"<details class='hb-explain'><summary>Why? ({e(self.rule)}{on})</summary>"
                f"<ol>{steps}</ol>{table}</details>")


def rule_name(function: Callable[..., Any], variant: str | None = None) -> str:
    """The name an explanation shows for `function`: its public import path, plus `[variant]` if given.

    A rule lives in a submodule of its area's package (`handbook.rules.customs.tax`), and the package
    re-exports it; the public path is the package's (`handbook.rules.customs.tax_estimate`).
    """
    module = function.__module__
    parts = module.split(".")
    if parts[:2] == ["handbook", "rules"]:
        module = ".".join(parts[:3])
    name = f"{module}.{function.__name__}"
    return f"{name}[{variant}]" if variant else name


class Explainer:
    """Collects the steps and cited parameters of one rule evaluation."""

    def __init__(self, rule: str, on: date | None = None):
        self.rule = rule
        self.on = on
        self._steps: list[str] = []
        self._params: dict[str, ParamValue] = {}

    @classmethod
    def of(cls, function: Callable[..., Any], *, on: date | None = None, variant: str | None = None) -> Explainer:
        """An explainer named after `function` (see `rule_name`): the name cannot drift from the code."""
        return cls(rule_name(function, variant), on=on)

    def param(self, pid: str) -> Any:
        """The parameter's value on this evaluation's date; cited in the explanation."""
        return self.ref(pid).value

    def ref(self, pid: str) -> ParamValue:
        value = policy.ref(pid, self.on)
        self._params.setdefault(pid, value)
        return value

    def step(self, text: str) -> None:
        self._steps.append(text)

    def done(self, summary: str) -> Explanation:
        return Explanation(self.rule, summary, tuple(self._steps), tuple(self._params.values()), self.on)


@dataclass(frozen=True)
class Result:
    """Base of every rule result: a frozen dataclass whose `explain()` says why."""

    explanation: Explanation = field(repr=False, compare=False, kw_only=True)

    def explain(self) -> Explanation:
        return self.explanation
