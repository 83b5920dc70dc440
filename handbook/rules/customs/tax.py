"""The tax inside the limits (`tax_estimate`, `estimated_tax`)."""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.inputs import FEN
from handbook.policy.units import format_yuan
from handbook.rules.customs.common import (
    HUNDRED,
    SINGLE_LIMIT,
    TARIFF_RATE,
    TAX_SHARE,
    VAT_RATE,
    _exact_text,
    _money,
    _pct,
    _rate_text,
)


@dataclass(frozen=True)
class TaxEstimate(Result):
    """The cross-border tax on an order inside the limits, with its parts."""

    order_amount: Decimal
    on: date
    vat_rate: Decimal
    consumption_tax_rate: Decimal
    tax_share: Decimal
    tariff_rate: Decimal
    combined_rate: Decimal
    tax: Decimal

    @property
    def combined_rate_text(self) -> str:
        """The combined rate as a percentage, e.g. '9.1%' (at most 4 decimals of a percent, for display)."""
        return _rate_text(self.combined_rate)


def tax_estimate(
    order_amount: Any,
    *,
    vat_rate: Any = None,
    consumption_tax_rate: Any = 0,
    on: date | str | None = None,
) -> TaxEstimate:
    """The tax on a cross-border order inside the limits, with an explanation.

    tax = amount × tariff rate + amount × (consumption tax rate + VAT rate) / (1 − consumption tax rate)
    × tax share, rounded to the fen, half up (once, on the total). Rates are fractions (0.13 = 13 %);
    `vat_rate=None` takes the VAT parameter in force on `on` (recorded from 2019-04-01 only).
    An order above the single-transaction limit is refused: the reduced rates do not apply to it.
    """
    on = inputs.on_date(on)
    why = Explainer.of(tax_estimate, on=on)
    single = why.param(SINGLE_LIMIT)
    share = why.param(TAX_SHARE) / HUNDRED
    tariff = why.param(TARIFF_RATE) / HUNDRED
    amount = _money(order_amount, "order_amount", why)
    if amount > single:
        raise PolicyInputError(
            "order_amount", order_amount,
            f"an amount up to the single-transaction limit of {format_yuan(single)} in force on {on}",
            reason="the reduced cross-border tax applies only inside the limits",
        )
    if vat_rate is None:
        try:
            vat = why.param(VAT_RATE) / HUNDRED
        except PolicyInputError as exc:
            raise PolicyInputError(
                "on", on, f"{exc.accepted}, or pass vat_rate explicitly",
                reason="the handbook records the VAT rate from 2019-04-01 only",
            ) from None
    else:
        vat = inputs.rate(vat_rate, "vat_rate", below_one=False)
        why.step(f"VAT rate given by the caller: {_pct(vat)}.")
    consumption = inputs.rate(consumption_tax_rate, "consumption_tax_rate", below_one=True)

    with decimal.localcontext() as ctx:
        ctx.prec = 60
        combined = (consumption + vat) / (1 - consumption) * share
        exact = amount * tariff + amount * (consumption + vat) * share / (1 - consumption)
        tax = exact.quantize(FEN, rounding=ROUND_HALF_UP)
    rate_text = _rate_text(combined)
    why.step(f"Tariff inside the limits: {_pct(tariff)} of {format_yuan(amount)}.")
    why.step(f"Combined VAT + consumption tax rate = ({_pct(consumption)} + {_pct(vat)}) / "
             f"(1 − {_pct(consumption)}) × {_pct(share)} = {rate_text}.")
    why.step(f"{format_yuan(amount)} × {rate_text} = {_exact_text(exact)} yuan, "
             f"rounded half up to the fen: {format_yuan(tax)}.")
    summary = f"Estimated cross-border tax: {format_yuan(tax)} on an order of {format_yuan(amount)}."
    return TaxEstimate(
        order_amount=amount, on=on, vat_rate=vat, consumption_tax_rate=consumption, tax_share=share,
        tariff_rate=tariff, combined_rate=combined, tax=tax, explanation=why.done(summary),
    )


def estimated_tax(
    order_amount: Any,
    *,
    vat_rate: Any = None,
    consumption_tax_rate: Any = 0,
    on: date | str | None = None,
) -> Decimal:
    """The tax on a cross-border order inside the limits, in yuan (see `tax_estimate` for the why)."""
    return tax_estimate(order_amount, vat_rate=vat_rate, consumption_tax_rate=consumption_tax_rate, on=on).tax
