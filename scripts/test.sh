#!/usr/bin/env bash
# Sets up the machine, builds neo with its tests and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd build
ctest --output-on-failure -j"${NEO_JOBS:-2}" "$@"
