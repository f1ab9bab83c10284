#!/usr/bin/env bash
# `npm run bench[:core|:bindings|:page]`: print figures and ratios (never pass/fail).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
for area in "${@:-core bindings page}"; do
  for a in $area; do
    if [[ -f "scripts/bench-$a.sh" ]]; then
      echo "=== bench: $a ==="
      bash "scripts/bench-$a.sh"
    else
      echo "=== bench: $a: not written yet ==="
    fi
  done
done
