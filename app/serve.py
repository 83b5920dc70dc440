"""Serve the handbook's notebooks as apps with Voilà: `python app/serve.py [--port 8866]` (`make app`).

    http://127.0.0.1:8866/                                   index: one link per policy area
    http://127.0.0.1:8866/voila/render/04-fake-shipping.ipynb one area's app (code hidden)
    http://127.0.0.1:8866/handbook/trainee                   enter your name (once per browser)
    http://127.0.0.1:8866/handbook/report                    the lead's report (?format=csv)

Listens on 127.0.0.1 only. To let colleagues in, put a reverse proxy with TLS and a login in front of it
(README, "App mode"): `--base-url /handbook/` serves it under a sub-path, `--allowed-host NAME` lets the
proxy's host name through the host check, `--trusted-header X-Forwarded-User` takes the trainee from the
proxy's login. `--data-dir` is where progress is kept (default ~/.handbook), `--max-kernels` the cap on
live kernels, `--pool N` keeps N preheated kernels per notebook (`--pool-for NOTEBOOK=N` for one page), `--lead NAME` limits the report page.

Configuration: app/voila.py (Voilà settings, index data), app/server.py (the server), app/kernels.py (kernel
lifecycle) and the template app/share/voila/templates/handbook (found through JUPYTER_PATH, which this script
sets).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent
ROOT = APP.parent


def command(port: int, *, base_url: str = "/", python: str = sys.executable, allowed_hosts: list[str] = (),
            trusted_header: str = "", max_kernels: int | None = None, pool: int | None = None,
            leads: list[str] = (), extra: list[str] = (), notebooks: Path = ROOT / "notebooks") -> list[str]:
    cmd = [
        python, str(APP / "server.py"), str(notebooks),
        f"--port={port}", "--Voila.ip=127.0.0.1", "--no-browser", "--Voila.port_retries=0",
        f"--Voila.base_url={base_url}", f"--Voila.config_file_paths={APP}",
    ]
    if allowed_hosts:
        cmd.append(f"--HandbookVoila.allowed_hosts={list(allowed_hosts)!r}")
    if trusted_header:
        cmd.append(f"--HandbookVoila.trusted_user_header={trusted_header}")
    if leads:
        cmd.append(f"--HandbookVoila.leads={list(leads)!r}")
    if max_kernels is not None:
        cmd.append(f"--HandbookKernelManager.max_kernels={max_kernels}")
    if pool:
        cmd += ["--VoilaConfiguration.preheat_kernel=True", f"--VoilaConfiguration.default_pool_size={pool}"]
    return cmd + list(extra)


def pool_sizes(default: int, per_page: list[str]) -> str:
    """`--pool-for NOTEBOOK=N` options as the HANDBOOK_POOLS value app/voila.py reads ("default=1,NB=20")."""
    sizes = {"default": default}
    for item in per_page:
        name, _, size = item.partition("=")
        if not name or not size.isdigit():
            raise SystemExit(f"--pool-for {item!r}: expected NOTEBOOK=N, e.g. 04-fake-shipping.ipynb=20")
        sizes[name] = int(size)
    return ",".join(f"{k}={v}" for k, v in sizes.items())


def environment(base: dict[str, str] | None = None, *, data_dir: str | Path | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    if data_dir is not None:
        env["HANDBOOK_DATA"] = str(Path(data_dir).expanduser().resolve())
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(APP / "share"), env.get("JUPYTER_PATH", "")) if p)
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Serve the handbook's notebooks as apps (Voilà, 127.0.0.1 only)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("APP_PORT", 8866)))
    parser.add_argument("--base-url", default="/", help="sub-path when served behind a reverse proxy, e.g. /handbook/")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a host name the reverse proxy uses (repeatable; loopback names are always served)")
    parser.add_argument("--trusted-header", default="", metavar="HEADER",
                        help="take the trainee from this header set by the reverse proxy (off by default)")
    parser.add_argument("--data-dir", default=os.environ.get("HANDBOOK_DATA"),
                        help="folder for progress.sqlite3 (default: $HANDBOOK_DATA or ~/.handbook)")
    parser.add_argument("--max-kernels", type=int, help="cap on live kernels (default in app/voila.py)")
    parser.add_argument("--pool", type=int, default=0, help="preheated kernels kept ready per notebook (default 0)")
    parser.add_argument("--pool-for", action="append", default=[], metavar="NOTEBOOK=N",
                        help="preheated kernels for one page, e.g. the one a class opens together (repeatable)")
    parser.add_argument("--lead", action="append", default=[], metavar="NAME",
                        help="only these trainees see the report page (repeatable; default: everyone)")
    args = parser.parse_args(argv)
    base_url = "/" + args.base_url.strip("/") + "/" if args.base_url.strip("/") else "/"
    preheat = args.pool or max((int(i.partition("=")[2] or 0) for i in args.pool_for if i.partition("=")[2].isdigit()),
                               default=0)
    cmd = command(args.port, base_url=base_url, allowed_hosts=args.allowed_host, trusted_header=args.trusted_header,
                  max_kernels=args.max_kernels, pool=preheat, leads=args.lead)
    env = environment(data_dir=args.data_dir)
    if args.pool_for:
        env["HANDBOOK_POOLS"] = pool_sizes(args.pool, args.pool_for)
    print(f"handbook apps: http://127.0.0.1:{args.port}{base_url}  (Ctrl-C stops)", flush=True)
    os.execve(cmd[0], cmd, env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
