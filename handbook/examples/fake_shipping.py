"""Fake-shipping examples built from the figures in force, and their outcomes in words (notebook 04, quiz)."""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from handbook import policy
from handbook.examples import either
from handbook.rules.fake_shipping import RULES, RuleComparison, compensation, day_verdict
from handbook.rules.fake_shipping.per_order import PER_ORDER_PARAMS
from handbook.text import show

FEN = Decimal("0.01")
SOURCE_PAID = Decimal("50")  # the article's own worked example: an order paid 50 yuan (an example, not a figure)
SHIPPED = 100                # a product's day in the day-rule examples: orders shipped (not a policy figure)
STRICT = "10-orders-5-percent"
LOOSE = "30-orders-30-percent"


def figures(on: date) -> dict[str, Decimal]:
    """floor_amount, threshold, rate (percent) and cap in force on `on`."""
    return {pid.rsplit(".", 1)[1]: Decimal(policy.get(pid, on)) for pid in PER_ORDER_PARAMS}


def _up_to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_CEILING)


def cap_reached_at(on: date) -> Decimal:
    """The smallest paid amount (to the fen) at which the rate reaches the cap."""
    f = figures(on)
    return max(f["threshold"], _up_to_fen(f["cap"] * 100 / f["rate"]))


def just_below_cap(on: date) -> Decimal:
    """One fen below the amount at which the rate reaches the cap (the rate still applies)."""
    return cap_reached_at(on) - FEN


def below_threshold(on: date) -> Decimal:
    """A paid amount comfortably below the threshold (64% of it, to the fen): the fixed amount applies."""
    return (figures(on)["threshold"] * Decimal("0.64")).quantize(FEN, rounding=ROUND_FLOOR)


def next_whole_yuan_at(on: date) -> Decimal:
    """The first paid amount from the threshold on at which the rate gives one whole yuan more."""
    f = figures(on)
    at_threshold = (f["threshold"] * f["rate"] / 100).to_integral_value(rounding=ROUND_FLOOR)
    return max(f["threshold"], _up_to_fen((at_threshold + 1) * 100 / f["rate"]))


def rate_band_example(on: date) -> Decimal:
    """A paid amount inside the rate band whose rate result keeps at least half a yuan of fraction (so rounding
    would go up and the whole-yuan rule does not): from a fifth of the way between the threshold and the amount
    where the cap is reached, up fen by fen."""
    f = figures(on)
    low, high = f["threshold"], cap_reached_at(on)
    amount = max(low, (low + (high - low) / 5).quantize(FEN, rounding=ROUND_FLOOR))
    while amount < high - FEN:
        rated = amount * f["rate"] / 100
        if rated - rated.to_integral_value(rounding=ROUND_FLOOR) >= Decimal("0.5"):
            break
        amount += FEN
    return amount


def edge_amounts(on: date) -> list[Decimal]:
    """Every edge of the per-order formula, from the figures in force: zero, the first fen, both sides of the
    threshold, both sides of the next whole yuan, the source's own 50 yuan, both sides of the cap, far above."""
    f = figures(on)
    threshold, whole, cap_at = f["threshold"], next_whole_yuan_at(on), cap_reached_at(on)
    amounts = {Decimal(0), FEN, threshold - FEN, threshold, threshold + FEN, whole - FEN, whole, SOURCE_PAID,
               cap_at - FEN, cap_at, cap_at * 6}
    return sorted(a.quantize(Decimal(1)) if a == a.to_integral_value() else a for a in amounts if a >= 0)


def threshold_words(on: date) -> str:
    """What happens at exactly the threshold, computed: do the two formulas agree there?"""
    f = figures(on)
    threshold = f["threshold"]
    rated_raw = threshold * f["rate"] / 100
    rated = min(rated_raw, f["cap"]).to_integral_value(rounding=ROUND_FLOOR)
    floor = f["floor_amount"].to_integral_value(rounding=ROUND_FLOOR)
    at, below = compensation(threshold, on=on), compensation(threshold - FEN, on=on)
    computed = f"{show(f['rate'].normalize())}% × {show(threshold)} yuan = {show(rated_raw.normalize())} yuan"
    if rated == floor:
        return (f"It makes no difference: at exactly {show(threshold)} yuan both formulas give **{show(at)} yuan** "
                f"({computed}, and the fixed amount is {show(floor)} yuan).")
    return (f"It makes a difference: at exactly {show(threshold)} yuan the fixed amount would be {show(floor)} yuan "
            f"and the rate gives {show(rated)} yuan ({computed}). The handbook applies the rate from the threshold "
            f"on, so an order paid {show(threshold)} yuan costs **{show(at)} yuan** and one paid "
            f"{show(threshold - FEN)} yuan costs **{show(below)} yuan**.")


# --- the day rule -------------------------------------------------------------------------------------------


def _version(rule: str, on: date) -> tuple[int, Decimal, bool]:
    version = RULES[rule]
    return int(policy.get(version.orders_param, on)), Decimal(policy.get(version.share_param, on)), version.inclusive


def threshold_detected(rule: str, on: date) -> int:
    """The fewest detected orders that meet the version's count (its number, or one more when strict)."""
    orders, _, inclusive = _version(rule, on)
    return orders if inclusive else orders + 1


def shipped_at_share(detected: int, rule: str, on: date) -> int:
    """The orders shipped that put `detected` on the version's share, as near as whole orders allow: the most
    orders for which the share still meets an inclusive version, the fewest for which it does not exceed a
    strict one (one order more, or one fewer, crosses the line)."""
    _, share, inclusive = _version(rule, on)
    exact = Decimal(detected) * 100 / share
    return math.floor(exact) if inclusive else math.ceil(exact)


def at_thresholds_shipped(rule: str, on: date) -> int:
    """Orders shipped for a day exactly at the version's thresholds (detected = `threshold_detected`)."""
    return shipped_at_share(threshold_detected(rule, on), rule, on)


def whole_day_detected(rule: str, on: date, extra: int = 1) -> int:
    """Detected orders clearly above the version's count: `threshold_detected` + `extra`."""
    return threshold_detected(rule, on) + extra


def shipped_above_share(detected: int, rule: str, on: date) -> int:
    """Orders shipped that put `detected` one percentage point above the version's share (a clear whole day)."""
    _, share, _ = _version(rule, on)
    return int(Decimal(detected) * 100 / (share + 1))


def threshold_cases(on: date) -> list[tuple[int, int]]:
    """(shipped, detected) days on each side of both versions' thresholds."""
    n30 = threshold_detected("30-orders-30-percent", on)
    at30 = shipped_at_share(n30, "30-orders-30-percent", on)
    n10 = RULES["10-orders-5-percent"]
    count10 = int(policy.get(n10.orders_param, on)) + 1
    at10 = shipped_at_share(count10, "10-orders-5-percent", on)
    return [(at30, n30), (at30 + 1, n30), (at30, count10), (at10, count10), (at10 - 1, count10)]


def fewest_detected(rule: str, shipped: int, on: date) -> int:
    """The fewest detected orders that make a day of `shipped` orders a whole day under `rule` (`shipped` + 1
    when no count does)."""
    return next((d for d in range(shipped + 1) if day_verdict(d, shipped, rule=rule, on=on).whole_day), shipped + 1)


def versions_disagree_day(on: date, shipped: int = SHIPPED) -> tuple[int, int]:
    """(shipped, detected): a day of `shipped` orders with the detected count midway between the fewest that
    make a whole day under each version, so one version counts the whole day and the other does not (when the
    versions' thresholds differ at all; `comparison_words` says what each does)."""
    low, high = sorted((fewest_detected(STRICT, shipped, on), fewest_detected(LOOSE, shipped, on)))
    return shipped, min(shipped, (low + high) // 2)


def exercise_day(on: date) -> tuple[int, int, Decimal]:
    """(shipped, detected, paid): a day just over the strict version's thresholds — one detected order more than
    it needs, and a few orders fewer (1/24) than would put the detected share exactly at its limit — with every
    order paid half again the threshold (so the rate applies)."""
    detected = threshold_detected(STRICT, on) + 1
    at_share = shipped_at_share(detected, STRICT, on)
    shipped = max(detected, at_share - max(1, at_share // 24))
    return shipped, detected, figures(on)["threshold"] * 3 / 2


def comparison_words(comparison: RuleComparison) -> str:
    """What the versions do with the same day, read from their verdicts."""
    parts = []
    for estimate in comparison.estimates:
        verdict = estimate.verdict
        what = either(verdict.whole_day, "counts every order of the day", "counts only the detected orders")
        store = either(verdict.store_restricted, " and restricts the store", "")
        parts.append(f"`{verdict.rule}` {what}{store} ({show(estimate.total)} yuan)")
    return "; ".join(parts) + "."
