"""Audit reports and the command line: formula injection, XLSX out, exit codes, CLI = widget = exposure()."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.__main__ import run
from handbook.audit import reports
from handbook.audit.fake_shipping import REPORT_COLUMNS, audit_fake_shipping
from handbook.audit.safety import dangerous, neutralise, neutralise_frame
from handbook.plots.audit import VERDICT_COLORS, exposure_chart, top_product_days
from handbook.rules.fake_shipping import OUTPUT_COLUMNS, RULES, exposure
from handbook.widgets.audit import fake_shipping_upload, upload_value

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "notebooks" / "data" / "fake_shipping_orders.csv"
QUOTA_SAMPLE = ROOT / "notebooks" / "data" / "quota_orders.csv"
ON = date(2026, 11, 21)


# ------------------------------------------------------------------------------ formula injection

@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+86 21", "'+86 21"), ("@SUM(A1)", "'@SUM(A1)"), ("-x", "'-x"), ("+A1", "'+A1"),
    ("-1+1", "'-1+1"), (" =1", "' =1"), ("\t=1", "'\t=1"), ("\r\n@x", "'\r\n@x"),
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    # what is no formula stays exactly as the export held it
    ("-", "-"), ("--", "--"), ("-5.00", "-5.00"), ("+86", "+86"), ("-1,299.00", "-1,299.00"), ("\tPDD1", "\tPDD1"),
    ("\rX", "\rX"), ("SKU1", "SKU1"), ("", ""), ("商品=1", "商品=1"), (-5, -5), (1.5, 1.5), (None, None),
])
def test_neutralise_one_cell(text, safe):
    assert neutralise(text) == safe


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_no_neutralised_text_starts_a_formula(text):
    out = neutralise(text)
    assert not dangerous(out)
    assert out == text or out == "'" + text
    if text.lstrip(" \t\r\n")[:1] not in ("=", "@", "+", "-"):
        assert out == text


def test_neutralise_frame_leaves_numbers_and_categories_consistent():
    frame = pd.DataFrame({"id": pd.Categorical(["=A", "B", "=A"]), "n": [-1, 2, 3], "t": ["-x", "y", None]})
    out = neutralise_frame(frame)
    assert list(out["id"].astype(str)) == ["'=A", "B", "'=A"]
    assert list(out["n"]) == [-1, 2, 3] and list(out["t"][:2]) == ["'-x", "y"] and pd.isna(out["t"][2])


def malicious_export(tmp_path: Path) -> Path:
    lines = ["order_id,product_id,shipped_on,paid_amount,flagged",
             "A1,=HYPERLINK(\"http://evil\"),2026-11-20,50.00,1",
             "A2,@cmd,2026-11-20,20.00,0",
             "=2+3,P1,=NOW(),-1,0"]
    path = tmp_path / "evil.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_report_and_rejects_are_neutralised(tmp_path):
    code = run(["audit", "fake-shipping", str(malicious_export(tmp_path)), "--on", "2026-11-21",
                "--out", str(tmp_path / "r.csv")])
    assert code == 1
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@cmd" in text
    assert not any(dangerous(cell) for line in text.splitlines() for cell in line.split(","))
    rejects = reports.read_table(tmp_path / "r.rejects.csv")
    assert list(rejects["value"]) == ["'=NOW()", "-1"]


def test_xlsx_report_cells_are_text_and_neutralised(tmp_path):
    from openpyxl import load_workbook

    run(["audit", "fake-shipping", str(malicious_export(tmp_path)), "--on", "2026-11-21", "--rule",
         "30-orders-30-percent", "--out", str(tmp_path / "r.xlsx")])
    sheet = load_workbook(tmp_path / "r.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == REPORT_COLUMNS
    products = [r[1] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in products and "'@cmd" in products
    for row in sheet.iter_rows(min_row=2):
        assert row[1].data_type == "s"            # text, never a formula
        assert isinstance(row[8].value, int)      # compensation stays a number
    rejects = load_workbook(tmp_path / "r.rejects.xlsx").active
    assert {r[3] for r in rejects.iter_rows(min_row=2, values_only=True)} == {"'=NOW()", "-1"}


# ------------------------------------------------------------------------------ identical results

def exposure_by_hand(path: Path, rule: str) -> pd.DataFrame:
    """`exposure()` on the sample's good rows, read with plain pandas (no audit code)."""
    raw = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    raw.columns = ["order_id", "product_id", "shipped_on", "paid_amount", "flagged"]
    audit = audit_fake_shipping(path, rule=rule, on=ON)
    bad_lines = set(audit.rejects["line"])
    good = raw[[i + 2 not in bad_lines for i in range(len(raw))]].copy()
    good["shipped_on"] = good["shipped_on"].str[:10]
    good["flagged"] = good["flagged"] == "是"
    return exposure(good, rule=rule, on=ON)


def normalised(table: pd.DataFrame) -> pd.DataFrame:
    out = table[list(OUTPUT_COLUMNS)].copy()
    out["product_id"] = out["product_id"].astype(str)
    out["shipped_on"] = out["shipped_on"].astype(str).str[:10]
    for c in ("shipped", "detected", "orders_counted", "compensation"):
        out[c] = out[c].astype(np.int64)
    out["detected_share"] = out["detected_share"].astype(float)
    for c in ("whole_day", "store_restricted"):
        out[c] = out[c].map(lambda v: v if isinstance(v, (bool, np.bool_)) else v == "True").astype(bool)
    return out.reset_index(drop=True)


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cli_widget_and_exposure_agree(tmp_path, rule, suffix):
    direct = normalised(exposure_by_hand(SAMPLE, rule))
    report = tmp_path / f"report{suffix}"
    assert run(["audit", "fake-shipping", str(SAMPLE), "--rule", rule, "--on", "2026-11-21",
                "--out", str(report)]) == 1   # the sample has rejects, on purpose
    cli = reports.read_table(report)
    assert set(cli["rule"]) == {rule}
    pd.testing.assert_frame_equal(normalised(cli), direct)
    calc = fake_shipping_upload(rule=rule, on=ON)
    pd.testing.assert_frame_equal(normalised(calc.last_result.table), direct)
    data = SAMPLE.read_bytes()
    calc.controls["upload"].value = upload_value("mine.csv", data)
    assert calc.controls["source"].value == "upload" and not calc.last_result.sample
    pd.testing.assert_frame_equal(normalised(calc.last_result.table), direct)


def test_sample_exercises_both_rules():
    audit = audit_fake_shipping(SAMPLE, on=ON)
    totals = {t.rule: t for t in audit.totals}
    assert totals["30-orders-30-percent"].whole_days == 1 and totals["10-orders-5-percent"].whole_days == 2
    assert totals["10-orders-5-percent"].restricted_days == 2 and totals["30-orders-30-percent"].restricted_days == 0
    assert audit.rows_read == audit.accepted + audit.rejected + len(audit.empty_lines)
    assert audit.rejected == 5 and len(audit.rejects) == 5  # 12.5元 is an amount


# ---------------------------------------------------------------------------------------- the CLI

def test_cli_exit_codes_rejects_beside_the_report_and_input_untouched(tmp_path, capsys):
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert run(["audit", "fake-shipping", str(SAMPLE), "--out", str(tmp_path / "out.csv"), "--on", "2026-11-21"]) == 1
    printed = capsys.readouterr().out
    assert "Rows read: 185 = 180 accepted + 5 rejected + 0 empty" in printed
    assert "30-orders-30-percent" in printed and "10-orders-5-percent" in printed and "3,555 yuan" in printed
    assert (tmp_path / "out.rejects.csv").exists()
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() == digest

    clean = tmp_path / "clean.csv"
    clean.write_text("order_id,product_id,shipped_on,paid_amount,flagged\nA1,P1,2026-11-20,50,1\n", encoding="utf-8")
    assert run(["audit", "fake-shipping", str(clean), "--out", str(tmp_path / "c.xlsx"), "--on", "2026-11-21"]) == 0
    assert "Rejects: none" in capsys.readouterr().out
    assert reports.read_table(tmp_path / "c.rejects.xlsx").empty


@pytest.mark.parametrize("args, message", [
    (["--out", "{orders}"], "would overwrite the input"),
    (["--out", "{tmp}/report.txt"], "unknown format"),
    (["--out", "{tmp}/missing/report.csv"], "no such folder"),
    (["--columns", "colour=颜色"], "not a field of this audit"),
    (["--encoding", "nope"], "unknown encoding"),
])
def test_cli_unusable_commands_exit_2(tmp_path, capsys, args, message):
    orders = tmp_path / "orders.csv"
    orders.write_bytes(SAMPLE.read_bytes())
    args = [a.format(orders=orders, tmp=tmp_path) for a in args]
    assert run(["audit", "fake-shipping", str(orders), *args]) == 2
    assert message in capsys.readouterr().err
    assert orders.read_bytes() == SAMPLE.read_bytes()


def test_cli_without_out_writes_rejects_in_the_current_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run(["audit", "quota", str(QUOTA_SAMPLE)]) == 1
    assert (tmp_path / "quota_orders.rejects.csv").exists()
    out = capsys.readouterr().out
    assert "annual_limit_exceeded" in out and "Rows read: 14 = 13 accepted + 1 rejected" in out


def test_help_explains_the_columns_with_an_example_row():
    for kind, example in (("fake-shipping", "订单号,商品ID,发货时间,商家实收金额(元),是否虚假发货"),
                          ("quota", "订单号,买家ID,下单时间,订单金额(元),本年已用额度(元)")):
        done = subprocess.run([sys.executable, "-m", "handbook", "audit", kind, "--help"], capture_output=True,
                              text=True, cwd=ROOT, check=True)
        assert example in done.stdout and "exit status" in done.stdout and "line 1" in done.stdout


def test_progress_bar_on_request(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # without --out the rejects file goes to the current folder
    assert run(["audit", "fake-shipping", str(SAMPLE), "--progress", "--on", "2026-11-21"]) == 1
    assert "rows" in capsys.readouterr().err


# ------------------------------------------------------------------------------------ widget, plot

def test_widget_defaults_to_the_sample_and_shows_errors_in_plain_words():
    calc = fake_shipping_upload()
    assert calc.name == "fake-shipping-upload" and calc.last_error is None
    assert "fake_shipping_orders.csv" in repr(calc) and "3,555 yuan" in repr(calc)
    assert "5 row(s) rejected" in calc.result.value and calc.chart.image.value
    calc.controls["source"].value = "upload"
    assert "Export: nothing entered" in calc.result.value and "Traceback" not in calc.result.value
    calc.controls["upload"].value = upload_value("notes.txt", b"hello")
    assert "no column for this field" in calc.result.value     # read as text, whatever the name
    assert calc.chart.image.layout.display == "none"           # no figures of an earlier file beside an error
    calc.controls["upload"].value = upload_value("broken.csv", b"a,b\n1,2\n")
    assert "no column for this field" in calc.result.value
    calc.controls["source"].value = "sample"
    assert calc.last_result.sample and "3,555 yuan" in repr(calc)


@pytest.mark.parametrize("name, content, words", [
    ("notes.txt", b"hello", "no column for this field: order_id"),
    ("broken.csv", b"a,b\n1,2\n", "no column for this field: order_id"),
    ("broken.xlsx", b"PK\x03\x04broken", "cannot open as XLSX"),
    ("bad.csv", "订单号,商品ID\n".encode("gb18030") + b"\x81\x30\xff\n", "save it again as CSV UTF-8"),
    ("x.csv", b"\xff\xfe\x00\x00abc\x80\x81", "not a text file"),
    ("huge.csv", b"handbook:file-too-large:123456789", "the file is 123.5 MB"),
    ("empty.csv", b"", "the upload arrived empty"),
])
def test_a_failed_upload_clears_the_previous_totals_and_says_what_to_fix(name, content, words):
    calc = fake_shipping_upload()
    calc.controls["upload"].value = upload_value("good.csv", SAMPLE.read_bytes())
    assert not calc.last_result.sample and "3,555 yuan" in calc.result.value
    assert calc.chart.image.layout.visibility is None and "hb-stale" not in calc._dom_classes
    calc.controls["upload"].value = upload_value(name, content)
    shown = calc.result.value
    assert calc.last_result is None and words in shown and f"“{name}”" in shown
    assert "3,555" not in shown and calc.explanation.value == ""            # nothing of good.csv stays
    assert calc.chart.image.layout.visibility == "hidden" and "hb-stale" in calc._dom_classes
    for code_words in ("--columns", "--encoding", "/tmp", "upload.csv", "upload.xlsx", "Traceback", "codec"):
        assert code_words not in shown, code_words
    calc.controls["upload"].value = upload_value("good.csv", SAMPLE.read_bytes())
    assert "3,555 yuan" in calc.result.value and calc.chart.image.layout.visibility is None


def test_an_upload_over_the_limit_is_refused_with_its_size(monkeypatch):
    from handbook.widgets import audit as audit_widget

    monkeypatch.setattr(audit_widget, "UPLOAD_LIMIT", 1_000)
    calc = fake_shipping_upload()
    calc.controls["upload"].value = upload_value("big.csv", SAMPLE.read_bytes())
    assert calc.last_result is None and "a file of at most 1 kB here" in calc.result.value
    assert "the file is" in calc.result.value and "split it" in calc.result.value


def test_widget_audits_an_uploaded_xlsx(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["订单号", "商品ID", "发货时间", "商家实收金额(元)", "是否虚假发货"])
    book.active.append(["A1", "P1", "2026-11-20 10:00:00", 50, "是"])
    book.save(tmp_path / "x.xlsx")
    calc = fake_shipping_upload()
    calc.controls["upload"].value = upload_value("x.xlsx", (tmp_path / "x.xlsx").read_bytes())
    assert calc.last_result.name == "x.xlsx" and int(calc.last_result.table["compensation"].sum()) == 12


def test_plot_shows_the_largest_product_days_coloured_by_verdict():
    audit = audit_fake_shipping(SAMPLE, rule="10-orders-5-percent", on=ON)
    table = audit.exposure()
    chart = exposure_chart(table, rule="10-orders-5-percent")
    ax = chart.figure.axes[0]
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == sorted(top_product_days(table)["compensation"].tolist())  # largest drawn at the top
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "SKU10001 2026-11-20"
    from matplotlib.colors import to_hex
    assert to_hex(ax.patches[-1].get_facecolor()) == VERDICT_COLORS["whole day, store restricted"]
    assert "5,555 yuan" in chart.figure.get_suptitle()
