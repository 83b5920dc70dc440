"""Batch audit of an order export: the CLI end to end, exposure() alone, DuckDB, a naive Python loop.

    python benchmarks/audit.py [--rows 1000000] [--products 2000] [--days 30] [--repeat 5]

One run, one seeded synthetic export (`handbook.audit.synthetic`: Chinese headers, UTF-8 with BOM,
shipping times, 是/否 flags), rule "30-orders-30-percent", figures in force on 2026-11-21:

- CLI end to end: ``python -m handbook audit fake-shipping CSV --out REPORT.csv`` in a fresh process
  (wall time of the whole process, and of the audit after the imports); its peak memory is the peak
  resident size minus the resident size after the imports (Linux /proc/self/status).
- exposure() alone: `handbook.rules.fake_shipping.exposure` on the accepted rows already in memory.
- DuckDB: the same aggregation in SQL on the same in-memory DataFrame, result fetched as a DataFrame
  (checked equal to exposure()'s). DuckDB is a benchmark-only dependency.
- DuckDB end to end: a fresh process that reads the same CSV with DuckDB's own CSV reader (all
  columns as text, then the shipping time, amount and flag cast in SQL), computes the same exposure
  and fetches it as a DataFrame; checked equal to the CLI's report. Beside the CLI end to end (also a
  fresh process): the CLI validates every cell (ids, dates with offsets, money layouts, row alignment,
  duplicates, control characters) where DuckDB only casts.
- Naive loop: a per-row Python loop (integer fen, figures fetched once, a dict per product-day) on the
  first 50,000 rows, scaled up linearly to all rows.

Targets: exposure() ≤ 1.5 × DuckDB's time; exposure() ≥ 50 × faster than the naive loop;
the CLI end to end ≤ 2 × DuckDB end to end; the CLI's peak memory < 3 × the CSV size. Each is printed
with "met" or "MISSED".
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _common import median_time, print_table, verdict  # noqa: E402

from handbook import policy  # noqa: E402
from handbook.audit.columns import FAKE_SHIPPING  # noqa: E402
from handbook.audit.fake_shipping import exposure_input  # noqa: E402
from handbook.audit.loading import load  # noqa: E402
from handbook.audit.synthetic import write_fake_shipping_export  # noqa: E402
from handbook.rules.fake_shipping import OUTPUT_COLUMNS, RULES, exposure  # noqa: E402

RULE = "30-orders-30-percent"
ON = date(2026, 11, 21)
NAIVE_ROWS = 50_000
TARGET_DUCKDB = 1.5
TARGET_NAIVE = 50
TARGET_MEMORY = 3.0
TARGET_END_TO_END = 2.0

# DuckDB end to end in a fresh process: its CSV reader, the same exposure in SQL, fetched as a DataFrame.
DUCKDB_PROBE = r"""
import json, sys, time
start = time.perf_counter()
import duckdb
path, out, floor, threshold, num, den, cap, orders, snum, sden = sys.argv[1:]
con = duckdb.connect()
sql = f'''
WITH raw AS (SELECT * FROM read_csv('{path}', all_varchar=true, header=true)),
o AS (SELECT "商品ID" AS product_id, CAST(CAST("发货时间" AS TIMESTAMP) AS DATE) AS shipped_on,
             CAST(round(CAST("商家实收金额(元)" AS DECIMAL(18,2)) * 100) AS BIGINT) AS fen,
             "是否虚假发货" = '是' AS flagged FROM raw),
c AS (SELECT product_id, shipped_on, flagged,
             CASE WHEN fen = 0 THEN 0 WHEN fen < {threshold} THEN {floor}
                  ELSE least(fen * {num} // (10000 * {den}), {cap}) END AS comp FROM o),
g AS (SELECT product_id, shipped_on, count(*) AS shipped, sum(CAST(flagged AS BIGINT)) AS detected,
             sum(comp) AS all_c, sum(CASE WHEN flagged THEN comp ELSE 0 END) AS det_c
      FROM c GROUP BY product_id, shipped_on)
SELECT product_id, shipped_on, shipped, detected,
       CASE WHEN detected >= {orders} AND detected * 100 * {sden} >= shipped * {snum} THEN all_c ELSE det_c END
         AS compensation
FROM g ORDER BY product_id, shipped_on'''
result = con.execute(sql).df()
seconds = time.perf_counter() - start
result.to_pickle(out)
print(json.dumps({"seconds": seconds, "rows": len(result)}), file=sys.stderr)
"""
ROOT = Path(__file__).resolve().parents[1]

# Runs the CLI's `run()` in a fresh interpreter and reports time and memory after the imports.
CLI_PROBE = r"""
import json, sys, time
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
from handbook.__main__ import run
import handbook.audit.fake_shipping, handbook.audit.summary, handbook.audit.reports  # what run() imports
base = status("VmRSS")
start = time.perf_counter()
code = run(sys.argv[1:])
seconds = time.perf_counter() - start
print(json.dumps({"code": code, "seconds": seconds, "base": base, "peak": status("VmHWM")}), file=sys.stderr)
"""


def figures() -> dict:
    p = "pinduoduo.fake_shipping."
    version = RULES[RULE]
    return {
        "floor": int(policy.get(p + "floor_amount", ON)), "threshold_fen": int(policy.get(p + "threshold", ON) * 100),
        "rate": policy.get(p + "rate", ON), "cap": int(policy.get(p + "cap", ON)),
        "orders": int(policy.get(version.orders_param, ON)), "share": policy.get(version.share_param, ON),
    }


def duckdb_exposure(con, frame: pd.DataFrame, f: dict) -> pd.DataFrame:
    """The exposure aggregation in SQL (rule "30-orders-30-percent": both comparisons inclusive)."""
    num, den = f["rate"].as_integer_ratio()
    snum, sden = f["share"].as_integer_ratio()
    con.register("orders", frame)
    sql = f"""
    WITH o AS (
      SELECT product_id, shipped_on, flagged, CAST(round(paid_amount * 100) AS BIGINT) AS fen FROM orders),
    c AS (
      SELECT product_id, shipped_on, flagged,
             CASE WHEN fen = 0 THEN 0 WHEN fen < {f['threshold_fen']} THEN {f['floor']}
                  ELSE least(fen * {num} // {10000 * den}, {f['cap']}) END AS comp FROM o),
    g AS (
      SELECT product_id, shipped_on, count(*) AS shipped, sum(CAST(flagged AS BIGINT)) AS detected,
             sum(comp) AS all_c, sum(CASE WHEN flagged THEN comp ELSE 0 END) AS det_c
      FROM c GROUP BY product_id, shipped_on),
    v AS (
      SELECT *, (detected >= {f['orders']} AND detected * {100 * sden} >= shipped * {snum}) AS whole_day FROM g)
    SELECT product_id, shipped_on, shipped, detected, detected / shipped AS detected_share, whole_day,
           CASE WHEN whole_day THEN shipped ELSE detected END AS orders_counted,
           CASE WHEN whole_day THEN all_c ELSE det_c END AS compensation,
           false AS store_restricted
    FROM v ORDER BY product_id, shipped_on"""
    result = con.execute(sql).df()
    con.unregister("orders")
    return result


def naive_loop(frame: pd.DataFrame, f: dict) -> dict:
    """Per-row Python: what a script written without pandas would do."""
    num, den = f["rate"].as_integer_ratio()
    snum, sden = f["share"].as_integer_ratio()
    groups: dict = {}
    for product, day, paid, flagged in zip(frame["product_id"].astype(object), frame["shipped_on"],
                                           frame["paid_amount"], frame["flagged"]):
        fen = round(paid * 100)
        comp = 0 if fen == 0 else f["floor"] if fen < f["threshold_fen"] else min(fen * num // (10000 * den), f["cap"])
        g = groups.setdefault((product, day), [0, 0, 0, 0])
        g[0] += 1
        g[1] += bool(flagged)
        g[2] += comp
        g[3] += comp if flagged else 0
    out = {}
    for key, (shipped, detected, all_c, det_c) in sorted(groups.items()):
        whole = detected >= f["orders"] and detected * 100 * sden >= shipped * snum
        out[key] = (shipped, detected, all_c if whole else det_c)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--products", type=int, default=2_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "orders.csv"
        start = time.perf_counter()
        write_fake_shipping_export(csv, args.rows, products=args.products, days=args.days)
        size = csv.stat().st_size
        print(f"Synthetic export: {args.rows:,} rows, {args.products:,} products, {args.days} days, "
              f"{size / 1e6:.1f} MB (UTF-8 with BOM), written in {time.perf_counter() - start:.1f} s\n")

        # CLI end to end, each run in a fresh process; medians of the repeats, the largest memory peak.
        command = ["audit", "fake-shipping", str(csv), "--rule", RULE, "--on", ON.isoformat(),
                   "--out", str(Path(folder) / "report.csv"), "--no-progress"]
        walls, audits, memories, peaks = [], [], [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", CLI_PROBE, *command], capture_output=True, text=True,
                                  cwd=ROOT)
            walls.append(time.perf_counter() - start)
            probe = json.loads(done.stderr.strip().splitlines()[-1])
            if probe["code"] not in (0, 1):
                raise SystemExit(f"CLI failed: {done.stdout}\n{done.stderr}")
            audits.append(probe["seconds"])
            memories.append(probe["peak"] - probe["base"])
            peaks.append(probe["peak"])
        cli_wall, cli_audit = statistics.median(walls), statistics.median(audits)
        cli_memory, probe = max(memories), {"peak": max(peaks)}

        # The same rows in memory, as the CLI hands them to exposure().
        loaded = load(csv, FAKE_SHIPPING, progress=False, keep_order_ids=False)
        frame = exposure_input(loaded)
        t_exposure = median_time(lambda: exposure(frame, rule=RULE, on=ON), repeat=args.repeat)
        ours = exposure(frame, rule=RULE, on=ON)
        tracemalloc.start()
        exposure(frame, rule=RULE, on=ON)
        exposure_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        f = figures()
        con = duckdb.connect()
        t_duckdb = median_time(lambda: duckdb_exposure(con, frame, f), repeat=args.repeat)
        theirs = duckdb_exposure(con, frame, f)
        same = (len(theirs) == len(ours)
                and np.array_equal(theirs["compensation"].to_numpy(np.int64), ours["compensation"].to_numpy(np.int64))
                and np.array_equal(theirs["shipped"].to_numpy(np.int64), ours["shipped"].to_numpy(np.int64))
                and np.array_equal(theirs["whole_day"].to_numpy(bool), ours["whole_day"].to_numpy(bool)))
        threads = con.execute("SELECT current_setting('threads')").fetchone()[0]

        # DuckDB end to end over the CSV, each run a fresh process; checked against the CLI's report.
        num, den = f["rate"].as_integer_ratio()
        snum, sden = f["share"].as_integer_ratio()
        pickled = Path(folder) / "duck.pkl"
        duck_args = [str(csv), str(pickled), str(f["floor"]), str(f["threshold_fen"]), str(num), str(den),
                     str(f["cap"]), str(f["orders"]), str(snum), str(sden)]
        duck_walls, duck_inner = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", DUCKDB_PROBE, *duck_args], capture_output=True, text=True)
            duck_walls.append(time.perf_counter() - start)
            if done.returncode:
                raise SystemExit(f"DuckDB probe failed: {done.stderr}")
            duck_inner.append(json.loads(done.stderr.strip().splitlines()[-1])["seconds"])
        duck_wall, duck_after_import = statistics.median(duck_walls), statistics.median(duck_inner)
        duck = pd.read_pickle(pickled)
        cli_report = pd.read_csv(Path(folder) / "report.csv", encoding="utf-8-sig", dtype={"product_id": str})
        cli_report = cli_report.sort_values(["product_id", "shipped_on"], kind="stable").reset_index(drop=True)
        end_to_end_same = (len(duck) == len(cli_report)
                           and list(duck["product_id"].astype(str)) == list(cli_report["product_id"])
                           and np.array_equal(duck["compensation"].to_numpy(np.int64),
                                              cli_report["compensation"].to_numpy(np.int64))
                           and np.array_equal(duck["shipped"].to_numpy(np.int64), cli_report["shipped"].to_numpy(np.int64)))

        piece = frame.iloc[:NAIVE_ROWS]
        t_piece = median_time(lambda: naive_loop(piece, f), repeat=args.repeat, warmup=0)
        t_naive = t_piece * len(frame) / max(len(piece), 1)
        check = naive_loop(piece, f)
        small = exposure(piece, rule=RULE, on=ON)
        naive_same = sum(v[2] for v in check.values()) == int(small["compensation"].sum())

    n = len(frame)
    rows = [
        ("CLI end to end (process)", f"{cli_wall:.2f}", f"{args.rows / cli_wall:,.0f}",
         f"read+validate+exposure+report; median of {args.repeat}"),
        ("CLI audit after imports", f"{cli_audit:.2f}", f"{args.rows / cli_audit:,.0f}", ""),
        ("exposure() alone", f"{t_exposure:.3f}", f"{n / t_exposure:,.0f}", f"median of {args.repeat}"),
        ("DuckDB, same aggregation", f"{t_duckdb:.3f}", f"{n / t_duckdb:,.0f}", f"{threads} threads; same result: {same}"),
        ("DuckDB end to end (process)", f"{duck_wall:.2f}", f"{args.rows / duck_wall:,.0f}",
         f"its CSV reader + SQL; median of {args.repeat}; same result as the CLI: {end_to_end_same}"),
        ("DuckDB after its import", f"{duck_after_import:.2f}", f"{args.rows / duck_after_import:,.0f}", ""),
        (f"naive loop ({len(piece):,} rows, scaled)", f"{t_naive:.2f}", f"{n / t_naive:,.0f}",
         f"{t_piece:.2f} s measured (median of {args.repeat}); same total: {naive_same}"),
    ]
    print_table(["what", "seconds", "rows/s", "note"], rows)
    print()
    print(f"exposure() / DuckDB time: {t_exposure / t_duckdb:.2f}x; naive loop / exposure() time: "
          f"{t_naive / t_exposure:,.0f}x")
    print(f"CLI peak memory above its imports: {cli_memory / 1e6:.0f} MB = {cli_memory / size:.2f}x the CSV "
          f"({size / 1e6:.1f} MB); whole process peak {probe['peak'] / 1e6:.0f} MB")
    print(f"exposure() alone, peak traced allocations: {exposure_peak / 1e6:.0f} MB = {exposure_peak / size:.2f}x the CSV")
    print()
    print(f"CLI end to end / DuckDB end to end: {cli_wall / duck_wall:.2f}x (process wall times); "
          f"after the imports: {cli_audit / duck_after_import:.2f}x")
    targets = [
        (f"CLI end to end within {TARGET_END_TO_END}x of DuckDB end to end", cli_wall <= TARGET_END_TO_END * duck_wall,
         f"{cli_wall / duck_wall:.2f}x"),
        (f"exposure() within {TARGET_DUCKDB}x of DuckDB", t_exposure <= TARGET_DUCKDB * t_duckdb,
         f"{t_exposure / t_duckdb:.2f}x"),
        (f"exposure() >= {TARGET_NAIVE}x the naive loop", t_naive >= TARGET_NAIVE * t_exposure,
         f"{t_naive / t_exposure:,.0f}x"),
        (f"CLI peak memory < {TARGET_MEMORY}x CSV size", cli_memory < TARGET_MEMORY * size, f"{cli_memory / size:.2f}x"),
    ]
    print_table(["target", "measured", "verdict"], [(t, m, verdict(ok)) for t, ok, m in targets])
    out_columns = list(OUTPUT_COLUMNS)
    assert list(ours.columns) == out_columns


if __name__ == "__main__":
    main()
