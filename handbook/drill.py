"""Change drills: apply a policy change as an overlay, re-execute every notebook, and check what it teaches.

    python -m handbook drill drills.yaml [--only NAME] [--workers 2] [--keep DIR]     (or `make drill`)

A drills file is a list of `{name, overlay}`; `overlay` is the format of `handbook.policy.overlay` (the one
scenarios, the workbench and the CLI take). For each drill the notebooks are re-executed into a scratch
folder with `HANDBOOK_PARAMETERS_OVERLAY` set (each in its own kernel, `--workers` at a time; the parameter
files are never touched), and these checks run:

- cells: no cell raised an error;
- stale figures: no markdown cell, code string or rendered output shows a value the overlay replaced
  (outside text marked as history, `handbook.figure_check.history`);
- quizzes: every question of every area is posed under the overlay: it still has exactly one correct
  option, no distractor collides with the answer, and every premise it states still holds (computed);
- edge tables: every edge table (`EDGE_TABLES`) still has a row in every band of its rule;
- narration: a sentence that says what happened must be rendered from the computed result. When the change
  moves a cell's output (against a baseline run) or a quiz answer, and that cell's code strings or that
  question's prompt, note or hints *type* an outcome ("clears", "just under the cap", "the deadline has
  passed", "at the cut-off", "long enough ago" …, outside `{{ }}` placeholders), the drill reports it: that
  is how an exercise's stated outcome stops agreeing with its rule;
- typed inputs: a cell whose output the change moved must not type its example amounts ('17,000', 399.99):
  a boundary example typed by hand stops sitting on the boundary when the figure moves (a cell that types
  one on purpose, e.g. the article's own worked example, says so: `# typed on purpose: <why>`).

A notebook that reads none of the drill's parameters is not re-executed: its outputs cannot move (a
baseline run records which parameters each notebook reads, `HANDBOOK_PARAMETERS_TRACE`). A table per drill
is printed; the exit status is 1 when any drill has a violation, 2 when the drills file cannot be used.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from handbook import policy, strict_yaml
from handbook.errors import PolicyInputError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TRACE_ENV = "HANDBOOK_PARAMETERS_TRACE"
DRILL_KEYS = {"name", "overlay", "note", "ci"}


@dataclass(frozen=True)
class Drill:
    name: str
    overlay: dict
    note: str | None = None
    ci: bool = False   # part of the subset CI runs (`--ci`)


@dataclass
class Violation:
    check: str   # cells | stale figures | quizzes | edge tables | overlay
    where: str
    problem: str


@dataclass
class Report:
    drill: Drill
    executed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.violations


# --- the file -------------------------------------------------------------------------------------


def load(path: str | Path) -> list[Drill]:
    """Read and check a drills file: a list of {name, overlay[, note]}; every overlay is checked now."""
    path = Path(path)
    try:
        raw = strict_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyInputError("drills file", str(path), "a readable YAML list of {name, overlay}",
                               reason=" ".join(str(exc).split())) from None
    if not isinstance(raw, list) or not raw:
        raise PolicyInputError("drills file", str(path), "a non-empty YAML list of {name, overlay}")
    drills, names = [], set()
    for index, item in enumerate(raw):
        where = f"{path.name}[{index}]"

        def fail(problem: str, where=where, item=item) -> PolicyInputError:
            return PolicyInputError(where, item, "{name: text, overlay: {parameter id: [{from, value}] or value}}",
                                    reason=problem)

        if not isinstance(item, dict):
            raise fail("each drill is a mapping")
        strict_yaml.check_keys(item, DRILL_KEYS, {"name", "overlay"}, fail, "the drill")
        name = item["name"]
        if not isinstance(name, str) or not name.strip() or name in names:
            raise fail(f"name must be non-empty text, unique in the file (got {name!r})")
        names.add(name)
        if not isinstance(item.get("ci", False), bool):
            raise fail(f"ci must be true or false (got {item['ci']!r})")
        with policy.scenario(_checked(item["overlay"], f"{path.name}: {name}")):
            pass
        drills.append(Drill(name, item["overlay"], item.get("note"), item.get("ci", False)))
    return drills


def _checked(overlay: Any, where: str):
    from handbook.policy import describe
    from handbook.policy import overlay as overlay_format

    return overlay_format.parse(overlay, describe, file=where)


# --- notebooks ------------------------------------------------------------------------------------


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def _execute_one(source: Path, target: Path, env: dict[str, str], timeout: int) -> str | None:
    """Execute `source` into `target` in a fresh process (kernel cwd = the notebooks folder); error text or None."""
    code = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "NotebookClient(nb, timeout=int(sys.argv[4]), kernel_name='python3', allow_errors=True,\n"
        "               resources={'metadata': {'path': sys.argv[3]}}).execute()\n"
        "nbformat.write(nb, sys.argv[2])\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(source), str(target), str(source.parent), str(timeout)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or ["execution failed"])[-1]
    return None


def execute(paths: Iterable[Path], folder: Path, *, overlay_file: Path | None, workers: int,
            timeout: int = 600) -> dict[Path, tuple[Path, str | None]]:
    """Execute notebooks into `folder` (`workers` at a time); source → (executed copy, failure or None)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"HANDBOOK_PARAMETERS_OVERLAY", TRACE_ENV}}
    env.setdefault("HANDBOOK_TODAY", policy.today().isoformat())
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("PYTHONHASHSEED", "0")
    if overlay_file is not None:
        env["HANDBOOK_PARAMETERS_OVERLAY"] = str(overlay_file)

    def run(source: Path) -> tuple[Path, tuple[Path, str | None]]:
        target = folder / source.name
        trace = folder / f"{source.stem}.params"
        trace.write_text("", encoding="utf-8")  # a notebook that reads no parameter leaves it empty
        run_env = {**env, TRACE_ENV: str(trace)}
        return source, (target, _execute_one(source, target, run_env, timeout))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return dict(pool.map(run, list(paths)))


def traced(folder: Path, source: Path) -> set[str] | None:
    trace = folder / f"{source.stem}.params"
    return set(trace.read_text(encoding="utf-8").split()) if trace.exists() else None


# --- checks ---------------------------------------------------------------------------------------


def cell_errors(path: Path) -> list[Violation]:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(Violation("cells", f"{path.name} cell {index}",
                                       f"{output.get('ename')}: {' '.join(str(output.get('evalue')).split())[:200]}"))
    return found


def replaced_values(overlay) -> dict[str, tuple[str, list]]:
    """Parameter id → (unit, the registry's values the overlay replaces): what must not be shown any more."""
    targets = {}
    for pid, entries in overlay.items():
        base = policy.describe(pid)
        new = {e.value for e in entries}
        first = entries[0].start
        old = [v.value for v in base.values if (v.until is None or v.until >= first) and v.value not in new]
        if old:
            targets[pid] = (base.unit, list(dict.fromkeys(old)))
    return targets


_UNIT_FAMILIES = {"rows": "orders", "count": "orders"}   # units whose figures read alike in text ('10 orders')


def unambiguous(targets: dict, on: date) -> dict:
    """`targets` without the values another parameter has in force on `on` in a unit that reads alike: an output
    saying '20:00' may state the phone line's closing time as well as the old cut-off, so outputs are not
    checked for such a value (markdown and code strings still are: there any value is a typed figure)."""
    in_force: set[tuple[str, Any]] = set()
    with policy.untraced():
        for pid in policy.ids():
            if pid in targets:
                continue
            try:
                ref = policy.ref(pid, on)
            except PolicyInputError:
                continue
            in_force.add((_UNIT_FAMILIES.get(ref.unit, ref.unit), ref.value))
    kept = {}
    for pid, (unit, values) in targets.items():
        left = [v for v in values if (_UNIT_FAMILIES.get(unit, unit), v) not in in_force]
        if left:
            kept[pid] = (unit, left)
    return kept


def stale_figures(path: Path, targets: dict, on: date, baseline: Path | None = None) -> list[Violation]:
    """Replaced values typed into markdown or code strings, or still shown in an output line.

    An output line is compared with the baseline run of the same cell: a line the drill changed was rendered
    anew under the overlay, so an old figure in it is a computed amount that happens to equal it (the rate
    giving 5 yuan after the fixed amount moved from 5 to 6); a line left as it was that shows a replaced value
    did not follow the change. Without a baseline every line is checked."""
    import nbformat

    from handbook.figure_check import figures, output_texts, scan_notebook, unmarked

    nb = nbformat.read(path, as_version=4)
    found = [Violation("stale figures", finding.where.replace("notebook", path.name, 1),
                       f"shows {finding.figure!r}, the replaced value of {finding.pid}")
             for finding in scan_notebook(nb, strict=True, on=on, only=set(targets), targets=targets, outputs=False)]
    before = nbformat.read(baseline, as_version=4).cells if baseline is not None else None
    targets = unambiguous(targets, on)
    for index, cell in enumerate(nb.cells):
        lines = [line for output in cell.get("outputs", []) for text in output_texts(output)
                 for line in unmarked(text).splitlines()]
        if before is not None and index < len(before):
            old = {line for output in before[index].get("outputs", []) for text in output_texts(output)
                   for line in unmarked(text).splitlines()}
            lines = [line for line in lines if line in old]
        hits = dict.fromkeys(figures("\n".join(lines), stale_on=on, only=set(targets), targets=targets))
        found += [Violation("stale figures", f"{path.name} cell {index} (output)",
                            f"shows {figure!r}, the replaced value of {pid}") for figure, pid in hits]
    return found


_QUIZ_CALL = re.compile(r"for_area\(\s*[\"']([a-z_]+)[\"']")
_TODAY = re.compile(r"TODAY\s*=\s*date\((\d{4}),\s*(\d{1,2}),\s*(\d{1,2})\)")


def quiz_dates(paths: Iterable[Path], default: date) -> dict[str, date]:
    """Area slug → the date its notebook poses the quiz on (its `TODAY = date(...)`, else `default`)."""
    import nbformat

    dates = {}
    for path in paths:
        source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        today = _TODAY.search(source)
        on = date(*map(int, today.groups())) if today else default
        for slug in _QUIZ_CALL.findall(source):
            dates[slug] = on
    return dates


def quiz_problems(on: date, dates: dict[str, date] | None = None) -> list[Violation]:
    """Every question of every area, posed under the active scenario: one correct option, premises hold."""
    from handbook.areas import AREAS
    from handbook.training import answers, load_area

    evaluate, pose = answers.evaluate, answers.pose
    broken_premises = getattr(answers, "broken_premises", lambda question, result: [])  # older question schema

    found = []
    for info in AREAS:
        slug = info.slug
        on = (dates or {}).get(slug, on)
        try:
            questions = load_area(slug)
        except Exception as exc:  # noqa: BLE001 - a question file that no longer loads is a finding
            found.append(Violation("quizzes", slug, f"cannot load: {exc}"))
            continue
        for question in questions:
            where = f"{slug}: {question.id}"
            try:
                answer = evaluate(question, question.answer, on)
                for problem in broken_premises(question, answer.result):
                    found.append(Violation("quizzes", where, f"premise no longer holds: {problem}"))
                posed = pose(question, on, strict=False)
            except Exception as exc:  # noqa: BLE001 - a question that cannot be posed is a finding
                found.append(Violation("quizzes", where, " ".join(str(exc).split())[:240]))
                continue
            for dropped in posed.dropped:
                if "premise" not in dropped:
                    found.append(Violation("quizzes", where, dropped))
            if question.kind == "choice":
                correct = sum(1 for option in posed.options if option.correct)
                texts = [option.text for option in posed.options]
                if correct != 1 or len(set(texts)) != len(texts):
                    found.append(Violation("quizzes", where, f"{correct} correct option(s) among {texts}"))
    return found


# Words that state an outcome; typed beside a result that a change moves, they go wrong with it.
NARRATION = re.compile(
    r"\b(?:clears?|cleared|exceeds?|exceeded|over the (?:limit|cap|quota)|under the (?:limit|cap|quota)|"
    r"just (?:under|over|below|above|before|after)|exactly (?:at|on|the)|at the (?:limit|cap|cut-?off|threshold)|"
    r"(?:is|are|was|were) late|not late|in time|on time|too late|(?:has|have) passed|still open|"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|tomorrow) is the last day|"
    r"long enough|after the cut-?off|before the cut-?off|must not be shipped|is due|are due|no longer)\b",
    re.IGNORECASE)
_IDS = re.compile(r"[0-9a-f]{32}|model_id[^,}]*|\bid=['\"][^'\"]*['\"]")


def typed_narration(texts: Iterable[str]) -> list[str]:
    """Outcome phrases typed in `texts` (placeholders `{{ … }}` removed first; questions — sentences ending in
    '?' — are not statements and are skipped)."""
    found = []
    for text in texts:
        text = re.sub(r"\{\{[^}]*\}\}", " ", text)
        for sentence in re.split(r"(?:(?<=[.!?。！？])|(?<=[.!?。！？][*_\"'”）)]))\s+|\n", text):
            if sentence.rstrip().rstrip("*_\"'”）)").endswith(("?", "？")):  # also "*…clear?*" in emphasis
                continue
            found += [match.group(0) for match in NARRATION.finditer(sentence)]
    return list(dict.fromkeys(found))


def _cell_text(cell) -> str:
    from handbook.figure_check import output_texts

    return _IDS.sub("", "\n".join(t for o in cell.get("outputs", []) for t in output_texts(o)))


_NUMBER_TEXT = re.compile(r"^\s*\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$|^\s*\d+\.\d+\s*$|^\s*\d{2,}\s*$")
_DATE_CALLS = {"date", "datetime", "time", "timedelta", "range", "Decimal", "scenario"}
TYPED_ON_PURPOSE = "# typed on purpose:"


def typed_inputs(source: str) -> list[str]:
    """Amounts typed into a code cell as example inputs: numbers ≥ 10 or with decimals, as literals or text
    ('17,000', 399.99). Arguments of date/time/range calls, what-if values in `policy.scenario(...)`,
    arguments of example builders (`examples.cutoff_moment(-290)`: offsets from the figure the builder reads),
    subscripts and `Decimal('0.01')`-style constants are not inputs; a cell with a comment
    `# typed on purpose: <why>` (e.g. the source article's own worked example) is exempt."""
    import ast

    if TYPED_ON_PURPOSE in source:
        return []
    try:
        tree = ast.parse("\n".join(x for x in source.splitlines() if not x.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return []
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in _DATE_CALLS:
            skip.update(id(n) for n in ast.walk(node))
        # an argument of an example builder (`service_examples.after_phone_closes(30)`) is an offset from the
        # figure the builder reads, not an amount typed in place of one
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                getattr(node.func.value, "id", "").endswith("examples"):
            skip.update(id(n) for arg in [*node.args, *node.keywords] for n in ast.walk(arg))
        if isinstance(node, ast.Subscript):
            skip.update(id(n) for n in ast.walk(node.slice))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip or isinstance(node.value, bool):
            continue
        value = node.value
        if isinstance(value, (int, float)) and (value >= 10 or value != int(value)):
            found.append(repr(value))
        elif isinstance(value, str) and _NUMBER_TEXT.match(value):
            found.append(repr(value))
    return list(dict.fromkeys(found))


def moved_narration(baseline: Path, changed: Path) -> list[Violation]:
    """Code cells whose output the change moved and whose strings type an outcome or whose inputs are typed."""
    import nbformat

    from handbook.figure_check import _literals

    before, after = (nbformat.read(p, as_version=4) for p in (baseline, changed))
    found = []
    for index, (old, new) in enumerate(zip(before.cells, after.cells)):
        if new.cell_type != "code" or _cell_text(old) == _cell_text(new):
            continue
        # a literal that is one identifier ("clears" in `outcome == "clears"`) is a code compared with a result,
        # not a sentence
        typed = typed_narration(t for t in _literals(new.source) if not t.isidentifier())
        if typed:
            found.append(Violation("narration", f"{changed.name} cell {index}",
                                   f"output moved, but the cell types the outcome {', '.join(map(repr, typed))}"))
        inputs = typed_inputs(new.source)
        if inputs:
            found.append(Violation("typed inputs", f"{changed.name} cell {index}",
                                   f"output moved, but its example inputs are typed ({', '.join(inputs)}): "
                                   "build them from the registry (handbook.examples)"))
    return found


def quiz_answers(on: date, dates: dict[str, date] | None = None) -> dict[str, tuple[str, list[str]]]:
    """Question id → (answer text, its typed texts) for every question posable here (under the active scenario)."""
    from handbook.areas import AREAS
    from handbook.training import answers, load_area

    found = {}
    for info in AREAS:
        when = (dates or {}).get(info.slug, on)
        try:
            questions = load_area(info.slug)
        except Exception:  # noqa: BLE001 - reported by quiz_problems
            continue
        for question in questions:
            try:
                posed = answers.pose(question, when, strict=False)
            except Exception:  # noqa: BLE001 - reported by quiz_problems
                continue
            if getattr(question, "premises", None):
                texts = []  # a question that declares its premises has them computed (quiz_problems)
            else:
                texts = [question.prompt, question.note or ""]
                texts += [getattr(d, "hint", None) or "" for d in getattr(question, "distractors", ())]
            found[f"{info.slug}: {question.id}"] = (posed.answer_text, texts)
    return found


def moved_quiz_narration(before: dict, after: dict) -> list[Violation]:
    found = []
    for qid, (answer, texts) in after.items():
        if qid in before and before[qid][0] != answer:
            typed = typed_narration(texts)
            if typed:
                found.append(Violation("narration", qid, f"answer moved ({before[qid][0]} → {answer}), but the "
                                       f"question types the outcome {', '.join(map(repr, typed))}"))
    return found


@dataclass(frozen=True)
class EdgeTable:
    """An edge table: the amounts a page tabulates, and the rule's band for each; every band must appear."""

    name: str
    rows: Callable[[date], list]
    band: Callable[[Any, date], str]
    bands: tuple[str, ...]


def _fake_shipping_rows(on: date) -> list:
    from handbook.examples.fake_shipping import edge_amounts

    return edge_amounts(on)


def _fake_shipping_band(amount: Any, on: date) -> str:
    from handbook.rules.fake_shipping import order_compensation

    return order_compensation(amount, on=on).band


EDGE_TABLES = [
    EdgeTable("fake-shipping per-order edges (handbook.examples.fake_shipping.edge_amounts)",
              _fake_shipping_rows, _fake_shipping_band, ("zero", "floor", "rate", "cap")),
]


def edge_problems(on: date) -> list[Violation]:
    found = []
    for table in EDGE_TABLES:
        try:
            seen = {table.band(row, on) for row in table.rows(on)}
        except Exception as exc:  # noqa: BLE001 - an edge table that cannot be built is a finding
            found.append(Violation("edge tables", table.name, " ".join(str(exc).split())[:240]))
            continue
        missing = [band for band in table.bands if band not in seen]
        if missing:
            found.append(Violation("edge tables", table.name, f"no row in band(s) {', '.join(missing)}"))
    return found


# --- a run ----------------------------------------------------------------------------------------


def run(drills: list[Drill], *, workers: int = 2, scratch: Path | None = None,
        paths: list[Path] | None = None, echo: Callable[[str], None] = print) -> list[Report]:
    """Run `drills`; a baseline execution first records which parameters each notebook reads."""
    paths = paths or notebooks()
    on = policy.today()
    dates = quiz_dates(paths, on)
    quiz_before = quiz_answers(on, dates)
    owned = scratch is None
    base = Path(tempfile.mkdtemp(prefix="handbook-drill-")) if owned else scratch
    start = time.monotonic()
    baseline = execute(paths, base / "baseline", overlay_file=None, workers=workers)
    reads = {source: traced(base / "baseline", source) for source in paths}
    echo(f"baseline: {len(paths)} notebooks executed in {time.monotonic() - start:.0f} s")
    reports = []
    for number, drill in enumerate(drills, 1):
        report = Report(drill)
        began = time.monotonic()
        folder = base / f"drill-{number:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        overlay_file = folder / "overlay.yaml"
        overlay_file.write_text(yaml.safe_dump(drill.overlay, allow_unicode=True, sort_keys=False), encoding="utf-8")
        checked = _checked(drill.overlay, drill.name)
        changed = set(checked)
        targets = replaced_values(checked)
        affected = [p for p in paths if reads[p] is None or reads[p] & changed or baseline[p][1]]
        report.skipped = [p.name for p in paths if p not in affected]
        results = execute(affected, folder, overlay_file=overlay_file, workers=workers)
        for source, (target, failure) in results.items():
            report.executed.append(source.name)
            if failure:
                report.violations.append(Violation("cells", source.name, f"execution failed: {failure}"))
                continue
            report.violations += cell_errors(target)
            with policy.scenario(checked):  # the value in force is the drill's: the replaced one is stale
                report.violations += stale_figures(target, targets, on,
                                                   None if baseline[source][1] else baseline[source][0])
            if not baseline[source][1]:
                report.violations += moved_narration(baseline[source][0], target)
        with policy.scenario(checked):
            report.violations += quiz_problems(on, dates)
            report.violations += edge_problems(on)
            report.violations += moved_quiz_narration(quiz_before, quiz_answers(on, dates))
        report.seconds = time.monotonic() - began
        reports.append(report)
        echo(render(report))
    return reports


CHECKS = ("cells", "stale figures", "quizzes", "edge tables", "narration", "typed inputs")


def render(report: Report) -> str:
    """The table printed for one drill: one row per check, then every violation."""
    status = "PASS" if report.ok else "FAIL"
    lines = [f"== drill: {report.drill.name}  [{status}, {report.seconds:.0f} s]",
             f"   re-executed: {', '.join(report.executed) or 'none'}"
             + (f"; unaffected (read none of its parameters): {', '.join(report.skipped)}" if report.skipped else ""),
             f"   {'check':<15} {'violations':>10}"]
    for check in CHECKS:
        lines.append(f"   {check:<15} {sum(v.check == check for v in report.violations):>10}")
    for v in report.violations:
        lines.append(f"   - [{v.check}] {v.where}: {v.problem}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook drill", description=__doc__.split("\n\n")[0],
                                     epilog="exit status: 0 every drill passed; 1 a violation; 2 unusable drills file",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("drills", help="a drills YAML file: a list of {name, overlay}")
    parser.add_argument("--only", action="append", help="run only the drill with this name (repeatable)")
    parser.add_argument("--ci", action="store_true", help="run only the drills marked `ci: true` (what CI runs)")
    parser.add_argument("--workers", type=int, default=2, help="notebooks executed at a time (default 2)")
    parser.add_argument("--keep", help="keep the executed notebooks in this folder (default: a temporary one)")
    parser.add_argument("--notebooks", nargs="*", help="only these notebooks (default: every notebook)")
    args = parser.parse_args(argv)
    try:
        drills = load(args.drills)
    except PolicyInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.only:
        unknown = set(args.only) - {d.name for d in drills}
        if unknown:
            print(f"error: no drill named {sorted(unknown)} in {args.drills}", file=sys.stderr)
            return 2
        drills = [d for d in drills if d.name in args.only]
    if args.ci:
        drills = [d for d in drills if d.ci]
        if not drills:
            print(f"error: no drill in {args.drills} is marked `ci: true`", file=sys.stderr)
            return 2
    paths = [Path(p).resolve() for p in args.notebooks] if args.notebooks else None
    reports = run(drills, workers=args.workers, scratch=Path(args.keep) if args.keep else None, paths=paths)
    failed = [r.drill.name for r in reports if not r.ok]
    print(f"\n{len(reports) - len(failed)} of {len(reports)} drills passed"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0
