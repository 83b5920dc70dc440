"""Chargeback calculators and the calendar strip: defaults, recomputation, errors, drawn data."""

from __future__ import annotations

import os
from datetime import date
from unittest import mock

import pytest
from matplotlib.colors import to_hex

from handbook.plots.chargeback import FILL, calendar_strip, draw_calendar_strip
from handbook.rules import calendar
from handbook.rules.chargeback import deadline_check
from handbook.widgets import chargeback
from handbook.widgets.base import Calculator


@pytest.mark.parametrize("factory", chargeback.__all__)
def test_every_factory_builds_with_no_arguments(factory):
    calc = getattr(chargeback, factory)()
    assert isinstance(calc, Calculator) and calc.last_error is None and calc.last_result is not None
    assert f"hb-calc-{calc.name}" in calc._dom_classes


def test_deadline_defaults_to_the_as_of_date(monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-11-30")
    calc = chargeback.deadline()
    assert calc.name == "deadline" and set(calc.controls) == {"notified_on", "today"}
    assert calc.controls["notified_on"].value == calc.controls["today"].value == date(2026, 11, 30)
    assert calc.last_result.deadline == deadline_check(date(2026, 11, 30), date(2026, 11, 30)).deadline


def test_deadline_on_the_eve_of_national_day():
    calc = chargeback.deadline(date(2026, 9, 30), date(2026, 10, 8))
    assert calc.controls["notified_on"].value == date(2026, 9, 30)
    assert calc.last_result.deadline == date(2026, 10, 10)
    assert "Sat 10 Oct 2026" in calc.result.value and "2 working day(s) after today" in calc.result.value
    assert calc.chart is not None and bytes(calc.chart.image.value).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "notice, today, shown",
    [
        (date(2026, 11, 20), date(2026, 11, 25), "0 — the deadline is today"),
        (date(2026, 11, 20), date(2026, 11, 26), "late by 1 working day(s)"),
        (date(2026, 11, 21), date(2026, 11, 21), "Wed 25 Nov 2026"),
    ],
)
def test_deadline_recomputes(notice, today, shown):
    calc = chargeback.deadline()
    calc.controls["today"].value = today
    calc.controls["notified_on"].value = notice
    assert shown in calc.result.value


@pytest.mark.parametrize(
    "notice, today, message",
    [
        (None, date(2026, 10, 8), "Notice received (day 0): nothing entered"),
        (date(2022, 3, 1), date(2022, 3, 1), "first stated in the article of 2023-04-22"),
        (date(2026, 10, 9), date(2026, 10, 8), "today is before the chargeback notice"),
    ],
)
def test_deadline_errors_are_shown_in_plain_words(notice, today, message):
    calc = chargeback.deadline()
    calc.controls["today"].value = today
    calc.controls["notified_on"].value = notice
    assert message in calc.result.value and "Traceback" not in calc.result.value
    assert calc.last_result is None


def test_evidence_checklist_updates_with_reason_and_ticks():
    calc = chargeback.evidence()
    assert calc.name == "evidence" and set(calc.controls) == {"reason", "provided"}
    assert calc.last_result.missing[0] == "delivery_proof"
    calc.controls["reason"].value = "not_as_described"
    assert calc.last_result.missing[0] == "return_policy"  # listing and messages ticked
    calc.controls["provided"].value = ()
    assert calc.last_result.missing[0] == "item_description" and "✘ missing" in calc.result.value


def test_email_checker():
    calc = chargeback.buyer_email()
    assert "Not accepted" in calc.result.value
    calc.controls["email"].value = "buyer@example.com"
    assert "Accepted" in calc.result.value and calc.last_result.acceptable
    calc.controls["email"].value = "not an address"
    assert "Sign-up e-mail: “" in calc.result.value and calc.last_result is None


def _cells(figure):
    return figure._hb_strip["cells"], figure._hb_strip


def test_strip_draws_kinds_counts_and_the_deadline():
    check = deadline_check(date(2026, 9, 30), date(2026, 10, 8))
    chart = calendar_strip(check)
    cells, state = _cells(chart.figure)
    assert len(cells) == 14
    fills = [to_hex(c.get_facecolor()) for c in cells]
    assert fills == [FILL[d.kind] for d in check.strip]
    assert fills[1] == FILL["holiday"] and fills[10] == FILL["makeup_workday"] and fills[11] == FILL["weekend"]
    assert [t.get_text() for t in state["counts"]][8:11] == ["1", "2", "3"]
    assert "DEADLINE" in state["kinds"][10].get_text() and cells[10].get_linewidth() > cells[9].get_linewidth()
    assert state["marks"][0].get_text() == "notice" and state["marks"][8].get_text() == "today"
    assert "Sat 10 Oct 2026" in state["title"].get_text()
    assert repr(chart).startswith("<Chart: calendar strip")


@pytest.fixture
def no_schedule_files(tmp_path):
    """No schedule file: 2027 (unknown to the calendar library) stays unknown whatever the package ships."""
    with mock.patch.dict(os.environ, {calendar.SCHEDULE_DIR_ENV: str(tmp_path)}):
        yield


def test_strip_updates_in_place_and_marks_unknown_days(no_schedule_files):
    chart = calendar_strip(deadline_check(date(2026, 9, 30), date(2026, 10, 8)))
    first = chart.figure._hb_strip["cells"][0]
    draw_calendar_strip(chart.figure, deadline_check(date(2026, 12, 22), date(2026, 12, 22)))
    cells, state = _cells(chart.figure)
    assert cells[0] is first  # same artists, updated
    # 1 January is a statutory holiday (the law fixes it); the days after it are not published yet
    assert [t.get_text() for t in state["kinds"]][10:] == ["holiday"] + ["unknown"] * 3
    assert all(c.get_hatch() for c in cells[11:]) and not cells[10].get_hatch()
    assert "PROVISIONAL" not in state["title"].get_text()  # the deadline itself (25 Dec) is known


def test_strip_of_a_provisional_deadline(no_schedule_files):
    check = deadline_check(date(2026, 12, 29), date(2026, 12, 30))
    chart = calendar_strip(check)
    cells, state = _cells(chart.figure)
    at = {d.day: i for i, d in enumerate(check.strip)}
    deadline, send_by = at[check.deadline], at[check.send_by]
    assert check.provisional and send_by < deadline
    assert state["kinds"][deadline].get_text() == "LIKELY\nDEADLINE"
    assert cells[deadline].get_linestyle() not in ("-", "solid") and cells[deadline].get_linewidth() > 2
    assert "send by" in state["marks"][send_by].get_text()
    title = state["title"].get_text()
    assert title.startswith("PROVISIONAL") and "2027" in title and f"{check.send_by:%a %d %b %Y}" in title
    # back to a final answer: the frame is solid again and nothing says provisional
    draw_calendar_strip(chart.figure, deadline_check(date(2026, 9, 30), date(2026, 10, 8)))
    assert cells[10].get_linestyle() in ("-", "solid") and "PROVISIONAL" not in state["title"].get_text()
    assert not any("send by" in m.get_text() for m in state["marks"])
