"""Answers are computed by the rule at quiz time: formats, number parsing, options, feedback, scenarios."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_training_support import (
    GOOD_CHOICE,
    GOOD_GENERATED,
    GOOD_NUMERIC,
    GOOD_PARAM,
    LIMIT,
    ON,
    install,
    quota,
    write_questions,
)

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.training import parse_file, pose
from handbook.training.answers import format_value, parse_number, seed_for


@pytest.fixture(autouse=True)
def fixture_rules(monkeypatch):
    install(monkeypatch)


@pytest.fixture
def questions(tmp_path):
    path = write_questions(tmp_path, [GOOD_CHOICE, GOOD_NUMERIC, GOOD_GENERATED, GOOD_PARAM])
    return {q.id: q for q in parse_file(path)}


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (True, "yes_no", "Yes"),
    (False, "yes_no", "No"),
    (Decimal("26000"), "yuan", "26,000 yuan"),
    (Decimal("12.5"), "yuan", "12.50 yuan"),
    (Decimal("30"), "percent", "30%"),
    (3, "working_days", "3 working days"),
    (1, "days", "1 day"),
    (date(2026, 11, 24), "date", "2026-11-24 (Tue)"),
    (datetime(2026, 11, 24, 20, 0), "datetime", "2026-11-24 20:00"),
    (time(14, 0), "clock_time", "14:00"),
    (Decimal("1500"), "number", "1,500"),
    (["【店铺管理】", "【订单申诉】"], "path", "【店铺管理】 → 【订单申诉】"),
    (["a", "b"], "list", "a; b"),
    ("交易-订单详情", "text", "交易-订单详情"),
])
def test_format_value(value, fmt, text):
    assert format_value(value, fmt) == text


@pytest.mark.parametrize(("value", "fmt"), [
    ("Yes", "yes_no"), (1, "yes_no"), (datetime(2026, 1, 1), "date"), (date(2026, 1, 1), "datetime"),
    ("12", "yuan"), (True, "number"),
])
def test_format_refuses_a_value_of_the_wrong_kind(value, fmt):
    with pytest.raises(TypeError):
        format_value(value, fmt)


@pytest.mark.parametrize(("text", "number"), [
    ("1500", Decimal("1500")), ("1,500", Decimal("1500")), (" 12.5 ", Decimal("12.5")),
    ("25 yuan", Decimal("25")), ("¥12", Decimal("12")), ("30%", Decimal("30")), ("12元", Decimal("12")),
    ("3 working days", Decimal("3")), ("-4", Decimal("-4")), (".5", Decimal("0.5")), (7, Decimal("7")),
])
def test_parse_number_accepts(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "  ", "twelve", "1,50", "12.5.1", "1e3", "12 apples", None, True, [1]])
def test_parse_number_refuses_naming_the_field(text):
    with pytest.raises(PolicyInputError) as caught:
        parse_number(text)
    assert caught.value.field == "your answer"


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_parse_number_reads_what_format_writes(number):
    assert parse_number(f"{number:,.2f}") == number
    assert parse_number(f"{number:,.2f} yuan") == number


def test_answer_equals_the_direct_rule_call(questions):
    posed = pose(questions["fixture-remaining"], ON)
    direct = quota("20000", "1500.50", on=ON)
    assert posed.answer == direct.remaining == Decimal("4499.50")
    assert posed.answer_text == "4,499.50 yuan"
    assert posed.explanation == direct.explain()


@pytest.mark.parametrize(("limit", "over", "remaining"), [
    (50000, "No", "28,499.50 yuan"),
    (26300, "No", "4,799.50 yuan"),   # equal to the limit is still within it
    (26299, "Yes", "4,798.50 yuan"),
    (20000, "Yes", "0 yuan"),
])
def test_a_scenario_moves_the_answer(questions, limit, over, remaining):
    with policy.scenario({LIMIT: limit}):
        assert pose(questions["fixture-over"], ON).answer_text == over
        assert pose(questions["fixture-remaining"], ON).answer_text == remaining
        assert pose(questions["fixture-limit"], ON).answer == Decimal(limit)
        prompt = pose(questions["fixture-over"], ON).prompt
    assert f"{limit:,} yuan" in prompt
    assert pose(questions["fixture-over"], ON).answer_text == "Yes"  # undone on exit


def test_answer_on_a_fixed_date_uses_that_dates_parameters(questions):
    from dataclasses import replace

    question = questions["fixture-limit"]
    old = replace(question, answer=replace(question.answer, on=date(2018, 6, 1)))
    assert pose(old, ON).answer == Decimal(20000)
    assert pose(question, ON).answer == Decimal(26000)


def test_prompt_renders_arguments_and_parameters(questions):
    posed = pose(questions["fixture-over"], ON)
    assert posed.prompt == ("A buyer has spent 24,800 yuan and orders 1,500 yuan. The annual limit "
                            "(年度个人交易限值) is 26,000 yuan. Is the order over it?")


def test_generated_distractors(questions):
    posed = pose(questions["fixture-total"], ON)
    texts = {o.text: o for o in posed.options}
    assert set(texts) == {"26,300 yuan", "26,000 yuan", "26,200 yuan", "Nothing: the order is refused"}
    assert texts["26,300 yuan"].correct and sum(o.correct for o in posed.options) == 1
    assert texts["26,000 yuan"].hint == "That is the limit, not the total."
    param = pose(questions["fixture-limit"], ON)
    assert {o.text for o in param.options} == {"26,000 yuan", "5,000 yuan"}


def test_option_order_is_seeded_by_question_id(questions):
    first = pose(questions["fixture-total"], ON).options
    assert pose(questions["fixture-total"], ON).options == first
    assert seed_for("fixture-total") == seed_for("fixture-total") != seed_for("fixture-over")
    orders = set()
    for n in range(12):
        from dataclasses import replace

        orders.add(tuple(o.text for o in pose(replace(questions["fixture-total"], id=f"q-{n}"), ON).options))
    assert len(orders) > 1, "different ids shuffle differently"


def test_right_choice_feedback(questions):
    posed = pose(questions["fixture-over"], ON)
    feedback = posed.check("Yes")
    assert feedback.correct is True
    assert feedback.text.startswith("Correct: Yes. Why: Over the limit.")
    assert "hb-right" in feedback.html and "Why? (handbook.rules.quiz_fixture.quota" in feedback.html


def test_wrong_choice_feedback_names_the_right_answer_and_the_hint(questions):
    posed = pose(questions["fixture-over"], ON)
    feedback = posed.check("No")
    assert feedback.correct is False
    assert feedback.text.startswith("Not quite: you answered No. The right answer is Yes. "
                                    "(Equal to the limit is still within it.) Why: Over the limit.")
    assert "hb-wrong" in feedback.html and "<details class='hb-explain'>" in feedback.html


def test_choice_by_index(questions):
    posed = pose(questions["fixture-over"], ON)
    right = next(i for i, o in enumerate(posed.options) if o.correct)
    assert posed.check(right).correct is True
    assert posed.check(1 - right).correct is False


@pytest.mark.parametrize(("response", "correct"), [
    ("4499.50", True), ("4,499.5", True), ("4499.5 yuan", True), ("4499.49", False), ("4500", False),
])
def test_numeric_feedback(questions, response, correct):
    posed = pose(questions["fixture-remaining"], ON)
    feedback = posed.check(response)
    assert feedback.correct is correct
    assert ("Correct: 4,499.50 yuan." if correct else "The right answer is 4,499.50 yuan.") in feedback.text


def test_numeric_tolerance(questions):
    from dataclasses import replace

    loose = replace(questions["fixture-remaining"], tolerance=Decimal("1"))
    posed = pose(loose, ON)
    assert [posed.check(x).correct for x in ("4498.50", "4500.50", "4498.49", "4500.51")] == [
        True, True, False, False]


@pytest.mark.parametrize(("question", "response", "message"), [
    ("fixture-remaining", "", "Type a number first."),
    ("fixture-remaining", "lots", "Your answer: “lots” is not accepted (not a number)"),
    ("fixture-over", None, "Pick an option first."),
    ("fixture-over", "Maybe", "Your answer: “Maybe” is not accepted"),
])
def test_unreadable_response_is_not_judged(questions, question, response, message):
    feedback = pose(questions[question], ON).check(response)
    assert feedback.correct is None
    assert feedback.text.startswith(message)


def test_markdown_folds_the_answer(questions):
    posed = pose(questions["fixture-total"], ON)
    text = posed.markdown(3)
    assert text.startswith("**3.** What is the buyer's total after this order (1,500 yuan on top of 24,800)?")
    letter = "abcd"[[o.correct for o in posed.options].index(True)]
    assert f"**Answer: {letter}) 26,300 yuan**" in text
    before, after = text.split("<details><summary>Show answer</summary>")
    assert "Answer" not in before and "26,300 yuan" in before  # the option is listed, the verdict folded
    assert after.rstrip().endswith("</details>")
    assert "Rule `handbook.rules.quiz_fixture.quota`" in after
    limit_letter = "abcd"[[o.text for o in posed.options].index("26,000 yuan")]
    assert f"Why not the others:\n\n- {limit_letter}) That is the limit, not the total." in after


def test_non_strict_pose_leaves_a_coinciding_option_out_and_says_so(questions):
    # Under this what-if the generated distractor (the limit) equals the answer (the total).
    with policy.scenario({LIMIT: 26300}):
        with pytest.raises(Exception, match="distractors\\[0\\] is '26,300 yuan', equal to the answer"):
            pose(questions["fixture-total"], ON)
        posed = pose(questions["fixture-total"], ON, strict=False)
    assert [o.text for o in posed.options if o.correct] == ["26,300 yuan"]
    assert len(posed.options) == 3
    assert posed.dropped == ("Option '26,300 yuan' left out: with these parameters it equals the answer.",)
    assert posed.dropped[0] in posed.markdown(1)


def test_non_strict_pose_still_needs_one_wrong_option(questions):
    from handbook.training import QuestionFileError

    with policy.scenario({LIMIT: 26300}):  # 26,300 is not over 26,300: the answer is "No"
        assert pose(questions["fixture-over"], ON).answer_text == "No"
    from dataclasses import replace

    lonely = replace(questions["fixture-total"], distractors=questions["fixture-total"].distractors[:1])
    with policy.scenario({LIMIT: 26300}), pytest.raises(QuestionFileError, match="no wrong option is left"):
        pose(lonely, ON, strict=False)


def test_arguments_read_from_the_registry_and_built_by_calls(tmp_path):
    exactly = {**GOOD_CHOICE, "id": "fixture-exactly",
               "prompt": "Spent {{ spent }} yuan, order {{ amount }} yuan. Over the limit?",
               "answer": {**GOOD_CHOICE["answer"], "args": {"spent": {"param": LIMIT, "plus": -100}, "amount": "100"}}}
    nested = {**GOOD_NUMERIC, "id": "fixture-nested",
              "prompt": "A total of {{ spent.spent }} + {{ spent.amount }} is then spent again with {{ amount }}.",
              "answer": {"rule": "handbook.rules.quiz_fixture.quota", "field": "total", "format": "yuan",
                         "args": {"spent": {"call": "handbook.rules.quiz_fixture.not_a_result",
                                            "args": {"spent": "10", "amount": "5"}},
                                  "amount": "1"}}}
    one, two = parse_file(write_questions(tmp_path, [exactly, nested]))
    posed = pose(one, ON)
    assert posed.prompt == "Spent 25,900 yuan, order 100 yuan. Over the limit?"
    assert posed.answer_text == "No"  # exactly at the limit
    with policy.scenario({LIMIT: 30000}):
        moved = pose(one, ON)
    assert moved.prompt == "Spent 29,900 yuan, order 100 yuan. Over the limit?" and moved.answer_text == "No"
    posed = pose(two, ON)
    assert posed.prompt == "A total of 10 + 5 is then spent again with 1."
    assert posed.answer == Decimal("16.00")


@given(spent=st.decimals(min_value=0, max_value=40000, places=2),
       amount=st.decimals(min_value=0, max_value=9000, places=2))
def test_any_arguments_give_the_rules_answer(spent, amount):
    from dataclasses import replace

    from handbook.training.schema import parse_questions

    # the fixture rule module is installed by the autouse fixture for the whole test
    over, remaining = parse_questions([GOOD_CHOICE, GOOD_NUMERIC], file="customs.yaml", area="customs")
    args = {"spent": str(spent), "amount": str(amount)}
    direct = quota(spent, amount, on=ON)
    posed_over = pose(replace(over, answer=replace(over.answer, args=args)), ON)
    posed_left = pose(replace(remaining, answer=replace(remaining.answer, args=args)), ON)
    assert posed_over.answer_text == ("Yes" if direct.over else "No")
    assert posed_left.answer == direct.remaining
    assert posed_left.check(str(direct.remaining)).correct is True
    assert posed_left.check(str(direct.remaining + Decimal("0.01"))).correct is False
