"""The trainee's progress file: round-trip, atomic write, corrupt files kept aside, never inside the repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.errors import PolicyInputError
from handbook.training import progress
from handbook.training.progress import ENV_VAR, ProgressStore, default_path, shape_problem


def test_round_trip(tmp_path):
    store = ProgressStore(tmp_path / "p" / "progress.json")
    assert store.load().data == {"version": 1, "areas": {}}  # missing file = no progress, no file made
    assert not store.path.exists()
    store.record("customs", "q-one", answer="Yes", correct=True, attempts=1, quiz_date="2026-11-21")
    store.record("customs", "q-two", answer="12", correct=False, attempts=2, quiz_date="2026-11-21")
    store.record("chargebacks", "q-one", answer="是", correct=True, attempts=3, quiz_date="2026-11-21")
    again = ProgressStore(store.path)
    loaded = again.load()
    assert loaded.problem is None
    assert loaded.data["areas"]["customs"] == {
        "q-one": {"answer": "Yes", "correct": True, "attempts": 1, "quiz_date": "2026-11-21"},
        "q-two": {"answer": "12", "correct": False, "attempts": 2, "quiz_date": "2026-11-21"},
    }
    assert again.area("chargebacks") == ({"q-one": {"answer": "是", "correct": True, "attempts": 3,
                                                    "quiz_date": "2026-11-21"}}, None)
    assert "是" in store.path.read_text(encoding="utf-8")  # readable, not \\u escapes
    store.record("customs", "q-two", answer="13", correct=True, attempts=3, quiz_date="2026-11-21")
    assert again.load().data["areas"]["customs"]["q-two"]["answer"] == "13"


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path / "progress.json")
    store.record("customs", "q", answer="Yes", correct=True, attempts=1, quiz_date="2026-11-21")
    before = store.path.read_text(encoding="utf-8")
    replaced = []
    real_replace = progress.os.replace

    def spy(src, dst):
        replaced.append((Path(src).parent, Path(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(progress.os, "replace", spy)
    store.record("customs", "q2", answer="No", correct=False, attempts=1, quiz_date="2026-11-21")
    assert replaced == [(tmp_path, store.path)]  # temp file in the same directory, then os.replace
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(progress.os, "replace", crash)
    with pytest.raises(OSError):
        store.record("customs", "q3", answer="No", correct=False, attempts=1, quiz_date="2026-11-21")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]  # temp file cleaned up
    assert store.path.read_text(encoding="utf-8") != before  # the q2 write stands
    assert "q3" not in store.path.read_text(encoding="utf-8")


CORRUPT = [
    ("not JSON", "{not json", "not valid JSON"),
    ("truncated", '{"version": 1, "areas": {', "not valid JSON"),
    ("binary", b"\xff\xfe\x00", "not valid JSON"),
    ("a list", "[]", "top level is not a JSON object"),
    ("wrong version", '{"version": 9, "areas": {}}', "unknown version 9"),
    ("extra key", '{"version": 1, "areas": {}, "x": 1}', "unexpected keys ['x']"),
    ("areas not object", '{"version": 1, "areas": []}', "'areas' is not an object"),
    ("record missing key", '{"version": 1, "areas": {"customs": {"q": {"answer": "a"}}}}', "does not have exactly"),
    ("bad attempts", '{"version": 1, "areas": {"customs": {"q": {"answer": "a", "correct": true, '
                     '"attempts": -1, "quiz_date": "d"}}}}', "bad 'correct' or 'attempts'"),
]


@pytest.mark.parametrize(("content", "words"), [c[1:] for c in CORRUPT], ids=[c[0] for c in CORRUPT])
def test_corrupt_file_is_reported_and_kept_aside(tmp_path, content, words):
    path = tmp_path / "progress.json"
    raw = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(raw)
    store = ProgressStore(path)
    loaded = store.load()
    assert words in loaded.problem
    assert loaded.moved_to == tmp_path / "progress.json.corrupt"
    assert loaded.moved_to.read_bytes() == raw  # kept byte for byte
    assert f"It was kept as {loaded.moved_to}" in loaded.problem
    assert loaded.data == {"version": 1, "areas": {}}
    assert not path.exists()
    store.record("customs", "q", answer="Yes", correct=True, attempts=1, quiz_date="2026-11-21")
    assert store.load().problem is None
    assert loaded.moved_to.read_bytes() == raw  # not overwritten by the new save


def test_a_second_corrupt_file_does_not_overwrite_the_first(tmp_path):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    names = []
    for n in range(3):
        path.write_text(f"broken {n}", encoding="utf-8")
        names.append(store.load().moved_to.name)
    assert names == ["progress.json.corrupt", "progress.json.corrupt-2", "progress.json.corrupt-3"]
    assert [(tmp_path / name).read_text(encoding="utf-8") for name in names] == ["broken 0", "broken 1", "broken 2"]


def test_record_reports_a_corrupt_file_it_found(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("garbage", encoding="utf-8")
    loaded = ProgressStore(path).record("customs", "q", answer="Yes", correct=True, attempts=1,
                                        quiz_date="2026-11-21")
    assert loaded.problem and "could not be read" in loaded.problem
    assert (tmp_path / "progress.json.corrupt").read_text(encoding="utf-8") == "garbage"
    assert json.loads(path.read_text(encoding="utf-8"))["areas"]["customs"]["q"]["correct"] is True


def test_default_path_is_in_home_and_env_overrides(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".handbook" / "progress.json"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere.json"))
    assert default_path() == tmp_path / "elsewhere.json"
    assert ProgressStore().path == tmp_path / "elsewhere.json"


@pytest.mark.parametrize("inside", ["progress.json", "notebooks/progress.json", "handbook/../x.json"])
def test_a_path_inside_the_repository_is_refused(inside):
    with pytest.raises(PolicyInputError) as caught:
        ProgressStore(progress.REPO_ROOT / inside)
    assert caught.value.field == "progress file"
    assert "outside the handbook checkout" in caught.value.accepted
    assert not (progress.REPO_ROOT / inside).exists()


def test_saving_malformed_data_is_refused(tmp_path):
    with pytest.raises(ValueError, match="malformed progress"):
        ProgressStore(tmp_path / "p.json").save({"areas": {}})
    assert not (tmp_path / "p.json").exists()


records = st.fixed_dictionaries({
    "answer": st.text(max_size=20), "correct": st.booleans(),
    "attempts": st.integers(min_value=0, max_value=50), "quiz_date": st.text(max_size=10),
})


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["customs", "chargebacks"]),
                       st.dictionaries(st.text(min_size=1, max_size=8), records, max_size=3), max_size=2))
def test_any_valid_document_survives_a_round_trip(tmp_path, areas):
    data = {"version": 1, "areas": areas}
    assert shape_problem(data) is None
    store = ProgressStore(tmp_path / "prop.json")
    store.save(data)
    loaded = store.load()
    assert loaded.problem is None and loaded.data == data
