"""Upload an order export in the notebook and see its fake-shipping exposure (04-fake-shipping).

A thin view over `handbook.audit.fake_shipping` (which calls `handbook.rules.fake_shipping.exposure`
unchanged): the same reading, validation and numbers as ``python -m handbook audit fake-shipping``.
Until a file is uploaded, and whenever "Sample export" is chosen, it audits the small export shipped
in ``notebooks/data/``, so a static page and nbval show a real result.

A file that cannot be audited (wrong type, unreadable, a column missing, larger than `UPLOAD_LIMIT`)
gives a message in the trainee's words and clears the previous file's figures (the `Calculator` base):
never the server's temporary path, a command-line flag or a Python error. The browser sends an upload
to the kernel in one WebSocket message; the app's page script (`app/share/.../page.html`) replaces a file
over the limit by a small marker (`TOO_LARGE_MARKER`) before it is sent, so a large file gets the same
message instead of breaking the connection, and `make lab` / the app accept messages well above the limit.
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

from handbook.audit.fake_shipping import FakeShippingAudit, audit_fake_shipping
from handbook.audit.reports import printable
from handbook.audit.safety import neutralise_frame
from handbook.errors import PolicyInputError
from handbook.explain import Explanation
from handbook.plots.audit import draw_exposure, new_exposure_figure, top_product_days, verdict
from handbook.rules.fake_shipping import RULES
from handbook.widgets.base import STYLE, Calculator, ChartView

__all__ = ["fake_shipping_upload"]

SAMPLE = Path(__file__).resolve().parents[2] / "notebooks" / "data" / "fake_shipping_orders.csv"
EXAMPLE_DAY = date(2026, 11, 21)  # the notebooks' TODAY
SHOWN = 15                         # rows of each table shown in the widget (the download has them all)
DOWNLOAD_LIMIT = 5_000_000         # bytes: larger reports are not offered as an in-page download
UPLOAD_LIMIT = 20_000_000          # bytes (20 MB, about 300,000 rows): larger exports go to the command line
#: what the app's page script uploads instead of a file over UPLOAD_LIMIT: the marker, then the file's size
TOO_LARGE_MARKER = b"handbook:file-too-large:"
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
                 on: date = EXAMPLE_DAY) -> UploadAudit:
    """Audit the uploaded file (`FileUpload.value`) or the sample export, under `rule`."""
    if rule not in RULES:
        raise PolicyInputError("rule", rule, "one of " + ", ".join(repr(r) for r in RULES))
    if source == "sample":
        return UploadAudit(sample.name, True, rule, _sample_audit(str(sample), rule, on))
    files = list(upload or ())
    if not files:
        raise PolicyInputError("export", None, "an order export saved as .csv or .xlsx (press “Upload export”)",
                               reason="no file uploaded yet")
    file = files[-1]
    name = str(file.get("name") or "upload.csv")
    content = bytes(file["content"])
    size = _declared_size(content, file)
    if size > UPLOAD_LIMIT:
        raise PolicyInputError(
            "export", name, f"a file of at most {megabytes(UPLOAD_LIMIT)} here; for a larger export, split it "
            "into smaller files (by date) or ask whoever runs the handbook's audit command to run it",
            reason=f"the file is {megabytes(size)}")
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise PolicyInputError("export", name, UPLOAD_ACCEPTED, reason="not a .csv or .xlsx file")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            audit = audit_fake_shipping(path, rule=rule, on=on, progress=False)
        except PolicyInputError as exc:
            raise plain_upload_error(exc, name, path) from None
        except Exception:  # a file no reader understands: say so, never a traceback  # noqa: BLE001
            raise PolicyInputError("export", name, UPLOAD_ACCEPTED,
                                   reason="it could not be read as a .csv or .xlsx file") from None
    return UploadAudit(name, False, rule, audit)


UPLOAD_ACCEPTED = ("an order export from the back office saved as .csv (UTF-8 or GB18030) or .xlsx, "
                   "with a header row")


def megabytes(size: int) -> str:
    """A file size for reading: '20.0 MB', '123.5 MB', '1 kB'."""
    return f"{size / 1_000_000:,.1f} MB" if size >= 100_000 else f"{max(size, 1) / 1_000:,.0f} kB"


def _declared_size(content: bytes, file: dict) -> int:
    """The file's size: the uploaded bytes, or the size the page script reports for a file it held back."""
    if content.startswith(TOO_LARGE_MARKER):
        digits = content[len(TOO_LARGE_MARKER):].decode("ascii", "replace").strip()
        return int(digits) if digits.isdigit() else UPLOAD_LIMIT + 1
    return max(len(content), int(file.get("size") or 0))


def plain_upload_error(exc: PolicyInputError, name: str, path: Path) -> PolicyInputError:
    """An audit error restated for someone who uploaded `name` in a page: the file's own name instead of
    the temporary path, and what to change in the file instead of command-line options."""
    def words(text: str | None) -> str | None:
        if text is None:
            return None
        for temporary in (str(path), str(path.parent)):
            text = text.replace(temporary, name)
        text = (text.replace("; name it with --columns field=header", "; rename that column in the file, "
                             "save it and upload it again")
                    .replace("; pick one with --columns field=header", ": rename or delete the others, "
                             "save the file and upload it again")
                    .replace("; pass --encoding", "; save it again as CSV UTF-8 or as .xlsx"))
        return text.replace("; or any Python codec name", "")

    reason = words(exc.reason)
    if exc.field == "columns":  # the value is the column's field name: say which column, of the file
        reason = f"{reason}: {exc.value}" if reason and not reason.startswith("several") else f"{exc.value}: {reason}"
    accepted = UPLOAD_ACCEPTED if exc.field in ("orders", "encoding") else words(exc.accepted)
    return PolicyInputError("export", name, accepted, reason=reason)


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


def render_upload(view: UploadAudit) -> str:
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
        rejects_part = (f"<p style='color:#b71c1c'>{a.rejected:,} row(s) rejected ({len(a.rejects):,} problems); "
                        f"line numbers as in the file (header = line 1). They are not in the figures above.</p>"
                        + _table_html(rejects))
        links += " · " + _download(a.rejects, f"{stem}.rejects.csv", "Download the rejects (CSV)")
    else:
        rejects_part = "<p>No row rejected.</p>"
    return head + exposure_part + rejects_part + f"<p>{links}</p>"


def fake_shipping_upload(*, rule: str = "30-orders-30-percent", sample: str | Path = SAMPLE,
                         on: date = EXAMPLE_DAY) -> Calculator:
    """Upload an order export (CSV/XLSX, Chinese or English headers) and see its fake-shipping exposure.

    Defaults: the sample export of `notebooks/data/`, rule "30-orders-30-percent", figures in force on
    the notebooks' example day. The result is `calc.last_result` (an `UploadAudit`).
    """
    sample = Path(sample)
    upload = widgets.FileUpload(accept=".csv,.xlsx", multiple=False, description="Upload export",
                                tooltip=f"A .csv or .xlsx order export, at most {megabytes(UPLOAD_LIMIT)}")
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
        compute=compute, render=render_upload, chart=chart,
    )

    def uploaded(change: dict) -> None:
        if change["new"]:
            source.value = "upload"   # refreshes the calculator with the new file

    upload.observe(uploaded, names="value")
    return calc
