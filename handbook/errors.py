"""Errors raised by the handbook.

`PolicyInputError` is for *bad input* to a rule: the message always names the field, the value
that was given and what would have been accepted. `str(exc)` is for a developer (field name, value);
`exc.plain(label)` is what a person reads in a calculator: the box's own label, the value as typed (never a
Python repr or a type name) and what to type instead.
`ParameterFileError` is for a broken parameter file: it names the file, the parameter and the problem.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


class PolicyInputError(ValueError):
    """Bad input to a rule: names the field, the value given and what is accepted."""

    def __init__(self, field: str, value: Any, accepted: str, *, reason: str | None = None):
        self.field = field
        self.value = value
        self.accepted = accepted
        self.reason = reason
        shown = _show(value)
        why = f" ({reason})" if reason else ""
        super().__init__(f"{field}: {shown} is not accepted{why}. Accepted: {accepted}.")

    def plain(self, label: str | None = None) -> str:
        """The message in plain words, for a widget: `label` (the box's label) or the field in words.

        Shows the value as the person typed it ("nothing entered" for an empty box), the reason and
        what is accepted; no code names, no type names, no Python reprs.
        """
        what = label or field_words(self.field)
        why = f" ({self.reason})" if self.reason else ""
        if _is_empty(self.value):  # a reason that only says "not a number" adds nothing to "nothing entered"
            said = f" ({self.reason})" if self.reason and not self.reason.startswith(("not ", "nothing")) else ""
            return f"{what}: nothing entered{said}. Accepted: {self.accepted}."
        return f"{what}: {plain_value(self.value)} is not accepted{why}. Accepted: {self.accepted}."


class DataFileError(Exception):
    """A data file (parameters, quiz questions) that does not follow its schema: file, item, problem."""

    def __init__(self, file: str, item: str | None, problem: str):
        self.file = file
        self.item = item
        self.problem = problem
        where = f"{file}: {item}" if item else file
        super().__init__(f"{where}: {problem}")


class ParameterFileError(DataFileError):
    """A parameter file that does not follow the schema."""

    @property
    def parameter(self) -> str | None:
        return self.item


def field_words(field: str) -> str:
    """A field name as words: 'spent_this_year' → 'Spent this year'."""
    words = str(field).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def kind(value: Any) -> str:
    """What a value is, in plain words (for a reason such as "a list, not an amount"): never a type name."""
    from datetime import date, datetime
    from decimal import Decimal

    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float, Decimal)):
        return "a number"
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "a list"
    if isinstance(value, dict):
        return "a table of values"
    return "something else"


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, (list, tuple)) and not value)


def plain_value(value: Any) -> str:
    """A value as a person would recognise it: text in quotes as typed, dates ISO, lists joined."""
    from datetime import date, datetime

    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return f"“{text}”"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain_value(v) for v in value]
        return ", ".join(items[:5]) + (f" and {len(items) - 5} more" if len(items) > 5 else "")
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return str(value)
    return "this value"


def _show(value: Any) -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()  # plain words: 2027-01-04, not datetime.date(2027, 1, 4)
    if type(value).__name__ == "Decimal":
        return str(value)  # 100.001, NaN, 1E+400: as typed, not Decimal('NaN')
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
