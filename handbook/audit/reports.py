"""Writing reports and rejects (CSV or XLSX, neutralised against formula injection).

- CSV is written as UTF-8 with a byte-order mark, so Excel on a Chinese or English Windows shows the
  Chinese text correctly; XLSX with openpyxl (write-only mode: fast and light on memory).
- Dates are written as ``YYYY-MM-DD`` text, money as numbers (whole yuan or yuan with 2 decimals).
- The rejects file sits beside the report: ``REPORT.rejects.csv`` for ``REPORT.csv`` (same format).
- Nothing is ever written over the audited export: not by its name, nor through a symbolic or hard
  link to it (files are compared by device and inode, `same_file`).
- Writing is atomic: the report goes to a temporary file in the same folder, renamed over the target
  only when complete, so a failure never leaves a half-written report (or clobbers the previous one).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from handbook.audit.safety import neutralise_frame, xml_safe
from handbook.errors import PolicyInputError

FORMATS = (".csv", ".xlsx")
XLSX_MAX_ROWS = 1_048_575  # one header row + this many data rows


def rejects_path(report: str | Path) -> Path:
    """Where the rejects of `report` go: beside it, ``<stem>.rejects<suffix>``."""
    report = Path(report)
    return report.with_name(f"{report.stem}.rejects{report.suffix}")


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether `a` and `b` are the same file on disk (links included); False when either is missing."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def check_target(target: str | Path, source: str | Path) -> Path:
    """A report path we may write: .csv or .xlsx, in an existing folder, never the export itself."""
    target = Path(target)
    if target.suffix.lower() not in FORMATS:
        raise PolicyInputError("out", str(target), "a file name ending in .csv or .xlsx", reason="unknown format")
    folder = target.parent
    if not folder.is_dir():
        raise PolicyInputError("out", str(target), "a file in an existing folder", reason="no such folder")
    if target.is_dir():
        raise PolicyInputError("out", str(target), "a file name, not a folder", reason="is a folder")
    if not os.access(folder, os.W_OK):
        raise PolicyInputError("out", str(target), "a file in a folder you may write to", reason="folder not writable")
    for path in (target, rejects_path(target)):
        if same_file(path, source) or (path.is_symlink() and same_file(path.resolve(), source)):
            raise PolicyInputError("out", str(path), "a file other than the audited export",
                                   reason="would overwrite the input (the same file, or a link to it)")
    return target


def printable(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text (datetime64 and date columns), everything else as is."""
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name].dtype):
            out[name] = pd.Series(np.datetime_as_string(out[name].to_numpy().astype("datetime64[D]")),
                                  index=out.index, dtype=object)
    return out


def write_table(frame: pd.DataFrame, path: str | Path, *, source: str | Path | None = None) -> Path:
    """Write `frame` as CSV or XLSX (by suffix), text cells neutralised, atomically. Returns the path.

    `source`: the audited export; writing onto it (or a link to it) is refused.
    """
    path = Path(path)
    if source is not None and (same_file(path, source) or same_file(path.resolve(), source)):
        raise PolicyInputError("out", str(path), "a file other than the audited export",
                               reason="would overwrite the input (the same file, or a link to it)")
    safe = neutralise_frame(printable(frame))
    xlsx = path.suffix.lower() == ".xlsx"
    if xlsx and len(safe) > XLSX_MAX_ROWS:
        raise PolicyInputError("out", str(path), f"CSV for more than {XLSX_MAX_ROWS:,} rows",
                               reason=f"{len(safe):,} rows do not fit in one Excel sheet")
    target = path.resolve() if path.is_symlink() else path
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        if xlsx:
            _write_xlsx(safe, Path(temporary))
        else:
            safe.to_csv(temporary, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, target)   # a new inode: a hard link to the old file keeps the old content
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("report")

    def text_cell(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=xml_safe(value))
        cell.data_type = "s"   # text, even when it looks like a formula: never evaluated
        return cell

    sheet.append([text_cell(str(c)) for c in frame.columns])
    columns = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    for row in zip(*columns):
        sheet.append([text_cell(v) if isinstance(v, str) else _plain(v) for v in row])
    book.save(path)


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def read_table(path: str | Path) -> pd.DataFrame:
    """Read back a report written by `write_table` (for tests and for staff who reload one)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return pd.read_excel(path, engine="openpyxl", dtype=object)
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
