"""Calculators for AliExpress chargebacks (拒付): the appeal deadline, the evidence checklist, the sign-up e-mail.

Thin views over `handbook.rules.chargeback`. Dates default to the handbook's "as of" date (`policy.today()`),
so a calculator opened in the app counts from today; the other defaults are the examples of 02-chargebacks.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets

from handbook import policy
from handbook.palette import COLORS
from handbook.plots.base import new_figure
from handbook.plots.chargeback import draw_calendar_strip
from handbook.rules.chargeback import (
    EVIDENCE,
    REASONS,
    BuyerEmailCheck,
    DeadlineCheck,
    EvidenceReview,
    check_buyer_email,
    deadline_check,
    evidence_file,
)
from handbook.widgets.base import STYLE, Calculator, ChartView

__all__ = ["buyer_email", "deadline", "evidence"]

EXAMPLE_REASON = "not_received"
EXAMPLE_PROVIDED = ("item_description", "buyer_correspondence")
EXAMPLE_EMAIL = "AliExpress.fan2026@example.com"

e = html.escape


def _deadline_html(check: DeadlineCheck) -> str:
    colour = COLORS["bad"] if check.late else (COLORS["caution"] if check.days_left <= 1 else COLORS["ok"])
    about = "about " if check.days_left_provisional or check.provisional else ""
    if check.late:
        left = f"late by {about}{-check.days_left} working day(s)"
    elif check.days_left == 0:
        left = "0 — the deadline is today"
    else:
        left = f"{about}{check.days_left} working day(s) after today"
    first_open = check.open_days[0] if check.open_days else None
    counted = ", ".join(f"{i}. {d:%a %d %b}" + (" (likely)" if d.year in check.unknown_years
                                                 or (first_open and d > first_open) else "")
                        for i, d in enumerate(check.counted, 1))
    if not check.provisional:
        head = f"<div>Deadline: <b>{check.deadline:%a %d %b %Y}</b> ({check.deadline.isoformat()})</div>"
    else:
        years = " and ".join(map(str, check.unknown_years))
        passed = check.today > check.send_by
        if check.open_days:
            days = " and ".join(f"{d:%a %d %b}" for d in check.open_days)
            why = (f"{days} {'are weekend days' if len(check.open_days) > 1 else 'is a weekend day'} at the end of "
                   f"{check.open_days[0].year} that the {years} holiday schedule, not in the handbook yet, may still "
                   "make make-up working days (调休上班), so this deadline is the likely one: "
                   f"{'they are' if len(check.open_days) > 1 else 'it is'} counted as days off.")
        else:
            why = (f"The official holiday schedule for {years} is not in the handbook yet, so this deadline is the "
                   "likely one: weekends and the statutory holidays off, no make-up working days assumed.")
        head = (
            f"<div style='background:{COLORS['caution_fill']};border-left:4px solid {COLORS['caution']};padding:2px 6px'>"
            f"<b>Provisional.</b> {e(why)}</div>"
            f"<div>Likely deadline: <b>{check.deadline:%a %d %b %Y}</b> ({check.deadline.isoformat()})</div>"
            f"<div>Send by: <b style='color:{COLORS['bad']}'>{check.send_by:%a %d %b %Y}</b> ({check.send_by.isoformat()})"
            + (" — this date has passed: send the file today" if passed and not check.late else
               " — on time whatever schedule is published") + "</div>"
        )
    return (
        head
        + f"<div>Working days left: <b style='color:{colour}'>{e(left)}</b></div>"
        f"<div style='color:{COLORS['secondary']}'>Counted (the notice day is day 0): {e(counted)}</div>"
    )


def deadline(notified_on: date | None = None, today: date | None = None) -> Calculator:
    """Notice date (+ today) → appeal deadline, working days left, and a calendar strip (both dates default
    to the as-of date: a notice that arrived today)."""
    today = today or policy.today()
    notified_on = notified_on or today
    controls = {
        "notified_on": widgets.DatePicker(value=notified_on, description="Notice received (day 0)", style=STYLE),
        "today": widgets.DatePicker(value=today, description="Today", style=STYLE),
    }
    chart = ChartView(new_figure(9.0, 2.4), draw_calendar_strip, width="860px")
    return Calculator(
        title="Chargeback appeal deadline (拒付申诉时限)", name="deadline", controls=controls,
        compute=lambda notified_on, today: deadline_check(notified_on, today),
        render=_deadline_html, chart=chart,
    )


def _evidence_html(review: EvidenceReview) -> str:
    rows = []
    for item in review.items:
        if item.present:
            mark, colour = "✔ have", COLORS["ok"]
        elif item.only_if:
            mark, colour = "if applicable", COLORS["neutral"]
        else:
            mark, colour = "✘ missing", COLORS["bad"]
        rows.append(
            f"<tr><td>{item.rank}</td><td style='color:{colour};white-space:nowrap'>{mark}</td>"
            f"<td>{e(item.label)}<br><span style='color:{COLORS['secondary']}'>{e(item.label_zh)}</span></td>"
            f"<td style='color:{COLORS['secondary']}'>{e(item.why)}</td></tr>"
        )
    return (
        f"<div><b>{e(review.explain().summary)}</b></div>"
        "<table class='hb-evidence'><tr><th>#</th><th>status</th><th>evidence</th><th>why at this rank</th></tr>"
        + "".join(rows) + "</table>"
    )


def evidence(reason: str = EXAMPLE_REASON, provided: tuple[str, ...] = EXAMPLE_PROVIDED,
             on: date | None = None) -> Calculator:
    """Chargeback reason + the evidence you have → what is missing, most important first.

    `on` picks the parameters in force (default: the as-of date)."""
    on = on or policy.today()
    controls = {
        "reason": widgets.Dropdown(
            options=[(f"{r.label} ({r.gloss_zh})", r.name) for r in REASONS.values()], value=reason,
            description="Chargeback reason", style=STYLE,
        ),
        "provided": widgets.SelectMultiple(
            options=[(k.short, k.name) for k in EVIDENCE.values()], value=tuple(provided), rows=len(EVIDENCE),
            description="Evidence you have", style=STYLE,
        ),
    }
    return Calculator(
        title="Evidence file checklist (拒付申诉资料)", name="evidence", controls=controls,
        compute=lambda reason, provided: evidence_file(reason, set(provided), on=on), render=_evidence_html,
    )


def _email_html(check: BuyerEmailCheck) -> str:
    colour = COLORS["ok"] if check.acceptable else COLORS["bad"]
    return f"<div style='color:{colour}'><b>{e(check.explain().summary)}</b></div>"


def buyer_email(email: str = EXAMPLE_EMAIL, on: date | None = None) -> Calculator:
    """A buyer account's sign-up e-mail → accepted, or which forbidden word it contains (`on`: as above)."""
    on = on or policy.today()
    controls = {"email": widgets.Text(value=email, description="Sign-up e-mail", continuous_update=False,
                                      style=STYLE)}
    return Calculator(
        title="Buyer sign-up e-mail check (注册邮箱)", name="buyer_email", controls=controls,
        compute=lambda email: check_buyer_email(email, on=on), render=_email_html,
    )
