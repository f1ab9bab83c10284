#!/usr/bin/env bash
# `npm run bench:page`: page load and views drawing figures in headless Chromium (printed, not pass/fail).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f dist/index.html && -f dist/embed.html ]] || bash scripts/build.sh
node bench/page/load.mjs
node bench/page/views-render.mjs
node bench/page/busy-loop.mjs
