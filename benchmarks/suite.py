"""Wall time of the test suite: unit tests, nbval per notebook against the kernel-start floor.

    python benchmarks/suite.py [--repeat 5] [--whole]

- unit tests: `pytest tests -n 2` (browser tests included when Chromium is installed);
- nbval of each notebook alone, against nbval of an empty notebook (the kernel start-up floor):
  target each notebook within 2 s of the floor;
- with --whole, one timed run of `make test` (after set-up): target under 3 minutes on 2 cores.
  A single run, since it takes minutes; the per-part figures above are medians.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_time, print_table, verdict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_MARGIN_S = 2.0
WHOLE_TARGET_S = 180


def pytest(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--whole", action="store_true", help="also time one whole `make test`")
    args = parser.parse_args()
    rows = []

    # benchmarks/floor.ipynb: one trivial cell, so its nbval time is the kernel start-up floor.
    floor = median_time(lambda: pytest(str(ROOT / "benchmarks" / "floor.ipynb")), repeat=args.repeat)
    rows.append(["nbval floor (empty notebook)", f"{floor:.2f}", "", ""])

    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds = median_time(lambda n=notebook: pytest(str(n)), repeat=args.repeat)
        rows.append([f"nbval {notebook.name}", f"{seconds:.2f}", f"≤ floor + {NOTEBOOK_MARGIN_S:.0f} s",
                     verdict(seconds <= floor + NOTEBOOK_MARGIN_S)])

    unit = median_time(lambda: pytest("tests", "-n", "2", "--dist", "loadfile"), repeat=args.repeat, warmup=0)
    rows.append(["unit + browser tests (pytest tests -n 2)", f"{unit:.2f}", "", ""])

    if args.whole:
        start = time.perf_counter()
        subprocess.run(["make", "test"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        whole = time.perf_counter() - start
        rows.append(["whole make test (1 run)", f"{whole:.1f}", f"≤ {WHOLE_TARGET_S} s", verdict(whole <= WHOLE_TARGET_S)])

    print_table(["part", "median s", "target", "status"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
