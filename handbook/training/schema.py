"""Quiz questions as data: the YAML format and its strict loader.

A question file `handbook/training/questions/<area>.yaml` is a YAML list of questions. A question never
types its answer: it names the rule call that produces it, and the quiz calls the rule when it is built,
so a changed parameter changes the answer (and the prompt) with it::

    - id: customs-quota-over                  # unique across all files: lower-case words joined by '-'
      area: customs                           # the file's area (handbook.areas slug)
      section: 2                              # the notebook section it tests (`## 2. ...`)
      kind: choice                            # choice | numeric
      prompt: >-                              # English with the Chinese terms; figures only as templates:
        A buyer has spent {{ spent }} yuan this year and orders goods worth {{ amount }} yuan.
        The annual quota (年度个人交易限值) is {{ pinduoduo_intl.customs.annual_limit }}. ...
      answer:
        rule: handbook.rules.customs.check_quota   # a function in handbook.rules
        args: {spent: "24800", amount: "1500"}     # its keyword arguments (`on` is the quiz date); a value
                                                   #   may be {param: <id>, plus: 1} (read at quiz time) or
                                                   #   {call: <path in handbook.rules or handbook.examples>,
                                                   #    args: {...}} (an example built from the registry)
        field: exceeds                             # dotted path into the result (attributes, keys, indexes)
        format: yes_no                             # how the answer is written (see FORMATS)
        on: 2018-06-01                             # optional: parameters in force on this date instead
      distractors:                                 # choice only: 1–5 wrong options, each ONE of
        - opposite: true                           #   the other yes/no answer
        - args: {version: item1}                   #   the same call with other arguments (generated)
          hint: That is the answer under the item (1) thresholds.   # optional, shown when picked
        - field: limit                             #   another field / `rule` / `on` of the same call
        - param: pinduoduo_intl.customs.single_limit   # a parameter's value, in the answer's format
        - shift: 1                                 #   the answer moved by 1 (a number, or days for a date)
        - text: 【店铺管理】–【售后服务】            #   a literal option (templates allowed)
      tolerance: 0.01                              # numeric only: accepted distance from the answer
      premises: {within_single: true}              # what the prompt or a hint states about the case, as fields
                                                   #   of the answer's rule result and the values they must have;
                                                   #   checked every time the question is posed
      note: optional text shown with the explanation (templates allowed)

Instead of `rule`, an answer may name `param: <parameter id>` (recall of a figure or an on-screen text
parameter); the explanation then cites the parameter and its source.

Templates in `prompt`, `note`, `hint` and `text` are rendered by `handbook.text.render`: `{{ name }}` is
first one of the answer's `args` (`{{ scenario.orders }}` for an argument of a `call` argument), then a
parameter id (`{{ id | label_zh }}` etc.); `{{ result.<field> }}` quotes the answer's rule result
(`{{ result.over_annual_by }}`), so a hint or note narrates the computed case instead of typing it.
A prompt that types a parameter's current value instead of a template is rejected, as is anything the
loader cannot resolve.

Premises. A question built on a case ("an order exactly at the limit", "a notice that is already
late") takes the case's inputs from the registry (`{param: ..., plus: ...}`, `{call: ...}`), so the case
moves with a policy change, and states the premise under `premises:` so a change that breaks it anyway
is an error (`QuestionFileError`) when the question is posed, not a wrong sentence in front of a trainee.

Problems are reported as `QuestionFileError` naming file, question id and problem. `parse_file` checks
the structure and resolves rules (imports them and binds the arguments to their signatures);
`handbook.training.answers.pose` evaluates a question on a date and rejects what only a computation can
show (a distractor equal to the answer or to another distractor, a field the result does not have).
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from handbook import strict_yaml
from handbook.areas import AREAS
from handbook.errors import DataFileError
from handbook.strict_yaml import check_keys as _keys
from handbook.text import PLACEHOLDER as _PLACEHOLDER

QUESTIONS_DIR = Path(__file__).parent / "questions"
RULES_PACKAGE = "handbook.rules."
EXAMPLES_PACKAGE = "handbook.examples."

QUESTION_KEYS = {"id", "area", "section", "kind", "prompt", "answer", "distractors", "tolerance", "note",
                 "premises"}
REQUIRED_QUESTION_KEYS = {"id", "area", "section", "kind", "prompt", "answer"}
KINDS = ("choice", "numeric")
CALL_KEYS = {"rule", "args", "field", "format", "on"}
PARAM_ANSWER_KEYS = {"param", "format", "on"}
DISTRACTOR_SOURCES = ("text", "param", "shift", "opposite", "args", "field", "rule", "on")
VARIANT_KEYS = {"args", "field", "rule", "on"}
DISTRACTOR_KEYS = set(DISTRACTOR_SOURCES) | {"hint"}
MAX_DISTRACTORS = 5
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIELD_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|-?\d+))*$")
ARG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class QuestionFileError(DataFileError):
    """A question file or question that does not follow the schema: names file, question and problem."""

    @property
    def question(self) -> str | None:
        return self.item


@dataclass(frozen=True)
class ParamArg:
    """An argument read from the registry at quiz time: `{param: <id>}` (optionally `plus: <number>`)."""

    param: str
    plus: int | Decimal = 0


@dataclass(frozen=True)
class CallArg:
    """An argument built by another callable in handbook.rules: `{call: <dotted path>, args: {...}}`."""

    rule: str
    args: Mapping[str, Any] = dc_field(default_factory=dict)
    function: Callable[..., Any] | None = dc_field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Call:
    """Where an answer (or a generated distractor) comes from: a rule call or a parameter."""

    rule: str | None = None
    args: Mapping[str, Any] = dc_field(default_factory=dict)
    field: str | None = None
    param: str | None = None
    on: date | None = None
    function: Callable[..., Any] | None = dc_field(default=None, compare=False, repr=False)

    def variant(self, *, rule: str | None = None, function: Callable[..., Any] | None = None,
                args: Mapping[str, Any] | None = None, field: str | None = None,
                on: date | None = None) -> Call:
        """The same call with some parts replaced (arguments are merged over the original ones)."""
        return Call(
            rule=rule or self.rule,
            function=function or self.function,
            args={**self.args, **(args or {})},
            field=field if field is not None else self.field,
            param=self.param,
            on=on if on is not None else self.on,
        )


@dataclass(frozen=True)
class Distractor:
    """A wrong option: literal text, a parameter, a shift, the opposite, or a variant of the answer's call."""

    text: str | None = None
    param: str | None = None
    shift: int | Decimal | None = None
    opposite: bool = False
    call: Call | None = None
    hint: str | None = None

    @property
    def source(self) -> str:
        if self.text is not None:
            return "text"
        if self.param is not None:
            return "param"
        if self.shift is not None:
            return "shift"
        if self.opposite:
            return "opposite"
        return "call"


@dataclass(frozen=True)
class Question:
    id: str
    area: str
    section: int
    kind: str
    prompt: str
    answer: Call
    format: str
    file: str
    distractors: tuple[Distractor, ...] = ()
    tolerance: Decimal = Decimal(0)
    note: str | None = None
    premises: tuple[tuple[str, Any], ...] = ()

    def error(self, problem: str) -> QuestionFileError:
        return QuestionFileError(self.file, self.id, problem)


# --- loading ------------------------------------------------------------------------------------------------




def area_slugs() -> tuple[str, ...]:
    return tuple(a.slug for a in AREAS)


def question_file(slug: str) -> Path:
    return QUESTIONS_DIR / f"{slug}.yaml"


def parse_file(path: Path | str, *, area: str | None = None) -> list[Question]:
    """The questions of one file, structurally checked, with their rules imported and arguments bound.

    The file's area is its stem (`customs.yaml` → `customs`) unless `area` is given.
    """
    path = Path(path)
    name = path.name
    try:
        raw = strict_yaml.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise QuestionFileError(name, None, f"not valid YAML: {exc}") from None
    except OSError as exc:
        raise QuestionFileError(name, None, f"cannot be read: {exc.strerror}") from None
    return parse_questions(raw, file=name, area=area or path.stem)


def parse_questions(raw: Any, *, file: str, area: str) -> list[Question]:
    """Check and convert the parsed YAML of one question file (a list of question mappings)."""
    if area not in area_slugs():
        raise QuestionFileError(file, None, f"unknown area {area!r}; areas: {', '.join(area_slugs())}")
    if not isinstance(raw, list) or not raw:
        raise QuestionFileError(file, None, "expected a non-empty list of questions")
    questions: list[Question] = []
    seen: set[str] = set()
    for index, spec in enumerate(raw):
        question = _question(file, area, index, spec)
        if question.id in seen:
            raise QuestionFileError(file, question.id, "duplicate question id")
        seen.add(question.id)
        questions.append(question)
    return questions


def _question(file: str, area: str, index: int, spec: Any) -> Question:
    qid = spec.get("id") if isinstance(spec, dict) else None
    label = qid if isinstance(qid, str) and qid else f"question #{index + 1}"

    def fail(problem: str) -> QuestionFileError:
        return QuestionFileError(file, label, problem)

    if not isinstance(spec, dict):
        raise fail("a question must be a mapping")
    _keys(spec, QUESTION_KEYS, REQUIRED_QUESTION_KEYS, fail, "question")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        raise fail(f"id must be lower-case words joined by '-', got {qid!r}")
    if spec["area"] != area:
        raise fail(f"area {spec['area']!r} does not match the file's area {area!r}")
    section = spec["section"]
    if isinstance(section, bool) or not isinstance(section, int) or section < 1:
        raise fail(f"section must be the number (≥ 1) of the notebook section it tests, got {section!r}")
    kind = spec["kind"]
    if kind not in KINDS:
        raise fail(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    prompt = spec["prompt"]
    if not isinstance(prompt, str) or not prompt.strip():
        raise fail("prompt must be non-empty text")
    note = spec.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        raise fail("note must be non-empty text")

    answer, fmt = _answer(fail, spec["answer"])
    _templates(fail, "prompt", prompt, answer.args)
    if note is not None:
        _templates(fail, "note", note, answer.args)

    distractors: tuple[Distractor, ...] = ()
    raw_distractors = spec.get("distractors")
    if kind == "choice":
        if not isinstance(raw_distractors, list) or not raw_distractors:
            raise fail("a choice question needs a non-empty list of distractors")
        if len(raw_distractors) > MAX_DISTRACTORS:
            raise fail(f"at most {MAX_DISTRACTORS} distractors, got {len(raw_distractors)}")
        distractors = tuple(_distractor(fail, i, d, answer, fmt) for i, d in enumerate(raw_distractors))
        if "tolerance" in spec:
            raise fail("tolerance is for numeric questions only")
    else:
        if raw_distractors is not None:
            raise fail("a numeric question has no distractors (the trainee types the number)")
        if fmt in NON_NUMERIC_FORMATS:
            raise fail(f"a numeric question cannot use format {fmt!r}")

    tolerance = Decimal(0)
    if "tolerance" in spec:
        raw_tol = spec["tolerance"]
        if isinstance(raw_tol, bool) or not isinstance(raw_tol, (int, float, str)):
            raise fail(f"tolerance must be a number ≥ 0, got {raw_tol!r}")
        try:
            tolerance = Decimal(str(raw_tol))
        except ArithmeticError:
            raise fail(f"tolerance must be a number ≥ 0, got {raw_tol!r}") from None
        if not tolerance.is_finite() or tolerance < 0:
            raise fail(f"tolerance must be a number ≥ 0, got {raw_tol!r}")

    premises = _premises(fail, spec.get("premises"), answer)
    return Question(id=qid, area=area, section=section, kind=kind, prompt=prompt, answer=answer,
                    format=fmt, file=file, distractors=distractors, tolerance=tolerance, note=note,
                    premises=premises)


def _premises(fail, raw: Any, answer: Call) -> tuple[tuple[str, Any], ...]:
    """`premises: {field: value, ...}` → ((field, value), ...), fields of the answer's rule result."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not raw:
        raise fail("premises must be a non-empty mapping of result fields to the values the question states")
    if answer.rule is None:
        raise fail("premises need a rule answer (a parameter answer has no case to check)")
    checked = []
    for name, value in raw.items():
        _field(fail, f"premises.{name}", name)
        if isinstance(value, (dict, list)):
            raise fail(f"premises.{name} must be a plain value (yes/no, number, text or date), got {value!r}")
        checked.append((name, value))
    return tuple(checked)


def _answer(fail, raw: Any) -> tuple[Call, str]:
    if not isinstance(raw, dict):
        raise fail("answer must be a mapping with `rule` (and args, field, format) or `param`")
    fmt = raw.get("format", "text")
    if fmt not in FORMAT_NAMES:
        raise fail(f"answer.format {fmt!r} is unknown; formats: {', '.join(FORMAT_NAMES)}")
    on = raw.get("on")
    if on is not None and not _is_date(on):
        raise fail(f"answer.on must be a date YYYY-MM-DD, got {on!r}")
    if ("rule" in raw) == ("param" in raw):
        raise fail("answer must name exactly one of `rule` (a rule call) or `param` (a parameter id)")
    if "param" in raw:
        _keys(raw, PARAM_ANSWER_KEYS, {"param"}, fail, "answer")
        _check_param(fail, "answer.param", raw["param"])
        return Call(param=raw["param"], on=on), fmt
    _keys(raw, CALL_KEYS, {"rule"}, fail, "answer")
    function = _resolve_rule(fail, "answer.rule", raw["rule"])
    args = _args(fail, "answer.args", raw.get("args", {}))
    _bind(fail, "answer", raw["rule"], function, args)
    field_ = _field(fail, "answer.field", raw.get("field"))
    return Call(rule=raw["rule"], function=function, args=args, field=field_, on=on), fmt


def _distractor(fail, index: int, raw: Any, answer: Call, fmt: str) -> Distractor:
    where = f"distractors[{index}]"
    if not isinstance(raw, dict):
        raise fail(f"{where} must be a mapping with one of: {', '.join(DISTRACTOR_SOURCES)}")
    _keys(raw, DISTRACTOR_KEYS, set(), fail, where)
    hint = raw.get("hint")
    if hint is not None:
        if not isinstance(hint, str) or not hint.strip():
            raise fail(f"{where}.hint must be non-empty text")
        _templates(fail, f"{where}.hint", hint, answer.args)
    simple = [k for k in ("text", "param", "shift", "opposite") if k in raw]
    variant = [k for k in VARIANT_KEYS if k in raw]
    if len(simple) + bool(variant) != 1 or len(simple) > 1:
        raise fail(f"{where} must have exactly one source: text, param, shift, opposite, or a variant "
                   f"of the answer's call (args/field/rule/on); got {sorted(set(raw) - {'hint'})}")
    if "text" in raw:
        text = raw["text"]
        if not isinstance(text, str) or not text.strip():
            raise fail(f"{where}.text must be non-empty text")
        _templates(fail, f"{where}.text", text, answer.args)
        return Distractor(text=text, hint=hint)
    if "param" in raw:
        _check_param(fail, f"{where}.param", raw["param"])
        return Distractor(param=raw["param"], hint=hint)
    if "shift" in raw:
        shift = raw["shift"]
        if isinstance(shift, bool) or not isinstance(shift, (int, float)) or shift == 0:
            raise fail(f"{where}.shift must be a non-zero number, got {shift!r}")
        if fmt in NON_NUMERIC_FORMATS - {"date", "datetime"}:
            raise fail(f"{where}.shift needs a number, date or datetime answer (dates move by days), not format {fmt!r}")
        return Distractor(shift=shift if isinstance(shift, int) else Decimal(str(shift)), hint=hint)
    if "opposite" in raw:
        if raw["opposite"] is not True:
            raise fail(f"{where}.opposite must be true")
        if fmt != "yes_no":
            raise fail(f"{where}.opposite needs a yes_no answer, not format {fmt!r}")
        return Distractor(opposite=True, hint=hint)
    # a variant of the answer's call
    if answer.rule is None:
        raise fail(f"{where} varies the answer's call, but the answer is a parameter (use `param`)")
    function = None
    rule = raw.get("rule")
    if rule is not None:
        function = _resolve_rule(fail, f"{where}.rule", rule)
    args = _args(fail, f"{where}.args", raw.get("args", {}))
    on = raw.get("on")
    if on is not None and not _is_date(on):
        raise fail(f"{where}.on must be a date YYYY-MM-DD, got {on!r}")
    field_ = _field(fail, f"{where}.field", raw.get("field"))
    call = answer.variant(rule=rule, function=function, args=args, field=field_, on=on)
    _bind(fail, where, call.rule, call.function, call.args)
    if call == answer:
        raise fail(f"{where} is the answer's own call (change args, field, rule or on)")
    return Distractor(call=call, hint=hint)


def _resolve_rule(fail, where: str, path: Any) -> Callable[..., Any]:
    # a `call:` argument may also use an example builder (handbook.examples): a case built from the registry
    packages = (RULES_PACKAGE, EXAMPLES_PACKAGE) if where.endswith(".call") else (RULES_PACKAGE,)
    if not isinstance(path, str) or not path.startswith(packages) or path.count(".") < 3:
        raise fail(f"{where} must be a dotted path to a function in "
                    f"{' or '.join(p.rstrip('.') for p in packages)}, got {path!r}")
    module_name, _, attr = path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise fail(f"{where}: unknown rule {path!r} (module {module_name!r} cannot be imported: {exc})") from None
    function = getattr(module, attr, None)
    if function is None or not callable(function):
        public = sorted(n for n, v in vars(module).items()
                        if callable(v) and not n.startswith("_") and getattr(v, "__module__", "") == module_name)
        raise fail(f"{where}: unknown rule {path!r}; functions in {module_name}: {', '.join(public)}")
    return function


def _args(fail, where: str, raw: Any) -> dict[str, Any]:
    """Keyword arguments: plain YAML values, `{param: id, plus: n}` or `{call: path, args: {...}}`."""
    if not isinstance(raw, dict):
        raise fail(f"{where} must be a mapping of keyword arguments")
    args: dict[str, Any] = {}
    for name, value in raw.items():
        if not isinstance(name, str) or not ARG_NAME.match(name):
            raise fail(f"{where}: {name!r} is not an argument name")
        if name == "on":
            raise fail(f"{where}: `on` is the quiz date; use `on:` beside `rule:` for a fixed date")
        args[name] = _arg_value(fail, f"{where}.{name}", value)
    return args


def _arg_value(fail, where: str, value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "param" in value:
        _keys(value, {"param", "plus"}, {"param"}, fail, where)
        _check_param(fail, f"{where}.param", value["param"])
        plus = value.get("plus", 0)
        if isinstance(plus, bool) or not isinstance(plus, (int, float)):
            raise fail(f"{where}.plus must be a number, got {plus!r}")
        return ParamArg(value["param"], plus if isinstance(plus, int) else Decimal(str(plus)))
    if "call" in value:
        _keys(value, {"call", "args"}, {"call"}, fail, where)
        function = _resolve_rule(fail, f"{where}.call", value["call"])
        args = _args(fail, f"{where}.args", value.get("args", {}))
        _bind(fail, where, value["call"], function, args)
        return CallArg(value["call"], args, function)
    raise fail(f"{where}: a mapping argument must be {{param: <id>}} or {{call: <path>, args: {{...}}}}, "
               f"got keys {sorted(map(str, value))}")


def argument_names(args: Mapping[str, Any], prefix: str = "") -> set[str]:
    """The names a template may use: every argument, and `outer.inner` for a `call` argument's own."""
    names = set()
    for name, value in args.items():
        names.add(prefix + name)
        if isinstance(value, CallArg):
            names |= argument_names(value.args, f"{prefix}{name}.")
    return names


def _bind(fail, where: str, rule: str | None, function: Callable[..., Any] | None, args: Mapping[str, Any]) -> None:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return
    extra = {"on": None} if "on" in signature.parameters else {}
    try:
        signature.bind(**args, **extra)
    except TypeError as exc:
        raise fail(f"{where}: arguments {sorted(args)} do not fit {rule}{signature}: {exc}") from None


def _field(fail, where: str, raw: Any) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not FIELD_PATTERN.match(raw):
        raise fail(f"{where} must be a dotted path of attribute names or indexes, got {raw!r}")
    return raw


def _check_param(fail, where: str, pid: Any) -> None:
    from handbook import policy

    if not isinstance(pid, str) or pid not in policy.ids():
        raise fail(f"{where}: unknown parameter {pid!r}")


def _is_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


# --- templates ----------------------------------------------------------------------------------------------


def _templates(fail, where: str, text: str, args: Mapping[str, Any]) -> None:
    """Every placeholder resolves (an argument or a parameter id) and no current figure is typed."""
    from handbook import policy

    known = set(policy.ids())
    args = argument_names(args)
    for match in _PLACEHOLDER.finditer(text):
        name, filt = match.group(1), match.group(2)
        if name.startswith("result.") and FIELD_PATTERN.match(name):
            continue  # the answer's rule result, checked when the question is posed
        if name not in args and name not in known:
            raise fail(f"{where}: {match.group(0)} is neither an argument of the answer's call "
                       f"({', '.join(sorted(args)) or 'none'}) nor a parameter id")
        if filt is not None and name not in args and filt not in TEMPLATE_FILTERS:
            raise fail(f"{where}: unknown filter {filt!r} in {match.group(0)}; filters: {', '.join(TEMPLATE_FILTERS)}")
    if "{{" in _PLACEHOLDER.sub("", text) or "}}" in _PLACEHOLDER.sub("", text):
        raise fail(f"{where}: malformed placeholder (write {{{{ name }}}} or {{{{ name | filter }}}})")
    from handbook.figure_check import typed_figures

    typed = typed_figures(_PLACEHOLDER.sub(" ", text))
    if typed:
        figure, pid = typed[0]
        raise fail(f"{where} types the policy figure {figure!r} ({pid}); write {{{{ {pid} }}}} instead")


TEMPLATE_FILTERS = ("text", "value", "label", "label_zh", "source", "from", "since")



# Formats: any unit of the registry (yuan, percent, days, working_days, ...) plus these.
EXTRA_FORMATS = ("yes_no", "date", "datetime", "number", "list", "path")
NON_NUMERIC_FORMATS = {"yes_no", "date", "datetime", "list", "path", "text", "clock_time", "weights"}


def _format_names() -> tuple[str, ...]:
    from handbook.policy.units import UNITS

    return tuple(dict.fromkeys([*UNITS, *EXTRA_FORMATS]))


FORMAT_NAMES = _format_names()
