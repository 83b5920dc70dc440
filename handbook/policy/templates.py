"""Templates whose figures come from the registry: `render("... {{ parameter.id }} ...", on=...)`.

Placeholders are `{{ name }}` or `{{ name | filter }}`. A name is looked up first among the keyword
arguments, then as a parameter id (value in force on `on`). Filters for parameters:
`text` (default: '26,000 yuan'), `value` (bare number: '26,000'), `label`, `label_zh`, `source`,
`from` (effective date). Keyword values are inserted with `str()`; Decimals as '1,500' / '12.50'.
An unknown name is an error, never a blank. `handbook.text.md` wraps this for notebook prose.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from handbook import policy
from handbook.policy.units import format_number

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]+)\s*(?:\|\s*([a-z_]+)\s*)?\}\}")


def render(template: str, *, on: date | None = None, **values: Any) -> str:
    def substitute(match: re.Match) -> str:
        name, filt = match.group(1), match.group(2) or "text"
        if name in values:
            value = values[name]
            return format_number(value) if isinstance(value, (Decimal, int)) and not isinstance(value, bool) else str(value)
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
