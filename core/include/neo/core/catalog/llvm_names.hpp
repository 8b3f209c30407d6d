#pragma once
// The CPU and feature names LLVM 16 knows per architecture family, so that mcpu and
// mattr are checked when the options are read, not when code generation fails (or, for
// a misspelt feature, silently ignores it). The lists are what `llc-16 -march=<family>
// -mcpu=help` / `-mattr=help` print.
#include <string>
#include <string_view>
#include <vector>

#include "neo/core/catalog/device.hpp"

namespace neo {

// LLVM's -march for the arch: "x86-64" (X86_64 and X86 share one CPU/feature list),
// "aarch64" (ARM64), "arm" (ARM_EABIHF, ARM_EABI).
std::string_view llvm_march(Arch a);

// Sorted names.
const std::vector<std::string>& llvm_cpu_names(Arch a);
const std::vector<std::string>& llvm_feature_names(Arch a);  // without the +/- sign

bool is_llvm_cpu(Arch a, std::string_view cpu);
bool is_llvm_feature(Arch a, std::string_view feature);  // without the +/- sign

}  // namespace neo
