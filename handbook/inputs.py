"""Validation of rule inputs: money, counts, dates, clock times and choices.

Every function takes the value and the *field name* the caller uses, and either returns the value in
the handbook's canonical type or raises `PolicyInputError` naming field, value and what is accepted.

Canonical types: money is `Decimal` in yuan with at most two decimal places (fen); counts are `int`;
dates are `datetime.date`; clock times are timezone-aware `datetime` in Asia/Shanghai.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.policy.units import SHANGHAI

__all__ = ["FEN", "MONEY_ACCEPTED", "SHANGHAI", "as_date", "as_datetime", "choice", "count", "flag", "money", "on_date",
           "rate", "share"]

FEN = Decimal("0.01")

MONEY_ACCEPTED = "an amount in yuan ≥ 0 with at most 2 decimals (Decimal, int, float or numeric text)"


def money(value: Any, field: str, *, maximum: Decimal | int | None = None) -> Decimal:
    """An amount of money in yuan as an exact `Decimal` (≥ 0, at most two decimals).

    Accepts `Decimal`, `int`, numeric `str` (thousands commas allowed) and `float` (converted
    through `str`, so 0.1 stays 0.1). Rejects bools, NaN, infinity, negatives, more than two
    decimals and, when `maximum` is given, amounts above it.
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
        text = value.strip().replace(",", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise PolicyInputError(field, value, accepted, reason="not a number") from None
    else:
        raise PolicyInputError(field, value, accepted, reason=f"a {type(value).__name__}")
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


def count(value: Any, field: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number of things (orders, trades, complaints): `int` or digit text, ≥ `minimum`."""
    bounds = f"≥ {minimum}" if maximum is None else f"from {minimum} to {maximum}"
    accepted = f"a whole number {bounds}"
    if isinstance(value, bool) or value is None:
        raise PolicyInputError(field, value, accepted, reason="not a whole number")
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    else:
        raise PolicyInputError(field, value, accepted, reason="not a whole number")
    if number < minimum or (maximum is not None and number > maximum):
        raise PolicyInputError(field, value, accepted, reason="out of range")
    return number


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
    accepted = "a date (datetime.date or 'YYYY-MM-DD')"
    if isinstance(value, datetime):
        raise PolicyInputError(field, value, accepted, reason="a datetime, not a date")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise PolicyInputError(field, value, accepted, reason="not an ISO date") from None
    raise PolicyInputError(field, value, accepted, reason=f"a {type(value).__name__}")


def as_datetime(value: Any, field: str) -> datetime:
    """A moment in Asia/Shanghai time. Naive datetimes and ISO text are taken as Asia/Shanghai."""
    accepted = "a datetime (naive = Asia/Shanghai) or ISO text 'YYYY-MM-DD HH:MM'"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise PolicyInputError(field, value, accepted, reason="not an ISO datetime") from None
    if not isinstance(value, datetime):
        raise PolicyInputError(field, value, accepted, reason=f"a {type(value).__name__}")
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
        raise PolicyInputError(field, value, "True or False")
    return bool(value)


def on_date(value: Any, field: str = "on") -> date:
    """The date a rule reads its parameters on: `None` means today in Asia/Shanghai (`policy.today()`)."""
    return policy.today() if value is None else as_date(value, field)


def rate(value: Any, field: str, *, below_one: bool = False) -> Decimal:
    """A rate as an exact fraction (0.13 means 13 %), from 0 to 1 (below 1 when `below_one`)."""
    upper = "below 1" if below_one else "at most 1"
    accepted = f"a rate as a fraction from 0 to {upper} (0.13 means 13%): Decimal, int, float or numeric text"
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
            raise PolicyInputError(field, value, accepted, reason=f"a {type(value).__name__}")
    except InvalidOperation:
        raise PolicyInputError(field, value, accepted, reason="not a number") from None
    if not fraction.is_finite():
        raise PolicyInputError(field, value, accepted, reason="not a finite number")
    if fraction < 0 or fraction > 1 or (below_one and fraction == 1):
        raise PolicyInputError(field, value, accepted, reason="out of range")
    return fraction
