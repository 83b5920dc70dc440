"""Reading: every format, encoding and layout of the same export reads the same rows."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from handbook.__main__ import EXIT_UNUSABLE, run
from handbook.audit import reports
from handbook.audit.columns import ALIAS_SOURCES, FAKE_SHIPPING, FIELDS, alias_source
from handbook.audit.loading import load
from handbook.audit.reading import Limits, sniff
from handbook.errors import PolicyInputError

HEADER = ["订单号", "商品ID", "发货时间", "商家实收金额(元)", "是否虚假发货"]
ROWS = [["O1", "P1", "2026-11-20 10:00:00", "59.90", "是"], ["O2", "P1", "2026-11-20 11:00:00", "1,299.00", "否"],
        ["O3", "商品乙", "2026-11-21", "0.50", "否"]]
EXPECTED = {"order_id": ["O1", "O2", "O3"], "product_id": ["P1", "P1", "商品乙"], "paid_amount_fen": [5990, 129900, 50]}


def text_export(delimiter: str = ",", title: int = 0) -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if delimiter in value or "," in value else value
    lines = ["订单导出 2026-11-21"] * title + [delimiter.join(HEADER)]
    lines += [delimiter.join(cell(v) for v in row) for row in ROWS]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("encoding, delimiter, title, read_as", [
    ("utf-8", ",", 0, "CSV, utf-8, comma"), ("utf-8-sig", ",", 0, "CSV, utf-8-sig"), ("gb18030", ",", 1, "gb18030"),
    ("gbk", "\t", 0, "TSV, gb18030, tab"), ("utf-16", ",", 0, "utf-16"), ("utf-16-le", "\t", 2, "utf-16-le"),
    ("utf-16-be", ";", 0, "utf-16-be, semicolon"), ("utf-8", "|", 3, "bar-separated"),
])
def test_text_exports_in_any_encoding_and_delimiter_read_the_same(tmp_path, encoding, delimiter, title, read_as):
    path = tmp_path / "orders.txt"
    path.write_bytes(text_export(delimiter, title).encode(encoding))
    loaded = load(path, FAKE_SHIPPING)
    assert read_as in loaded.source.describe()
    assert loaded.source.header_line == title + 1
    assert list(loaded.orders["line"]) == [title + 2, title + 3, title + 4]
    for name, values in EXPECTED.items():
        assert list(loaded.orders[name].astype(object)) == values
    assert loaded.rejects.empty


def test_xlsx_with_title_merged_cells_and_date_serials(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["拼多多订单导出"])
    sheet.merge_cells("A1:E1")
    sheet.append(HEADER)
    sheet.append(["O1", "P1", datetime(2026, 11, 20, 10), 59.9, "是"])
    sheet.append(["O2", "P1", 46346.5, "1,299.00", "否"])        # a date serial in a number cell
    sheet.append(["O3", "商品乙", "2026-11-21", 0.5, "否"])
    sheet.append(["O4", "P9", "2026-11-21", 7, "否"])
    sheet.append(["O5", "P9", "2026-11-21", 8, None])
    sheet.merge_cells("E6:E7")                                   # one flag cell merged over O4 and O5
    path = tmp_path / "export.dat"                               # the name says nothing
    book.save(path)
    loaded = load(path, FAKE_SHIPPING)
    assert loaded.source.format == "xlsx" and loaded.source.header_line == 2
    assert list(loaded.orders["order_id"])[:3] == ["O1", "O2", "O3"]
    assert [str(d)[:10] for d in loaded.orders["shipped_on"]][:2] == ["2026-11-20", "2026-11-20"]
    assert list(loaded.orders["flagged"])[3:] == [False, False]  # O5 reads the merged cell's value
    assert loaded.rejects.empty


def test_html_table_saved_as_xls(tmp_path):
    html = ("<html><head><meta charset='gbk'></head><body><table><tr><td colspan=5>导出</td></tr>"
            "<tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in ROWS)
            + "</table></body></html>")
    path = tmp_path / "orders.xls"
    path.write_bytes(html.encode("gbk"))
    loaded = load(path, FAKE_SHIPPING)
    assert loaded.source.format == "html" and loaded.source.header_line > 1
    for name, values in EXPECTED.items():
        assert list(loaded.orders[name].astype(object)) == values


@pytest.mark.parametrize("content, reason", [
    (b"%PDF-1.4 ...", "PDF"),
    (b"PK\x03\x04" + b"\x00" * 40, "cannot open as XLSX"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old-format Excel"),
    (b"\x00\x01\x02\x03\xff\xfe\xfa" * 100, "not"),
    (b"", "empty file"),
    (b"\n\n\n", "empty file"),
    (b"a,b,c\n1,2,3\n", "no column for this field"),
])
def test_unusable_files_are_one_clear_error(tmp_path, content, reason):
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    with pytest.raises(PolicyInputError, match=reason):
        load(path, FAKE_SHIPPING)


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 5_000_000)   # 30 MB from a few KB
    with pytest.raises(PolicyInputError, match="unpacks to"):
        load(path, FAKE_SHIPPING)


def test_row_limit(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(text_export(), encoding="utf-8")
    with pytest.raises(PolicyInputError, match="too many rows"):
        load(path, FAKE_SHIPPING, limits=Limits(rows=2))


def test_sniff_ignores_the_name(tmp_path):
    (tmp_path / "a.xlsx").write_text("订单号,商品ID\n", encoding="utf-8")
    assert sniff(tmp_path / "a.xlsx") == "text"


def test_every_alias_is_documented_with_where_it_comes_from():
    for fields in FIELDS.values():
        for f in fields:
            for header in f.zh:
                assert alias_source(header)
    assert all(any(h in f.zh for fs in FIELDS.values() for f in fs) for h in ALIAS_SOURCES)


# -------------------------------------------------------------------------------- output safety

@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_out_is_never_the_input_even_through_a_link(tmp_path, capsys, link):
    source = tmp_path / "orders.csv"
    source.write_text(text_export(), encoding="utf-8")
    before = source.read_bytes()
    target = tmp_path / "report.csv"
    (os.link if link == "hard" else os.symlink)(source, target)
    assert run(["audit", "fake-shipping", str(source), "--on", "2026-11-21", "--out", str(target)]) == EXIT_UNUSABLE
    assert "would overwrite the input" in capsys.readouterr().err
    rejects_link = tmp_path / "r2.rejects.csv"
    (os.link if link == "hard" else os.symlink)(source, rejects_link)
    assert run(["audit", "fake-shipping", str(source), "--on", "2026-11-21", "--out", str(tmp_path / "r2.csv")]) == 2
    assert source.read_bytes() == before


def test_reports_are_written_atomically(tmp_path, monkeypatch):
    import pandas as pd

    target = tmp_path / "r.csv"
    target.write_text("previous report", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail)
    with pytest.raises(OSError):
        reports.write_table(pd.DataFrame({"a": [1]}), target)
    assert target.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]     # no temporary file left behind


def test_input_path_problems_exit_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_text(text_export(), encoding="utf-8")
    path.chmod(0)
    try:
        code = run(["audit", "fake-shipping", str(path), "--on", "2026-11-21"])
        err = capsys.readouterr().err
        if os.geteuid() != 0:   # root reads anything
            assert code == EXIT_UNUSABLE and err.count("\n") == 1
    finally:
        path.chmod(0o644)
