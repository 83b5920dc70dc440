"""Templates whose figures come from the registry: `render("... {{ parameter.id }} ...", on=...)`.

Placeholders are `{{ name }}` or `{{ name | filter }}`. A name is looked up first among the keyword
arguments (a dotted name `{{ result.total_after }}` walks into a keyword value's attributes, so a
sentence can quote a computed result), then as a parameter id (value in force on `on`). Filters for
parameters: `text` (default: the value with its unit), `value` (bare number), `label`, `label_zh`,
`source`, `from` (effective date; refused for a value whose date is only its article's), `since`
('in force from 2019-01-01' or 'stated in the article of 2023-01-29'). Keyword values are shown by
`show()`: Decimals and ints as '1,500' / '12.50', datetimes as 'YYYY-MM-DD HH:MM', dates ISO, anything else with `str()`.
An unknown name is an error, never a blank. `handbook.text.md` wraps this for notebook prose.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from handbook import policy
from handbook.policy.units import format_number

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]+)\s*(?:\|\s*([a-z_]+)\s*)?\}\}")


def show(value: Any) -> str:
    """A computed value as prose states it: '1,500', '12.50', '2026-11-21 20:30', '2026-11-21'."""
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


_MISSING = object()


def field_step(value: Any, part: str) -> Any:
    """One step of a dotted path into a result: a list index ('0', '-1'), a dict key, or an attribute."""
    if part.lstrip("-").isdigit():
        return value[int(part)]
    if isinstance(value, dict):
        return value[part]
    return getattr(value, part)


def _walk(values: dict[str, Any], name: str) -> Any:
    """`result.total_after` → values['result'].total_after (attributes, keys or list indexes)."""
    if name in values:
        return values[name]
    head, _, rest = name.partition(".")
    if not rest or head not in values:
        return _MISSING
    value = values[head]
    for part in rest.split("."):
        value = field_step(value, part)
    return value


def render(template: str, *, on: date | None = None, **values: Any) -> str:
    def substitute(match: re.Match) -> str:
        name, filt = match.group(1), match.group(2) or "text"
        value = _walk(values, name)
        if value is not _MISSING:
            return show(value)
        ref = policy.ref(name, on)
        if filt == "text":
            return ref.text
        if filt == "value":
            return format_number(ref.value) if isinstance(ref.value, (Decimal, int)) else ref.text
        if filt in ("label", "label_zh"):
            return getattr(ref, filt)
        if filt == "source":
            return ref.citation() if ref.overridden else str(ref.source)
        if filt == "from":
            if ref.stated:
                raise ValueError(f"{match.group(0)}: {name} has no known start (its date is the article's, "
                                 f"{ref.effective_from}); write {{{{ {name} | since }}}} instead")
            return str(ref.effective_from)
        if filt == "since":
            return ref.dated
        raise ValueError(f"unknown filter {filt!r} in {match.group(0)}")

    return PLACEHOLDER.sub(substitute, template)
