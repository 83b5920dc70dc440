"""Serve the handbook's notebooks as apps with Voilà: `python app/serve.py [--port 8866]` (`make app`).

    http://127.0.0.1:8866/                                   index: one link per policy area
    http://127.0.0.1:8866/voila/render/04-fake-shipping.ipynb one area's app (code hidden)

Listens on 127.0.0.1 only. To let colleagues in, put a reverse proxy with TLS and a login in front of it
(README, "App mode"); `--base-url /handbook/` serves it under a sub-path for that.

Configuration: app/voila.py (Voilà settings, index data) and the template app/share/voila/templates/handbook
(found through JUPYTER_PATH, which this script sets).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent
ROOT = APP.parent


def command(port: int, *, base_url: str = "/", python: str = sys.executable) -> list[str]:
    return [
        python, "-m", "voila", str(ROOT / "notebooks"),
        f"--port={port}", "--Voila.ip=127.0.0.1", "--no-browser", "--Voila.port_retries=0",
        f"--Voila.base_url={base_url}", f"--Voila.config_file_paths={APP}",
    ]


def environment(base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(APP / "share"), env.get("JUPYTER_PATH", "")) if p)
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Serve the handbook's notebooks as apps (Voilà, 127.0.0.1 only)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("APP_PORT", 8866)))
    parser.add_argument("--base-url", default="/", help="sub-path when served behind a reverse proxy, e.g. /handbook/")
    args = parser.parse_args(argv)
    base_url = "/" + args.base_url.strip("/") + "/" if args.base_url.strip("/") else "/"
    cmd = command(args.port, base_url=base_url)
    print(f"handbook apps: http://127.0.0.1:{args.port}{base_url}  (Ctrl-C stops)", flush=True)
    os.execve(cmd[0], cmd, environment())
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
