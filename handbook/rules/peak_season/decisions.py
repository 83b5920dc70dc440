"""Double 11 peak season: the simulation's assumptions where the notice `004_5afd92d86d0151b5.txt` is silent.

Rendered in notebook 05 (section 4); tested under `@pytest.mark.decision("peak_season.<name>")` in
tests/test_peak_season.py.
"""

from __future__ import annotations

from handbook.rules.decisions import Decision, Decisions

DECISIONS = Decisions(
    "peak_season",
    Decision(
        "arrival_curve",
        "The arrival curve is ours, not the platform's.",
        "The default hourly curve (`aliexpress.peak_season.arrival_weights`) — a quiet run-up, a spike in the "
        "first hour of 11 November, a decay through the night, a daytime plateau, a low tail on 12 November — is "
        "a handbook modelling assumption chosen to show the shape of a peak. Replace it with your own store's "
        "hourly orders from last year when you have them (`PeakScenario(arrival_weights=[...])`).",
    ),
    Decision(
        "payment_delays",
        "Payment delays",
        "are spread evenly between the chosen bounds. The bounds are held to the notice's range "
        "({{ aliexpress.peak_season.payment_processing_min_hours | value }}–"
        "{{ aliexpress.peak_season.payment_processing_max_hours }}) unless you ask for a what-if beyond it "
        "(`beyond_policy=True`); the explanation says when a range was clamped.",
    ),
    Decision(
        "team_fifo",
        "The team",
        "fills notices first come, first served, at a steady rate per person, round the clock (in shifts).",
    ),
    Decision(
        "closed_orders_take_their_turn",
        "Risk control",
        "reviews each flagged order at some moment in the hours after payment; a closed order still takes its "
        "turn in the team's queue, because the back office may keep showing it as awaiting shipment (the "
        "notice's \"data may lag\"). This slightly overstates the backlog, which is the safe side for planning.",
    ),
    Decision(
        "worst_wait",
        "Worst wait for a notice",
        "is the longest time an order sat in the team's queue, from its tracking number being ready to its "
        "notice being filled (or the order being closed), even if that happened after the window ended. "
        "\"Keep the notice backlog under N hours\" means: keep this worst wait within N hours.",
    ),
)
