"""The quiz widget, driven as a trainee would: pick or type, Check, read the feedback, Try again, save."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from test_training_support import GOOD_CHOICE, GOOD_GENERATED, GOOD_NUMERIC, LIMIT, ON, install, write_questions

from handbook import policy
from handbook.training.progress import APP_ENV, ENV_TRAINEE, ENV_VAR, ProgressStore
from handbook.widgets import quiz


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    install(monkeypatch)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "home" / "progress.sqlite3"))
    monkeypatch.setenv(ENV_TRAINEE, "Alice")


@pytest.fixture
def question_file(tmp_path):
    return write_questions(tmp_path, [GOOD_CHOICE, GOOD_NUMERIC, GOOD_GENERATED])


@pytest.fixture
def made(question_file):
    return quiz.for_area("customs", on=ON, questions=question_file)


def right_option(view):
    return next(o.text for o in view.posed.options if o.correct)


def wrong_option(view):
    return next(o.text for o in view.posed.options if not o.correct)


def test_builds_one_block_per_question_with_the_right_controls(made):
    assert isinstance(made, widgets.VBox)
    assert [v.posed.id for v in made.questions] == ["fixture-over", "fixture-remaining", "fixture-total"]
    choice, numeric, _ = made.questions
    assert isinstance(choice.control, widgets.RadioButtons) and choice.control.value is None
    assert list(choice.control.options) == [o.text for o in choice.posed.options]
    assert isinstance(numeric.control, widgets.Text) and numeric.control.continuous_update is False
    assert made.score_html.value == "<b>Score: 0 of 3 correct (0 answered, 0 right at the first try)</b>"
    assert "hb-quiz" in made._dom_classes and "hb-quiz-customs" in made._dom_classes
    assert "hb-quiz-q-fixture-over" in choice._dom_classes
    assert not made.save_box.value


def test_right_answer_gives_right_feedback_and_scores(made):
    view = made.questions[0]
    view.control.value = right_option(view)
    view.check_button.click()
    assert "✓ Correct: Yes." in view.feedback.value
    assert "Over the limit." in view.feedback.value and "<details class='hb-explain'>" in view.feedback.value
    assert view.control.disabled and view.check_button.disabled and not view.retry_button.disabled
    assert made.score.correct == 1 and made.score.first_try == 1
    assert "Score: 1 of 3 correct" in made.score_html.value


def test_wrong_answer_gives_wrong_feedback_then_retry(made):
    view = made.questions[0]
    view.control.value = wrong_option(view)
    view.check_button.click()
    assert "✗ Not quite: you answered No. The right answer is Yes." in view.feedback.value
    assert "Equal to the limit is still within it." in view.feedback.value  # the distractor's hint
    assert made.score.correct == 0 and made.score.answered == 1
    view.retry_button.click()
    assert view.control.value is None and not view.control.disabled and view.feedback.value == ""
    assert made.score.answered == 0
    view.control.value = right_option(view)
    view.check_button.click()
    assert view.attempts == 2 and view.correct is True and view.first_try is False
    assert (made.score.correct, made.score.first_try) == (1, 0)


@pytest.mark.parametrize(("typed", "verdict"), [
    ("4,499.50", "✓ Correct: 4,499.50 yuan."),
    ("4499.5 yuan", "✓ Correct: 4,499.50 yuan."),
    ("4500", "✗ Not quite: you answered 4500. The right answer is 4,499.50 yuan."),
])
def test_numeric_answers(made, typed, verdict):
    view = made.questions[1]
    view.control.value = typed
    view.check_button.click()
    assert verdict in view.feedback.value


@pytest.mark.parametrize(("index", "value", "message"), [
    (1, "about five thousand", "is not accepted (not a number)"),
    (1, "", "Type a number first."),
    (0, None, "Pick an option first."),
])
def test_unreadable_answer_is_shown_and_not_counted(made, index, value, message):
    view = made.questions[index]
    view.control.value = value
    view.check_button.click()
    assert message in view.feedback.value and "Traceback" not in view.feedback.value
    assert view.attempts == 0 and not view.check_button.disabled
    assert made.score.answered == 0


def test_start_over_resets_everything(made):
    for view in made.questions:
        view.control.value = right_option(view) if view.posed.kind == "choice" else "4499.50"
        view.check_button.click()
    assert made.score.correct == 3
    made.restart_button.click()
    assert made.score == quiz.Score(0, 0, 3, 0)
    assert all(v.feedback.value == "" and v.attempts == 0 for v in made.questions)


def test_static_markdown_rides_in_the_same_display_bundle(made, question_file):
    bundle = made._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/markdown", "application/vnd.jupyter.widget-view+json"}
    assert bundle["text/plain"] == "<Quiz customs on 2026-11-21: 3 questions, 0 correct>"
    markdown = bundle["text/markdown"]
    assert markdown == quiz.static("customs", on=ON, questions=question_file)
    assert markdown.startswith("### Check yourself: Cross-border customs clearance failures (清关失败)")
    assert markdown.count("<details><summary>Show answer</summary>") == 3
    assert "**Answer: " in markdown and "4,499.50 yuan" in markdown


def test_the_quiz_is_deterministic(question_file):
    one = quiz.for_area("customs", on=ON, questions=question_file)
    two = quiz.for_area("customs", on=ON, questions=question_file)
    assert one.markdown() == two.markdown()
    assert [v.control.options for v in one.questions if v.posed.kind == "choice"] == [
        v.control.options for v in two.questions if v.posed.kind == "choice"]


def test_a_scenario_changes_the_quiz_built_inside_it(question_file):
    with policy.scenario({LIMIT: 30000}):
        what_if = quiz.for_area("customs", on=ON, questions=question_file)
    assert what_if.questions[0].posed.answer_text == "No"
    assert "30,000 yuan" in what_if.markdown()
    view = what_if.questions[0]
    view.control.value = "No"
    view.check_button.click()  # checked outside the scenario: the quiz keeps the answers it was built with
    assert "✓ Correct: No." in view.feedback.value


def test_save_my_progress_saves_the_trainees_answers(made, tmp_path):
    path = tmp_path / "home" / "progress.sqlite3"
    made.save_box.value = True
    assert f"Your answers are saved for Alice to {path}." in made.save_status.value
    view = made.questions[0]
    view.control.value = wrong_option(view)
    view.check_button.click()
    view.retry_button.click()
    view.control.value = right_option(view)
    view.check_button.click()
    assert ProgressStore(path, trainee="Alice").area("customs")[0]["fixture-over"] == {
        "answer": "Yes", "correct": True, "attempts": 2, "quiz_date": "2026-11-21"}
    assert ProgressStore(path, trainee="Bob").area("customs")[0] == {}
    assert "Saved for Alice" in made.save_status.value


def test_saved_progress_is_summarised_when_saving_is_switched_on(question_file, tmp_path):
    first = quiz.for_area("customs", on=ON, questions=question_file, save=True)
    view = first.questions[1]
    view.control.value = "4499.50"
    view.check_button.click()
    second = quiz.for_area("customs", on=ON, questions=question_file)
    second.save_box.value = True
    assert "Saved before: 1 of 3 correct." in second.save_status.value


def test_two_trainees_keep_their_own_progress(question_file, tmp_path, monkeypatch):
    alice = quiz.for_area("customs", on=ON, questions=question_file, save=True)
    view = alice.questions[0]
    view.control.value = right_option(view)
    view.check_button.click()
    monkeypatch.setenv(ENV_TRAINEE, "王芳")
    wang = quiz.for_area("customs", on=ON, questions=question_file)
    wang.save_box.value = True
    assert "saved for 王芳" in wang.save_status.value and "Saved before" not in wang.save_status.value


def test_in_the_app_without_a_name_nothing_is_saved(question_file, tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_TRAINEE)
    monkeypatch.delenv(APP_ENV, raising=False)
    monkeypatch.setenv("VOILA_PREHEAT", "False")  # a kernel started by the app, no trainee named
    made = quiz.for_area("customs", on=ON, questions=question_file)
    made.save_box.value = True
    assert made.save_box.value is False
    assert "start page" in made.save_status.value
    assert not (tmp_path / "home").exists()


def test_progress_is_not_saved_unless_asked(made, tmp_path):
    view = made.questions[0]
    view.control.value = right_option(view)
    view.check_button.click()
    assert not (tmp_path / "home").exists()


def test_an_unreadable_progress_file_is_reported_in_the_widget(question_file, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.sqlite3").write_text("{oops" * 200, encoding="utf-8")
    made = quiz.for_area("customs", on=ON, questions=question_file)
    made.save_box.value = True
    assert "could not be read" in made.save_status.value and "progress.sqlite3.corrupt" in made.save_status.value
    assert (home / "progress.sqlite3.corrupt").read_text(encoding="utf-8") == "{oops" * 200


def test_a_progress_path_inside_the_repo_is_refused_in_the_widget(question_file):
    from handbook.training.progress import REPO_ROOT

    made = quiz.for_area("customs", on=ON, questions=question_file, progress_path=REPO_ROOT / "progress.sqlite3")
    made.save_box.value = True
    assert made.save_box.value is False
    assert "outside the handbook checkout" in made.save_status.value
    assert not (REPO_ROOT / "progress.sqlite3").exists()


def test_widgets_share_layout_and_style_models(made):
    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    everything = list(walk(made))
    layouts = {w.layout.model_id for w in everything}
    styles = {w.style.model_id for w in everything if hasattr(w, "style")}
    assert len(everything) > 20
    assert len(layouts) <= 3 and len(styles) <= 5  # not one of each per widget (saved notebook state)
