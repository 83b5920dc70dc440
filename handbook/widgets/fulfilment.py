"""Calculators for 1688 fulfilment: deposit refund planner, 安心购 exit date, penalty-appeal triage.

Thin views over `handbook.rules.fulfilment`; defaults are the examples of notebooks/03-1688-fulfilment.ipynb.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

import ipywidgets as widgets

from handbook import policy
from handbook.palette import COLORS
from handbook.plots.fulfilment import DepositTimeline
from handbook.rules import fulfilment as rules
from handbook.rules.fulfilment import APPEAL_GROUNDS, AnxingouExit, AppealCheck, DepositRefund
from handbook.widgets.base import STYLE, Calculator, ChartView, renamed, whole_number_box

__all__ = ["anxingou_exit", "deposit_refund", "penalty_appeal"]
__getattr__ = renamed(__name__, {"anxingou_exit_calculator": "anxingou_exit", "deposit_refund_planner": "deposit_refund",
                                  "penalty_appeal_triage": "penalty_appeal"}, globals())

# The examples' other dates, relative to the as-of date (`policy.today()`): the last trade under protection
# finished yesterday; the last in-transit trade completes ten days from now.
LAST_TRADE_BEFORE = timedelta(days=1)
IN_TRANSIT_UNTIL = timedelta(days=10)
e = html.escape


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _deposit_html(r: DepositRefund) -> str:
    colour = COLORS["ok"] if r.eligible_now else COLORS["bad"]
    verdict = "Eligible now" if r.eligible_now else "Not eligible yet"
    rows = [
        ("After-sales period ends (售后受理期)", _date(r.after_sales_ends_on)),
        ("All conditions hold from (day 0)", _date(r.conditions_met_on)),
        ("Deposit unfreezes (解冻)", _date(r.unfreezes_on)),
    ]
    table = "".join(f"<tr><td>{e(k)}</td><td><b>{e(v)}</b></td></tr>" for k, v in rows)
    blockers = "".join(f"<li>{e(b.text)}</li>" for b in r.blockers)
    blockers_html = f"<p>Blockers:</p><ul class='hb-blockers'>{blockers}</ul>" if blockers else ""
    return (f"<div><b style='color:{colour}'>{verdict}</b> — {e(r.explain().summary)}</div>"
            f"<table>{table}</table>{blockers_html}<p><b>Next:</b> {e(r.next_step)}</p>")


def deposit_refund(
    *,
    protection_closed: bool = True,
    unfinished_trades: int = 0,
    open_complaints: int = 0,
    last_trade_finished_on: date | timedelta | None = LAST_TRADE_BEFORE,
    today: date | None = None,
) -> Calculator:
    """Deposit (保证金) refund planner: blockers, unfreeze date and a timeline with today marked.

    Leave "last trade finished" empty when no trade placed under protection has finished. `today` defaults to
    the as-of date; a `timedelta` for the last trade is counted back from it.
    """
    today = today or policy.today()
    if isinstance(last_trade_finished_on, timedelta):
        last_trade_finished_on = today - last_trade_finished_on
    controls = {
        "protection_closed": widgets.Checkbox(value=protection_closed, description="Buyer protection closed (买家保障已关闭)",
                                              indent=False),
        "unfinished_trades": whole_number_box(unfinished_trades, "Unfinished trades (未完结交易)"),
        "open_complaints": whole_number_box(open_complaints, "Open complaints (未完结投诉)"),
        "last_trade_finished_on": widgets.DatePicker(value=last_trade_finished_on,
                                                     description="Last trade finished (成功/关闭)", style=STYLE),
        "today": widgets.DatePicker(value=today, description="Today", style=STYLE),
    }
    timeline = DepositTimeline()
    return Calculator(
        title="Deposit refund planner (保证金退回)", name="deposit", controls=controls,
        compute=rules.deposit_refund, render=_deposit_html,
        chart=ChartView(timeline.figure, timeline.draw, width="640px"),
    )


def _anxingou_html(r: AnxingouExit) -> str:
    wait = f"{r.waiting_days} days after the request" if r.waiting_days else "at once"
    return (f"<div>The exit from 现货安心购 shows as effective on <b>{_date(r.effective_on)}</b> ({e(wait)}).</div>"
            "<p>Until then no new 安心购 service orders arise, unless you open the service again.</p>")


def anxingou_exit(
    *,
    requested_on: date | None = None,
    last_in_transit_trade_completed_on: date | timedelta | None = IN_TRANSIT_UNTIL,
) -> Calculator:
    """When leaving 现货安心购 takes effect. Leave the trade date empty when nothing is in transit. Dates
    default to the as-of date (a `timedelta` is counted from the request date)."""
    requested_on = requested_on or policy.today()
    if isinstance(last_in_transit_trade_completed_on, timedelta):
        last_in_transit_trade_completed_on = requested_on + last_in_transit_trade_completed_on
    controls = {
        "requested_on": widgets.DatePicker(value=requested_on, description="Exit requested on (退出服务)", style=STYLE),
        "last_in_transit_trade_completed_on": widgets.DatePicker(
            value=last_in_transit_trade_completed_on, description="Last in-transit trade completes (在途交易完成)",
            style=STYLE),
    }
    return Calculator(title="Leaving 现货安心购: effective date", name="anxingou", controls=controls,
                      compute=rules.anxingou_exit, render=_anxingou_html)


def _appeal_html(r: AppealCheck) -> str:
    colour, verdict = (COLORS["ok"], "Valid ground") if r.valid else (COLORS["bad"], "Invalid ground")
    return (f"<div><b style='color:{colour}'>{verdict}</b>: {e(r.label)} ({e(r.label_zh)})</div>"
            f"<p>{e(r.reason)}</p><p><b>What to do:</b> {e(r.what_to_do)}</p>")


def penalty_appeal(*, situation: str = "price_too_low") -> Calculator:
    """Is this situation a ground on which a fulfilment-penalty appeal (申诉) can succeed?"""
    options = [(f"{g.label} ({g.label_zh})", g.key) for g in APPEAL_GROUNDS]
    controls = {
        "situation": widgets.Dropdown(options=options, value=situation, description="Situation",
                                      style=STYLE, layout=widgets.Layout(width="30em")),
    }
    return Calculator(title="Penalty appeal triage (申诉)", name="appeal", controls=controls,
                      compute=rules.penalty_appeal_check, render=_appeal_html)
