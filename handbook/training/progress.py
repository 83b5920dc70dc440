"""Each trainee's own progress: one SQLite database in a data folder, safe when many kernels write at once.

Where: `progress.sqlite3` in the data folder, `$HANDBOOK_DATA` or `~/.handbook` (never inside the handbook's
checkout: a trainee's answers must never end up in a commit). `$HANDBOOK_PROGRESS`, or a path given to
`ProgressStore(path)`, names the database file itself (tests use a temporary directory).

Who: `current_trainee()`. In JupyterLab (`make lab`) it is the computer's user name, so one person on a laptop
needs no set-up. In the app (`make app`, app/server.py) the server passes the trainee to the page's kernel
in the `X-Handbook-Trainee` request header (Voilà hands it over as `HTTP_X_HANDBOOK_TRAINEE`, percent-encoded
UTF-8): the name the trainee entered once (a cookie the browser keeps), or, when a reverse proxy with a login
is configured as trusted, the user name it sends. `$HANDBOOK_TRAINEE` overrides both. In the app without a
name, nothing is saved and the quiz says where to enter one.

How: one row per trainee, area and question (the latest checked answer, attempts so far, when). Every write is
one short `BEGIN IMMEDIATE` transaction in WAL mode with a busy timeout, so twenty kernels saving at the same
moment queue for a few milliseconds instead of overwriting each other (the old JSON file lost half of two
concurrent writers' records). A file that is not a database is never overwritten: it is renamed to
`progress.sqlite3.corrupt` (or `.corrupt-2`, ...), the move is reported, and a fresh database is started.

The old format, one JSON file `progress.json` in the same folder (before 2026-11-30), is imported once into
the database as the computer user's progress and then renamed `progress.json.imported` (kept, never deleted);
a JSON file that cannot be read is renamed `progress.json.corrupt` and reported, as before.

The lead's report (`report()`, `python -m handbook progress [--csv]`, and /handbook/report in the app): one
row per trainee and area with the quiz score, the questions missed and the last activity.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from handbook.errors import PolicyInputError

ENV_VAR = "HANDBOOK_PROGRESS"  # the database file itself
ENV_DATA = "HANDBOOK_DATA"  # the data folder (default ~/.handbook)
ENV_TRAINEE = "HANDBOOK_TRAINEE"  # who is training, overriding everything else
APP_HEADER = "X-Handbook-Trainee"  # set by app/server.py only (a client's own is dropped)
APP_ENV = "HTTP_X_HANDBOOK_TRAINEE"  # the same header as Voilà passes it to the kernel
DB_NAME = "progress.sqlite3"
LEGACY_NAME = "progress.json"
VERSION = 1
REPO_ROOT = Path(__file__).resolve().parents[2]
RECORD_KEYS = {"answer", "correct", "attempts", "quiz_date"}
NAME_MAX = 60
BUSY_TIMEOUT = 30.0  # seconds a writer waits for another writer's transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    trainee     TEXT NOT NULL,
    area        TEXT NOT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    attempts    INTEGER NOT NULL CHECK (attempts >= 0),
    quiz_date   TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (trainee, area, question)
);
CREATE TABLE IF NOT EXISTS imports (source TEXT PRIMARY KEY, imported_at TEXT NOT NULL, records INTEGER NOT NULL);
"""


def data_dir() -> Path:
    """`$HANDBOOK_DATA` if set, else `~/.handbook`."""
    override = os.environ.get(ENV_DATA)
    return Path(override).expanduser() if override else Path.home() / ".handbook"


def default_path() -> Path:
    """`$HANDBOOK_PROGRESS` if set, else `progress.sqlite3` in the data folder."""
    override = os.environ.get(ENV_VAR)
    return Path(override).expanduser() if override else data_dir() / DB_NAME


def _inside_repo(path: Path) -> bool:
    try:
        path.resolve().relative_to(REPO_ROOT)
    except ValueError:
        return False
    return True


# --- who is training ----------------------------------------------------------------------------------------


def clean_name(raw: str, *, field_name: str = "your name") -> str:
    """A trainee name as stored: NFKC, single spaces, 1 to NAME_MAX characters, no control characters."""
    text = unicodedata.normalize("NFKC", str(raw))
    name = " ".join(text.split())
    if not name or len(name) > NAME_MAX or any(unicodedata.category(ch).startswith("C") for ch in text.strip()):
        raise PolicyInputError(field_name, raw, f"a name of 1 to {NAME_MAX} letters, digits or spaces",
                               reason="it is empty, too long or has control characters")
    return name


def in_app() -> bool:
    """True inside a kernel started by Voilà (the app), which sets VOILA_PREHEAT for every kernel."""
    return "VOILA_PREHEAT" in os.environ


def _wait_for_app_request() -> None:
    """A preheated kernel learns its request (and so the trainee) only after a browser has asked for the page."""
    if os.environ.get("VOILA_PREHEAT") == "True" and APP_ENV not in os.environ:
        from voila.utils import wait_for_request

        wait_for_request()


def local_user() -> str:
    try:
        return clean_name(getpass.getuser())
    except (PolicyInputError, KeyError, OSError):
        return "me"


def current_trainee() -> str | None:
    """Who is training: $HANDBOOK_TRAINEE; in the app the trainee the server named (None: nobody yet);
    otherwise (JupyterLab, scripts) the computer's user name."""
    explicit = os.environ.get(ENV_TRAINEE)
    if explicit:
        return clean_name(explicit)
    if in_app():
        _wait_for_app_request()
        sent = os.environ.get(APP_ENV, "")
        return clean_name(unquote(sent)) if sent.strip() else None
    return local_user()


# --- the store ----------------------------------------------------------------------------------------------


@dataclass
class Loaded:
    """What opening the store found: the records of one trainee, and a report when a file was moved aside."""

    data: dict[str, Any]
    problem: str | None = None
    moved_to: Path | None = None
    messages: list[str] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _aside(path: Path) -> Path:
    target = path.with_name(path.name + ".corrupt")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{n}")
        n += 1
    os.replace(path, target)
    return target


class ProgressStore:
    """The progress database; `trainee` is whose records `record` and `area` read and write."""

    def __init__(self, path: Path | str | None = None, *, trainee: str | None = None):
        self.path = Path(path).expanduser() if path is not None else default_path()
        if _inside_repo(self.path):
            raise PolicyInputError(
                "progress file", str(self.path),
                f"a path outside the handbook checkout ({REPO_ROOT}), e.g. ~/.handbook/{DB_NAME}",
                reason="progress is the trainee's own and must never be committed",
            )
        self.trainee = clean_name(trainee, field_name="trainee") if trainee is not None else local_user()
        self.legacy = self.path.with_name(LEGACY_NAME)

    # --- connection -----------------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    @contextmanager
    def _open(self, loaded: Loaded | None = None) -> Iterator[sqlite3.Connection]:
        """A connection; a file that is not a SQLite database is moved aside (reported in `loaded`)."""
        try:
            db = self._connect()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            target = _aside(self.path)
            for suffix in ("-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            if loaded is not None:
                loaded.problem = (f"Your progress file {self.path} could not be read: it is not a progress "
                                  f"database ({exc}). It was kept as {target}; a new progress file is started.")
                loaded.moved_to = target
            db = self._connect()
        try:
            if loaded is not None:
                self._import_legacy(db, loaded)
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        db.execute("BEGIN IMMEDIATE")  # takes the write lock now; other writers wait up to BUSY_TIMEOUT
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- the old JSON file ----------------------------------------------------------------------------------

    def _import_legacy(self, db: sqlite3.Connection, loaded: Loaded) -> None:
        """Import progress.json beside the database once (as the computer user's), then rename it."""
        if self.legacy == self.path or not self.legacy.is_file():
            return
        try:
            data = json.loads(self.legacy.read_text(encoding="utf-8"))
            problem = shape_problem(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problem = f"it is not valid JSON ({exc.__class__.__name__}: {exc})"
        if problem:
            target = _aside(self.legacy)
            loaded.problem = (f"Your progress file {self.legacy} could not be read: {problem}. "
                              f"It was kept as {target}; a new progress file is started.")
            loaded.moved_to = target
            return
        owner = local_user()
        when = datetime.fromtimestamp(self.legacy.stat().st_mtime, UTC).isoformat(timespec="seconds")
        rows = [(owner, area, qid, r["answer"], int(r["correct"]), r["attempts"], r["quiz_date"], when)
                for area, records in data["areas"].items() for qid, r in records.items()]
        with self._write(db):
            db.executemany("INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.execute("INSERT OR REPLACE INTO imports VALUES (?, ?, ?)", (str(self.legacy), _now(), len(rows)))
        target = self.legacy.with_name(self.legacy.name + ".imported")
        os.replace(self.legacy, target)
        loaded.messages.append(f"Imported {len(rows)} saved answers from {self.legacy} as {owner}'s "
                               f"(the old file is kept as {target}).")

    # --- one trainee ----------------------------------------------------------------------------------------

    def load(self) -> Loaded:
        """This trainee's records by area (the old JSON shape); problems and imports are reported."""
        loaded = Loaded({"version": VERSION, "areas": {}})
        with self._open(loaded) as db:
            for area, qid, answer, correct, attempts, quiz_date in db.execute(
                    "SELECT area, question, answer, correct, attempts, quiz_date FROM answers WHERE trainee = ?"
                    " ORDER BY area, question", (self.trainee,)):
                loaded.data["areas"].setdefault(area, {})[qid] = {
                    "answer": answer, "correct": bool(correct), "attempts": attempts, "quiz_date": quiz_date}
        return loaded

    def record(self, area: str, question_id: str, *, answer: str, correct: bool, attempts: int,
               quiz_date: str) -> Loaded:
        """Save this trainee's latest answer to one question (one transaction)."""
        loaded = Loaded({"version": VERSION, "areas": {}})
        row = (self.trainee, str(area), str(question_id), str(answer), int(bool(correct)), int(attempts),
               str(quiz_date), _now())
        with self._open(loaded) as db, self._write(db):
            db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (trainee, area, question) "
                       "DO UPDATE SET answer = excluded.answer, correct = excluded.correct, "
                       "attempts = excluded.attempts, quiz_date = excluded.quiz_date, "
                       "answered_at = excluded.answered_at", row)
        return loaded

    def area(self, area: str) -> tuple[dict[str, Any], str | None]:
        """This trainee's records of one area and a problem report (None when the file was fine)."""
        loaded = self.load()
        return dict(loaded.data["areas"].get(area, {})), loaded.problem

    # --- everyone (the lead's report) -----------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        """Every saved answer of every trainee (no file is created when there is none)."""
        if not self.path.exists():
            return []
        with self._open() as db:
            cursor = db.execute("SELECT trainee, area, question, answer, correct, attempts, quiz_date, answered_at "
                                "FROM answers ORDER BY trainee, area, question")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, r, strict=True)) for r in cursor]


@dataclass(frozen=True)
class ReportRow:
    """One trainee's standing in one area."""

    trainee: str
    area: str
    area_title: str
    correct: int
    total: int
    missed: tuple[str, ...]
    last_activity: str

    @property
    def score(self) -> str:
        return f"{self.correct} of {self.total}"

    def as_dict(self) -> dict[str, str | int]:
        return {"trainee": self.trainee, "area": self.area, "area_title": self.area_title, "correct": self.correct,
                "questions": self.total, "score": self.score, "missed": " ".join(self.missed),
                "last_activity": self.last_activity}


def questions_per_area() -> dict[str, list[str]]:
    """The question ids of every area with a quiz, in file order (the report's denominators)."""
    from handbook.training import available_areas, load_area

    return {slug: [q.id for q in load_area(slug)] for slug in available_areas()}


def report(store: ProgressStore | None = None, *, questions: dict[str, list[str]] | None = None) -> list[ReportRow]:
    """One row per trainee and area they answered: score against the area's questions, the questions whose
    latest answer is wrong (or, for an area's current questions, not answered yet is not "missed"), last activity."""
    from handbook.areas import AREAS

    store = store or ProgressStore()
    questions = questions_per_area() if questions is None else questions
    titles = {a.slug: a.title for a in AREAS}
    order = {a.slug: i for i, a in enumerate(AREAS)}
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in store.rows():
        grouped.setdefault((row["trainee"], row["area"]), []).append(row)
    out = []
    for (trainee, area), rows in grouped.items():
        current = questions.get(area)
        counted = [r for r in rows if current is None or r["question"] in current]
        position = {q: i for i, q in enumerate(current or [])}
        missed = tuple(r["question"] for r in sorted(counted, key=lambda r: position.get(r["question"], 0))
                       if not r["correct"])
        out.append(ReportRow(trainee, area, titles.get(area, area), sum(bool(r["correct"]) for r in counted),
                             len(current) if current is not None else len(counted), missed,
                             max(r["answered_at"] for r in rows)))
    return sorted(out, key=lambda r: (r.trainee.casefold(), order.get(r.area, len(order)), r.area))


# --- python -m handbook progress [--csv] --------------------------------------------------------------------

REPORT_FIELDS = ["trainee", "area", "area_title", "score", "correct", "questions", "missed", "last_activity"]


def add_cli(commands) -> None:
    """The `progress` subcommand of `python -m handbook`."""
    p = commands.add_parser("progress", help="the lead's report: every trainee's quiz score per area",
                            description="Every trainee's saved quiz answers per area: score, questions missed "
                                        "(latest answer wrong), last activity (UTC).")
    p.add_argument("--csv", action="store_true", help="CSV on stdout (for a spreadsheet) instead of a table")
    p.add_argument("--db", type=Path, metavar="FILE",
                   help=f"the progress database (default: ${ENV_VAR}, or {DB_NAME} in ${ENV_DATA} or ~/.handbook)")


def run_cli(args) -> int:
    import csv
    import sys

    store = ProgressStore(args.db, trainee="report") if args.db else ProgressStore(trainee="report")
    rows = report(store)
    if args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=REPORT_FIELDS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.as_dict() for r in rows)
        return 0
    if not rows:
        print(f"No saved answers yet in {store.path}.")
        return 0
    table = [("trainee", "area", "score", "missed", "last activity (UTC)")]
    table += [(r.trainee, r.area, r.score, ", ".join(r.missed) or "none", r.last_activity) for r in rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shape_problem(data: Any) -> str | None:
    """Why `data` is not an old-format (JSON) progress document (None when it is one)."""
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
