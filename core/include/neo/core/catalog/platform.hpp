#pragma once
// TargetPlatform: a target given as {"Os": ..., "Arch": ..., "Accelerator": ...} instead
// of a device name, checked against the service's OS x arch x accelerator support
// matrices (Linux, Android, Windows), and the LLVM triple such a platform compiles for.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/device.hpp"

namespace neo {

struct TargetPlatform {
    Os os = Os::linux_;
    Arch arch = Arch::x86_64;
    Accelerator accelerator = Accelerator::none;  // "Accelerator" left out: CPU only

    // Parses and validates the JSON text (single-quoted Python-dict style accepted).
    // UserError for bad JSON, a key other than Os/Arch/Accelerator, a missing Os or Arch,
    // an unknown value, or a combination the support matrices do not have.
    static TargetPlatform parse(std::string_view json_text);
    static TargetPlatform from_json(const nlohmann::json& object);
    nlohmann::json to_json() const;
    std::string describe() const;  // "LINUX/ARM64/MALI", "LINUX/ARM_EABIHF"
};

// "LINUX/ARM64/MALI"; the accelerator part is left out for none.
std::string describe_platform(Os os, Arch arch, Accelerator accelerator);

// Whether the support matrices have this cell.
bool platform_supported(Os os, Arch arch, Accelerator accelerator);
// UserError naming the combination and what the OS supports instead, when it is not.
void check_platform_supported(Os os, Arch arch, Accelerator accelerator);
// The supported accelerators for (os, arch) (none first), and the archs an OS supports.
std::vector<Accelerator> supported_accelerators(Os os, Arch arch);
std::vector<Arch> supported_archs(Os os);

// The LLVM triple for a platform's CPU: "aarch64-linux-gnu", "armv7a-linux-gnueabihf",
// "i686-pc-windows-msvc", "aarch64-linux-android27" (Android needs `android_api`).
std::string platform_triple(Os os, Arch arch, int android_api = 0);
// Replaces the API level at the end of an Android triple ("...-android27" with api 29
// gives "...-android29"); other triples are returned unchanged.
std::string with_android_api(const std::string& triple, int android_api);

}  // namespace neo
