#!/usr/bin/env bash
# `npm run bench:bindings`: the bindings' figures in node and in headless
# Chromium (ns per JS generator step on the C++ loop against the talk's
# round-robin in plain JS and against C++-only tasks, ns per loop.setTimeout
# callback, bytes per sleeping JS task). Prints figures; never pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs # em++ 3.1.6 needs it (acorn)
if [[ ! -f build/wasm/build.ninja ]]; then
  cmake --preset wasm >/dev/null
fi
mkdir -p build
if ! cmake --build --preset wasm --target looplab_wasm >build/bench-bindings-build.log 2>&1; then
  cat build/bench-bindings-build.log >&2
  exit 1
fi
node --expose-gc bench/bindings/node.mjs
echo
node bench/bindings/chromium.mjs
