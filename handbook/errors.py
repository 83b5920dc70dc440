"""Errors raised by the handbook.

`PolicyInputError` is for *bad input* to a rule: the message always names the field, the value
that was given and what would have been accepted, so a widget can show it as it is.
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

    def plain(self) -> str:
        """The message in plain words, for a widget."""
        return str(self)


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


def _show(value: Any) -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()  # plain words: 2027-01-04, not datetime.date(2027, 1, 4)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
