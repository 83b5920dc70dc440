"""Templates whose figures come from the registry: `render("... {{ parameter.id }} ...", on=...)`.

Placeholders are `{{ name }}` or `{{ name | filter }}`. A name is looked up first among the keyword
arguments (a dotted name `{{ result.total_after }}` walks into a keyword value's attributes, so a
sentence can quote a computed result), then as a parameter id (value in force on `on`). Filters for
parameters: `text` (default: the value with its unit), `value` (bare number), `label`, `label_zh`,
`source`, `from` (effective date). Keyword values are shown by `show()`: Decimals and ints as
'1,500' / '12.50', datetimes as 'YYYY-MM-DD HH:MM', dates ISO, anything else with `str()`.
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


def _walk(values: dict[str, Any], name: str) -> Any:
    """`result.total_after` → values['result'].total_after (attributes, keys or list indexes)."""
    if name in values:
        return values[name]
    head, _, rest = name.partition(".")
    if not rest or head not in values:
        return _MISSING
    value = values[head]
    for part in rest.split("."):
        if part.lstrip("-").isdigit():
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value[part]
        else:
            value = getattr(value, part)
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
            return str(ref.effective_from)
        raise ValueError(f"unknown filter {filt!r} in {match.group(0)}")

    return PLACEHOLDER.sub(substitute, template)
