#!/usr/bin/env bash
# `npm run build`: the wasm module (C++ runtime + bindings), then the page, into dist/.
# Expects what scripts/ensure-deps.sh installs (`npm run build` runs it first).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs # em++ 3.1.6 needs it (acorn)
cmake --preset wasm >/dev/null
cmake --build --preset wasm --target looplab_wasm
npx vite build --config web/vite.config.ts
