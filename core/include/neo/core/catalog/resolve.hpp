#pragma once
// Resolution of a compilation target: TargetDevice or TargetPlatform, plus
// CompilerOptions, into a validated TargetSpec.
//
//   TargetSpec t = resolve_target(DeviceCatalog::builtin(), "rasp3b", std::nullopt, std::nullopt);
//   // t.triple == "armv7a-linux-gnueabihf", t.cpu == "cortex-a53", t.features == {"+neon"}
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/platform.hpp"
#include "neo/core/catalog/target_spec.hpp"

namespace neo {

// Exactly one of `device` and `platform_json` must be given (UserError otherwise: they
// are mutually exclusive, and one is needed). `options_json` is CompilerOptions text;
// absent, empty or blank means none.
// - device: looked up in `catalog` (UserError suggesting close names when unknown); its
//   default options are merged under the user's (a user key replaces the default).
// - platform: parsed and checked against the support matrices.
// Then the options are validated against the platform's schema and completed with
// defaults; mcpu overrides the CPU, mattr is merged into the features, and for Android
// ANDROID_PLATFORM sets the API level of the triple.
TargetSpec resolve_target(const DeviceCatalog& catalog, const std::optional<std::string>& device,
                          const std::optional<std::string>& platform_json,
                          const std::optional<std::string>& options_json);

// The same from parsed parts, for callers that have them already (options: a JSON object
// or null).
TargetSpec resolve_device(const DeviceInfo& device, const nlohmann::json& options);
TargetSpec resolve_platform(const TargetPlatform& platform, const nlohmann::json& options);

}  // namespace neo
