"""Calculators for Pinduoduo fake shipping (虚假发货) and platform customer service.

Thin views over `handbook.rules.fake_shipping` and `handbook.rules.service`; the defaults are the examples of
notebooks/04-fake-shipping.ipynb. The day calculator's default (100 shipped, 20 detected) is chosen so the
two rule versions give different verdicts.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets

from handbook import policy
from handbook.palette import COLORS
from handbook.plots.fake_shipping import draw_compensation_marker, new_curve_figure
from handbook.policy.units import format_number
from handbook.rules.fake_shipping import (
    RESTRICTIONS,
    RULE_NAMES,
    DayEstimate,
    OrderCompensation,
    RuleComparison,
    compare_rules,
    order_compensation,
)
from handbook.rules.service import ServiceCheck, format_remaining, moment, service_check
from handbook.widgets.base import STYLE, Calculator, ChartView, renamed, whole_number_box

__all__ = ["compensation", "day_compensation", "service_hours"]
__getattr__ = renamed(__name__, {"compensation_calculator": "compensation", "day_calculator": "day_compensation",
                                  "service_calculator": "service_hours"}, globals())

EXAMPLE_PAID = "50"
EXAMPLE_SHIPPED = 100
EXAMPLE_DETECTED = 20
EXAMPLE_RULE = RULE_NAMES[0]
EXAMPLE_AVERAGE = "50"
EXAMPLE_TIME = "19:15"

e = html.escape



def _order_html(result: OrderCompensation) -> str:
    return (f"<div style='font-size:1.2em'>Compensation: <b>{result.compensation} yuan</b></div>"
            f"<div style='color:{COLORS['secondary']}'>for an order paid {format_number(result.paid_amount)} yuan "
            f"(formula band: {e(result.band)})</div>")


def compensation(paid_amount: str = EXAMPLE_PAID, *, on: date | None = None) -> Calculator:
    """Paid amount of one fake-shipping order → what it costs, with the curve (figures on `on`, default as-of)."""
    on = on or policy.today()
    controls = {"paid_amount": widgets.Text(value=paid_amount, description="Paid amount 实收金额 (yuan)",
                                            continuous_update=False, style=STYLE)}
    chart = ChartView(new_curve_figure(on), draw_compensation_marker)
    return Calculator(title="One fake-shipping order (单笔虚假发货赔付)", name="compensation", controls=controls,
                      compute=lambda paid_amount: order_compensation(paid_amount, on=on),
                      render=_order_html, chart=chart)


def _verdict_text(estimate: DayEstimate) -> str:
    v = estimate.verdict
    if v.whole_day:
        text = f"WHOLE DAY: all {v.shipped} orders count as fake shipping"
        return text + ("; store restricted" if v.store_restricted else "")
    return f"only the {v.detected} detected orders count"


def _day_html(result: RuleComparison) -> str:
    s = result.selected
    colour = COLORS["bad"] if s.verdict.whole_day else COLORS["ok"]
    head = (f"<div>Rule <b>{e(s.verdict.rule)}</b>: <b style='color:{colour}'>{e(_verdict_text(s))}</b></div>"
            f"<div>Orders counted: <b>{s.orders_counted}</b> × {s.per_order} yuan = "
            f"<b>{s.total:,} yuan</b> compensation</div>")
    if s.verdict.store_restricted:
        head += f"<div style='color:{COLORS['secondary']}'>Restrictions: " + e(", ".join(f"{en} ({zh})" for en, zh in RESTRICTIONS)) + "</div>"
    rows = "".join(
        f"<tr><td>{e(x.verdict.rule)}</td><td>{'whole day' if x.verdict.whole_day else 'detected only'}</td>"
        f"<td style='text-align:right'>{x.orders_counted}</td>"
        f"<td>{'yes' if x.verdict.store_restricted else 'no'}</td>"
        f"<td style='text-align:right'>{x.total:,} yuan</td></tr>"
        for x in result.estimates)
    table = ("<table class='hb-compare' style='margin-top:0.5em'><tr><th>rule version</th><th>verdict</th>"
             f"<th>orders counted</th><th>store restricted</th><th>compensation</th></tr>{rows}</table>")
    note = (f"<div style='color:{COLORS['secondary']};font-size:0.9em'>Both rule versions side by side: "
            + ("they disagree on this day." if result.differ else "they agree on this day.")
            + " Priced at one average paid amount: exact when every order paid the same.</div>")
    return head + table + note


def day_compensation(shipped: int = EXAMPLE_SHIPPED, detected: int = EXAMPLE_DETECTED, rule: str = EXAMPLE_RULE,
                   average_paid: str = EXAMPLE_AVERAGE, *, on: date | None = None) -> Calculator:
    """One product's day: shipped, detected, rule version, average paid amount → verdict and total."""
    on = on or policy.today()
    controls = {
        "shipped": whole_number_box(shipped, "Orders shipped that day"),
        "detected": whole_number_box(detected, "Detected as fake shipping"),
        "rule": widgets.Dropdown(options=list(RULE_NAMES), value=rule, description="Rule version", style=STYLE),
        "average_paid": widgets.Text(value=average_paid, description="Average paid amount (yuan)",
                                     continuous_update=False, style=STYLE),
    }
    return Calculator(
        title="A product's day (当日整日判定)", name="day", controls=controls,
        compute=lambda shipped, detected, rule, average_paid: compare_rules(shipped, detected, average_paid,
                                                                            rule=rule, on=on),
        render=_day_html)


def _service_html(result: ServiceCheck) -> str:
    s, r = result.status, result.resubmit

    def line(name: str, is_open: bool, nxt) -> str:
        state = f"<b style='color:{COLORS['ok']}'>open</b>" if is_open else f"<b style='color:{COLORS['bad']}'>closed</b>, opens {nxt:%a %Y-%m-%d %H:%M}"
        return f"<div>{name}: {state}</div>"

    numbers = " / ".join(s.phone_numbers)
    countdown = (f"<b style='color:{COLORS['bad']}'>same-day window closed</b>" if r.passed
                 else f"<b>{format_remaining(r.remaining)}</b> left (until {r.deadline:%H:%M})")
    return (f"<div>At <b>{s.at:%a %Y-%m-%d %H:%M}</b> (Asia/Shanghai)</div>"
            + line("Online customer service 在线客服", s.online_open, s.online_next)
            + line(f"Phone 人工客服热线 {e(numbers)}", s.phone_open, s.phone_next)
            + f"<div style='margin-top:0.4em'>Appeal rejected (驳回) now → resubmit: {countdown}</div>"
            + f"<div style='color:{COLORS['secondary']}'>{e(r.advice)}</div>")


def service_hours(day: date | None = None, time: str = EXAMPLE_TIME) -> Calculator:
    """A moment (default: the as-of date at the example time) → is customer service open, and the countdown
    to resubmit an appeal rejected then."""
    day = day or policy.today()
    controls = {
        "date": widgets.DatePicker(value=day, description="Date", style=STYLE),
        "time": widgets.Text(value=time, description="Time (HH:MM, Shanghai)", continuous_update=False, style=STYLE),
    }
    return Calculator(title="Is customer service open? Resubmission countdown (平台客服 · 重新提交申诉)",
                      name="service", controls=controls,
                      compute=lambda date, time: service_check(moment(date, time)), render=_service_html)
