"""Worked examples built from the registry, and sentences that narrate their computed outcome.

A worked example, exercise or quiz premise that sits on a boundary ("an order exactly at the annual
limit", "just under the cap", "a rejection at the cut-off") takes its inputs from the builders here, which
read the parameters in force on the date given; and a sentence that says what happened ("clears",
"the deadline has passed", "both formulas give the same amount") is produced by a narrator here from the
rule's computed result, branching on it. So a policy change moves the example and its words together.

One module per policy area: `customs`, `fake_shipping`, `service`, `chargeback`, `fulfilment`,
`peak_season`. Quiz questions call the builders as `{call: handbook.examples.<area>.<builder>}` arguments.
"""

from __future__ import annotations

from typing import Any


def either(condition: Any, if_true: str, if_false: str) -> str:
    """`if_true` when the computed condition holds, else `if_false` (narration that branches on a result)."""
    return if_true if condition else if_false


def capital(text: str) -> str:
    """The sentence with its first letter capitalised (and nothing else changed)."""
    return text[:1].upper() + text[1:]
