"""Each trainee's progress (SQLite): round trip per trainee, concurrent writers lose nothing, corrupt files kept
aside, the old JSON file imported once, never inside the repo, who is training, the lead's report and its CLI."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.errors import PolicyInputError
from handbook.training import progress
from handbook.training.progress import (
    APP_ENV,
    ENV_DATA,
    ENV_TRAINEE,
    ENV_VAR,
    ProgressStore,
    clean_name,
    current_trainee,
    default_path,
    report,
    shape_problem,
)

DAY = "2026-11-21"


def save(store: ProgressStore, area: str, qid: str, *, correct: bool = True, answer: str = "Yes",
         attempts: int = 1):
    return store.record(area, qid, answer=answer, correct=correct, attempts=attempts, quiz_date=DAY)


def test_round_trip_per_trainee(tmp_path):
    path = tmp_path / "p" / "progress.sqlite3"
    alice, wang = ProgressStore(path, trainee="Alice"), ProgressStore(path, trainee="王芳")
    assert alice.load().data == {"version": 1, "areas": {}}
    save(alice, "customs", "q-one")
    save(alice, "customs", "q-two", correct=False, answer="12", attempts=2)
    save(wang, "customs", "q-one", correct=False, answer="是")
    assert ProgressStore(path, trainee="Alice").area("customs") == ({
        "q-one": {"answer": "Yes", "correct": True, "attempts": 1, "quiz_date": DAY},
        "q-two": {"answer": "12", "correct": False, "attempts": 2, "quiz_date": DAY},
    }, None)
    assert wang.area("customs")[0] == {"q-one": {"answer": "是", "correct": False, "attempts": 1, "quiz_date": DAY}}
    save(alice, "customs", "q-two", answer="13", attempts=3)  # the latest answer replaces the earlier one
    assert alice.area("customs")[0]["q-two"] == {"answer": "13", "correct": True, "attempts": 3, "quiz_date": DAY}
    assert ProgressStore(path, trainee="Nobody").area("customs") == ({}, None)


def _writer(path: str, trainee: str, n: int) -> None:
    store = ProgressStore(path, trainee=trainee)
    for i in range(n):
        save(store, "customs", f"q{i}", correct=i % 2 == 0)


def test_concurrent_writers_lose_nothing(tmp_path):
    """Eight processes (as eight kernels would) each save 25 answers at the same time: all 200 are there."""
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path, trainee="setup").load()  # creates the database (WAL) before the race
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(path), f"trainee {w}", 25)) for w in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0] * 8
    rows = ProgressStore(path).rows()
    assert len(rows) == 200
    assert {r["trainee"] for r in rows} == {f"trainee {w}" for w in range(8)}
    assert sum(r["correct"] for r in rows) == 8 * 13


def test_not_a_database_is_reported_and_kept_aside(tmp_path):
    path = tmp_path / "progress.sqlite3"
    raw = b"this is not a database, just text that someone saved here" * 20
    path.write_bytes(raw)
    store = ProgressStore(path, trainee="Alice")
    loaded = store.load()
    assert loaded.problem and "could not be read" in loaded.problem and "not a progress database" in loaded.problem
    assert loaded.moved_to == tmp_path / "progress.sqlite3.corrupt"
    assert loaded.moved_to.read_bytes() == raw
    save(store, "customs", "q")
    assert store.load().problem is None and store.area("customs")[0]["q"]["correct"] is True
    path.write_bytes(raw)  # a second one goes beside the first
    assert store.load().moved_to == tmp_path / "progress.sqlite3.corrupt-2"
    assert loaded.moved_to.read_bytes() == raw


def old_json(records: dict) -> str:
    return json.dumps({"version": 1, "areas": records}, ensure_ascii=False)


def test_the_old_json_file_is_imported_once_as_the_computer_users(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "local_user", lambda: "laptop-user")
    legacy = tmp_path / "progress.json"
    legacy.write_text(old_json({"customs": {"q": {"answer": "Yes", "correct": True, "attempts": 2,
                                                  "quiz_date": DAY}}}), encoding="utf-8")
    store = ProgressStore(tmp_path / "progress.sqlite3", trainee="laptop-user")
    loaded = store.load()
    assert loaded.data["areas"] == {"customs": {"q": {"answer": "Yes", "correct": True, "attempts": 2,
                                                      "quiz_date": DAY}}}
    assert loaded.messages and "Imported 1 saved answers" in loaded.messages[0]
    assert not legacy.exists() and (tmp_path / "progress.json.imported").exists()  # kept, renamed
    assert store.load().messages == []  # once
    other = ProgressStore(tmp_path / "progress.sqlite3", trainee="Alice")
    assert other.load().data["areas"] == {}  # the old file was the computer user's, not Alice's


CORRUPT_JSON = [
    ("not JSON", "{not json", "not valid JSON"),
    ("binary", b"\xff\xfe\x00", "not valid JSON"),
    ("a list", "[]", "top level is not a JSON object"),
    ("wrong version", '{"version": 9, "areas": {}}', "unknown version 9"),
    ("extra key", '{"version": 1, "areas": {}, "x": 1}', "unexpected keys ['x']"),
    ("areas not object", '{"version": 1, "areas": []}', "'areas' is not an object"),
    ("record missing key", '{"version": 1, "areas": {"customs": {"q": {"answer": "a"}}}}', "does not have exactly"),
    ("bad attempts", '{"version": 1, "areas": {"customs": {"q": {"answer": "a", "correct": true, '
                     '"attempts": -1, "quiz_date": "d"}}}}', "bad 'correct' or 'attempts'"),
]


@pytest.mark.parametrize(("content", "words"), [c[1:] for c in CORRUPT_JSON], ids=[c[0] for c in CORRUPT_JSON])
def test_an_unreadable_old_json_file_is_reported_and_kept_aside(tmp_path, content, words):
    legacy = tmp_path / "progress.json"
    raw = content.encode("utf-8") if isinstance(content, str) else content
    legacy.write_bytes(raw)
    loaded = ProgressStore(tmp_path / "progress.sqlite3", trainee="Alice").load()
    assert words in loaded.problem and f"It was kept as {loaded.moved_to}" in loaded.problem
    assert loaded.moved_to == tmp_path / "progress.json.corrupt"
    assert loaded.moved_to.read_bytes() == raw
    assert loaded.data == {"version": 1, "areas": {}}


def test_default_path_is_in_the_data_folder_and_env_overrides(monkeypatch, tmp_path):
    for var in (ENV_VAR, ENV_DATA):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".handbook" / "progress.sqlite3"
    monkeypatch.setenv(ENV_DATA, str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "progress.sqlite3"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere.sqlite3"))
    assert ProgressStore().path == tmp_path / "elsewhere.sqlite3"


@pytest.mark.parametrize("inside", ["progress.sqlite3", "notebooks/progress.sqlite3", "handbook/../x.sqlite3"])
def test_a_path_inside_the_repository_is_refused(inside):
    with pytest.raises(PolicyInputError) as caught:
        ProgressStore(progress.REPO_ROOT / inside)
    assert caught.value.field == "progress file"
    assert "outside the handbook checkout" in caught.value.accepted
    assert not (progress.REPO_ROOT / inside).exists()


# ---------------------------------------------------------------- who is training

NAMES = [("  Alice   Wang ", "Alice Wang"), ("王芳", "王芳"), ("Ｂｏｂ", "Bob")]
BAD_NAMES = ["", "   ", "x" * 61, "bad\nname", "tab\there"]


@pytest.mark.parametrize(("raw", "clean"), NAMES)
def test_names_are_normalised(raw, clean):
    assert clean_name(raw) == clean


@pytest.mark.parametrize("raw", BAD_NAMES)
def test_bad_names_are_refused_in_plain_words(raw):
    with pytest.raises(PolicyInputError) as caught:
        clean_name(raw)
    assert caught.value.field == "your name" and "1 to 60" in caught.value.accepted


def test_current_trainee_lab_app_and_override(monkeypatch):
    for var in (ENV_TRAINEE, APP_ENV, "VOILA_PREHEAT"):
        monkeypatch.delenv(var, raising=False)
    assert current_trainee() == progress.local_user()  # JupyterLab: no set-up
    monkeypatch.setenv("VOILA_PREHEAT", "False")  # a kernel of the app
    assert current_trainee() is None  # the app has not named anyone: nothing is saved
    monkeypatch.setenv(APP_ENV, "%E7%8E%8B%E8%8A%B3")  # the server sends it percent-encoded
    assert current_trainee() == "王芳"
    monkeypatch.setenv(ENV_TRAINEE, "Override")
    assert current_trainee() == "Override"


# ---------------------------------------------------------------- the lead's report

QUESTIONS = {"customs": ["c1", "c2", "c3"], "chargebacks": ["b1", "b2"]}


def test_report_scores_missed_questions_and_last_activity(tmp_path):
    path = tmp_path / "progress.sqlite3"
    alice, wang = ProgressStore(path, trainee="Alice"), ProgressStore(path, trainee="王芳")
    save(alice, "customs", "c1")
    save(alice, "customs", "c3", correct=False)
    save(alice, "customs", "retired-question")  # no longer in the quiz: not counted
    save(wang, "chargebacks", "b2", correct=False)
    save(wang, "chargebacks", "b1", correct=False)
    rows = report(ProgressStore(path), questions=QUESTIONS)
    assert [(r.trainee, r.area, r.score, r.missed) for r in rows] == [
        ("Alice", "customs", "1 of 3", ("c3",)),
        ("王芳", "chargebacks", "0 of 2", ("b1", "b2")),
    ]
    assert all(r.last_activity.startswith("20") for r in rows)
    assert rows[0].as_dict()["missed"] == "c3" and rows[0].as_dict()["area_title"] == rows[0].area_title


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(QUESTIONS["customs"]),
                                  st.booleans()), max_size=12))
def test_report_counts_each_questions_latest_answer(tmp_path_factory, answers):
    path = tmp_path_factory.mktemp("report") / "progress.sqlite3"
    latest: dict[tuple[str, str], bool] = {}
    for trainee, qid, correct in answers:
        save(ProgressStore(path, trainee=trainee), "customs", qid, correct=correct)
        latest[(trainee, qid)] = correct
    rows = {r.trainee: r for r in report(ProgressStore(path), questions=QUESTIONS)}
    assert set(rows) == {t for t, _ in latest}
    for trainee, row in rows.items():
        mine = {q: c for (t, q), c in latest.items() if t == trainee}
        assert row.correct == sum(mine.values()) and row.total == 3
        assert set(row.missed) == {q for q, c in mine.items() if not c}


def run_cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(data), ENV_DATA: str(data), "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, "-m", "handbook", "progress", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_lists_the_report_as_text_and_csv(tmp_path):
    from handbook.training import available_areas, load_area

    area = available_areas()[0]
    first = load_area(area)[0].id
    store = ProgressStore(tmp_path / "progress.sqlite3", trainee="王芳")
    save(store, area, first, correct=False)
    text = run_cli(data=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "王芳" in text.stdout and f"0 of {len(load_area(area))}" in text.stdout and first in text.stdout
    as_csv = run_cli("--csv", data=tmp_path)
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["trainee"], r["area"], r["missed"]) for r in rows] == [("王芳", area, first)]
    assert rows[0]["last_activity"] and rows[0]["score"] == f"0 of {len(load_area(area))}"


def test_cli_with_no_progress_says_so(tmp_path):
    result = run_cli(data=tmp_path)
    assert result.returncode == 0 and "No saved answers" in result.stdout
    assert not (tmp_path / "progress.sqlite3").exists()  # reading never creates the file


def test_shape_problem_accepts_the_old_format():
    assert shape_problem({"version": 1, "areas": {"customs": {"q": {"answer": "a", "correct": True,
                                                                    "attempts": 1, "quiz_date": DAY}}}}) is None
