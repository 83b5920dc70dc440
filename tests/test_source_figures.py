"""The one place where tests pin policy figures on purpose: the live registry against `source_figures.ROWS`.

One test per parameter. After a policy change exactly the parameters whose figures moved fail here, each
naming the dated values the registry has and the ones the table (the sources as last read) has; every other
test runs on the table's figures (`tests/conftest.py`). Update ROWS with the new dated value and its source
section once the change is intended.
"""

from __future__ import annotations

from datetime import date

import pytest
from source_figures import EXAMPLE_DATE, ROWS

from handbook import policy
from handbook.policy.units import UNITS

PARAMETERS = sorted({row.parameter for row in ROWS})


def _table(pid: str) -> list[tuple]:
    unit = UNITS[policy.describe(pid).unit]
    return [(date.fromisoformat(r.date), unit.convert(r.value), r.document, r.section,
             date.fromisoformat(r.until) if r.until else None)
            for r in sorted((r for r in ROWS if r.parameter == pid), key=lambda r: r.date)]


def _live(pid: str) -> list[tuple]:
    """The live history up to the example date (a value dated later does not move today's tests)."""
    return [(v.start, v.value, v.source.document if v.source else "(what-if scenario)",
             v.source.section if v.source else None, v.until)
            for v in policy.describe(pid).values if v.start <= EXAMPLE_DATE]


@pytest.mark.live_registry
@pytest.mark.parametrize("pid", PARAMETERS)
def test_the_registry_still_has_the_source_figures(pid):
    assert _live(pid) == _table(pid), (
        f"{pid} moved: the registry has {_live(pid)}, the source-figure table has {_table(pid)}. "
        "If the change is intended, add the new dated value to tests/source_figures.py and re-execute the notebooks.")


@pytest.mark.live_registry
def test_every_parameter_is_in_the_table():
    assert sorted(policy.ids()) == PARAMETERS


def test_the_other_tests_run_on_the_table():
    for row in ROWS:
        on = date.fromisoformat(row.date)
        assert policy.get(row.parameter, on) == UNITS[policy.describe(row.parameter).unit].convert(row.value)
