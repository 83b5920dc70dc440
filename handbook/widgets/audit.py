"""Upload an export in the notebook and see its audit: fake shipping (04), chargebacks (02), 1688 deposit (03).

Thin views over `handbook.audit` (which calls the rules unchanged): the same reading, validation and
numbers as ``python -m handbook audit ...``. Until a file is uploaded, and whenever "Sample export" is
chosen, each audits the small export shipped in ``notebooks/data/``, so a static page and nbval show a
real result. The format is read from the file's content (CSV/TSV, XLSX, XLS, HTML table), whatever its
name. A file above `UPLOAD_LIMIT` bytes is refused in plain words (the notebook's connection carries
about 10 MiB; larger exports belong on the command line); after any failed upload the widget shows
only the error, never the previous file's figures (the `Calculator` base clears them).

Errors read as the trainee sees the upload: the file's own name, never the server's temporary path, and
what to change in the file rather than a command-line flag (`plain_upload_error`). A file over the limit
gets a message, never silence: the app's page script (app/share/voila/templates/handbook/index.html.j2)
replaces it, before it is sent, by a small marker holding its size (`TOO_LARGE_MARKER`), because the
connection would drop a message that large and the upload would vanish; `make lab` and the app accept
messages well above the limit, so a file just over it arrives and is refused here by its size.
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

from handbook import policy
from handbook.areas import area
from handbook.audit.fake_shipping import FakeShippingAudit, audit_fake_shipping
from handbook.audit.reports import printable
from handbook.audit.safety import neutralise_frame
from handbook.errors import PolicyInputError
from handbook.explain import Explanation
from handbook.palette import COLORS
from handbook.plots.audit import draw_exposure, new_exposure_figure, top_product_days, verdict
from handbook.policy.units import format_yuan
from handbook.rules.fake_shipping import RULES
from handbook.widgets.base import STYLE, Calculator, ChartView

__all__ = ["chargebacks_upload", "deposit_upload", "fake_shipping_upload"]

DATA = Path(__file__).resolve().parents[2] / "notebooks" / "data"
SAMPLE = DATA / "fake_shipping_orders.csv"
UPLOAD_LIMIT = 10 * 1024 * 1024
#: what the app's page script uploads instead of a file over UPLOAD_LIMIT: the marker, then the file's size
TOO_LARGE_MARKER = b"handbook:file-too-large:"
ACCEPT = ".csv,.tsv,.txt,.xlsx,.xls,.htm,.html"
LIMIT_NOTE = ("<small>CSV, XLSX, XLS or an HTML-table export, up to 10 MB; larger files: "
              "<code>python -m handbook audit ...</code></small>")
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


def upload_button() -> widgets.FileUpload:
    return widgets.FileUpload(accept=ACCEPT, multiple=False, description="Upload export",
                              tooltip="CSV, XLSX, XLS or HTML-table export, up to 10 MB")


class UploadCalculator(Calculator):
    """A calculator over an uploaded file: on an error it shows the error alone (chart hidden), so the
    figures of a previous file never stand beside a failed upload."""

    def refresh(self) -> None:
        super().refresh()
        if self.chart is not None:
            self.chart.image.layout.display = "none" if self.last_error is not None else None


@lru_cache(maxsize=8)
def _cached_sample_audit(path: str, rule: str, on: date, figures: tuple) -> FakeShippingAudit:
    return audit_fake_shipping(path, rule=rule, on=on, progress=False)


def _sample_audit(path: str, rule: str, on: date) -> FakeShippingAudit:
    """The sample's audit, cached by the fake-shipping figures in force on `on` (so a what-if scenario that
    changes one is audited afresh, never served the registry's result)."""
    figures = tuple((pid, policy.get(pid, on)) for pid in area("fake_shipping").parameter_ids())
    return _cached_sample_audit(path, rule, on, figures)


def audit_upload(upload: Any, source: str, rule: str, *, sample: Path = SAMPLE,
                 on: date | None = None) -> UploadAudit:
    """Audit the uploaded file (`FileUpload.value`) or the sample export, under `rule`."""
    on = on or policy.today()
    if rule not in RULES:
        raise PolicyInputError("rule", rule, "one of " + ", ".join(repr(r) for r in RULES))
    if source == "sample":
        return UploadAudit(sample.name, True, rule, _sample_audit(str(sample), rule, on))
    name, audit = run_upload(upload, lambda path: audit_fake_shipping(path, rule=rule, on=on, progress=False))
    return UploadAudit(name, False, rule, audit)


def run_upload(upload: Any, audit: Any) -> tuple[str, Any]:
    """Write the last uploaded file to a temporary folder and run `audit(path)` on it → (name, result)."""
    files = list(upload or ())
    if not files:
        raise PolicyInputError("export", None, "a CSV, XLSX or XLS export (use the upload button)",
                               reason="no file uploaded yet")
    file = files[-1]
    name = str(file.get("name") or "upload")
    content = bytes(file.get("content") or b"")
    size = _declared_size(content, file)
    if size > UPLOAD_LIMIT:
        raise PolicyInputError(
            "export", name, f"a file of at most {megabytes(UPLOAD_LIMIT)} here; for a larger export, split it "
            "into smaller files (by date) or ask whoever runs the handbook's audit command to run it",
            reason=f"too large to upload: the file is {megabytes(size)}")
    if not content:
        raise PolicyInputError("export", name, "a CSV, XLSX or XLS export", reason="the upload arrived empty")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("upload" + Path(name).suffix.lower()[:8])
        path.write_bytes(content)
        try:
            return name, audit(path)
        except PolicyInputError as exc:
            raise plain_upload_error(exc, name, path) from None


UPLOAD_ACCEPTED = "an export from the back office saved as CSV (UTF-8 or GB18030), XLSX or XLS, with a header row"


def megabytes(size: int) -> str:
    """A file size for reading: '10.5 MB', '123.5 MB', '1 kB' (MB = 1,000,000 bytes)."""
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
    return head + exposure_part + rejects_part + f"<p>{links}</p>" + LIMIT_NOTE


def fake_shipping_upload(*, rule: str = "30-orders-30-percent", sample: str | Path = SAMPLE,
                         on: date | None = None) -> Calculator:
    """Upload an order export (CSV/XLSX, Chinese or English headers) and see its fake-shipping exposure.

    Defaults: the sample export of `notebooks/data/`, rule "30-orders-30-percent", figures in force on
    the as-of date (`policy.today()`). The result is `calc.last_result` (an `UploadAudit`).
    """
    sample = Path(sample)
    upload = upload_button()
    source = widgets.ToggleButtons(options=[("Sample export", "sample"), ("Uploaded file", "upload")],
                                   value="sample", description="Audit", style=STYLE)
    rule_box = widgets.Dropdown(options=list(RULES), value=rule, description="Rule", style=STYLE)
    figure = new_exposure_figure()
    chart = ChartView(figure, lambda fig, view: draw_exposure(fig, view.table, rule=view.rule))

    def compute(upload: Any, source: str, rule: str) -> UploadAudit:
        return audit_upload(upload, source, rule, sample=sample, on=on)

    calc = UploadCalculator(
        title="Audit an order export: fake-shipping exposure (虚假发货)", name="fake-shipping-upload",
        controls={"upload": upload, "source": source, "rule": rule_box},
        compute=compute, render=_upload_html, chart=chart,
    )

    def uploaded(change: dict) -> None:
        if change["new"]:
            source.value = "upload"   # refreshes the calculator with the new file

    upload.observe(uploaded, names="value")
    return calc


# --- chargebacks, deposit -----------------------------------------------------------------------------------

CHARGEBACK_SAMPLE = DATA / "chargeback_notices.csv"
DEPOSIT_SAMPLE = DATA / "deposit_1688_orders.csv"


@dataclass(frozen=True)
class UploadResult:
    """An audit of the sample or an uploaded file, for the chargeback and deposit widgets."""

    name: str
    sample: bool
    audit: Any

    def explain(self) -> Explanation:
        return self.audit.explain()


def _counts_html(name: str, sample: bool, audit: Any) -> str:
    skipped = sum(getattr(audit, "skipped", {}).values())
    extra = f" + {skipped:,} skipped" if skipped else ""
    what = "sample export" if sample else "uploaded export"
    return (f"<p><b>{e(name)}</b> ({what}, {e(audit.read_as or audit.encoding)}): rows read {audit.rows_read:,} = "
            f"{audit.accepted:,} accepted + {audit.rejected:,} rejected{extra} + {len(audit.empty_lines):,} empty.</p>")


def _rejects_html(audit: Any, stem: str) -> tuple[str, str]:
    if not audit.rejected:
        return "<p>No row rejected.</p>", ""
    part = (f"<p style='color:{COLORS['bad']}'>{audit.rejected:,} row(s) rejected ({len(audit.rejects):,} problems); line "
            "numbers as in the file. They are not in the figures above.</p>" + _table_html(audit.rejects.head(SHOWN)))
    return part, " · " + _download(audit.rejects, f"{stem}.rejects.csv", "Download the rejects (CSV)")


def _chargebacks_html(view: UploadResult) -> str:
    a = view.audit
    head = _counts_html(view.name, view.sample, a) + (
        f"<p>As of {a.as_of}: <b>{a.overdue:,} overdue</b>, <b>{a.due_today:,} due today</b>, "
        f"{a.incomplete:,} with evidence still missing; {e(format_yuan(a.amount_at_stake))} in notices not yet "
        "overdue.</p>")
    if a.provisional:
        head += f"<p>{a.provisional:,} deadline(s) provisional: the working-day calendar does not know that year yet.</p>"
    top = a.report.head(SHOWN)
    shown = pd.DataFrame({
        "order": top["order_id"], "notice": top["notified_on"].astype(str), "reason": top["reason"],
        "amount": [format_yuan(x) for x in top["amount"]], "deadline": top["deadline"].astype(str),
        "urgency": [u + (f" (provisional; send by {b})" if p else "") for u, p, b in
                    zip(top["urgency"], top["provisional"], top["send_by"])],
        "evidence missing": top["evidence_missing"].replace("", "none"),
    })
    table = (f"<p>Most urgent first ({len(top)} of {len(a.report):,}):</p>" + _table_html(shown)) if len(top) else \
        "<p>No notice could be checked.</p>"
    stem = Path(view.name).stem
    rejects, link = _rejects_html(a, stem)
    links = _download(a.report, f"{stem}.deadlines.csv", "Download the full report (CSV)") + link
    return head + table + rejects + f"<p>{links}</p>" + LIMIT_NOTE


def _deposit_html(view: UploadResult) -> str:
    a = view.audit
    head = _counts_html(view.name, view.sample, a)
    d = a.deposit
    assumed = "closed" if a.protection_closed else "still on"
    if d is None:
        head += "<p>No order could be read: nothing to decide.</p>"
    elif d.unfreezes_on is not None:
        head += (f"<p>As of {a.as_of} (buyer protection {assumed}): the deposit unfreezes on <b>{d.unfreezes_on}</b> at "
                 f"the earliest, decided by order <b>{e(', '.join(a.deciding_orders[:3]))}</b>.</p>")
    else:
        head += (f"<p>As of {a.as_of} (buyer protection {assumed}): <b>no unfreeze date yet</b>.</p><ul>"
                 + "".join(f"<li>{e(b.text)}</li>" for b in d.blockers) + "</ul>")
    top = a.report.head(SHOWN)
    shown = pd.DataFrame({
        "order": top["order_id"], "status": top["status"],
        "finished on": [str(x) if x is not None else "" for x in top["finished_on"]],
        "open complaint": top["open_complaint"].map({True: "yes", False: "no"}), "blocker": top["blocker"],
        "allows unfreeze on": [str(x) if x is not None else "not yet known" for x in top["allows_unfreeze_on"]],
        "decides": top["decides"].map({True: "◀ decides", False: ""}),
    })
    table = (f"<p>Orders, the deciding one(s) first ({len(top)} of {len(a.report):,}):</p>" + _table_html(shown)) \
        if len(top) else ""
    stem = Path(view.name).stem
    rejects, link = _rejects_html(a, stem)
    links = _download(a.report, f"{stem}.deposit.csv", "Download the full report (CSV)") + link
    return head + table + rejects + f"<p>{links}</p>" + LIMIT_NOTE


def _upload_calculator(*, title: str, name: str, sample: Path, run: Any, render: Any,
                       extra: dict[str, widgets.Widget] | None = None) -> Calculator:
    upload = upload_button()
    source = widgets.ToggleButtons(options=[("Sample export", "sample"), ("Uploaded file", "upload")],
                                   value="sample", description="Audit", style=STYLE)

    def compute(upload: Any, source: str, **options: Any) -> UploadResult:
        if source == "sample":
            return UploadResult(sample.name, True, run(sample, **options))
        label, audit = run_upload(upload, lambda path: run(path, **options))
        return UploadResult(label, False, audit)

    calc = UploadCalculator(title=title, name=name, controls={"upload": upload, "source": source, **(extra or {})},
                            compute=compute, render=render)

    def uploaded(change: dict) -> None:
        if change["new"]:
            if source.value == "upload":
                calc.refresh()
            else:
                source.value = "upload"

    upload.observe(uploaded, names="value")
    return calc


def chargebacks_upload(*, as_of: date | None = None, sample: str | Path = CHARGEBACK_SAMPLE) -> Calculator:
    """Upload a chargeback notice list and see each notice's deadline and missing evidence (02-chargebacks).

    `as_of`: the day working days are counted from (default: the as-of date, `policy.today()`).
    Result: `calc.last_result`.
    """
    from handbook.audit.chargebacks import audit_chargebacks

    as_of = as_of or policy.today()

    return _upload_calculator(
        title="Audit a chargeback notice list: deadlines and missing evidence (拒付)", name="chargebacks-upload",
        sample=Path(sample), render=_chargebacks_html,
        run=lambda path: audit_chargebacks(path, as_of=as_of, progress=False))


def deposit_upload(*, as_of: date | None = None, sample: str | Path = DEPOSIT_SAMPLE) -> Calculator:
    """Upload the 1688 orders placed under buyer protection: each order's blocker and the unfreeze date (03).

    `as_of`: default the as-of date (`policy.today()`). Whether buyer protection is closed is a control (the
    export does not say).
    """
    from handbook.audit.deposit import audit_deposit

    as_of = as_of or policy.today()

    protection = widgets.ToggleButtons(options=[("Closed", True), ("Still on", False)], value=True,
                                       description="Protection", style=STYLE)
    return _upload_calculator(
        title="Audit 1688 orders: what holds the deposit (保证金), and until when", name="deposit-upload",
        sample=Path(sample), render=_deposit_html, extra={"protection_closed": protection},
        run=lambda path, protection_closed=True: audit_deposit(path, as_of=as_of, protection_closed=protection_closed,
                                                                progress=False))
