"""The shape of the package: no import cycle, rules import no view, rule modules stay small.

Imports are read with `ast` (nothing is executed), including imports inside functions: a lazy import
is still a dependency. `from a.b import c` depends on the module `a.b.c` when that module exists, else on
`a.b`. Importing a submodule also runs its package's `__init__`, which is not counted as an edge: a
package's `__init__` re-exports its submodules, so the edge goes from the package to the submodule only.
"""

from __future__ import annotations

import ast
import graphlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "handbook"
VIEWS = ("handbook.widgets", "handbook.plots", "handbook.text")
MAX_RULE_MODULE_LINES = 300


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative import: resolve against this module's package
                package = name if path.name == "__init__.py" else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{node.module}"
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_the_graph_is_read():
    assert "handbook.policy" in GRAPH["handbook.explain"]
    assert "handbook.rules.customs.quota" in GRAPH["handbook.rules.customs"]


def test_no_import_cycle_within_handbook():
    try:
        tuple(graphlib.TopologicalSorter(GRAPH).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' → '.join(exc.args[1])}")


@pytest.mark.parametrize("name", sorted(m for m in GRAPH if m.startswith("handbook.rules")))
def test_rules_import_no_view_module(name):
    views = sorted(m for m in GRAPH[name] if m.startswith(VIEWS))
    assert not views, f"{name} imports view module(s) {views}"


@pytest.mark.parametrize("name", sorted(m for m in MODULES if m.startswith("handbook.rules")))
def test_rule_modules_are_small(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_RULE_MODULE_LINES, f"{name} has {lines} lines; split it along its sections"


def _code_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_parameter_ids_are_spelled_out_in_full(name):
    """One way to declare a parameter id: `ANNUAL_LIMIT = "pinduoduo_intl.customs.annual_limit"`, never a prefix + name."""
    from handbook import policy

    real = {".".join(pid.split(".")[:k]) + "." for pid in policy.ids() for k in range(1, pid.count(".") + 1)}
    prefixes = [s for s in _code_strings(MODULES[name]) if s in real]
    assert not prefixes, f"{name} builds parameter ids from a prefix {prefixes}: spell each id out in a constant"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_one_banner_style(name):
    """Section banners are one line: `# --- Title ---...` (CONTRIBUTING, "Conventions")."""
    bad = [line for line in MODULES[name].read_text(encoding="utf-8").splitlines()
           if re.match(r"\s*# -{2,}", line) and not re.fullmatch(r"\s*# --- \S.*? -{3,}", line)]
    assert not bad, f"{name}: banner(s) not in the house style: {bad}"


# The printed checklists' stylesheet: black, white and greys for paper, not roles on screen.
PRINT_STYLESHEET = "handbook.reference.checklists"


def test_colours_come_from_the_one_palette():
    """Calculators, charts and quiz feedback read `handbook.palette.COLORS`; no module types a colour."""
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b(?![0-9a-fA-F])|^(?:black|white)$")
    typed = {name: [s for s in _code_strings(path) for s in literal.findall(s)] for name, path in MODULES.items()
             if name not in ("handbook.palette", PRINT_STYLESHEET)}
    typed = {k: v for k, v in typed.items() if v}
    assert not typed, typed
