"""Command line: batch audits of order exports, printable checklists.

    python -m handbook audit fake-shipping ORDERS.csv [--rule both] [--out REPORT.csv|.xlsx]
    python -m handbook audit quota ORDERS.csv [--out REPORT.csv|.xlsx]
    python -m handbook audit chargebacks NOTICES.csv [--as-of YYYY-MM-DD] [--out REPORT.csv|.xlsx]
    python -m handbook audit deposit ORDERS.csv [--as-of YYYY-MM-DD] [--protection closed|open]
    python -m handbook checklist [AREA ...] --out DIR [--on YYYY-MM-DD]
    python -m handbook progress [--csv]     # the lead's report of every trainee's saved quiz answers
    python -m handbook drill drills.yaml     # change drills: re-execute the notebooks under each overlay

Exit status: 0 every row was audited (rows the rule does not apply to are skipped, not rejected);
1 some rows were rejected (listed in the rejects file; the good rows were audited anyway); 2 the
command, an option or the file could not be used at all (one line on stderr); 3 an internal error
(a bug: one line on stderr naming it, never a traceback; `HANDBOOK_DEBUG=1` shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from handbook.audit.columns import CHARGEBACKS, DEPOSIT, FAKE_SHIPPING, QUOTA, describe
from handbook.errors import PolicyInputError

EXIT_OK, EXIT_REJECTS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3

COMMON_EPILOG = """\
input:
  The format is read from the content, not the name: CSV or tab-separated text (UTF-8 with or
  without BOM, GB18030, UTF-16; detected, or --encoding; delimiter detected), an .xlsx workbook,
  an old .xls workbook, or an HTML table saved as .xls (first sheet, or --sheet). The header row
  is found below any title lines (the summary says which line). Headers in English or as the
  platforms export them, listed above; other columns are ignored. Rename with --columns
  field=header (repeatable), a JSON object, or a .json/.yaml file. Merged cells are filled down.
  Values: money with ¥/￥/元 and thousands separators, full-width digits; -, --, —, 无 mean
  "no value"; dates as 2026-11-20, 2026/11/20 or 2026年11月20日, with a time and an offset.

rejects:
  Every malformed row is listed with its line number (as an editor shows it; header = line 1), the
  field, the value and the reason, in REPORT.rejects.csv beside the report (without --out:
  ORDERS-stem.rejects.csv in the current folder). The good rows are audited anyway. Empty rows are
  skipped and counted. The input file is never modified. Reports are safe to open in Excel: a text
  cell starting with = + - @ tab or CR gets a leading apostrophe.

exit status: 0 all rows audited (skipped rows included); 1 some rows rejected; 2 unusable
  command, option or file; 3 internal error.
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


CHARGEBACKS_EPILOG = describe(CHARGEBACKS) + """

report (--out): one row per notice, most urgent first (overdue on top, then by working days left,
  then the larger amount): line, order_id, notified_on, reason, amount, deadline, working_days_left
  (after the as-of day; 0 = due that day; negative = overdue), overdue, urgency, provisional (a year
  without a known working-day schedule: deadline is the likely day), send_by (the day that cannot be
  late whatever the schedule), evidence_missing (most important first), evidence_if_applicable.
  As of the handbook's date (HANDBOOK_TODAY, else today in Asia/Shanghai), or --as-of.

""" + COMMON_EPILOG

DEPOSIT_EPILOG = describe(DEPOSIT) + """

The file lists the 1688 orders placed while buyer protection (买家保障) was on. Finished = 交易成功 or
  交易关闭; anything else is an unfinished trade. Whether the protection itself is closed is not in
  the export: --protection closed (default) or open.
report (--out): one row per order, the deciding order(s) first: line, order_id, status, finished,
  finished_on, open_complaint, blocker, allows_unfreeze_on (the date this order alone allows),
  decides. The summary gives the deposit's earliest unfreeze date and the order that decides it.

""" + COMMON_EPILOG


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    from handbook import whatif_cli
    from handbook.audit.fake_shipping import RULE_CHOICES

    top = _Parser(prog="python -m handbook", description="The sellers' operations handbook.")
    commands = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("drill", help="change drills: python -m handbook drill DRILLS.yaml (see --help there)",
                        add_help=False)
    audit = commands.add_parser("audit", help="audit an order export (CSV or XLSX)",
                                description="Audit an order export (CSV or XLSX) with the handbook's rules.")
    kinds = audit.add_subparsers(dest="kind", required=True, parser_class=_Parser)

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
    whatif_cli.add_options(fs)
    q = kinds.add_parser("quota", help="cross-border customs quota outcome per order",
                         description="Customs clearance (清关) quota check of every order.",
                         epilog=QUOTA_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    common(q)
    whatif_cli.add_options(q)
    as_of = dict(type=_date, metavar="YYYY-MM-DD", dest="as_of",
                 help="the day to count from (default: the handbook's date: HANDBOOK_TODAY, else today in Shanghai)")
    c = kinds.add_parser("chargebacks", help="AliExpress chargeback notices: deadlines, missing evidence",
                         description="AliExpress chargeback (拒付) notices: appeal deadline, working days left, "
                                     "evidence missing; most urgent first.",
                         epilog=CHARGEBACKS_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    common(c)
    c.add_argument("--as-of", **as_of)
    d = kinds.add_parser("deposit", help="1688 buyer-protection deposit: blockers and earliest unfreeze date",
                         description="1688 buyer-protection deposit (保证金): each order's blocker and the "
                                     "earliest date the deposit can unfreeze.",
                         epilog=DEPOSIT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    common(d)
    d.add_argument("--as-of", **as_of)
    d.add_argument("--protection", choices=("closed", "open"), default="closed",
                   help="whether every buyer-protection sub-service is closed (default: closed)")
    from handbook.reference import cli as reference_cli

    reference_cli.add_parser(commands)
    from handbook.training.progress import add_cli

    add_cli(commands)
    return top


class _Parser(argparse.ArgumentParser):
    """argparse with exit status 2 and one line for a bad option (its default, made explicit)."""

    def error(self, message: str):  # noqa: D401
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


def run(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (see the module docstring). Never raises."""
    try:
        return _run(argv)
    except SystemExit as exc:  # argparse: --help (0) or a bad option (2)
        return exc.code if isinstance(exc.code, int) else EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("error: not enough memory for this file", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one line, and keep scripts able to tell it apart
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        place = f" at {Path(where.tb_frame.f_code.co_filename).name}:{where.tb_lineno}" if where else ""
        print(f"internal error: {type(exc).__name__}: {exc}{place} (a bug in the handbook; please report it "
              "with the command; HANDBOOK_DEBUG=1 shows the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


def _quiet_stdout() -> None:
    """After a closed pipe (`... | head`), send what is left to /dev/null so exit prints nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["drill"]:  # change drills have their own parser (handbook/drill.py)
        from handbook.drill import main as drill

        return drill(argv[1:])
    args = parser().parse_args(argv)
    if args.command == "checklist":
        from handbook.reference import cli as reference_cli

        return reference_cli.run(args)
    if args.command == "progress":
        from handbook.training.progress import run_cli

        return run_cli(args)
    from handbook import whatif_cli
    from handbook.audit import reports, summary

    what_if = None
    try:
        report = reports.check_target(args.out, args.orders) if args.out else None
        if whatif_cli.requested(args):  # --set / --overlay: baseline and scenario side by side (whatif_cli.py)
            audit, table, what_if = whatif_cli.compare(args.kind, whatif_cli.overlay_of(args),
                                                       lambda: whatif_cli.audit(args))
        elif args.kind == "fake-shipping":
            from handbook.audit.fake_shipping import audit_fake_shipping

            audit = audit_fake_shipping(args.orders, rule=args.rule, on=args.on, encoding=args.encoding,
                                        columns=args.columns, sheet=args.sheet, progress=args.progress)
            table = audit.report
        elif args.kind == "quota":
            from handbook.audit.quota import audit_quota

            audit = audit_quota(args.orders, encoding=args.encoding, columns=args.columns, sheet=args.sheet,
                                progress=args.progress)
            table = audit.report
        elif args.kind == "chargebacks":
            from handbook.audit.chargebacks import audit_chargebacks

            audit = audit_chargebacks(args.orders, as_of=args.as_of, encoding=args.encoding, columns=args.columns,
                                      sheet=args.sheet, progress=args.progress)
            table = audit.report
        else:
            from handbook.audit.deposit import audit_deposit

            audit = audit_deposit(args.orders, as_of=args.as_of, protection_closed=args.protection == "closed",
                                  encoding=args.encoding, columns=args.columns, sheet=args.sheet,
                                  progress=args.progress)
            table = audit.report
        if report is not None:
            reports.write_table(table, report, source=args.orders)
        rejects = None
        if report is not None or audit.rejected:  # beside a report always (empty when none): never stale
            rejects = reports.rejects_path(report) if report else Path.cwd() / f"{args.orders.stem}.rejects.csv"
            reports.write_table(audit.rejects, rejects, source=args.orders)
    except PolicyInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:  # a file we may not read or write, a full disk...
        name = f" {exc.filename}" if exc.filename else ""
        print(f"error: cannot read or write{name}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    if what_if is not None:
        print("\n".join([what_if, "", *summary._files(report, rejects, audit)]))
        return EXIT_REJECTS if audit.rejected else EXIT_OK
    text = {"fake-shipping": summary.fake_shipping_text, "quota": summary.quota_text,
            "chargebacks": summary.chargebacks_text, "deposit": summary.deposit_text}[args.kind]
    print(text(audit, report=report, rejects=rejects))
    return EXIT_REJECTS if audit.rejected else EXIT_OK


def main() -> None:
    code = run()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    sys.exit(code)


if __name__ == "__main__":
    main()
