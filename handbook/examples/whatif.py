"""What-if examples (notebook 07): hypothetical scenarios derived from the figures in force, and the comparison's
outcome in words.

A scenario's value is a hypothesis, not policy, but it is still built from the registry: "a higher annual quota"
is higher than the quota in force whatever that becomes, "a lower cap" lower than the cap in force.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from handbook import policy
from handbook.examples import either

ANNUAL = "pinduoduo_intl.customs.annual_limit"
CAP = "pinduoduo.fake_shipping.cap"
THOUSAND = Decimal(1000)


def higher_annual_limit(on: date) -> Decimal:
    """A hypothetical annual quota: the one in force on `on` raised by 15 %, rounded up to the thousand yuan."""
    raised = Decimal(policy.get(ANNUAL, on)) * Decimal("1.15") / THOUSAND
    return raised.to_integral_value(rounding=ROUND_CEILING) * THOUSAND


def lower_cap(on: date) -> Decimal:
    """A hypothetical fake-shipping cap: half the cap in force on `on`, in whole yuan (at least 1)."""
    return max(Decimal(1), (Decimal(policy.get(CAP, on)) / 2).to_integral_value(rounding=ROUND_FLOOR))


def _day(value: Any) -> str:
    return str(value)[:10]


def _orders(count: int) -> str:
    return f"{count} order{either(count == 1, '', 's')}"


def quota_words(comparison: Any, start: date) -> str:
    """What the quota comparison shows (counts, which orders moved, whether earlier ones kept their outcome)."""
    baseline, scenario = comparison.baseline, comparison.scenario
    moved = comparison.changed
    early_moved = sum(_day(d) < start.isoformat() for d in moved["ordered_on"])
    early = sum(_day(d) < start.isoformat() for d in baseline.report["ordered_on"])
    text = (f"In the registry **{baseline.outcomes.get('clears', 0)}** of the {baseline.accepted} orders clear; in "
            f"the scenario **{scenario.outcomes.get('clears', 0)}** do. ")
    if moved.empty:
        return text + "No order changes outcome."
    text += f"{_orders(len(moved))} change{either(len(moved) == 1, 's', '')} outcome"
    if not early_moved:
        return text + (f", all dated on or after {start}; the {_orders(early)} placed before it keep their "
                       "outcome.")
    return text + f", {early_moved} of them dated before {start}."


def before_start_line(comparison: Any, start: date) -> Any:
    """The order of the export an exercise asks about: the last one placed before `start` that does not clear in
    the registry (else the last one before `start`; else the first order)."""
    report = comparison.baseline.report
    before = report[[_day(d) < start.isoformat() for d in report["ordered_on"]]]
    failing = before[before["outcome"] != "clears"]
    pick = failing if not failing.empty else before if not before.empty else report.head(1)
    return pick.iloc[-1]


def outcome_words(outcome: str) -> str:
    return either(outcome == "clears", "clears", f"does not clear (`{outcome}`)")


def line_exercise(comparison: Any, start: date) -> str:
    """Exercise 1 of notebook 07: the order's registry outcome, computed."""
    row = before_start_line(comparison, start)
    return (f"**Exercise 1.** In the quota scenario of section 2, the order on line {row['line']} of the export "
            f"(placed on {_day(row['ordered_on'])}) {outcome_words(row['outcome'])} with the registry's limits. "
            "Does the higher quota change its outcome?")


def line_solution(comparison: Any, start: date) -> str:
    """Exercise 1's solution, from both audits' outcomes for that order and its date."""
    row = before_start_line(comparison, start)
    line = comparison.scenario.report.set_index("line").loc[row["line"]]
    changed = line["outcome"] != row["outcome"]
    day = _day(row["ordered_on"])
    when = either(day < start.isoformat(), "before", "on or after")
    return (f"**{either(changed, 'Yes', 'No')}**: the order is dated {day}, {when} the scenario starts on {start}, "
            f"so its limit is the one in force that day{either(day < start.isoformat(), '', ' in the scenario')}; "
            f"outcome in the registry `{row['outcome']}`, in the scenario `{line['outcome']}`.")
