"""Calculators for cross-border customs clearance (清关): the quota checker and the failure triage.

Thin views over `handbook.rules.customs`. Dates default to the handbook's "as of" date (`policy.today()`); the
other defaults are the notebook's examples (01-customs-clearance).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

import ipywidgets as widgets

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.explain import Explanation
from handbook.palette import COLORS
from handbook.plots.customs import draw_quota_bar, new_quota_figure
from handbook.policy.units import format_yuan
from handbook.rules.customs import (
    CAUSES,
    ClearanceAction,
    QuotaCheck,
    RepushTimeline,
    TaxEstimate,
    check_quota,
    failure_action,
    repush_timeline,
    tax_estimate,
)
from handbook.widgets.base import STYLE, Calculator, ChartView

__all__ = ["quota", "triage"]

EXAMPLE_TIME = "10:30"  # the triage's example clock time, on the as-of date
e = html.escape


def _merge(first: Explanation, second: Explanation) -> Explanation:
    """One explanation for a view that called two rules (the first rule's summary leads)."""
    params = {p.id: p for p in first.parameters + second.parameters}
    steps = first.steps + tuple(f"[{second.rule.rsplit('.', 1)[-1]}] {s}" for s in second.steps)
    return Explanation(first.rule, first.summary, steps, tuple(params.values()), first.on)


# --- quota checker ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaView:
    """What the quota checker shows: the check, and the tax estimate when the order clears."""

    check: QuotaCheck
    tax: TaxEstimate | None
    tax_note: str

    def explain(self) -> Explanation:
        if self.tax is None:
            return self.check.explain()
        return _merge(self.check.explain(), self.tax.explain())


def quota_view(spent_this_year: Any, order_amount: Any, on: Any) -> QuotaView:
    """Check the quota; estimate the tax when the order clears (a date is required: no wall clock)."""
    if on is None:
        raise PolicyInputError("on", on, "a date (pick one in the date picker)", reason="no date picked")
    check = check_quota(spent_this_year, order_amount, on=on)
    if not check.clears:
        return QuotaView(check, None, "not applicable: the order does not clear through the cross-border channel")
    try:
        estimate = tax_estimate(check.order_amount, on=check.on)
    except PolicyInputError as exc:
        # e.g. a date before the recorded VAT rate: the quota answer still stands
        return QuotaView(check, None, f"not available ({exc.reason or exc.accepted})")
    return QuotaView(check, estimate, f"{format_yuan(estimate.tax)} ({estimate.combined_rate_text} of the order)")


def _quota_html(view: QuotaView) -> str:
    c = view.check
    colour = COLORS["ok"] if c.clears else COLORS["bad"]
    single = "within" if c.within_single else f"over by {format_yuan(c.over_single_by)}"
    annual = ("within" if c.within_annual else f"over by {format_yuan(c.over_annual_by)}")
    rows = [
        ("Spent this year + this order", f"{format_yuan(c.total_after)} of {format_yuan(c.annual_limit)}"),
        ("Annual limit", annual),
        ("Single-transaction limit", f"{format_yuan(c.single_limit)}: {single}"),
        ("Quota left before this order", format_yuan(c.annual_remaining_before)),
        ("Quota left after this order", format_yuan(c.annual_remaining_after)),
        ("Estimated tax", view.tax_note),
    ]
    body = "".join(f"<tr><td>{e(k)}</td><td><b>{e(v)}</b></td></tr>" for k, v in rows)
    return (f"<div class='hb-outcome hb-outcome-{c.outcome}' style='color:{colour};font-size:1.1em'>"
            f"<b>{e(c.outcome_words)}</b></div><table class='hb-quota'>{body}</table>")


def quota(spent_this_year: str = "18,000", order_amount: str = "1,500", on: date | None = None) -> Calculator:
    """Quota checker: spent this year, this order, date (default: the as-of date) → outcome, remaining quota,
    tax, and a bar."""
    on = on or policy.today()
    figure = new_quota_figure()
    controls = {
        "spent_this_year": widgets.Text(value=spent_this_year, description="Spent this year (yuan)",
                                        continuous_update=False, style=STYLE),
        "order_amount": widgets.Text(value=order_amount, description="This order (yuan)",
                                     continuous_update=False, style=STYLE),
        "on": widgets.DatePicker(value=on, description="Date", style=STYLE),
    }
    return Calculator(
        title="Will this order clear customs? (个人年度额度)", name="quota", controls=controls,
        compute=quota_view, render=_quota_html,
        chart=ChartView(figure, lambda fig, view: draw_quota_bar(fig, view.check)),
    )


# --- failure triage -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriageCard:
    """The action card for a cause, with the re-push timeline when the cause needs one."""

    action: ClearanceAction
    timeline: RepushTimeline | None

    def explain(self) -> Explanation:
        if self.timeline is None:
            return self.action.explain()
        return _merge(self.action.explain(), self.timeline.explain())


def triage_card(cause: Any, submitted_at: Any) -> TriageCard:
    """The action for `cause`, with labels in force when you act; timeline for a re-push."""
    timeline = repush_timeline(submitted_at)  # validates the moment (Asia/Shanghai)
    action = failure_action(cause, on=timeline.submitted_at.date())
    return TriageCard(action, timeline if action.repush else None)


def _triage_html(card: TriageCard) -> str:
    a = card.action
    what = "Appeal (申诉) — do not ship" if a.appeal else "Re-push the payment slip (重推支付单) — no appeal"
    parts = [f"<div class='hb-card hb-card-{a.action}'><b>{e(a.title)} ({e(a.title_zh)})</b><br>"
             f"<span style='font-size:1.1em'>{e(what)}</span>"]
    if a.appeal:
        parts.append("<table>"
                     f"<tr><td>Menu path</td><td><b>{e(a.menu_path)}</b> → {e(a.button)}</td></tr>"
                     f"<tr><td>申诉原因</td><td><b>{e(a.appeal_reason)}</b></td></tr>"
                     f"<tr><td>上述订单是否发货</td><td><b>{e(a.shipping_choice)}</b></td></tr></table>")
    parts.append("<ol>" + "".join(f"<li>{e(s)}</li>" for s in a.steps) + "</ol>")
    if a.evidence:
        ticks = "".join(
            f"<li>{'☑' if item.required else '☐ (optional)'} {e(item.what)} — <i>{e(item.where)}</i></li>"
            for item in a.evidence
        )
        parts.append(f"<b>Evidence checklist</b><ul style='list-style:none;padding-left:0.5em'>{ticks}</ul>")
        parts.append(f"<b>{e(a.evidence_rule)}</b>")
    if card.timeline is not None:
        t = card.timeline
        parts.append(
            "<table>"
            f"<tr><td>Questionnaire submitted</td><td>{t.submitted_at:%Y-%m-%d %H:%M}</td></tr>"
            f"<tr><td>Platform re-pushes</td><td>the night of {t.repush_night}</td></tr>"
            f"<tr><td>Still failing? Contact {e(t.contact)}</td><td><b>after {t.escalate_after:%Y-%m-%d %H:%M}"
            "</b> (Asia/Shanghai)</td></tr></table>"
        )
    else:
        parts.append(f"<p>{e(a.follow_up)}</p>")
    parts.append("</div>")
    return "".join(parts)


def triage(cause: str = "quota_exceeded", submitted_at: str | None = None) -> Calculator:
    """Failure triage: pick the cause → the action card (path, reason, evidence ticks, follow-up times);
    `submitted_at` defaults to the as-of date at the example time."""
    submitted_at = submitted_at or f"{policy.today().isoformat()} {EXAMPLE_TIME}"
    options = [(f"{title} ({zh})", key) for key, (title, zh, _) in CAUSES.items()]
    controls = {
        "cause": widgets.Dropdown(options=options, value=cause, description="Cause (清关失败原因)", style=STYLE),
        "submitted_at": widgets.Text(value=submitted_at, description="When you act (YYYY-MM-DD HH:MM)",
                                     continuous_update=False, style=STYLE),
    }
    return Calculator(title="Clearance failed: what do I do? (清关失败)", name="triage", controls=controls,
                      compute=triage_card, render=_triage_html)
