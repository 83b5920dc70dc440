"""Command line: batch audits of order exports.

    python -m handbook audit fake-shipping ORDERS.csv [--rule both] [--out REPORT.csv|.xlsx]
    python -m handbook audit quota ORDERS.csv [--out REPORT.csv|.xlsx]
    python -m handbook progress [--csv]     # the lead's report of every trainee's saved quiz answers

Exit status: 0 every row was audited; 1 some rows were rejected (listed in the rejects file; the good
rows were audited anyway); 2 the command or the file could not be used at all (message on stderr).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from handbook.audit.columns import FAKE_SHIPPING, QUOTA, describe
from handbook.errors import PolicyInputError

EXIT_OK, EXIT_REJECTS, EXIT_UNUSABLE = 0, 1, 2

COMMON_EPILOG = """\
input:
  CSV in UTF-8, UTF-8 with BOM or GB18030 (detected; or --encoding), or an .xlsx workbook (first
  sheet, or --sheet). Header row = line 1. Headers in English or Chinese as listed above, matched
  case-insensitively; other columns are ignored. Rename with --columns field=header (repeatable),
  a JSON object, or a .json/.yaml file.

rejects:
  Every malformed row is listed with its line number (as an editor shows it; header = line 1), the
  field, the value and the reason, in REPORT.rejects.csv beside the report (without --out:
  ORDERS-stem.rejects.csv in the current folder). The good rows are audited anyway. Empty rows are
  skipped and counted. The input file is never modified. Reports are safe to open in Excel: a text
  cell starting with = + - @ tab or CR gets a leading apostrophe.

exit status: 0 all rows audited; 1 some rows rejected; 2 unusable command or file.
"""

FAKE_SHIPPING_EPILOG = describe(FAKE_SHIPPING) + """

report (--out): one row per rule, product and shipping day: rule, product_id, shipped_on, shipped,
  detected, detected_share, whole_day, orders_counted, compensation (whole yuan), store_restricted.
  --rule both (default) audits under both statements of the day rule; the article does not say which
  one is current.

""" + COMMON_EPILOG

QUOTA_EPILOG = describe(QUOTA) + """

report (--out): one row per order: line, order_id, buyer_id, ordered_on, order_amount,
  spent_this_year, outcome (clears / single_limit_exceeded / annual_limit_exceeded), within_single,
  within_annual, annual_remaining_before, annual_remaining_after, buyer_orders_in_file. Limits in
  force on each order's date. spent_this_year is taken as stated on each row (not added up per buyer).

""" + COMMON_EPILOG


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    from handbook.audit.fake_shipping import RULE_CHOICES

    top = argparse.ArgumentParser(prog="python -m handbook", description="The sellers' operations handbook.")
    commands = top.add_subparsers(dest="command", required=True)
    audit = commands.add_parser("audit", help="audit an order export (CSV or XLSX)",
                                description="Audit an order export (CSV or XLSX) with the handbook's rules.")
    kinds = audit.add_subparsers(dest="kind", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("orders", type=Path, metavar="ORDERS", help="the export: .csv or .xlsx")
        p.add_argument("--out", type=Path, metavar="REPORT", help="write the full report here (.csv or .xlsx)")
        p.add_argument("--encoding", help="CSV encoding (default: detect utf-8-sig / utf-8 / gb18030)")
        p.add_argument("--sheet", help="XLSX sheet name (default: the first sheet)")
        p.add_argument("--columns", action="append", metavar="SPEC",
                       help="header overrides: field=header[,field=header], a JSON object, or a .json/.yaml file")
        p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="progress bar on stderr (default: only above 100,000 rows)")

    fs = kinds.add_parser("fake-shipping", help="Pinduoduo fake-shipping exposure per product and day",
                          description="Fake-shipping (虚假发货) exposure per product and shipping day.",
                          epilog=FAKE_SHIPPING_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    common(fs)
    fs.add_argument("--rule", choices=RULE_CHOICES, default="both",
                    help="day-rule version (default: both)")
    fs.add_argument("--on", type=_date, metavar="YYYY-MM-DD",
                    help="apply the figures in force on this date (default: today, Asia/Shanghai)")
    q = kinds.add_parser("quota", help="cross-border customs quota outcome per order",
                         description="Customs clearance (清关) quota check of every order.",
                         epilog=QUOTA_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    common(q)
    from handbook.training.progress import add_cli

    add_cli(commands)
    return top


def run(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "progress":
        from handbook.training.progress import run_cli

        return run_cli(args)
    from handbook.audit import reports, summary

    try:
        report = reports.check_target(args.out, args.orders) if args.out else None
        if args.kind == "fake-shipping":
            from handbook.audit.fake_shipping import audit_fake_shipping

            audit = audit_fake_shipping(args.orders, rule=args.rule, on=args.on, encoding=args.encoding,
                                        columns=args.columns, sheet=args.sheet, progress=args.progress)
            table = audit.report
        else:
            from handbook.audit.quota import audit_quota

            audit = audit_quota(args.orders, encoding=args.encoding, columns=args.columns, sheet=args.sheet,
                                progress=args.progress)
            table = audit.report
        if report is not None:
            reports.write_table(table, report)
        rejects = None
        if report is not None or audit.rejected:  # beside a report always (empty when none): never stale
            rejects = reports.rejects_path(report) if report else Path.cwd() / f"{args.orders.stem}.rejects.csv"
            if rejects.resolve() == args.orders.resolve():
                raise PolicyInputError("out", str(rejects), "a path other than the input", reason="would overwrite the input")
            reports.write_table(audit.rejects, rejects)
    except PolicyInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    text = summary.fake_shipping_text if args.kind == "fake-shipping" else summary.quota_text
    print(text(audit, report=report, rejects=rejects))
    return EXIT_REJECTS if audit.rejected else EXIT_OK


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
