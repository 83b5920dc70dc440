"""Honest dates: a value dated from its article's publication says "stated in the article of …" wherever a
user sees it, never "in force from …", and a date before the earliest statement gets no value."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from handbook import policy
from handbook.errors import PolicyInputError
from handbook.reference import sources as reference_sources
from handbook.rules.fake_shipping import order_compensation
from handbook.text import md

# The source articles and their publication dates, from the Sources page's data (handbook/reference/sources.yaml,
# typed once from ../shared/seeds/README.md): a new area's article needs no second entry here. A value whose `from` is its article's date was
# not given a start by the article: it must be marked `from_is: stated`.
ARTICLE_DATES = {s.id: s.date for s in reference_sources.sources()
                 if s.kind == "seed article" and s.date_means == "published"}
VALUES = [(pid, index, value) for pid in policy.ids() for index, value in enumerate(policy.describe(pid).values)]
STATED = [(pid, value) for pid, _, value in VALUES if value.stated]


def test_every_value_dated_from_its_article_is_marked_stated():
    for pid, index, value in VALUES:
        article = ARTICLE_DATES.get(value.source.document)
        from_article = article is not None and value.start == article
        assert value.stated is from_article, (
            f"{pid} values[{index}]: from {value.start}, source {value.source.document} (article of {article})")
    assert len(STATED) >= 38


def test_handbook_decisions_are_marked_decided():
    for pid, index, value in VALUES:
        assert (value.from_is == "decided") is value.source.document.startswith("handbook"), f"{pid} values[{index}]"


@pytest.mark.parametrize(("pid", "value"), STATED, ids=[pid for pid, _ in STATED])
def test_a_stated_value_says_so_wherever_a_user_sees_it(pid, value):
    on = value.start + timedelta(days=400)
    ref = policy.ref(pid, on)
    stated = f"stated in the article of {value.start}"
    assert ref.stated and ref.dated == stated
    assert ref.citation().endswith(stated)
    assert "in force from" not in ref.citation()
    described = policy.describe(pid)._repr_markdown_()
    assert f"| {value.start} (stated in the article of that date; start not known) |" in described
    row = policy.table(on=on).set_index("id").loc[pid]
    assert row["dated"] == stated and row["from"] == value.start
    assert f"| {stated} |" in policy.table_md(on=on, prefix=pid)
    assert md(f"{{{{ {pid} | since }}}}", on=on) == stated
    with pytest.raises(ValueError, match=r"\| since"):
        md(f"{{{{ {pid} | from }}}}", on=on)


def test_explanations_cite_stated_values_as_stated():
    on = date(2026, 11, 21)
    text = str(order_compensation("50", on=on).explain())
    cap = policy.ref("pinduoduo.fake_shipping.cap", on)
    assert f"{cap.source}, stated in the article of {cap.effective_from}" in text
    assert not re.search(r"in force from 2023-01-29", text)


def test_a_known_start_still_reads_in_force_from():
    ref = policy.ref("pinduoduo_intl.customs.annual_limit", date(2026, 11, 21))
    assert not ref.stated and ref.dated == "in force from 2019-01-01"
    assert md("{{ pinduoduo_intl.customs.annual_limit | from }}", on=date(2026, 11, 21)) == "2019-01-01"


FIRST_STATED = [pid for pid in policy.ids() if policy.describe(pid).values[0].stated]


@pytest.mark.parametrize("pid", FIRST_STATED)
def test_before_the_earliest_statement_there_is_no_value(pid):
    first = policy.describe(pid).values[0]
    for day in (first.start - timedelta(days=1), date(2016, 1, 1)):
        with pytest.raises(PolicyInputError) as caught:
            policy.ref(pid, day)
        assert caught.value.accepted == f"a date on or after {first.start}"
        assert f"first stated in the article of {first.start}" in str(caught.value)
        assert "does not know whether it applied before" in str(caught.value)
    assert policy.ref(pid, first.start).value == first.value
