"""A peak-season scenario (`PeakScenario`): the inputs of one simulation, validated."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from handbook import inputs, policy
from handbook.errors import PolicyInputError
from handbook.rules.peak_season.common import (
    ARRIVAL_WEIGHTS,
    FREIGHT_WAIT,
    MAX_DELAY,
    MAX_DELAY_BEYOND_POLICY,
    MAX_ORDERS,
    MAX_STAFF,
    MIN_DELAY,
    WINDOW_START,
)


@dataclass(frozen=True)
class PeakScenario:
    """What-if inputs for one peak season. Validated on construction; bad values raise `PolicyInputError`.

    `delay_hours` is the (min, max) range of the bank-card payment-processing delay in whole hours; `None`
    means the notice's range. Outside the notice's range it is clamped (recorded in `adjustments`) unless
    `beyond_policy=True`. `arrival_weights` is one weight per hour from the window start (default: the
    handbook's curve); the window lasts one hour per weight. `staff × notices_per_staff_hour` is the team's
    capacity for filling shipping notices.
    """

    year: int = 2026
    orders: int = 10_000
    bank_card_share: float = 0.5
    delay_hours: tuple[int, int] | None = None
    staff: int = 4
    notices_per_staff_hour: int = 60
    ship_before_notice_share: float = 0.0
    risk_share: float = 0.02
    risk_review_hours: int = 12
    tracking_delay_minutes: int = 30
    freight_lag_minutes: int | None = None
    arrival_weights: tuple[float, ...] | None = None
    beyond_policy: bool = False
    adjustments: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        put = object.__setattr__
        year = inputs.count(self.year, "year", minimum=2021, maximum=2100)
        on = date(year, 11, 11)
        beyond = inputs.flag(self.beyond_policy, "beyond_policy")
        put(self, "year", year)
        put(self, "beyond_policy", beyond)
        put(self, "orders", inputs.count(self.orders, "orders", minimum=0, maximum=MAX_ORDERS))
        put(self, "bank_card_share", inputs.share(self.bank_card_share, "bank_card_share"))
        put(self, "staff", inputs.count(self.staff, "staff", minimum=1, maximum=MAX_STAFF))
        put(self, "notices_per_staff_hour", inputs.count(self.notices_per_staff_hour, "notices_per_staff_hour", minimum=1, maximum=3600))
        put(self, "ship_before_notice_share", inputs.share(self.ship_before_notice_share, "ship_before_notice_share"))
        put(self, "risk_share", inputs.share(self.risk_share, "risk_share"))
        put(self, "risk_review_hours", inputs.count(self.risk_review_hours, "risk_review_hours", minimum=0, maximum=72))
        put(self, "tracking_delay_minutes", inputs.count(self.tracking_delay_minutes, "tracking_delay_minutes", minimum=0, maximum=24 * 60))
        lag = policy.get(FREIGHT_WAIT, on) if self.freight_lag_minutes is None else self.freight_lag_minutes
        put(self, "freight_lag_minutes", inputs.count(lag, "freight_lag_minutes", minimum=0, maximum=24 * 60))
        put(self, "arrival_weights", _weights(self.arrival_weights, on))
        low_bound, high_bound = policy.get(MIN_DELAY, on), policy.get(MAX_DELAY, on)
        notes = [str(note) for note in self.adjustments]  # kept by with_() when the range is unchanged
        if self.delay_hours is None:
            low, high = low_bound, high_bound
        else:
            low, high = _delay_range(self.delay_hours, beyond)
            if not beyond and (low < low_bound or high > high_bound):
                clamped = (min(max(low, low_bound), high_bound), min(max(high, low_bound), high_bound))
                notes.append(f"Delay range {low}–{high} h clamped to the notice's {low_bound}–{high_bound} h "
                             f"({clamped[0]}–{clamped[1]} h); tick beyond_policy to explore outside it.")
                low, high = clamped
        put(self, "delay_hours", (low, high))
        put(self, "adjustments", tuple(notes))

    @property
    def on(self) -> date:
        """The date whose parameters the scenario uses: Double 11 of its year."""
        return date(self.year, 11, 11)

    @property
    def start(self) -> datetime:
        """Window start: the day before Double 11 at `aliexpress.peak_season.window_start_time`."""
        clock = policy.get(WINDOW_START, self.on)
        day = self.on - timedelta(days=1)
        return datetime.combine(day, clock, tzinfo=inputs.SHANGHAI)

    @property
    def hours(self) -> int:
        return len(self.arrival_weights)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(hours=self.hours)

    @property
    def notices_per_hour(self) -> int:
        return self.staff * self.notices_per_staff_hour

    def with_(self, **changes: Any) -> PeakScenario:
        """A copy with some inputs changed (validated again; a clamping note survives if the range is kept)."""
        keep = not {"delay_hours", "beyond_policy", "year"} & changes.keys()
        return replace(self, adjustments=self.adjustments if keep else (), **changes)


def _delay_range(value: Any, beyond: bool) -> tuple[int, int]:
    accepted = ("a (min, max) pair of whole hours with min ≤ max"
                + (f", each from 0 to {MAX_DELAY_BEYOND_POLICY}" if beyond else ""))
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise PolicyInputError("delay_hours", value, accepted, reason="not a pair")
    limit = MAX_DELAY_BEYOND_POLICY if beyond else 10_000
    low = inputs.count(value[0], "delay_hours (min)", minimum=0, maximum=limit)
    high = inputs.count(value[1], "delay_hours (max)", minimum=0, maximum=limit)
    if low > high:
        raise PolicyInputError("delay_hours", tuple(value), accepted, reason="min delay > max delay")
    return low, high


def _weights(value: Any, on: date) -> tuple[float, ...]:
    if value is None:
        return tuple(float(w) for w in policy.get(ARRIVAL_WEIGHTS, on))
    accepted = "one weight ≥ 0 per hour of the window (1 to 168 numbers, at least one above 0)"
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise PolicyInputError("arrival_weights", value, accepted, reason="not a list of numbers")
    weights = []
    for w in value:
        if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)) and not hasattr(w, "as_tuple"):
            raise PolicyInputError("arrival_weights", value, accepted, reason=f"{w!r} is not a number")
        number = float(w)
        if not math.isfinite(number) or number < 0:
            raise PolicyInputError("arrival_weights", value, accepted, reason=f"{w!r} is negative or not finite")
        weights.append(number)
    if not 1 <= len(weights) <= 168 or sum(weights) <= 0:
        raise PolicyInputError("arrival_weights", value, accepted,
                               reason=f"{len(weights)} weight(s) summing to {sum(weights):g}")
    return tuple(weights)
