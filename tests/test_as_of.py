"""The handbook's one "as of" date: `policy.today()`, pinned by HANDBOOK_TODAY where outputs are compared."""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.inputs import SHANGHAI

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("pinned", "expected"), [
    ("2026-11-21", date(2026, 11, 21)),
    ("2027-01-01", date(2027, 1, 1)),
    (" 2024-02-29 ", date(2024, 2, 29)),
])
def test_handbook_today_pins_the_date(monkeypatch, pinned, expected):
    monkeypatch.setenv("HANDBOOK_TODAY", pinned)
    assert policy.today() == expected


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "21/11/2026", "20261121", "2026-11-21T08:00",
                                 "today", "2026-1-5"])
def test_a_bad_handbook_today_names_the_variable_and_the_format(monkeypatch, bad):
    monkeypatch.setenv("HANDBOOK_TODAY", bad)
    with pytest.raises(PolicyInputError) as caught:
        policy.today()
    assert caught.value.field == "HANDBOOK_TODAY"
    assert caught.value.value == bad
    assert "YYYY-MM-DD" in str(caught.value)


@pytest.mark.parametrize("unset", [None, "", "  "])
def test_unset_it_is_today_in_shanghai(monkeypatch, unset):
    if unset is None:
        monkeypatch.delenv("HANDBOOK_TODAY", raising=False)
    else:
        monkeypatch.setenv("HANDBOOK_TODAY", unset)
    before = datetime.now(SHANGHAI).date()
    got = policy.today()
    after = datetime.now(SHANGHAI).date()
    assert got in {before, after}  # the call may straddle midnight in Shanghai


def test_rules_default_to_the_as_of_date(monkeypatch):
    annual = "pinduoduo_intl.customs.annual_limit"
    first = policy.describe(annual).values[0]
    monkeypatch.setenv("HANDBOOK_TODAY", first.start.isoformat())
    assert policy.ref(annual).effective_from == first.start
    monkeypatch.setenv("HANDBOOK_TODAY", (first.start - timedelta(days=1)).isoformat())
    with pytest.raises(PolicyInputError):
        policy.get(annual)


def _today_in_make(target: str) -> str:
    """The HANDBOOK_TODAY a recipe of `make TARGET` sees (a probe prerequisite; `-n` runs nothing else)."""
    env = {k: v for k, v in os.environ.items() if k not in {"HANDBOOK_TODAY", "MAKEFLAGS", "MAKELEVEL"}}
    out = subprocess.run(
        ["make", "-n", "--no-print-directory", "--eval", 'probe-today: ; +@echo "today=[$$HANDBOOK_TODAY]"',
         "--eval", f"{target}: probe-today", target],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout
    (line,) = [x for x in out.splitlines() if x.startswith("today=[")]
    return line[len("today=["):-1]


@pytest.mark.parametrize("target", ["test", "unit", "nbval", "notebooks", "notebook", "docs", "drill"])
def test_make_pins_the_date_where_outputs_are_compared(target):
    pinned = _today_in_make(target)
    assert date.fromisoformat(pinned)  # an ISO date, the one the stored outputs were built on


@pytest.mark.parametrize("target", ["lab", "app"])
def test_make_lab_and_app_use_the_real_date(target):
    assert _today_in_make(target) == ""
