#!/usr/bin/env bash
# Sets up the machine, builds neo with its tests and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
# The ONNX project's conformance data, where it sits beside the checkout, feeds the
# conformance tests (they are skipped without it).
if [ -z "${NEO_ONNX_CONFORMANCE_DIR:-}" ] && [ -d ../shared/onnx-conformance ]; then
  export NEO_ONNX_CONFORMANCE_DIR="$(cd ../shared/onnx-conformance && pwd)"
fi
cd build
ctest --output-on-failure -j"${NEO_JOBS:-2}" "$@"
