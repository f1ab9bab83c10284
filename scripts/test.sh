#!/usr/bin/env bash
# `npm test`: install what is missing, build, and run every test suite.
#
# Each area owns one stage script (scripts/test-<stage>.sh). This script runs
# them in dependency order, keeps going after a failing stage so one run shows
# every failure, and closes with one line that totals every runner's counts.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1

mkdir -p build/test-logs
stages=(core bindings web)
total_pass=0 total_fail=0 failed_stages=()

count() { # $1 = log file; prints "passed failed" summed over the runners in it
  awk '
    /tests passed, [0-9]+ tests failed out of [0-9]+/ {  # ctest
      for (i = 1; i <= NF; i++) if ($i == "out") total = $(i + 2);
      for (i = 1; i <= NF; i++) if ($i == "failed") { f = $(i - 2) }
      p += total - f; fl += f; next }
    /^(# |ℹ )pass [0-9]+$/ { p += $NF; next }               # node --test
    /^(# |ℹ )fail [0-9]+$/ { fl += $NF; next }
    END { printf "%d %d\n", p, fl }' "$1"
}

for stage in "${stages[@]}"; do
  script="scripts/test-$stage.sh"
  [[ -f "$script" ]] || continue
  echo "=== npm test: $stage ==="
  log="build/test-logs/$stage.log"
  bash "$script" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  read -r p f < <(count "$log")
  total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
  if ((status != 0)); then
    failed_stages+=("$stage")
    ((f == 0)) && total_fail=$((total_fail + 1)) # a stage that broke before its runner counted
  fi
done

echo
if ((${#failed_stages[@]})); then
  echo "npm test: FAILED stages: ${failed_stages[*]} (logs in build/test-logs/)"
fi
echo "$total_pass passed, $total_fail failed"
((${#failed_stages[@]} == 0))
