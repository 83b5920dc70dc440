"""The loader rejects every kind of broken parameter file, naming file, parameter and problem."""

from __future__ import annotations

import textwrap

import pytest

from handbook.errors import ParameterFileError
from handbook.policy.registry import load_directory, load_file

GOOD = """
area.thing.cap:
  label: Cap
  label_zh: 上限
  unit: yuan
  values:
    - from: 2020-01-01
      value: 100
      source: {document: 003_85f95fdeffeeff0c.txt, section: 处罚, read_on: 2026-11-21}
"""


def write(tmp_path, text, name="area.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_good_file_loads(tmp_path):
    parameters = load_file(write(tmp_path, GOOD))
    assert parameters["area.thing.cap"].values[0].value == 100
    assert parameters["area.thing.cap"].values[0].from_is == "in_force"  # the default
    assert str(parameters["area.thing.cap"].values[0].source) == "003_85f95fdeffeeff0c.txt, 处罚"


BROKEN = [
    ("unknown parameter key", GOOD.replace("  unit: yuan", "  unit: yuan\n  colour: red"), "unknown key"),
    ("unknown value key", GOOD.replace("      value: 100", "      value: 100\n      vaule: 3"), "unknown key"),
    ("missing source", GOOD.replace("      source: {document: 003_85f95fdeffeeff0c.txt, section: 处罚, read_on: 2026-11-21}\n", ""), "missing ['source']"),
    ("source without document", GOOD.replace("document: 003_85f95fdeffeeff0c.txt, ", ""), "missing ['document']"),
    ("source without read_on", GOOD.replace(", read_on: 2026-11-21", ""), "missing ['read_on']"),
    ("missing label_zh", GOOD.replace("  label_zh: 上限\n", ""), "missing ['label_zh']"),
    ("unknown unit", GOOD.replace("unit: yuan", "unit: dollars"), "unknown unit 'dollars'"),
    ("wrong value type", GOOD.replace("value: 100", "value: lots"), "does not fit unit 'yuan'"),
    ("negative money", GOOD.replace("value: 100", "value: -5"), "does not fit unit 'yuan'"),
    ("percent over 100", GOOD.replace("unit: yuan", "unit: percent").replace("value: 100", "value: 130"), "percentage"),
    ("fractional count", GOOD.replace("unit: yuan", "unit: orders").replace("value: 100", "value: 2.5"), "whole number"),
    ("unquoted clock time", GOOD.replace("unit: yuan", "unit: clock_time").replace("value: 100", "value: 20:00"), "quoted"),
    ("list written as text", GOOD.replace("unit: yuan", "unit: list").replace("value: 100", "value: a,b,c"), "does not fit unit 'list'"),
    ("list with an empty item", GOOD.replace("unit: yuan", "unit: list").replace("value: 100", 'value: [a, ""]'),
     "does not fit unit 'list'"),
    ("from is not a date", GOOD.replace("from: 2020-01-01", "from: soon"), "must be a date"),
    ("until before from", GOOD.replace("      value: 100", "      until: 2019-01-01\n      value: 100"), "until must be a date on or after"),
    ("bad id", GOOD.replace("area.thing.cap:", "Area Thing:"), "id must be dotted"),
    ("empty values", GOOD.split("  values:")[0] + "  values: []\n", "non-empty list"),
    ("not a mapping", "- just\n- a list\n", "expected a mapping"),
    ("invalid yaml", "a: [unclosed\n", "not valid YAML"),
    ("duplicate key", GOOD + "area.thing.cap:\n  label: again\n", "duplicate key"),
    ("unknown from_is", GOOD.replace("      value: 100", "      from_is: published\n      value: 100"),
     "from_is must be one of in_force, stated, decided"),
]


@pytest.mark.parametrize("case, text, problem", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_file_is_rejected_with_file_parameter_and_problem(tmp_path, case, text, problem):
    with pytest.raises(ParameterFileError) as caught:
        load_file(write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith("area.yaml"), message
    assert problem in message, message


def test_a_list_parameter_is_a_yaml_list(tmp_path):
    text = GOOD.replace("unit: yuan", "unit: list").replace("value: 100", "value: [aliexpress, taobao]")
    value = load_file(write(tmp_path, text))["area.thing.cap"].values[0].value
    assert value == ("aliexpress", "taobao")


def test_no_text_parameter_is_a_list_in_disguise():
    """Comma- or slash-separated text is a list: write it as a YAML list with unit `list`."""
    from handbook import policy

    disguised = [pid for pid in policy.ids() if policy.describe(pid).unit == "text"
                 and any(len(str(v.value).split(sep)) > 2 for sep in (",", "/") for v in policy.describe(pid).values)]
    assert not disguised


def _two_values(first: str, second: str) -> str:
    second_value = textwrap.indent(textwrap.dedent(f"""\
        - from: {second}
          value: 200
          source: {{document: x.txt, read_on: 2026-11-21}}
    """), "    ")
    return GOOD.replace("from: 2020-01-01", f"from: {first}") + second_value


@pytest.mark.parametrize(
    "first, second, problem",
    [("2021-01-01", "2020-06-01", "out of order"), ("2020-01-01", "2020-01-01", "two values start on")],
)
def test_dates_must_be_increasing_and_distinct(tmp_path, first, second, problem):
    with pytest.raises(ParameterFileError, match=problem):
        load_file(write(tmp_path, _two_values(first, second)))


def test_overlapping_until_is_rejected(tmp_path):
    text = _two_values("2020-01-01", "2021-01-01").replace(
        "      value: 100", "      until: 2021-06-30\n      value: 100")
    with pytest.raises(ParameterFileError, match="overlaps"):
        load_file(write(tmp_path, text))


def test_same_id_in_two_files_is_rejected(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(ParameterFileError, match="already defined in a.yaml"):
        load_directory(tmp_path)


@pytest.mark.parametrize(("from_is", "dated"), [
    ("in_force", "in force from 2020-01-01"),
    ("stated", "stated in the article of 2020-01-01"),
    ("decided", "applied by the handbook from 2020-01-01"),
])
def test_from_is_says_what_the_date_means(tmp_path, from_is, dated):
    text = GOOD.replace("      value: 100", f"      from_is: {from_is}\n      value: 100")
    value = load_file(write(tmp_path, text))["area.thing.cap"].values[0]
    assert (value.from_is, value.dated, value.stated) == (from_is, dated, from_is == "stated")
