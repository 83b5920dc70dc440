"""Finds policy figures typed into prose instead of rendered from the registry.

Prose that states a figure must come from `handbook.text.md` so that a parameter change moves it.
`typed_figures(text)` finds the current value of any parameter written by hand: amounts and counts
as bare numbers (≥ 10, to spare list numbering), durations and quantities with their unit word
("3 working days", "30 天", "10 orders"), percentages with %, clock times as HH:MM. The notebook
cleanliness test and the quiz-question loader both use it.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal
from functools import lru_cache

from handbook import policy
from handbook.areas import EXAMPLE_DATE  # the handbook's example date (00-start-here's TODAY)
from handbook.policy.units import format_clock

# How a figure of each unit would be typed in prose: a number followed by one of these words.
UNIT_WORDS = {
    "days": r"(?:calendar\s+)?days?|天|日",
    "working_days": r"working[\s-]+days?|business[\s-]+days?|个?工作日",
    "hours": r"hours?|h\b|个?小时",
    "minutes": r"minutes?|mins?\b|分钟",
    "years": r"years?|年",
    "orders": r"orders?|单|笔",
    "rows": r"rows?|orders?|条",
    "percent": r"%|\s?percent",
}
BARE_NUMBER_UNITS = {"yuan", "count"}


def _number_forms(value: Decimal | int) -> list[str]:
    number = Decimal(value)
    if number == number.to_integral_value():
        whole = int(number)
        return [f"{whole:,}", str(whole)]
    return [str(number.normalize())]


def _pattern(value, unit: str) -> re.Pattern | None:
    if isinstance(value, time):
        if value == time(0, 0):
            return None
        return re.compile(rf"(?<![\d:]){re.escape(format_clock(value))}(?![\d])")
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    numbers = "|".join(re.escape(f) for f in sorted(set(_number_forms(value)), key=len, reverse=True))
    lead = rf"(?<![\d.,:\-/])(?:{numbers})"
    if unit in BARE_NUMBER_UNITS and value >= 10:
        return re.compile(rf"{lead}(?![\d,]*\d)(?![\-/])")
    if unit in UNIT_WORDS:
        # not followed by a hyphen: "30-orders-30-percent" is a rule version's name, not prose
        return re.compile(rf"{lead}(?![\d])\s*-?\s*(?:{UNIT_WORDS[unit]})(?![A-Za-z-])", re.IGNORECASE)
    return None


@lru_cache(maxsize=8)
def patterns(on: date = EXAMPLE_DATE) -> dict[str, re.Pattern]:
    """Parameter id → regex of how its value on `on` would be typed into prose."""
    found = {}
    for pid in policy.ids():
        try:
            ref = policy.ref(pid, on=on)
        except Exception:  # noqa: BLE001 - a parameter not in force on that date types nothing
            continue
        pattern = _pattern(ref.value, ref.unit)
        if pattern is not None:
            found[pid] = pattern
    return found


def typed_figures(text: str, on: date | None = None) -> list[tuple[str, str]]:
    """(figure as typed, parameter id) for each current parameter value typed into `text`."""
    found = []
    for pid, pattern in patterns(on or EXAMPLE_DATE).items():
        match = pattern.search(text)
        if match:
            found.append((match.group(0), pid))
    return found
