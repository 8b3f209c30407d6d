#!/usr/bin/env bash
# Installs every Debian package the build and tests of neo need. Idempotent:
# packages already present are skipped, and the package lists are refreshed
# only once per machine when something is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config ccache
  # core: Boost (dll, program_options, graph, filesystem), xtensor, JSON, digests
  libboost-dev libboost-program-options-dev libboost-graph-dev libboost-filesystem-dev
  libxtensor-dev libxsimd-dev xtl-dev nlohmann-json3-dev libssl-dev
  # tuning database (tuning-db/)
  libsqlite3-dev
  # compilation jobs (jobs/): model and artifact archives (.tar.gz)
  libarchive-dev
  # tests
  doctest-dev
  # ONNX frontend plugin: the ONNX protobuf schema (libonnx_proto) and protobuf
  libonnx-dev libprotobuf-dev
  # native code generation (llvm_cpu target): LLVM 16 and its linker
  llvm-16-dev lld-16
  # device builds for ARM (scripts/build_device_runtime.sh) and running them here under
  # emulation (neo-run --emulate): cross compilers, the targets' C libraries, qemu-user
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross
  gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf libc6-dev-armhf-cross
  qemu-user
  # device builds for 64-bit Windows and running them here under Wine (neo-run --emulate):
  # the MinGW-w64 cross compilers and Wine (about 40 s to install)
  g++-mingw-w64-x86-64 wine wine64
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: ${missing[*]}; run this script as root (or install them)" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all ${#PACKAGES[@]} packages present"
fi
