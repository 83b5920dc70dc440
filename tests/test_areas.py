"""Every policy area has one shape: `handbook/areas.py` declares what it owns, and nothing is owned twice.

These tests are the checklist of CONTRIBUTING.md's "How to add an area": a sixth area that is missing a file,
or a file that no area declares, fails here with the file's name.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from pathlib import Path

import pytest

from handbook import areas, policy
from handbook.areas import AREAS, EXAMPLE_DATE, HOUSE, PAGES, ROOT, Area

ROOTS = ("handbook/rules", "handbook/widgets", "handbook/plots", "handbook/policy/parameters",
         "handbook/training/questions", "handbook/examples", "handbook/audit", "notebooks")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def _files_under_roots() -> list[str]:
    found = []
    for root in ROOTS:
        for path in sorted((ROOT / root).rglob("*")):
            if path.is_file() and not SKIP_PARTS & set(path.parts) and not path.name.startswith("."):
                found.append(path.relative_to(ROOT).as_posix())
    return found


def _owners(path: str) -> list[str]:
    def holds(entry: str) -> bool:
        return path == entry or (entry.endswith("/") and path.startswith(entry))

    owners = [a.slug for a in AREAS for entry in a.files() if holds(entry)]
    owners += [p.slug for p in PAGES if path == f"notebooks/{p.notebook}"]
    return owners + (["house"] if any(holds(entry) for entry in HOUSE) else [])


def _calls_example_date(path: Path) -> bool:
    """True when code (not a docstring) builds the example date with `date(y, m, d)`."""
    wanted = (EXAMPLE_DATE.year, EXAMPLE_DATE.month, EXAMPLE_DATE.day)
    return any(isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "date"
               and tuple(getattr(a, "value", None) for a in node.args) == wanted
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def _code_cells(slug: str) -> list[dict]:
    nb = json.loads((ROOT / "notebooks" / areas.area(slug).notebook).read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", [f for a in AREAS for f in a.files()] + list(HOUSE))
def test_every_declared_file_exists(path):
    assert (ROOT / path).exists(), f"{path} is declared in handbook/areas.py but does not exist"


def test_the_tree_is_read():
    files = _files_under_roots()
    assert "handbook/rules/customs/quota.py" in files and "notebooks/00-start-here.ipynb" in files


@pytest.mark.parametrize("path", _files_under_roots())
def test_every_file_belongs_to_exactly_one_area(path):
    owners = _owners(path)
    assert len(owners) == 1, (f"{path} belongs to {owners or 'no area'}: declare it in exactly one Area "
                              "of handbook/areas.py (or in HOUSE if every area shares it)")


def test_slugs_notebooks_and_prerequisites():
    slugs = [a.slug for a in AREAS]
    notebooks = [a.notebook for a in AREAS]
    assert len(set(slugs)) == len(slugs) and len(set(notebooks)) == len(notebooks)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", s) for s in slugs)
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", n) for n in notebooks)
    known = {"00-start-here"} | {n.removesuffix(".ipynb") for n in notebooks}
    for a in AREAS:
        assert set(a.prerequisites) <= known, (a.slug, a.prerequisites)


def test_every_parameter_belongs_to_exactly_one_area():
    owners = {}
    for a in AREAS:
        assert a.parameter_ids(), f"{a.slug} declares no parameter file with parameters"
        for pid in a.parameter_ids():
            owners.setdefault(pid, []).append(a.slug)
    assert set(owners) == set(policy.ids())
    assert all(len(o) == 1 for o in owners.values())


def test_the_example_date_is_declared_once():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PINNED_TODAY := (\S+)$", makefile, re.M).group(1) == EXAMPLE_DATE.isoformat()
    typed = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "handbook").rglob("*.py"))
             if p.name != "areas.py" and _calls_example_date(p)]
    assert not typed, f"the example date is typed in {typed}: use handbook.areas (EXAMPLE_DATE or area(...).example_date)"


@pytest.mark.parametrize("slug", [a.slug for a in AREAS])
def test_each_notebook_has_the_area_shape(slug):
    sources = {"".join(c["source"]).strip(): c for c in _code_cells(slug)}

    def cell(pattern: str) -> dict:
        matches = [c for src, c in sources.items() if re.search(pattern, src, re.M)]
        assert len(matches) == 1, f"{slug}: expected one cell matching {pattern!r}, found {len(matches)}"
        return matches[0]

    for call in (rf'^areas\.header\("{slug}"\)$', rf'^areas\.whats_next\("{slug}"\)$',
                 rf'^areas\.parameter_table\("{slug}", on=TODAY\)$'):
        assert "remove-input" in cell(call).get("metadata", {}).get("tags", []), f"{slug}: {call} is not remove-input"
    cell(r"^TODAY = policy\.today\(\)")  # the as-of date: PINNED_TODAY (= EXAMPLE_DATE) under make
    cell(rf'^quiz\.for_area\("{slug}", on=TODAY\)')


def test_start_page_shape():
    nb = json.loads((ROOT / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]).strip() for c in nb["cells"] if c["cell_type"] == "code"]
    assert "areas.route()" in sources and "areas.whats_next()" in sources


def _contributing_section(title: str) -> str:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"CONTRIBUTING.md has no '## {title}' section"
    return match.group(1)


def test_contributing_how_to_add_an_area_matches_the_declaration():
    section = _contributing_section("How to add an area")
    example = re.search(r"```python\n(.*?)```", section, re.S)
    assert example, "the section needs a ```python example of an Area declaration"
    declared = set(re.findall(r"^\s+(\w+)=", example.group(1), re.M))
    fields = {f.name for f in dataclasses.fields(Area)}
    assert declared == fields, f"the example must show every Area field: missing {fields - declared}, unknown {declared - fields}"
    for root in ROOTS:
        assert root in section, f"the section does not say what goes under {root}"
    for call in ("areas.header", "areas.parameter_table", "areas.whats_next", "quiz.for_area"):
        assert call in section, f"the section does not mention {call}"


def test_notebook_numbers_are_unique():
    """Found by a tester: the guide's example `06-...` collided with 06-what-changed, and nothing said so."""
    numbers = [name.split("-", 1)[0] for name in
               ["00-start-here.ipynb", *(a.notebook for a in AREAS), *(p.notebook for p in PAGES)]]
    assert len(numbers) == len(set(numbers)), sorted(numbers)
    example = re.search(r'notebook="(\d+)-', _contributing_section("How to add an area")).group(1)
    assert example not in numbers, f"CONTRIBUTING's example notebook number {example} is taken"
