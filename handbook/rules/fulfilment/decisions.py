"""1688 fulfilment: the handbook's decisions where `002_9b67b9692fdcc49b.txt` is open.

Rendered in notebook 03 (section 2 and 3); tested under `@pytest.mark.decision("fulfilment.<name>")` in
tests/test_fulfilment.py.
"""

from __future__ import annotations

from handbook.rules.decisions import Decision, Decisions

DECISIONS = Decisions(
    "fulfilment",
    Decision(
        "after_sales_period_inclusive",
        "When does a trade leave its after-sales period?",
        "A trade that succeeded or closed on day D is *inside* its after-sales period (售后受理期) through "
        "D + {{ alibaba_1688.fulfilment.after_sales_period | value }} and *outside* it from the next day.",
    ),
    Decision(
        "unfreeze_day_zero",
        "\"Unfreezes on day {{ alibaba_1688.fulfilment.deposit_unfreeze_day | value }}\" (第N天解冻):",
        "the day all conditions first hold is **day 0**; the deposit unfreezes on day 0 + "
        "{{ alibaba_1688.fulfilment.deposit_unfreeze_day | value }}, and is then transferred out (转出) by hand.",
    ),
    Decision(
        "unknown_while_blocked",
        "While something other than time blocks the refund",
        "(protection still on, an unfinished trade, an open complaint), the day the conditions will hold is "
        "**unknown** (`conditions_met_on = None`): it depends on when you clear the blocker, and a trade that "
        "finishes later starts its own after-sales period.",
    ),
    Decision(
        "day_zero_from_period_end",
        "Since when have the other conditions held?",
        "The rule does not know *when* you closed the protection or settled the last complaint. It counts day 0 "
        "from the end of the after-sales period; if you cleared the other conditions later, day 0 is that later "
        "day (the explanation says so).",
    ),
    Decision(
        "no_trade_finished",
        "No trade under protection has finished (`last_trade_finished_on = None`):",
        "there is no date to count from, so day 0 is taken as today — the latest it can be.",
    ),
    Decision(
        "anxingou_exit_from_completion",
        "Leaving 安心购 with trades in transit:",
        "the exit is effective {{ alibaba_1688.fulfilment.anxingou_exit_delay }} after the last of them "
        "completes, counted from the completion day (completed on day D, effective on D + "
        "{{ alibaba_1688.fulfilment.anxingou_exit_delay | value }}). A trade that completed before the request "
        "was not in transit: that input is refused.",
    ),
)
