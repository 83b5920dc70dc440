"""Real-browser tests: Debian's Chromium driven by Playwright, fully offline.

- The browser is /usr/bin/chromium (never `playwright install`), headless, with every host but 127.0.0.1 mapped
  to "not found" (`--host-resolver-rules`). On top of that every request that is not to 127.0.0.1, file:, data:
  or blob: is aborted by a route handler, recorded, and fails the test (`offline_page`).
- Without Chromium the tests are skipped with the install command, except under CI (CI=true), where a missing
  browser fails them.
- Servers (the static site over `http.server`, the Voilà app) start on a free port (bind port 0), are awaited
  until they accept connections, and are stopped by their PID in the fixture's teardown.
- The static site is built by the `site_dir` fixture into pytest's temporary directory, fresh for every session,
  with the same command as `make docs` (tools/build_docs.py): it never reads or races over `_build/` (other
  engineers and `make docs` use it) and never tests a stale build. It takes a few seconds.
- Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import ARTIFACTS, ROOT, missing_area_notebooks

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
INSTALL_HINT = (
    f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium. Install it with "
    "`sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium` (no `playwright install`)."
)
ALLOWED_SCHEMES = {"file", "data", "blob", "about"}
ALLOWED_HOSTS = {"127.0.0.1"}

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "app"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "chromium_executable" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


# ---------------------------------------------------------------- the browser (pytest-playwright fixtures)


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        if under_ci():
            pytest.fail(f"CI=true and {INSTALL_HINT}", pytrace=False)
        pytest.skip(INSTALL_HINT)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    return {**browser_type_launch_args, "executable_path": str(chromium_executable), "headless": True,
            "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB",
            "timezone_id": "Asia/Shanghai", "service_workers": "block"}


def allowed(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ALLOWED_SCHEMES or parts.hostname in ALLOWED_HOSTS


@dataclass
class Offline:
    """A page whose outside requests are aborted and recorded, with its JavaScript errors."""

    page: object
    blocked: list[str] = field(default_factory=list)
    js_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    checked: bool = False

    def problems(self) -> list[str]:
        return ([f"request outside 127.0.0.1 (blocked): {u}" for u in self.blocked]
                + [f"JavaScript error: {e}" for e in self.js_errors]
                + [f"console error: {e}" for e in self.console_errors])

    def check(self) -> None:
        self.checked = True
        found = self.problems()
        assert found == [], "\n".join(found)


@pytest.fixture
def offline_page(page):
    guard = Offline(page)

    def route(route):
        url = route.request.url
        if allowed(url):
            route.continue_()
        else:
            guard.blocked.append(url)
            route.abort("blockedbyclient")

    def websocket(ws):
        if not allowed(ws.url):
            guard.blocked.append(ws.url)

    def console(message):
        if message.type == "error":
            guard.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    page.context.route("**/*", route)
    page.on("websocket", websocket)
    page.on("pageerror", lambda error: guard.js_errors.append(str(error)))
    page.on("console", console)
    yield guard
    if not guard.checked:  # a test that forgot to check (or failed before it): blocked requests still fail it
        guard.check()


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepting(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path
    data_dir: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 15) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)  # Voilà shuts its kernels down on SIGTERM
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


def start_server(command_for_port, *, env=None, log: Path, timeout: float = 60, attempts: int = 3) -> Server:
    """Start `command_for_port(port)` on a free port and wait until it accepts connections."""
    last = ""
    for _ in range(attempts):
        port = free_port()
        with open(log, "wb") as out:
            process = subprocess.Popen(command_for_port(port), cwd=ROOT, env=env, stdout=out,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        server = Server(process, port, log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            if accepting(port):
                return server
            time.sleep(0.05)
        last = server.log_tail()
        server.stop()  # port taken between bind and listen, or it did not come up: try another port
    raise RuntimeError(f"server did not start: {command_for_port(0)}\n{last}")


# ---------------------------------------------------------------- the static site


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, chromium_executable) -> Path:
    """A fresh build of the static site (same command as `make docs`) in pytest's temporary directory.

    While some area notebooks are still missing it builds with `-D handbook_partial=1` (the toc leaves them out);
    once they all exist it is exactly the `make docs` build.
    """
    import build_docs

    out = tmp_path_factory.mktemp("site") / "html"
    result = build_docs.build(out, partial=bool(missing_area_notebooks()))
    if result.returncode != 0:
        pytest.fail(f"the static site did not build (make docs would fail too):\n{result.stdout}\n{result.stderr}",
                    pytrace=False)
    return out


@pytest.fixture(scope="session")
def site_server(site_dir, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "http.log"
    server = start_server(
        lambda port: [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site_dir)],
        log=log,
    )
    yield server
    server.stop()


# ---------------------------------------------------------------- the app (Voilà)


def start_app(tmp_path_factory, *, data_dir: Path | None = None, **options) -> Server:
    """A fresh `make app` server (app/serve.py's command) on a free port, progress kept in `data_dir`."""
    import serve

    logs = tmp_path_factory.mktemp("logs")
    data_dir = data_dir or tmp_path_factory.mktemp("data")
    server = start_server(lambda port: serve.command(port, **options), env=serve.environment(data_dir=data_dir),
                          log=logs / "voila.log")
    server.data_dir = data_dir
    return server


@pytest.fixture(scope="module")
def app_server(tmp_path_factory, chromium_executable):
    """A fresh `make app` server (app/serve.py) for the module: fresh kernels, fresh Voilà, empty progress."""
    server = start_app(tmp_path_factory)
    yield server
    server.stop()
    if os.environ.get("HANDBOOK_KEEP_APP_LOG"):
        shutil.copy(server.log, ARTIFACTS / "voila.log")
