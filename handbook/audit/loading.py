"""Load an export: read it in chunks, validate every row, keep the good rows compact, list the rejects.

`load(path, fields, ...)` returns a `Loaded`: the accepted orders as a DataFrame of typed columns (plus
the `line` each came from), the rejects (line, field, value, reason), the rows skipped because the
rule does not apply to them (with the reason), and the counts that must add up:
``rows_read == accepted + rejected + skipped + empty``. Nothing is dropped silently.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from handbook.audit import validation as v
from handbook.audit.columns import Field
from handbook.audit.reading import CHUNK_ROWS, LIMITS, Limits, Source

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
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"line": [], "reason": []}))

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

    @property
    def skipped_counts(self) -> dict[str, int]:
        """Rows skipped because the rule does not apply to them, by reason (most frequent first)."""
        return dict(Counter(self.skipped["reason"]).most_common())


def read_step(loaded: Loaded) -> str:
    """The explanation step that says what was read: rows, accepted, rejected, skipped, empty."""
    skipped = "".join(f", {n:,} skipped ({reason})" for reason, n in loaded.skipped_counts.items())
    where = "" if loaded.source.header_line == 1 else f" (header on line {loaded.source.header_line})"
    return (f"Read {loaded.rows_read:,} rows from {loaded.source.path.name}{where}: {loaded.accepted:,} accepted, "
            f"{loaded.rejected:,} rejected{skipped}, {loaded.empty:,} empty (skipped).")


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
         chunk_rows: int = CHUNK_ROWS, keep_order_ids: bool = True, skip: v.Skip | None = None,
         limits: Limits = LIMITS) -> Loaded:
    """Read and validate an export (see the module docstring). `progress=None`: only for large inputs.

    `keep_order_ids=False` checks the order ids (blank, duplicated) but does not keep them in `orders`
    (about 70 MB per million rows): for audits whose report never shows them. `skip`: see
    `validation.check`.
    """
    source = Source(Path(path), fields, dict(overrides or {}), encoding=encoding, sheet=sheet, limits=limits)
    present = tuple(f for f in fields if f.name in source.columns)
    show = source.estimated_rows > PROGRESS_ABOVE if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=source.estimated_rows, unit=" rows", unit_scale=True, file=sys.stderr,
                   desc=f"reading {source.path.name}", leave=False)

    id_fields = [f.name for f in present if f.kind == "id" and f.name != "order_id"]
    coders = {name: _Ids() for name in id_fields}
    kept: dict[str, list[np.ndarray]] = {f.name: [] for f in present}
    kept_lines: list[np.ndarray] = []
    all_hashes, all_ids, all_id_lines = [], [], []
    problems: list[pd.DataFrame] = []
    empty_lines: list[int] = []
    skipped_lines: list[np.ndarray] = []
    skipped_reasons: list[np.ndarray] = []

    for chunk in source.chunks(chunk_rows):
        empty_lines += chunk.empty
        if chunk.problems:
            problems.append(pd.DataFrame(chunk.problems, columns=["position", "field", "value", "reason"]))
        if len(chunk.frame) == 0:
            if bar is not None:
                bar.update(len(chunk.problems) + len(chunk.empty))
            continue
        checked = v.check(chunk.frame, present, chunk.lines, skip=skip)
        problems.append(checked.problems)
        empty_lines += chunk.lines[checked.empty].tolist()
        is_skipped = np.not_equal(checked.skipped, None)
        if is_skipped.any():
            skipped_lines.append(chunk.lines[is_skipped])
            skipped_reasons.append(checked.skipped[is_skipped])
        # Order ids of every audited row take part in the duplicate check.
        with_id = ~checked.empty & ~is_skipped & (checked.columns["order_id"] != "")
        ids = checked.columns["order_id"][with_id]
        all_hashes.append(v.id_hashes(ids))
        all_ids.append(v.compact_ids(ids))  # compact copy, only to confirm hash duplicates
        all_id_lines.append(chunk.lines[with_id])
        good = checked.good
        kept_lines.append(chunk.lines[good])
        for f in present:
            values = checked.columns[f.name][good]
            if f.name in coders:
                values = coders[f.name].encode(values)
            elif f.name == "order_id" and not keep_order_ids:
                continue
            elif f.kind == "date":
                values = values.astype(np.int32)
            kept[f.name].append(values)
        if bar is not None:
            bar.update(len(chunk.frame) + len(chunk.problems) + len(chunk.empty))
    if bar is not None:
        bar.close()

    # Concatenate part lists one at a time, emptying each list, so no column is held twice for long.
    lines = _take_all(kept_lines, np.int64)
    problem_frame = pd.concat(problems, ignore_index=True) if problems else v.empty_problems()
    problems.clear()

    # Duplicated order ids: every row after the first with the same id is rejected.
    hashes, id_lines = _take_all(all_hashes, np.uint64), _take_all(all_id_lines, np.int64)
    ids = _Chunked(all_ids)
    first = v.first_occurrences(hashes, ids)
    del hashes
    duplicate = np.flatnonzero(first != np.arange(len(first)))

    keep = None
    if len(duplicate):
        dup_rows = pd.DataFrame({
            "position": id_lines[duplicate], "field": "order_id",
            "value": [ids[i].decode("utf-8", "surrogatepass") for i in duplicate],
            "reason": [f"duplicated order_id (first on line {n})" for n in id_lines[first[duplicate]]],
        })
        problem_frame = pd.concat([problem_frame, dup_rows], ignore_index=True)
        keep = ~np.isin(lines, id_lines[duplicate])
        lines = lines[keep]
    del ids, id_lines, first

    orders = pd.DataFrame({"line": lines})
    del lines
    for f in present:
        if f.name == "order_id" and not keep_order_ids:
            continue
        values = _take_all(kept[f.name], None) if kept[f.name] else np.zeros(0)
        if keep is not None:
            values = values[keep]
        if f.name in coders:
            values = coders[f.name].categorical(values)
        elif f.kind in ("id", "text", "status", "reason"):
            values = values.astype(object)
        elif f.kind == "date":
            days = values.astype(np.int64)
            values = days.astype("datetime64[D]").astype("datetime64[s]")
            values[days == v.NO_DATE] = np.datetime64("NaT")
        elif f.kind == "money":
            orders[f.name + "_fen"] = values.astype(np.int64)
            continue
        orders[f.name] = values

    rejects = pd.DataFrame({
        "line": problem_frame["position"].to_numpy(dtype=np.int64),
        "field": problem_frame["field"].to_numpy(dtype=object),
        "value": problem_frame["value"].to_numpy(dtype=object),
        "reason": problem_frame["reason"].to_numpy(dtype=object),
    })
    rejects = with_headers(rejects.sort_values("line", kind="stable").reset_index(drop=True), source)
    skipped = pd.DataFrame({"line": _cat(skipped_lines, np.int64),
                            "reason": _cat(skipped_reasons, object).astype(object)})
    return Loaded(source, orders, rejects, source.rows, sorted(empty_lines), skipped)


def with_headers(rejects: pd.DataFrame, source) -> pd.DataFrame:
    """`rejects` with a `column` beside `field`: the column's header as the export has it (e.g. 发货时间 for
    shipped_on), so a person finds the cell in the file; empty for a problem of no single column."""
    headers = {name: source.headers[index] for name, index in source.columns.items() if index < len(source.headers)}
    out = rejects.drop(columns=["column"], errors="ignore")
    out.insert(1, "column", out["field"].map(lambda f: headers.get(f, "")).astype(object))
    return out


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
