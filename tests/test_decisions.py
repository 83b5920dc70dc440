"""Each decision on an open point is written once (a `DECISIONS` table beside its rule), renders from the
registry, and is held by at least one test that names it with `@pytest.mark.decision("<area>.<name>")`."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest

import handbook.rules
from handbook.policy.templates import PLACEHOLDER
from handbook.rules.decisions import Decision, Decisions

TESTS = Path(__file__).parent
MARK = re.compile(r"""@pytest\.mark\.decision\(\s*["']([a-z_]+\.[a-z_]+)["']\s*\)""")
EXAMPLE_DATE = date(2026, 11, 21)


def _tables() -> dict[str, Decisions]:
    found = {}
    for info in pkgutil.iter_modules(handbook.rules.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"handbook.rules.{info.name}.decisions")
        except ModuleNotFoundError:
            continue
        found[info.name] = module.DECISIONS
    return found


TABLES = _tables()
ALL_IDS = [i for table in TABLES.values() for i in table.ids()]
MARKED = {name for path in TESTS.rglob("test_*.py") for name in MARK.findall(path.read_text(encoding="utf-8"))}


def test_there_are_decision_tables():
    assert "customs" in TABLES and all(isinstance(t, Decisions) and len(t) for t in TABLES.values())


@pytest.mark.parametrize("decision_id", ALL_IDS)
def test_every_decision_is_held_by_a_test_that_names_it(decision_id):
    assert decision_id in MARKED, f'no test carries @pytest.mark.decision("{decision_id}")'


def test_every_named_decision_exists():
    assert MARKED - set(ALL_IDS) == set()


@pytest.mark.parametrize("decision_id", ALL_IDS)
def test_every_decision_renders_from_the_registry(decision_id):
    area, name = decision_id.split(".")
    text = TABLES[area].text(name, on=EXAMPLE_DATE)
    assert text.startswith("**") and "{{" not in text and not PLACEHOLDER.search(text)


def test_names_are_unique_and_lookups_name_the_choices():
    with pytest.raises(ValueError, match="duplicate"):
        Decisions("x", Decision("a", "q", "a"), Decision("a", "q", "b"))
    with pytest.raises(KeyError, match="decisions: equal_is_within"):
        TABLES["customs"]["nope"]


def test_markdown_numbers_the_decisions_in_order():
    table = Decisions("x", Decision("one", "Q1.", "A1."), Decision("two", "Q2.", "A2."))
    assert table.markdown() == "1. **Q1.** A1.\n2. **Q2.** A2."
    assert table.markdown(names=["two"]) == "1. **Q2.** A2."
