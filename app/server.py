"""The handbook's app server: Voilà, plus what a class needs. Started by app/serve.py (`make app`).

- **Host check.** Only requests whose `Host` is a loopback name (127.0.0.1, localhost, [::1]) or one of
  `allowed_hosts` are served; any other gets 403 before a handler runs, so a page on another site cannot reach
  the app through DNS rebinding and start kernels.
- **Who is training.** With `trusted_user_header` set (off by default), the reverse proxy's header names the
  trainee (a request without it is refused). Otherwise the trainee enters a name once on /handbook/trainee;
  the browser keeps it in a cookie. The render handler drops any `X-Handbook-Trainee` header a client sent,
  then sets it to that name (percent-encoded UTF-8); Voilà hands it to the page's kernel as
  `HTTP_X_HANDBOOK_TRAINEE` (handbook.training.progress.current_trainee).
- **A cap on live kernels.** Beyond `max_kernels` (started, starting or about to start) a page request gets
  503 and a short page that says the handbook is busy and retries by itself after `busy_retry` seconds.
- **Kernels freed.** The page's `_xsrf` cookie is set, so the tab-close beacon that asks Voilà to shut the
  kernel down is accepted (stock Voilà 0.5.13 refused it: 403, Voilà issue #1458); app/kernels.py culls what
  the beacon misses.
- **Widgets that load under load.** The widget manager Voilà ships waits 4 s for the kernel's widget states
  (ipywidgets' CONTROL_COMM_TIMEOUT) and then falls back to a path that can leave calculators silently
  missing (ipywidgets issue #3633; we caught it in a fresh-start run under load). The server serves that
  script with a 60 s wait instead (the same file, one number changed at start-up; the original if the
  pattern is not found).
- **The lead's report** at /handbook/report (HTML; `?format=csv` for a spreadsheet): trainee, area, score,
  questions missed, last activity (handbook.training.progress.report). With `leads` set, only they see it.
- **Is the class's page ready?** /handbook/status (JSON, for the lead and for benchmarks/app_load.py): live
  kernels, the cap, and per preheated page the pool's size, kernels started and pages built
  (app/kernels.py `pool_state`). The same people as the report see it.
"""

# ruff: noqa: E402  (app/ leaves sys.path before Voilà is imported: see below)
from __future__ import annotations

import csv
import io
import ipaddress
import re
import sys
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

APP = Path(__file__).resolve().parent
# `python app/server.py` puts app/ first on sys.path, where app/voila.py (a config file) would shadow the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != APP]

from jupyter_core.utils import ensure_async
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.routing import Matcher, Rule
from traitlets import Int, List, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

sys.path.append(str(APP))  # kernels.py and kernel_client.py, named in app/voila.py

from handbook.errors import PolicyInputError
from handbook.training.progress import APP_HEADER, NAME_MAX, ProgressStore, clean_name, report

COOKIE = "handbook_trainee"
CONTROL_COMM_WAIT_MS = 60_000
CONTROL_COMM_TIMEOUT = re.compile(r'(\("Control comm did not respond in time"\)\)),4e3\)')
COOKIE_DAYS = 365
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _app(handler: web.RequestHandler) -> HandbookVoila:
    return handler.settings["voila"]


def trainee_of(handler: web.RequestHandler) -> str | None:
    """The trainee of a request: the trusted proxy header when configured, else the name cookie."""
    header = _app(handler).trusted_user_header
    if header:
        raw = handler.request.headers.get(header, "")
        try:  # tornado decodes header bytes as latin-1; proxies send UTF-8
            raw = raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    else:
        raw = unquote(handler.get_cookie(COOKIE, "") or "")
    try:
        return clean_name(raw) if raw.strip() else None
    except PolicyInputError:
        return None


def _render(handler: web.RequestHandler, template_name: str, **ns) -> str:
    template = handler.settings["voila_jinja2_env"].get_template(template_name)
    return template.render(base_url=handler.base_url, **ns)


def _local_next(handler: web.RequestHandler, target: str) -> str:
    """`target` if it is a path inside this app, else the index (no open redirects)."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith(handler.base_url):
        return handler.base_url
    return parts.path + (f"?{parts.query}" if parts.query else "")


# ---------------------------------------------------------------- host check


class BadHost(Matcher):
    """Matches requests whose Host is not a loopback name and not an allowed host name."""

    def __init__(self, allowed: list[str]):
        self.allowed = {h.strip().lower().rstrip(".") for h in allowed if h.strip()}

    def host_allowed(self, host_header: str) -> bool:
        host = host_header.strip().lower()
        if host.startswith("["):  # [::1]:8866
            host = host[1:].split("]", 1)[0]
        elif host.count(":") == 1:
            host = host.split(":", 1)[0]
        host = host.rstrip(".")
        if host in LOOPBACK or host in self.allowed:
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def match(self, request):
        return None if self.host_allowed(request.headers.get("Host", "")) else {}


class BadHostHandler(web.RequestHandler):
    def prepare(self):
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("403: this host name is not served here (see allowed_hosts in the handbook's README, App mode)\n")


# ---------------------------------------------------------------- the pages


class _Counting:
    """The kernel manager as one render request sees it: starting a kernel uses up the request's reservation;
    a preheated kernel handed to the request starts its "no page connected yet" clock now."""

    def __init__(self, manager, reservation: object):
        self._manager = manager
        self._reservation = reservation

    def __getattr__(self, name):
        return getattr(self._manager, name)

    async def start_kernel(self, **kwargs):
        return await self._manager.start_kernel(reservation=self._reservation, **kwargs)

    async def get_rendered_notebook(self, *args, **kwargs):
        task, cache, kernel_id = await self._manager.get_rendered_notebook(*args, **kwargs)
        self._manager.reserved.discard(self._reservation)
        self._manager.started_at[kernel_id] = time.monotonic()
        return task, cache, kernel_id


class HandbookRenderHandler(TornadoVoilaHandler):
    """/voila/render/<notebook>: who is training, room under the cap, the `_xsrf` cookie, then Voilà."""

    _reservation: object = None

    @property
    def kernel_manager(self):
        return _Counting(self.settings["kernel_manager"], self._reservation)

    async def prepare(self):
        await ensure_async(super().prepare())
        if self._finished:
            return
        app = _app(self)
        self.request.headers.pop(APP_HEADER, None)  # only this server names the trainee
        trainee = trainee_of(self)
        if trainee is None:
            if app.trusted_user_header:
                self.set_status(403)
                self.finish(_render(self, "trainee.html", mode="proxy", header=app.trusted_user_header,
                                    name="", next_url="", error="", max_len=NAME_MAX))
            else:
                self.redirect(url_path_join(self.base_url, "handbook/trainee") + "?next=" + quote(self.request.uri))
            return
        self.request.headers[APP_HEADER] = quote(trainee)
        manager = self.settings["kernel_manager"]
        if not self._pool_ready() and not manager.has_room():
            self.set_status(503)
            self.set_header("Retry-After", str(app.busy_retry))
            self.set_header("Cache-Control", "no-store")
            self.finish(_render(self, "busy.html", retry=app.busy_retry, limit=manager.max_kernels,
                                live=manager.live()))
            return
        if not self._pool_ready():
            self._reservation = object()
            manager.reserved.add(self._reservation)
        self.xsrf_token  # noqa: B018 (sets the _xsrf cookie the page's tab-close beacon sends back)

    def _pool_ready(self) -> bool:
        """A preheated kernel of this notebook has finished starting (taking it starts no new kernel now)."""
        pools = getattr(self.settings["kernel_manager"], "_pools", {})
        path = self.path_args[0] if self.path_args else ""
        pool = pools.get(path, [])
        return bool(pool) and pool[0].done() and not pool[0].exception()

    def should_use_rendered_notebook(self, *args, **kwargs):
        """Take a preheated kernel only when one is ready; a pool refill still starting (or waiting for room under
        the cap) would make this request wait for it, so start a kernel of its own instead."""
        return self._pool_ready() and super().should_use_rendered_notebook(*args, **kwargs)

    def on_finish(self):
        if self._reservation is not None:
            self.settings["kernel_manager"].reserved.discard(self._reservation)
        super().on_finish()


class HandbookTreeHandler(TornadoVoilaTreeHandler):
    """The index page, with who is training and a link to the lead's report."""

    def render_template(self, name, **ns):
        app = _app(self)
        return super().render_template(name, trainee=trainee_of(self), proxy_identity=bool(app.trusted_user_header),
                                        **ns)


class TraineeHandler(web.RequestHandler):
    """/handbook/trainee: enter your name once; the browser keeps it (a cookie for a year)."""

    @property
    def base_url(self) -> str:
        return self.settings["base_url"]

    def _page(self, *, name: str = "", error: str = "", status: int = 200):
        app = _app(self)
        self.set_status(status)
        self.set_header("Cache-Control", "no-store")
        self.finish(_render(self, "trainee.html", mode="proxy" if app.trusted_user_header else "name",
                            header=app.trusted_user_header, name=name, error=error, max_len=NAME_MAX,
                            next_url=_local_next(self, self.get_argument("next", self.base_url))))

    def get(self):
        self._page(name=trainee_of(self) or "")

    def post(self):
        if _app(self).trusted_user_header:
            raise web.HTTPError(403, "the reverse proxy names the trainee here")
        raw = self.get_body_argument("name", "")
        try:
            name = clean_name(raw)
        except PolicyInputError as exc:
            self._page(name=raw, error=str(exc), status=400)
            return
        self.set_cookie(COOKIE, quote(name), expires_days=COOKIE_DAYS, path=self.base_url, samesite="Lax",
                        httponly=True)
        self.redirect(_local_next(self, self.get_argument("next", self.base_url)))


class ReportHandler(web.RequestHandler):
    """/handbook/report: every trainee's standing per area (`?format=csv` downloads it)."""

    @property
    def base_url(self) -> str:
        return self.settings["base_url"]

    def get(self):
        app = _app(self)
        if app.leads and trainee_of(self) not in set(app.leads):
            raise web.HTTPError(403, "the report is for the team leads named in the app's configuration")
        rows = report(ProgressStore(trainee="report"))
        self.set_header("Cache-Control", "no-store")
        if self.get_argument("format", "html") == "csv":
            out = io.StringIO()
            fields = ["trainee", "area", "area_title", "score", "correct", "questions", "missed", "last_activity"]
            writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(_csv_safe(r.as_dict()) for r in rows)
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", 'attachment; filename="handbook-progress.csv"')
            self.finish("\ufeff" + out.getvalue())  # BOM: Excel opens UTF-8 names correctly
            return
        self.finish(_render(self, "report.html", rows=rows, csv_url="?format=csv"))


class StatusHandler(web.RequestHandler):
    """/handbook/status: live kernels, the cap, and how far each preheated page's pool is (JSON)."""

    def get(self):
        app = _app(self)
        if app.leads and trainee_of(self) not in set(app.leads):
            raise web.HTTPError(403, "the status is for the team leads named in the app's configuration")
        manager = self.settings["kernel_manager"]
        manager.log_ready_pools()  # the log says "ready" no later than this answer does
        pools = manager.pool_state()
        self.set_header("Cache-Control", "no-store")
        self.finish({"live_kernels": manager.live(), "max_kernels": manager.max_kernels, "pools": pools,
                     "pools_ready": all(p["built"] >= p["size"] for p in pools.values())})


def _csv_safe(row: dict) -> dict:
    """Cells Excel would run as formulas get a leading apostrophe (a trainee name is typed by the trainee)."""
    return {k: ("'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v)
            for k, v in row.items()}


class WidgetManagerHandler(web.RequestHandler):
    """Voilà's widget-manager scripts, with the control-comm wait raised from 4 s to CONTROL_COMM_WAIT_MS."""

    cache: dict[str, bytes] = {}

    def initialize(self, paths: list[str]):
        self.paths = paths

    def get(self, name: str):
        if name not in self.cache:
            found = next((Path(p) / name for p in self.paths if (Path(p) / name).is_file()), None)
            if found is None or ".." in Path(name).parts:
                raise web.HTTPError(404)
            text = found.read_text(encoding="utf-8")
            patched, count = CONTROL_COMM_TIMEOUT.subn(rf"\1,{CONTROL_COMM_WAIT_MS})", text)
            if count:
                self.application.settings["voila"].log.info("Serving %s with a %d s widget-state wait",
                                                            name, CONTROL_COMM_WAIT_MS // 1000)
            self.cache[name] = patched.encode("utf-8")
        self.set_header("Content-Type", "application/javascript; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(self.cache[name])


# ---------------------------------------------------------------- the application


class HandbookVoila(Voila):
    allowed_hosts = List(Unicode(), [], config=True,
                         help="host names served besides the loopback ones (the names the reverse proxy uses)")
    trusted_user_header = Unicode("", config=True,
                                  help="request header that names the trainee, set by a trusted reverse proxy "
                                       "(e.g. X-Forwarded-User); empty: trainees enter a name once")
    busy_retry = Int(15, config=True, help="seconds after which the busy page retries")
    leads = List(Unicode(), [], config=True, help="trainee names allowed to see the report (empty: everyone)")

    def init_handlers(self):
        handlers = []
        for pattern, handler, *rest in super().init_handlers():
            if handler is TornadoVoilaHandler:
                handler = HandbookRenderHandler
            elif handler is TornadoVoilaTreeHandler:
                handler = HandbookTreeHandler
            handlers.append((pattern, handler, *rest))
        ours = [
            (url_path_join(self.server_url, r"/handbook/trainee"), TraineeHandler),
            (url_path_join(self.server_url, r"/handbook/report"), ReportHandler),
            (url_path_join(self.server_url, r"/handbook/status"), StatusHandler),
            (url_path_join(self.server_url, r"/voila/labextensions/(@voila-dashboards/widgets-manager\d/static/"
                                            r"[\w.-]+\.js)"), WidgetManagerHandler, {"paths": self.labextensions_path}),
        ]
        return ours + handlers

    def listen(self):
        self.app.default_router.rules.insert(0, Rule(BadHost(self.allowed_hosts), BadHostHandler))
        super().listen()


main = HandbookVoila.launch_instance

if __name__ == "__main__":
    main()
