#!/usr/bin/env bash
# The web stage of `npm test`: type check, lint, build, then the page tests
# (Playwright via playwright-core and Debian's Chromium, tests/page/).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "--- tsc --noEmit"
npx tsc --noEmit -p tsconfig.json
echo "--- eslint"
npx eslint .
echo "--- build"
bash scripts/build.sh
echo "--- page tests"
node --test tests/page/
