#!/usr/bin/env bash
# Cross-builds what runs on a device: the runtime (libneo_runtime.so), neo-run and the
# measurement agent (neo-tune --serve), with
# nothing else of neo, into BUILD_ROOT/device/TRIPLE/{bin/neo-run,lib/libneo_runtime.so};
# for 64-bit Windows (x86_64-w64-mingw32) the runtime and neo-run only, as
# bin/{neo-run.exe,libneo_runtime.dll}.
# BUILD_ROOT is build/ unless given. `neo-run DIR --emulate` on the host finds that tree
# beside its own bin/ and runs it under qemu-user (or Wine). Copy the tree (bin/ and lib/)
# to a device to run artifacts there; or install it into an installed neo with
#   cmake --install BUILD_ROOT/device/TRIPLE --prefix <neo prefix>/lib/neo/device/TRIPLE
#
#   scripts/build_device_runtime.sh aarch64-linux-gnu|arm-linux-gnueabihf|x86_64-w64-mingw32 [BUILD_ROOT]
set -euo pipefail

usage() {
  echo "usage: $0 aarch64-linux-gnu|arm-linux-gnueabihf|x86_64-w64-mingw32 [BUILD_ROOT]" >&2
  exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
triple="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
toolchain="$root/cmake/toolchains/$triple.cmake"
case "$triple" in
  aarch64-linux-gnu | arm-linux-gnueabihf) package="g++-$triple" ;;
  x86_64-w64-mingw32) package="g++-mingw-w64-x86-64" ;;
  *) echo "build_device_runtime: no toolchain for '$triple' (cmake/toolchains/ has aarch64-linux-gnu," \
          "arm-linux-gnueabihf and x86_64-w64-mingw32)" >&2
     exit 2 ;;
esac
for tool in "$triple-gcc" "$triple-g++"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build_device_runtime: $tool not found; install the cross compilers with" \
         "apt-get install $package (scripts/setup.sh installs them)" >&2
    exit 1
  fi
done

build_root="${2:-$root/build}"
mkdir -p "$build_root"
build_root="$(cd "$build_root" && pwd)"
out="$build_root/device/$triple"
mkdir -p "$out"
# Several builds of one device tree (tests running in parallel) take turns.
exec 9>"$out.lock"
flock 9
cmake -S "$root" -B "$out" -DNEO_RUNTIME_ONLY=ON -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_TOOLCHAIN_FILE="$toolchain" >"$out/configure.log" 2>&1 || {
  cat "$out/configure.log" >&2
  exit 1
}
cmake --build "$out" -j"${NEO_JOBS:-2}"
if [ "$triple" = x86_64-w64-mingw32 ]; then
  echo "build_device_runtime: $out/bin/neo-run.exe and $out/bin/libneo_runtime.dll"
else
  echo "build_device_runtime: $out/bin/neo-run and $out/lib/libneo_runtime.so"
fi
