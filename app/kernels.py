"""The app's kernel manager: kernels of closed tabs go within seconds, idle ones within minutes, and a count of
live kernels (started or starting) that the server's cap reads.

Voilà gives every page its own kernel. Stock Voilà 0.5.13 frees it only through the page's `beforeunload`
beacon, which its server refused (403, `_xsrf` missing, Voilà issue #1458; app/server.py now sets the cookie
the beacon needs), and through jupyter_server's idle culler, which has one timeout for every kernel. A beacon
is not always sent (a crashed or killed browser, a lost network), so this manager also watches the page's
kernel WebSocket and culls in three cases:

- `disconnected_timeout` (default 10 s) after the last WebSocket of a kernel closed (the tab is gone; a reload or
  a short network drop reconnects within that);
- `unconnected_timeout` (default 120 s) after start and after its last activity, for an idle kernel no page
  ever connected to (the browser gave up while the page was executing);
- `idle_timeout` (default 15 min) without any kernel activity although a page is still open (a forgotten tab;
  the page then says the session has ended, app/share/voila/templates/handbook/index.html.j2).

Kernels waiting in Voilà's preheated pool are never culled (VoilaKernelManager skips them before it calls
`cull_kernel_if_idle` here). `pool_state()` says how far each page's pool is: kernels started, and pages built
(the notebook fully executed, so a request only attaches). Voilà's own "Kernel pool of X is filled" line comes
when the kernels have *started*, long before their pages are built; this manager logs "Pool of X ready: N of N
pages built" when they are, and the server shows the same at /handbook/status. Enabled by app/voila.py
(`c.VoilaConfiguration.multi_kernel_manager_class = "kernels.HandbookKernelManager"`).
"""

from __future__ import annotations

import asyncio
import time
import uuid

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import PeriodicCallback
from traitlets import Float, Int


class HandbookKernelManager(AsyncMappingKernelManager):
    disconnected_timeout = Float(10.0, config=True, help="seconds after a kernel's last page disconnected")
    unconnected_timeout = Float(120.0, config=True, help="seconds after start for a kernel no page connected to")
    idle_timeout = Float(900.0, config=True, help="seconds without activity for a kernel with a page open")
    check_interval = Float(2.0, config=True, help="seconds between two checks")
    max_kernels = Int(0, config=True, help="live kernels at most (0: no limit); pool refills wait below it")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.starting: set[str] = set()  # kernel ids being started (not yet in self._kernels)
        self.reserved: set[object] = set()  # requests admitted by the server that have not started a kernel yet
        self.started_at: dict[str, float] = {}
        self.ever_connected: set[str] = set()
        self.disconnected_at: dict[str, float] = {}
        self.culled: dict[str, str] = {}  # kernel id -> why (for logs and tests)
        self._checker: PeriodicCallback | None = None
        self._created = time.monotonic()
        self._pools_ready: set[str] = set()  # pools whose "ready" line was logged (until one of them is taken)

    # -- counting ---------------------------------------------------------------------------------------

    def live(self) -> int:
        """Kernels running or starting, plus admitted requests about to start one."""
        return len(set(self._kernels) | self.starting) + len(self.reserved)

    def has_room(self) -> bool:
        return self.max_kernels <= 0 or self.live() < self.max_kernels

    async def start_kernel(self, *, kernel_id: str | None = None, reservation: object = None, **kwargs):
        """Start a kernel; a preheated-pool refill (VOILA_PREHEAT=True) waits until there is room under the cap."""
        if (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True":
            while not self.has_room():
                await asyncio.sleep(self.check_interval)
        kernel_id = kernel_id or str(uuid.uuid4())
        self.starting.add(kernel_id)
        self.reserved.discard(reservation)
        try:
            kernel_id = await super().start_kernel(kernel_id=kernel_id, **kwargs)
        finally:
            self.starting.discard(kernel_id)
        self.started_at[kernel_id] = time.monotonic()
        self._start_checker()
        return kernel_id

    # -- preheated pools -----------------------------------------------------------------------------------

    def pool_size(self, notebook: str) -> int:
        """Kernels the preheated pool of `notebook` keeps (0: none, or preheating is off)."""
        config = getattr(self, "kernel_pools_config", None)
        if not config or not hasattr(self, "_pools"):
            return 0
        default = config.get("default", {})
        return int(config.get(notebook, default).get("pool_size", default.get("pool_size", 1)))

    def pool_state(self) -> dict[str, dict[str, int]]:
        """Per page with a pool: `size` wanted, kernels `started`, pages `built` (fully executed: a request only
        attaches) and `failed` (the pool's kernel or page did not start)."""
        state = {}
        for notebook, pool in getattr(self, "_pools", {}).items():
            size = self.pool_size(notebook)
            if size <= 0:
                continue
            started = built = failed = 0
            for item in list(pool):
                if not item.done():
                    continue
                if item.cancelled() or item.exception() is not None:
                    failed += 1
                    continue
                started += 1
                render = item.result().get("task")
                if render is not None and render.done():
                    if render.cancelled() or render.exception() is not None:
                        failed += 1
                    else:
                        built += 1
            state[notebook] = {"size": size, "started": started, "built": built, "failed": failed}
        return state

    def log_ready_pools(self) -> None:
        for notebook, s in self.pool_state().items():
            if s["built"] >= s["size"] and notebook not in self._pools_ready:
                self._pools_ready.add(notebook)
                self.log.info("Pool of %s ready: %d of %d pages built (%.0f s after the app started).", notebook,
                              s["built"], s["size"], time.monotonic() - self._created)
            elif s["built"] < s["size"]:
                self._pools_ready.discard(notebook)

    # -- connections --------------------------------------------------------------------------------------

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self.ever_connected.add(kernel_id)
        self.disconnected_at.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id, 0) <= 0:
            self.disconnected_at[kernel_id] = time.monotonic()

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        try:
            return await ensure_async(super().shutdown_kernel(kernel_id, *args, **kwargs))
        finally:
            self.log.info("Kernel %s shut down: %s.", kernel_id,
                          self.culled.get(kernel_id, "asked for (its page closed, or the server stops)"))
            for table in (self.started_at, self.disconnected_at):
                table.pop(kernel_id, None)
            self.ever_connected.discard(kernel_id)

    # -- culling -----------------------------------------------------------------------------------------

    def _start_checker(self) -> None:
        if self._checker is None:
            self._checker = PeriodicCallback(self._check, 1000 * self.check_interval)
            self._checker.start()

    async def _check(self):
        try:
            self.log_ready_pools()
        finally:
            await self.cull_kernels()

    def initialize_culler(self):  # jupyter_server's own culler (one timeout for all) is replaced by ours
        self._initialized_culler = True

    def why_cull(self, kernel_id: str, now: float) -> str | None:
        kernel = self._kernels.get(kernel_id)
        if kernel is None:
            return None
        if getattr(kernel, "execution_state", None) == "dead":
            return "dead"
        if self._kernel_connections.get(kernel_id, 0) > 0:
            last = getattr(kernel, "last_activity", None)
            if last is not None and (_utcnow() - last).total_seconds() > self.idle_timeout:
                return f"idle for more than {self.idle_timeout:.0f} s with its page open"
            return None
        if kernel_id in self.ever_connected:
            gone = self.disconnected_at.get(kernel_id)
            if gone is not None and now - gone > self.disconnected_timeout:
                return f"its page closed {now - gone:.0f} s ago"
            return None
        started = self.started_at.get(kernel_id)
        if started is None or now - started <= self.unconnected_timeout or kernel.execution_state == "busy":
            return None  # a page still being built (slow under load) keeps its kernel
        last = getattr(kernel, "last_activity", None)
        if last is not None and (_utcnow() - last).total_seconds() <= self.unconnected_timeout:
            return None
        return f"no page connected in {now - started:.0f} s"

    async def cull_kernel_if_idle(self, kernel_id):
        why = self.why_cull(kernel_id, time.monotonic())
        if why:
            self.culled[kernel_id] = why
            await ensure_async(self.shutdown_kernel(kernel_id))


def _utcnow():
    from jupyter_server._tz import utcnow

    return utcnow()
