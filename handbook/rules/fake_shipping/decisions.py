"""Fake shipping and platform customer service: the handbook's decisions where `003_85f95fdeffeeff0c.txt` is open.

Rendered in notebook 04 (section 7, and beside the section each one concerns); tested under
`@pytest.mark.decision("fake_shipping.<name>")` in tests/test_fake_shipping*.py and tests/test_service.py.
"""

from __future__ import annotations

from handbook.rules.decisions import Decision, Decisions

DECISIONS = Decisions(
    "fake_shipping",
    Decision(
        "rate_from_threshold",
        "A paid amount of exactly {{ pinduoduo.fake_shipping.threshold }}?",
        "The source writes \"below\" and \"above\" the threshold; the handbook applies the rate from the "
        "threshold on (section 2 shows whether that changes the amount with the figures in force).",
    ),
    Decision(
        "reach_is_at_least",
        "Does \"reach\" (满) in the first version include exactly that many orders?",
        "Yes: at least (≥). The share is inclusive by the source's own words (（含）以上), so a day exactly at the "
        "first version's thresholds counts as a whole day.",
    ),
    Decision(
        "more_than_is_strict",
        "\"More than\" (超过) in the second version?",
        "Strictly more (>), for both the orders and the share: a day exactly at the second version's thresholds "
        "does not count as a whole day.",
    ),
    Decision(
        "current_version",
        "Which day-rule version is current?",
        "Unknown: both are modelled and every rule, calculator and audit takes `rule=`. Plan with "
        "`10-orders-5-percent`, the version that names store restrictions, and check both.",
    ),
    Decision(
        "no_restriction_first_version",
        "Store restriction under `30-orders-30-percent`?",
        "Not stated, so not reported.",
    ),
    Decision(
        "nothing_shipped",
        "A day with nothing shipped?",
        "Share 0, never a whole day.",
    ),
    Decision(
        "whole_yuan_of_final_figure",
        "Whole-yuan rule for the fixed amount and the cap?",
        "The whole-yuan part of the final figure is kept.",
    ),
    Decision(
        "before_is_strict",
        "Rejected at or after the cut-off ({{ pinduoduo.service.resubmit_cutoff }})?",
        "\"Before\" is strict: a rejection at the cut-off itself has missed that day's window.",
    ),
    Decision(
        "after_cutoff_advice",
        "What to do after a late rejection?",
        "Report it to online customer service as soon as it is open ({{ pinduoduo.service.online_opens }}–"
        "{{ pinduoduo.service.online_closes }}) and resubmit as early as possible the next day, at the latest "
        "before the next day's cut-off. That working deadline is the handbook's, not a platform promise.",
    ),
    Decision(
        "every_day",
        "Customer service on weekends and holidays?",
        "Same hours every day: the source names no closing days.",
    ),
    Decision(
        "opening_inclusive",
        "At the opening and closing minute?",
        "Opening is inclusive, closing exclusive: the phone line answers at {{ pinduoduo.service.phone_opens }} "
        "but not at {{ pinduoduo.service.phone_closes }}; online service that closes at \"24:00\" is open until "
        "midnight.",
    ),
    Decision(
        "exposure_date",
        "Which date's figures does `exposure` use?",
        "Those in force on `on` (default today), for every row, whatever the row's shipping date.",
    ),
)
