#!/usr/bin/env bash
# `npm start`: install what is missing, build, and serve the playground.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build.sh
exec node scripts/serve.mjs dist --port "${PORT:-8080}"
