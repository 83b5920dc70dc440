"""A class opening the app at once: N fresh Chromium tabs against a freshly started app, loopback only.

    .venv/bin/python benchmarks/app_load.py                    # N = 1, 5, 10, 20 on 04-fake-shipping.ipynb
    .venv/bin/python benchmarks/app_load.py --n 1 --n 20 --pool-for 04-fake-shipping.ipynb=20
    .venv/bin/python benchmarks/app_load.py --page 01-customs-clearance.ipynb --serve-arg=--max-kernels=40

For each N: start the app (app/serve.py's command, a temporary data folder; with a pool, wait until the app's
/handbook/status says every preheated page is built, as a lead would start it before the class: at most
`--pool-timeout` seconds, and not at all when the pools want more kernels than the cap, which the report then
says), open N browser contexts (fresh tabs:
no shared cookies or cache; each has a trainee name) on the page at the same moment, and wait until each is
ready: Voilà has executed the page, no cell shows an error, and every calculator and quiz of the page is on
screen with its result (as many as the first complete page had; that first page is complete when the count
has not changed for 1 s, and its time is when the count was reached). Then, in up to 5 ready tabs, change the
compensation calculator's paid amount 5 times and time, inside the page, from the Enter key to the result's
change (input-to-result latency). Then close every tab (the tab-close beacon runs), wait `--linger` seconds
(60) and count the kernels still alive (preheated pool kernels are expected and reported apart).

Printed per N: time to ready p50 / p95 / max, failures (with the reason), peak memory of the server and its
kernels (sum of PSS: shared library pages counted once; RSS beside it), kernels alive after the linger,
input latency median / max, and the machine's load average (`uptime`), because the machine is shared.
Targets (issue #20): one trainee ready within 2 s; twenty all ready within 30 s, none failing, under 4 GiB;
an input change answered within 150 ms; no kernel left 60 s after the tabs closed.

Bounded: at most 30 tabs, a deadline per tab (`--timeout`, 120 s), the pool's wait (`--pool-timeout`, 600 s),
the server stopped by its PID at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
MAX_TABS = 30
GIB = 1024 ** 3
LATENCY_TABS, LATENCY_CHANGES = 5, 5


def uptime() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# ---------------------------------------------------------------- the server and its memory


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in bytes of the process and all its descendants."""
    pss = rss = 0
    for p in descendants(pid):
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        pss += int(re.search(r"^Pss:\s+(\d+)", text, re.M).group(1)) * 1024
        rss += int(re.search(r"^Rss:\s+(\d+)", text, re.M).group(1)) * 1024
    return pss, rss


def kernels(pid: int) -> int:
    count = 0
    for p in descendants(pid):
        try:
            if b"ipykernel_launcher" in Path(f"/proc/{p}/cmdline").read_bytes():
                count += 1
        except OSError:
            pass
    return count


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """utime + stime of each process (seconds)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[p] = (int(fields[11]) + int(fields[12])) / tick
    return out


class Sampler(threading.Thread):
    """Peak memory of the app (server + kernels) and the CPU time its processes used since `mark()`."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.peak_rss, self.stop = pid, 0, 0, threading.Event()
        self.cpu: dict[int, float] = {}
        self.base: dict[int, float] = {}

    def mark(self) -> None:
        self.base = cpu_seconds(descendants(self.pid))

    def cpu_used(self) -> float:
        return sum(v - self.base.get(p, 0.0) for p, v in self.cpu.items())

    def run(self):
        while not self.stop.is_set():
            pids = descendants(self.pid)
            pss, rss = memory(self.pid)
            self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)
            for p, v in cpu_seconds(pids).items():
                self.cpu[p] = max(self.cpu.get(p, 0.0), v)
            self.stop.wait(0.5)


@dataclass
class App:
    process: subprocess.Popen
    port: int
    log: Path
    pool: dict | None = None  # /handbook/status when the pools were waited for
    pool_seconds: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


def start_app(workdir: Path, *, pool: int, pool_for: list[str], serve_args: list[str],
              pool_timeout: float) -> App:
    port = free_port()
    log = workdir / f"voila-{port}.log"
    preheat = max([pool, *(int(item.partition("=")[2]) for item in pool_for)])
    cmd = serve.command(port, pool=preheat or None, extra=serve_args)
    env = serve.environment(data_dir=workdir / "data")
    if pool_for:
        env["HANDBOOK_POOLS"] = serve.pool_sizes(pool, pool_for)
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    app = App(process, port, log)
    started = time.monotonic()
    deadline = started + 120
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        if process.poll() is not None:
            raise RuntimeError(f"the app did not start:\n{log.read_text()}")
        time.sleep(0.1)
    if preheat:  # a preheated app is started before the class: wait until its pools have built their pages
        app.pool = wait_for_pools(app, until=started + pool_timeout)
        app.pool_seconds = time.monotonic() - started
        settle(process.pid, until=time.monotonic() + 60)
    return app


def status(app: App) -> dict:
    with urllib.request.urlopen(f"{app.url}/handbook/status", timeout=10) as response:
        return json.load(response)


def wait_for_pools(app: App, *, until: float) -> dict:
    """The app's /handbook/status once every preheated page is built, or at `until` (whatever it is then).
    Pools that want more kernels than the cap allows can never fill: say so and stop waiting at once."""
    state: dict = {}
    while True:
        try:
            state = status(app)
        except OSError as exc:
            state = {"error": str(exc), "pools": {}}
        wanted = sum(p["size"] for p in state.get("pools", {}).values())
        if state.get("max_kernels") and wanted > state["max_kernels"]:
            state["why"] = f"the pools want {wanted} kernels, the cap is {state['max_kernels']}"
            return state
        if state.get("pools") and state.get("pools_ready"):
            return state
        if time.monotonic() >= until or app.process.poll() is not None:
            state["why"] = "not built in time" if app.process.poll() is None else "the app stopped"
            return state
        time.sleep(0.5)


def settle(pid: int, *, until: float, quiet: float = 0.1, seconds: int = 3) -> None:
    """Wait until the app's processes use less than `quiet` of a core for `seconds` seconds in a row."""
    calm, before = 0, sum(cpu_seconds(descendants(pid)).values())
    while calm < seconds and time.monotonic() < until:
        time.sleep(1.0)
        now = sum(cpu_seconds(descendants(pid)).values())
        calm = calm + 1 if now - before < quiet else 0
        before = now


# ---------------------------------------------------------------- the tabs

READY_JS = """() => {
  const cells = document.querySelector('#rendered_cells');
  if (!cells || cells.offsetParent === null) return null;
  const text = document.body.innerText;
  if (text.includes('There was an error') || text.includes('timed out')) return 'error';
  const calcs = [...document.querySelectorAll('.hb-calculator')];
  const results = calcs.map(c => c.querySelector('.hb-result')).filter(r => r);
  if (!calcs.length || results.some(r => !r.innerText.trim())) return null;
  return calcs.length + document.querySelectorAll('.hb-quiz').length;
}"""
STABLE = 1.0  # s: without a known count, a page is complete when its count of calculators stops changing

LATENCY_JS = """() => new Promise((resolve, reject) => {
  const calc = document.querySelector('.hb-calc-compensation');
  const input = calc.querySelector('.hb-input-paid-amount input');
  const result = calc.querySelector('.hb-result');
  const before = result.innerText;
  let start = null;
  const observer = new MutationObserver(() => {
    if (start !== null && result.innerText !== before) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  });
  observer.observe(result, {subtree: true, childList: true, characterData: true});
  input.addEventListener('keydown', e => { if (e.key === 'Enter' && start === null) start = performance.now(); },
                         {capture: true, once: true});
  setTimeout(() => { observer.disconnect(); reject(new Error('no answer in 15 s')); }, 15000);
})"""


@dataclass
class Tab:
    index: int
    ready: float | None = None
    failure: str | None = None
    calculators: int = 0
    latencies: list[float] = field(default_factory=list)


async def open_tab(browser, app: App, page_name: str, tab: Tab, t0: float, timeout: float, expected: int | None):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.add_cookies([{"name": "handbook_trainee", "value": quote(f"Trainee {tab.index + 1}"),
                                "url": app.url}])
    page = await context.new_page()
    tab.context, tab.page = context, page
    try:
        response = await page.goto(f"{app.url}/voila/render/{page_name}", wait_until="commit",
                                   timeout=timeout * 1000)
        if response is None or response.status != 200:
            tab.failure = f"HTTP {response.status if response else '?'}"
            return
        seen, since = None, None
        while True:
            state = await page.evaluate(READY_JS)
            now = time.monotonic()
            if state == "error":
                tab.failure = "a cell shows an error"
                return
            if isinstance(state, int) and state != seen:
                seen, since = state, now
            if seen is not None and ((expected is not None and seen >= expected)
                                     or (expected is None and now - since >= STABLE)):
                tab.ready, tab.calculators = since - t0, seen
                return
            if now - t0 > timeout:
                tab.failure = f"not ready in {timeout:.0f} s" + (f" ({seen} of {expected} widgets)" if seen else "")
                tab.calculators = seen or 0
                return
            await asyncio.sleep(0.05)
    except Exception as exc:  # noqa: BLE001 (a failed tab is a result, not a crash of the benchmark)
        tab.failure = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"


async def latency(tab: Tab) -> None:
    page = tab.page
    box = page.locator(".hb-calc-compensation .hb-input-paid-amount input").first
    for _ in range(LATENCY_CHANGES):
        value = "1000" if (await box.input_value()).strip() != "1000" else "50"  # always a different amount
        waiting = asyncio.ensure_future(page.evaluate(LATENCY_JS))
        await asyncio.sleep(0.05)
        await box.fill(value)
        await box.press("Enter")
        try:
            tab.latencies.append(await waiting)
        except Exception as exc:  # noqa: BLE001
            tab.failure = tab.failure or f"input not answered: {str(exc).splitlines()[0][:80]}"
            return


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def round_of(n: int, args, workdir: Path, expected: int | None) -> dict:
    from playwright.async_api import async_playwright

    load_before = uptime()
    app = start_app(workdir, pool=args.pool, pool_for=args.pool_for, serve_args=args.serve_arg,
                    pool_timeout=args.pool_timeout)
    sampler, everything = Sampler(app.process.pid), Sampler(os.getpid())  # the app; the app + Chromium
    for s in (sampler, everything):
        s.start()
        s.mark()  # CPU from here on: serving the class (a preheated pool was filled before)
    result: dict = {"n": n, "load": load_before, "pool": app.pool, "pool_seconds": app.pool_seconds}
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            tabs = [Tab(i) for i in range(n)]
            t0 = time.monotonic()
            await asyncio.gather(*(open_tab(browser, app, args.page, t, t0, args.timeout, expected) for t in tabs))
            if expected is not None:
                for t in tabs:
                    if t.failure is None and t.calculators < expected:
                        t.failure = f"{t.calculators} of {expected} calculators and quizzes"
            ready = [t for t in tabs if t.failure is None]
            for t in ready[:LATENCY_TABS]:
                await latency(t)
            for t in tabs:
                try:
                    await t.page.close(run_before_unload=True)
                    await t.context.close()
                except Exception:  # noqa: BLE001, S110 (a tab that already failed may be gone)
                    pass
            await browser.close()
        closed = time.monotonic()
        time.sleep(1.0)  # a last sample of the processes' CPU
        result.update(tabs=tabs, peak=sampler.peak, peak_rss=sampler.peak_rss,
                      load_after=uptime(), cpu=sampler.cpu_used(), browser_cpu=everything.cpu_used() - sampler.cpu_used())
        time.sleep(max(0.0, args.linger - (time.monotonic() - closed)))
        result["alive"] = kernels(app.process.pid)
        if any(t.failure for t in result["tabs"]):
            result["log"] = "\n".join(app.log.read_text(errors="replace").splitlines()[-15:])
    finally:
        sampler.stop.set()
        everything.stop.set()
        app.stop()
    return result


def report(r: dict, pool_kernels: int) -> list[str]:
    tabs = r["tabs"]
    times = [t.ready for t in tabs if t.ready is not None]
    failed = [t for t in tabs if t.failure]
    lat = [v for t in tabs for v in t.latencies]
    n = r["n"]
    if r.get("pool") and r["pool"].get("pools"):  # what the app keeps (a pool beyond the cap never fills)
        pool_kernels = min(sum(p["size"] for p in r["pool"]["pools"].values()),
                           r["pool"].get("max_kernels") or 10 ** 6)
    lines = [f"N = {n}  (load average before {r['load']}, after {r['load_after']})"]
    if r.get("pool") is not None:
        pools = r["pool"].get("pools", {})
        built = ", ".join(f"{nb} {p['built']} of {p['size']} built" + (f" ({p['failed']} failed)" if p["failed"] else "")
                          for nb, p in pools.items()) or "no pool reported"
        why = r["pool"].get("why") or r["pool"].get("error")
        lines.append(f"  preheated pages before the tabs opened: {built}, {r['pool_seconds']:.0f} s after the start"
                     + (f"   POOL NOT READY: {why}" if why else ""))
    if times:
        lines.append(f"  time to ready: p50 {statistics.median(times):.1f} s, p95 {percentile(times, 0.95):.1f} s, "
                     f"max {max(times):.1f} s" + (f"   target: ready within 2 s -> {'met' if max(times) <= 2 else 'NOT met'}"
                                                 if n == 1 else f"   target: all within 30 s -> "
                                                 f"{'met' if max(times) <= 30 and not failed else 'NOT met'}"
                                                 if n == 20 else ""))
    lines.append(f"  failures: {len(failed)} of {n}" + "".join(f"\n    tab {t.index + 1}: {t.failure}" for t in failed))
    if r.get("log"):
        lines.append("  the app's log ends with:\n" + "\n".join("    " + line for line in r["log"].splitlines()))
    lines.append(f"  peak memory (server + kernels): PSS {r['peak'] / GIB:.2f} GiB, RSS {r['peak_rss'] / GIB:.2f} GiB"
                 + (f"   target: under 4 GiB -> {'met' if r['peak'] < 4 * GIB else 'NOT met'}" if n == 20 else ""))
    lines.append(f"  kernels alive {r['linger']:.0f} s after the tabs closed: {r['alive']}"
                 + (f" (of which {pool_kernels} preheated pool kernels, expected)" if pool_kernels else "")
                 + f"   target: {pool_kernels} -> {'met' if r['alive'] <= pool_kernels else 'NOT met'}")
    lines.append(f"  CPU used by the app (server + kernels) while the tabs opened and were used: {r['cpu']:.1f} s "
                 f"({r['cpu'] / n:.1f} s per tab); by Chromium and Playwright: {r['browser_cpu']:.1f} s "
                 f"({r['browser_cpu'] / n:.1f} s per tab)")
    if lat:
        lines.append(f"  input to result: median {statistics.median(lat):.0f} ms, max {max(lat):.0f} ms "
                     f"({len(lat)} changes in {min(len(times), LATENCY_TABS)} tabs)   target: 150 ms -> "
                     f"{'met' if statistics.median(lat) <= 150 else 'NOT met'}")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, action="append", help="tabs at once (repeatable; default 1, 5, 10, 20)")
    parser.add_argument("--page", default="04-fake-shipping.ipynb")
    parser.add_argument("--pool", type=int, default=0, help="preheated kernels per notebook (app/serve.py --pool)")
    parser.add_argument("--pool-for", action="append", default=[], metavar="NOTEBOOK=N",
                        help="preheated kernels for one page (app/serve.py --pool-for)")
    parser.add_argument("--serve-arg", action="append", default=[], help="extra argument for the app (repeatable)")
    parser.add_argument("--pool-timeout", type=float, default=600.0,
                        help="seconds to wait for the preheated pages to be built before the tabs open (600)")
    parser.add_argument("--linger", type=float, default=60.0, help="seconds after closing before counting kernels")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a tab may take")
    args = parser.parse_args(argv)
    counts = args.n or [1, 5, 10, 20]
    if any(not 1 <= n <= MAX_TABS for n in counts):
        parser.error(f"--n must be between 1 and {MAX_TABS}")
    notebooks = len(list((ROOT / "notebooks").glob("*.ipynb")))
    per_page = {item.partition("=")[0]: int(item.partition("=")[2]) for item in args.pool_for}
    pool_kernels = args.pool * (notebooks - len(per_page)) + sum(per_page.values())
    print(f"app load: {args.page}, N = {counts}, pool {args.pool} {args.pool_for or ''}, "
          f"extra {args.serve_arg or '-'}, "
          f"{os.cpu_count()} CPUs, load average {uptime()}", flush=True)
    expected = None
    with tempfile.TemporaryDirectory(prefix="app-load-") as tmp:
        workdir = Path(tmp)
        for n in counts:
            r = asyncio.run(round_of(n, args, workdir, expected))
            r["linger"] = args.linger
            if expected is None:  # the first complete page says how many calculators the page has
                expected = max((t.calculators for t in r["tabs"] if t.failure is None), default=None)
            print("\n".join(report(r, pool_kernels)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
