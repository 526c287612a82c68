#!/usr/bin/env bash
# Runs every test: unit tests, the language suites under every configuration,
# and the runner's own tests. Run scripts/setup.sh once before.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/CMakeCache.txt ]; then
  echo "build/ is not configured: run scripts/setup.sh first" >&2
  exit 2
fi
cmake --build build -j "$(nproc)"
ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
