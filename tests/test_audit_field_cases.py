"""Field cases: exports as back offices and spreadsheets really produce them (../shared/field-cases/README.md).

Each file of the field-case folder is copied into tests/data/field_cases/ (41, 1 MB, is generated here
with the same layout) and gives what the README says a user expects. A file added to the shared
folder without an expectation here fails `test_every_shared_field_case_has_an_expectation`.
"""

from __future__ import annotations

import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from handbook.__main__ import EXIT_OK, EXIT_REJECTS, EXIT_UNUSABLE, run
from handbook.audit import reports
from handbook.audit.columns import FAKE_SHIPPING
from handbook.audit.fake_shipping import audit_fake_shipping
from handbook.audit.loading import load
from handbook.audit.quota import audit_quota

HERE = Path(__file__).parent / "data" / "field_cases"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "field-cases"
ON = "2026-11-21"
RULE = "30-orders-30-percent"


@pytest.fixture
def audit(tmp_path, monkeypatch, capsys):
    """Run the CLI in `tmp_path` → (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)

    def call(name: str, tmp_path: Path, *options: str, kind: str = "fake-shipping") -> tuple[int, str, str]:
        extra = ["--on", ON] if kind == "fake-shipping" else []
        capsys.readouterr()
        code = run(["audit", kind, str(HERE / name), *extra, *options, "--no-progress"])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def test_02_unshipped_and_cancelled_rows_are_skipped_and_counted(tmp_path, audit):
    code, out, err = audit("02_pdd_unshipped_rows.csv", tmp_path)
    assert code == EXIT_OK, err
    assert "1 accepted + 0 rejected + 2 skipped" in out and "not shipped: 1" in out and "cancelled: 1" in out
    result = audit_fake_shipping(HERE / "02_pdd_unshipped_rows.csv", rule=RULE, on=date(2026, 11, 21))
    assert result.skipped == {"not shipped": 1, "cancelled": 1} and result.accepted == 1 and result.rejected == 0


def test_03_the_platforms_own_headers_are_known(tmp_path, audit):
    code, out, err = audit("03_quota_pdd_headers.csv", tmp_path, kind="quota")
    assert code == EXIT_OK, err
    result = audit_quota(HERE / "03_quota_pdd_headers.csv")
    assert result.accepted == 2 and result.outcomes["single_limit_exceeded"] == 1


def test_04_nul_bytes_are_rejects_and_the_xlsx_report_is_written(tmp_path, audit):
    code, out, err = audit("04_nul_bytes.csv", tmp_path, "--out", "report.xlsx")
    assert code == EXIT_REJECTS, err
    assert err == "" and "Traceback" not in out
    assert (tmp_path / "report.xlsx").is_file()
    rejects = reports.read_table(tmp_path / "report.rejects.xlsx")
    assert sorted(set(rejects["line"])) == [2, 3, 4, 5]
    assert "P\\x001" in set(rejects["value"])       # shown, escaped: XLSX cannot hold a NUL
    assert load(HERE / "04_nul_bytes.csv", FAKE_SHIPPING).accepted == 1


@pytest.mark.parametrize("name", ["05b_scientific_product_ids.csv", "05c_scientific_product_ids_verdict.csv"])
def test_05_ids_whose_digits_were_lost_are_rejects_never_a_silent_verdict(tmp_path, name, audit):
    code, out, err = audit(name, tmp_path, "--rule", RULE)
    assert code == EXIT_REJECTS
    loaded = load(HERE / name, FAKE_SHIPPING)
    assert loaded.accepted == 0 and loaded.rejected == loaded.rows_read
    assert loaded.rejects["reason"].str.contains("re-export, or format the column as text").all()


def test_05d_the_reference_with_true_ids_is_clean(tmp_path, audit):
    code, out, err = audit("05d_true_product_ids_reference.csv", tmp_path, "--rule", RULE)
    assert code == EXIT_OK, err


def test_06_money_formats_and_a_lone_dash_shown_as_it_was(tmp_path, audit):
    code, out, err = audit("06_money_formats.csv", tmp_path, "--out", "r.csv")
    assert code == EXIT_REJECTS
    loaded = load(HERE / "06_money_formats.csv", FAKE_SHIPPING)
    assert list(loaded.orders["paid_amount_fen"]) == [5990, 5990, 129900, 5990, 5990]
    rejects = reports.read_table(tmp_path / "r.rejects.csv")
    assert list(rejects["value"]) == ["-"] and list(rejects["reason"]) == ["missing value"]


def test_07_the_chinese_spreadsheet_date_layout_is_read(tmp_path, audit):
    code, out, err = audit("07_date_chinese_layout.csv", tmp_path)
    assert code == EXIT_OK, err
    loaded = load(HERE / "07_date_chinese_layout.csv", FAKE_SHIPPING)
    assert [str(d)[:10] for d in loaded.orders["shipped_on"]] == ["2026-11-20", "2026-11-20"]


def test_08a_the_header_is_found_below_a_title_line_and_reported(tmp_path, audit):
    code, out, err = audit("08a_title_line.csv", tmp_path)
    assert code == EXIT_OK, err
    assert "Header row on line 2" in out
    loaded = load(HERE / "08a_title_line.csv", FAKE_SHIPPING)
    assert loaded.source.header_line == 2 and list(loaded.orders["line"]) == [3]


def test_10a_an_old_excel_workbook_is_read(tmp_path, audit):
    code, out, err = audit("10a_biff8.xls", tmp_path)
    assert code == EXIT_OK, err
    loaded = load(HERE / "10a_biff8.xls", FAKE_SHIPPING)
    assert loaded.source.format == "xls" and loaded.accepted == 2
    assert list(loaded.orders["paid_amount_fen"]) == [5990, 1999]


def test_27_an_unterminated_quote_is_one_clear_line_and_nothing_is_written(tmp_path, audit):
    code, out, err = audit("27_unterminated_quote.csv", tmp_path, "--out", "r.csv")
    assert code == EXIT_UNUSABLE
    assert err.count("\n") == 1 and "line 2" in err and "never closes" in err
    assert list(tmp_path.iterdir()) == []


def test_37_an_impossible_offset_rejects_that_row_only(tmp_path, audit):
    code, out, err = audit("37_offset_99h.csv", tmp_path)
    assert code == EXIT_REJECTS, err
    loaded = load(HERE / "37_offset_99h.csv", FAKE_SHIPPING)
    assert list(loaded.orders["line"]) == [2, 4]
    assert list(loaded.rejects["line"]) == [3] and "invalid time offset +99:00" in loaded.rejects["reason"][0]


def test_53_rows_whose_cells_do_not_line_up_are_rejects(tmp_path, audit):
    code, out, err = audit("53_trailing_comma_then_shift.csv", tmp_path)
    assert code == EXIT_REJECTS
    loaded = load(HERE / "53_trailing_comma_then_shift.csv", FAKE_SHIPPING)
    assert list(loaded.orders["line"]) == [2]   # a trailing separator (blank extra cell) is tolerated
    assert list(loaded.rejects["line"]) == [3, 4]
    assert loaded.rejects["reason"].str.startswith("cells do not line up with the header").all()


def wide_id_file(path: Path, rows: int = 4_000, width: int = 1 << 20) -> Path:
    """41_wide_id_4k_rows.csv: 4,000 rows, one order id about 1 MB long."""
    lines = ["order_id,product_id,shipped_on,paid_amount,flagged", "X" * width + ",P1,2026-11-20,10,false"]
    lines += [f"O{i},P1,2026-11-20,10,false" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_41_memory_grows_with_the_file_not_its_widest_cell(tmp_path):
    path = wide_id_file(tmp_path / "41_wide_id_4k_rows.csv")
    tracemalloc.start()
    try:
        loaded = load(path, FAKE_SHIPPING)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert loaded.accepted == 4_000 and list(loaded.rejects["line"]) == [2]
    assert "cell too long" in loaded.rejects["reason"][0]
    assert len(loaded.rejects["value"][0]) < 300      # the rejects file shows its start and its length
    assert peak < 3 * path.stat().st_size + (16 << 20), f"peak {peak:,} bytes for a {path.stat().st_size:,}-byte file"


def test_41_through_the_command_line(tmp_path):
    wide_id_file(tmp_path / "41.csv")
    code = run(["audit", "fake-shipping", str(tmp_path / "41.csv"), "--on", ON, "--out", str(tmp_path / "r.csv")])
    assert code == EXIT_REJECTS


COVERED = {"02", "03", "04", "05b", "05c", "05d", "06", "07", "08a", "10a", "27", "37", "41", "53"}


def test_every_shared_field_case_has_an_expectation():
    copied = {p.name.split("_")[0] for p in HERE.iterdir()}
    assert copied | {"41"} == COVERED
    if SHARED.is_dir():  # the shared folder sits beside the checkout in development and CI
        shared = {p.name.split("_")[0] for p in SHARED.iterdir() if p.name != "README.md"}
        assert shared <= COVERED, f"field cases without a test: {sorted(shared - COVERED)}"


HEADER = "订单号,商品ID,发货时间,商家实收金额(元),是否虚假发货\n"


@pytest.mark.parametrize("body, code, counts", [
    ("", EXIT_OK, "Rows read: 0 = 0 accepted + 0 rejected + 0 empty"),                 # a header and no orders
    ("O1,P1,2026-11-20,35," + "是" * 5000 + "\n", EXIT_REJECTS,                          # the only row rejected
     "Rows read: 1 = 0 accepted + 1 rejected + 0 empty"),
])
def test_no_accepted_row_is_an_empty_audit_not_an_error(tmp_path, capsys, body, code, counts):
    """Found by a tester: with no accepted row the `flagged` check refused an empty column ('flagged: []')."""
    (tmp_path / "orders.csv").write_text(HEADER + body, encoding="utf-8")
    got = run(["audit", "fake-shipping", str(tmp_path / "orders.csv"), "--on", ON, "--out", str(tmp_path / "r.csv"),
               "--no-progress"])
    out, err = capsys.readouterr()
    assert got == code, err
    assert counts in out and "flagged" not in err
    assert (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"])
def test_old_mac_line_ends_are_read_like_any_other(tmp_path, capsys, end):
    """Found by a tester: CR-only line ends (Excel for Mac 'CSV (Macintosh)') were 'no header row: the first
    rows are empty'. The title line, the header line and each reject's line number are as with LF."""
    lines = ["订单导出", HEADER.strip(), "O1,P1,2026-11-20,5,是", "O2,P1,2026-11-20,5,x"]
    (tmp_path / "orders.csv").write_bytes(end.join(lines).encode("utf-8") + end.encode())
    code = run(["audit", "fake-shipping", str(tmp_path / "orders.csv"), "--on", ON, "--out", str(tmp_path / "r.csv"),
                "--no-progress"])
    out, err = capsys.readouterr()
    assert code == EXIT_REJECTS, err
    assert "1 accepted + 1 rejected" in out and "Header row on line 2" in out
    rejects = (tmp_path / "r.rejects.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejects[1].startswith("4,是否虚假发货,flagged,x,")  # the header as in the file, then the field
