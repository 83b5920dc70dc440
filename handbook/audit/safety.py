"""Reports that are safe to open in Excel: text cells cannot start a formula (CSV/formula injection).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a
leading apostrophe (``'=HYPERLINK(...)``), in CSV and in XLSX alike, so a spreadsheet shows it as text
and never evaluates it. Numbers stay numbers (a negative *number* is not text and is left alone).
The order ids, product ids and rejected values come from the export, which anyone could have typed.
"""

from __future__ import annotations

import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"


def neutralise(value: object) -> object:
    """One cell: text that would start a formula gets a leading apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return PREFIX + value
    return value


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
            first = pd.Series(values).map(lambda v: v[:1] if isinstance(v, str) else "")
            bad = first.isin(DANGEROUS).to_numpy()
            if bad.any():
                values = values.copy()
                values[bad] = [PREFIX + v for v in values[bad]]
            out[name] = pd.Series(values, index=out.index, dtype=object)
    neutral_headers = [neutralise(str(c)) for c in out.columns]
    out.columns = neutral_headers
    return out
