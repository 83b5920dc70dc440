"""Load an export: read it in chunks, validate every row, keep the good rows compact, list the rejects.

`load(path, fields, ...)` returns a `Loaded`: the accepted orders as a DataFrame of typed columns (plus
the `line` each came from), the rejects (line, field, value, reason), and the counts that must add up:
``rows_read == accepted + rejected + empty``. Nothing is dropped silently.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from handbook.audit import validation as v
from handbook.audit.columns import Field
from handbook.audit.reading import CHUNK_ROWS, Source

#: Inputs with more rows than this show a progress bar (on stderr) while they load.
PROGRESS_ABOVE = 100_000


@dataclass
class Loaded:
    source: Source
    orders: pd.DataFrame  # accepted rows: `line`, then per field: ids as text (other ids categorical),
    #                       dates as datetime64[s] at midnight, money as int64 fen in `<field>_fen`, flags as bool
    rejects: pd.DataFrame         # line, field, value, reason — one row per problem, by line
    rows_read: int
    empty_lines: list[int] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """Rows rejected (a row with several problems counts once)."""
        return int(self.rejects["line"].nunique())

    @property
    def accepted(self) -> int:
        return len(self.orders)

    @property
    def empty(self) -> int:
        return len(self.empty_lines)


class _Ids:
    """Maps the distinct texts of an id column to small integer codes, chunk after chunk."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def encode(self, values: np.ndarray) -> np.ndarray:
        chunk_codes, uniques = pd.factorize(values)
        mapping = np.array([self.codes.setdefault(u, len(self.codes)) for u in uniques], dtype=np.int32)
        return mapping[chunk_codes] if len(values) else np.zeros(0, dtype=np.int32)

    def categorical(self, codes: np.ndarray) -> pd.Categorical:
        """The codes as a Categorical whose categories are sorted (so groupby sorts ids as text)."""
        names = np.array(list(self.codes), dtype=object)
        if len(names) == 0:
            return pd.Categorical(np.array([], dtype=object))
        order = np.argsort(names, kind="stable")
        rank = np.empty(len(order), dtype=np.int32)
        rank[order] = np.arange(len(order), dtype=np.int32)
        return pd.Categorical.from_codes(rank[codes], categories=names[order])


def load(path: str | Path, fields: tuple[Field, ...], *, overrides: Mapping[str, str] | None = None,
         encoding: str | None = None, sheet: str | None = None, progress: bool | None = None,
         chunk_rows: int = CHUNK_ROWS, keep_order_ids: bool = True) -> Loaded:
    """Read and validate an export (see the module docstring). `progress=None`: only for large inputs.

    `keep_order_ids=False` checks the order ids (blank, duplicated) but does not keep them in `orders`
    (about 70 MB per million rows): for audits whose report never shows them.
    """
    source = Source(Path(path), fields, dict(overrides or {}), encoding=encoding, sheet=sheet)
    show = source.estimated_rows > PROGRESS_ABOVE if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=source.estimated_rows, unit=" rows", unit_scale=True, file=sys.stderr,
                   desc=f"reading {source.path.name}", leave=False)

    id_fields = [f.name for f in fields if f.kind == "id" and f.name != "order_id"]
    coders = {name: _Ids() for name in id_fields}
    kept: dict[str, list[np.ndarray]] = {f.name: [] for f in fields}
    kept_positions: list[np.ndarray] = []
    all_hashes, all_ids, all_positions = [], [], []
    problems: list[pd.DataFrame] = []
    empty_positions: list[np.ndarray] = []
    xlsx_lines: list[np.ndarray] = []

    for chunk in source.chunks(chunk_rows):
        checked = v.check(chunk.frame, fields, chunk.positions)
        problems.append(checked.problems)
        empty_positions.append(chunk.positions[checked.empty])
        if chunk.lines is not None:
            xlsx_lines.append(chunk.lines)
        # Order ids of every non-empty row take part in the duplicate check.
        with_id = ~checked.empty & (checked.columns["order_id"] != "")
        ids = checked.columns["order_id"][with_id]
        all_hashes.append(v.id_hashes(ids))
        all_ids.append(v.compact_ids(ids))  # compact copy, only to confirm hash duplicates
        all_positions.append(chunk.positions[with_id].astype(np.int32))
        good = checked.good
        kept_positions.append(chunk.positions[good].astype(np.int32))
        for f in fields:
            values = checked.columns[f.name][good]
            if f.name in coders:
                values = coders[f.name].encode(values)
            elif f.name == "order_id" and not keep_order_ids:
                continue
            elif f.kind == "date":
                values = values.astype(np.int32)
            kept[f.name].append(values)
        if bar is not None:
            bar.update(len(chunk.frame))
    if bar is not None:
        bar.close()

    # Concatenate part lists one at a time, emptying each list, so no column is held twice for long.
    positions = _take_all(kept_positions, np.int32)
    problem_frame = pd.concat(problems, ignore_index=True) if problems else v.empty_problems()
    problems.clear()

    # Duplicated order ids: every row after the first with the same id is rejected.
    hashes, id_positions = _take_all(all_hashes, np.uint64), _take_all(all_positions, np.int32)
    ids = _Chunked(all_ids)
    first = v.first_occurrences(hashes, ids)
    del hashes
    duplicate = np.flatnonzero(first != np.arange(len(first)))

    def line_of(pos: np.ndarray) -> np.ndarray:
        return source.lines(np.asarray(pos, dtype=np.int64))

    keep = None
    if len(duplicate):
        dup_rows = pd.DataFrame({
            "position": id_positions[duplicate], "field": "order_id",
            "value": [ids[i].decode("utf-8") for i in duplicate],
            "reason": [f"duplicated order_id (first on line {n})" for n in line_of(id_positions[first[duplicate]])],
        })
        problem_frame = pd.concat([problem_frame, dup_rows], ignore_index=True)
        rejected = np.zeros(source.rows, dtype=bool)
        rejected[id_positions[duplicate]] = True
        keep = ~rejected[positions]
        positions = positions[keep]
    del ids, id_positions, first

    orders = pd.DataFrame({"line": line_of(positions)})
    del positions
    for f in fields:
        if f.name == "order_id" and not keep_order_ids:
            continue
        values = _take_all(kept[f.name], None) if kept[f.name] else np.zeros(0)
        if keep is not None:
            values = values[keep]
        if f.name in coders:
            values = coders[f.name].categorical(values)
        elif f.name == "order_id":
            values = values.astype(object)
        elif f.kind == "date":
            values = values.astype(np.int64).astype("datetime64[D]").astype("datetime64[s]")
        elif f.kind == "money":
            orders[f.name + "_fen"] = values.astype(np.int64)
            continue
        orders[f.name] = values

    rejects = pd.DataFrame({
        "line": line_of(problem_frame["position"].to_numpy()),
        "field": problem_frame["field"].to_numpy(dtype=object),
        "value": problem_frame["value"].to_numpy(dtype=object),
        "reason": problem_frame["reason"].to_numpy(dtype=object),
    })
    broken = pd.DataFrame({"line": [line for line, _ in source.broken], "field": "",
                           "value": "", "reason": [reason for _, reason in source.broken]})
    if len(broken):
        rejects = pd.concat([rejects, broken], ignore_index=True)
    rejects = rejects.sort_values("line", kind="stable").reset_index(drop=True)
    empty_lines = sorted(int(x) for x in line_of(_cat(empty_positions, np.int64)))
    rows_read = source.rows + len(source.broken)
    return Loaded(source, orders, rejects, rows_read, empty_lines)


class _Chunked:
    """A list of arrays indexed as if concatenated (without the copy)."""

    def __init__(self, parts: list[np.ndarray]):
        self.parts = parts
        self.ends = np.cumsum([len(p) for p in parts])

    def __getitem__(self, i: int):
        k = int(np.searchsorted(self.ends, i, side="right"))
        return self.parts[k][i - (self.ends[k - 1] if k else 0)]


def _take_all(parts: list[np.ndarray], dtype) -> np.ndarray:
    """Concatenate `parts` and empty the list (the parts are freed as soon as possible)."""
    out = _cat(parts, dtype)
    parts.clear()
    return out


def _cat(parts: list[np.ndarray], dtype) -> np.ndarray:
    if not parts:
        return np.zeros(0, dtype=dtype)
    return np.concatenate(parts)
