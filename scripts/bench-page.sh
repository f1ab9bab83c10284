#!/usr/bin/env bash
# `npm run bench:page`: page load, views drawing and the trace store over a long run (printed, not pass/fail).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f dist/index.html && -f dist/embed.html ]] || bash scripts/build.sh
node bench/page/load.mjs
node bench/page/views-render.mjs
node bench/page/page-tasks.mjs
node bench/page/runs-in-a-row.mjs
node bench/page/wasm-compile.mjs
node bench/page/busy-loop.mjs
node bench/page/print-flood.mjs
node bench/page/promise-flood.mjs
node bench/page/long-recording.mjs
