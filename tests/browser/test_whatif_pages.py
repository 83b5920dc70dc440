"""The policy timeline (06-what-changed) and the what-if workbench (07-what-if), on the static site and in the
app, in a real browser, offline.

Site: the pages are in the navigation after the areas, the start page links to them, every page opens with the
"as of" line, the timeline lists every parameter with its source and the pages that use it, and the workbench
shows its stored comparison (numbers computed here by the same functions). App: the timeline renders with the
server's as-of date; the workbench recomputes when a lead types a change and presses Compare.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from browser_support import NOTEBOOKS, screenshot
from playwright.sync_api import expect

from handbook import areas, policy, timeline, whatif

TIMELINE = "06-what-changed"
WORKBENCH = "07-what-if"
TIMEOUT = 15_000       # ms: the site's widget bundle is parsed once per page
LOAD_TIMEOUT = 90_000  # ms: a whole notebook executes before the app page shows
UPDATE_TIMEOUT = 60_000  # ms: a comparison builds every calculator twice (a few seconds on a busy machine)
CAP = "pinduoduo.fake_shipping.cap"
ANNUAL = "pinduoduo_intl.customs.annual_limit"


def needs(stem: str) -> None:
    if not (NOTEBOOKS / f"{stem}.ipynb").exists():
        pytest.skip(f"{stem}.ipynb has not been written yet")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def as_of_line_text() -> str:
    return f"Rules as of {policy.today().isoformat()} · sources last reviewed {timeline.latest_review().isoformat()}"


# ------------------------------------------------------------------------------------------ static site


def test_site_lists_the_pages_after_the_areas_and_the_start_page_links_them(site_server, offline_page):
    page = offline_page.page
    page.goto(f"{site_server.url}/00-start-here.html")
    for p in areas.PAGES:
        stem = p.notebook.removesuffix(".ipynb")
        expect(page.locator(f"article a[href^='{stem}.html']").first).to_be_visible()
        expect(page.locator(f"nav.bd-docs-nav a.reference.internal[href^='{stem}.html']")).to_have_count(1)
    expect(page.locator("article")).to_contain_text("Rules as of")
    offline_page.check()


def test_site_timeline(site_server, offline_page):
    needs(TIMELINE)
    page = offline_page.page
    page.goto(f"{site_server.url}/{TIMELINE}.html")
    article = page.locator("article")
    expect(article.locator("h1").first).to_contain_text("What changed")
    assert as_of_line_text() in squeeze(article.inner_text())
    table = article.locator("table").filter(has=page.locator("th", has_text="replaced")).first
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(timeline.changes(policy.today())))
    change = next(c for c in timeline.changes(policy.today()) if c.id == ANNUAL and c.previous is not None)
    row = rows.filter(has_text=ANNUAL).filter(has_text=change.value_text)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(change.replaced_text)
    expect(row).to_contain_text(str(change.source))
    expect(row.locator("a[href^='01-customs-clearance.html']")).to_have_count(1)
    screenshot(page, f"site-{TIMELINE}")
    offline_page.check()


def test_site_workbench_shows_the_stored_comparison(site_server, offline_page):
    needs(WORKBENCH)
    page = offline_page.page
    page.goto(f"{site_server.url}/{WORKBENCH}.html")
    benches = page.locator(".hb-calc-workbench")
    expect(benches).to_have_count(2, timeout=TIMEOUT)
    quota = whatif.compare_quota({ANNUAL: [{"from": "2027-01-01", "value": 30000}]})
    b, s = quota.baseline.outcomes["clears"], quota.scenario.outcomes["clears"]
    expect(benches.nth(0).locator(".hb-whatif-quota")).to_contain_text(
        f"Orders that clear: {b:,} baseline → {s:,} scenario", timeout=TIMEOUT)
    exposure = whatif.compare_fake_shipping({CAP: 50}, on=policy.today()).totals().to_dict("records")
    shown = squeeze(benches.nth(1).locator(".hb-result").inner_text())
    for row in exposure:
        assert (f"{row['compensation baseline (yuan)']:,} yuan baseline → "
                f"{row['compensation scenario (yuan)']:,} yuan scenario") in shown
    screenshot(page, f"site-{WORKBENCH}")
    offline_page.check()


# ------------------------------------------------------------------------------------------------ the app


def open_app(app_server, offline_page, stem: str):
    page = offline_page.page
    # the app asks a trainee for a name once per browser (see test_app.py)
    page.context.add_cookies([{"name": "handbook_trainee", "value": quote("Test Lead"), "url": app_server.url}])
    response = page.goto(f"{app_server.url}/voila/render/{stem}.ipynb", wait_until="commit", timeout=LOAD_TIMEOUT)
    assert response is not None and response.ok, f"{stem}: HTTP {response.status if response else '?'}"
    try:
        expect(page.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)
    except AssertionError:
        raise AssertionError(f"{stem} did not finish loading; Voilà log:\n{app_server.log_tail()}") from None
    return page


def test_app_timeline(app_server, offline_page):
    needs(TIMELINE)
    page = open_app(app_server, offline_page, TIMELINE)
    body = page.locator("#rendered_cells")
    expect(body).to_contain_text("Rules as of")
    assert as_of_line_text() in squeeze(body.inner_text())  # the server inherits this process's as-of date
    expect(body.locator("table").filter(has_text=ANNUAL).first).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Traceback")
    screenshot(page, f"app-{TIMELINE}")
    offline_page.check()


def test_app_workbench_recomputes_a_typed_change(app_server, offline_page):
    needs(WORKBENCH)
    page = open_app(app_server, offline_page, WORKBENCH)
    bench = page.locator(".hb-calc-workbench").nth(1)
    expect(bench).to_be_visible()
    expected = whatif.compare_fake_shipping({CAP: 60}, on=policy.today()).totals().to_dict("records")
    box = bench.locator(".hb-input-changes textarea")
    box.fill(f"{CAP}=60")
    box.press("Tab")  # the textarea sends its value on blur
    bench.locator(".hb-input-compare").click()
    result = bench.locator(".hb-result")
    for row in expected:
        expect(result).to_contain_text(f"{row['compensation scenario (yuan)']:,} yuan scenario", timeout=UPDATE_TIMEOUT)
    expect(result).to_contain_text("60 yuan")
    expect(page.locator("body")).not_to_contain_text("Traceback")
    screenshot(page, f"app-{WORKBENCH}")
    offline_page.check()
