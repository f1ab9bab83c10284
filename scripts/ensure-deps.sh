#!/usr/bin/env bash
# Installs whatever Loop Lab needs and is missing, so `npm start` and `npm test`
# work on a fresh Debian 12 machine with no other manual step.
#
# System packages come from Debian's archive (apt-get, as root). Where this
# script cannot install (not root, or not Debian), it prints exactly what to
# install and fails, instead of half-building.
set -euo pipefail
cd "$(dirname "$0")/.."

# command-or-file -> Debian package that provides it
declare -A NEEDS=(
  [cmake]=cmake
  [ninja]=ninja-build
  [clang++-14]=clang-14
  [clang-format]=clang-format
  [clang-tidy]=clang-tidy
  [em++]=emscripten
  [chromium]=chromium
  [/usr/include/catch2/catch.hpp]=catch2
  [/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.asan-x86_64.a]=libclang-rt-14-dev
)

missing=()
for need in "${!NEEDS[@]}"; do
  if [[ "$need" == /* ]]; then
    [[ -e "$need" ]] || missing+=("${NEEDS[$need]}")
  else
    command -v "$need" >/dev/null 2>&1 || missing+=("${NEEDS[$need]}")
  fi
done

if ((${#missing[@]})); then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [[ $(id -u) -eq 0 ]] && grep -qi debian /etc/os-release 2>/dev/null; then
    echo "ensure-deps: installing from Debian's archive: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q "${missing[@]}"
  else
    echo "ensure-deps: Loop Lab needs these Debian 12 packages, which are missing:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
    echo "(this script installs them itself only when run as root on Debian)" >&2
    exit 1
  fi
fi

major=$(node -p 'process.versions.node.split(".")[0]')
if ((major < 20)); then
  echo "ensure-deps: Loop Lab needs Node.js 20 or newer (found $(node --version))." >&2
  exit 1
fi

# npm packages: install when node_modules is missing or older than the lockfile.
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "ensure-deps: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
