"""Validation of rule inputs: money, counts, dates, clock times and choices.

Every function takes the value and the *field name* the caller uses, and either returns the value in
the handbook's canonical type or raises `PolicyInputError` naming field, value and what is accepted.

Canonical types: money is `Decimal` in yuan with at most two decimal places (fen); counts are `int`;
dates are `datetime.date`; clock times are timezone-aware `datetime` in Asia/Shanghai.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from handbook import policy
from handbook.errors import PolicyInputError, kind
from handbook.policy.units import SHANGHAI

__all__ = ["FEN", "MONEY_ACCEPTED", "SHANGHAI", "as_date", "as_datetime", "choice", "count", "flag", "money", "on_date",
           "rate", "share", "money_text"]

FEN = Decimal("0.01")

MONEY_ACCEPTED = ("an amount in yuan, 0 or more, with at most 2 decimals "
                  "(for example 1500, 1,500, ¥87.60, 18000元 or 1.5万)")
COUNT_EXAMPLES = "for example 3 or 1,200"

# Optional currency sign, the number (thousands commas in groups of three), optional 万, optional 元/yuan.
_MONEY_TEXT = re.compile(
    r"""^(?:¥|RMB|CNY)?\s*
        (?P<number>[-+]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[-+]?\d{1,4})?)
        \s*(?P<wan>万)?\s*(?:元|yuan|RMB|CNY)?$""",
    re.VERBOSE | re.IGNORECASE,
)
_WHOLE_TEXT = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)$")
_NUMBER_TEXT = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?$")


def _typed(text: str) -> str:
    """Text as typed, made comparable: full-width digits, ￥, ，and spaces folded (NFKC), ends trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def money_text(text: str) -> Decimal | None:
    """The amount a person typed, exactly, or None when it is not an amount.

    Reads what staff type or paste from the back office: 1500, 1,500 (commas in groups of three),
    ¥87.60 / ￥87.60 / RMB 87.60, 18000元, 1.5万 (× 10,000) and 1.5万元, full-width digits too. The sign is
    kept (the caller refuses negatives with its own message).
    """
    match = _MONEY_TEXT.match(_typed(text))
    if not match:
        return None
    try:
        amount = Decimal(match.group("number").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None
    return amount * 10_000 if match.group("wan") else amount


def money(value: Any, field: str, *, maximum: Decimal | int | None = None) -> Decimal:
    """An amount of money in yuan as an exact `Decimal` (≥ 0, at most two decimals).

    Accepts `Decimal`, `int`, `float` (converted through `str`, so 0.1 stays 0.1) and text as a person
    types it (`money_text`: thousands commas, ¥/￥, 元, 万). Rejects yes/no values, NaN, infinity,
    negatives, more than two decimals and, when `maximum` is given, amounts above it.
    """
    accepted = MONEY_ACCEPTED if maximum is None else f"{MONEY_ACCEPTED}, at most {maximum:,}"
    if isinstance(value, bool) or value is None:
        raise PolicyInputError(field, value, accepted, reason="not an amount")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, numbers.Integral):
        amount = Decimal(int(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise PolicyInputError(field, value, accepted, reason="not a finite number")
        amount = Decimal(str(value))
    elif isinstance(value, str):
        parsed = money_text(value)
        if parsed is None:
            if _typed(value).lower().lstrip("+-") in ("nan", "inf", "infinity"):
                reason = "not a finite number"
            elif "," in _typed(value) and _loose_number(value):
                reason = "commas must separate thousands (1,500 or 1500)"
            else:
                reason = "not a number"
            raise PolicyInputError(field, value, accepted, reason=reason)
        amount = parsed
    else:
        raise PolicyInputError(field, value, accepted, reason=f"{kind(value)}, not an amount")
    if not amount.is_finite():
        raise PolicyInputError(field, value, accepted, reason="not a finite number")
    if amount < 0:
        raise PolicyInputError(field, value, accepted, reason="negative")
    if maximum is not None and amount > Decimal(maximum):
        raise PolicyInputError(field, value, accepted, reason="above the plausible maximum")
    if amount.adjusted() >= 15:  # ≥ 10**15 yuan: beyond any real amount and Decimal's fen precision
        raise PolicyInputError(field, value, accepted, reason="far too large to be an amount of money")
    if amount != amount.quantize(FEN, rounding="ROUND_DOWN"):
        raise PolicyInputError(field, value, accepted, reason="more than 2 decimals (smaller than a fen)")
    return amount.quantize(FEN)


def _loose_number(text: str) -> bool:
    """Digits with commas anywhere (e.g. '1,50'): a number whose commas are not thousands groups."""
    core = re.sub(r"^(?:¥|RMB|CNY)|万|元|yuan$", "", _typed(text), flags=re.IGNORECASE).strip()
    return bool(re.fullmatch(r"[-+]?[\d,]+(?:\.\d+)?", core))


def count(value: Any, field: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number of things (orders, trades, complaints): `int` or digit text, ≥ `minimum`.

    Text may use thousands commas (1,200) and full-width digits. A fraction is refused, never
    truncated: '2.5' is an error, not 2.
    """
    bounds = f"{minimum:,} or more" if maximum is None else f"from {minimum:,} to {maximum:,}"
    accepted = f"a whole number {bounds} ({COUNT_EXAMPLES})"
    if isinstance(value, bool) or value is None:
        raise PolicyInputError(field, value, accepted, reason="not a whole number")
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, str) and _WHOLE_TEXT.match(_typed(value)):
        number = int(_typed(value).replace(",", ""))
    else:
        number = _whole_or_refuse(value, field, accepted)
    if number < minimum or (maximum is not None and number > maximum):
        raise PolicyInputError(field, value, accepted, reason="out of range")
    return number


def _whole_or_refuse(value: Any, field: str, accepted: str) -> int:
    """Refuse a number that is not an `int` or digit text, saying why: 2.5 has a fraction; 2.0 has decimals."""
    exact: Decimal | None = None
    if isinstance(value, str) and _NUMBER_TEXT.match(_typed(value)) and any(c.isdigit() for c in value):
        exact = Decimal(_typed(value).replace(",", ""))
    elif isinstance(value, (float, Decimal)):
        try:
            exact = Decimal(str(value)) if isinstance(value, float) else value
            exact = exact if exact.is_finite() else None
        except InvalidOperation:  # pragma: no cover
            exact = None
    if exact is None:
        raise PolicyInputError(field, value, accepted, reason="not a whole number")
    if exact != exact.to_integral_value():
        raise PolicyInputError(field, value, accepted, reason="has a fraction: a whole number is needed")
    raise PolicyInputError(field, value, accepted, reason="type it without decimals")


def share(value: Any, field: str) -> float:
    """A share between 0 and 1 inclusive (e.g. 0.35 for 35 %)."""
    accepted = "a number from 0 to 1 (0.35 means 35 %)"
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal, str)):
        raise PolicyInputError(field, value, accepted, reason="not a number")
    try:
        number = float(value)
    except ValueError:
        raise PolicyInputError(field, value, accepted, reason="not a number") from None
    if not math.isfinite(number) or not 0 <= number <= 1:
        raise PolicyInputError(field, value, accepted, reason="outside 0–1")
    return number


def as_date(value: Any, field: str) -> date:
    """A calendar date: `datetime.date` or ISO text 'YYYY-MM-DD' (a `datetime` is refused)."""
    accepted = "a date as YYYY-MM-DD, for example 2026-11-21"
    if isinstance(value, datetime):
        raise PolicyInputError(field, value, accepted, reason="a date and time, not a date")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise PolicyInputError(field, value, accepted, reason="not a date") from None
    raise PolicyInputError(field, value, accepted, reason=f"{kind(value)}, not a date")


def as_datetime(value: Any, field: str) -> datetime:
    """A moment in Asia/Shanghai time. Naive datetimes and ISO text are taken as Asia/Shanghai."""
    accepted = "a date and time as YYYY-MM-DD HH:MM, for example 2026-11-21 10:30 (Shanghai time)"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise PolicyInputError(field, value, accepted, reason="not a date and time") from None
    if not isinstance(value, datetime):
        raise PolicyInputError(field, value, accepted, reason=f"{kind(value)}, not a date and time")
    if value.tzinfo is None:
        return value.replace(tzinfo=SHANGHAI)
    try:
        return value.astimezone(SHANGHAI)
    except OverflowError:
        raise PolicyInputError(field, value, accepted, reason="outside the representable range") from None


def choice(value: Any, field: str, options: Iterable[str]) -> str:
    """One of a fixed set of names; the error lists them all."""
    names = list(options)
    if not isinstance(value, str) or value not in names:
        raise PolicyInputError(field, value, "one of " + ", ".join(repr(n) for n in names))
    return value


def flag(value: Any, field: str) -> bool:
    """A yes/no answer: a real `bool` (or numpy bool) only (not 0/1, not 'yes')."""
    if not isinstance(value, (bool, np.bool_)):
        raise PolicyInputError(field, value, "yes or no (True or False)")
    return bool(value)


def on_date(value: Any, field: str = "on") -> date:
    """The date a rule reads its parameters on: `None` means today in Asia/Shanghai (`policy.today()`)."""
    return policy.today() if value is None else as_date(value, field)


def rate(value: Any, field: str, *, below_one: bool = False) -> Decimal:
    """A rate as an exact fraction (0.13 means 13 %), from 0 to 1 (below 1 when `below_one`)."""
    upper = "below 1" if below_one else "at most 1"
    accepted = f"a rate as a fraction from 0 to {upper} (0.13 means 13%), for example 0.13"
    if isinstance(value, bool) or value is None:
        raise PolicyInputError(field, value, accepted, reason="not a number")
    try:
        if isinstance(value, float):
            fraction = Decimal(str(value))
        elif isinstance(value, (int, Decimal)):
            fraction = Decimal(value)
        elif isinstance(value, str):
            fraction = Decimal(value.strip())
        else:
            raise PolicyInputError(field, value, accepted, reason=f"{kind(value)}, not a number")
    except InvalidOperation:
        raise PolicyInputError(field, value, accepted, reason="not a number") from None
    if not fraction.is_finite():
        raise PolicyInputError(field, value, accepted, reason="not a finite number")
    if fraction < 0 or fraction > 1 or (below_one and fraction == 1):
        raise PolicyInputError(field, value, accepted, reason="out of range")
    return fraction
