#pragma once
// A fully resolved, validated compilation target: what --target-device or
// --target-platform plus --compiler-options mean once checked against the catalog.
// resolve_target() (resolve.hpp) makes one.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/device.hpp"

namespace neo {

struct TargetSpec {
    std::string device;            // TargetDevice name; empty when given as a platform
    Os os = Os::linux_;
    Arch arch = Arch::x86_64;
    Accelerator accelerator = Accelerator::none;
    std::string triple;            // LLVM triple (ANDROID_PLATFORM folded in for Android)
    std::string cpu;               // mcpu: from options, else the device's, else generic
    std::vector<std::string> features;  // device features merged with options' mattr
    nlohmann::json options = nlohmann::json::object();  // validated CompilerOptions with defaults
    // "rasp3b" or "LINUX/ARM64/MALI": how messages name the target.
    std::string describe() const;

    // {"device","os","arch","accelerator","triple","cpu","features","options"} with the
    // service's spelling of names; from_json reads it back (UserError on a bad value).
    nlohmann::json to_json() const;
    static TargetSpec from_json(const nlohmann::json& j);
};

}  // namespace neo
