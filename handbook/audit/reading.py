"""Reading an export in chunks of text cells, whatever the back office or a spreadsheet made of it.

**Format from the content, never from the name** (`sniff`):

- ``PK\\x03\\x04`` and a ``xl/workbook.xml`` inside: an XLSX workbook (openpyxl, read-only streaming);
- the OLE2 signature ``D0 CF 11 E0``: an old Excel (BIFF, ``.xls``) workbook (xlrd);
- text whose first tag is ``<html`` or ``<table``: an HTML table saved with an ``.xls`` name, as some back
  offices export (lxml; ``rowspan``/``colspan`` expanded);
- any other text: CSV, with the delimiter (``,``, tab, ``;``, ``|``) detected on the header row.
  Encodings: UTF-8 with or without a byte-order mark, GB18030 (includes GBK/GB2312), UTF-16 (with a
  byte-order mark, or without one when every other byte is NUL); or ``encoding=``.
- anything else (binary, a zip that is no workbook, a PDF...) is refused with what is accepted.

**Header row.** Exports often start with a title line (``拼多多订单导出 2026-11-20``). The header is the
first of the first `HEADER_SEARCH` rows in which every required field has a column; `Source.header_line`
says which line it was (1 = the first line) and the summary reports it when it is not line 1.

**Rows and line numbers.** Every row after the header gets the line number an editor shows (HTML: the
table row; XLSX/XLS: the sheet's row number). A CSV row whose cells do not line up with the header (more or fewer cells)
is a reject; extra cells that are all blank (a trailing separator) are tolerated. A row whose every
cell is blank is empty (skipped and counted). Merged cells (XLSX/XLS merges, HTML ``rowspan``) are
filled down with the value of their top cell, as the export meant.

**Two CSV readers, one result.** A text file with no quote character, no control character and no bare
carriage return (most large exports) is split by pandas' C reader, after one pass over the bytes with
numpy that counts each line's cells (so rows that do not line up are still found, with their line);
any other text file by the csv module, record by record. A property test holds the two to the same
result on generated files.

**Values** are read as text (`handbook.audit.validation` decides what they mean), except that a number
cell of a workbook in a date column is a spreadsheet date serial and is read as that date.

**Limits** (`Limits`): a cell longer than `cell_chars` makes its row a reject (the rejects file shows
its start and length); more than `rows` rows, a workbook that unpacks to more than `uncompressed` bytes
(or more than `ratio` times its size: a zip bomb), or an XLS/HTML file above `whole_file` bytes (those are
parsed whole) are clear errors. Memory grows with the file, not with its widest cell.

The file is only ever opened for reading.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from handbook.audit.columns import Field, find_header, resolve
from handbook.errors import PolicyInputError

ENCODING_ACCEPTED = ("utf-8, utf-8-sig (UTF-8 with BOM), gb18030 (also reads GBK/GB2312) or utf-16; "
                     "or any Python codec name")
FORMAT_ACCEPTED = "a CSV or tab-separated text file, an .xlsx or old .xls workbook, or an HTML table saved as .xls"
CHUNK_ROWS = 50_000
HEADER_SEARCH = 30
DELIMITERS = (",", "\t", ";", "|")
_BLOCK = 1 << 20
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SHOWN_CHARS = 200  # of an over-long cell, the rejects file shows this many characters and the length


@dataclass(frozen=True)
class Limits:
    """What an export may be; beyond it, a row is a reject (`cell_chars`) or the file is refused."""

    cell_chars: int = 4_096
    rows: int = 5_000_000
    uncompressed: int = 2 << 30     # bytes a workbook may unpack to
    ratio: int = 200                # ... and at most this many times its own size
    whole_file: int = 64 << 20      # XLS and HTML are parsed whole: at most this many bytes


LIMITS = Limits()


def _refuse(path: Path, accepted: str, reason: str) -> PolicyInputError:
    return PolicyInputError("orders", str(path), accepted, reason=reason)


# --- format -------------------------------------------------------------------------------------------------

def sniff(path: Path) -> str:
    """"xlsx", "xls", "html" or "text" from the first bytes (see the module docstring)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise _refuse(path, "a file with a header row", "empty file")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(_OLE2):
        return "xls"
    probe = head
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            probe = head[len(bom):].decode(name, "ignore").encode("utf-8", "ignore")
            break
    start = probe.lstrip()[:512].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta", b"<head", b"<body", b"<style")):
        if start.startswith(b"<?xml") and b"<table" not in head.lower() and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise _refuse(path, FORMAT_ACCEPTED, "an XML Spreadsheet 2003 file: save it as .xlsx or CSV")
        return "html"
    if head.startswith(b"%PDF"):
        raise _refuse(path, FORMAT_ACCEPTED, "a PDF file: export the orders as CSV or Excel")
    return "text"


# --- encodings ----------------------------------------------------------------------------------------------

@dataclass
class Scan:
    """What one pass over the bytes tells: encoding, line count, size, control characters."""

    encoding: str
    newlines: int
    size: int
    ends_with_newline: bool
    controls: bool = False
    quotes: bool = True        # a quote character somewhere (cells may then span lines)
    bare_cr: bool = True       # a carriage return not followed by a line feed (old Mac line ends)


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of `head` is NUL (text in UTF-16 without a BOM)."""
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    for name, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        # ASCII characters (digits, separators, line ends) have a NUL high byte; CJK ones have none
        if nuls.count(0) >= 0.2 * len(nuls) and others.count(0) == 0:
            try:
                head.decode(name)
            except UnicodeDecodeError:
                continue
            return name
    return None


def scan(path: Path, encoding: str | None = None) -> Scan:
    """Detect the encoding (unless given) and count newlines, reading the file once in blocks."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(4096)
    if encoding is None:
        if head.startswith(codecs.BOM_UTF8):
            candidates = ["utf-8-sig"]
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            candidates = ["utf-16"]
        elif (wide := _utf16_without_bom(head)) is not None:
            candidates = [wide]
        else:
            candidates = ["utf-8", "gb18030"]
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise PolicyInputError("encoding", encoding, ENCODING_ACCEPTED, reason="unknown encoding") from None
        candidates = [encoding]
    wide = any(codecs.lookup(c).name.startswith("utf-16") or codecs.lookup(c).name.startswith("utf-32")
               for c in candidates)
    decoders = {name: codecs.getincrementaldecoder(name)() for name in candidates}
    # Decoding is checked until the evidence decides: ASCII blocks fit every candidate and are only
    # counted; after the first block with non-ASCII bytes that exactly one candidate decodes, the rest
    # is not decoded here (a bad byte further on still stops the read with a clear message).
    newlines, last, decided, controls, quotes, bare_cr = 0, b"", len(decoders) == 1, False, False, False
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            newlines += block.count(b"\n")
            last = block[-1:]
            quotes = quotes or b'"' in block
            bare_cr = bare_cr or block.count(b"\r") != block.count(b"\r\n")
            if not wide and not controls and _CONTROL_BYTES.search(block):
                controls = True
            if decided and not wide:
                continue
            if not decided and block.isascii() and not any(d.getstate()[0] for d in decoders.values()):
                continue
            for name in list(decoders):
                try:
                    text = decoders[name].decode(block)
                except UnicodeDecodeError:
                    del decoders[name]
                    continue
                if wide and not controls and _CONTROL.search(text):
                    controls = True
            decided = len(decoders) <= 1
    if not decided or wide:
        for name in list(decoders):
            try:
                decoders[name].decode(b"", final=True)
            except UnicodeDecodeError:
                del decoders[name]
    if not decoders:
        tried = ", ".join(candidates)
        if encoding is None and head.count(0) > len(head) // 10:
            raise _refuse(path, FORMAT_ACCEPTED, "not a text file, and not a workbook either")
        raise PolicyInputError("encoding", encoding or "detected", ENCODING_ACCEPTED,
                               reason=f"the file is not valid {tried}; pass --encoding")
    if wide:
        newlines = -1  # counted on the decoded text instead
    return Scan(next(iter(decoders)), newlines, size, last == b"\n", controls, quotes or wide, bare_cr or wide)


# --- rows ---------------------------------------------------------------------------------------------------

@dataclass
class RawChunk:
    """Text cells of some rows (columns named by field), the line of each, and the rows refused on reading."""

    frame: pd.DataFrame
    lines: np.ndarray                                   # int64 line number of each row of `frame`
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)   # line, field, value, reason
    empty: list[int] = field(default_factory=list)      # lines of rows whose every cell is blank


def shown(value: str, limit: int) -> str:
    """How the rejects file shows a cell of `value`: whole, or its start and length when over `limit`."""
    if len(value) <= limit:
        return value
    return f"{value[:SHOWN_CHARS]}… ({len(value):,} characters)"


class Source:
    """An export opened for reading: its format, encoding, header line and where each field is."""

    def __init__(self, path: str | Path, fields: tuple[Field, ...], overrides: dict[str, str] | None = None, *,
                 encoding: str | None = None, sheet: str | None = None, limits: Limits = LIMITS):
        self.path = Path(path)
        self.fields = fields
        self.overrides = dict(overrides or {})
        self.encoding = encoding
        self.sheet = sheet
        self.limits = limits
        self.delimiter = ","
        self.headers: list[str] = []
        self.header_line = 1
        self.columns: dict[str, int] = {}
        self.estimated_rows = 0
        self.rows = 0            # rows after the header (empty and refused ones included), set by chunks()
        self.controls = True     # whether cells may hold control characters (checked per cell if so)
        try:
            if not self.path.is_file():
                raise _refuse(self.path, "an existing CSV, XLSX or XLS file",
                              "a folder, not a file" if self.path.is_dir() else "no such file")
            self.size = self.path.stat().st_size
            self.format = sniff(self.path)
            opener = {"xlsx": self._open_xlsx, "xls": self._open_xls, "html": self._open_html,
                      "text": self._open_csv}[self.format]
            opener()
        except OSError as exc:
            raise _refuse(self.path, "a readable file", f"cannot read it: {exc.strerror or exc}") from None
        if self.format == "text":
            self.format = "tsv" if self.delimiter == "\t" else "csv"

    # --- header ---------------------------------------------------------------------------------------------
    def _find_header(self, rows: list[tuple[int, list[str]]]) -> int:
        """Pick the header among the first rows; returns its index in `rows`. Sets headers/columns."""
        index = find_header([cells for _, cells in rows], self.fields, self.overrides)
        if index is None:  # no row has every required column: report against the best candidate
            index = next((i for i, (_, cells) in enumerate(rows) if any(c.strip() for c in cells)), None)
            if index is None:
                raise _refuse(self.path, "a file with a header row", "no header row: the first rows are empty")
        line, cells = rows[index]
        self.headers = [str(c) for c in cells]
        self.header_line = line
        self.columns = resolve(self.headers, self.fields, self.overrides, line=line)
        return index

    # --- CSV ------------------------------------------------------------------------------------------------
    def _open_csv(self) -> None:
        self._scan = scan(self.path, self.encoding)
        self.encoding = self._scan.encoding
        self.controls = self._scan.controls
        sample = self._text_sample()
        if not sample.strip():
            raise _refuse(self.path, "a CSV file with a header row", "empty file")
        best = None
        for delimiter in DELIMITERS:
            rows = _sample_rows(sample, delimiter)
            index = find_header([cells for _, cells in rows], self.fields, self.overrides)
            if index is not None:
                width = len(rows[index][1])
                if best is None or width > best[2]:
                    best = (delimiter, rows, width)
        if best is None:  # no delimiter gives every required column: explain with the comma reading
            rows = _sample_rows(sample, self._likely_delimiter(sample))
            self.delimiter = self._likely_delimiter(sample)
        else:
            self.delimiter, rows, _ = best
        self._header_index = self._find_header(rows)
        lines = self._scan.newlines if self._scan.newlines >= 0 else sample.count("\n")
        self.estimated_rows = max(lines - self.header_line, 0)

    def _text_sample(self, size: int = 1 << 16) -> str:
        try:
            with self.path.open(encoding=self.encoding, newline="") as handle:
                return handle.read(size)
        except UnicodeDecodeError as exc:
            raise PolicyInputError("encoding", self.encoding, ENCODING_ACCEPTED,
                                   reason=f"the file is not valid {self.encoding}: {exc.reason}") from None

    @staticmethod
    def _likely_delimiter(sample: str) -> str:
        first = next((line for line in sample.splitlines() if line.strip()), "")
        return max(DELIMITERS, key=lambda d: (first.count(d), d == ","))

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        """(first line, cells) of every record after the header."""
        # A cell may be as long as the file (it is then a reject, see Limits.cell_chars): the csv module's
        # own limit (128 KiB) would stop the whole read on it.
        csv.field_size_limit(max(csv.field_size_limit(), min(self.size + 1, 2**31 - 1)))
        with self.path.open(encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter, strict=True)
            start = 1
            try:
                for index, record in enumerate(reader):
                    if index > self._header_index:
                        yield start, record
                    start = reader.line_num + 1
            except csv.Error as exc:
                message = str(exc)
                if "unexpected end of data" in message or "EOF" in message:
                    raise _refuse(self.path, "a well-formed CSV file",
                                  f"line {start}: a quote (\") opens a cell that never closes") from None
                raise _refuse(self.path, "a well-formed CSV file",
                              f"line {reader.line_num}: cannot be split into cells ({message})") from None
            except UnicodeDecodeError as exc:
                raise PolicyInputError("encoding", self.encoding, ENCODING_ACCEPTED,
                                       reason=f"the file is not valid {self.encoding} (after line {start}): "
                                              f"{exc.reason}") from None

    # --- XLSX -----------------------------------------------------------------------------------------------
    def _open_xlsx(self) -> None:
        import openpyxl

        self._check_zip()
        self._handle = self.path.open("rb")   # a file object: openpyxl then does not judge by the name
        try:
            self._book = openpyxl.load_workbook(self._handle, read_only=True, data_only=True)
        except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
            self._handle.close()
            raise _refuse(self.path, FORMAT_ACCEPTED, f"cannot open as XLSX: {type(exc).__name__}: {exc}") from None
        if self.sheet is not None and self.sheet not in self._book.sheetnames:
            raise PolicyInputError("sheet", self.sheet, "one of " + ", ".join(map(repr, self._book.sheetnames)))
        self.encoding = "xlsx"
        self._epoch = self._book.epoch
        named = [self._book[self.sheet]] if self.sheet is not None else list(self._book.worksheets)
        first = None
        for sheet in named:  # without --sheet: the first sheet whose header has every required column
            opened = self._xlsx_header_rows(sheet)
            first = first or opened
            if self.sheet is not None or find_header([c for _, c in opened[1]], self.fields, self.overrides) is not None:
                break
        else:
            opened = first  # none has them: report against the first sheet, naming the others
        self._sheet, rows, declared = opened[0], opened[1], opened[2]
        self._merges = opened[3]
        self._header_index = self._with_sheets(rows, self._book.sheetnames, self._sheet.title)
        self.estimated_rows = max(declared - self.header_line, 0)

    def _xlsx_header_rows(self, sheet):
        """(sheet, its first rows as text, its declared row count, its merges)."""
        merges = _xlsx_merges(self.path, sheet)
        try:
            declared = sheet.max_row or 0
        except Exception:
            declared = 0
        sheet.reset_dimensions()  # a bogus <dimension> must not pad every row to 16,384 cells
        rows, values = [], {}
        for number, row in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH, values_only=True), start=1):
            rows.append((number, [cell_text(v) for v in merges.fill(number, list(row), values)]))
        return sheet, rows, declared, merges

    def _with_sheets(self, rows: list[tuple[int, list[str]]], names: list[str], chosen: str) -> int:
        """`_find_header`, and when it fails in a workbook of several sheets, say which sheets there are."""
        try:
            return self._find_header(rows)
        except PolicyInputError as exc:
            others = [n for n in names if n != chosen]
            if self.sheet is not None or not others:
                raise
            hint = (f"; the workbook's first sheet, {chosen!r}, was read, and no other sheet has these columns "
                    f"either ({', '.join(map(repr, others))}): choose one with --sheet NAME")
            raise PolicyInputError(exc.field, exc.value, exc.accepted + hint, reason=exc.reason) from None

    def _check_zip(self) -> None:
        try:
            with zipfile.ZipFile(self.path) as archive:
                infos = archive.infolist()
                names = {i.filename for i in infos}
        except (zipfile.BadZipFile, ValueError, NotImplementedError) as exc:
            raise _refuse(self.path, FORMAT_ACCEPTED, f"cannot open as XLSX: {exc}") from None
        if "xl/workbook.xml" not in names:
            what = "an OpenDocument spreadsheet: save it as .xlsx" if "content.xml" in names else "a zip archive, not an .xlsx workbook"
            raise _refuse(self.path, FORMAT_ACCEPTED, what)
        unpacked = sum(i.file_size for i in infos)
        limit = min(self.limits.uncompressed, max(self.size, 1 << 16) * self.limits.ratio)
        if unpacked > limit:
            raise _refuse(self.path, f"a workbook that unpacks to at most {limit:,} bytes",
                          f"it unpacks to {unpacked:,} bytes ({unpacked / max(self.size, 1):,.0f} times its size)")


    def _xlsx_rows(self) -> Iterator[tuple[int, list[object]]]:
        merges, values = self._merges, {}
        try:
            for number, row in enumerate(self._sheet.iter_rows(values_only=True), start=1):
                cells = merges.fill(number, list(row), values) if merges.covered else row
                if number > self.header_line:
                    yield number, cells
        except PolicyInputError:
            raise
        except Exception as exc:  # a damaged sheet part
            raise _refuse(self.path, FORMAT_ACCEPTED, f"the sheet cannot be read: {type(exc).__name__}: {exc}") from None
        finally:
            self._book.close()
            self._handle.close()

    # --- XLS (old Excel) ------------------------------------------------------------------------------------
    def _open_xls(self) -> None:
        import xlrd

        if self.size > self.limits.whole_file:
            raise _refuse(self.path, f"an .xls file of at most {self.limits.whole_file:,} bytes (or save it as .xlsx/CSV)",
                          "too large")
        try:
            book = xlrd.open_workbook(str(self.path), formatting_info=True, on_demand=True)
        except Exception:
            try:
                book = xlrd.open_workbook(str(self.path), on_demand=True)
            except Exception as exc:
                raise _refuse(self.path, FORMAT_ACCEPTED,
                              f"an old-format Excel file that cannot be read ({exc}): save it as .xlsx or CSV") from None
        names = book.sheet_names()
        if self.sheet is not None and self.sheet not in names:
            raise PolicyInputError("sheet", self.sheet, "one of " + ", ".join(map(repr, names)))
        self.encoding = "xls"
        candidates = [self.sheet] if self.sheet is not None else names
        first = None
        for name in candidates:  # without --sheet: the first sheet whose header has every required column
            sheet = book.sheet_by_name(name)
            self._xls = (book, sheet)
            merged = {}
            for r0, r1, c0, c1 in getattr(sheet, "merged_cells", ()) or ():
                for r in range(r0, r1):
                    for c in range(c0, c1):
                        if (r, c) != (r0, c0):
                            merged[(r, c)] = (r0, c0)
            self._xls_merged = merged
            rows = [(r + 1, [cell_text(v) for v in self._xls_row(r)]) for r in range(min(sheet.nrows, HEADER_SEARCH))]
            first = first or (sheet, merged, rows)
            if self.sheet is not None or find_header([c for _, c in rows], self.fields, self.overrides) is not None:
                break
        else:
            sheet, self._xls_merged, rows = first
            self._xls = (book, sheet)
        self._header_index = self._with_sheets(rows, names, sheet.name)
        self.estimated_rows = max(sheet.nrows - self.header_line, 0)

    def _xls_row(self, r: int) -> list[object]:
        import xlrd

        book, sheet = self._xls
        out = []
        for c in range(sheet.ncols):
            rr, cc = self._xls_merged.get((r, c), (r, c))
            cell = sheet.cell(rr, cc)
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    out.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                except Exception:
                    out.append(cell.value)
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                out.append(None)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                out.append(bool(cell.value))
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                out.append(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
            else:
                out.append(cell.value)
        while out and out[-1] is None:
            out.pop()
        return out

    def _xls_rows(self) -> Iterator[tuple[int, list[object]]]:
        _, sheet = self._xls
        for r in range(self.header_line, sheet.nrows):
            yield r + 1, self._xls_row(r)

    # --- HTML table -----------------------------------------------------------------------------------------
    def _open_html(self) -> None:
        if self.size > self.limits.whole_file:
            raise _refuse(self.path, f"an HTML export of at most {self.limits.whole_file:,} bytes", "too large")
        rows = [(line, cells) for line, cells in _html_rows(self.path, self.encoding)]
        self.encoding = "html"
        self._html = rows
        self._header_index = self._find_header(rows[:HEADER_SEARCH])
        self.estimated_rows = max(len(rows) - self._header_index - 1, 0)

    # --- all formats ----------------------------------------------------------------------------------------
    def _records(self) -> Iterator[tuple[int, list]]:
        if self.format == "xlsx":
            return self._xlsx_rows()
        if self.format == "xls":
            return self._xls_rows()
        if self.format == "html":
            return iter(self._html[self._header_index + 1:])
        return self._csv_rows()

    def chunks(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[RawChunk]:
        """The rows after the header as text cells of the audit's fields, `chunk_rows` at a time."""
        if self._fast():
            table = self._line_table()
            # pandas' C reader needs one line at least as wide as the columns it is asked for
            if len(table[0]) and table[0].max() >= len(self.headers):
                yield from self._fast_chunks(chunk_rows, table)
                return
        fields = [f for f in self.fields if f.name in self.columns]
        names = [f.name for f in fields]
        wanted = [self.columns[n] for n in names]
        width = len(self.headers)
        text = self.format in ("csv", "tsv")
        workbook = self.format in ("xlsx", "xls")
        dates = [i for i, f in enumerate(fields) if f.kind == "date"] if workbook else []
        limit = self.limits.cell_chars
        epoch = getattr(self, "_epoch", None)
        controls = self.controls
        max_rows = self.limits.rows
        seen = 0

        columns: list[list[str]] = [[] for _ in names]
        lines: list[int] = []
        problems: list[tuple[int, str, str, str]] = []
        empty: list[int] = []
        appends = [c.append for c in columns]

        def flush() -> RawChunk:
            frame = pd.DataFrame({n: np.array(c, dtype=object) for n, c in zip(names, columns)}, copy=False)
            chunk = RawChunk(frame, np.asarray(lines, dtype=np.int64), list(problems), list(empty))
            for c in columns:
                c.clear()
            lines.clear()
            problems.clear()
            empty.clear()
            return chunk

        for line, record in self._records():
            seen += 1
            if seen > max_rows:
                raise _refuse(self.path, f"at most {max_rows:,} rows", "too many rows")
            n = len(record)
            if text:
                if n != width:
                    if n == 0 or (n == 1 and not record[0].strip()):
                        empty.append(line)
                        continue
                    if n < width or any(c.strip() for c in record[width:]):
                        problems.append((line, "", shown(self.delimiter.join(record), limit),
                                         f"cells do not line up with the header: {n} cells, the header has {width}"))
                        continue
                cells = [record[i] for i in wanted]
            else:
                cells = [cell_text(record[i]) if i < n else "" for i in wanted]
                for i in dates:  # a number cell in a date column is a spreadsheet date serial
                    value = record[wanted[i]] if wanted[i] < n else None
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        cells[i] = excel_serial(value, epoch) or cells[i]
            bad = False
            for i, value in enumerate(cells):
                if len(value) > limit:
                    problems.append((line, names[i], shown(value, limit),
                                     f"cell too long: {len(value):,} characters (at most {limit:,})"))
                    bad = True
                elif controls and _CONTROL.search(value):
                    char = _CONTROL.search(value).group()
                    problems.append((line, names[i], value,
                                     f"control character U+{ord(char):04X} in the cell (a damaged export?)"))
                    bad = True
            if bad:
                continue
            if not text and all(cell_text(v).strip() == "" for v in record):
                empty.append(line)
                continue
            for append, value in zip(appends, cells):
                append(value)
            lines.append(line)
            if len(lines) >= chunk_rows:
                yield flush()
        self.rows = seen
        if lines or problems or empty or seen == 0:
            yield flush()

    # --- CSV fast path --------------------------------------------------------------------------------------
    def _fast(self) -> bool:
        """Whether pandas' C reader may split the rows: a text file with no quote, no control character,
        no bare carriage return, in an encoding whose separators are single ASCII bytes. Then every line
        is one row, and the cells of each line can be counted on the bytes (`_line_table`)."""
        scan_ = getattr(self, "_scan", None)
        return (self.format in ("csv", "tsv") and scan_ is not None and not scan_.quotes and not scan_.controls
                and not scan_.bare_cr and codecs.lookup(self.encoding).name in ("utf-8", "utf-8-sig", "gb18030"))

    def _line_table(self) -> tuple[np.ndarray, np.ndarray, int]:
        """For every line after the header: its number of cells and its byte offset; and the longest line."""
        delimiter = ord(self.delimiter)
        counts, starts = [], []
        offset, carry_count, carry_start = 0, 0, 0
        with self.path.open("rb") as handle:
            while block := handle.read(_BLOCK * 8):
                data = np.frombuffer(block, dtype=np.uint8)
                newlines = np.flatnonzero(data == 10)
                separators = np.flatnonzero(data == delimiter)
                if len(newlines):
                    before = np.searchsorted(separators, newlines)
                    per_line = np.diff(before, prepend=0)
                    per_line[0] += carry_count
                    counts.append(per_line)
                    starts.append(np.concatenate(([carry_start], newlines[:-1] + 1 + offset)))
                    carry_count = len(separators) - int(before[-1])
                    carry_start = offset + int(newlines[-1]) + 1
                else:
                    carry_count += len(separators)
                offset += len(block)
        if offset > carry_start:  # a last line without a line end
            counts.append(np.array([carry_count]))
            starts.append(np.array([carry_start]))
        count = np.concatenate(counts).astype(np.int64) + 1 if counts else np.zeros(0, np.int64)
        start = np.concatenate(starts).astype(np.int64) if starts else np.zeros(0, np.int64)
        ends = np.append(start[1:], offset)
        longest = int((ends - start).max()) if len(start) else 0
        skip = self.header_line
        return count[skip:], start[skip:], longest

    def _raw_line(self, handle, start: int, *, whole: bool = False) -> str:
        handle.seek(start)
        text = handle.readline(-1 if whole else self.limits.cell_chars * 4 + 1).decode(self.encoding, "replace")
        return text.rstrip("\r\n").lstrip("\ufeff")

    def _fast_chunks(self, chunk_rows: int, table: tuple[np.ndarray, np.ndarray, int]) -> Iterator[RawChunk]:
        fields = [f for f in self.fields if f.name in self.columns]
        names = [f.name for f in fields]
        wanted = [self.columns[n] for n in names]
        width = len(self.headers)
        counts, starts, longest = table
        if len(counts) > self.limits.rows:
            raise _refuse(self.path, f"at most {self.limits.rows:,} rows", "too many rows")
        limit = self.limits.cell_chars
        check_length = longest > limit
        # One column beyond the header catches a trailing separator (tolerated when blank); pandas wants
        # it named only when some line has it (longer lines are cut by `usecols`, and rejected here).
        spill = bool((counts > width).any())
        usecols = sorted(set(wanted) | {0} | ({width} if spill else set()))
        seen = 0
        reader = pd.read_csv(
            self.path, encoding=self.encoding, header=None, skiprows=self.header_line,
            names=list(range(width + spill)), usecols=usecols, dtype=object, na_filter=False, skip_blank_lines=False,
            engine="c", chunksize=chunk_rows, index_col=False, sep=self.delimiter, quoting=csv.QUOTE_NONE)
        with reader, self.path.open("rb") as raw:
            for frame in reader:
                n = len(frame)
                if seen + n > len(counts):
                    raise RuntimeError("the fast CSV reader found more rows than lines")
                cells = counts[seen:seen + n]
                lines = np.arange(seen, seen + n, dtype=np.int64) + self.header_line + 1
                first = frame[0].to_numpy(dtype=object)
                blank_first = np.fromiter((not v.strip() for v in first), dtype=bool, count=n) \
                    if (cells == 1).any() else np.zeros(n, dtype=bool)
                empty = (cells == 1) & blank_first
                extra = frame[width].to_numpy(dtype=object) if width in frame.columns else np.full(n, "", object)
                extra_filled = (cells == width + 1) & np.fromiter((bool(v.strip()) for v in extra), dtype=bool, count=n) \
                    if (cells == width + 1).any() else np.zeros(n, dtype=bool)
                misaligned = ~empty & ((cells < width) | extra_filled)
                problems = []
                for i in np.flatnonzero(~empty & (cells > width + 1)):   # tolerated only if every extra is blank
                    extras = self._raw_line(raw, int(starts[seen + i]), whole=True).split(self.delimiter)[width:]
                    misaligned[i] = any(c.strip() for c in extras)
                for i in np.flatnonzero(misaligned):  # the whole line, so its length is shown as the general reader does
                    text = self._raw_line(raw, int(starts[seen + i]), whole=True)
                    problems.append((int(lines[i]), "", shown(text, limit),
                                     f"cells do not line up with the header: {int(cells[i])} cells, "
                                     f"the header has {width}"))
                keep = ~(empty | misaligned)
                out = pd.DataFrame({name: frame[col].to_numpy(dtype=object)[keep] for name, col in zip(names, wanted)},
                                   copy=False)
                kept_lines = lines[keep]
                if check_length and len(out):
                    too_long = np.zeros(len(out), dtype=bool)
                    for name in names:
                        lengths = np.fromiter(map(len, out[name].to_numpy(dtype=object)), dtype=np.int64, count=len(out))
                        for i in np.flatnonzero(lengths > limit):
                            value = out[name].iat[i]
                            problems.append((int(kept_lines[i]), name, shown(value, limit),
                                             f"cell too long: {len(value):,} characters (at most {limit:,})"))
                        too_long |= lengths > limit
                    if too_long.any():
                        out = out[~too_long].reset_index(drop=True)
                        kept_lines = kept_lines[~too_long]
                problems.sort()
                seen += n
                yield RawChunk(out, kept_lines, problems, lines[empty].tolist())
        if seen != len(counts):
            raise RuntimeError(f"the fast CSV reader found {seen:,} rows in {len(counts):,} lines")
        self.rows = seen
        if seen == 0:
            yield RawChunk(pd.DataFrame({n: np.zeros(0, dtype=object) for n in names}), np.zeros(0, np.int64))

    def describe(self) -> str:
        """'CSV (utf-8-sig, comma)', 'XLSX sheet "orders"', ... for summaries."""
        if self.format in ("csv", "tsv"):
            names = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar"}
            return f"{self.format.upper()}, {self.encoding}, {names[self.delimiter]}-separated"
        if self.format == "xlsx":
            return f"XLSX, sheet {self._sheet.title!r}"
        if self.format == "xls":
            return f"old Excel (XLS), sheet {self._xls[1].name!r}"
        return "HTML table"


def _sample_rows(sample: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The first records of `sample` with their first line, read leniently (the sample may end mid-record)."""
    rows = []
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)  # "": CR-only line ends too, as the file is read
    start = 1
    try:
        for record in reader:
            rows.append((start, record))
            start = reader.line_num + 1
            if len(rows) >= HEADER_SEARCH:
                break
    except csv.Error:
        pass
    return rows


# --- XLSX merges --------------------------------------------------------------------------------------------

@dataclass
class Merges:
    """Merged ranges of a sheet: each covered cell (1-based row, 0-based column) → its top-left cell."""

    covered: dict[int, dict[int, tuple[int, int]]] = field(default_factory=dict)
    tops: dict[int, set[int]] = field(default_factory=dict)    # row → columns of top-left cells on it

    def fill(self, number: int, cells: list, values: dict[tuple[int, int], object]) -> list:
        """Record the top-left values on row `number`, then fill its covered cells from them."""
        for column in self.tops.get(number, ()):
            values[(number, column)] = cells[column] if column < len(cells) else None
        for column, top in self.covered.get(number, {}).items():
            while len(cells) <= column:
                cells.append(None)
            cells[column] = values.get(top)
        return cells


MAX_MERGED_CELLS = 5_000_000


def _xlsx_merges(path: Path, sheet) -> Merges:
    """The merged ranges of `sheet`, read by streaming its XML (openpyxl's read-only mode has none)."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    merges = Merges()
    part = getattr(sheet, "_worksheet_path", None)
    if part is None:
        return merges
    count = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
            for _, element in iterparse(stream, events=("end",)):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "mergeCell":
                    try:
                        c0, r0, c1, r1 = range_boundaries(element.get("ref", ""))
                    except (ValueError, TypeError):
                        continue
                    count += (r1 - r0 + 1) * (c1 - c0 + 1)
                    if count > MAX_MERGED_CELLS:
                        raise _refuse(path, f"at most {MAX_MERGED_CELLS:,} merged cells", "too many merged cells")
                    merges.tops.setdefault(r0, set()).add(c0 - 1)
                    for r in range(r0, r1 + 1):
                        for c in range(c0, c1 + 1):
                            if (r, c) != (r0, c0):
                                merges.covered.setdefault(r, {})[c - 1] = (r0, c0 - 1)
                elif tag == "row":
                    element.clear()
    except PolicyInputError:
        raise
    except Exception:  # a sheet part openpyxl could open is readable; anything odd: no merges
        return Merges()
    return merges


# --- HTML ---------------------------------------------------------------------------------------------------

def _fill_spans(cells: list[str], spans: dict[int, tuple[int, str]]) -> None:
    """Append the texts of cells covered by a rowspan from a row above, at the columns they cover."""
    while len(cells) in spans:
        left, text = spans[len(cells)]
        if left <= 1:
            del spans[len(cells)]
        else:
            spans[len(cells)] = (left - 1, text)
        cells.append(text)


def _html_rows(path: Path, encoding: str | None) -> list[tuple[int, list[str]]]:
    """The rows of the first table with a row of cells, rowspan/colspan expanded (merged cells filled)."""
    import lxml.html

    data = path.read_bytes()
    if not encoding:
        declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
        if data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif declared:
            encoding = declared.group(1).decode("ascii")
        else:
            try:
                data.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "gb18030"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    if codecs.lookup(encoding).name in ("gbk", "gb2312", "cp936"):
        encoding = "gb18030"   # the superset: a GBK page with a rarer character still reads
    try:
        text = data.decode(encoding, "replace")
        document = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text.lstrip("\ufeff")) or "<html/>")
    except Exception as exc:
        raise _refuse(path, FORMAT_ACCEPTED, f"cannot read the HTML table: {exc}") from None
    tables = document.xpath("//table")
    if not tables:
        raise _refuse(path, FORMAT_ACCEPTED, "an HTML page without a table")
    table = max(tables, key=lambda t: len(t.xpath(".//tr")))
    rows: list[tuple[int, list[str]]] = []
    spans: dict[int, tuple[int, str]] = {}   # column → (rows still covered, text)
    for tr in table.xpath(".//tr"):
        cells: list[str] = []
        line = len(rows) + 1   # the table's row number (a one-line HTML file has no other)
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            _fill_spans(cells, spans)
            text = cell.text_content().strip()
            try:
                colspan = max(1, min(int(cell.get("colspan", 1)), 1000))
                rowspan = max(1, min(int(cell.get("rowspan", 1)), 100_000))
            except ValueError:
                colspan = rowspan = 1
            for _ in range(colspan):
                if rowspan > 1:
                    spans[len(cells)] = (rowspan - 1, text)
                cells.append(text)
        _fill_spans(cells, spans)
        rows.append((line, cells))
    return rows


# --- cells --------------------------------------------------------------------------------------------------

def excel_serial(value: float, epoch: datetime | None = None) -> str | None:
    """A spreadsheet date serial (a number cell in a date column) as ISO text, or None if implausible."""
    if not (1 <= value < 2_958_466):
        return None
    from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

    try:
        moment = from_excel(value, epoch or CALENDAR_WINDOWS_1900)
    except (ValueError, OverflowError):
        return None
    if isinstance(moment, datetime):
        return cell_text(moment)
    if isinstance(moment, date):
        return moment.isoformat()
    return None


def cell_text(value: object) -> str:
    """A cell value as the text a CSV of the same sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, float):
        # Excel keeps 15 significant digits: 0.1 + 0.2 is stored as 0.30000000000000004 but shown as 0.3
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".15g")
    return str(value)


__all__ = ["CHUNK_ROWS", "LIMITS", "Limits", "RawChunk", "Source", "cell_text", "excel_serial", "scan", "sniff"]
