"""Units of policy parameters: how a YAML value is checked, converted and written in prose."""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")  # every clock time in the handbook is Asia/Shanghai


class UnitError(ValueError):
    """A value that does not fit its unit (the loader adds file and parameter)."""


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise UnitError(f"expected a number, got {value!r}")
    if isinstance(value, (numbers.Integral, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            pass
    raise UnitError(f"expected a number, got {value!r}")


MONEY_CEILING = Decimal(10) ** 12  # a sanity bound, not a policy figure: no platform amount reaches a trillion yuan


def _shown(value: Any) -> str:
    """A value in plain words for a message: 1E+400, NaN, 'abc' (not Decimal('NaN'))."""
    return str(value) if isinstance(value, (numbers.Number, Decimal)) else repr(value)


def _money(value: Any) -> Decimal:
    amount = _decimal(value)
    if not amount.is_finite() or amount < 0 or amount >= MONEY_CEILING:
        raise UnitError(f"expected an amount ≥ 0 and below 1,000,000,000,000 yuan, got {_shown(value)}")
    if amount != amount.quantize(Decimal("0.01")):
        raise UnitError(f"expected yuan with at most 2 decimal places (fen), got {_shown(value)}")
    return amount


def _percent(value: Any) -> Decimal:
    number = _decimal(value)
    if not number.is_finite() or not 0 <= number <= 100:
        raise UnitError(f"expected a percentage from 0 to 100, got {_shown(value)}")
    return number


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise UnitError(f"expected a whole number, got {value!r}")
    if value < 0:
        raise UnitError(f"expected a whole number ≥ 0, got {value!r}")
    return int(value)


_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _clock(value: Any) -> time:
    if isinstance(value, str) and value == "24:00":
        return time(23, 59, 59, 999999)
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise UnitError(
            f"expected a clock time as quoted text 'HH:MM' (or '24:00' for end of day), got {value!r}"
            " (unquoted 20:00 is read by YAML as a number)"
        )
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UnitError(f"expected non-empty text, got {value!r}")
    return value


def _list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise UnitError(f"expected a non-empty list of non-empty text items, got {value!r}")
    return tuple(v.strip() for v in value)


def _weights(value: Any) -> tuple[Decimal, ...]:
    if not isinstance(value, list) or not value:
        raise UnitError(f"expected a non-empty list of numbers ≥ 0, got {value!r}")
    numbers_ = tuple(_money(v) for v in value)
    if sum(numbers_) == 0:
        raise UnitError("expected at least one weight above 0")
    return numbers_


def _plural(word: str) -> Callable[[Any], str]:
    def fmt(value: Any) -> str:
        return f"{value:,} {word if value == 1 else word + 's'}"

    return fmt


def format_number(value: Decimal | int) -> str:
    """26000 → '26,000'; 12.5 → '12.50'; whole Decimals lose their decimals."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value:,.2f}"
    return f"{value:,}"


def approx_text(value: Decimal, exponent: str, fmt: Callable[[Decimal], str], *,
                rounding: str = "ROUND_HALF_UP") -> str:
    """`value` shown to `exponent` (e.g. '0.01') with `fmt`, prefixed '≈' when that rounded it."""
    shown = value.quantize(Decimal(exponent), rounding=rounding)
    return fmt(shown) if shown == value else "≈" + fmt(shown)


def format_yuan(value: Decimal | int) -> str:
    return f"{format_number(value)} yuan"


def format_percent(value: Decimal) -> str:
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return f"{text}%"


def format_clock(value: time) -> str:
    if value == time(23, 59, 59, 999999):
        return "24:00"
    return value.strftime("%H:%M")


@dataclass(frozen=True)
class Unit:
    name: str
    convert: Callable[[Any], Any]
    format: Callable[[Any], str]
    meaning: str


UNITS: dict[str, Unit] = {
    u.name: u
    for u in [
        Unit("yuan", _money, format_yuan, "an amount of money in yuan (Decimal)"),
        Unit("percent", _percent, format_percent, "a percentage 0–100 (30 means 30 %)"),
        Unit("days", _whole, _plural("day"), "calendar days (int)"),
        Unit("working_days", _whole, _plural("working day"), "mainland-China working days (int)"),
        Unit("hours", _whole, _plural("hour"), "hours (int)"),
        Unit("minutes", _whole, _plural("minute"), "minutes (int)"),
        Unit("years", _whole, _plural("year"), "years (int)"),
        Unit("orders", _whole, _plural("order"), "a number of orders (int)"),
        Unit("rows", _whole, _plural("row"), "a number of rows (int)"),
        Unit("count", _whole, format_number, "a plain count (int)"),
        Unit("clock_time", _clock, format_clock, "a clock time in Asia/Shanghai, quoted 'HH:MM'"),
        Unit("text", _text, str, "text, e.g. a phone number or an on-screen label"),
        Unit("list", _list, ", ".join, "a list of text items, written as a YAML list"),
        Unit("weights", _weights, lambda v: ", ".join(format_number(x) for x in v), "a list of weights ≥ 0"),
    ]
}
