#!/usr/bin/env bash
# Stage "bindings" of `npm test`: builds the wasm module (the C++ loop and its
# bindings), then runs node's test runner over tests/bindings/.
# Reuses build/wasm when the core stage has configured it; configures it otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs # em++ 3.1.6 needs it (acorn)
if [[ ! -f build/wasm/build.ninja ]]; then
  cmake --preset wasm >/dev/null
fi
cmake --build --preset wasm --target looplab_wasm
# A hung test fails after a minute instead of hanging the whole suite.
node --test --test-timeout=60000 tests/bindings/
