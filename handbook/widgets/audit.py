"""Upload an order export in the notebook and see its fake-shipping exposure (04-fake-shipping).

A thin view over `handbook.audit.fake_shipping` (which calls `handbook.rules.fake_shipping.exposure`
unchanged): the same reading, validation and numbers as ``python -m handbook audit fake-shipping``.
Until a file is uploaded, and whenever "Sample export" is chosen, it audits the small export shipped
in ``notebooks/data/``, so a static page and nbval show a real result.
"""

from __future__ import annotations

import base64
import html
import tempfile
from dataclasses import dataclass
from datetime import UTC, date
from functools import lru_cache
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from handbook.areas import area
from handbook.audit.fake_shipping import FakeShippingAudit, audit_fake_shipping
from handbook.audit.reports import printable
from handbook.audit.safety import neutralise_frame
from handbook.errors import PolicyInputError
from handbook.explain import Explanation
from handbook.palette import COLORS
from handbook.plots.audit import draw_exposure, new_exposure_figure, top_product_days, verdict
from handbook.rules.fake_shipping import RULES
from handbook.widgets.base import STYLE, Calculator, ChartView

__all__ = ["fake_shipping_upload"]

SAMPLE = Path(__file__).resolve().parents[2] / "notebooks" / "data" / "fake_shipping_orders.csv"
EXAMPLE_DATE = area("fake_shipping").example_date  # the notebook's TODAY (handbook/areas.py)
SHOWN = 15                         # rows of each table shown in the widget (the download has them all)
DOWNLOAD_LIMIT = 5_000_000         # bytes: larger reports are not offered as an in-page download
e = html.escape


@dataclass(frozen=True)
class UploadAudit:
    """What the upload widget shows: the audit of one file under one rule."""

    name: str           # the file name as uploaded (or the sample's)
    sample: bool
    rule: str
    audit: FakeShippingAudit

    @property
    def table(self) -> pd.DataFrame:
        return self.audit.exposure(self.rule)

    def explain(self) -> Explanation:
        return self.audit.explain()


@lru_cache(maxsize=8)
def _sample_audit(path: str, rule: str, on: date) -> FakeShippingAudit:
    return audit_fake_shipping(path, rule=rule, on=on, progress=False)


def audit_upload(upload: Any, source: str, rule: str, *, sample: Path = SAMPLE,
                 on: date = EXAMPLE_DATE) -> UploadAudit:
    """Audit the uploaded file (`FileUpload.value`) or the sample export, under `rule`."""
    if rule not in RULES:
        raise PolicyInputError("rule", rule, "one of " + ", ".join(repr(r) for r in RULES))
    if source == "sample":
        return UploadAudit(sample.name, True, rule, _sample_audit(str(sample), rule, on))
    files = list(upload or ())
    if not files:
        raise PolicyInputError("export", None, "a .csv or .xlsx order export (use the upload button)",
                               reason="no file uploaded yet")
    file = files[-1]
    name = str(file.get("name") or "upload.csv")
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise PolicyInputError("export", name, "a .csv or .xlsx order export", reason="unknown file type")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(bytes(file["content"]))
        audit = audit_fake_shipping(path, rule=rule, on=on, progress=False)
    return UploadAudit(name, False, rule, audit)


def upload_value(name: str, content: bytes) -> tuple[dict, ...]:
    """A `FileUpload.value` holding one file, as the browser sends it (for tests and scripted use)."""
    from datetime import datetime

    return ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
             "last_modified": datetime(2026, 11, 21, tzinfo=UTC)},)


def _table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{e(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table class='hb-audit-table'><tr>{head}</tr>{body}</table>"


def _download(frame: pd.DataFrame, name: str, label: str) -> str:
    data = neutralise_frame(printable(frame)).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    if len(data) > DOWNLOAD_LIMIT:
        return f"<span>{e(label)}: too large for an in-page download, use the command line</span>"
    href = "data:text/csv;base64," + base64.b64encode(data).decode("ascii")
    return f"<a download='{e(name)}' href='{href}'>{e(label)}</a>"


def _upload_html(view: UploadAudit) -> str:
    a, table = view.audit, view.table
    totals = next(t for t in a.totals if t.rule == view.rule)
    what = "sample export" if view.sample else "uploaded export"
    counts = (f"Rows read: {a.rows_read:,} = {a.accepted:,} accepted + {a.rejected:,} rejected "
              f"+ {len(a.empty_lines):,} empty")
    head = (f"<p><b>{e(view.name)}</b> ({what}, {e(a.encoding)}): {counts}.</p>"
            f"<p>Rule <b>{e(view.rule)}</b>, figures in force on {a.on}: <b>{totals.compensation:,} yuan</b> "
            f"over {totals.orders_counted:,} counted orders; {totals.whole_days:,} whole day(s), "
            f"{totals.products_at_risk:,} product(s) at risk, {totals.restricted_days:,} product-day(s) "
            f"restricting the store; {totals.product_days:,} product-days in all.</p>")
    top = top_product_days(table, SHOWN)
    shown = pd.DataFrame({
        "product": top["product_id"].astype(str), "shipped on": top["shipped_on"].astype(str).str[:10],
        "detected / shipped": [f"{r.detected}/{r.shipped} ({r.detected_share:.1%})" for r in top.itertuples()],
        "verdict": [verdict(bool(r.whole_day), bool(r.store_restricted)) for r in top.itertuples()],
        "orders counted": top["orders_counted"], "compensation (yuan)": top["compensation"].map("{:,}".format),
    })
    exposure_part = (f"<p>Largest exposure ({min(len(top), SHOWN)} of {len(table):,} product-days):</p>"
                     + _table_html(shown)) if len(top) else "<p>No product-day has any exposure.</p>"
    stem = Path(view.name).stem
    links = _download(a.report[a.report["rule"] == view.rule], f"{stem}.exposure.csv", "Download the full report (CSV)")
    if a.rejected:
        rejects = a.rejects.head(SHOWN)
        rejects_part = (f"<p style='color:{COLORS['bad']}'>{a.rejected:,} row(s) rejected ({len(a.rejects):,} problems); "
                        f"line numbers as in the file (header = line 1). They are not in the figures above.</p>"
                        + _table_html(rejects))
        links += " · " + _download(a.rejects, f"{stem}.rejects.csv", "Download the rejects (CSV)")
    else:
        rejects_part = "<p>No row rejected.</p>"
    return head + exposure_part + rejects_part + f"<p>{links}</p>"


def fake_shipping_upload(*, rule: str = "30-orders-30-percent", sample: str | Path = SAMPLE,
                         on: date = EXAMPLE_DATE) -> Calculator:
    """Upload an order export (CSV/XLSX, Chinese or English headers) and see its fake-shipping exposure.

    Defaults: the sample export of `notebooks/data/`, rule "30-orders-30-percent", figures in force on
    the notebooks' example day. The result is `calc.last_result` (an `UploadAudit`).
    """
    sample = Path(sample)
    upload = widgets.FileUpload(accept=".csv,.xlsx", multiple=False, description="Upload export")
    source = widgets.ToggleButtons(options=[("Sample export", "sample"), ("Uploaded file", "upload")],
                                   value="sample", description="Audit", style=STYLE)
    rule_box = widgets.Dropdown(options=list(RULES), value=rule, description="Rule", style=STYLE)
    figure = new_exposure_figure()
    chart = ChartView(figure, lambda fig, view: draw_exposure(fig, view.table, rule=view.rule))

    def compute(upload: Any, source: str, rule: str) -> UploadAudit:
        return audit_upload(upload, source, rule, sample=sample, on=on)

    calc = Calculator(
        title="Audit an order export: fake-shipping exposure (虚假发货)", name="fake-shipping-upload",
        controls={"upload": upload, "source": source, "rule": rule_box},
        compute=compute, render=_upload_html, chart=chart,
    )

    def uploaded(change: dict) -> None:
        if change["new"]:
            source.value = "upload"   # refreshes the calculator with the new file

    upload.observe(uploaded, names="value")
    return calc
