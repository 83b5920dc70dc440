"""The app mode (`make app`: Voilà on 127.0.0.1) in a real browser, offline, as a trainee would use it.

Each run of this module starts a fresh Voilà server (the `app_server` fixture) and opens each app once, so the
first page loads are fresh starts: tools/app_reliability.sh runs this module 20 times in a row.
An app whose notebook has not been written yet is skipped, and only while its file does not exist.
What a class needs (kernels freed, the busy page, trainees, the report) is in test_app_class.py.
"""

from __future__ import annotations

import html
import importlib
import re
import time
from datetime import date
from urllib.parse import quote

import pytest
from app_index import areas_for_index
from browser_support import NOTEBOOKS, screenshot
from playwright.sync_api import expect

from handbook import policy

FAKE_SHIPPING = "04-fake-shipping.ipynb"
CUSTOMS = "01-customs-clearance.ipynb"
TODAY = date(2026, 11, 21)  # the handbook's example date
LOAD_TIMEOUT = 90_000  # ms: a whole notebook executes before the page shows (a hang is an error after 60 s/cell)
UPDATE_TIMEOUT = 15_000  # ms: one round trip to the kernel
TRAINEE = "Test Trainee"


@pytest.fixture(autouse=True)
def named(request):
    """Every app page is opened by a trainee who has entered a name (the app asks for one once per browser)."""
    if "offline_page" in request.fixturenames:
        server = request.getfixturevalue("app_server")
        page = request.getfixturevalue("offline_page").page
        name_browser(page.context, server, TRAINEE)


def name_browser(context, server, name: str) -> None:
    context.add_cookies([{"name": "handbook_trainee", "value": quote(name), "url": server.url}])


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def calculator(module: str, name: str, **values):
    """The calculator `name` of handbook.widgets.<module> (its defaults = the notebook's), with controls set."""
    widgets = importlib.import_module(f"handbook.widgets.{module}")
    for factory in widgets.__all__:
        calc = getattr(widgets, factory)()
        if getattr(calc, "name", None) == name:
            for control, value in values.items():
                if control.endswith("__label"):
                    calc.controls[control.removesuffix("__label")].label = value
                else:
                    calc.controls[control].value = value
            return calc
    raise LookupError(f"no calculator {name!r} in handbook.widgets.{module}")


def wait_for_result(locator, expected_html: str) -> None:
    """Wait until the browser shows the result the Python calculator computes for the same inputs."""
    expected = text_of(expected_html)
    deadline = time.monotonic() + UPDATE_TIMEOUT / 1000
    while True:
        shown = locator.inner_text()
        if squeeze(shown) == squeeze(expected):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the page shows {' '.join(shown.split())!r}, the calculator gives {expected!r}")
        locator.page.wait_for_timeout(100)


def needs(name: str) -> None:
    if not (NOTEBOOKS / name).exists():
        pytest.skip(f"{name} has not been written yet (listed in handbook/areas.py)")


def open_app(app_server, offline_page, name: str):
    """Open an app page in the test's (named) browser and wait until Voilà has executed it."""
    page = offline_page.page
    response = page.goto(f"{app_server.url}/voila/render/{name}", wait_until="commit", timeout=LOAD_TIMEOUT)
    assert response is not None and response.ok, f"{name}: HTTP {response.status if response else '?'}"
    try:
        expect(page.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)  # Voilà finished executing
        # then the widget manager fetches every widget's state from the kernel (seconds under load)
        expect(page.get_by_text("Loading widget...")).to_have_count(0, timeout=LOAD_TIMEOUT)
    except AssertionError:
        raise AssertionError(f"{name} did not finish loading; Voilà log:\n{app_server.log_tail()}") from None
    return page


def typed(control, value: str) -> None:
    """Type into an ipywidgets Text (continuous_update=False: the value is sent on Enter)."""
    box = control.locator("input").first
    box.fill(value)
    box.press("Enter")


def test_index_links_one_app_per_area(app_server, offline_page):
    page = offline_page.page
    page.goto(f"{app_server.url}/")
    expect(page.locator("h1")).to_contain_text("operations handbook")
    for entry in areas_for_index():
        item = page.locator(f"li.hb-app[data-slug='{entry['slug']}']")
        expect(item).to_have_count(1)
        if entry["available"]:
            assert item.locator("a").get_attribute("href").endswith(f"/voila/render/{entry['notebook']}")
    page.locator("li.hb-app a").first.click()
    expect(page.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(page.locator(".jp-InputArea-editor, .jp-InputPrompt")).to_have_count(0)  # code hidden
    screenshot(page, "app-index-start")
    offline_page.check()


def test_fake_shipping_compensation_and_day_verdict(app_server, offline_page):
    needs(FAKE_SHIPPING)
    page = open_app(app_server, offline_page, FAKE_SHIPPING)

    compensation = page.locator(".hb-calc-compensation")
    expect(compensation).to_be_visible()
    result = compensation.locator(".hb-result")
    paid = compensation.locator(".hb-input-paid-amount")
    twelve = re.compile(r"(?<![\d.,])12(?:\.0+)?(?![\d])")
    if twelve.search(result.inner_text()):  # the default example already says 12: move away first
        typed(paid, "1000")
        expect(result).not_to_have_text(twelve, timeout=UPDATE_TIMEOUT)
    typed(paid, "50")
    expect(result).to_have_text(twelve, timeout=UPDATE_TIMEOUT)

    day = page.locator(".hb-calc-day")
    verdict = day.locator(".hb-result")
    before = " ".join(verdict.inner_text().split())
    assert before, "the day calculator shows no verdict"
    rule = day.locator(".hb-input-rule select")
    options = rule.locator("option").evaluate_all("els => els.map(e => e.value)")
    assert len(options) >= 2, f"the rule dropdown offers {options}"
    labels = rule.locator("option").evaluate_all("els => els.map(e => e.textContent)")
    current = rule.input_value()
    other = next(label for value, label in zip(options, labels) if value != current)
    expected = calculator("fake_shipping", "day", rule__label=other).result.value
    assert squeeze(text_of(expected)) != squeeze(before), f"switching the rule to {other!r} changes nothing"
    rule.select_option(label=other)
    wait_for_result(verdict, expected)

    expect(page.locator("body")).not_to_contain_text("Traceback")
    screenshot(page, "app-04-fake-shipping")
    offline_page.check()


def test_customs_order_over_the_quota(app_server, offline_page):
    needs(CUSTOMS)
    page = open_app(app_server, offline_page, CUSTOMS)
    annual = policy.get("pinduoduo_intl.customs.annual_limit", on=TODAY)
    single = policy.get("pinduoduo_intl.customs.single_limit", on=TODAY)
    headroom = min(100, int(single) // 4)  # yuan left this year; both orders stay within the single-order limit

    spent, within, over = str(int(annual) - headroom), str(headroom // 2), str(headroom * 2)
    expected_within = calculator("customs", "quota", spent_this_year=spent, order_amount=within).result.value
    expected_over = calculator("customs", "quota", spent_this_year=spent, order_amount=over).result.value
    assert squeeze(text_of(expected_within)) != squeeze(text_of(expected_over)), "over the quota changes nothing"

    quota = page.locator(".hb-calc-quota")
    expect(quota).to_be_visible()
    result = quota.locator(".hb-result")
    typed(quota.locator(".hb-input-spent-this-year"), spent)
    typed(quota.locator(".hb-input-order-amount"), within)
    wait_for_result(result, expected_within)
    typed(quota.locator(".hb-input-order-amount"), over)  # pushes the order over the year's quota
    wait_for_result(result, expected_over)

    expect(page.locator("body")).not_to_contain_text("Traceback")
    screenshot(page, "app-01-customs-clearance")
    offline_page.check()


# ------------------------------------------------------------------ the trainee's view (issue 19, items 1 and 2)

SOLUTION_ANSWER = re.compile(r"Do not ship\. Appeal through")  # exercise 1's folded solution in the customs app


def test_a_rejected_amount_clears_the_result_and_chart_until_it_is_fixed(app_server, offline_page):
    needs(CUSTOMS)
    page = open_app(app_server, offline_page, CUSTOMS)
    quota = page.locator(".hb-calc-quota")
    result, chart = quota.locator(".hb-result"), quota.locator("img")
    expect(chart).to_be_visible()
    before = result.inner_text()
    typed(quota.locator(".hb-input-spent-this-year"), "eighteen thousand")
    expect(result).to_contain_text("Spent this year (yuan): “eighteen thousand” is not accepted", timeout=UPDATE_TIMEOUT)
    expect(result).to_contain_text("Accepted: an amount in yuan")
    expect(chart).to_be_hidden()                                     # no chart of the previous input
    assert "customs" not in result.inner_text().lower().split("accepted")[0], "an old outcome stays on screen"
    expect(quota.locator(".hb-explanation")).to_be_empty()
    expect(quota).to_have_class(re.compile(r"\bhb-stale\b"))
    screenshot(page, "app-quota-rejected-input")
    typed(quota.locator(".hb-input-spent-this-year"), "1.8万")       # 18,000 yuan, as staff write it
    expected = calculator("customs", "quota", spent_this_year="18,000").result.value
    wait_for_result(result, expected)
    expect(chart).to_be_visible()
    assert squeeze(result.inner_text()) == squeeze(before), "1.8万 is not read as 18,000 yuan"
    offline_page.check()


def test_a_failed_upload_leaves_nothing_of_the_previous_file(app_server, offline_page, tmp_path):
    needs(FAKE_SHIPPING)
    page = open_app(app_server, offline_page, FAKE_SHIPPING)
    upload = page.locator(".hb-calc-fake-shipping-upload")
    result, chart = upload.locator(".hb-result"), upload.locator("img")
    button = upload.locator(".hb-input-upload")

    def choose(name: str, content: bytes) -> None:  # the widget's file input is not in the page: use the chooser
        path = tmp_path / name
        path.write_bytes(content)
        with page.expect_file_chooser() as chooser:
            button.click()
        chooser.value.set_files(path)

    sample = NOTEBOOKS / "data" / "fake_shipping_orders.csv"
    choose("good.csv", sample.read_bytes())
    expect(result).to_contain_text("good.csv", timeout=UPDATE_TIMEOUT)
    totals = re.search(r"[\d,]+ yuan", result.inner_text()).group(0)

    choose("other.csv", b"a,b\n1,2\n")
    expect(result).to_contain_text("Export: “other.csv” is not accepted", timeout=UPDATE_TIMEOUT)
    expect(result).not_to_contain_text(totals)
    expect(result).not_to_contain_text("--columns")
    expect(chart).to_be_hidden()
    screenshot(page, "app-upload-rejected-file")

    # over the 10 MiB limit, and over what one WebSocket message may carry (app/voila.py): only the page script's
    # marker gets through, so the message proves the file was held back rather than sent
    big = b"order_id\n" + b"0" * 69_999_991
    choose("whole-year.csv", big)
    expect(result).to_contain_text("Export: “whole-year.csv” is not accepted (too large to upload: the file is 70.0 MB)",
                                   timeout=UPDATE_TIMEOUT)
    expect(result).to_contain_text("at most 10.5 MB")
    expect(chart).to_be_hidden()
    screenshot(page, "app-upload-too-large")
    offline_page.check()


def test_an_exercise_solution_is_folded_in_the_app(app_server, offline_page):
    needs(CUSTOMS)
    page = open_app(app_server, offline_page, CUSTOMS)
    expect(page.get_by_text("Exercise 1.").first).to_be_visible()
    answer = page.get_by_text(SOLUTION_ANSWER)
    expect(answer).to_have_count(1)
    expect(answer).to_be_hidden()                                    # folded, and no code above it words it
    page.locator("summary", has_text=re.compile(r"^Solution$")).first.click()
    expect(answer).to_be_visible()
    offline_page.check()


PHONE = {"width": 390, "height": 844}

def test_app_pages_lead_back_to_the_index_and_list_their_contents(app_server, offline_page):
    """A way back to the index and a contents list on every app page, usable on a phone (390 px wide)."""
    offline_page.page.set_viewport_size(PHONE)
    page = open_app(app_server, offline_page, FAKE_SHIPPING)
    back = page.locator("nav.hb-nav a.hb-back")
    expect(back).to_be_visible()
    contents = page.locator("nav.hb-nav details.hb-contents")
    contents.locator("summary").click()
    items = contents.locator("li a")
    assert items.count() >= 5
    for link in items.all():  # every entry points at a heading that exists on the page
        target = link.get_attribute("href").removeprefix("#")
        assert page.evaluate("(id) => !!document.getElementById(id)", target), target
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    screenshot(page, "app-phone-fake-shipping")
    offline_page.check()
    index = page.context.new_page()  # the link leads to the index (followed in a tab of its own)
    index.goto(app_server.url + back.get_attribute("href").removeprefix(app_server.url))
    expect(index.locator("li.hb-app").first).to_be_visible(timeout=LOAD_TIMEOUT)
    index.close()
