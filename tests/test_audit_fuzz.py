"""Garbage in: the reader never crashes. Generated files (random bytes, CSV-like text full of quotes,
separators, control characters and odd values in several encodings, broken workbooks and HTML) are
either read, with counts that add up, or refused with a `PolicyInputError`; the CLI exits 0, 1 or 2,
never 3 (an internal error) and never with a traceback. Bounded so it runs in a few seconds in CI.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.__main__ import EXIT_INTERNAL, run
from handbook.audit.columns import FAKE_SHIPPING, QUOTA
from handbook.audit.loading import load
from handbook.audit.reading import Limits
from handbook.errors import PolicyInputError

HEADERS = ["订单号,商品ID,发货时间,商家实收金额(元),是否虚假发货", "order_id,product_id,shipped_on,paid_amount,flagged",
           "订单号\t商品ID\t发货时间\t商家实收金额(元)\t是否虚假发货", "订单号;商品ID;发货时间;商家实收金额(元);是否虚假发货,订单状态",
           "拼多多订单导出", ""]
CELLS = ["O1", "P1", "2026-11-20", "2026年11月20日 22:51", "59.90", "¥1,299.00", "12,34", "-", "—", "无", "是", "否",
         "6.12346E+11", "2026-11-20 10:00+99:00", '"', '""', '"a,b"', "\x00", "\x1b[31m", "\r", "\n", "=1+1",
         "45250", "待发货", "已取消", "\ufeff", "\t", "", " ", "X" * 300, "２０２６-１１-２０", "1e309", "NaN"]
SMALL = Limits(cell_chars=64, rows=200, uncompressed=1 << 20, ratio=50, whole_file=1 << 16)
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@st.composite
def csv_like(draw) -> bytes:
    cell = st.one_of(st.sampled_from(CELLS), st.text(max_size=8))
    delimiter = draw(st.sampled_from([",", "\t", ";"]))
    rows = draw(st.lists(st.lists(cell, max_size=8).map(delimiter.join), max_size=12))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"]))
    return newline.join([draw(st.sampled_from(HEADERS)), *rows]).encode(encoding, "replace")


def workbook_like() -> st.SearchStrategy[bytes]:
    def zipped(parts: list[tuple[str, bytes]]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in parts:
                archive.writestr(name, data)
        return buffer.getvalue()

    names = st.sampled_from(["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml", "content.xml",
                             "xl/sharedStrings.xml"])
    return st.one_of(
        st.binary(max_size=64).map(lambda b: b"PK\x03\x04" + b),
        st.lists(st.tuples(names, st.binary(max_size=64)), max_size=4, unique_by=lambda t: t[0]).map(zipped),
        st.binary(max_size=256).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
        st.lists(st.sampled_from(CELLS), max_size=12).map(
            lambda cells: ("<html><table><tr><th>订单号</th><th>商品ID</th><th>发货时间</th><th>商家实收金额(元)</th>"
                           "<th>是否虚假发货</th></tr><tr>" + "".join(f"<td rowspan='{i % 3}'>{c}</td>" for i, c in
                                                                     enumerate(cells)) + "</tr></table>").encode()),
    )


GARBAGE = st.one_of(st.binary(max_size=512), csv_like(), workbook_like())


@SETTINGS
@given(data=GARBAGE, fields=st.sampled_from([FAKE_SHIPPING, QUOTA]))
def test_the_reader_reads_or_refuses_anything(tmp_path_factory, data, fields):
    path = tmp_path_factory.mktemp("fuzz") / "export.csv"
    path.write_bytes(data)
    try:
        loaded = load(path, fields, limits=SMALL, progress=False)
    except PolicyInputError as exc:
        assert str(exc) and "\n" not in str(exc).strip()
        return
    assert loaded.rows_read == loaded.accepted + loaded.rejected + len(loaded.skipped) + loaded.empty
    assert path.read_bytes() == data


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=GARBAGE, suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".txt", ""]),
       out=st.sampled_from([None, "r.csv", "r.xlsx"]))
def test_the_command_line_never_fails_internally(tmp_path_factory, capsys, monkeypatch, data, suffix, out):
    folder = tmp_path_factory.mktemp("cli")
    monkeypatch.chdir(folder)  # without --out the rejects file goes to the current folder, not the checkout
    path = folder / f"export{suffix}"
    path.write_bytes(data)
    options = ["--out", str(folder / out)] if out else []
    code = run(["audit", "fake-shipping", str(path), "--on", "2026-11-21", "--no-progress", *options])
    captured = capsys.readouterr()
    assert code in (0, 1, 2) and code != EXIT_INTERNAL, captured.err
    assert "Traceback" not in captured.err + captured.out
    assert path.read_bytes() == data


def test_odd_paths_and_options_are_plain_errors(tmp_path, capsys):
    sample = Path(__file__).resolve().parents[1] / "notebooks" / "data" / "fake_shipping_orders.csv"
    cases = [
        ["audit", "fake-shipping", str(tmp_path)],                                   # a folder
        ["audit", "fake-shipping", str(tmp_path / "missing.csv")],
        ["audit", "fake-shipping", str(sample), "--out", str(tmp_path / "no" / "r.csv")],
        ["audit", "fake-shipping", str(sample), "--out", str(tmp_path / "r.pdf")],
        ["audit", "fake-shipping", str(sample), "--out", str(tmp_path)],
        ["audit", "fake-shipping", str(sample), "--encoding", "klingon"],
        ["audit", "fake-shipping", str(sample), "--sheet", "x", "--on", "2026-13-01"],
        ["audit", "fake-shipping", str(sample), "--columns", "{bad json"],
        ["audit", "fake-shipping", str(sample), "--rule", "nope"],
        ["audit", "nope", str(sample)],
        [],
    ]
    for argv in cases:
        code = run(argv)
        captured = capsys.readouterr()
        assert code == 2, (argv, captured)
        assert "Traceback" not in captured.err


PLAIN_CELLS = ["O1", "O2", "P1", "2026-11-20", "2026年11月20日 22:51", "59.90", "1,299.00", "12,34", "-", "无", "是",
               "否", "6.12346E+11", "45250", "待发货", "", " ", "X" * 80, "２０２６-１１-２０", "=1+1", "商品乙"]


@st.composite
def quote_free_csv(draw) -> bytes:
    delimiter = draw(st.sampled_from([",", "\t"]))
    header = delimiter.join(draw(st.permutations(["订单号", "商品ID", "发货时间", "商家实收金额(元)", "是否虚假发货",
                                                 "订单状态", "备注"])))
    cells = st.sampled_from(PLAIN_CELLS)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=9).map(delimiter.join), max_size=25))
    title = draw(st.lists(st.sampled_from(["拼多多订单导出", "", "导出时间 2026-11-21"]), max_size=2))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    end = draw(st.sampled_from(["", newline, newline * 2]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    return (newline.join([*title, header, *rows]) + end).encode(encoding)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=quote_free_csv())
def test_the_fast_csv_path_reads_exactly_what_the_general_reader_reads(tmp_path_factory, data):
    """Quote-free text is split by pandas' C reader (fast); the csv module reads everything else. Same result."""
    from handbook.audit.reading import Source
    from handbook.audit.statuses import FAKE_SHIPPING_SKIP

    path = tmp_path_factory.mktemp("fast") / "export.csv"
    path.write_bytes(data)
    results, original = [], Source._fast
    for fast in (original, lambda self: False):
        Source._fast = fast
        try:
            loaded = load(path, FAKE_SHIPPING, limits=SMALL, progress=False, skip=FAKE_SHIPPING_SKIP)
        except PolicyInputError as exc:
            results.append(str(exc))
            continue
        finally:
            Source._fast = original
        results.append((loaded.orders.astype(str).to_dict("list"), loaded.rejects.astype(str).to_dict("list"),
                        loaded.empty_lines, loaded.skipped.astype(str).to_dict("list"), loaded.rows_read))
    assert results[0] == results[1]
