"""The static site (`make docs`) in a real browser, offline: every page loads with no JavaScript error and no
outside request, calculators render from the saved widget state with their default results, the parameters
table and the time to learn are there, code that only builds a widget or figure is folded. A screenshot of every
page goes to tests/artifacts/site-<page>.png.

The site is built fresh by the `site_dir` fixture (see conftest.py). An area whose notebook has not been written
yet is skipped, and only while its file does not exist.
"""

from __future__ import annotations

import html
import re

import nbformat
import pytest
from browser_support import NOTEBOOKS, area_notebooks, screenshot
from playwright.sync_api import expect

START = "00-start-here.ipynb"
PAGES = [START, *area_notebooks()]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TIMEOUT = 15_000  # ms: the widget bundle is 3.6 MB, parsed once per page


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def notebook(name: str) -> nbformat.NotebookNode:
    path = NOTEBOOKS / name
    if not path.exists():
        pytest.skip(f"{name} has not been written yet (listed in handbook/areas.py)")
    return nbformat.read(path, as_version=4)


def stored_calculators(nb) -> list[tuple[str, str]]:
    """(calculator name, result text) for each calculator the notebook displays, from its saved widget state."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})

    def classes(model_id):
        return state.get(model_id, {}).get("state", {}).get("_dom_classes", [])

    def result_text(model_id):
        for child in re.findall(r"IPY_MODEL_([0-9a-f]+)", str(state.get(model_id, {}).get("state", {}))):
            if "hb-result" in classes(child):
                return text_of(state[child]["state"].get("value", ""))
            found = result_text(child)
            if found is not None:
                return found
        return None

    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if not view:
                continue
            names = [c.removeprefix("hb-calc-") for c in classes(view["model_id"]) if c.startswith("hb-calc-")]
            if names:
                found.append((names[0], result_text(view["model_id"])))
    return found


def hidden_input_cells(nb) -> int:
    return sum(1 for c in nb.cells if c.cell_type == "code" and "hide-input" in c.metadata.get("tags", []))


@pytest.fixture
def open_page(site_server, offline_page):
    def open_(name: str):
        page = offline_page.page
        response = page.goto(f"{site_server.url}/{name.removesuffix('.ipynb')}.html", wait_until="load")
        assert response is not None and response.ok, f"{name}: HTTP {response.status if response else '?'}"
        return page

    return open_


def test_index_is_the_start_page(site_server, offline_page):
    page = offline_page.page
    page.goto(f"{site_server.url}/index.html")
    page.wait_for_url(re.compile(r"/00-start-here\.html$"), timeout=TIMEOUT)
    expect(page.locator("h1").first).to_contain_text("Start here")
    offline_page.check()


def test_navigation_follows_the_training_order(site_server, open_page, offline_page):
    page = open_page(START)
    links = page.locator("nav.bd-docs-nav a.reference.internal")
    hrefs = [h.split("#")[0] for h in links.evaluate_all("els => els.map(e => e.getAttribute('href'))")]
    expected = [nb.removesuffix(".ipynb") + ".html" for nb in area_notebooks() if (NOTEBOOKS / nb).exists()]
    assert [h for h in hrefs if h in expected] == expected
    offline_page.check()


@pytest.mark.parametrize("name", PAGES, ids=[p.removesuffix(".ipynb") for p in PAGES])
def test_page(name, open_page, offline_page):
    nb = notebook(name)
    page = open_page(name)
    expect(page.locator("article h1").first).to_be_visible()

    # Calculators: rendered from the saved state by the vendored widget manager, showing the default results.
    calculators = stored_calculators(nb)
    if calculators:
        expect(page.locator(".hb-calculator")).to_have_count(len(calculators), timeout=TIMEOUT)
        for index, (calc_name, result) in enumerate(calculators):
            calc = page.locator(".hb-calculator").nth(index)
            expect(calc).to_be_visible()
            assert f"hb-calc-{calc_name}" in (calc.get_attribute("class") or "")
            shown = " ".join(calc.locator(".hb-result").first.inner_text().split())
            assert shown, f"{name}: calculator {calc_name} shows no result"
            assert squeeze(shown) == squeeze(result), f"{name}: calculator {calc_name} shows {shown!r}, saved state has {result!r}"
    elif nb.metadata.get("widgets"):
        expect(page.locator(".jupyter-widgets").first).to_be_visible(timeout=TIMEOUT)
    assert page.locator("script[src*='cdn'], link[href*='cdn']").count() == 0

    # The parameters table: source and date (what it means: in force from, or stated in the article of) of every figure.
    tables = page.locator("article table").filter(has=page.locator("th", has_text="source")).filter(
        has=page.locator("th", has_text="dated"))
    assert tables.count() >= 1, f"{name}: no parameters table"
    assert tables.first.locator("tbody tr").count() >= 1

    if name != START:
        expect(page.locator("article")).to_contain_text("Time to learn")

    # Cells that only build a widget or a figure: folded code, visible output.
    folded = hidden_input_cells(nb)
    cells = page.locator(".cell.tag_hide-input")
    assert cells.count() == folded
    for i in range(folded):
        expect(cells.nth(i).locator(".cell_input")).to_be_hidden()
    # Exercises' solutions are folded too.
    for details in page.locator("article details:not(.above-input):not(.below-input)").all():
        assert details.get_attribute("open") is None

    screenshot(page, f"site-{name.removesuffix('.ipynb')}")
    offline_page.check()


def test_exercise_solutions_are_folded_and_their_code_is_not_shown(open_page, offline_page):
    """Issue 19, item 2: the code of a solution cell words the answer, so it is not on the page at all."""
    name = "01-customs-clearance.ipynb"
    notebook(name)
    page = open_page(name)
    assert page.locator("pre", has_text="solution(").count() == 0, "a solution's code is shown"
    answer = page.get_by_text(re.compile(r"Do not ship\. Appeal through"))
    expect(answer).to_have_count(1)
    expect(answer).to_be_hidden()
    page.locator("summary", has_text=re.compile(r"^Solution$")).first.click()
    expect(answer).to_be_visible()
    offline_page.check()
