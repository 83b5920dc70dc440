"""Reports that are safe to open in Excel, and that show each value as the export held it.

**Formula injection.** A text cell that a spreadsheet would run as a formula gets a leading apostrophe
(``'=HYPERLINK(...)``), in CSV and XLSX alike, so it is shown as text and never evaluated: text that
starts (after any spaces, tabs or line breaks) with ``=`` or ``@``, or with ``+`` or ``-`` followed by
something other than a plain number. Nothing else is touched: ``-`` or ``--`` (a back office's "no
value"), ``-12.50`` or ``+86`` stay exactly as the export held them. Numbers stay numbers.

**Characters a workbook cannot hold.** XLSX (XML) cannot store control characters such as NUL; in an
XLSX report each is written as its escape (``\\x00``) so the report is still written and the damage
is visible. CSV reports keep them as they were.

The order ids, product ids and rejected values come from the export, which anyone could have typed.
"""

from __future__ import annotations

import re

import pandas as pd

PREFIX = "'"
_NUMBER = re.compile(r"[+-]\s*[\d.,]*\d[\d.,]*%?")
_DASHES = re.compile(r"[-+]+")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def dangerous(text: str) -> bool:
    """Whether a spreadsheet would run `text` as a formula (see the module docstring)."""
    start = text.lstrip(" \t\r\n")
    if not start:
        return False
    first = start[0]
    if first in "=@":
        return True
    if first in "+-":
        return not (_DASHES.fullmatch(start) or _NUMBER.fullmatch(start))
    return False


def neutralise(value: object) -> object:
    """One cell: text that would start a formula gets a leading apostrophe; anything else unchanged."""
    if isinstance(value, str) and dangerous(value):
        return PREFIX + value
    return value


def xml_safe(text: str) -> str:
    """`text` with the characters XML cannot hold written as escapes (``\\x00``)."""
    return _ILLEGAL_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                            text)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells are neutralised (numeric, bool and date columns untouched)."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            categories = [neutralise(c) for c in column.cat.categories]
            if len(set(categories)) == len(categories):
                out[name] = column.cat.rename_categories(categories)
                continue
            column = column.astype(object)
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            values = column.to_numpy(dtype=object)
            first = pd.Series(values).map(lambda v: v.lstrip(" \t\r\n")[:1] if isinstance(v, str) else "")
            maybe = first.isin(("=", "@", "+", "-")).to_numpy()
            if maybe.any():
                values = values.copy()
                for i in maybe.nonzero()[0]:
                    values[i] = neutralise(values[i])
            out[name] = pd.Series(values, index=out.index, dtype=object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out
