"""Start JupyterLab on the handbook's notebooks for a trainee: `python tools/start_lab.py [--port 8888]` (`make lab`).

What it sets up before Lab starts, so that a trainee sees the calculators and nothing else gets in the way:

- **Calculators visible on open.** Lab draws a saved widget only in a *trusted* notebook; a notebook that came
  with the checkout is not trusted, so Lab shows `<Calculator ...>` text until every cell is run. The
  handbook's own notebooks are signed in this user's Jupyter trust database (`jupyter trust`; the files are
  not modified), so Lab draws every calculator from its saved state with its example result. They recompute
  once the notebook runs (menu Run ▸ Run All Cells; README "Quick start").
- **Not modified by opening.** Lab copies the kernel's `language_info` into the notebook when the kernel
  starts; the venv's IPython kernel config (`<venv>/etc/ipython/ipython_kernel_config.py`, written here) uses
  `handbook.lab_kernel.HandbookKernel`, which reports exactly what the committed notebooks store.
- **No news pop-up.** Lab's settings come from `lab/overrides.json` (news feed and update check off).
- **Uploads arrive.** `lab/jupyter_lab_config.py` lets a large upload through to the calculator, which answers
  with a message when the file is over its limit (tornado's default would drop the connection instead).
- **One address to open.** A fresh token per start (or `JUPYTER_TOKEN` if set), printed in a box before Lab's
  log. Lab listens on 127.0.0.1 only; the token keeps other accounts and web pages on this computer out.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SETTINGS = ROOT / "lab"
KERNEL_CONFIG = '# Written by tools/start_lab.py (make lab): see handbook/lab_kernel.py\n' \
                'c.IPKernelApp.kernel_class = "handbook.lab_kernel.HandbookKernel"\n'


def kernel_config(prefix: Path = Path(sys.prefix)) -> Path:
    """Write the venv's IPython kernel config (idempotent) and return its path."""
    path = prefix / "etc" / "ipython" / "ipython_kernel_config.py"
    if not path.exists() or path.read_text() != KERNEL_CONFIG:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(KERNEL_CONFIG)
    return path


def trust(paths) -> int:
    """Sign the notebooks in this user's trust database (the files are not touched); returns how many."""
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    count = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if not notary.check_signature(nb):
            notary.sign(nb)
        count += 1
    return count


def banner(url: str) -> str:
    lines = ["JupyterLab for the handbook: open this address in your browser", f"    {url}",
             "Only this computer can reach it. Ctrl-C here stops it."]
    width = max(len(line) for line in lines) + 4
    return "\n".join(["=" * width, *(f"  {line}" for line in lines), "=" * width])


def command(port: int, notebooks: Path = NOTEBOOKS) -> list[str]:
    return [
        str(Path(sys.executable).with_name("jupyter")), "lab", f"--notebook-dir={notebooks}",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0", "--no-browser",
        f"--LabApp.app_settings_dir={SETTINGS}", f"--config={SETTINGS / 'jupyter_lab_config.py'}",
        "--ServerApp.log_level=WARN",
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="JupyterLab on the handbook's notebooks (127.0.0.1 only)")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--notebook-dir", type=Path, default=NOTEBOOKS, help="(tests) serve a copy instead")
    args = parser.parse_args(argv)
    kernel_config()
    trust(sorted(args.notebook_dir.glob("*.ipynb")))
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_urlsafe(18)
    print(banner(f"http://127.0.0.1:{args.port}/lab?token={token}"), flush=True)
    env = {**os.environ, "JUPYTER_TOKEN": token}
    cmd = command(args.port, args.notebook_dir.resolve())
    os.execve(cmd[0], cmd, env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
