"""Batch audit of order exports: encodings, headers, every reject reason, line numbers, counts."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook import inputs
from handbook.audit import validation
from handbook.audit.columns import FAKE_SHIPPING, QUOTA, normalise, parse_overrides, resolve
from handbook.audit.fake_shipping import audit_fake_shipping
from handbook.audit.loading import load
from handbook.audit.quota import audit_quota
from handbook.audit.reading import Source, cell_text
from handbook.audit.synthetic import fake_shipping_export
from handbook.errors import PolicyInputError
from handbook.rules.customs import check_quota

ZH = "订单号,商品ID,发货时间,商家实收金额(元),是否虚假发货"
EN = "order_id,product_id,shipped_on,paid_amount,flagged"
GOOD = ["A1,商品甲,2026-11-20 10:00:00,19.99,是", "A2,商品甲,2026-11-20,20.00,否", "A3,P2,2026/11/21 08:05,1299,1"]


def write(tmp_path, lines, *, name="orders.csv", encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return path


# ------------------------------------------------------------------------------------ encodings

@pytest.mark.parametrize("encoding, detected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
])
def test_each_encoding_is_detected_and_reads_the_same(tmp_path, encoding, detected):
    path = write(tmp_path, [ZH, *GOOD], encoding=encoding)
    loaded = load(path, FAKE_SHIPPING)
    assert loaded.source.encoding == detected
    assert list(loaded.orders["product_id"].astype(str)) == ["商品甲", "商品甲", "P2"]
    assert list(loaded.orders["paid_amount_fen"]) == [1999, 2000, 129900]
    assert loaded.rejects.empty and loaded.rows_read == 3


def test_encoding_can_be_forced_and_a_wrong_one_is_a_clear_error(tmp_path):
    path = write(tmp_path, [ZH, *GOOD], encoding="gb18030")
    assert load(path, FAKE_SHIPPING, encoding="gb18030").accepted == 3
    with pytest.raises(PolicyInputError, match="encoding"):
        load(path, FAKE_SHIPPING, encoding="utf-8")
    with pytest.raises(PolicyInputError, match="unknown encoding"):
        load(path, FAKE_SHIPPING, encoding="no-such-codec")


def test_bytes_that_are_neither_utf8_nor_gb18030_are_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(EN.encode() + b"\nA1,P\xff\xff,2026-11-20,1,0\n")
    with pytest.raises(PolicyInputError, match="not valid utf-8, gb18030"):
        load(path, FAKE_SHIPPING)


def test_utf8_decided_after_many_ascii_blocks(tmp_path):
    rows = [f"A{i},P1,2026-11-20,1.00,0" for i in range(60_000)]  # > 1 MiB of ASCII before the Chinese
    path = write(tmp_path, [EN, *rows, "Z1,商品乙,2026-11-20,1.00,否"])
    loaded = load(path, FAKE_SHIPPING, progress=False)
    assert loaded.source.encoding == "utf-8" and loaded.accepted == 60_001


# -------------------------------------------------------------------------------------- headers

@pytest.mark.parametrize("header", [
    EN,
    ZH,
    "Order ID, Product-ID ,SHIPPED ON,Paid Amount,Flagged",
    "订单编号,商品编码,发货日期,实收金额（元）,虚假发货",
    "备注,订单号,商品ID,发货时间,商家实收金额(元),是否虚假发货,收货地址",
])
def test_english_and_chinese_headers_in_any_order(tmp_path, header):
    extra = header.startswith("备注")
    rows = [("x," if extra else "") + r + (",addr" if extra else "") for r in GOOD]
    assert load(write(tmp_path, [header, *rows]), FAKE_SHIPPING).accepted == 3


@pytest.mark.parametrize("spec", [
    ["order_id=单号", "paid_amount=金额"],
    ["order_id=单号,paid_amount=金额"],
    ['{"order_id": "单号", "paid_amount": "金额"}'],
])
def test_header_overrides(tmp_path, spec):
    path = write(tmp_path, ["单号,商品ID,发货时间,金额,是否虚假发货", *GOOD])
    with pytest.raises(PolicyInputError, match="no column for this field"):
        load(path, FAKE_SHIPPING)
    assert load(path, FAKE_SHIPPING, overrides=parse_overrides(spec, FAKE_SHIPPING)).accepted == 3


def test_header_overrides_from_a_yaml_or_json_file(tmp_path):
    (tmp_path / "cols.yaml").write_text("order_id: 单号\npaid_amount: 金额\n", encoding="utf-8")
    (tmp_path / "cols.json").write_text(json.dumps({"order_id": "单号", "paid_amount": "金额"}), encoding="utf-8")
    for name in ("cols.yaml", "cols.json"):
        assert parse_overrides([str(tmp_path / name)], FAKE_SHIPPING) == {"order_id": "单号", "paid_amount": "金额"}


@pytest.mark.parametrize("spec, reason", [
    (["colour=颜色"], "not a field of this audit"),
    (["order_id"], "not field=header"),
    (["{not json"], "not valid JSON"),
    (["missing.yaml"], "no such file"),
    (['{"order_id": ""}'], "no header given"),
])
def test_bad_overrides_are_refused(spec, reason):
    with pytest.raises(PolicyInputError, match=reason):
        parse_overrides(spec, FAKE_SHIPPING)


def test_ambiguous_and_missing_columns():
    with pytest.raises(PolicyInputError, match="several columns match"):  # the same header twice
        resolve(["订单号", "商品ID", "商品id", "发货时间", "实收金额", "虚假发货"], FAKE_SHIPPING)
    # two different aliases: the preferred one (listed first) wins
    assert resolve(["订单编号", "订单号", "商品ID", "发货时间", "实收金额", "虚假发货"], FAKE_SHIPPING)["order_id"] == 1
    with pytest.raises(PolicyInputError, match="flagged"):
        resolve(["订单号", "商品ID", "发货时间", "实收金额"], FAKE_SHIPPING)


def test_header_normalisation():
    assert normalise("\ufeff Order-ID ") == "order_id"
    assert normalise("实收金额（元）") == "实收金额(元)"


# ------------------------------------------------------------------------------ reject reasons

REJECTS = [
    # (row as in the file, field, reason fragment)
    (",P1,2026-11-20,1.00,0", "order_id", "missing value"),
    ("B1, ,2026-11-20,1.00,0", "product_id", "missing value"),
    ("B1,P1,,1.00,0", "shipped_on", "missing value"),
    ("B1,P1,20.11.2026,1.00,0", "shipped_on", "not a date"),
    ("B1,P1,2026-02-30,1.00,0", "shipped_on", "no such date"),
    ("B1,P1,2026-11-20 24:00,1.00,0", "shipped_on", "no such time"),
    ("B1,P1,45250,1.00,0", "shipped_on", "probably a spreadsheet date serial (45250 = 2023-11-20)"),
    ("B1,P1,2026-11-20,,0", "paid_amount", "missing value"),
    ("B1,P1,2026-11-20,-1.00,0", "paid_amount", "negative amount"),
    ("B1,P1,2026-11-20,12元元,0", "paid_amount", "not a number"),
    ("B1,P1,2026-11-20,\"12,34\",0", "paid_amount", "a comma that is not a thousands separator"),
    ("B1,P1,2026-11-20,\"1,2345.00\",0", "paid_amount", "a comma that is not a thousands separator"),
    ("B1,6.12346E+11,2026-11-20,1.00,0", "product_id", "digits lost"),
    ("B1,P1,2026-11-20 10:00+99:00,1.00,0", "shipped_on", "invalid time offset +99:00"),
    ("B1,P1,2026-11-20 10:00-14:30,1.00,0", "shipped_on", "invalid time offset"),
    ("B1,P1,20261120,1.00,0", "shipped_on", "probably 2026-11-20 written without separators"),
    ("B1,P1,2026-11-20,abc,0", "paid_amount", "not a number"),
    ("B1,P1,2026-11-20,1.005,0", "paid_amount", "more than 2 decimals"),
    ("B1,P1,2026-11-20,NaN,0", "paid_amount", "not a finite number"),
    ("B1,P1,2026-11-20,1.00,", "flagged", "missing value"),
    ("B1,P1,2026-11-20,1.00,maybe", "flagged", "not a yes/no value"),
    ("B1,P1,2026-11-20,1.00,2", "flagged", "not a yes/no value"),
    ("A1,P1,2026-11-20,1.00,0", "order_id", "duplicated order_id (first on line 2)"),
    ("B1,P1,2026-11-20,1.00,0,surplus", "", "cells do not line up with the header: 6 cells, the header has 5"),
    ("B1,P1,2026-11-20,1.00", "", "cells do not line up with the header: 4 cells, the header has 5"),
    ("B1,P\x001,2026-11-20,1.00,0", "product_id", "control character U+0000"),
    ("B1,P1,2026-11-20,1.00,-", "flagged", "missing value"),
    ("B1,P1,—,1.00,0", "shipped_on", "missing value"),
]


@pytest.mark.parametrize("row, field, reason", REJECTS)
def test_every_reject_reason_with_its_line_and_the_good_rows_audited(tmp_path, row, field, reason):
    path = write(tmp_path, [EN, GOOD[0], GOOD[1], row, GOOD[2]])
    loaded = load(path, FAKE_SHIPPING)
    assert loaded.accepted == 3 and loaded.rejected == 1 and loaded.rows_read == 4
    problem = loaded.rejects.iloc[0]
    assert problem["line"] == 4 and problem["field"] == field and reason in problem["reason"]
    assert list(loaded.orders["line"]) == [2, 3, 5]


def test_several_problems_in_one_row_are_all_listed(tmp_path):
    loaded = load(write(tmp_path, [EN, ",,2026-13-01,-1,maybe"]), FAKE_SHIPPING)
    assert loaded.rejected == 1
    assert set(loaded.rejects["field"]) == {"order_id", "product_id", "shipped_on", "paid_amount", "flagged"}


@pytest.mark.parametrize("text", ["-", "--", "—", "——", "无", "N/A", "null", " - ", "－"])
def test_placeholders_for_nothing_are_missing_values(text):
    for parse in (validation.parse_date, validation.parse_flag, validation.parse_id):
        assert parse(pd.Series([text], dtype=str)).reasons[0] == validation.MISSING
    assert validation.parse_money(pd.Series([text], dtype=str), "paid_amount").reasons[0] == validation.MISSING


@pytest.mark.parametrize("text, normalised", [
    ("612345678901", "612345678901"), ("612345678901.0", "612345678901"), ("\t612345678901", "612345678901"),
    ("'612345678901", "612345678901"), ('="0061234"', "0061234"), (" PDD-1 ", "PDD-1"), ("0012", "0012"),
    ("1.5", "1.5"), ("A.0", "A.0"),
])
def test_ids_are_normalised_as_spreadsheets_need(text, normalised):
    parsed = validation.parse_id(pd.Series([text], dtype=str))
    assert parsed.values[0] == normalised and parsed.reasons[0] is None


@pytest.mark.parametrize("text", ["6.12346E+11", "6.12346e+11", "1E+15", "-6.1E-05", " 6.12346E+11 "])
def test_ids_in_scientific_notation_lost_their_digits(text):
    assert "digits lost" in validation.parse_id(pd.Series([text], dtype=str)).reasons[0]


@pytest.mark.parametrize("text, fen", [
    ("0", 0), ("19.99", 1999), ("20", 2000), (" 1,299.50 ", 129950), ("¥59.90", 5990), ("￥0.10", 10), ("1e2", 10000),
    ("59.90元", 5990), ("1,299.00元", 129900), ("５９.９０", 5990), ("￥１，２９９.００", 129900), ("¥ 1,299", 129900),
    ("RMB 12.00", 1200), ("1,234,567.89", 123456789), ("\u300059.9\u3000", 5990),
    ("1.5万", 1500000), ("1.5万元", 1500000),
])
def test_amounts_accepted(text, fen):
    parsed = validation.parse_money(pd.Series([text], dtype=str), "paid_amount")
    assert parsed.values[0] == fen and parsed.reasons[0] is None


@pytest.mark.parametrize("text, day", [
    ("2026-11-20", date(2026, 11, 20)), ("2026-11-20 23:59:59", date(2026, 11, 20)),
    ("2026/1/5", date(2026, 1, 5)), ("2026.01.05 9:05", date(2026, 1, 5)),
    ("2026-11-20T23:30:00+00:00", date(2026, 11, 21)),  # 07:30 on the 21st in Asia/Shanghai
    ("2026-11-20T10:00:00Z", date(2026, 11, 20)), (" 2026-11-20 ", date(2026, 11, 20)),
    ("2026-11-20 10:00:00.250", date(2026, 11, 20)),
    ("2026年11月20日 22:51", date(2026, 11, 20)), ("2026年11月20日", date(2026, 11, 20)),
    ("2026年1月5日 9:05:01", date(2026, 1, 5)), ("２０２６-１１-２０", date(2026, 11, 20)),
    ("2026-11-20 22:51 +0800", date(2026, 11, 20)), ("2026-11-20T22:51:00-05:00", date(2026, 11, 21)),
    ("2026-11-20 23:00+14:00", date(2026, 11, 20)), ("2026/11/20 23:30:00 +00:00", date(2026, 11, 21)),
])
def test_dates_accepted(text, day):
    parsed = validation.parse_date(pd.Series([text, "2026-11-20"], dtype=str))
    assert parsed.reasons[0] is None
    assert date.fromordinal(date(1970, 1, 1).toordinal() + int(parsed.values[0])) == day


@pytest.mark.parametrize("text, reason", [
    ("9999-12-31 23:59:59", "after 2028-12-31"), ("2029-01-01", "after 2028-12-31"),
    ("1899-12-30", "before 2000-01-01"), ("1900-01-01 00:00:00", "before 2000-01-01"), ("0026-11-20", "before 2000"),
])
def test_dates_that_cannot_be_an_orders_are_refused(text, reason):
    """Sanity bounds around today (2026-11-21 under make): before 2000, or after the end of the year after next."""
    parsed = validation.parse_date(pd.Series([text, "2026-11-20"], dtype=str))
    assert reason in parsed.reasons[0] and parsed.reasons[1] is None


@pytest.mark.parametrize("text", ["2000-01-01", "2028-12-31 23:59:59", "2027-12-01 08:00:00"])
def test_dates_at_the_sanity_bounds_are_read(text):
    assert validation.parse_date(pd.Series([text], dtype=str)).reasons[0] is None


@pytest.mark.parametrize("text, value", [
    ("是", True), ("否", False), ("TRUE", True), ("false", False), ("Y", True), ("n", False), (" 1 ", True), ("0", False),
])
def test_flags_accepted(text, value):
    parsed = validation.parse_flag(pd.Series([text], dtype=str))
    assert bool(parsed.values[0]) is value and parsed.reasons[0] is None


money_text = st.one_of(
    st.decimals(min_value=-10, max_value=10**6, places=3, allow_nan=False).map(str),
    st.text(alphabet="0123456789.,-¥ e", max_size=8),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(money_text, min_size=1, max_size=30))
def test_fast_amount_path_agrees_with_inputs_money(monkeypatch_values):
    texts = pd.Series(monkeypatch_values, dtype=str)
    slow = validation.parse_money(texts, "paid_amount")
    saved = validation._MANY
    validation._MANY = 0  # force the vectorised fast path
    try:
        fast = validation.parse_money(texts, "paid_amount")
    finally:
        validation._MANY = saved
    assert list(fast.values) == list(slow.values)
    assert [r is None for r in fast.reasons] == [r is None for r in slow.reasons]
    for text, fen, reason in zip(monkeypatch_values, slow.values, slow.reasons):
        if reason is None:
            cleaned = text.strip().lstrip("¥￥").strip()
            assert inputs.money(cleaned, "x") * 100 == int(fen)


# ---------------------------------------------------------------------------------- line numbers

def test_line_numbers_follow_multiline_cells_blank_lines_and_broken_rows(tmp_path):
    header = EN + ",note"
    lines = [header, 'A1,P1,2026-11-20,1.00,0,"two', 'lines"', "A2,P1,2026-11-20,x,0,", "",
             "A3,P1,2026-11-20,1.00,0,a,b", 'A4,P1,2026-11-20,1.00,0,"x"', "A1,P1,2026-11-20,1.00,0,"]
    loaded = load(write(tmp_path, lines, newline="\r\n"), FAKE_SHIPPING)
    assert list(loaded.orders["line"]) == [2, 7]
    assert loaded.empty_lines == [5]
    got = {(int(r.line), r.field) for r in loaded.rejects.itertuples()}
    assert got == {(4, "paid_amount"), (6, ""), (8, "order_id")}
    assert "first on line 2" in loaded.rejects.set_index("line").loc[8, "reason"]
    assert loaded.rows_read == loaded.accepted + loaded.rejected + loaded.empty


def test_line_numbers_without_multiline_cells_skip_broken_rows(tmp_path):
    lines = [EN, "A1,P1,2026-11-20,1.00,0", "A2,P1,2026-11-20,1.00,0,extra", "A3,P1,2026-11-20,bad,0",
             "A4,P1,2026-11-20,1.00,0,x,y", "A5,P1,2026-11-20,bad,0"]
    loaded = load(write(tmp_path, lines), FAKE_SHIPPING)
    assert list(loaded.rejects["line"]) == [3, 4, 5, 6]
    assert list(loaded.orders["line"]) == [2]


def test_large_input_in_chunks_keeps_lines_and_finds_duplicates_across_chunks(tmp_path):
    rows = [f"A{i},P{i % 7},2026-11-{1 + i % 28:02d},{i % 500}.{i % 100:02d},{i % 2}" for i in range(12_000)]
    rows[11_000] = "A17,P1,2026-11-01,1.00,0"         # duplicate of row 17 (line 19), in a later chunk
    rows[9_000] = "A9000,P1,2026-11-01,bad,0"
    loaded = load(write(tmp_path, [EN, *rows]), FAKE_SHIPPING, chunk_rows=5_000)
    assert loaded.accepted == 11_998
    assert list(loaded.rejects["line"]) == [9_002, 11_002]
    assert "first on line 19" in loaded.rejects["reason"].iloc[1]


# --------------------------------------------------------------------- nothing dropped silently

row_kinds = st.sampled_from(["good", "bad_amount", "bad_date", "blank_id", "empty", "dup"])


@settings(max_examples=60, deadline=None)
@given(st.lists(row_kinds, min_size=1, max_size=40))
def test_rows_read_equals_accepted_plus_rejected_plus_empty(tmp_path_factory, kinds):
    rows = {"good": "G{i},P1,2026-11-20,1.00,0", "bad_amount": "G{i},P1,2026-11-20,-1,0",
            "bad_date": "G{i},P1,2026-11-40,1.00,0", "blank_id": ",P1,2026-11-20,1.00,0",
            "empty": ",,,,", "dup": "D,P1,2026-11-20,1.00,0"}   # every "dup" row has the same order id
    lines = [EN] + [rows[kind].format(i=i) for i, kind in enumerate(kinds)]
    loaded = load(write(tmp_path_factory.mktemp("prop"), lines), FAKE_SHIPPING)
    assert loaded.rows_read == len(kinds)
    assert loaded.rows_read == loaded.accepted + loaded.rejected + loaded.empty
    assert loaded.accepted == kinds.count("good") + (1 if "dup" in kinds else 0)
    assert loaded.empty == kinds.count("empty")
    assert set(loaded.orders["line"]).isdisjoint(set(loaded.rejects["line"]))


def test_the_input_file_is_never_modified(tmp_path):
    path = write(tmp_path, [ZH, *GOOD, "A1,P,2026-11-20,-1,否"])
    before = path.read_bytes()
    audit_fake_shipping(path, on=date(2026, 11, 21))
    assert path.read_bytes() == before


# ------------------------------------------------------------------------------------------ XLSX

def test_xlsx_cells_become_the_text_a_csv_would_hold():
    from datetime import datetime

    assert cell_text(None) == "" and cell_text(True) == "true"
    assert cell_text(datetime(2026, 11, 20, 14, 33, 2)) == "2026-11-20 14:33:02"
    assert cell_text(datetime(2026, 11, 20)) == "2026-11-20" and cell_text(date(2026, 1, 5)) == "2026-01-05"
    assert cell_text(20.0) == "20" and cell_text(0.1 + 0.2) == "0.3" and cell_text(19.99) == "19.99"


def test_xlsx_input_reads_like_the_csv(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(ZH.split(","))
    sheet.append(["A1", "商品甲", datetime(2026, 11, 20, 10, 0), 19.99, "是"])
    sheet.append(["A2", "商品甲", date(2026, 11, 20), 20, "否"])
    sheet.append([None, None, None, None, None])
    sheet.append(["A3", "P2", "2026/11/21 08:05", "1299", 1])
    sheet.append(["A4", "P2", "not a date", -5, "否"])
    book.save(tmp_path / "orders.xlsx")
    loaded = load(tmp_path / "orders.xlsx", FAKE_SHIPPING)
    csv = load(write(tmp_path, [ZH, *GOOD]), FAKE_SHIPPING)
    pd.testing.assert_frame_equal(loaded.orders, csv.orders.assign(line=[2, 3, 5]))
    assert loaded.empty_lines == [4] and list(loaded.rejects["line"]) == [6, 6]
    assert loaded.source.encoding == "xlsx"


def test_xlsx_sheet_choice(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "cover"
    book.active.append(["nothing here"])
    data = book.create_sheet("orders")
    data.append(EN.split(","))
    data.append(["A1", "P1", "2026-11-20", "1.00", "0"])
    book.save(tmp_path / "two.xlsx")
    assert load(tmp_path / "two.xlsx", FAKE_SHIPPING, sheet="orders").accepted == 1
    with pytest.raises(PolicyInputError, match="sheet"):
        load(tmp_path / "two.xlsx", FAKE_SHIPPING, sheet="missing")
    # without --sheet: a cover sheet first, the orders on the next one, which is found and named
    found = load(tmp_path / "two.xlsx", FAKE_SHIPPING)
    assert found.accepted == 1 and found.source.describe() == "XLSX, sheet 'orders'"
    # --sheet naming the cover sheet is obeyed: no other sheet is tried
    with pytest.raises(PolicyInputError, match="no column") as named:
        load(tmp_path / "two.xlsx", FAKE_SHIPPING, sheet="cover")
    assert "--sheet NAME" not in str(named.value)


def test_no_sheet_with_the_columns_names_the_sheets(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["本表由系统导出"])
    book.create_sheet("汇总").append(["a", "b"])
    book.save(tmp_path / "cover.xlsx")
    with pytest.raises(PolicyInputError) as error:
        load(tmp_path / "cover.xlsx", FAKE_SHIPPING)
    assert "'说明'" in str(error.value) and "'汇总'" in str(error.value) and "--sheet NAME" in str(error.value)


def test_unusable_files(tmp_path):
    with pytest.raises(PolicyInputError, match="no such file"):
        Source(tmp_path / "none.csv", FAKE_SHIPPING)
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(PolicyInputError, match="empty file"):
        Source(tmp_path / "empty.csv", FAKE_SHIPPING)
    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(PolicyInputError, match="cannot open as XLSX"):
        Source(tmp_path / "fake.xlsx", FAKE_SHIPPING)


# ----------------------------------------------------------------------------------------- quota

def test_quota_audit_matches_check_quota_row_by_row(tmp_path):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "notebooks" / "data" / "quota_orders.csv"
    audit = audit_quota(sample)
    raw = pd.read_csv(sample, encoding="utf-8-sig", dtype=str)
    assert audit.rows_read == len(raw) == audit.accepted + audit.rejected + len(audit.empty_lines)
    assert set(audit.outcomes) == {"clears", "single_limit_exceeded", "annual_limit_exceeded"}
    assert all(n > 0 for n in audit.outcomes.values())
    for r in audit.report.itertuples():
        row = raw.iloc[r.line - 2]
        on = date.fromisoformat(str(r.ordered_on)[:10])
        expected = check_quota(row["本年已用额度(元)"], row["订单金额(元)"], on=on)
        assert (r.outcome, r.annual_remaining_after) == (expected.outcome, expected.annual_remaining_after)
    assert audit.report.set_index("buyer_id").loc["B001", "buyer_orders_in_file"].tolist() == [2, 2]


def test_quota_rows_the_rule_refuses_are_rejects(tmp_path):
    lines = [",".join(f.name for f in QUOTA if f.required),
             "Q1,B1,2026-11-20,100.00,1000.00",
             "Q2,B2,2015-01-01,100.00,1000.00",          # before the limits were recorded
             "Q3,B3,2026-11-20,100.00,999999999999.00"]  # above the rule's sanity bound
    audit = audit_quota(write(tmp_path, lines))
    assert audit.accepted == 1 and audit.rejected == 2
    assert list(audit.rejects["line"]) == [3, 4]
    assert audit.rows_read == audit.accepted + audit.rejected


# ------------------------------------------------------------------------------------- synthetic

def test_synthetic_export_is_seeded_and_reads_clean(tmp_path):
    a, b = fake_shipping_export(2_000, products=50, days=5), fake_shipping_export(2_000, products=50, days=5)
    pd.testing.assert_frame_equal(a, b)
    path = tmp_path / "s.csv"
    a.to_csv(path, index=False, encoding="utf-8-sig")
    loaded = load(path, FAKE_SHIPPING)
    assert loaded.accepted == 2_000 and loaded.rejects.empty
    assert np.all(loaded.orders["paid_amount_fen"] >= 50)
