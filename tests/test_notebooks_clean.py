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


def figure_patterns(on: date) -> dict[str, re.Pattern]:
    """Regexes for how a parameter's current value would be typed into prose."""
    patterns = {}
    for pid in policy.ids():
        try:
            value = policy.get(pid, on=on)
        except Exception:
            continue
        forms: list[str] = []
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value >= 10:
            number = Decimal(value)
            whole = int(number) if number == number.to_integral_value() else None
            if whole is not None:
                forms += [f"{whole:,}", str(whole)]
            else:
                forms.append(str(number.normalize()))
        elif isinstance(value, time) and value != time(0, 0):
            forms.append(format_clock(value))
        if forms:
            alternatives = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
            patterns[pid] = re.compile(rf"(?<![\d.,:\-/])(?:{alternatives})(?![\d,]*\d)(?![\-/])")
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
