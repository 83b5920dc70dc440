"""Shared fixtures for the training tests: a small rule module registered as `handbook.rules.quiz_fixture`.

The fixture rule reads the real registry parameter `pinduoduo_intl.customs.annual_limit`, so the schema,
answer and widget tests do not depend on any policy area's rule module, while still showing that an answer
moves with `policy.scenario`. (Tests on the real question files are in test_training_questions.py.)
"""

from __future__ import annotations

import sys
import textwrap
import types
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from handbook.explain import Explainer, Result
from handbook.inputs import as_date, choice, money

MODULE = "handbook.rules.quiz_fixture"
LIMIT = "pinduoduo_intl.customs.annual_limit"
ON = date(2026, 11, 21)


@dataclass(frozen=True)
class Quota(Result):
    total: Decimal
    limit: Decimal
    over: bool
    remaining: Decimal
    deadline: date


def quota(spent, amount, *, version: str = "strict", on: date | None = None) -> Quota:
    """Over the limit when spent + amount exceeds it ('strict') or reaches it ('reach')."""
    version = choice(version, "version", ["strict", "reach"])
    why = Explainer(f"{MODULE}.quota", on=on)
    limit = why.param(LIMIT)
    total = money(spent, "spent") + money(amount, "amount")
    over = total > limit if version == "strict" else total >= limit
    why.step(f"{total} against {limit}")
    remaining = max(limit - total, Decimal(0))
    deadline = as_date(on or ON, "on")
    return Quota(total=total, limit=limit, over=over, remaining=remaining, deadline=deadline,
                 explanation=why.done("Over the limit." if over else "Within the limit."))


def not_a_result(spent, amount) -> Decimal:
    return money(spent, "spent") + money(amount, "amount")


def install(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType(MODULE)
    module.quota = quota
    module.not_a_result = not_a_result
    module.Quota = Quota
    monkeypatch.setitem(sys.modules, MODULE, module)
    return module


GOOD_CHOICE = {
    "id": "fixture-over",
    "area": "customs",
    "section": 1,
    "kind": "choice",
    "prompt": "A buyer has spent {{ spent }} yuan and orders {{ amount }} yuan. The annual limit "
              "(年度个人交易限值) is {{ pinduoduo_intl.customs.annual_limit }}. Is the order over it?",
    "answer": {"rule": f"{MODULE}.quota", "args": {"spent": "24800", "amount": "1500"},
               "field": "over", "format": "yes_no"},
    "distractors": [{"opposite": True, "hint": "Equal to the limit is still within it."}],
}

GOOD_NUMERIC = {
    "id": "fixture-remaining",
    "area": "customs",
    "section": 1,
    "kind": "numeric",
    "prompt": "A buyer has spent {{ spent }} yuan. How much of the annual quota is left after an order of "
              "{{ amount }} yuan?",
    "answer": {"rule": f"{MODULE}.quota", "args": {"spent": "20000", "amount": "1500.50"},
               "field": "remaining", "format": "yuan"},
    "tolerance": 0,
}

GOOD_GENERATED = {
    "id": "fixture-total",
    "area": "customs",
    "section": 2,
    "kind": "choice",
    "prompt": "What is the buyer's total after this order ({{ amount }} yuan on top of {{ spent }})?",
    "answer": {"rule": f"{MODULE}.quota", "args": {"spent": "24800", "amount": "1500"},
               "field": "total", "format": "yuan"},
    "distractors": [
        {"field": "limit", "hint": "That is the limit, not the total."},
        {"shift": -100},
        {"text": "Nothing: the order is refused"},
    ],
}

GOOD_PARAM = {
    "id": "fixture-limit",
    "area": "customs",
    "section": 1,
    "kind": "choice",
    "prompt": "What is the annual limit ({{ pinduoduo_intl.customs.annual_limit | label_zh }})?",
    "answer": {"param": LIMIT, "format": "yuan"},
    "distractors": [{"param": "pinduoduo_intl.customs.single_limit"}],
}


def write_questions(directory: Path, questions: list[dict], name: str = "customs.yaml") -> Path:
    import yaml

    path = directory / name
    path.write_text(yaml.safe_dump(questions, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_text(directory: Path, text: str, name: str = "customs.yaml") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
