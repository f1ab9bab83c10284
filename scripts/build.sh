#!/usr/bin/env bash
# `npm run build`: the wasm module (C++ runtime + bindings), then the page, into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs # em++ 3.1.6 needs it (acorn)
if [[ -f wasm_bindings/CMakeLists.txt ]]; then
  cmake --preset wasm >/dev/null
  cmake --build --preset wasm --target looplab_wasm
fi
if [[ -f web/vite.config.ts ]]; then
  npx vite build --config web/vite.config.ts
else
  # Until the playground lands: a placeholder page that says so.
  mkdir -p dist && cp web/placeholder.html dist/index.html
fi
