"""Every notebook is clean, executed in order, follows the skeleton, and types no policy figure.

nbval (run on the notebooks themselves) proves the stored outputs are what the code produces
today; these tests prove the notebooks are tidy and that prose states figures only through
`handbook.text.md`, so a parameter change moves the text with it.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
from nbtools import problems, skeleton_missing

from handbook import policy
from handbook.policy.units import format_clock

NOTEBOOKS = sorted(Path(__file__).parent.parent.joinpath("notebooks").glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]


def test_there_are_notebooks_and_names_are_ordered():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00-start-here.ipynb"
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_clean(path):
    assert problems(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_follows_the_skeleton(path):
    required = ("Overview", "Summary", "What's next") if path.name.startswith("00-") else None
    missing = skeleton_missing(path, required) if required else skeleton_missing(path)
    assert missing == []


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
BARE_NUMBER_UNITS = {"yuan", "count"}  # typed as a bare number (≥ 10, to spare list numbering)


def _number_forms(value: Decimal | int) -> list[str]:
    number = Decimal(value)
    if number == number.to_integral_value():
        whole = int(number)
        return [f"{whole:,}", str(whole)]
    return [str(number.normalize())]


def figure_patterns(on: date) -> dict[str, re.Pattern]:
    """Regexes for how each parameter's current value would be typed into prose."""
    patterns = {}
    for pid in policy.ids():
        try:
            ref = policy.ref(pid, on=on)
        except Exception:
            continue
        value, unit = ref.value, ref.unit
        if isinstance(value, time):
            if value != time(0, 0):
                patterns[pid] = re.compile(rf"(?<![\d:]){re.escape(format_clock(value))}(?![\d])")
            continue
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            continue
        numbers = "|".join(re.escape(f) for f in sorted(set(_number_forms(value)), key=len, reverse=True))
        lead = rf"(?<![\d.,:\-/])(?:{numbers})"
        if unit in BARE_NUMBER_UNITS and value >= 10:
            patterns[pid] = re.compile(rf"{lead}(?![\d,]*\d)(?![\-/])")
        elif unit in UNIT_WORDS:
            patterns[pid] = re.compile(rf"{lead}(?![\d])\s*-?\s*(?:{UNIT_WORDS[unit]})", re.IGNORECASE)
    return patterns


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_markdown_cells_type_no_policy_figure(path):
    nb = nbformat.read(path, as_version=4)
    patterns = figure_patterns(date(2026, 11, 21))
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"`[^`]*`|\]\([^)]*\)|\b(19|20)\d\d-\d\d-\d\d\b", "", cell.source)
        for pid, pattern in patterns.items():
            for match in pattern.finditer(text):
                found.append(f"cell {index}: {match.group(0)!r} looks like {pid}; render it with md()")
    assert found == []


@pytest.mark.parametrize(
    "text, pid",
    [
        ("the limit is 26,000 yuan", "pinduoduo_intl.customs.annual_limit"),
        ("up to 26000 a year", "pinduoduo_intl.customs.annual_limit"),
        ("at most 5,000 per order", "pinduoduo_intl.customs.single_limit"),
    ],
)
def test_the_figure_check_catches_typed_figures(text, pid):
    assert figure_patterns(date(2026, 11, 21))[pid].search(text)


@pytest.mark.parametrize("text", ["since 2019-01-01", "step 2 of 5", "order no. 126000123", "0.26000"])
def test_the_figure_check_spares_other_numbers(text):
    patterns = figure_patterns(date(2026, 11, 21))
    assert not patterns["pinduoduo_intl.customs.annual_limit"].search(text)
