#!/usr/bin/env bash
# Configures and builds neo into build/ (Release, two jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${NEO_JOBS:-2}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
