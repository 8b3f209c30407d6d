#pragma once
// neo-run --emulate: runs an artifact built for another architecture on this machine,
// by executing the neo-run cross-built for that architecture (scripts/
// build_device_runtime.sh) under qemu-user, with the same options.
#include <string>

#include "artifact_target.hpp"
#include "options.hpp"

namespace neo::run {

// The device build folder name of an artifact's target: "aarch64-linux-gnu" or
// "arm-linux-gnueabihf"; InputError when neo-run cannot emulate it.
std::string device_triple(const ArtifactTarget& t);

// Replaces this process with the emulated neo-run; returns only by throwing InputError
// saying what is missing (qemu, the cross-built neo-run, the target's libc).
[[noreturn]] void exec_emulated(const ArtifactTarget& t, const Options& o);

}  // namespace neo::run
