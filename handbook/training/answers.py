"""Answers computed at quiz time: call the rule, format the result, generate the distractors, check a response.

`pose(question, on)` evaluates a `Question` with the parameters in force on `on` (and any
`policy.scenario` active at that moment) and returns a `Posed` question: the rendered prompt, the answer,
the options in a fixed order (shuffled with a seed made from the question id, so every run and every
reader sees the same order), and the rule's explanation. `Posed.check(response)` gives the `Feedback`.

A generated distractor that comes out equal to the answer or to another option is a `QuestionFileError`:
the question no longer discriminates on that date, and the author must change it. The question files are
tested on the handbook's example date; a what-if scenario that makes two options coincide fails loudly.
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.explain import Explanation
from handbook.inputs import SHANGHAI
from handbook.palette import COLORS
from handbook.policy.templates import field_step
from handbook.policy.units import UNITS, format_number
from handbook.text import render
from handbook.training.schema import Call, CallArg, Distractor, ParamArg, Question

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# --- formats ------------------------------------------------------------------------------------------------


def format_value(value: Any, fmt: str) -> str:
    """The answer as the quiz writes it (option text, feedback, static page)."""
    if fmt == "yes_no":
        if not isinstance(value, bool):
            raise TypeError(f"format yes_no needs a bool, got {value!r}")
        return "Yes" if value else "No"
    if fmt == "date":
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"format date needs a datetime.date, got {value!r}")
        return f"{value.isoformat()} ({_WEEKDAYS[value.weekday()]})"
    if fmt == "datetime":
        if not isinstance(value, datetime):
            raise TypeError(f"format datetime needs a datetime, got {value!r}")
        moment = value.astimezone(SHANGHAI) if value.tzinfo else value
        return moment.strftime("%Y-%m-%d %H:%M")
    if fmt == "number":
        _need_number(value, fmt)
        return format_number(value) if not isinstance(value, float) else f"{value:,}"
    if fmt in ("list", "path"):
        if isinstance(value, str) or not isinstance(value, Sequence):
            return str(value)
        items = [str(getattr(v, "value", v)) for v in value]
        return " → ".join(items) if fmt == "path" else "; ".join(items)
    if fmt == "text":
        return str(getattr(value, "value", value)) if not isinstance(value, str) else value
    unit = UNITS[fmt]
    if fmt not in ("text", "clock_time", "weights"):
        _need_number(value, fmt)
    return unit.format(value)


def _need_number(value: Any, fmt: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise TypeError(f"format {fmt} needs a number, got {value!r}")


def as_number(value: Any) -> Decimal | None:
    """A numeric answer as Decimal (None for anything that is not a number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    return None


_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")
_UNIT_WORDS = re.compile(
    r"\s*(yuan|rmb|cny|元|%|percent|working\s+days?|days?|hours?|minutes?|orders?|years?|天|小时|分钟|单)\s*$",
    re.IGNORECASE,
)


def parse_number(text: Any) -> Decimal:
    """What a trainee typed as a number: '1,500', '12.5', '¥ 12', '25 yuan', '30%' → Decimal.

    Raises `PolicyInputError` (field 'your answer') for anything else.
    """
    accepted = "a number such as 12, 1,500 or 12.5 (a unit word such as 'yuan' may follow)"
    if isinstance(text, bool) or not isinstance(text, (str, int, Decimal, float)):
        raise PolicyInputError("your answer", text, accepted)
    if not isinstance(text, str):
        return Decimal(str(text))
    cleaned = text.strip().lstrip("¥￥").strip()
    cleaned = _UNIT_WORDS.sub("", cleaned).strip()
    if not cleaned:
        raise PolicyInputError("your answer", text, accepted, reason="empty")
    if not _NUMBER_TEXT.match(cleaned):
        raise PolicyInputError("your answer", text, accepted, reason="not a number")
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern already excludes it
        raise PolicyInputError("your answer", text, accepted, reason="not a number") from None


# --- evaluation ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """One call evaluated: the picked value, the explanation that covers it and the rule's result."""

    value: Any
    explanation: Explanation
    result: Any


def evaluate(question: Question, call: Call, on: date) -> Evaluation:
    """Call the rule (or read the parameter) on `on` and pick the field; errors name question and problem."""
    when = call.on or on
    if call.param is not None:
        ref = policy.ref(call.param, when)
        explanation = Explanation(
            rule=f"parameter {call.param}",
            summary=f"{ref.label} ({ref.label_zh}): {ref.text}.",
            steps=(f"The handbook's parameter registry holds {ref.label} ({ref.label_zh}) as {ref.text}.",),
            parameters=(ref,),
            on=when,
        )
        return Evaluation(ref.value, explanation, ref)
    function = call.function
    try:
        kwargs = resolve_args(call.args, when)
        if _takes_on(function):
            kwargs["on"] = when
        result = function(**kwargs)
    except PolicyInputError as exc:
        raise question.error(f"{call.rule}({_show_args(call.args)}) refused its input: {exc}") from None
    value, explanation = _pick(question, call, result)
    return Evaluation(value, explanation, result)


def resolve_args(args: dict[str, Any], on: date) -> dict[str, Any]:
    """The call's keyword arguments with `{param: ...}` read on `on` and `{call: ...}` built (recursively)."""
    resolved: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, ParamArg):
            got = policy.get(value.param, on)
            resolved[name] = got + value.plus if value.plus else got
        elif isinstance(value, CallArg):
            inner = resolve_args(dict(value.args), on)
            if _takes_on(value.function):
                inner["on"] = on
            resolved[name] = value.function(**inner)
        else:
            resolved[name] = value
    return resolved


def _takes_on(function: Any) -> bool:
    import inspect

    try:
        return "on" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _pick(question: Question, call: Call, result: Any) -> tuple[Any, Explanation]:
    """Walk `call.field` into the result; the explanation is the deepest one on the way."""
    explanation = _explanation_of(result)
    value = result
    walked = []
    for part in (call.field.split(".") if call.field else []):
        walked.append(part)
        try:
            value = field_step(value, part)
        except (AttributeError, KeyError, IndexError, TypeError):
            have = _fields_of(value)
            raise question.error(
                f"the result of {call.rule} has no field {'.'.join(walked)!r}"
                + (f"; it has: {', '.join(have)}" if have else "")
            ) from None
        if callable(value) and not isinstance(value, type):
            value = value()
        explanation = _explanation_of(value) or explanation
    if explanation is None:
        raise question.error(f"the result of {call.rule} has no explain(); every rule result must have one")
    return value, explanation


def _explanation_of(obj: Any) -> Explanation | None:
    explain = getattr(obj, "explain", None)
    if callable(explain):
        explained = explain()
        if isinstance(explained, Explanation):
            return explained
    return None


def _fields_of(obj: Any) -> list[str]:
    import dataclasses

    if dataclasses.is_dataclass(obj):
        return [f.name for f in dataclasses.fields(obj) if f.name != "explanation"]
    if isinstance(obj, dict):
        return [str(k) for k in obj]
    return []


def _show_args(args: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in args.items())


def template_values(args: dict[str, Any], on: date | None = None, prefix: str = "") -> dict[str, Any]:
    """The answer's arguments as prompts show them: numbers with thousands commas, dates ISO with weekday.

    `{param: ...}` arguments show the value in force on `on`; a `{call: ...}` argument contributes its own
    arguments as `name.inner`.
    """
    shown: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, CallArg):
            shown.update(template_values(dict(value.args), on, f"{prefix}{name}."))
            built = resolve_args({name: value}, on)[name]
            if isinstance(built, (date, int, Decimal)) and not isinstance(built, bool):
                shown.update(template_values({name: built}, on, prefix))  # a computed date or number shows itself
            continue
        if isinstance(value, ParamArg):
            value = resolve_args({name: value}, on)[name]
        name = prefix + name
        if isinstance(value, datetime):
            shown[name] = value.strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, date):
            shown[name] = format_value(value, "date")
        elif isinstance(value, float):
            shown[name] = format_number(Decimal(str(value)))
        elif isinstance(value, str):
            number = _decimal_text(value)
            shown[name] = number if number is not None else _date_text(value)
        elif isinstance(value, (list, tuple)):
            shown[name] = ", ".join(str(v) for v in value)
        else:
            shown[name] = value
    return shown


def _date_text(text: str) -> str:
    """ISO date text gets its weekday, as dates are shown everywhere in the quiz: '2026-11-20 (Fri)'."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return format_value(date.fromisoformat(text.strip()), "date")
        except ValueError:
            return text
    return text


def _decimal_text(text: str) -> Decimal | None:
    if not _NUMBER_TEXT.match(text.strip()):
        return None
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:  # pragma: no cover
        return None


# --- posing -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    hint: str | None = None


@dataclass(frozen=True)
class Feedback:
    """The verdict on one response: `correct` is None when the response could not be read."""

    correct: bool | None
    text: str
    html: str


@dataclass(frozen=True)
class Posed:
    """A question evaluated on a date: ready to show, check and print."""

    question: Question
    on: date
    prompt: str
    answer: Any
    answer_text: str
    options: tuple[Option, ...]
    explanation: Explanation
    note: str | None
    dropped: tuple[str, ...] = ()   # options left out by a non-strict pose (see `pose`)

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def tolerance(self) -> Decimal:
        return self.question.tolerance

    def is_correct(self, response: Any) -> bool:
        """True/False for a readable response; `PolicyInputError` for an unreadable one."""
        if self.kind == "choice":
            return self._option(response).correct
        number = parse_number(response)
        return abs(number - as_number(self.answer)) <= self.tolerance

    def _option(self, response: Any) -> Option:
        if isinstance(response, int) and not isinstance(response, bool) and 0 <= response < len(self.options):
            return self.options[response]
        for option in self.options:
            if option.text == response:
                return option
        raise PolicyInputError("your answer", response, "one of the options: "
                               + "; ".join(repr(o.text) for o in self.options))

    def check(self, response: Any) -> Feedback:
        """Immediate feedback: right or wrong, the right answer, and the rule's explanation."""
        if response is None or (isinstance(response, str) and not response.strip()):
            message = "Pick an option first." if self.kind == "choice" else "Type a number first."
            return Feedback(None, message, f"<div class='hb-quiz-empty'>{html.escape(message)}</div>")
        try:
            correct = self.is_correct(response)
        except PolicyInputError as exc:
            return Feedback(None, exc.plain(),
                            "<div class='hb-error' style='color:" + COLORS["bad"] + f"'>⚠ {html.escape(exc.plain(), quote=False)}</div>")
        hint = None
        if self.kind == "choice":
            hint = self._option(response).hint
        if correct:
            head = f"Correct: {self.answer_text}."
        else:
            given = response if self.kind == "choice" else str(response).strip()
            head = f"Not quite: you answered {given}. The right answer is {self.answer_text}."
            if hint:
                head += f" ({hint})"
        because = f"Why: {self.explanation.summary}"
        text = " ".join([head, because] + ([self.note] if self.note else []))
        colour = COLORS["ok"] if correct else COLORS["bad"]
        mark = "✓" if correct else "✗"
        body = (f"<div class='hb-quiz-verdict {'hb-right' if correct else 'hb-wrong'}' style='color:{colour}'>"
                f"{mark} {html.escape(head, quote=False)}</div>"
                f"<div class='hb-quiz-why'>{html.escape(self.explanation.summary, quote=False)}</div>"
                + (f"<div class='hb-quiz-note'>{html.escape(self.note, quote=False)}</div>" if self.note else "")
                + self.explanation.to_html())
        return Feedback(correct, text, body)

    def markdown(self, number: int) -> str:
        """The question for the static page, with its answer folded in a "Show answer" block."""
        lines = [f"**{number}.** {self.prompt}", ""]
        if self.kind == "choice":
            lines += [f"- {chr(ord('a') + i)}) {o.text}" for i, o in enumerate(self.options)]
        else:
            tol = f" (answers within {format_number(self.tolerance)} count)" if self.tolerance else ""
            lines.append(f"*Type a number.*{tol}")
        if self.dropped:
            lines += [""] + [f"*{d}*" for d in self.dropped]
        letter = ""
        if self.kind == "choice":
            letter = next(f"{chr(ord('a') + i)}) " for i, o in enumerate(self.options) if o.correct)
        answer = [f"**Answer: {letter}{self.answer_text}**", ""]
        if self.note:
            answer += [self.note, ""]
        wrong = [f"- {chr(ord('a') + i)}) {o.hint}" for i, o in enumerate(self.options) if o.hint and not o.correct]
        if wrong:
            answer += ["Why not the others:", "", *wrong, ""]
        answer.append(self.explanation._repr_markdown_())
        lines += ["", "<details><summary>Show answer</summary>", "", *answer, "", "</details>", ""]
        return "\n".join(lines)


def seed_for(question_id: str) -> int:
    """A stable seed from the question id (hash() is salted per process; sha256 is not)."""
    return int.from_bytes(hashlib.sha256(question_id.encode("utf-8")).digest()[:8], "big")


def pose(question: Question, on: date, *, strict: bool = True) -> Posed:
    """Evaluate `question` with the parameters in force on `on` (and any active scenario).

    `strict` (the default): a distractor equal to the answer or to another option is a
    `QuestionFileError`. `strict=False` (for what-if scenarios, where a changed figure can make two
    options coincide) leaves the duplicate out and says so in `Posed.dropped`, shown with the question;
    a choice question left without any wrong option is still an error.
    """
    answer = evaluate(question, question.answer, on)
    try:
        answer_text = format_value(answer.value, question.format)
    except TypeError as exc:
        raise question.error(f"answer: {exc}") from None
    if question.kind == "numeric" and as_number(answer.value) is None:
        raise question.error(f"a numeric question needs a number, but the answer is {answer.value!r}")
    when = question.answer.on or on  # a question about a past date states that date's figures
    broken = broken_premises(question, answer.result)
    if broken and strict:
        raise question.error(f"on {on} the case no longer is what the question states: {'; '.join(broken)}")
    values = template_values(dict(question.answer.args), when)
    values["result"] = answer.result
    prompt = render(question.prompt, on=when, **values)
    note = render(question.note, on=when, **values) if question.note else None

    options: tuple[Option, ...] = ()
    dropped: list[str] = []
    if question.kind == "choice":
        wrong = [_distractor_option(question, d, answer.value, on, values, when) for d in question.distractors]
        seen = {answer_text: "the answer"}
        kept = []
        for index, option in enumerate(wrong):
            if option.text in seen:
                problem = (f"distractors[{index}] is {option.text!r}, equal to {seen[option.text]} on {on}; "
                           "a distractor must differ from the answer and from the other distractors")
                if strict:
                    raise question.error(problem)
                dropped.append(f"Option {option.text!r} left out: with these parameters it equals "
                               f"{seen[option.text]}.")
                continue
            seen[option.text] = f"distractors[{index}]"
            kept.append(option)
        if not kept:
            raise question.error(f"no wrong option is left on {on}: every distractor equals the answer")
        ordered = [Option(answer_text, True), *kept]
        random.Random(seed_for(question.id)).shuffle(ordered)
        options = tuple(ordered)
    dropped += [f"With these parameters the question's premise does not hold: {b}." for b in broken]
    return Posed(question, on, prompt, answer.value, answer_text, options, answer.explanation, note,
                 tuple(dropped))


def broken_premises(question: Question, result: Any) -> list[str]:
    """The question's `premises` that the computed result does not meet, in words (empty when all hold)."""
    broken = []
    for name, expected in question.premises:
        value = result
        try:
            for part in name.split("."):
                value = value[int(part)] if part.lstrip("-").isdigit() else getattr(value, part)
        except (AttributeError, IndexError, KeyError, TypeError):
            raise question.error(f"premises.{name}: the result of {question.answer.rule} has no such field") from None
        if callable(value):
            value = value()
        if not _same(value, expected):
            broken.append(f"{name} is {value!r}, the question states {expected!r}")
    return broken


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or isinstance(value, bool):
        return value is expected
    if isinstance(expected, (int, float)) and as_number(value) is not None:
        return as_number(value) == Decimal(str(expected))
    if isinstance(expected, date):
        return value == expected
    return str(getattr(value, "value", value)) == str(expected)


def _distractor_option(question: Question, distractor: Distractor, answer: Any, on: date,
                       values: dict[str, Any], when: date) -> Option:
    hint = render(distractor.hint, on=when, **values) if distractor.hint else None
    if distractor.text is not None:
        return Option(render(distractor.text, on=when, **values), False, hint)
    if distractor.opposite:
        return Option(format_value(not answer, "yes_no"), False, hint)
    if distractor.shift is not None:
        if isinstance(answer, date) and not isinstance(answer, datetime):
            if not isinstance(distractor.shift, int):
                raise question.error("a date answer can only be shifted by whole days")
            value: Any = answer + timedelta(days=distractor.shift)
        elif isinstance(answer, datetime):
            value = answer + timedelta(days=int(distractor.shift))
        elif as_number(answer) is not None:
            value = as_number(answer) + Decimal(distractor.shift)
            if isinstance(answer, int) and value == value.to_integral_value():
                value = int(value)
        else:
            raise question.error(f"shift needs a number or date answer, got {answer!r}")
        return Option(_format(question, value), False, hint)
    if distractor.param is not None:
        value = policy.get(distractor.param, when)
        return Option(_format(question, value), False, hint)
    evaluation = evaluate(question, distractor.call, on)
    return Option(_format(question, evaluation.value), False, hint)


def _format(question: Question, value: Any) -> str:
    try:
        return format_value(value, question.format)
    except TypeError as exc:
        raise question.error(f"distractor: {exc}") from None
