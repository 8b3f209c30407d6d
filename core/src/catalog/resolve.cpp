// Target resolution: TargetDevice / TargetPlatform + CompilerOptions -> TargetSpec.
#include "neo/core/catalog/resolve.hpp"

#include <algorithm>
#include <cctype>

#include "neo/core/catalog/options.hpp"
#include "neo/core/catalog/text.hpp"
#include "neo/core/util/error.hpp"

namespace neo {

namespace {

bool blank(const std::optional<std::string>& s) {
    return !s || std::all_of(s->begin(), s->end(),
                             [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

// The part shared by devices and platforms: validates the defaults and the user's options
// against the platform's schema, lets the user's keys replace the defaults, completes
// them, and derives cpu, features and triple.
TargetSpec finish(TargetSpec spec, const nlohmann::json& defaults, const nlohmann::json& user,
                  const std::string& base_cpu, const std::vector<std::string>& base_features) {
    const std::string target = spec.describe();
    const OptionsSchema schema = options_schema(spec.os, spec.arch, spec.accelerator);
    nlohmann::json merged = schema.check(defaults, target);
    if (!user.is_null()) merged.update(schema.check(user, target));
    merged = schema.complete(std::move(merged), target);

    spec.cpu = merged.contains("mcpu") ? merged["mcpu"].get<std::string>()
                                       : (base_cpu.empty() ? "generic" : base_cpu);
    std::vector<std::string> mattr;
    if (merged.contains("mattr")) mattr = merged["mattr"].get<std::vector<std::string>>();
    spec.features = merge_features(base_features, mattr);
    if (spec.os == Os::android) {
        int api = merged["ANDROID_PLATFORM"].get<int>();
        spec.triple = spec.triple.empty() ? platform_triple(spec.os, spec.arch, api)
                                          : with_android_api(spec.triple, api);
    } else if (spec.triple.empty()) {
        spec.triple = platform_triple(spec.os, spec.arch);
    }
    spec.options = std::move(merged);
    return spec;
}

}  // namespace

TargetSpec resolve_device(const DeviceInfo& device, const nlohmann::json& options) {
    TargetSpec spec;
    spec.device = device.name;
    spec.os = device.os;
    spec.arch = device.arch;
    spec.accelerator = device.accelerator;
    spec.triple = device.triple;
    return finish(std::move(spec), device.default_options, options, device.cpu, device.features);
}

TargetSpec resolve_platform(const TargetPlatform& platform, const nlohmann::json& options) {
    TargetSpec spec;
    spec.os = platform.os;
    spec.arch = platform.arch;
    spec.accelerator = platform.accelerator;
    return finish(std::move(spec), nlohmann::json::object(), options, "", {});
}

TargetSpec resolve_target(const DeviceCatalog& catalog, const std::optional<std::string>& device,
                          const std::optional<std::string>& platform_json,
                          const std::optional<std::string>& options_json) {
    if (device && platform_json)
        throw UserError("TargetDevice and TargetPlatform are mutually exclusive: give either "
                        "--target-device NAME or --target-platform JSON, not both");
    if (!device && !platform_json)
        throw UserError("no target given: name a device with --target-device NAME "
                        "(`neo-build --list-devices` lists them) or describe one with "
                        "--target-platform '{\"Os\": \"LINUX\", \"Arch\": \"ARM64\"}'");
    nlohmann::json options;  // null: none given
    if (!blank(options_json)) options = parse_compiler_options(*options_json);
    if (device) return resolve_device(catalog.get(*device), options);
    return resolve_platform(TargetPlatform::parse(*platform_json), options);
}

std::string TargetSpec::describe() const {
    return device.empty() ? describe_platform(os, arch, accelerator) : device;
}

nlohmann::json TargetSpec::to_json() const {
    return {{"device", device},
            {"os", os_name(os)},
            {"arch", arch_name(arch)},
            {"accelerator", accelerator_name(accelerator)},
            {"triple", triple},
            {"cpu", cpu},
            {"features", features},
            {"options", options}};
}

TargetSpec TargetSpec::from_json(const nlohmann::json& j) {
    auto field = [&](const char* key) -> std::string {
        if (!j.is_object() || !j.contains(key) || !j[key].is_string())
            throw UserError(std::string("target description: '") + key +
                            "' is missing or not a string in " + json_for_message(j));
        return j[key].get<std::string>();
    };
    TargetSpec t;
    t.device = field("device");
    auto os = parse_os(field("os"));
    auto arch = parse_arch(field("arch"));
    auto acc = parse_accelerator(field("accelerator"));
    if (!os || !arch || !acc)
        throw UserError("target description: unknown os, arch or accelerator in " + json_for_message(j));
    t.os = *os;
    t.arch = *arch;
    t.accelerator = *acc;
    t.triple = field("triple");
    t.cpu = field("cpu");
    try {
        t.features = j.at("features").get<std::vector<std::string>>();
        t.options = j.at("options");
    } catch (const nlohmann::json::exception&) {
        throw UserError("target description: 'features' must be a list of strings and 'options' "
                        "an object in " + json_for_message(j));
    }
    if (!t.options.is_object())
        throw UserError("target description: 'options' must be an object in " + json_for_message(j));
    return t;
}

}  // namespace neo
