"""The registry API over the real parameter files: get, ref, describe, table, scenario."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.policy import PARAMETERS_DIR
from handbook.policy.registry import load_directory
from handbook.policy.units import UNITS

ANNUAL = "pinduoduo_intl.customs.annual_limit"


@pytest.mark.parametrize(
    "on, expected",
    [
        (date(2016, 4, 8), Decimal("20000")),
        (date(2018, 12, 31), Decimal("20000")),
        (date(2019, 1, 1), Decimal("26000")),
        (date(2030, 6, 1), Decimal("26000")),  # in force past its sources' dates: not an error
    ],
)
def test_get_picks_the_value_in_force(on, expected):
    assert policy.get(ANNUAL, on=on) == expected


def test_money_parameters_are_decimal():
    assert isinstance(policy.get(ANNUAL, on=date(2020, 1, 1)), Decimal)


def test_date_before_first_value_is_an_error_that_says_so():
    with pytest.raises(PolicyInputError, match="no value before 2016-04-08"):
        policy.get(ANNUAL, on=date(2016, 4, 7))


def test_unknown_id_is_a_clear_error():
    with pytest.raises(PolicyInputError, match="parameter id"):
        policy.get("pinduoduo_intl.customs.annual_limt")


def test_on_must_be_a_date():
    with pytest.raises(PolicyInputError, match="on:"):
        policy.get(ANNUAL, on="2020-01-01")


def test_ref_carries_label_unit_and_source():
    ref = policy.ref(ANNUAL, on=date(2020, 1, 1))
    assert ref.text == "26,000 yuan"
    assert ref.effective_from == date(2019, 1, 1)
    assert "财关税〔2018〕49号" in ref.citation()


def test_describe_has_whole_history():
    parameter = policy.describe(ANNUAL)
    assert [v.value for v in parameter.values] == [Decimal("20000"), Decimal("26000")]
    assert "财关税〔2016〕18号" in parameter._repr_markdown_()


def test_table_lists_parameters_in_force_with_sources():
    frame = policy.table(on=date(2026, 11, 21))
    assert list(frame.columns) == ["id", "label", "label_zh", "value", "from", "dated", "source", "read on"]
    row = frame.set_index("id").loc[ANNUAL]
    assert row["value"] == "26,000 yuan" and "49号" in row["source"]
    assert frame["source"].str.len().min() > 0


def test_scenario_overrides_and_restores():
    before = policy.get(ANNUAL, on=date(2026, 1, 1))
    with policy.scenario({ANNUAL: 50000}):
        assert policy.get(ANNUAL, on=date(2026, 1, 1)) == Decimal("50000")
        assert policy.ref(ANNUAL).overridden
    assert policy.get(ANNUAL, on=date(2026, 1, 1)) == before


def test_scenario_restores_after_an_exception():
    before = policy.get(ANNUAL, on=date(2026, 1, 1))
    with pytest.raises(RuntimeError), policy.scenario({ANNUAL: 1}):
        raise RuntimeError("boom")
    assert policy.get(ANNUAL, on=date(2026, 1, 1)) == before


def test_scenarios_nest():
    single = "pinduoduo_intl.customs.single_limit"
    with policy.scenario({ANNUAL: 1}):
        with policy.scenario({single: 2}):
            assert (policy.get(ANNUAL), policy.get(single)) == (1, 2)
        assert policy.get(ANNUAL) == 1 and policy.get(single) != 2


@pytest.mark.parametrize("overrides", [{"no.such.parameter": 1}, {ANNUAL: "lots"}, {ANNUAL: -1}])
def test_scenario_rejects_unknown_ids_and_bad_values(overrides):
    with pytest.raises(PolicyInputError):
        with policy.scenario(overrides):
            pass  # pragma: no cover


def test_every_real_parameter_file_is_valid_and_sourced():
    parameters = load_directory(PARAMETERS_DIR)
    assert parameters, "no parameters found"
    for parameter in parameters.values():
        assert parameter.unit in UNITS
        for value in parameter.values:
            assert value.source.document.strip() and value.source.read_on <= date.today()


def test_clock_time_unit_reads_24_00_as_end_of_day():
    assert UNITS["clock_time"].convert("24:00") > time(23, 59)
    assert UNITS["clock_time"].format(UNITS["clock_time"].convert("24:00")) == "24:00"
