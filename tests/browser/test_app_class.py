"""The app for a class (app/server.py, app/kernels.py) in a real browser: a closed tab frees its kernel, a full
server shows the busy page and lets the trainee in when a place frees up, two trainees keep their own quiz
progress and the lead's report lists both, the name is asked once, and a foreign Host header is refused.

These use the lightest page (00-start-here) where they can; tools/app_reliability.sh runs test_app.py only.
"""

from __future__ import annotations

import csv
import io
import re
import time
import urllib.error
import urllib.request

import pytest
from browser_support import screenshot
from playwright.sync_api import expect
from test_app import CUSTOMS, LOAD_TIMEOUT, TODAY, TRAINEE, UPDATE_TIMEOUT, name_browser, needs, open_app

RELEASE_WAIT = 60  # s: how long a test waits for a kernel to go (the app frees it within seconds)
START = "00-start-here.ipynb"  # the lightest page


@pytest.fixture(autouse=True)
def named(request):
    """Pages opened through `offline_page` belong to a trainee who has entered a name."""
    if "offline_page" in request.fixturenames:
        server = request.getfixturevalue("app_server")
        name_browser(request.getfixturevalue("offline_page").page.context, server, TRAINEE)


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
            expect(page.get_by_text("Loading widget...")).to_have_count(0, timeout=LOAD_TIMEOUT)
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
