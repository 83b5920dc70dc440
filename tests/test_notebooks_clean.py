"""Every notebook is clean, executed in order, follows the skeleton, and types no policy figure.

nbval (run on the notebooks themselves) proves the stored outputs are what the code produces
today; these tests prove the notebooks are tidy and that prose states figures only through
`handbook.text.md`, so a parameter change moves the text with it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import nbformat
import pytest
from nbtools import problems, skeleton_missing

from handbook import areas
from handbook.figure_check import patterns as figure_patterns
from handbook.figure_check import typed_figures

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
    reference = {p.notebook for p in areas.PAGES if p.reference}  # the start page and reference pages: a short skeleton
    required = ("Overview", "Summary", "What's next") if path.name.startswith("00-") or path.name in reference else None
    missing = skeleton_missing(path, required) if required else skeleton_missing(path)
    assert missing == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_markdown_cells_type_no_policy_figure(path):
    nb = nbformat.read(path, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"`[^`]*`|\]\([^)]*\)|\b(19|20)\d\d-\d\d-\d\d\b", "", cell.source)
        for figure, pid in typed_figures(text, date(2026, 11, 21)):
            found.append(f"cell {index}: {figure!r} looks like {pid}; render it with md()")
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


@pytest.mark.parametrize(
    "text", ["since 2019-01-01", "step 2 of 5", "order no. 126000123", "0.26000", "rule `30-orders-30-percent`",
             "the rule 10-orders-5-percent"])
def test_the_figure_check_spares_other_numbers(text):
    assert typed_figures(text, date(2026, 11, 21)) == []
