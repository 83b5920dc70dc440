"""Figures for audits of order exports: where the fake-shipping exposure sits.

`draw_exposure(figure, table, rule=...)` draws the product-days with the largest compensation as
horizontal bars, coloured by verdict: whole day with store restriction, whole day, detected orders only.
Labels are ASCII (a product id with other characters shows them as '?': no CJK font is guaranteed).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from handbook.plots.base import COLORS, Chart, new_figure

TOP = 10
VERDICT_COLORS = {
    "whole day, store restricted": COLORS["bad"],
    "whole day": COLORS["warn"],
    "detected orders only": COLORS["neutral"],
}


LABEL_CHARS = 28  # a product id or name longer than this is shortened with "..." so the bars keep their room


def ascii_label(text: object, width: int = LABEL_CHARS) -> str:
    label = str(text).encode("ascii", "replace").decode("ascii")
    return label if len(label) <= width else label[: width - 3] + "..."


def verdict(whole_day: bool, store_restricted: bool) -> str:
    if whole_day:
        return "whole day, store restricted" if store_restricted else "whole day"
    return "detected orders only"


def top_product_days(table: pd.DataFrame, top: int = TOP) -> pd.DataFrame:
    """The `top` product-days by compensation (ties: product id, then day), compensation > 0 only."""
    risky = table[table["compensation"] > 0]
    return risky.sort_values(["compensation", "product_id", "shipped_on"], ascending=[False, True, True],
                             kind="stable").head(top)


def new_exposure_figure() -> Figure:
    return new_figure(6.4, 3.8)


def draw_exposure(figure: Figure, table: pd.DataFrame, *, rule: str, top: int = TOP) -> None:
    """Redraw `figure` with the largest product-day exposures of `table` (an `exposure()` result)."""
    figure.clear()
    ax = figure.add_subplot(1, 1, 1)
    rows = top_product_days(table, top).iloc[::-1]   # largest at the top
    labels = [f"{ascii_label(r.product_id)} {str(r.shipped_on)[:10]}" for r in rows.itertuples(index=False)]
    kinds = [verdict(bool(r.whole_day), bool(r.store_restricted)) for r in rows.itertuples(index=False)]
    ax.barh(range(len(rows)), rows["compensation"].to_numpy(), color=[VERDICT_COLORS[k] for k in kinds])
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xlabel("Compensation (yuan)")
    total = int(table["compensation"].sum())
    # Two lines: the figure is 6.4 in wide, and the whole title must fit at any total.
    # On the figure, not the axes (which long product labels push right); two lines so any total fits.
    figure.suptitle(f"Fake-shipping exposure by product and day\nrule '{rule}': {total:,} yuan in all", fontsize=9)
    if len(rows) == 0:
        ax.text(0.5, 0.5, "No exposure: no order was detected", ha="center", va="center", transform=ax.transAxes)
    ax.legend(handles=[Patch(color=c, label=k) for k, c in VERDICT_COLORS.items()], fontsize=7, loc="lower right")


def exposure_chart(table: pd.DataFrame, *, rule: str, top: int = TOP) -> Chart:
    figure = new_exposure_figure()
    draw_exposure(figure, table, rule=rule, top=top)
    return Chart(figure, f"fake-shipping exposure, rule {rule}, top {top} product-days")
