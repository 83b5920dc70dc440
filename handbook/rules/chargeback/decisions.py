"""Chargebacks: the handbook's decisions where `001_bedd9ed3bb03a3f3.txt` is silent.

Rendered in notebook 02 (sections 3 and 4); tested under `@pytest.mark.decision("chargeback.<name>")` in
tests/test_chargeback*.py.
"""

from __future__ import annotations

from handbook.rules.decisions import Decision, Decisions

DECISIONS = Decisions(
    "chargeback",
    Decision(
        "day_zero",
        "The notice day is day 0 and is not counted.",
        "The deadline is the last working day of the count of {{ aliexpress.chargeback.response_working_days }}, "
        "counted from the day after the notice.",
    ),
    Decision(
        "non_working_notice",
        "A notice on a non-working day",
        "(weekend or holiday): day 0 is still the day it arrived; counting starts on the first working day after "
        "it, so a Saturday notice is due on the same day as a Friday notice. The other reading (\"it counts as "
        "received on Monday\") would give a later date; the handbook takes the earlier one, so a seller who follows "
        "it is on time under either reading.",
    ),
    Decision(
        "working_days",
        "Working days are mainland-China working days",
        "from the State Council's schedule: public holidays are off, and the weekend days worked in exchange "
        "(调休, \"make-up working days\") count. The schedule comes from the `chinese-calendar` library, or from a "
        "schedule file added the day the State Council publishes next year's notice.",
    ),
    Decision(
        "provisional_year",
        "A year without a published schedule",
        "gets a provisional answer, never a refusal and never a silent guess: the likely deadline (weekends and the "
        "statutory holidays off, no make-up working days assumed) and a send-by date that no published schedule "
        "can make late. Once the schedule is added the same answer is final.",
    ),
    Decision(
        "open_december",
        "The last week of a known December",
        "is not final while next year's schedule is missing: next year's notice may still make one of its weekend "
        "days a make-up working day (the 2012 and 2019 notices did so with Saturday 2011-12-31 and Saturday "
        "2018-12-29), which would bring a deadline one working day earlier. A count over such a weekend day is "
        "provisional, with a send-by date that treats the day as possibly worked. A December weekday the notice "
        "gives off (Monday 2018-12-31 in 2019) can only make a deadline later, so an answer over weekdays stays "
        "final: following it is never late.",
    ),
    Decision(
        "days_left",
        "Working days left",
        "count the working days after today up to and including the deadline: 0 on the deadline day, negative once "
        "it has passed (a weekend right after the deadline already shows as late, never as 0).",
    ),
    Decision(
        "evidence_order",
        "The article does not rank the evidence.",
        "The handbook orders it for each chargeback reason by how directly it answers the buyer's claim, with a "
        "one-line reason for each position; for \"other\" reasons the article's own order is kept. A checklist, "
        "not a forecast: no chances of winning.",
    ),
    Decision(
        "if_applicable",
        "Proof of refund and proof of replacement",
        "exist only if you refunded or replaced: the checklist lists them as \"if applicable\", never as a gap.",
    ),
)
