"""`python -m handbook checklist [AREA ...] --out DIR [--on YYYY-MM-DD] [--format html|pdf]`: print-ready checklists."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def add_parser(commands) -> None:
    from handbook.reference import checklists

    p = commands.add_parser("checklist", help="write the one-page checklist of each area (HTML and PDF)",
                            description="Write each area's one-page checklist, rendered from the parameters in force "
                            "on a date, as print-ready HTML and PDF.")
    p.add_argument("areas", nargs="*", metavar="AREA", help=f"areas (default: all): {', '.join(checklists.slugs())}")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write <area>.html / <area>.pdf into")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the date the figures are in force (default: the handbook's date)")
    p.add_argument("--format", action="append", choices=("html", "pdf"), help="html, pdf or both (default: both)")


def run(args: argparse.Namespace) -> int:
    from handbook.errors import PolicyInputError
    from handbook.reference import checklists

    try:
        on = _on(args.on)
        unknown = [a for a in args.areas if a not in checklists.slugs()]
        if unknown:
            raise PolicyInputError("area", unknown[0], "one of " + ", ".join(checklists.slugs()))
        written = checklists.write(args.out, on=on, slugs_=args.areas or None,
                                   formats=tuple(args.format or ("html", "pdf")))
    except PolicyInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write to {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def _on(text: str | None) -> date:
    from handbook.errors import PolicyInputError
    from handbook.policy import today

    if text is None:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PolicyInputError("--on", text, "a date written YYYY-MM-DD") from None
