"""`make lab` (the README's first command) serves JupyterLab on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses in LISTEN state on `port`, read from /proc/net/tcp (IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_make_lab_answers_200_on_lab():
    port = free_port()
    env = {**os.environ, "JUPYTER_TOKEN": "handbook-test"}
    process = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    status = None
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and status != 200:
            assert process.poll() is None, f"make lab exited with {process.returncode}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token=handbook-test", timeout=5) as r:
                    status = r.status
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        assert status == 200
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
