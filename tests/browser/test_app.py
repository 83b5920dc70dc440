"""The app mode (`make app`: Voilà on 127.0.0.1) in a real browser, offline, as a trainee would use it.

Each run of this module starts a fresh Voilà server (the `app_server` fixture) and opens each app once, so the
first page loads are fresh starts: tools/app_reliability.sh runs this module 20 times in a row.
An app whose notebook has not been written yet is skipped, and only while its file does not exist.

Then what a class needs (app/server.py, app/kernels.py): a closed tab frees its kernel, a full server shows the
busy page and lets the trainee in when a place frees up, two trainees keep their own quiz progress, the lead's
report lists both, and a foreign Host header is refused.
"""

from __future__ import annotations

import csv
import html
import importlib
import io
import re
import time
import urllib.error
import urllib.request
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
RELEASE_WAIT = 60  # s: how long a test waits for a kernel to go (the app frees it within seconds)
START = "00-start-here.ipynb"  # the lightest page: kernel lifecycle tests use it
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


def kernel_of(page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def kernel_alive(server, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{server.url}/api/kernels/{kernel_id}", timeout=10) as response:
            return response.status == 200
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def wait_until_gone(server, kernel_id: str) -> float:
    """Seconds until the kernel is gone (fails after RELEASE_WAIT s)."""
    start = time.monotonic()
    while kernel_alive(server, kernel_id):
        if time.monotonic() - start > RELEASE_WAIT:
            raise AssertionError(f"kernel {kernel_id} still alive {RELEASE_WAIT} s after its tab closed; "
                                 f"Voilà log:\n{server.log_tail()}")
        time.sleep(0.25)
    return time.monotonic() - start


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


# ---------------------------------------------------------------- a class: kernels, capacity, identity, report


@pytest.mark.parametrize("how", ["tab closed", "browser gone"])
def test_a_closed_tab_frees_its_kernel(app_server, offline_page, how):
    """Closing a tab sends the beacon (accepted now); a browser that sends none is noticed by its WebSocket."""
    page = open_app(app_server, offline_page, START)
    kernel_id = kernel_of(page)
    expect(page.locator("body")).not_to_contain_text("There was an error")
    offline_page.check()
    assert kernel_alive(app_server, kernel_id)
    if how == "tab closed":
        page.close(run_before_unload=True)  # as a trainee closing the tab: beforeunload sends the beacon
    else:
        page.evaluate("window.onbeforeunload = null; window.addEventListener('beforeunload', "
                      "e => e.stopImmediatePropagation(), true)")
        page.close()  # no beforeunload handler runs: only the closed WebSocket tells the server
    wait_until_gone(app_server, kernel_id)
    why = re.search(rf"Kernel {kernel_id} shut down: ([^\n]*)", app_server.log.read_text(errors="replace"))
    assert why, app_server.log_tail()
    assert why.group(1).startswith("asked for" if how == "tab closed" else "its page closed"), why.group(1)


def test_a_foreign_host_name_is_refused(app_server):
    for path in ("/", f"/voila/render/{START}", "/api/kernels", "/handbook/report"):
        request = urllib.request.Request(f"{app_server.url}{path}", headers={"Host": "rebind.example:80"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403, path
    with urllib.request.urlopen(f"http://localhost:{app_server.port}/", timeout=10) as response:
        assert response.status == 200  # loopback names are always served


@pytest.fixture(scope="module")
def full_server(tmp_path_factory, chromium_executable):
    """An app that runs at most one kernel, and retries its busy page after 2 s."""
    from conftest import start_app

    server = start_app(tmp_path_factory, max_kernels=1, extra=["--HandbookVoila.busy_retry=2"])
    yield server
    server.stop()


def test_a_full_app_shows_the_busy_page_then_lets_the_trainee_in(full_server, browser):
    first_context, second_context = browser.new_context(), browser.new_context()
    try:
        for context in (first_context, second_context):
            name_browser(context, full_server, TRAINEE)
        first = first_context.new_page()
        first.goto(f"{full_server.url}/voila/render/{START}", wait_until="commit", timeout=LOAD_TIMEOUT)
        expect(first.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)
        second = second_context.new_page()
        response = second.goto(f"{full_server.url}/voila/render/{START}", timeout=LOAD_TIMEOUT)
        assert response.status == 503 and response.headers.get("retry-after") == "2"
        expect(second.locator("h1")).to_have_text("The handbook is busy")
        expect(second.locator("body")).to_contain_text("tries again by itself in")
        screenshot(second, "app-busy")
        kernel_id = kernel_of(first)
        first.close(run_before_unload=True)
        wait_until_gone(full_server, kernel_id)
        expect(second.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)  # it retried by itself
        expect(second.locator("body")).not_to_contain_text("There was an error")
    finally:
        first_context.close()
        second_context.close()


def start_saving(page):
    """Tick "Save my progress" under the page's quiz; return the first question's id, the question, the status."""
    quiz = page.locator(".hb-quiz").first
    expect(quiz).to_be_visible()
    quiz.locator(".hb-quiz-save input[type=checkbox]").check()
    status = quiz.locator(".hb-quiz-save-status")
    expect(status).to_contain_text("Your answers are saved for", timeout=UPDATE_TIMEOUT)
    question = quiz.locator(".hb-quiz-question").first
    qid = next(c.removeprefix("hb-quiz-q-") for c in question.get_attribute("class").split()
               if c.startswith("hb-quiz-q-"))
    return qid, question, status


def test_two_trainees_keep_their_own_progress_and_the_lead_sees_both(app_server, browser):
    from handbook.training import load_area, pose_area

    needs(CUSTOMS)
    posed = {q.id: q for q in load_area("customs")}
    names = {"Alice Example": True, "王芳": False}  # trainee -> answers right
    contexts = {name: browser.new_context() for name in names}
    try:
        for name, right in names.items():
            name_browser(contexts[name], app_server, name)
            page = contexts[name].new_page()
            page.goto(f"{app_server.url}/voila/render/{CUSTOMS}", wait_until="commit", timeout=LOAD_TIMEOUT)
            expect(page.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)
            qid, question, status = start_saving(page)
            expect(status).to_contain_text(f"saved for {name}")
            options = {o.text: o.correct for o in pose_area("customs", on=TODAY)[0].options}
            pick = next(text for text, correct in options.items() if correct == right)
            question.get_by_label(pick, exact=True).check()
            question.locator(".hb-quiz-check").click()
            expect(question.locator(".hb-quiz-feedback")).not_to_be_empty(timeout=UPDATE_TIMEOUT)
            expect(status).to_contain_text(f"Saved for {name}", timeout=UPDATE_TIMEOUT)
            page.close(run_before_unload=True)
        assert qid in posed

        lead = contexts["Alice Example"].new_page()
        lead.goto(f"{app_server.url}/handbook/report")
        rows = lead.locator("tr.hb-report-row")
        expect(rows).to_have_count(2)
        total = len(posed)
        for name, right in names.items():
            row = lead.locator(f"tr.hb-report-row[data-trainee='{name}']")
            expect(row.locator(".hb-score")).to_have_text(f"{1 if right else 0} of {total}")
            expect(row.locator(".hb-missed")).to_have_text("none" if right else qid)
        screenshot(lead, "app-report")
        with urllib.request.urlopen(f"{app_server.url}/handbook/report?format=csv", timeout=10) as response:
            table = list(csv.DictReader(io.StringIO(response.read().decode("utf-8-sig"))))
        assert sorted((r["trainee"], r["score"], r["missed"]) for r in table) == sorted(
            (name, f"{1 if right else 0} of {total}", "" if right else qid) for name, right in names.items())
    finally:
        for context in contexts.values():
            context.close()


def test_the_name_page_is_asked_once_and_remembered(app_server, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{app_server.url}/voila/render/{START}", wait_until="commit")
        expect(page.locator("h1")).to_have_text("Who is training?")
        page.locator("input[name=name]").fill("  ")
        page.locator("form.hb-name button").click()
        expect(page.locator(".hb-error")).to_contain_text("your name")  # refused in plain words
        page.locator("input[name=name]").fill("Zhang Wei")
        page.locator("form.hb-name button").click()
        expect(page.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)  # back to the page asked for
        page.close(run_before_unload=True)
        index = context.new_page()
        index.goto(f"{app_server.url}/")
        expect(index.locator(".hb-trainee-name")).to_have_text("Zhang Wei")
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["handbook_trainee"]["httpOnly"] and cookies["handbook_trainee"]["expires"] > time.time() + 300 * 86400
    finally:
        context.close()
