"""The real question files: every answer equals its rule call, and moves when a parameter moves."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from handbook import areas, policy
from handbook.training import QUESTIONS_DIR, available_areas, load_area, pose, pose_area
from handbook.training.answers import format_value
from handbook.widgets import quiz

TODAY = areas.EXAMPLE_DATE  # the handbook's example date (notebooks' TODAY)
NOTEBOOKS = Path(__file__).parent.parent / "notebooks"
AREAS = available_areas()
ALL = [(slug, q) for slug in AREAS for q in load_area(slug)]
IDS = [q.id for _, q in ALL]
RECALL_FORMATS = {"text", "path", "list"}


def test_every_area_has_a_question_file():
    assert sorted(p.stem for p in QUESTIONS_DIR.glob("*.yaml")) == sorted(a.slug for a in areas.AREAS)


@pytest.mark.parametrize("slug", AREAS)
def test_at_least_six_questions_mixing_recall_and_application(slug):
    questions = load_area(slug)
    assert len(questions) >= 6
    recall = [q for q in questions if q.answer.param or q.format in RECALL_FORMATS]
    application = [q for q in questions if q.answer.rule and q.answer.args and q.format not in RECALL_FORMATS]
    assert recall and application, (len(recall), len(application))
    assert {q.kind for q in questions} == {"choice", "numeric"}


def test_question_ids_are_unique_across_areas():
    assert len(IDS) == len(set(IDS))


def plain_args(function, args, on):
    """Keyword arguments with registry references read and nested calls made, `on` added if taken."""
    import inspect

    from handbook.training.schema import CallArg, ParamArg

    kwargs = {}
    for name, value in args.items():
        if isinstance(value, ParamArg):
            kwargs[name] = policy.get(value.param, on) + value.plus
        elif isinstance(value, CallArg):
            kwargs[name] = value.function(**plain_args(value.function, value.args, on))
        else:
            kwargs[name] = value
    if "on" in inspect.signature(function).parameters:
        kwargs["on"] = on
    return kwargs


def direct(question, call, on):
    """The answer computed here, without the quiz machinery: call the function, walk the field."""
    if call.param:
        return policy.get(call.param, call.on or on)
    value = call.function(**plain_args(call.function, call.args, call.on or on))
    for part in (call.field.split(".") if call.field else []):
        value = value[int(part)] if part.lstrip("-").isdigit() else getattr(value, part)
        if callable(value):
            value = value()
    return value


@pytest.mark.parametrize(("slug", "question"), ALL, ids=IDS)
def test_answer_equals_its_rule_call(slug, question):
    posed = pose(question, TODAY)
    expected = direct(question, question.answer, TODAY)
    assert posed.answer == expected
    assert posed.answer_text == format_value(expected, question.format)
    if question.kind == "choice":
        texts = [o.text for o in posed.options]
        assert len(texts) == len(set(texts)) == len(question.distractors) + 1
        assert [o.text for o in posed.options if o.correct] == [posed.answer_text]
        for distractor in question.distractors:
            if distractor.call is not None:  # generated distractors are the rule's own other answers
                assert format_value(direct(question, distractor.call, TODAY), question.format) in texts
    assert "{{" not in posed.prompt and posed.prompt.strip()
    right = posed.answer_text if question.kind == "choice" else str(posed.answer)
    assert posed.check(right).correct is True
    if question.kind == "choice":
        wrong = next(o.text for o in posed.options if not o.correct)
    else:
        wrong = str(Decimal(str(posed.answer)) + question.tolerance + 1)
    feedback = posed.check(wrong)
    assert feedback.correct is False and posed.answer_text in feedback.text
    assert posed.explanation.summary in feedback.text


@pytest.mark.parametrize(("slug", "question"), ALL, ids=IDS)
def test_section_exists_in_the_notebook(slug, question):
    path = NOTEBOOKS / areas.area(slug).notebook
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    nb = nbformat.read(path, as_version=4)
    numbers = {int(m.group(1)) for cell in nb.cells if cell.cell_type == "markdown"
               for m in re.finditer(r"^## (\d+)\. ", cell.source, re.MULTILINE)}
    assert question.section in numbers, f"{question.id}: section {question.section} not in {sorted(numbers)}"


def notebook_today(slug):
    """The date the area's notebook builds its quiz on (a fixed date, or the as-of date), if it exists yet."""
    path = NOTEBOOKS / areas.area(slug).notebook
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    if re.search(r"TODAY = policy\.today\(\)", text):
        return policy.today()
    match = re.search(r"TODAY = date\((\d+), (\d+), (\d+)\)", text)
    return date(*map(int, match.groups())) if match else None


@pytest.mark.parametrize("slug", AREAS)
def test_quiz_poses_strictly_on_its_notebooks_date(slug):
    on = notebook_today(slug)
    posed = pose_area(slug, on=on)  # strict: no distractor coincides with an answer on that date
    assert all(p.dropped == () for p in posed)


@pytest.mark.parametrize("slug", AREAS)
def test_quiz_builds_and_static_page_folds_every_answer(slug):
    made = quiz.for_area(slug, on=TODAY)
    markdown = made.markdown()
    assert markdown.count("<details><summary>Show answer</summary>") == len(made.questions)
    assert made._repr_mimebundle_()["text/markdown"] == markdown
    assert repr(made) == f"<Quiz {slug} on {TODAY}: {len(made.questions)} questions, 0 correct>"


# What-if: a changed parameter changes the expected answer of real questions (and their prompts).
# (question id, overrides, answer text on the example date, answer text under the scenario)
SCENARIOS = [
    ("customs-tax-inside-limits", {"pinduoduo_intl.customs.vat_rate": 9}, "298.48 yuan", "206.64 yuan"),
    ("customs-repush-escalation", {"pinduoduo_intl.customs.repush_escalation_time": "16:00"},
     "2026-11-21 14:00", "2026-11-21 16:00"),
    ("customs-appeal-menu", {"pinduoduo_intl.customs.appeal_menu_path": "【店铺管理】–【订单申诉】"},
     "【店铺管理】–【订单申诉】–【异常订单不发货】", "【店铺管理】–【订单申诉】"),
    ("chargebacks-deadline-friday", {"aliexpress.chargeback.response_working_days": 5},
     "2026-11-25 (Wed)", "2026-11-27 (Fri)"),
    ("chargebacks-days-left", {"aliexpress.chargeback.response_working_days": 5}, "2 working days", "4 working days"),
    ("fulfilment-deposit-unfreeze", {"alibaba_1688.fulfilment.after_sales_period": 15},
     "2026-12-05 (Sat)", "2026-11-20 (Fri)"),
    ("fulfilment-anxingou-wait", {"alibaba_1688.fulfilment.anxingou_exit_delay": 60}, "97 days", "67 days"),
    ("fake-shipping-order-fifty", {"pinduoduo.fake_shipping.rate": 30}, "12 yuan", "15 yuan"),
    ("fake-shipping-day-rule-versions", {"pinduoduo.fake_shipping.rate": 20}, "2,000 yuan", "1,600 yuan"),
    ("fake-shipping-resubmit", {"pinduoduo.service.resubmit_cutoff": "21:00"},
     "2026-11-21 20:00", "2026-11-21 21:00"),
    ("peak-season-exports", {"aliexpress.peak_season.export_limit": 10000}, "3", "5"),
    ("peak-season-pages", {"aliexpress.peak_season.orders_per_page": 20}, "235", "118"),
    ("peak-season-payment-processing", {"aliexpress.peak_season.payment_processing_max_hours": 8},
     "6 hours", "8 hours"),
    ("chargebacks-working-days", {"aliexpress.chargeback.response_working_days": 5}, "3 working days",
     "5 working days"),
]
BY_ID = {q.id: q for _, q in ALL}


@pytest.mark.parametrize(("qid", "overrides", "before", "after"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_a_parameter_change_changes_the_answer(qid, overrides, before, after):
    if qid not in BY_ID:
        pytest.fail(f"question {qid} is missing from the question files")
    question = BY_ID[qid]
    assert pose(question, TODAY).answer_text == before
    with policy.scenario(overrides):
        if after is None:
            from handbook.training import QuestionFileError

            with pytest.raises(QuestionFileError, match="equal to the answer"):
                pose(question, TODAY)
            return
        posed = pose(question, TODAY)
        assert posed.answer_text == after
        assert posed.answer == direct(question, question.answer, TODAY)
        assert posed.check(after).correct is True if question.kind == "choice" else True
    assert pose(question, TODAY).answer_text == before


# A case built from the registry keeps its premise when the figure changes: the prompt moves with the figure.
# (question id, overrides, answer text under the scenario, text of the prompt under the scenario)
PREMISE_CASES = [
    ("customs-quota-clears", {"pinduoduo_intl.customs.annual_limit": 30000}, "No", "shows 28,800 yuan spent"),
    ("customs-quota-over-by", {"pinduoduo_intl.customs.annual_limit": 25000}, "300 yuan", "23,800 yuan spent"),
    ("customs-quota-exactly-at-limit", {"pinduoduo_intl.customs.annual_limit": 25999}, "Yes",
     "spent 24,499 yuan this year"),
    ("customs-single-limit", {"pinduoduo_intl.customs.single_limit": 6000},
     "Fails customs: single-transaction limit exceeded", "one order of 6,200 yuan"),
    ("chargebacks-late", {"aliexpress.chargeback.response_working_days": 5}, "Yes", "today, 2026-11-24 (Tue)"),
    ("fake-shipping-day-reach-thirty", {"pinduoduo.fake_shipping.day_30_30.min_detected": 31}, "Yes",
     "31 of the 103 orders"),
    ("fake-shipping-order-near-cap", {"pinduoduo.fake_shipping.cap": 120}, "119 yuan", "paid 479.99 yuan"),
    ("fake-shipping-resubmit-missed", {"pinduoduo.service.resubmit_cutoff": "21:00"}, "Yes", "2026-11-21 21:05"),
]


@pytest.mark.parametrize(("qid", "overrides", "answer", "prompt"), PREMISE_CASES, ids=[c[0] for c in PREMISE_CASES])
def test_a_case_built_from_the_registry_moves_with_it(qid, overrides, answer, prompt):
    question = BY_ID[qid]
    assert pose(question, TODAY).dropped == ()
    with policy.scenario(overrides):
        posed = pose(question, TODAY)
    assert posed.answer_text == answer and prompt in posed.prompt and posed.dropped == ()


def test_a_broken_premise_is_an_error_not_a_wrong_sentence():
    question = BY_ID["customs-remaining-quota"]
    with policy.scenario({"pinduoduo_intl.customs.single_limit": 1000}):
        from handbook.training import QuestionFileError

        with pytest.raises(QuestionFileError, match="within_single is False, the question states True"):
            pose(question, TODAY)
        lenient = pose(question, TODAY, strict=False)
    assert lenient.dropped == ("With these parameters the question's premise does not hold: within_single is "
                               "False, the question states True.",)


def test_an_argument_read_from_the_registry_follows_it():
    question = BY_ID["peak-season-exports-at-cap"]
    assert pose(question, TODAY).prompt.startswith("You have exactly 20,000 orders")
    with policy.scenario({"aliexpress.peak_season.export_limit": 15000}):
        posed = pose(question, TODAY)
    assert posed.prompt.startswith("You have exactly 15,000 orders")
    assert posed.answer_text == "1" and sorted(o.text for o in posed.options) == ["0", "1", "2"]


def test_a_scenario_moves_the_prompt_and_the_static_page():
    with policy.scenario({"pinduoduo_intl.customs.annual_limit": 30000}):
        posed = {p.id: p for p in pose_area("customs", on=TODAY)}
        page = quiz.static("customs", on=TODAY)
        with policy.scenario({"pinduoduo_intl.customs.single_limit": 1000}):
            lenient = quiz.for_area("customs", on=TODAY, strict=False)
    remaining = next(v for v in lenient.questions if v.posed.id == "customs-remaining-quota")
    assert remaining.posed.dropped and "premise does not hold" in remaining.children[0].value
    assert "annual limit (年度个人交易限值) is 30,000 yuan" in posed["customs-quota-clears"].prompt
    assert "annual limit of 30,000 yuan" in page and "limit of 26,000 yuan" not in page
