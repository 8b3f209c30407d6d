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
sample=samples/digits
out=build/demo/digits
echo
echo "== compile $sample/digits.onnx for this machine (LINUX/$arch) =="
build/bin/neo-build "$sample/digits.onnx" --input-shapes '{"image":[1,1,8,8]}' \
  --target-platform "{\"Os\":\"LINUX\",\"Arch\":\"$arch\"}" -o "$out"
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
