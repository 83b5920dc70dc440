"""Training: self-check questions whose answers come from the rules, and the trainee's progress.

- `handbook.training.schema` — the question format (YAML) and its strict loader (`QuestionFileError`).
- `handbook.training.answers` — answers computed at quiz time by calling the rule; options; feedback.
- `handbook.training.progress` — each trainee's saved answers (SQLite in the data folder) and the lead's report.
- `handbook.widgets.quiz` — the quiz a notebook shows: `quiz.for_area("customs", on=TODAY)`.

    >>> from handbook import areas, training
    >>> posed = training.pose_area("customs", on=areas.area("customs").example_date)
    >>> posed[0].answer_text, posed[0].check(posed[0].options[0].text).correct
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from handbook.training.answers import Feedback, Option, Posed, format_value, parse_number, pose
from handbook.training.schema import (
    QUESTIONS_DIR,
    Question,
    QuestionFileError,
    area_slugs,
    parse_file,
    question_file,
)

__all__ = [
    "Feedback", "Option", "Posed", "Question", "QuestionFileError", "QUESTIONS_DIR", "area_slugs",
    "available_areas", "format_value", "load_area", "parse_file", "parse_number", "pose", "pose_area",
    "question_file",
]


def available_areas() -> list[str]:
    """The areas that have a question file, in training order."""
    return [slug for slug in area_slugs() if question_file(slug).exists()]


def load_area(slug: str, *, path: Path | str | None = None) -> list:
    """The questions of one area (structurally checked, rules resolved); `path` overrides the file."""
    from handbook.areas import area

    area(slug)  # PolicyInputError for an unknown slug
    file = Path(path) if path is not None else question_file(slug)
    if not file.exists():
        raise QuestionFileError(file.name, None, f"no question file for area {slug!r} (expected {file})")
    return parse_file(file, area=slug)


def pose_area(slug: str, *, on: date, path: Path | str | None = None, strict: bool = True) -> list[Posed]:
    """Every question of an area evaluated on `on`: answers computed by the rules now (see `pose`)."""
    return [pose(q, on, strict=strict) for q in load_area(slug, path=path)]
