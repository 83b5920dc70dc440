"""Reading an order export (CSV or XLSX) in chunks of text, with the line number of every row.

- CSV encodings: UTF-8 with a byte-order mark (as Excel saves "CSV UTF-8"), plain UTF-8, and GB18030
  (what Chinese back offices and a Chinese Excel save; it includes GBK and GB2312). Detection: a BOM
  means UTF-8 with BOM; otherwise the whole file is tried as UTF-8, then as GB18030; anything else needs
  an explicit `encoding`. Pure ASCII files are UTF-8.
- XLSX: the first sheet (or the one named), read with openpyxl; cell values become the text a CSV of
  the same sheet would hold (dates and times in ISO form, whole numbers without ".0").
- Every value is read as text; `handbook.audit.validation` decides what it means.
- Line numbers are the ones the user sees: the header is line 1; in a CSV a quoted cell that spans
  several lines moves the following rows down; in XLSX it is the sheet's row number.
- A CSV row with more cells than the header cannot be split into fields: it is reported as rejected
  ("wrong number of cells"), never dropped silently. A row with fewer cells reads the missing ones as blank.

The file is only ever opened for reading.
"""

from __future__ import annotations

import codecs
import csv
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from handbook.audit.columns import Field, resolve
from handbook.errors import PolicyInputError

ENCODING_ACCEPTED = "utf-8, utf-8-sig (UTF-8 with BOM) or gb18030 (also reads GBK/GB2312); or any Python codec name"
CHUNK_ROWS = 50_000
_BLOCK = 1 << 20


@dataclass
class Scan:
    """What one pass over the bytes tells: encoding, line count, size."""

    encoding: str
    newlines: int
    size: int
    ends_with_newline: bool


def scan(path: Path, encoding: str | None = None) -> Scan:
    """Detect the encoding (unless given) and count newlines, reading the file once in blocks."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(4)
    if encoding is None:
        if head.startswith(codecs.BOM_UTF8):
            candidates = ["utf-8-sig"]
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            candidates = ["utf-16"]
        else:
            candidates = ["utf-8", "gb18030"]
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise PolicyInputError("encoding", encoding, ENCODING_ACCEPTED, reason="unknown encoding") from None
        candidates = [encoding]
    decoders = {name: codecs.getincrementaldecoder(name)() for name in candidates}
    # Decoding is checked until the evidence decides: ASCII blocks fit every candidate and are only
    # counted; after the first block with non-ASCII bytes that exactly one candidate decodes, the rest
    # is not decoded here (a bad byte further on still stops the read with a clear message).
    newlines, last, decided = 0, b"", len(decoders) == 1
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            newlines += block.count(b"\n")
            last = block[-1:]
            if decided or (block.isascii() and not any(d.getstate()[0] for d in decoders.values())):
                continue
            for name in list(decoders):
                try:
                    decoders[name].decode(block)
                except UnicodeDecodeError:
                    del decoders[name]
            decided = len(decoders) <= 1
    if not decided:
        for name in list(decoders):
            try:
                decoders[name].decode(b"", final=True)
            except UnicodeDecodeError:
                del decoders[name]
    if not decoders:
        tried = ", ".join(candidates)
        raise PolicyInputError("encoding", encoding or "detected", ENCODING_ACCEPTED,
                               reason=f"the file is not valid {tried}; pass --encoding")
    return Scan(next(iter(decoders)), newlines, size, last == b"\n")


@dataclass
class RawChunk:
    """Text cells of some rows, columns named by field, with each row's position among the rows read."""

    frame: pd.DataFrame
    positions: np.ndarray   # 0-based index of the row among all rows read (header excluded)
    lines: np.ndarray | None = None  # filled for XLSX; for CSV `Source.lines()` maps positions


@dataclass
class Source:
    """An export opened for reading: its format, encoding, headers and where each field is."""

    path: Path
    fields: tuple[Field, ...]
    overrides: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    sheet: str | None = None
    format: str = ""
    headers: list[str] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    estimated_rows: int = 0
    size: int = 0
    rows: int = 0
    broken: list[tuple[int, str]] = field(default_factory=list)   # (line, reason) of unsplittable rows
    _scan: Scan | None = None
    _csv_positions: list[int] = field(default_factory=list)       # record index of each broken CSV row

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if not self.path.is_file():
            raise PolicyInputError("orders", str(self.path), "an existing CSV or XLSX file", reason="no such file")
        self.size = self.path.stat().st_size
        with self.path.open("rb") as handle:
            magic = handle.read(4)
        if magic == b"PK\x03\x04" or self.path.suffix.lower() in (".xlsx", ".xlsm"):
            self.format = "xlsx"
            self._open_xlsx()
        else:
            self.format = "csv"
            self._open_csv()
        self.columns = resolve(self.headers, self.fields, self.overrides)

    # --- CSV -------------------------------------------------------------------------------------
    def _open_csv(self) -> None:
        self._scan = scan(self.path, self.encoding)
        self.encoding = self._scan.encoding
        try:
            header = pd.read_csv(self.path, encoding=self.encoding, dtype=str, nrows=0, engine="c")
        except pd.errors.EmptyDataError:
            raise PolicyInputError("orders", str(self.path), "a CSV file with a header row", reason="empty file") from None
        except UnicodeDecodeError as exc:
            raise PolicyInputError("encoding", self.encoding, ENCODING_ACCEPTED,
                                   reason=f"the file is not valid {self.encoding}: {exc.reason}") from None
        self.headers = [str(h) for h in header.columns]
        self.estimated_rows = max(self._scan.newlines - 1, 0)

    def _csv_chunks(self, chunk_rows: int) -> Iterator[RawChunk]:
        names = [f.name for f in self.fields]
        wanted = [self.columns[n] for n in names]
        # Every column is parsed (no `usecols`): with `usecols` pandas silently cuts a row that has
        # more cells than the header, and such a row (an unquoted comma) has its cells shifted.
        chunk_rows = min(chunk_rows, max(5_000, 300_000 // max(len(self.headers), 1)))
        seen = 0
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            reader = pd.read_csv(
                self.path, encoding=self.encoding, dtype=str, engine="c", na_filter=False,
                keep_default_na=False, skip_blank_lines=False, on_bad_lines="warn", index_col=False,
                chunksize=chunk_rows,
            )
            with reader:
                for chunk in reader:
                    frame = pd.DataFrame({n: chunk.iloc[:, i].to_numpy() for n, i in zip(names, wanted)})
                    n = len(frame)
                    yield RawChunk(frame, np.arange(seen, seen + n))
                    seen += n
            for warning in caught:
                message = str(warning.message)
                for part in message.strip().splitlines():
                    if part.startswith("Skipping line"):
                        number, _, detail = part.removeprefix("Skipping line ").partition(":")
                        self.broken.append((int(number), "wrong number of cells:" + detail.rstrip(".")))
        self.rows = seen

    def lines(self, positions: np.ndarray) -> np.ndarray:
        """The line number (header = 1) of the rows at `positions`."""
        if self.format == "xlsx":
            return positions + 2 if self._xlsx_lines is None else self._xlsx_lines[positions]
        return self._csv_line_map()[positions]

    _line_map: np.ndarray | None = None
    _xlsx_lines: np.ndarray | None = None

    def _csv_line_map(self) -> np.ndarray:
        if self._line_map is not None:
            return self._line_map
        assert self._scan is not None
        records = 1 + self.rows + len(self.broken)
        physical = self._scan.newlines + (0 if self._scan.ends_with_newline or self._scan.size == 0 else 1)
        if physical == records:
            # One record per line: row k is on line k + 2, shifted down by each broken line above it.
            lines = np.arange(self.rows, dtype=np.int64) + 2
            for broken_line in sorted(line for line, _ in self.broken):
                lines[np.searchsorted(lines, broken_line):] += 1
        else:
            lines = self._csv_lines_slow()
        self._line_map = lines
        return lines

    def _csv_lines_slow(self) -> np.ndarray:
        """Quoted cells span lines: walk the records with the csv module to find each one's first line."""
        starts, broken = [], []
        width = len(self.headers)
        with self.path.open(encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            start = reader.line_num + 1
            for record in reader:
                if len(record) > width:
                    broken.append((start, f"wrong number of cells: expected {width} fields, saw {len(record)}"))
                else:
                    starts.append(start)
                start = reader.line_num + 1
        self.broken = broken
        if len(starts) != self.rows:  # the two readers disagree: fall back to counting records
            return np.arange(self.rows, dtype=np.int64) + 2
        return np.asarray(starts, dtype=np.int64)

    # --- XLSX ------------------------------------------------------------------------------------
    def _open_xlsx(self) -> None:
        import openpyxl

        try:
            self._book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
            raise PolicyInputError("orders", str(self.path), "a CSV file or an .xlsx workbook",
                                   reason=f"cannot open as XLSX: {exc}") from None
        if self.sheet is None:
            self._sheet = self._book.worksheets[0]
        elif self.sheet in self._book.sheetnames:
            self._sheet = self._book[self.sheet]
        else:
            raise PolicyInputError("sheet", self.sheet, "one of " + ", ".join(map(repr, self._book.sheetnames)))
        first = next(self._sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        while first and first[-1] is None:
            first = first[:-1]
        if not first:
            raise PolicyInputError("orders", str(self.path), "a sheet whose first row holds the headers",
                                   reason="the first row is empty")
        self.headers = [cell_text(h) for h in first]
        self.encoding = "xlsx"
        self.estimated_rows = max((self._sheet.max_row or 1) - 1, 0)

    def _xlsx_chunks(self, chunk_rows: int) -> Iterator[RawChunk]:
        names = [f.name for f in self.fields]
        index = [self.columns[n] for n in names]
        buffer: list[list[str]] = []
        numbers: list[int] = []
        seen = 0
        all_lines: list[np.ndarray] = []

        def flush() -> RawChunk:
            frame = pd.DataFrame(buffer, columns=names, dtype=str)
            lines = np.asarray(numbers, dtype=np.int64)
            all_lines.append(lines)
            return RawChunk(frame, np.arange(seen, seen + len(buffer)), lines)

        for number, row in enumerate(self._sheet.iter_rows(min_row=2, values_only=True), start=2):
            buffer.append([cell_text(row[i]) if i < len(row) else "" for i in index])
            numbers.append(number)
            if len(buffer) >= chunk_rows:
                yield flush()
                seen += len(buffer)
                buffer, numbers = [], []
        if buffer:
            yield flush()
            seen += len(buffer)
        self.rows = seen
        self._xlsx_lines = np.concatenate(all_lines) if all_lines else np.zeros(0, dtype=np.int64)
        self._book.close()

    # --- both ------------------------------------------------------------------------------------
    def chunks(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[RawChunk]:
        """The rows as text, `chunk_rows` at a time."""
        if self.format == "xlsx":
            yield from self._xlsx_chunks(chunk_rows)
        else:
            try:
                yield from self._csv_chunks(chunk_rows)
            except UnicodeDecodeError as exc:
                raise PolicyInputError("encoding", self.encoding, ENCODING_ACCEPTED,
                                       reason=f"the file is not valid {self.encoding}: {exc.reason}") from None
            except pd.errors.ParserError as exc:
                raise PolicyInputError("orders", str(self.path), "a well-formed CSV file",
                                       reason=f"cannot be split into cells: {exc}") from None


def cell_text(value: object) -> str:
    """An XLSX cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Excel keeps 15 significant digits: 0.1 + 0.2 is stored as 0.30000000000000004 but shown as 0.3
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".15g")
    return str(value)
