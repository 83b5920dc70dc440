"""Which pages and calculators use which parameters, derived from the notebooks and the code (no hand list).

- **Calculators on a page**: every call of a factory from a `handbook.widgets` module (except the quiz) in
  the page's code cells, found with `ast` through the page's own imports
  (`from handbook.widgets import customs as calculators` → `calculators.quota()`).
- **Parameters a calculator reads**: the factory is built with no arguments (the convention of
  `handbook/widgets/base.py`: every factory gives the page's default example) while every read of the
  registry is recorded — `Explainer.param`, `policy.get` and `policy.ref` all go through `policy.ref`.
- **Parameters a page uses**: the parameters its calculators read, the parameters its quiz reads when posed,
  the parameter ids its code names (prose templates `{{ id }}`, `policy.get("id")`), and its area's
  parameter table (`areas.Area.parameter_ids()`), which every area page shows.

Everything is computed on first use and cached (building the calculators takes about a second).
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from handbook import areas, policy

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
WIDGETS = "handbook.widgets"
ID = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9][a-z0-9_]*)+")
NOT_CALCULATORS = {"handbook.widgets.quiz", "handbook.widgets.base", "handbook.widgets.workbench"}


@dataclass(frozen=True)
class CalculatorUse:
    """A calculator shown on a page, and the parameters it reads for its default case."""

    page: str          # notebook stem, e.g. "01-customs-clearance"
    module: str        # e.g. "handbook.widgets.customs"
    factory: str       # e.g. "quota"
    title: str
    parameters: frozenset[str]

    @property
    def label(self) -> str:
        return f"{self.title} ({self.page})"


@contextmanager
def throwaway_widgets() -> Iterator[None]:
    """Close every widget created inside the block on leaving it: calculators built only to read what they
    compute must not stay in the kernel (nor in a notebook's saved widget state)."""
    from ipywidgets.widgets import widget as w

    before = set(w._instances)
    try:
        yield
    finally:
        for key in [k for k in w._instances if k not in before]:
            w._instances[key].close()


@contextmanager
def recording() -> Iterator[set[str]]:
    """Record the id of every parameter read from the registry inside the block."""
    seen: set[str] = set()
    original = policy.ref

    def ref(pid, on=None, *args, **kwargs):
        seen.add(pid)
        return original(pid, on, *args, **kwargs)

    policy.ref = ref
    try:
        yield seen
    finally:
        policy.ref = original


def _code_cells(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _code_trees(notebook: Path) -> list[ast.Module]:
    """The parsed code cells of `notebook`, in order (a cell that is not valid Python is left out)."""
    trees = []
    for source in _code_cells(notebook):
        try:
            trees.append(ast.parse(source))
        except SyntaxError:
            continue
    return trees


def factory_calls(notebook: Path) -> list[tuple[str, str]]:
    """(widget module, factory) of every calculator factory the notebook calls, in order, without repeats."""
    aliases: dict[str, str] = {}    # local name → module            (import ... as calculators)
    functions: dict[str, tuple[str, str]] = {}  # local name → (module, function)  (from m import f)
    found: list[tuple[str, str]] = []
    for tree in _code_trees(notebook):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if node.module == WIDGETS:
                        aliases[alias.asname or alias.name] = full
                    elif node.module.startswith(WIDGETS + "."):
                        functions[alias.asname or alias.name] = (node.module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(WIDGETS + ".") and alias.asname:
                        aliases[alias.asname] = alias.name
            elif isinstance(node, ast.Call):
                func = node.func
                call = None
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in aliases:
                    call = (aliases[func.value.id], func.attr)
                elif isinstance(func, ast.Name) and func.id in functions:
                    call = functions[func.id]
                if call and call[0] not in NOT_CALCULATORS and call not in found:
                    found.append(call)
    return found


def _is_factory(module: str, name: str) -> bool:
    return name in getattr(importlib.import_module(module), "__all__", ())


def _pages() -> list[Path]:
    """The start page and the area pages (not the timeline and the workbench, which read everything)."""
    others = {p.notebook for p in areas.PAGES}
    return [p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) if p.name not in others]


@cache
def calculators() -> tuple[CalculatorUse, ...]:
    """Every calculator on every page, with the parameters its default case reads."""
    import matplotlib.pyplot as plt

    uses = []
    for notebook in _pages():
        for module, name in factory_calls(notebook):
            if not _is_factory(module, name):
                continue
            factory = getattr(importlib.import_module(module), name)
            with throwaway_widgets(), recording() as seen:
                widget = factory()
                title = getattr(widget, "title", name)
            uses.append(CalculatorUse(notebook.stem, module, name, title, frozenset(seen)))
            plt.close("all")
    return tuple(uses)


def _named_ids(notebook: Path) -> set[str]:
    known = set(policy.ids())
    named = set()
    for tree in _code_trees(notebook):
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named |= set(ID.findall(node.value)) & known
    return named


def _area_of(notebook: Path) -> areas.Area | None:
    return next((a for a in areas.AREAS if a.notebook == notebook.name), None)


@cache
def page_parameters(as_of: date | None = None) -> dict[str, frozenset[str]]:
    """Notebook stem → the parameters the page uses (see the module docstring)."""
    on = as_of or policy.today()
    result = {}
    for notebook in _pages():
        used = _named_ids(notebook)
        used |= {p for c in calculators() if c.page == notebook.stem for p in c.parameters}
        area = _area_of(notebook)
        if area is not None:
            used |= set(area.parameter_ids())
            used |= _quiz_parameters(area.slug, on)
        result[notebook.stem] = frozenset(used)
    return result


def _quiz_parameters(slug: str, on: date) -> set[str]:
    from handbook import training

    if slug not in training.available_areas():
        return set()
    # the parameters each answer cites (posing also runs the figure check over every parameter: not a use)
    return {p.id for posed in training.pose_area(slug, on=on, strict=False) for p in posed.explanation.parameters}


def pages_using(pid: str, as_of: date | None = None) -> list[str]:
    """The notebook stems of the pages that use parameter `pid`, in page order."""
    return [page for page, used in page_parameters(as_of).items() if pid in used]


def calculators_using(pid: str) -> list[CalculatorUse]:
    return [c for c in calculators() if pid in c.parameters]
