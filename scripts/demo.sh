#!/usr/bin/env bash
# The main job: set up the machine, build neo, and show what it can target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo
echo "== plugins =="
build/bin/neo-build --list-plugins
echo
echo "== device catalog =="
build/bin/neo-build --list-devices
