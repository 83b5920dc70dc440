"""Voilà configuration of the handbook's app mode (loaded by app/serve.py; `make app`).

Served: every notebook in notebooks/, code hidden, one app per policy area, and an index page (the tree,
template app/share/voila/templates/handbook/tree.html) listing the areas of handbook/areas.py in training order.
Listens on 127.0.0.1 only: see README "App mode" for sharing it through a reverse proxy.
"""

# ruff: noqa: F821  (`c` is the traitlets config object Voilà provides)
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "app"))

from app_index import areas_for_index  # noqa: E402

c.Voila.ip = "127.0.0.1"
c.Voila.open_browser = False
c.VoilaConfiguration.template = "handbook"
c.VoilaConfiguration.theme = "light"
c.VoilaConfiguration.classic_tree = True  # the server-rendered index page (tree.html), no JavaScript file browser
c.VoilaConfiguration.strip_sources = True  # code hidden
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.progressive_rendering = False  # made the start-up hang far more often in the trial
c.VoilaConfiguration.file_allowlist = [r".*\.(png|jpg|gif|svg)"]


def _handbook_page_config(page_config, **_kwargs):
    page_config["handbookAreas"] = areas_for_index()
    return page_config


c.VoilaConfiguration.page_config_hook = _handbook_page_config

# Start-up reliability (README "App mode", app/kernel_client.py, tools/app_reliability.sh).
# 1. The cause: a lost wake-up while nbclient waits for a reply that has already arrived; this client re-checks.
c.AsyncKernelManager.client_class = "kernel_client.PatientKernelClient"
# 2. The backstop: a cell that really never answers becomes a visible error, never an endless spinner.
c.VoilaExecutor.timeout = 60  # seconds per cell
c.VoilaExecutor.startup_timeout = 60

# 3. Output that arrives late is an error on the page, not a silently missing calculator (nbclient's default
#    gives up waiting for a cell's outputs after 4 s and goes on without them).
c.VoilaExecutor.iopub_timeout = 30
c.VoilaExecutor.raise_on_iopub_timeout = True
c.VoilaExecutor.cell_error_instruction = (
    "This part of the page could not be built. Reload the page; if it happens again, tell the handbook's maintainers.")
c.VoilaExecutor.cell_timeout_instruction = (
    "The handbook took too long to build this page (it may be busy). Reload the page in a minute.")

# Kernel lifecycle (app/kernels.py, app/server.py): a closed tab's kernel goes within seconds (the tab-close
# beacon, or 10 s after its page disconnected), one no page connected to after 2 min, an idle one after 15 min;
# at most max_kernels live kernels, beyond that a "busy, retry in N s" page. The trainee's name reaches the
# kernel in the X-Handbook-Trainee header (handbook.training.progress.current_trainee).
c.VoilaConfiguration.multi_kernel_manager_class = "kernels.HandbookKernelManager"
c.HandbookKernelManager.disconnected_timeout = 10
c.HandbookKernelManager.unconnected_timeout = 120
c.HandbookKernelManager.idle_timeout = 900
c.HandbookKernelManager.check_interval = 2
c.HandbookKernelManager.max_kernels = 24  # about 130 MB each: 24 stay under 4 GiB with the server
c.VoilaConfiguration.http_header_envs = ["X-Handbook-Trainee"]

# Preheated kernels (off unless app/serve.py --pool/--pool-for): pages rendered before anyone asks for them.
# HANDBOOK_POOLS="default=1,04-fake-shipping.ipynb=20" sets the pool per notebook (app/serve.py --pool-for).
# A pool refills 30 s after a kernel was taken (Voilà: 1 s), so the refills do not compete for the CPU with the
# pages a class has just opened (measured: ten tabs on a pool of ten, the refills used 29 CPU-s meanwhile).
c.VoilaKernelManager.fill_delay = 30
if os.environ.get("HANDBOOK_POOLS"):
    _pools = dict(item.split("=", 1) for item in os.environ["HANDBOOK_POOLS"].split(","))
    c.VoilaKernelManager.kernel_pools_config = {name: {"pool_size": int(size)} for name, size in _pools.items()}

# Uploads: a file travels to the kernel in one WebSocket message (tornado's default limit, 10 MiB, drops the
# connection and the file vanishes). The page script (templates/handbook/index.html.j2) replaces a file over the
# upload calculator's limit (handbook/widgets/audit.py UPLOAD_LIMIT, 10 MiB) by a small marker, which the
# calculator answers with a message; anything under the limit fits in this.
UPLOAD_MESSAGE_LIMIT = 64 * 1024 * 1024
c.Voila.tornado_settings = {"websocket_max_message_size": UPLOAD_MESSAGE_LIMIT}
