"""The question schema: good questions load; each malformed one is rejected naming file, question and problem."""

from __future__ import annotations

import copy

import pytest
from test_training_support import (
    GOOD_CHOICE,
    GOOD_GENERATED,
    GOOD_NUMERIC,
    GOOD_PARAM,
    LIMIT,
    MODULE,
    ON,
    install,
    write_questions,
    write_text,
)

from handbook.figure_check import typed_figures
from handbook.training import QuestionFileError, parse_file, pose
from handbook.training.schema import parse_questions


@pytest.fixture(autouse=True)
def fixture_rules(monkeypatch):
    install(monkeypatch)


def test_good_questions_load_and_pose(tmp_path):
    path = write_questions(tmp_path, [GOOD_CHOICE, GOOD_NUMERIC, GOOD_GENERATED, GOOD_PARAM])
    questions = parse_file(path)
    assert [q.id for q in questions] == ["fixture-over", "fixture-remaining", "fixture-total", "fixture-limit"]
    assert [q.kind for q in questions] == ["choice", "numeric", "choice", "choice"]
    assert questions[0].answer.function.__name__ == "quota"
    assert [d.source for d in questions[2].distractors] == ["call", "shift", "text"]
    posed = [pose(q, ON) for q in questions]
    assert [len(p.options) for p in posed] == [2, 0, 4, 2]


def _set(spec: dict, path: str, value) -> dict:
    spec = copy.deepcopy(spec)
    keys = path.split(".")
    target = spec
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    last = keys[-1]
    if value is _DELETE:
        if isinstance(target, list):
            del target[int(last)]
        else:
            del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return spec


_DELETE = object()

# (case name, base question, dotted path to change, new value, words the error must contain)
REJECTIONS = [
    ("unknown key", GOOD_CHOICE, "colour", "red", "unknown key(s) ['colour']"),
    ("missing prompt", GOOD_CHOICE, "prompt", _DELETE, "missing ['prompt']"),
    ("missing answer", GOOD_CHOICE, "answer", _DELETE, "missing ['answer']"),
    ("empty prompt", GOOD_CHOICE, "prompt", "  ", "prompt must be non-empty text"),
    ("bad kind", GOOD_CHOICE, "kind", "essay", "kind must be one of choice, numeric"),
    ("bad id", GOOD_CHOICE, "id", "Fixture Over", "id must be lower-case words"),
    ("other area", GOOD_CHOICE, "area", "chargebacks", "does not match the file's area 'customs'"),
    ("section zero", GOOD_CHOICE, "section", 0, "section must be the number"),
    ("section text", GOOD_CHOICE, "section", "two", "section must be the number"),
    ("unknown rule module", GOOD_CHOICE, "answer.rule", "handbook.rules.nowhere.quota", "unknown rule"),
    ("unknown rule function", GOOD_CHOICE, "answer.rule", f"{MODULE}.quoat", "unknown rule"),
    ("rule outside handbook.rules", GOOD_CHOICE, "answer.rule", "os.path.join", "a function in handbook.rules"),
    ("argument the rule lacks", GOOD_CHOICE, "answer.args.colour", "red", "do not fit"),
    ("argument missing", GOOD_CHOICE, "answer.args", {"spent": "1"}, "do not fit"),
    ("on given as argument", GOOD_CHOICE, "answer.args.on", "2026-01-01", "`on` is the quiz date"),
    ("unknown answer key", GOOD_CHOICE, "answer.value", "Yes", "answer has unknown key(s) ['value']"),
    ("rule and param", GOOD_CHOICE, "answer.param", "pinduoduo_intl.customs.annual_limit", "exactly one of"),
    ("unknown param", GOOD_PARAM, "answer.param", "pinduoduo_intl.customs.annual_limt", "unknown parameter"),
    ("unknown format", GOOD_CHOICE, "answer.format", "roman", "format 'roman' is unknown"),
    ("bad field", GOOD_CHOICE, "answer.field", "over-limit", "dotted path"),
    ("answer on not a date", GOOD_CHOICE, "answer.on", "soon", "answer.on must be a date"),
    ("choice without distractors", GOOD_CHOICE, "distractors", _DELETE, "needs a non-empty list of distractors"),
    ("numeric with distractors", GOOD_NUMERIC, "distractors", [{"shift": 1}], "has no distractors"),
    ("choice with tolerance", GOOD_CHOICE, "tolerance", 1, "tolerance is for numeric questions only"),
    ("negative tolerance", GOOD_NUMERIC, "tolerance", -1, "tolerance must be a number ≥ 0"),
    ("numeric yes/no", GOOD_NUMERIC, "answer.format", "yes_no", "cannot use format 'yes_no'"),
    ("distractor two sources", GOOD_GENERATED, "distractors.2.shift", 5, "exactly one source"),
    ("distractor no source", GOOD_GENERATED, "distractors.2", {"hint": "why"}, "exactly one source"),
    ("distractor unknown key", GOOD_GENERATED, "distractors.1.colour", "red", "unknown key(s) ['colour']"),
    ("distractor is the answer's call", GOOD_GENERATED, "distractors.0", {"field": "total"}, "the answer's own call"),
    ("distractor unknown rule", GOOD_GENERATED, "distractors.0", {"rule": f"{MODULE}.nope"}, "unknown rule"),
    ("distractor bad argument", GOOD_GENERATED, "distractors.0", {"args": {"colour": 1}}, "do not fit"),
    ("opposite on a number", GOOD_GENERATED, "distractors.1", {"opposite": True}, "needs a yes_no answer"),
    ("shift of zero", GOOD_GENERATED, "distractors.1.shift", 0, "non-zero number"),
    ("shift of yes/no", GOOD_CHOICE, "distractors.0", {"shift": 1}, "needs a number, date or datetime answer"),
    ("variant of a param answer", GOOD_PARAM, "distractors.0", {"args": {"x": 1}}, "the answer is a parameter"),
    ("too many distractors", GOOD_GENERATED, "distractors", [{"text": f"option {c}"} for c in "abcdef"], "at most 5"),
    ("unknown placeholder", GOOD_CHOICE, "prompt", "Spent {{ spend }}?", "{{ spend }} is neither an argument"),
    ("unknown filter", GOOD_CHOICE, "prompt", "Limit {{ pinduoduo_intl.customs.annual_limit | upper }}?",
     "unknown filter 'upper'"),
    ("malformed placeholder", GOOD_CHOICE, "prompt", "Limit {{ spent?", "malformed placeholder"),
    ("typed policy figure", GOOD_CHOICE, "prompt", "Is 24,800 + 1,200 over 26,000 yuan?",
     "types the policy figure '26,000'"),
    ("typed figure in a literal distractor", GOOD_GENERATED, "distractors.2.text", "26,000 yuan",
     "types the policy figure"),
    ("hint with unknown placeholder", GOOD_CHOICE, "distractors.0.hint", "{{ nope }}", "neither an argument"),
    ("mapping argument of unknown form", GOOD_CHOICE, "answer.args.spent", {"value": 1}, "a mapping argument must be"),
    ("argument from an unknown parameter", GOOD_CHOICE, "answer.args.spent", {"param": "no.such.param"},
     "unknown parameter 'no.such.param'"),
    ("argument param with a bad plus", GOOD_CHOICE, "answer.args.spent", {"param": LIMIT, "plus": "one"},
     "plus must be a number"),
    ("argument param with an unknown key", GOOD_CHOICE, "answer.args.spent", {"param": LIMIT, "minus": 1},
     "unknown key(s) ['minus']"),
    ("argument call to an unknown rule", GOOD_CHOICE, "answer.args.spent", {"call": "handbook.rules.nowhere.f"},
     "unknown rule"),
    ("argument call with bad arguments", GOOD_CHOICE, "answer.args.spent",
     {"call": f"{MODULE}.not_a_result", "args": {"colour": 1}}, "do not fit"),
]


@pytest.mark.parametrize(("base", "path", "value", "words"), [r[1:] for r in REJECTIONS],
                         ids=[r[0] for r in REJECTIONS])
def test_malformed_question_is_rejected_naming_file_question_and_problem(tmp_path, base, path, value, words):
    bad = _set(base, path, value)
    file = write_questions(tmp_path, [GOOD_NUMERIC, bad])
    with pytest.raises(QuestionFileError) as caught:
        parse_file(file)
    error = caught.value
    assert error.file == "customs.yaml"
    expected_id = bad["id"] if path != "id" else "Fixture Over"
    assert error.question == expected_id
    assert words in error.problem, error.problem
    assert str(error).startswith(f"customs.yaml: {expected_id}: ")


# Problems only a computation shows: raised by pose(), still naming file and question.
POSE_REJECTIONS = [
    ("distractor equal to the answer (literal)", GOOD_CHOICE, "distractors.0", {"text": "Yes"},
     "equal to the answer"),
    ("generated distractor equal to the answer", GOOD_GENERATED, "distractors.0",
     {"args": {"spent": "24000", "amount": "2300"}}, "equal to the answer"),
    ("two distractors equal", GOOD_GENERATED, "distractors.2", {"shift": -100}, "equal to distractors[1]"),
    ("field the result lacks", GOOD_CHOICE, "answer.field", "verdict", "has no field 'verdict'; it has: total"),
    ("nested field the result lacks", GOOD_CHOICE, "answer.field", "over.colour", "has no field 'over.colour'"),
    ("format does not fit", GOOD_CHOICE, "answer.field", "total", "format yes_no needs a bool"),
    ("rule refuses the arguments", GOOD_CHOICE, "answer.args.spent", "-5", "refused its input"),
    ("result without explain()", GOOD_NUMERIC, "answer", {"rule": f"{MODULE}.not_a_result",
                                                          "args": {"spent": "5", "amount": "1"}, "format": "yuan"},
     "has no explain()"),
]


@pytest.mark.parametrize(("base", "path", "value", "words"), [r[1:] for r in POSE_REJECTIONS],
                         ids=[r[0] for r in POSE_REJECTIONS])
def test_question_that_cannot_be_posed_is_rejected(tmp_path, base, path, value, words):
    bad = _set(base, path, value)
    (question,) = parse_file(write_questions(tmp_path, [bad]))
    with pytest.raises(QuestionFileError) as caught:
        pose(question, ON)
    assert caught.value.file == "customs.yaml"
    assert caught.value.question == bad["id"]
    assert words in caught.value.problem, caught.value.problem


FILE_REJECTIONS = [
    ("not YAML", "- id: [unclosed\n", "not valid YAML"),
    ("empty file", "", "non-empty list of questions"),
    ("a mapping, not a list", "id: x\n", "non-empty list of questions"),
    ("question not a mapping", "- just text\n", "a question must be a mapping"),
    ("duplicate key", "- id: a\n  id: b\n", "duplicate key 'id'"),
]


@pytest.mark.parametrize(("text", "words"), [r[1:] for r in FILE_REJECTIONS], ids=[r[0] for r in FILE_REJECTIONS])
def test_malformed_file_is_rejected(tmp_path, text, words):
    with pytest.raises(QuestionFileError) as caught:
        parse_file(write_text(tmp_path, text))
    assert caught.value.file == "customs.yaml"
    assert words in caught.value.problem


def test_duplicate_question_id_is_rejected(tmp_path):
    with pytest.raises(QuestionFileError, match="fixture-over: duplicate question id"):
        parse_file(write_questions(tmp_path, [GOOD_CHOICE, GOOD_CHOICE]))


def test_unknown_area_file_is_rejected():
    with pytest.raises(QuestionFileError, match="unknown area 'taxes'"):
        parse_questions([GOOD_CHOICE], file="taxes.yaml", area="taxes")


@pytest.mark.parametrize(("text", "expected"), [
    ("The limit is 26,000 yuan.", [("26,000", "pinduoduo_intl.customs.annual_limit")]),
    ("The limit is 26000 yuan.", [("26000", "pinduoduo_intl.customs.annual_limit")]),
    ("A buyer spent 24,800 yuan.", []),
    ("Order 126000 is not the limit.", []),
    ("Dated 2026-01-01.", []),
])
def test_typed_figures(text, expected):
    found = [f for f in typed_figures(text, ON) if f[1].startswith("pinduoduo_intl.customs.annual")]
    assert found == expected
