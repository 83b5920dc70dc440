"""The trainee's own progress: an optional JSON file in the home directory, never inside the repository.

Where: `~/.handbook/progress.json`, or the path in the environment variable `HANDBOOK_PROGRESS`, or a path
given to `ProgressStore(path)` (tests use a temporary directory). A path inside the handbook's checkout is
refused: a trainee's answers must never end up in a commit.

How: every save re-reads the file, updates one question, and writes the whole file to a temporary file in
the same directory which then replaces the old one (`os.replace`), so a crash leaves either the old or the
new file, never half of one.

A file that cannot be read (not JSON, or not the shape below) is never overwritten: it is renamed to
`progress.json.corrupt` (or `.corrupt-2`, `-3`, ... if that exists), the move is reported, and a fresh file
is started. The format::

    {"version": 1,
     "areas": {"customs": {"customs-quota-over": {"answer": "Yes", "correct": true, "attempts": 2,
                                                   "quiz_date": "2026-11-21"}}}}
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.errors import PolicyInputError

ENV_VAR = "HANDBOOK_PROGRESS"
VERSION = 1
REPO_ROOT = Path(__file__).resolve().parents[2]
RECORD_KEYS = {"answer", "correct", "attempts", "quiz_date"}


def default_path() -> Path:
    """`$HANDBOOK_PROGRESS` if set, else `~/.handbook/progress.json`."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path.home() / ".handbook" / "progress.json"


def _inside_repo(path: Path) -> bool:
    try:
        path.resolve().relative_to(REPO_ROOT)
    except ValueError:
        return False
    return True


@dataclass
class Loaded:
    """What `ProgressStore.load()` found: the data, and a problem report when the file was moved aside."""

    data: dict[str, Any]
    problem: str | None = None
    moved_to: Path | None = None
    messages: list[str] = field(default_factory=list)


class ProgressStore:
    """Read and write the trainee's progress file."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path).expanduser() if path is not None else default_path()
        if _inside_repo(self.path):
            raise PolicyInputError(
                "progress file", str(self.path),
                f"a path outside the handbook checkout ({REPO_ROOT}), e.g. ~/.handbook/progress.json",
                reason="progress is the trainee's own and must never be committed",
            )

    def empty(self) -> dict[str, Any]:
        return {"version": VERSION, "areas": {}}

    def load(self) -> Loaded:
        """The progress data; a missing file is empty progress, a corrupt one is moved aside and reported."""
        if not self.path.exists():
            return Loaded(self.empty())
        try:
            text = self.path.read_text(encoding="utf-8")
            data = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return self._set_aside(f"it is not valid JSON ({exc.__class__.__name__}: {exc})")
        problem = shape_problem(data)
        if problem:
            return self._set_aside(problem)
        return Loaded(data)

    def _set_aside(self, problem: str) -> Loaded:
        target = self.path.with_name(self.path.name + ".corrupt")
        n = 2
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{n}")
            n += 1
        os.replace(self.path, target)
        message = (f"Your progress file {self.path} could not be read: {problem}. "
                   f"It was kept as {target}; a new progress file is started.")
        return Loaded(self.empty(), problem=message, moved_to=target)

    def save(self, data: dict[str, Any]) -> None:
        """Write the whole file atomically (temporary file in the same directory, then `os.replace`)."""
        problem = shape_problem(data)
        if problem:
            raise ValueError(f"refusing to save malformed progress: {problem}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def record(self, area: str, question_id: str, *, answer: str, correct: bool, attempts: int,
               quiz_date: str) -> Loaded:
        """Load, update one question's record, save. Returns what `load` found (with any problem report)."""
        loaded = self.load()
        entry = {"answer": str(answer), "correct": bool(correct), "attempts": int(attempts),
                 "quiz_date": str(quiz_date)}
        loaded.data.setdefault("areas", {}).setdefault(area, {})[question_id] = entry
        self.save(loaded.data)
        return loaded

    def area(self, area: str) -> tuple[dict[str, Any], str | None]:
        """The records of one area and a problem report (None when the file was fine)."""
        loaded = self.load()
        return dict(loaded.data["areas"].get(area, {})), loaded.problem


def shape_problem(data: Any) -> str | None:
    """Why `data` is not a progress document (None when it is one)."""
    if not isinstance(data, dict):
        return "the top level is not a JSON object"
    if data.get("version") != VERSION:
        return f"unknown version {data.get('version')!r} (expected {VERSION})"
    if set(data) != {"version", "areas"}:
        return f"unexpected keys {sorted(set(data) - {'version', 'areas'})}"
    areas = data["areas"]
    if not isinstance(areas, dict):
        return "'areas' is not an object"
    for area, records in areas.items():
        if not isinstance(records, dict):
            return f"area {area!r} is not an object"
        for qid, record in records.items():
            if not isinstance(record, dict) or set(record) != RECORD_KEYS:
                return f"record {area}/{qid} does not have exactly {sorted(RECORD_KEYS)}"
            if not isinstance(record["correct"], bool) or not isinstance(record["attempts"], int) \
                    or isinstance(record["attempts"], bool) or record["attempts"] < 0:
                return f"record {area}/{qid} has a bad 'correct' or 'attempts'"
            if not isinstance(record["answer"], str) or not isinstance(record["quiz_date"], str):
                return f"record {area}/{qid} has a bad 'answer' or 'quiz_date'"
    return None
