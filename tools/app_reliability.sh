#!/usr/bin/env bash
# Start-up reliability of the app mode: run the app browser tests against N fresh Voilà servers in a row
# (each pytest run starts its own server with fresh kernels and opens each app once), and count the runs that fail.
#
#   tools/app_reliability.sh          # 20 runs (the issue's bar)
#   tools/app_reliability.sh 50       # more
#
# Exit status 0 only if every run passed. Logs of failed runs: tests/artifacts/app-reliability/run-N.log
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
py=.venv/bin/python
logs=tests/artifacts/app-reliability
mkdir -p "$logs"
failed=0
start=$(date +%s)
for i in $(seq 1 "$runs"); do
  t0=$(date +%s.%N)
  if $py -m pytest -q -p no:cacheprovider -o addopts="" tests/browser/test_app.py > "$logs/run-$i.log" 2>&1; then
    status=pass
  else
    status=FAIL
    failed=$((failed + 1))
  fi
  summary=$(tail -1 "$logs/run-$i.log")
  [ "$status" = pass ] && rm -f "$logs/run-$i.log"
  printf 'run %2d/%d: %s (%.1f s) %s\n' "$i" "$runs" "$status" "$(echo "$(date +%s.%N) - $t0" | bc)" "$summary"
done
echo "fresh starts: $((runs - failed))/$runs passed, $failed failed, in $(( $(date +%s) - start )) s"
[ "$failed" -eq 0 ]
