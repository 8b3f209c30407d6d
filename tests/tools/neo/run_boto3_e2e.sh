#!/bin/sh
# Runs boto3_e2e.py with boto3 from PyPI, installed once into a virtual environment
# under the build directory. Exit 77 (a skipped test) when PyPI cannot be reached.
# usage: run_boto3_e2e.sh BUILD_DIR NEO MODEL.onnx
set -u
build=$1 neo=$2 model=$3
here=$(cd "$(dirname "$0")" && pwd)
venv=$build/tests/boto3-venv
if ! "$venv/bin/python" -c "import boto3" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "cannot create a Python virtual environment (python3-venv)"; exit 1; }
  if ! "$venv/bin/pip" install -q --disable-pip-version-check --timeout 30 boto3; then
    echo "SKIPPED: boto3 could not be installed from PyPI (no network?); the boto3 end-to-end test did not run"
    rm -rf "$venv"
    exit 77
  fi
fi
exec "$venv/bin/python" "$here/boto3_e2e.py" "$neo" "$model" "$build/tests/boto3-e2e"
