"""What a reader sees, in a real browser: the Sources page and linked citations, the searchable Glossary, the
printable checklists, dark mode and a phone-sized screen on every page. (The app pages' way back to the index and
their contents list are tested in test_app.py, on its server.)

Screenshots go to tests/artifacts/ (reading-*.png).
"""

from __future__ import annotations

import re

import pytest
from browser_support import screenshot
from playwright.sync_api import expect

from handbook import areas
from handbook.reference import checklists, sources

TIMEOUT = 15_000
PHONE = {"width": 390, "height": 844}
READING_PAGES = ["00-start-here", *[a.notebook.removesuffix(".ipynb") for a in areas.AREAS],
                 *[p.notebook.removesuffix(".ipynb") for p in areas.PAGES]]

# WCAG contrast ratio of a text element's colour against the first opaque background behind it.
CONTRAST_JS = """(selector) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const bg = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3); } return [255, 255, 255]; };
  const worst = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.childNodes.length || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const r = el.getBoundingClientRect(); if (!r.width || !r.height) continue;
    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push(`${el.tagName}.${el.className} '${el.textContent.trim().slice(0, 40)}'`);
  }
  return worst;
}"""


def goto(site_server, page, name: str):
    response = page.goto(f"{site_server.url}/{name}.html", wait_until="load")
    assert response is not None and response.ok, name
    return page


def test_sources_page_lists_every_source_and_citations_link_to_it(site_server, offline_page):
    page = goto(site_server, offline_page.page, "90-sources")
    article = page.locator("article")
    for s in sources.sources():
        expect(article).to_contain_text(s.id)
        expect(article).to_contain_text(s.title.replace("'", "\u2019"))  # Sphinx's smart quotes
    # A parameters table on an area page: its source column links to the Sources page.
    goto(site_server, page, "04-fake-shipping")
    links = page.locator("article table a[href*='90-sources.html']")
    assert links.count() >= 1
    links.first.click()
    page.wait_for_url(re.compile(r"/90-sources\.html"))
    screenshot(page, "reading-sources")
    offline_page.check()


@pytest.mark.parametrize("query", ["拒付", "chargeback", "bǎo zhèng jīn"])
def test_the_glossary_is_searchable(site_server, offline_page, query):
    page = offline_page.page
    page.goto(f"{site_server.url}/search.html?q={query}")
    results = page.locator("#search-results a[href*='91-glossary']")
    expect(results.first).to_be_visible(timeout=TIMEOUT)
    offline_page.check()


def test_the_glossary_table_holds_term_pinyin_english_and_where(site_server, offline_page):
    page = goto(site_server, offline_page.page, "91-glossary")
    header = page.locator("article table th")
    assert [h.strip() for h in header.all_inner_texts()][:4] == ["Term", "Pinyin", "English", "Where it appears"]
    row = page.locator("article table tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(r"^\s*虚假发货\s*$")))
    expect(row).to_contain_text("xū jiǎ fā huò")
    expect(row).to_contain_text("Fake shipping")
    screenshot(page, "reading-glossary")
    offline_page.check()


def test_checklists_print_ready_page_and_pdf(site_server, offline_page):
    page = goto(site_server, offline_page.page, "92-checklists")
    for slug in checklists.slugs():
        link = page.locator(f"a[href='checklists/{slug}.pdf']")
        expect(link).to_have_count(1)
    response = page.request.get(f"{site_server.url}/checklists/customs.pdf")
    assert response.ok and response.body().startswith(b"%PDF-")
    page.goto(f"{site_server.url}/checklists/fake_shipping.html")
    expect(page.locator("h1")).to_contain_text("fake shipping")
    expect(page.locator("footer")).to_contain_text("Rules as of")
    screenshot(page, "reading-checklist-fake-shipping")
    offline_page.check()


def low_contrast(site_server, page, name: str, mode: str) -> set[str]:
    page.add_init_script(f"localStorage.setItem('theme', '{mode}'); localStorage.setItem('mode', '{mode}');")
    goto(site_server, page, name)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    if page.locator(".hb-calculator").count():
        expect(page.locator(".hb-calculator").first).to_be_visible(timeout=TIMEOUT)
    return set(page.evaluate(CONTRAST_JS, "article *"))


@pytest.mark.parametrize("name", READING_PAGES)
def test_dark_mode_text_is_readable(site_server, browser, name):
    """Dark mode makes no text harder to read than the light page (WCAG 4.5:1 for body text)."""
    found = {}
    for mode in ("light", "dark"):
        context = browser.new_context()
        found[mode] = low_contrast(site_server, context.new_page(), name, mode)
        context.close()
    worse = sorted(found["dark"] - found["light"])
    assert worse == [], f"{name}: text below 4.5:1 contrast in dark mode only ({len(worse)}): {worse[:8]}"
    assert len(found["dark"]) <= len(found["light"])


@pytest.mark.parametrize("name", READING_PAGES)
def test_a_phone_screen_needs_no_sideways_scrolling(site_server, offline_page, name):
    page = offline_page.page
    page.set_viewport_size(PHONE)
    goto(site_server, page, name)
    if page.locator(".hb-calculator").count():
        expect(page.locator(".hb-calculator").first).to_be_visible(timeout=TIMEOUT)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{name}: the page is {width} px wide on a {PHONE['width']} px screen"
    # Calculators: the result gets the whole width, not a sliver beside the inputs (one word per line).
    for result in page.locator(".hb-calculator .hb-result").all():
        box = result.bounding_box()
        assert box is None or box["width"] >= 250, f"{name}: a result is {box['width']:.0f} px wide"
    # Tables: no column squeezed to one letter per line (the wide table scrolls sideways in its own box).
    slivers = page.evaluate("""() => Array.from(document.querySelectorAll('article td, article th'))
        .filter(c => c.innerText.trim().length > 3 && c.getBoundingClientRect().width < 40)
        .map(c => c.innerText.trim().slice(0, 30))""")
    assert not slivers, f"{name}: {len(slivers)} table cells narrower than 40 px, e.g. {slivers[:3]}"
    screenshot(page, f"reading-phone-{name}")
    offline_page.check()


def test_static_calculators_say_they_are_examples(site_server, offline_page):
    page = goto(site_server, offline_page.page, "04-fake-shipping")
    calc = page.locator(".hb-calculator").first
    expect(calc).to_be_visible(timeout=TIMEOUT)
    before = page.evaluate("(el) => getComputedStyle(el, '::before').content", calc.element_handle())
    after = page.evaluate("(el) => getComputedStyle(el, '::after').content", calc.element_handle())
    assert "Example" in before and "app" in after
    assert page.evaluate("(el) => getComputedStyle(el.querySelector('input')).pointerEvents", calc.element_handle()) == "none"
    offline_page.check()

