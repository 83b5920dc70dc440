"""Reference pages: sources, glossary and checklists are complete, schema-checked and rendered from the registry."""

from __future__ import annotations

import re
from datetime import date

import pytest

from handbook import areas, policy
from handbook.errors import PolicyInputError
from handbook.figure_check import typed_figures
from handbook.reference import checklists, glossary, sources
from handbook.reference.sources import ReferenceFileError
from handbook.text import PLACEHOLDER

ON = date(2026, 11, 21)


# ----------------------------------------------------------------------------------------------- sources

def test_every_cited_source_has_an_entry_and_every_entry_is_cited():
    assert sources.check() == []


def test_the_sources_page_lists_every_source_with_the_parameters_citing_it():
    page = sources.sources_page()
    for s in sources.sources():
        assert f"`{s.id}`" in page
        for pid, _label in sources.cited_by(s.id):
            assert f"(`{pid}`)" in page
    every = {pid for pid in policy.ids() if any(v.source for v in policy.describe(pid).values)}
    assert every == {pid for s in sources.sources() for pid, _ in sources.cited_by(s.id)}


@pytest.mark.parametrize("sid", ["000_d3139da63785aa80.txt", "财关税〔2018〕49号"])
def test_cited_by_finds_the_parameters(sid):
    found = [pid for pid, _ in sources.cited_by(sid)]
    assert found and all(any(v.source and v.source.document == sid for v in policy.describe(p).values) for p in found)


def test_an_unknown_source_is_a_plain_error():
    with pytest.raises(PolicyInputError, match="Sources page"):
        sources.source("no-such-document")


@pytest.mark.parametrize("text, problem", [
    ("a: [1]", "must be a mapping"),
    ("a: {kind: seed article}", "missing"),
    ("a: {kind: rumour, platform: p, title: t, title_zh: t, publisher: p, covers: c, where: w}", "kind 'rumour'"),
    ("a: {kind: handbook, platform: p, title: t, title_zh: t, publisher: p, covers: c, where: w, date: soon}",
     "not a date"),
    ("a: {kind: handbook, platform: p, title: t, title_zh: t, publisher: p, covers: c, where: w, colour: red}",
     "unknown key"),
    ("a: {kind: handbook}\na: {kind: handbook}", "duplicate key"),
])
def test_a_malformed_sources_file_names_the_problem(tmp_path, text, problem):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceFileError, match=re.escape(problem)):
        sources._load(path)


# ---------------------------------------------------------------------------------------------- glossary

@pytest.mark.parametrize("term, expected", [
    ("拒付", "jù fù"), ("保证金", "bǎo zhèng jīn"), ("虚假发货", "xū jiǎ fā huò"), ("安心购", "ān xīn gòu"),
    ("24h发货服务", "24h fā huò fú wù"),
])
def test_pinyin(term, expected):
    assert glossary.to_pinyin(term) == expected


def test_the_glossary_holds_every_area_name_and_parameter_label():
    terms = {t.term: t for t in glossary.terms()}
    for a in areas.AREAS:  # a curated English meaning may replace the area's title
        assert terms[a.title_zh].english
    for pid in policy.ids():
        label_zh = policy.describe(pid).label_zh
        if re.search(r"[\u4e00-\u9fff]", label_zh):
            assert label_zh in terms


def test_every_curated_term_still_appears_somewhere():
    assert glossary.unused() == []


def test_the_glossary_is_in_pinyin_order_and_says_where_terms_appear():
    terms = glossary.terms()
    keys = [glossary._sort_key(t.term) for t in terms]
    assert keys == sorted(keys)
    by_term = {t.term: t for t in terms}
    assert any("fake shipping" in w.lower() for w in by_term["虚假发货"].where)
    table = glossary.glossary_page()
    assert table.count("\n") == len(terms) + 1  # header, rule, one row per term


# -------------------------------------------------------------------------------------------- checklists

def test_every_area_has_a_checklist():
    assert checklists.slugs() == [a.slug for a in areas.AREAS]


def test_checklist_templates_type_no_figure():
    for slug, groups in checklists._templates().items():
        for g in groups:
            for item in g.items:
                assert typed_figures(PLACEHOLDER.sub("", item), ON) == [], (slug, item)


def _numeric_placeholders():
    for slug, groups in checklists._templates().items():
        for g in groups:
            for item in g.items:
                for m in PLACEHOLDER.finditer(item):
                    value = policy.get(m.group(1), ON)
                    if isinstance(value, int) and not isinstance(value, bool):
                        yield slug, m.group(1)


@pytest.mark.parametrize("slug, pid", sorted(set(_numeric_placeholders())))
def test_a_checklist_moves_with_its_parameters(slug, pid):
    before = checklists.markdown(slug, on=ON)
    changed = policy.get(pid, ON) + 7
    with policy.scenario({pid: changed}):
        after = checklists.markdown(slug, on=ON)
    assert after != before
    assert policy.ref(pid, ON).text not in after or str(changed) in after


def test_the_printable_page_is_standalone_and_the_pdf_is_a_pdf():
    page = checklists.html("fake_shipping", on=ON)
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "Rules as of 2026-11-21" in page
    assert checklists.pdf("fake_shipping", on=ON).startswith(b"%PDF-")


@pytest.mark.parametrize("slug", checklists.slugs())
def test_each_checklist_prints_on_one_page(slug):
    assert len(checklists.document(slug, on=ON).pages) == 1


def test_an_unknown_area_is_a_plain_error():
    with pytest.raises(PolicyInputError, match="customs"):
        checklists.markdown("shipping", on=ON)


def test_the_command_writes_html_and_pdf(tmp_path, capsys):
    from handbook.__main__ import run

    assert run(["checklist", "customs", "--out", str(tmp_path), "--on", "2026-11-21"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["customs.html", "customs.pdf"]
    assert run(["checklist", "nowhere", "--out", str(tmp_path)]) == 2
    assert run(["checklist", "--out", str(tmp_path), "--on", "21/11/2026"]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err and "21/11/2026" in err and "Traceback" not in err


# ------------------------------------------------------------------------------------------------ pages

def test_every_reference_page_has_its_notebook_and_a_known_slug():
    from pathlib import Path

    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    for p in areas.PAGES:
        assert (notebooks / p.notebook).exists(), p.notebook
        assert areas.page(p.slug) is p
    assert [p.slug for p in areas.PAGES if p.reference] == ["sources", "glossary", "checklists"]
    with pytest.raises(PolicyInputError):
        areas.page("nope")


# ---------------------------------------------------------------------------------------- chart text fits

def test_audit_chart_text_fits_the_figure():
    """Long product ids and a large total never run off the figure (the title once read '3,555 yu')."""
    import pandas as pd

    from handbook.plots.audit import exposure_chart

    table = pd.DataFrame({
        "product_id": ["P" + "9" * 60, "超长商品名称" * 8], "shipped_on": ["2026-11-20", "2026-11-21"],
        "compensation": [123456789, 5], "whole_day": [True, False], "store_restricted": [True, False]})
    figure = exposure_chart(table, rule="30-orders-30-percent").figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    ax = figure.axes[0]
    for text in [figure._suptitle, *ax.get_yticklabels()]:
        box = text.get_window_extent(renderer)
        assert box.x0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, text.get_text()
