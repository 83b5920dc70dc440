"""Row validation of an export: typed columns for the good rows, a reason for every bad one.

Each field is parsed by its kind, vectorised: the column is factorised and each *distinct* text is
checked once (exports repeat product ids, dates and prices), with a fast pandas path for columns of
many distinct values. Before anything else a cell is normalised: full-width digits and signs become
ASCII (NFKC: ``５９.９０`` = ``59.90``, ``￥`` = ``¥``), and the placeholders back offices write for
"nothing" (`MISSING_MARKERS`: ``-``, ``--``, ``—``, ``无``, ``N/A``, ``null``...) count as a blank cell.
What is accepted:

- **id** (order, product, buyer): any non-blank text; surrounding spaces dropped, and what spreadsheets
  and back offices add to keep long numbers intact is removed: a leading tab or apostrophe, an
  ``="..."`` wrapper, a ``.0`` after an all-digit id. An id in scientific notation (``6.12346E+11``) has
  lost its digits: it is a reject ("re-export, or format the column as text"), never merged with others.
  Order ids must be unique: every later row with the same id is rejected ("duplicated order_id").
- **date**: ``YYYY-MM-DD``, ``YYYY/M/D``, ``YYYY.M.D`` or ``YYYY年M月D日``, optionally followed by a time
  ``HH:MM`` or ``HH:MM:SS`` (fractions allowed) and an offset (``+08:00``, ``+0800``, ``Z``; from -14:00
  to +14:00), converted to the Asia/Shanghai date. Only the date counts. A bare number (``46346``) is a
  reject that says it is probably a spreadsheet date serial (a workbook's number cells in a date column
  are read as dates by `handbook.audit.reading`). A date that does not exist (2026-02-30) is a reject.
- **money**: yuan, ≥ 0, at most 2 decimals, with an optional ``¥``/``￥`` before or ``元`` after, and
  thousands separators in their places (``1,299.00``). Any other comma (``12,34``) is a reject: it could
  be a decimal comma or two cells run together, never a silent 1234. Kept as integer fen.
- **flag**: 是/否, 1/0, true/false, yes/no, y/n, t/f (any case), ✓/✗; blank is *not* "no", except in
  an optional flag column, where blank means "no".
- **reason** (chargebacks): a key of `handbook.rules.chargeback.REASONS` or its Chinese words.
- **text**, **status**: any text (a status decides whether the row is skipped, see `check`).

A row whose every cell is blank is not an order: it is skipped and counted (`empty`), not rejected.
A row the audit's rule does not apply to (a `skip` function of its status: not shipped, cancelled...)
is skipped and counted with its reason. A row with several problems gets one reject entry per problem.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from handbook import inputs
from handbook.audit.columns import Field
from handbook.errors import PolicyInputError

EPOCH = date(1970, 1, 1)
NO_DATE = -(2**31)   # days value of a blank optional date
MISSING = "missing value"
TRUE_WORDS = ("是", "1", "true", "t", "yes", "y", "✓", "√")
FALSE_WORDS = ("否", "0", "false", "f", "no", "n", "✗", "×")
FLAG_ACCEPTED = "是/否, 1/0, true/false, yes/no, y/n"
_FLAGS = {**{w: True for w in TRUE_WORDS}, **{w: False for w in FALSE_WORDS}}
_LOOSE = re.compile(
    r"(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"
    r"(?:[ T]*(\d{1,2})[:时](\d{2})(?:[:分](\d{2})(?:\.\d{1,9})?秒?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d*)?[eE][+-]\d+")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
#: What back offices write in a cell that has nothing: read as blank ("missing value" where required).
MISSING_MARKERS = frozenset({"-", "--", "---", "—", "——", "–", "－", "/", "无", "暂无", "空", "n/a", "na", "null",
                             "none", "nil", "#n/a"})
_WHITE = " \t\r\n\u3000\xa0"
_WORD_MARKERS = [w for m in MISSING_MARKERS if m.isalnum() for w in (m, m.upper(), m.capitalize())]
_PLAIN = r"\d{1,13}(?:\.\d{1,2})?"
_MANY = 20_000   # above this many distinct values, use the vectorised fast path first
_MAX_FEN = 10**15  # 1e13 yuan: beyond it a float no longer holds every fen exactly


@dataclass
class Parsed:
    """One column parsed: `values` (typed) and, for bad rows, a reason (None where fine)."""

    values: np.ndarray
    reasons: np.ndarray  # object array of str | None


def clean(text: str) -> str:
    """NFKC (full-width → ASCII), surrounding blanks dropped, a missing-value marker → ""."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.strip(_WHITE)
    return "" if text.lower() in MISSING_MARKERS else text


def _by_unique(texts: pd.Series, parse, dtype) -> Parsed:
    """Apply `parse(text) -> (value, reason)` once per distinct text."""
    codes, uniques = pd.factorize(texts.to_numpy(), use_na_sentinel=False)
    values = np.empty(len(uniques), dtype=dtype)
    reasons = np.empty(len(uniques), dtype=object)
    for i, text in enumerate(uniques):
        values[i], reasons[i] = parse(text)
    return Parsed(values[codes], reasons[codes])


# --- ids ----------------------------------------------------------------------------------------------------

def _id(text: str) -> tuple[str, str | None]:
    raw = text.strip(_WHITE)
    if raw.startswith('="') and raw.endswith('"') and len(raw) >= 3:   # ="0123" keeps digits in Excel
        raw = raw[2:-1]
    raw = raw.lstrip("'\t").strip(_WHITE)
    if not raw or raw.lower() in MISSING_MARKERS:
        return "", MISSING
    if _SCIENTIFIC.fullmatch(raw):
        return raw, ("digits lost: a spreadsheet saved this id in scientific notation, so different ids look "
                     "the same; re-export, or format the column as text before saving")
    if raw.endswith(".0") and raw[:-2].isdigit():
        raw = raw[:-2]
    return raw, None


def parse_id(texts: pd.Series) -> Parsed:
    values = texts.to_numpy(dtype=object)
    if len(values) > 1_000:  # product and buyer ids repeat: check each distinct text once
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        if len(uniques) < len(values) // 2:
            parsed = parse_id(pd.Series(uniques, dtype=object))
            return Parsed(parsed.values[codes], parsed.reasons[codes])
    # Fast path: ids that need nothing done (no blank edge, no marker, no scientific notation).
    simple = texts.str.fullmatch(r"[0-9A-Za-z_\-]*[0-9A-Za-z][0-9A-Za-z_\-]*").to_numpy(dtype=bool)
    simple = simple & ~texts.isin(_WORD_MARKERS).to_numpy(dtype=bool)
    if simple.all():
        return Parsed(values, np.full(len(values), None, dtype=object))
    out = values.copy()
    reasons = np.full(len(values), None, dtype=object)
    todo = np.flatnonzero(~simple)
    slow = _by_unique(pd.Series(values[todo], dtype=object), _id, object)
    out[todo] = slow.values
    reasons[todo] = slow.reasons
    return Parsed(out, reasons)


def _bare_number(text: str) -> str:
    """The reject reason for a bare number in a date column: what it probably is."""
    if len(text) == 8 and text.isdigit() and text[:2] in ("19", "20"):
        try:
            day = date(int(text[:4]), int(text[4:6]), int(text[6:]))
            return f"a number, not a date: probably {day.isoformat()} written without separators"
        except ValueError:
            pass
    try:
        serial = float(text)
    except ValueError:
        serial = -1
    if 1 <= serial < 2_958_466:
        day = date(1899, 12, 30) + timedelta(days=int(serial))
        return (f"a number, not a date: probably a spreadsheet date serial ({text} = {day.isoformat()}); "
                "format the column as a date or text and export again")
    return "a number, not a date"


def _loose_date(text: str) -> tuple[int, str | None]:
    """Any accepted layout (see the module docstring), or the reason it is refused."""
    stripped = clean(text)
    if not stripped:
        return 0, MISSING
    match = _LOOSE.fullmatch(stripped)
    if not match:
        if _NUMBER.fullmatch(stripped):
            return 0, _bare_number(stripped)
        return 0, ("not a date (accepted: YYYY-MM-DD, YYYY/M/D or YYYY年M月D日, optionally with a time HH:MM[:SS] "
                   "and an offset such as +08:00)")
    y, m, d, m2, d2, hh, mm, ss, offset = match.groups()
    try:
        day = date(int(y), int(m or m2), int(d or d2))
    except ValueError:
        return 0, f"no such date: {stripped}"
    if hh is not None:
        if int(hh) > 23 or int(mm) > 59 or int(ss or 0) > 59:
            return 0, f"no such time: {stripped}"
        if offset:
            if offset == "Z":
                minutes = 0
            else:
                digits = offset[1:].replace(":", "")
                oh, om = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
                if oh > 14 or om > 59 or (oh == 14 and om):
                    return 0, f"invalid time offset {offset} (offsets run from -14:00 to +14:00)"
                minutes = (oh * 60 + om) * (1 if offset[0] == "+" else -1)
            local = datetime(day.year, day.month, day.day, int(hh), int(mm), int(ss or 0))
            shanghai = local - timedelta(minutes=minutes) + timedelta(hours=8)
            day = shanghai.date()
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
    _implausible(values, reasons)
    return Parsed(values, reasons)


#: Order dates before this are not dates of these platforms' orders: an empty date cell of a spreadsheet shows as
#: 1899-12-30 or 1900-01-00, and a two-digit year typed as 0026 is read as year 26. A sanity bound, not a policy.
EARLIEST_ORDER_DATE = date(2000, 1, 1)
#: How many years after today's a date may lie: planned orders of a what-if export and completion dates may be
#: ahead (to the end of the year after next, as far as the calendar estimates); 9999-12-31 is a filler.
YEARS_AHEAD = 2


def _implausible(values: np.ndarray, reasons: np.ndarray) -> None:
    """Refuse, in place, dates that read fine but cannot be an order's: before 2000, or after the end of the year
    after next (counted from today, the as-of date)."""
    from handbook import policy

    today = policy.today()
    latest = date(today.year + YEARS_AHEAD, 12, 31)
    read = reasons == None  # noqa: E711 (elementwise over an object array)
    early = read & (values < (EARLIEST_ORDER_DATE - EPOCH).days)
    late = read & (values > (latest - EPOCH).days)
    reasons[early] = (f"before {EARLIEST_ORDER_DATE.isoformat()}: not an order date (an empty date cell of a "
                      "spreadsheet shows as 1899-12-30); check the column")
    reasons[late] = (f"after {latest.isoformat()}, the end of the year after next (today is {today.isoformat()}): "
                     "not an order date (9999-12-31 is often a filler); check the column")


# --- money --------------------------------------------------------------------------------------------------

def _money(text: str, field: str) -> tuple[int, str | None]:
    stripped = clean(text)
    if stripped.startswith("¥"):
        stripped = stripped[1:].strip(_WHITE)
    if stripped.endswith("元"):
        stripped = stripped[:-1].strip(_WHITE)
    if stripped.lower().startswith(("rmb", "cny")):
        stripped = stripped[3:].strip(_WHITE)
    if not stripped or stripped.lower() in MISSING_MARKERS:
        return 0, MISSING
    if any(mark in stripped for mark in ("元", "¥")) or stripped.lower().startswith(("rmb", "cny")):
        return 0, "not a number"  # one currency sign or unit is read (above); a second one is not an amount
    if "," in stripped and not _GROUPED.fullmatch(stripped.lstrip("-")):
        return 0, ("a comma that is not a thousands separator (accepted: 1,299.00 or 1299.00; a decimal comma "
                   "or two cells run together cannot be told apart)")
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


# --- flags --------------------------------------------------------------------------------------------------

def _flag(text: str) -> tuple[bool, str | None]:
    key = clean(text).lower()
    if not key:
        return False, MISSING
    if key in _FLAGS:
        return _FLAGS[key], None
    return False, f"not a yes/no value (accepted: {FLAG_ACCEPTED})"


def parse_flag(texts: pd.Series) -> Parsed:
    return _by_unique(texts, _flag, bool)


# --- rows ---------------------------------------------------------------------------------------------------

def _reason(text: str) -> tuple[str, str | None]:
    from handbook.rules.chargeback import REASONS

    key = clean(text)
    if not key:
        return "", MISSING
    low = key.lower().replace(" ", "_").replace("-", "_")
    if low in REASONS:
        return low, None
    for name, words in REASON_WORDS.items():
        if any(w in key for w in words):
            return name, None
    return "", "not a chargeback reason (accepted: " + ", ".join(REASONS) + ", or 未收到货 / 货不对版 / 未经授权 / 其他)"


#: Words of a chargeback notice's reason, by `handbook.rules.chargeback.REASONS` key (first match wins).
REASON_WORDS: dict[str, tuple[str, ...]] = {
    "not_received": ("未收到", "没收到", "未到货", "not received", "Not Received"),
    "not_as_described": ("货不对版", "描述不符", "与描述不符", "not as described", "Not As Described"),
    "unauthorized": ("未经授权", "未授权", "盗卡", "盗号", "unauthori", "Unauthori", "fraud", "Fraud"),
    "other": ("其他", "其它", "other", "Other"),
}


def parse_reason(texts: pd.Series) -> Parsed:
    return _by_unique(texts, _reason, object)


def parse_text(texts: pd.Series) -> Parsed:
    values = np.array([clean(t) for t in texts.to_numpy(dtype=object)], dtype=object)
    return Parsed(values, np.where(values == "", MISSING, None).astype(object))


@dataclass
class Checked:
    """A chunk validated: typed columns of every row, which rows are good, and the problems found."""

    columns: dict[str, np.ndarray]
    good: np.ndarray          # bool per row
    empty: np.ndarray         # bool per row: every cell blank
    problems: pd.DataFrame    # position, field, value, reason
    skipped: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))  # reason per row, or None
    extra: dict[str, np.ndarray] = field(default_factory=dict)


PARSERS = {"id": parse_id, "date": parse_date, "flag": parse_flag, "reason": parse_reason, "text": parse_text,
           "status": parse_text}

#: Decides from the status texts which rows the rule does not apply to: a reason per row, or None.
Skip = Callable[[np.ndarray], np.ndarray]


def check(frame: pd.DataFrame, fields: tuple[Field, ...], positions: np.ndarray, *,
          skip: Skip | None = None) -> Checked:
    """Validate one chunk of text cells (columns named by field; optional fields may be absent).

    `skip(status texts)` names the rows the audit's rule does not apply to: they are neither audited
    nor rejected, whatever else they hold (an unshipped order has no shipping time).
    """
    n = len(frame)
    blank = np.ones(n, dtype=bool)
    columns: dict[str, np.ndarray] = {}
    problems = []
    present = [f for f in fields if f.name in frame.columns]
    for f in present:
        texts = frame[f.name]
        if f.kind == "money":
            parsed = parse_money(texts, f.name)
        else:
            parsed = PARSERS[f.kind](texts)
        missing = parsed.reasons == MISSING
        if f.kind == "date" and not f.required and missing.any():
            parsed.values[missing] = NO_DATE   # an optional date left blank: NaT once loaded
        columns[f.name] = parsed.values
        blank &= missing
        bad = parsed.reasons != None  # noqa: E711 (elementwise)
        if not f.required or f.kind in ("text", "status"):
            bad = bad & ~missing    # an optional or free-text cell may be blank
        problems.append((f.name, bad, parsed.reasons, texts))
    empty = blank
    skipped = np.full(n, None, dtype=object)
    if skip is not None and "status" in columns:
        skipped = skip(columns["status"])
        skipped[empty] = None
    out = ~empty & np.equal(skipped, None)
    good = out.copy()
    rows = []
    for name, bad, reasons, texts in problems:
        bad = bad & out
        good &= ~bad
        if bad.any():
            rows.append(pd.DataFrame({
                "position": positions[bad], "field": name,
                "value": texts.to_numpy(dtype=object)[bad], "reason": reasons[bad],
            }))
    found = pd.concat(rows, ignore_index=True) if rows else empty_problems()
    return Checked(columns, good, empty, found, skipped)


def empty_problems() -> pd.DataFrame:
    return pd.DataFrame({"position": pd.Series(dtype=np.int64), "field": pd.Series(dtype=object),
                         "value": pd.Series(dtype=object), "reason": pd.Series(dtype=object)})


def id_hashes(ids: np.ndarray) -> np.ndarray:
    """64-bit hashes of ids (object array of str), for `first_occurrences`."""
    return pd.util.hash_array(ids, categorize=False) if len(ids) else np.zeros(0, dtype=np.uint64)


class PackedIds:
    """Ids packed end to end in one bytes object with their offsets: memory = their total length + 8 bytes
    each, never padded to the longest (a fixed-width array of one 1 MB id and a million short ones
    would take a terabyte)."""

    def __init__(self, ids: np.ndarray):
        encoded = [i.encode("utf-8", "surrogatepass") for i in ids]
        self.blob = b"".join(encoded)
        self.ends = np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)))

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, i: int) -> bytes:
        start = int(self.ends[i - 1]) if i else 0
        return self.blob[start:int(self.ends[i])]


def compact_ids(ids: np.ndarray) -> PackedIds:
    """Ids kept compactly (`PackedIds`), to confirm duplicates found by hash."""
    return PackedIds(ids)


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
