"""Import cost of the handbook against the libraries it stands on, measured in the same run.

    python benchmarks/imports.py [--repeat 5]

Each import runs in a fresh interpreter (`python -c "import X"`), median of the repeats after a
warm-up. Baseline: `import pandas, matplotlib.pyplot, ipywidgets`. Target: every handbook import
≤ 1.2 × the baseline.
"""

from __future__ import annotations

import argparse
import pkgutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_time, print_table, verdict  # noqa: E402

import handbook.widgets  # noqa: E402

TARGET_RATIO = 1.2
BASELINE = "import pandas, matplotlib.pyplot, ipywidgets"


def run(statement: str) -> None:
    subprocess.run([sys.executable, "-c", statement], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    statements = ["import handbook", "import handbook.policy"]
    statements += [f"import handbook.widgets.{m.name}" for m in pkgutil.iter_modules(handbook.widgets.__path__)
                   if not m.name.startswith("_")]
    baseline = median_time(lambda: run(BASELINE), repeat=args.repeat)
    rows, all_met = [["baseline: " + BASELINE, f"{baseline * 1000:.0f}", "1.00", "", ""]], True
    for statement in statements:
        seconds = median_time(lambda s=statement: run(s), repeat=args.repeat)
        ratio = seconds / baseline
        met = ratio <= TARGET_RATIO
        all_met &= met
        rows.append([statement, f"{seconds * 1000:.0f}", f"{ratio:.2f}", f"≤ {TARGET_RATIO}", verdict(met)])
    print_table(["import", "median ms", "× baseline", "target", "status"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
