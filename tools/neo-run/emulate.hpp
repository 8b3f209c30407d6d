#pragma once
// neo-run --emulate: runs an artifact built for another architecture or system on this
// machine, by executing the neo-run cross-built for it (scripts/build_device_runtime.sh)
// under qemu-user (Linux ARM64, ARMv7-hf) or Wine (x86-64 Windows), with the same options.
#include <string>

#include "artifact_target.hpp"
#include "options.hpp"

namespace neo::run {

// The device build folder name of an artifact's target: "aarch64-linux-gnu",
// "arm-linux-gnueabihf" or "x86_64-w64-mingw32"; InputError when neo-run cannot emulate it.
std::string device_triple(const ArtifactTarget& t);

// Replaces this process with the emulated neo-run; returns only by throwing InputError
// saying what is missing (qemu or Wine, the cross-built neo-run, the target's libc).
[[noreturn]] void exec_emulated(const ArtifactTarget& t, const Options& o);

}  // namespace neo::run
