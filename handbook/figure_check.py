"""Finds policy figures typed into prose instead of rendered from the registry.

Prose that states a figure must come from `handbook.text.md` so that a parameter change moves it.
`typed_figures(text)` finds the current value of any parameter written by hand: amounts and counts
as bare numbers (≥ 10, to spare list numbering), durations and quantities with their unit word
("3 working days", "30 天", "10 orders"), percentages with %, clock times as HH:MM. The notebook
cleanliness test and the quiz-question loader both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    "hours": r"hours?|h\b(?!\s*\d+\s*min)|个?小时",   # "6 h 15 min" is a duration, not "6 hours"
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


def _pattern(value, unit: str, *, unit_word: bool = False) -> re.Pattern | None:
    if isinstance(value, time):
        if value == time(0, 0):
            return None
        return re.compile(rf"(?<![\d:]){re.escape(format_clock(value))}(?![\d])")
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    numbers = "|".join(re.escape(f) for f in sorted(set(_number_forms(value)), key=len, reverse=True))
    lead = rf"(?<![\d.,:\-/])(?:{numbers})"
    if unit_word and unit == "yuan":
        return re.compile(rf"{lead}(?![\d,]*\d)\s*(?:yuan|元|RMB|CNY)", re.IGNORECASE)
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
            with policy.untraced():
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


# --- the stronger check ---------------------------------------------------------------------------
#
# `scan_notebook` and `scan_questions` look at everything a reader sees: markdown cells, string literals
# in code cells (templates, labels, defaults), quiz texts and the rendered outputs. In source text any value a
# parameter has or had at any date is a typed figure (a policy change would leave it behind). In rendered
# outputs the value in force is expected (it was rendered from the registry); any *other* value the
# parameter has or had is stale unless the text is marked as history. `strict=False` keeps the old, narrower
# check (markdown cells, values in force on one date) for notebooks not yet converted.

HISTORY_OPEN, HISTORY_CLOSE = "<!-- history -->", "<!-- /history -->"
_HISTORY = re.compile(re.escape(HISTORY_OPEN) + r".*?(?:" + re.escape(HISTORY_CLOSE) + r"|\Z)", re.DOTALL)
_NOISE = re.compile(r"`[^`\n]*`|\]\([^)]*\)|\{\{[^}]*\}\}|\b(?:19|20)\d\d-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?\b")
_TAGS = re.compile(r"<[^>]+>")


def history(text: str) -> str:
    """Mark `text` as history: figures in it are past values on purpose (a history table, "until 2018 …").

    The marker is an HTML comment pair, invisible in Markdown and HTML; it may span several lines or a table.
    """
    return f"{HISTORY_OPEN}\n{text}\n{HISTORY_CLOSE}" if "\n" in text else f"{HISTORY_OPEN}{text}{HISTORY_CLOSE}"


@lru_cache(maxsize=1)
def _source_quotes() -> tuple[str, ...]:
    """The sections of the registry's sources as they are cited: the article's own headings, quoted (a heading
    such as "额度超过26000元导致清关失败" names the article of its date; it does not state today's figure)."""
    from handbook.policy import _PARAMETERS

    sections = {v.source.section for p in _PARAMETERS.values() for v in p.values if v.source and v.source.section}
    return tuple(sorted(sections, key=len, reverse=True))


def unmarked(text: str) -> str:
    """`text` without its history-marked parts, quoted source headings, code spans, link targets, placeholders
    and ISO dates."""
    text = _HISTORY.sub(" ", text)
    for quote in _source_quotes():
        if quote in text:
            text = text.replace(quote, " ")
    return _NOISE.sub(" ", text)


def _all_values() -> dict[str, tuple[str, list]]:
    """Parameter id → (unit, every value it has or had at any date; scenario values included)."""
    found = {}
    for pid in policy.ids():
        with policy.untraced():
            parameter = policy.describe(pid)
        values = []
        for entry in parameter.values:
            if entry.value not in values:
                values.append(entry.value)
        found[pid] = (parameter.unit, values)
    return found


def figures(text: str, *, stale_on: date | None = None, only: set[str] | None = None,
            targets: dict[str, tuple[str, list]] | None = None) -> list[tuple[str, str]]:
    """(figure as typed, parameter id) for every value a parameter has or had that appears in `text`.

    With `stale_on`, the value in force on that date is allowed (rendered text states it) and only the
    others count; amounts then need their unit word ('20,000 yuan'), since a bare number in an output is
    as often a computed count. History-marked parts, code spans, placeholders and dates are ignored. `only`
    limits the check to some parameter ids; `targets` (id → (unit, values)) replaces the values looked for
    (a drill looks for the values its overlay replaced).
    """
    text = unmarked(text)
    found = []
    for pid, (unit, values) in (targets or _all_values()).items():
        if only is not None and pid not in only:
            continue
        current = _MISSING
        if stale_on is not None:
            try:
                with policy.untraced():
                    current = policy.get(pid, stale_on)
            except Exception:  # noqa: BLE001 - not in force then: every value is stale
                current = _MISSING
        for value in values:
            if stale_on is not None and value == current:
                continue
            pattern = _pattern(value, unit, unit_word=stale_on is not None)
            match = pattern.search(text) if pattern is not None else None
            if match:
                found.append((match.group(0).strip(), pid))
    return found


_MISSING = object()


@dataclass(frozen=True)
class Finding:
    where: str      # "01-customs-clearance.ipynb cell 12 (markdown)", "customs.yaml q-id prompt"
    figure: str     # as typed
    pid: str        # the parameter it looks like
    kind: str       # "typed" (in source text) or "stale" (in a rendered output)

    def __str__(self) -> str:
        what = "types" if self.kind == "typed" else "shows the stale value"
        return f"{self.where}: {what} {self.figure!r} ({self.pid})"


def _literals(source: str) -> list[str]:
    """The string constants of a code cell (f-string parts included); IPython magics are skipped."""
    import ast

    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def output_texts(output: dict) -> list[str]:
    """The text a reader sees in one notebook output (markdown, plain text, HTML without tags, streams)."""
    if output.get("output_type") == "stream":
        return [str(output.get("text", ""))]
    data = output.get("data", {})
    texts = [str(data[kind]) for kind in ("text/markdown", "text/plain") if kind in data]
    if "text/html" in data:
        html_text = _HISTORY.sub(" ", str(data["text/html"]))
        texts.append(_TAGS.sub(" ", html_text))
    return texts


def scan_notebook(nb_or_path, *, strict: bool = True, on: date | None = None,
                  only: set[str] | None = None, outputs: bool = True,
                  targets: dict[str, tuple[str, list]] | None = None) -> list[Finding]:
    """Typed and stale figures in a notebook (see above). `on`: the date whose values rendered text may show."""
    import nbformat

    nb = nbformat.read(nb_or_path, as_version=4) if not hasattr(nb_or_path, "cells") else nb_or_path
    name = getattr(nb_or_path, "name", "notebook") if not hasattr(nb_or_path, "cells") else "notebook"
    on = on or EXAMPLE_DATE
    found: list[Finding] = []
    for index, cell in enumerate(nb.cells):
        where = f"{name} cell {index}"
        if cell.cell_type == "markdown":
            if strict:
                hits = figures(cell.source, only=only, targets=targets)
            else:
                hits = typed_figures(unmarked(cell.source), on)
            found += [Finding(f"{where} (markdown)", f, p, "typed") for f, p in hits]
        if cell.cell_type != "code" or not strict:
            continue
        for literal in _literals(cell.source):
            found += [Finding(f"{where} (code string)", f, p, "typed") for f, p in figures(literal, only=only, targets=targets)]
        if outputs:
            for output in cell.get("outputs", []):
                for text in output_texts(output):
                    found += [Finding(f"{where} (output)", f, p, "stale")
                              for f, p in figures(text, stale_on=on, only=only, targets=targets)]
    return _unique(found)


QUIZ_TEXT_KEYS = {"prompt", "note", "hint", "explanation", "text"}


def scan_questions(path, *, only: set[str] | None = None) -> list[Finding]:
    """Figures typed into a quiz file's texts (prompts, notes, hints, explanations) and literal arguments."""
    from pathlib import Path

    from handbook import strict_yaml

    path = Path(path)
    found: list[Finding] = []

    def walk(node, where: str, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{where}.{k}", str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]", key)
        elif isinstance(node, str) and (key in QUIZ_TEXT_KEYS or ".args" in where):
            found.extend(Finding(f"{path.name} {where}", f, p, "typed") for f, p in figures(node, only=only))

    for question in strict_yaml.load(path.read_text(encoding="utf-8")) or []:
        walk(question, str(question.get("id", "?")) if isinstance(question, dict) else "?", None)
    return _unique(found)


def _unique(found: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(found))
