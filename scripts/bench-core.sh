#!/usr/bin/env bash
# `npm run bench:core`: the core's figures against issue 2's targets, natively
# (clang++-14 -O2) and in wasm under node (em++ -O2). Prints; never fails on a
# number. Figures on a shared or loaded machine vary: the load average is
# printed with them.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs # em++ 3.1.6 needs it (acorn)

echo "core bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cmake --preset bench-native >/dev/null
cmake --build --preset bench-native --target looplab_core_bench >/dev/null
./build/bench-native/bench/core/looplab_core_bench

cmake --preset bench-wasm >/dev/null
cmake --build --preset bench-wasm --target looplab_core_bench >/dev/null
node build/bench-wasm/bench/core/looplab_core_bench.js
echo "core bench: load average afterwards $(cut -d' ' -f1-3 /proc/loadavg)"
