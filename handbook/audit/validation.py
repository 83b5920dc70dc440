"""Row validation of an export: typed columns for the good rows, a reason for every bad one.

Each field is parsed by its kind, vectorised: the column is factorised and each *distinct* text is
checked once (exports repeat product ids, dates and prices), with a fast pandas path for columns of
many distinct values. What is accepted:

- **id** (order, product, buyer): any non-blank text; surrounding spaces and tabs are dropped (back
  offices prefix long numbers with a tab so Excel keeps every digit). Order ids must be unique: the
  first row with an id is audited, every later row with the same id is rejected ("duplicated order_id,
  first on line N").
- **date**: ``YYYY-MM-DD``, ``YYYY/M/D`` or ``YYYY.M.D``, optionally followed by a time ``HH:MM`` or
  ``HH:MM:SS`` (only the date counts; it is the Asia/Shanghai date the back office shows). A time with an
  offset (``+08:00``, ``Z``) is converted to Asia/Shanghai first. Anything else, or a date that does
  not exist (2026-02-30), is rejected.
- **money**: yuan as `handbook.inputs.money` accepts it (≥ 0, at most 2 decimals, thousands commas
  allowed), optionally with a leading ¥; kept as integer fen.
- **flag**: 是/否, 1/0, true/false, yes/no, y/n, t/f (any case), ✓/✗; blank is *not* "no".

A row whose every cell is blank is not an order: it is skipped and counted (`empty`), not rejected.
A row with several problems gets one reject entry per problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from handbook import inputs
from handbook.audit.columns import Field
from handbook.errors import PolicyInputError

EPOCH = date(1970, 1, 1)
MISSING = "missing value"
TRUE_WORDS = ("是", "1", "true", "t", "yes", "y", "✓", "√")
FALSE_WORDS = ("否", "0", "false", "f", "no", "n", "✗", "×")
FLAG_ACCEPTED = "是/否, 1/0, true/false, yes/no, y/n"
_FLAGS = {**{w: True for w in TRUE_WORDS}, **{w: False for w in FALSE_WORDS}}
_LOOSE = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
_PLAIN = r"\d{1,13}(?:\.\d{1,2})?"
_MANY = 20_000   # above this many distinct values, use the vectorised fast path first
_MAX_FEN = 10**15  # 1e13 yuan: beyond it a float no longer holds every fen exactly


@dataclass
class Parsed:
    """One column parsed: `values` (typed) and, for bad rows, a reason (None where fine)."""

    values: np.ndarray
    reasons: np.ndarray  # object array of str | None


def _by_unique(texts: pd.Series, parse, dtype) -> Parsed:
    """Apply `parse(text) -> (value, reason)` once per distinct text."""
    codes, uniques = pd.factorize(texts.to_numpy(), use_na_sentinel=False)
    values = np.empty(len(uniques), dtype=dtype)
    reasons = np.empty(len(uniques), dtype=object)
    for i, text in enumerate(uniques):
        values[i], reasons[i] = parse(text)
    return Parsed(values[codes], reasons[codes])


# ------------------------------------------------------------------------------------------- ids

def parse_id(texts: pd.Series) -> Parsed:
    stripped = texts.str.strip(" \t\r\n\u3000")
    values = stripped.to_numpy(dtype=object)
    reasons = np.where(values == "", MISSING, None).astype(object)
    return Parsed(values, reasons)


# ----------------------------------------------------------------------------------------- dates

def _loose_date(text: str) -> tuple[int, str | None]:
    """Any accepted layout (see the module docstring), or the reason it is refused."""
    stripped = text.strip(" \t\r\n\u3000")
    if not stripped:
        return 0, MISSING
    match = _LOOSE.fullmatch(stripped)
    if not match:
        return 0, "not a date (accepted: YYYY-MM-DD or YYYY/M/D, optionally with a time HH:MM[:SS])"
    y, m, d, hh, mm, ss, offset = match.groups()
    try:
        day = date(int(y), int(m), int(d))
    except ValueError:
        return 0, f"no such date: {stripped}"
    if hh is not None:
        if int(hh) > 23 or int(mm) > 59 or int(ss or 0) > 59:
            return 0, f"no such time: {stripped}"
        if offset:
            zone = "+00:00" if offset == "Z" else (offset if ":" in offset else offset[:3] + ":" + offset[3:])
            moment = datetime.fromisoformat(f"{day.isoformat()}T{int(hh):02d}:{mm}:{ss or '00'}{zone}")
            day = inputs.as_datetime(moment, "date").date()
    return (day - EPOCH).days, None


def parse_date(texts: pd.Series) -> Parsed:
    """Days since 1970-01-01 (int64) of the date each text names.

    Fast path: pandas parses ``YYYY-MM-DD HH:MM:SS`` and ``YYYY-MM-DD`` in C; every text it refuses
    (other layouts, spaces, offsets, impossible dates, blanks) goes to `_loose_date` once per distinct text.
    """
    n = len(texts)
    values = np.zeros(n, dtype=np.int64)
    reasons = np.full(n, None, dtype=object)
    todo = np.ones(n, dtype=bool)
    first = next((t for t in texts.iloc[:100] if t), "")
    formats = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d") if len(first) > 10 else ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S")
    for layout in formats:
        rows = np.flatnonzero(todo)
        if len(rows) == 0:
            break
        stamps = pd.to_datetime(texts.iloc[rows] if len(rows) < n else texts, format=layout, errors="coerce")
        stamps = stamps.to_numpy()
        ok = ~np.isnat(stamps)
        values[rows[ok]] = stamps[ok].astype("datetime64[D]").astype(np.int64)
        todo[rows[ok]] = False
    if todo.any():
        slow = _by_unique(texts[todo], _loose_date, np.int64)
        values[todo] = slow.values
        reasons[todo] = slow.reasons
    return Parsed(values, reasons)


# ----------------------------------------------------------------------------------------- money

def _money(text: str, field: str) -> tuple[int, str | None]:
    stripped = text.strip(" \t\r\n\u3000").lstrip("¥￥").strip()
    if not stripped:
        return 0, MISSING
    try:
        amount = inputs.money(stripped, field, maximum=_MAX_FEN // 100 - 1)
    except PolicyInputError as exc:
        reason = exc.reason or "not accepted"
        return 0, "negative amount" if reason == "negative" else reason
    except ArithmeticError:
        return 0, "above the plausible maximum"
    return int(amount * 100), None


def parse_money(texts: pd.Series, field: str) -> Parsed:
    """Integer fen; the rules of `handbook.inputs.money`, checked once per distinct text."""
    codes, uniques = pd.factorize(texts.to_numpy(), use_na_sentinel=False)
    fen = np.zeros(len(uniques), dtype=np.int64)
    reasons = np.full(len(uniques), None, dtype=object)
    todo = np.ones(len(uniques), dtype=bool)
    if len(uniques) > _MANY:
        # Fast path: plain decimal numbers (digits, at most two decimals), converted by numpy.
        texts_u = pd.Series(uniques, dtype=object)
        simple = texts_u.str.fullmatch(_PLAIN).fillna(False).to_numpy(dtype=bool)
        numbers = pd.to_numeric(texts_u.where(simple, "nan"), errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            scaled = numbers * 100
            rounded = np.round(scaled)
            plain = (simple & np.isfinite(scaled) & (scaled >= 0) & (scaled < _MAX_FEN)
                     & (np.abs(scaled - rounded) <= 1e-6))
        fen[plain] = rounded[plain].astype(np.int64)
        todo = ~plain
    for i in np.flatnonzero(todo):
        fen[i], reasons[i] = _money(uniques[i], field)
    return Parsed(fen[codes], reasons[codes])


# ----------------------------------------------------------------------------------------- flags

def _flag(text: str) -> tuple[bool, str | None]:
    key = text.strip(" \t\r\n\u3000").lower()
    if not key:
        return False, MISSING
    if key in _FLAGS:
        return _FLAGS[key], None
    return False, f"not a yes/no value (accepted: {FLAG_ACCEPTED})"


def parse_flag(texts: pd.Series) -> Parsed:
    return _by_unique(texts, _flag, bool)


# ------------------------------------------------------------------------------------------ rows

@dataclass
class Checked:
    """A chunk validated: typed columns of every row, which rows are good, and the problems found."""

    columns: dict[str, np.ndarray]
    good: np.ndarray          # bool per row
    empty: np.ndarray         # bool per row: every cell blank
    problems: pd.DataFrame    # position, field, value, reason
    extra: dict[str, np.ndarray] = field(default_factory=dict)


def check(frame: pd.DataFrame, fields: tuple[Field, ...], positions: np.ndarray) -> Checked:
    """Validate one chunk of text cells (columns named by field)."""
    n = len(frame)
    blank = np.ones(n, dtype=bool)
    columns: dict[str, np.ndarray] = {}
    problems = []
    for f in fields:
        texts = frame[f.name].astype(str)
        if f.kind == "id":
            parsed = parse_id(texts)
        elif f.kind == "date":
            parsed = parse_date(texts)
        elif f.kind == "money":
            parsed = parse_money(texts, f.name)
        elif f.kind == "flag":
            parsed = parse_flag(texts)
        else:  # pragma: no cover - the field tables only use the four kinds
            raise ValueError(f.kind)
        columns[f.name] = parsed.values
        bad = parsed.reasons != None  # noqa: E711 (elementwise)
        blank &= (parsed.reasons == MISSING)
        problems.append((f.name, bad, parsed.reasons, texts))
    empty = blank
    good = ~empty
    rows = []
    for name, bad, reasons, texts in problems:
        bad = bad & ~empty
        good &= ~bad
        if bad.any():
            rows.append(pd.DataFrame({
                "position": positions[bad], "field": name,
                "value": texts.to_numpy(dtype=object)[bad], "reason": reasons[bad],
            }))
    found = pd.concat(rows, ignore_index=True) if rows else empty_problems()
    return Checked(columns, good, empty, found)


def empty_problems() -> pd.DataFrame:
    return pd.DataFrame({"position": pd.Series(dtype=np.int64), "field": pd.Series(dtype=object),
                         "value": pd.Series(dtype=object), "reason": pd.Series(dtype=object)})


def id_hashes(ids: np.ndarray) -> np.ndarray:
    """64-bit hashes of ids (object array of str), for `first_occurrences`."""
    return pd.util.hash_array(ids, categorize=False) if len(ids) else np.zeros(0, dtype=np.uint64)


def compact_ids(ids: np.ndarray) -> np.ndarray:
    """Ids as a compact numpy array (bytes when ASCII, else fixed-width text), to compare duplicates."""
    try:
        return ids.astype("S")
    except UnicodeEncodeError:
        return np.array([i.encode("utf-8") for i in ids], dtype="S")


def first_occurrences(hashes: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """For each row, the index of the first row with the same id (itself when it is the first).

    Works on 64-bit hashes for speed and confirms every apparent duplicate by comparing the ids
    themselves, so a hash collision can never reject an order.
    """
    n = len(hashes)
    first = np.arange(n)
    if n == 0:
        return first
    dup = pd.Series(hashes).duplicated(keep=False).to_numpy()
    if not dup.any():
        return first
    seen: dict[object, int] = {}
    for i in np.flatnonzero(dup):
        first[i] = seen.setdefault(ids[i], i)
    return first
