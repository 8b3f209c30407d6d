#!/usr/bin/env bash
# The main job: set up the machine, build neo, compile the bundled sample model for
# this machine and run it, then show every device neo can target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh

case "$(uname -m)" in
  x86_64) arch=X86_64 ;;
  aarch64) arch=ARM64 ;;
  armv7l) arch=ARM_EABIHF ;;
  *) echo "demo: unknown machine $(uname -m)" >&2; exit 1 ;;
esac
# This machine's CPU as GCC names it for -march=native (LLVM knows the same names).
mcpu="$(gcc -march=native -Q --help=target 2>/dev/null | awk '$1 == "-march=" {print $2}')"
sample=samples/digits
out=build/demo/digits
compile() {
  build/bin/neo-build "$sample/digits.onnx" --input-shapes '{"image":[1,1,8,8]}' \
    --target-platform "{\"Os\":\"LINUX\",\"Arch\":\"$arch\"}" "$@" -o "$out"
}
echo
echo "== compile $sample/digits.onnx for this machine (LINUX/$arch, mcpu ${mcpu:-generic}) =="
if [ -n "$mcpu" ] && compile --compiler-options "{\"mcpu\":\"$mcpu\"}"; then
  :
else
  echo "(compiling for the generic $arch CPU instead)"
  compile
fi
ls -l "$out"
echo
echo "== run it on a handwritten digit (its label: $(cat $sample/sample_label.txt)) =="
build/bin/neo-run "$out" --input image="$sample/sample_image.npy" --repeat 20 --warmup 2 \
  --output-dir build/demo/outputs
echo
echo "== plugins =="
build/bin/neo-build --list-plugins
echo
echo "== device catalog =="
build/bin/neo-build --list-devices
