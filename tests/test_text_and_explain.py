"""Prose generated from the registry, and explanations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.text import md, solution

ANNUAL = "pinduoduo_intl.customs.annual_limit"


@pytest.mark.parametrize(
    "template, expected",
    [
        ("{{ " + ANNUAL + " }}", "26,000 yuan"),
        ("{{" + ANNUAL + "|value}}", "26,000"),
        ("{{ " + ANNUAL + " | from }}", "2019-01-01"),
        ("{{ " + ANNUAL + " | label_zh }}", "跨境电商零售进口年度个人交易限值"),
        ("{{ " + ANNUAL + " | source }}", "财关税〔2018〕49号, announced 2018-11-30; restated in 000_d3139da63785aa80.txt, cause 1"),
        ("{{ spent }} + {{ order }}", "24,800 + 1,500"),
    ],
)
def test_md_fills_figures_from_the_registry(template, expected):
    assert md(template, on=date(2026, 1, 1), spent=Decimal("24800"), order=1500) == expected


def test_prose_follows_a_parameter_change():
    with policy.scenario({ANNUAL: 30000}):
        assert md("{{ " + ANNUAL + " }}") == "30,000 yuan"


def test_unknown_name_is_an_error_not_a_blank():
    with pytest.raises(PolicyInputError):
        md("{{ no.such.param }}")


def test_solution_is_folded():
    text = solution("Answer: {{ x }}", x=3)
    assert text.startswith("<details><summary>Solution</summary>") and "Answer: 3" in text


def test_explanation_cites_rule_steps_and_parameters():
    why = Explainer("handbook.rules.example", on=date(2026, 1, 1))
    limit = why.param(ANNUAL)
    why.step(f"Compared with {limit}")
    explanation = why.done("Within the limit.")
    text = str(explanation)
    assert "handbook.rules.example" in text and "Compared with 26000" in text
    assert "26,000 yuan" in text and "财关税〔2018〕49号" in text
    assert "<details" in explanation.to_html() and "| parameter |" in explanation._repr_markdown_()

    class Thing(Result):
        pass

    thing = Thing(explanation=explanation)
    assert thing.explain() is explanation
