"""Self-check quizzes whose answers come from the rules.

One call in a notebook (the last section before `## Summary`), in a cell tagged `hide-input`::

    from handbook.widgets import quiz
    quiz.for_area("customs", on=TODAY)

It returns a `Quiz`: in JupyterLab and Voilà it is a widget — one block per question with options
(multiple choice) or a text box (numeric), a **Check** button giving immediate feedback that explains the
right answer with the rule's own `explain()`, a **Try again** button, the score, and an optional
"Save my progress" box. The same output also carries a Markdown version (`text/markdown` in the same
display bundle): the questions, each answer folded in a `<details>` "Show answer" block, generated from the
same rule calls. A front end shows ONE representation of a display bundle — JupyterLab and Voilà pick the
widget, so nothing is shown twice; the static site picks the Markdown once its mime priority prefers
`text/markdown` to the widget view (myst-nb: `nb_mime_priority_overrides = [("html", "text/markdown", 5)]`),
because a page without a kernel cannot check answers. `quiz.static(slug, on=...)` returns the Markdown alone.

Every answer is computed when the quiz is built: by calling the rule named in the question file with the
parameters in force on `on` (and any `policy.scenario` active at that moment). Option order is fixed per
question (seeded by the question id). Widgets are updated through their values only: no `Output` printing,
no `interact` (nbval and Voilà stay deterministic).

Tests drive it as a user would::

    q = quiz.for_area("customs", on=TODAY).questions[0]
    q.control.value = q.posed.options[1].text     # or "1,500" in a numeric question's text box
    q.check_button.click(); q.feedback.value; q.retry_button.click()
"""

from __future__ import annotations

import html
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from handbook.areas import area as area_info
from handbook.errors import PolicyInputError
from handbook.palette import COLORS
from handbook.text import Prose
from handbook.training import pose_area
from handbook.training.answers import Feedback, Posed
from handbook.training.progress import ProgressStore, current_trainee
from handbook.widgets.base import error_html

__all__ = ["Quiz", "QuestionView", "Score", "for_area", "static"]


def _inline_markdown(text: str) -> str:
    """Prompt Markdown (bold, code, line breaks) as HTML for the widget."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).render(text).strip()


class _Shared:
    """Layout and style models shared by every widget of one quiz.

    Each ipywidget otherwise brings its own Layout and Style model, and the notebook stores the state of
    every model (`store_widget_state`): sharing them cuts a quiz's saved state to about a third.
    """

    def __init__(self) -> None:
        self.layout = widgets.Layout()
        self.feedback_layout = widgets.Layout(min_height="1.5em")
        self.choice_layout = widgets.Layout(width="auto")
        self.html_style = HTMLStyle()
        self.button_style = ButtonStyle()
        self.description_style = DescriptionStyle(description_width="initial")
        self.text_style = TextStyle(description_width="initial")
        self.checkbox_style = CheckboxStyle()

    def html(self, value: str = "", *, layout: widgets.Layout | None = None) -> widgets.HTML:
        return widgets.HTML(value, layout=layout or self.layout, style=self.html_style)

    def button(self, description: str, **kwargs: Any) -> widgets.Button:
        return widgets.Button(description=description, layout=self.layout, style=self.button_style, **kwargs)


@dataclass(frozen=True)
class Score:
    correct: int
    answered: int
    total: int
    first_try: int

    def __str__(self) -> str:
        return (f"Score: {self.correct} of {self.total} correct"
                f" ({self.answered} answered, {self.first_try} right at the first try)")


class QuestionView(widgets.VBox):
    """One question: prompt, options or a number box, Check, Try again, feedback."""

    def __init__(self, posed: Posed, number: int, quiz: Quiz | None = None, shared: _Shared | None = None):
        shared = shared or _Shared()
        self.posed = posed
        self.number = number
        self.quiz = quiz
        self.attempts = 0
        self.correct: bool | None = None        # the latest checked answer (None: not answered yet)
        self.first_try: bool | None = None      # right at the first checked attempt
        self.last_feedback: Feedback | None = None
        prompt = shared.html(
            f"<div class='hb-quiz-prompt'><b>{number}.</b> {_inline_markdown(posed.prompt)}"
            f"<div style='color:{COLORS['neutral']};font-size:0.85em'>Tests section {posed.question.section}</div>"
            + "".join(f"<div style='color:{COLORS['neutral']};font-size:0.85em'>{html.escape(d)}</div>" for d in posed.dropped)
            + "</div>"
        )
        if posed.kind == "choice":
            self.control: widgets.Widget = widgets.RadioButtons(
                options=[o.text for o in posed.options], value=None,
                layout=shared.choice_layout, style=shared.description_style,
            )
        else:
            self.control = widgets.Text(value="", placeholder="type a number", continuous_update=False,
                                        description="Your answer:", layout=shared.layout,
                                        style=shared.text_style)
        self.check_button = shared.button("Check", button_style="primary")
        self.retry_button = shared.button("Try again", disabled=True)
        self.feedback = shared.html(layout=shared.feedback_layout)
        buttons = widgets.HBox([self.check_button, self.retry_button], layout=shared.layout)
        super().__init__([prompt, self.control, buttons, self.feedback], layout=shared.layout)
        self.add_class("hb-quiz-question")
        self.add_class(f"hb-quiz-q-{posed.id}")
        self.control.add_class("hb-quiz-input")
        self.check_button.add_class("hb-quiz-check")
        self.retry_button.add_class("hb-quiz-retry")
        self.feedback.add_class("hb-quiz-feedback")
        self.check_button.on_click(lambda _b: self.check())
        self.retry_button.on_click(lambda _b: self.retry())

    def __repr__(self) -> str:
        return f"<QuestionView {self.posed.id}: attempts={self.attempts}, correct={self.correct}>"

    def check(self) -> Feedback:
        """Check the current response and show the feedback (an unreadable response is not an attempt)."""
        feedback = self.posed.check(self.control.value)
        self.last_feedback = feedback
        self.feedback.value = feedback.html
        if feedback.correct is None:
            return feedback
        self.attempts += 1
        self.correct = feedback.correct
        if self.attempts == 1:
            self.first_try = feedback.correct
        self.control.disabled = True
        self.check_button.disabled = True
        self.retry_button.disabled = False
        if self.quiz is not None:
            self.quiz._answered(self, str(self.control.value))
        return feedback

    def retry(self) -> None:
        """Clear the response and the feedback; the question counts as unanswered until checked again."""
        self.control.value = None if self.posed.kind == "choice" else ""
        self.control.disabled = False
        self.check_button.disabled = False
        self.retry_button.disabled = True
        self.feedback.value = ""
        self.correct = None
        self.last_feedback = None
        if self.quiz is not None:
            self.quiz._update_score()


class Quiz(widgets.VBox):
    """The quiz of one area: questions, score, start over, and optional saved progress."""

    def __init__(self, slug: str, posed: list[Posed], *, on: date, progress_path: Path | str | None = None,
                 save: bool = False):
        info = area_info(slug)
        self.slug = slug
        self.on = on
        self.posed = posed
        self.progress_path = progress_path
        self.store: ProgressStore | None = None
        shared = _Shared()
        self.questions = [QuestionView(p, i, self, shared) for i, p in enumerate(posed, 1)]
        header = shared.html(
            f"<h4 style='margin:0.2em 0'>Check yourself: {html.escape(info.title)} ({html.escape(info.title_zh)})</h4>"
            f"<div style='color:{COLORS['neutral']}'>{len(posed)} question{'' if len(posed) == 1 else 's'}. Each answer is computed by the handbook's "
            f"rules with the parameters in force on {on.isoformat()}.</div>"
        )
        self.score_html = shared.html()
        self.score_html.add_class("hb-quiz-score")
        self.restart_button = shared.button("Start over")
        self.restart_button.add_class("hb-quiz-restart")
        self.restart_button.on_click(lambda _b: self.restart())
        self.save_box = widgets.Checkbox(value=False, description="Save my progress",
                                         indent=False, layout=shared.layout, style=shared.checkbox_style)
        self.save_box.add_class("hb-quiz-save")
        self.save_status = shared.html()
        self.save_status.add_class("hb-quiz-save-status")
        self.save_box.observe(self._save_toggled, names="value")
        footer = widgets.HBox([self.score_html, self.restart_button], layout=shared.layout)
        super().__init__([header, *self.questions, footer, self.save_box, self.save_status], layout=shared.layout)
        self.add_class("hb-quiz")
        self.add_class(f"hb-quiz-{slug.replace('_', '-')}")
        self._update_score()
        if save:
            self.save_box.value = True

    # --- display --------------------------------------------------------------------------------------------

    def __repr__(self) -> str:
        s = self.score
        return f"<Quiz {self.slug} on {self.on}: {s.total} question{'' if s.total == 1 else 's'}, {s.correct} correct>"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/markdown"] = self.markdown()
        bundle["text/plain"] = repr(self)
        return bundle

    def markdown(self) -> Prose:
        """The static version: questions, and answers folded in "Show answer" blocks."""
        return _markdown(self.slug, self.posed, self.on)

    # --- score ----------------------------------------------------------------------------------------------

    @property
    def score(self) -> Score:
        views = self.questions
        return Score(
            correct=sum(v.correct is True for v in views),
            answered=sum(v.correct is not None for v in views),
            total=len(views),
            first_try=sum(v.first_try is True for v in views),
        )

    def _update_score(self) -> None:
        self.score_html.value = f"<b>{html.escape(str(self.score))}</b>"

    def restart(self) -> None:
        """Every question back to unanswered; attempts and first-try results are forgotten."""
        for view in self.questions:
            view.retry()
            view.attempts = 0
            view.first_try = None
        self._update_score()

    # --- progress -------------------------------------------------------------------------------------------

    def _answered(self, view: QuestionView, response: str) -> None:
        self._update_score()
        if self.store is None:
            return
        try:
            loaded = self.store.record(self.slug, view.posed.id, answer=response, correct=bool(view.correct),
                                       attempts=view.attempts, quiz_date=self.on.isoformat())
        except (OSError, sqlite3.Error) as exc:
            self.save_status.value = error_html(PolicyInputError(
                "progress file", str(self.store.path), "a writable file in the handbook's data folder",
                reason=getattr(exc, "strerror", None) or str(exc)))
            return
        saved = f"Saved for {html.escape(self.store.trainee)} to {html.escape(str(self.store.path))}."
        problem = f"<div class='hb-error' style='color:{COLORS['bad']}'>⚠ {html.escape(loaded.problem)}</div>" \
            if loaded.problem else ""
        self.save_status.value = problem + f"<div>{saved}</div>"

    def _save_toggled(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            self.store = None
            self.save_status.value = "<div>Progress is not saved.</div>"
            return
        try:
            trainee = current_trainee()
            if trainee is None:
                raise PolicyInputError(
                    "your name", "(none yet)", "the name you enter on the handbook's start page",
                    reason="the app saves progress under your name; open the start page, enter it once, "
                           "then reload this page")
            self.store = ProgressStore(self.progress_path, trainee=trainee)
            loaded = self.store.load()
        except PolicyInputError as exc:
            self._refuse(exc)
            return
        except (OSError, sqlite3.Error) as exc:
            path = str(self.store.path if self.store is not None else self.progress_path)
            self._refuse(PolicyInputError("progress file", path, "a readable file in the handbook's data folder",
                                          reason=getattr(exc, "strerror", None) or str(exc)))
            return
        records, problem = dict(loaded.data["areas"].get(self.slug, {})), loaded.problem
        known = {p.id for p in self.posed}
        mine = {k: v for k, v in records.items() if k in known}
        before = (f" Saved before: {sum(r['correct'] for r in mine.values())} of {len(known)} correct."
                  if mine else "")
        warning = f"<div class='hb-error' style='color:{COLORS['bad']}'>⚠ {html.escape(problem)}</div>" if problem else ""
        notes = "".join(f"<div>{html.escape(m)}</div>" for m in loaded.messages)
        self.save_status.value = (warning + notes + f"<div>Your answers are saved for {html.escape(trainee)} to "
                                  f"{html.escape(str(self.store.path))}.{html.escape(before)}</div>")

    def _refuse(self, exc: PolicyInputError) -> None:
        """Saving cannot start: untick the box (which resets the status), then show why."""
        self.store = None
        self.save_box.value = False
        self.save_status.value = error_html(exc)


def _markdown(slug: str, posed: list[Posed], on: date) -> Prose:
    info = area_info(slug)
    lines = [f"### Check yourself: {info.title} ({info.title_zh})", "",
             f"{len(posed)} question{'' if len(posed) == 1 else 's'}. Each answer is computed by the handbook's rules with the parameters "
             f"in force on {on.isoformat()}; open *Show answer* to see it and why.", ""]
    lines += [p.markdown(i) for i, p in enumerate(posed, 1)]
    return Prose("\n".join(lines).rstrip() + "\n")


def for_area(slug: str, *, on: date, progress_path: Path | str | None = None, save: bool = False,
             questions: Path | str | None = None, strict: bool = True) -> Quiz:
    """The quiz of one area, answers computed now with the parameters in force on `on`.

    `progress_path` overrides where "Save my progress" writes (default: `$HANDBOOK_PROGRESS` or
    `progress.sqlite3` in the data folder, handbook.training.progress); `save=True` starts with saving on (reads
    the file: keep it off in
    notebooks so their output never depends on the reader's home folder). `questions` overrides the
    question file (tests). `strict=False` is for a quiz built inside a what-if `policy.scenario`: an option
    that the changed figures make equal to the answer is left out with a note instead of failing.
    """
    posed = pose_area(slug, on=on, path=questions, strict=strict)
    return Quiz(slug, posed, on=on, progress_path=progress_path, save=save)


def static(slug: str, *, on: date, questions: Path | str | None = None, strict: bool = True) -> Prose:
    """The static Markdown of an area's quiz alone (questions + folded answers), without a widget."""
    return _markdown(slug, pose_area(slug, on=on, path=questions, strict=strict), on)
