"""Shared helpers for the benchmark scripts: repeat-and-median timing and a table printer."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence


def median_time(action: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of `action` in seconds, after `warmup` untimed calls."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"
