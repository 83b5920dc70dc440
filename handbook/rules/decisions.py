"""Decisions on what the sources leave open, written once beside the rule that implements them.

Each rule package that decides something a source does not settle keeps a `DECISIONS` table in its
`decisions.py`: a name, the open question and the handbook's answer, both templates whose figures come from
the registry (`{{ parameter.id }}`). The notebook renders the table (or one decision) with one call, the
rule's docstring points to it, and the test that holds the rule to a decision names it with
`@pytest.mark.decision("<area>.<name>")` (tests/test_decisions.py checks that every decision has one).

    >>> from handbook.rules.customs.decisions import DECISIONS
    >>> DECISIONS.markdown(on=date(2026, 11, 21))       # the numbered list for the notebook
    >>> DECISIONS.text("equal_is_within", on=...)        # one decision, where a section needs it
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from handbook.markdown import Prose
from handbook.policy.templates import render

__all__ = ["Decision", "Decisions"]


@dataclass(frozen=True)
class Decision:
    """One open point: the question the source leaves open and the handbook's answer (templates)."""

    name: str
    question: str
    answer: str

    def text(self, on: date | None = None) -> str:
        return f"**{render(self.question, on=on)}** {render(self.answer, on=on)}"


class Decisions(Mapping[str, Decision]):
    """An area's decisions, in the order the notebook lists them."""

    def __init__(self, area: str, *decisions: Decision) -> None:
        names = [d.name for d in decisions]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate decision names in {area}: {names}")
        self.area = area
        self._by_name = {d.name: d for d in decisions}

    def __getitem__(self, name: str) -> Decision:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"no decision {name!r} in {self.area}; decisions: {', '.join(self._by_name)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def ids(self) -> list[str]:
        """'area.name' for each decision (how a test names the decision it holds the rule to)."""
        return [f"{self.area}.{name}" for name in self._by_name]

    def text(self, name: str, on: date | None = None) -> Prose:
        """One decision, rendered: '**question** answer'."""
        return Prose(self[name].text(on))

    def markdown(self, on: date | None = None, names: list[str] | None = None) -> Prose:
        """The decisions (all, or `names`) as a numbered Markdown list, figures from the registry on `on`."""
        chosen = list(self._by_name) if names is None else names
        return Prose("\n".join(f"{i}. {self[name].text(on)}" for i, name in enumerate(chosen, 1)))
