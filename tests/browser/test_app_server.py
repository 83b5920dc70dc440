"""The app server's rules without a browser: which hosts are served, where a name form may send the trainee,
when a kernel is culled, and a server that takes the trainee from a trusted proxy header."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from browser_support import ROOT

sys.path.insert(0, str(ROOT / "app"))

import kernels  # noqa: E402
import server  # noqa: E402

HOSTS = [
    ("127.0.0.1:8866", True), ("localhost", True), ("LOCALHOST:80", True), ("[::1]:8866", True), ("127.0.0.2", True),
    ("handbook.example.com", True), ("handbook.example.com.:443", True), ("HANDBOOK.example.com", True),
    ("evil.example", False), ("handbook.example.com.evil.example", False), ("", False), ("10.0.0.5:8866", False),
    ("localhost.evil.example", False),
]


@pytest.mark.parametrize(("host", "served"), HOSTS)
def test_only_loopback_and_allowed_hosts_are_served(host, served):
    assert server.BadHost(["handbook.example.com"]).host_allowed(host) is served


NEXT = [
    ("/voila/render/01-customs-clearance.ipynb", "/voila/render/01-customs-clearance.ipynb"),
    ("/voila/render/x.ipynb?a=1", "/voila/render/x.ipynb?a=1"),
    ("https://evil.example/", "/"), ("//evil.example/x", "/"), ("", "/"), ("javascript:alert(1)", "/"),
]


@pytest.mark.parametrize(("target", "sent_to"), NEXT)
def test_the_name_form_only_sends_the_trainee_back_into_the_app(target, sent_to):
    assert server._local_next(SimpleNamespace(base_url="/"), target) == sent_to


def manager(**traits):
    m = kernels.HandbookKernelManager(**traits)
    return m


NOW = 1000.0


def kernel(state="idle", idle_for=0.0):
    return SimpleNamespace(execution_state=state, last_activity=kernels._utcnow() - timedelta(seconds=idle_for))


CULL = [
    # connections, ever connected, disconnected s ago, started s ago, idle s -> culled?
    ("open page, in use", 1, True, None, 5000, 10, False),
    ("open page, idle 15 min+", 1, True, None, 5000, 901, True),
    ("tab closed 5 s ago", 0, True, 5, 5000, 5, False),
    ("tab closed 11 s ago", 0, True, 11, 5000, 11, True),
    ("page still executing", 0, False, None, 30, 0, False),
    ("page built slowly, just finished", 0, False, None, 300, 10, False),
    ("no page connected in 2 min", 0, False, None, 121, 121, True),
]


@pytest.mark.parametrize(("connections", "ever", "closed_ago", "started_ago", "idle", "culled"),
                         [c[1:] for c in CULL], ids=[c[0] for c in CULL])
def test_when_a_kernel_is_culled(connections, ever, closed_ago, started_ago, idle, culled):
    m = manager(disconnected_timeout=10, unconnected_timeout=120, idle_timeout=900)
    m._kernels["k"] = kernel(idle_for=idle)
    m._kernel_connections["k"] = connections
    if ever:
        m.ever_connected.add("k")
    if closed_ago is not None:
        m.disconnected_at["k"] = NOW - closed_ago
    m.started_at["k"] = NOW - started_ago
    assert (m.why_cull("k", NOW) is not None) is culled
    m._kernels["k"].execution_state = "busy"
    if not connections:
        assert m.why_cull("k", NOW) is None or ever  # a kernel still building its page is never culled as unused


def test_a_dead_kernel_is_culled_and_counting_includes_starting_and_reserved():
    m = manager(max_kernels=3)
    m._kernels["a"] = kernel(state="dead")
    assert m.why_cull("a", NOW) == "dead"
    m.starting.add("b")
    assert m.live() == 2 and m.has_room()
    m.reserved.add(object())
    assert m.live() == 3 and not m.has_room()
    m.starting.add("a")  # a kernel both starting and registered counts once
    assert m.live() == 3


def test_connecting_and_disconnecting_are_tracked():
    m = manager()
    m._kernel_connections["k"] = 0
    m.notify_connect("k")
    assert "k" in m.ever_connected and "k" not in m.disconnected_at
    m.notify_connect("k")
    m.notify_disconnect("k")
    assert "k" not in m.disconnected_at  # one page is still connected
    m.notify_disconnect("k")
    assert "k" in m.disconnected_at


def test_a_pool_counts_kernels_started_and_pages_built():
    """Voilà's "pool is filled" means kernels started; the class needs pages built (a request only attaches)."""
    import asyncio

    loop = asyncio.new_event_loop()
    try:
        def item(started=True, built=True, fails=None):
            render, pooled = loop.create_future(), loop.create_future()
            if fails == "page":
                render.set_exception(RuntimeError("a cell failed"))
            elif built:
                render.set_result(([], None))
            if fails == "kernel":
                pooled.set_exception(RuntimeError("no kernel"))
            elif started:
                pooled.set_result({"task": render, "renderer": None, "kernel_id": "k"})
            return pooled

        m = manager()
        assert manager().pool_size("04.ipynb") == 0  # preheating off: no pools at all
        m = manager()
        m.kernel_pools_config = {"default": {"pool_size": 0}, "04.ipynb": {"pool_size": 5}, "01.ipynb": {},
                                 "02.ipynb": {"pool_size": 1}}
        m._pools = {"04.ipynb": [item(), item(), item(built=False), item(started=False), item(fails="page")],
                    "00.ipynb": [], "01.ipynb": [], "02.ipynb": [item(fails="kernel")]}
        assert [m.pool_size(nb) for nb in ("04.ipynb", "00.ipynb", "01.ipynb")] == [5, 0, 0]  # 01: the default
        assert m.pool_state() == {"04.ipynb": {"size": 5, "started": 4, "built": 2, "failed": 1},
                                  "02.ipynb": {"size": 1, "started": 0, "built": 0, "failed": 1}}
        m._pools["04.ipynb"][2:] = [item(), item(), item()]
        m.log_ready_pools()
        assert m._pools_ready == {"04.ipynb"}
        m._pools["04.ipynb"].pop(0)  # a request took one: the pool is no longer ready until it refills
        m.log_ready_pools()
        assert m._pools_ready == set()
    finally:
        loop.close()


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    from conftest import start_app

    app = start_app(tmp_path_factory, trusted_header="X-Forwarded-User", leads=["Lead Person"])
    yield app
    app.stop()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_behind_a_trusted_proxy_the_header_names_the_trainee(proxied):
    status, body = get(f"{proxied.url}/voila/render/00-start-here.ipynb")
    assert status == 403 and "Sign in through the handbook's address" in body  # no header: refused, no kernel
    status, body = get(f"{proxied.url}/", {"X-Forwarded-User": "Alice"})
    assert status == 200 and "Training as <b class=\"hb-trainee-name\">Alice</b>" in body
    assert "not you?" not in body  # the proxy decides who it is
    assert get(f"{proxied.url}/handbook/report", {"X-Forwarded-User": "Alice"})[0] == 403  # not a lead
    status, body = get(f"{proxied.url}/handbook/report", {"X-Forwarded-User": "Lead Person"})
    assert status == 200 and "Training progress" in body and "No saved answers yet" in body


@pytest.fixture(scope="module")
def troubled(tmp_path_factory):
    """An app over two small notebooks: one cell fails, one cell runs past the (shortened) cell timeout."""
    import nbformat
    from conftest import start_app

    folder = tmp_path_factory.mktemp("notebooks")
    cells = {"fails": ["print('first')", "1 / 0", "print('last')"],
             "slow": ["print('first')", "import time\ntime.sleep(30)", "print('last')"]}
    for name, sources in cells.items():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in sources])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")
    app = start_app(tmp_path_factory, notebooks=folder, extra=["--VoilaExecutor.timeout=5"])
    yield app
    app.stop()


@pytest.mark.parametrize(("page", "says"), [
    ("fails", "There was an error when executing cell [2]. This part of the page could not be built."),
    ("slow", "The handbook took too long to build this page (it may be busy). Reload the page in a minute."),
])
def test_a_failing_or_timed_out_cell_shows_an_error_on_the_page(troubled, page, says):
    status, body = get(f"{troubled.url}/voila/render/{page}.ipynb", {"Cookie": "handbook_trainee=Tester"})
    assert status == 200
    assert says in html_text(body)


def html_text(body: str) -> str:
    import html
    import re

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_widget_manager_waits_a_minute_for_widget_states(proxied):
    """ipywidgets#3633: after 4 s the manager falls back to a path that can drop calculators; ours waits 60 s."""
    from voila.utils import get_voila_labextensions_path

    static = "@voila-dashboards/widgets-manager8/static"
    folder = next(Path(p) / static for p in get_voila_labextensions_path() if (Path(p) / static).is_dir())
    patched = [s.name for s in sorted(folder.glob("*.js"))
               if "Control comm did not respond in time" in s.read_text(encoding="utf-8")]
    assert patched, "the widget manager no longer has the control-comm timeout: look at ipywidgets#3633 again"
    for name in patched:
        status, text = get(f"{proxied.url}/voila/labextensions/{static}/{name}")
        assert status == 200
        assert '"Control comm did not respond in time")),60000)' in text
        assert '"Control comm did not respond in time")),4e3)' not in text


def test_the_status_is_for_the_leads(proxied):
    assert get(f"{proxied.url}/handbook/status", {"X-Forwarded-User": "Alice"})[0] == 403
    status, body = get(f"{proxied.url}/handbook/status", {"X-Forwarded-User": "Lead Person"})
    assert status == 200
    assert json.loads(body) == {"live_kernels": 0, "max_kernels": 24, "pools": {}, "pools_ready": True}


@pytest.fixture(scope="module")
def pooled(tmp_path_factory):
    """An app over one small notebook with a preheated pool of one."""
    import nbformat
    from conftest import start_app

    folder = tmp_path_factory.mktemp("notebooks")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('built ' + 'before the request')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "quick.ipynb")
    app = start_app(tmp_path_factory, notebooks=folder, pool=1)
    yield app
    app.stop()


def test_the_status_says_when_the_preheated_pages_are_built(pooled):
    """What a lead (and benchmarks/app_load.py) waits for before the class: pages built, not just kernels started."""
    import time

    deadline = time.monotonic() + 90
    while True:
        state = json.loads(get(f"{pooled.url}/handbook/status")[1])
        if state["pools_ready"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert state["pools"] == {"quick.ipynb": {"size": 1, "started": 1, "built": 1, "failed": 0}}
    assert "Pool of quick.ipynb ready: 1 of 1 pages built" in pooled.log.read_text()
    status, body = get(f"{pooled.url}/voila/render/quick.ipynb", {"Cookie": "handbook_trainee=Tester"})
    assert status == 200 and "built before the request" in body
    assert "Using pre-heated kernel" in pooled.log.read_text()
    state = json.loads(get(f"{pooled.url}/handbook/status")[1])
    assert state["pools"]["quick.ipynb"]["built"] == 0 and not state["pools_ready"]  # refilled 30 s later
