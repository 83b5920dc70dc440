"""Build the static site: `python tools/build_docs.py [OUTDIR]` (what `make docs` runs; default `_build/html`).

Plain Sphinx with the configuration in `docs/` and the notebooks in `notebooks/` as the source directory,
nothing executed, warnings are errors (`-W --keep-going` reports them all, then fails), always a fresh
environment (`-E`: the table of contents comes from `handbook/areas.py`, which Sphinx cannot track). Offline:
the widget JavaScript is the committed copy in `docs/_static/vendor/` (checked against its manifest first).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from vendor_widgets_js import check as check_vendored  # noqa: E402


def command(outdir: Path, *, doctrees: Path | None = None, partial: bool = False) -> list[str]:
    doctrees = doctrees or outdir.parent / "doctrees"
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-q", "-b", "html",
           "-c", str(ROOT / "docs"), "-d", str(doctrees)]
    if partial:
        cmd += ["-D", "handbook_partial=1"]
    return [*cmd, str(ROOT / "notebooks"), str(outdir)]


def build(outdir: Path, *, doctrees: Path | None = None, partial: bool = False) -> subprocess.CompletedProcess:
    problems = check_vendored()
    if problems:
        raise SystemExit("vendored widget JavaScript does not match docs/_static/vendor/VENDORED.json:\n"
                         + "\n".join(problems))
    return subprocess.run(command(outdir, doctrees=doctrees, partial=partial), cwd=ROOT,
                          capture_output=True, text=True)


def main(argv: list[str]) -> int:
    outdir = Path(argv[0]) if argv else ROOT / "_build" / "html"
    start = time.monotonic()
    result = build(outdir.resolve())
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode == 0:
        print(f"static site built in {time.monotonic() - start:.1f} s: {outdir / 'index.html'}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
