// TargetPlatform parsing and the OS x arch x accelerator support matrices.
#include "neo/core/catalog/platform.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "neo/core/catalog/text.hpp"
#include "neo/core/util/error.hpp"

namespace neo {

namespace {

// The support matrices, one row per (OS, accelerator) as the service's tables have them.
// Columns, in the tables' order: X86_64, X86, ARM64, ARM_EABIHF, ARM_EABI; 'X' = supported.
constexpr std::array<Arch, 5> kColumns = {Arch::x86_64, Arch::x86, Arch::arm64,
                                          Arch::arm_eabihf, Arch::arm_eabi};
struct MatrixRow {
    Os os;
    Accelerator accelerator;
    std::string_view cells;
};
constexpr MatrixRow kMatrix[] = {
    {Os::linux_, Accelerator::none, "X.XXX"},
    {Os::linux_, Accelerator::nvidia, "X.X.."},
    {Os::linux_, Accelerator::intel_graphics, "X...."},
    {Os::linux_, Accelerator::mali, "..XXX"},
    {Os::android, Accelerator::none, "XXX.X"},
    {Os::android, Accelerator::nvidia, "....."},
    {Os::android, Accelerator::intel_graphics, "XX..."},
    {Os::android, Accelerator::mali, "..X.X"},
    {Os::windows, Accelerator::none, "XX..."},
};

constexpr std::string_view kExample = R"({"Os": "LINUX", "Arch": "ARM64", "Accelerator": "MALI"})";

bool cell(const MatrixRow& row, Arch arch) {
    for (std::size_t c = 0; c < kColumns.size(); ++c)
        if (kColumns[c] == arch) return row.cells[c] == 'X';
    return false;
}

bool os_in_matrices(Os os) {
    return std::any_of(std::begin(kMatrix), std::end(kMatrix),
                       [&](const MatrixRow& r) { return r.os == os; });
}
bool accelerator_in_matrices(Accelerator a) {
    return std::any_of(std::begin(kMatrix), std::end(kMatrix),
                       [&](const MatrixRow& r) { return r.accelerator == a; });
}

std::string accelerator_for_message(Accelerator a) {
    return a == Accelerator::none ? "none (CPU)" : std::string(accelerator_name(a));
}

// The values a TargetPlatform key may take, for messages.
std::vector<std::string> platform_os_names() {
    std::vector<std::string> v;
    for (Os o : all_os())
        if (os_in_matrices(o)) v.emplace_back(os_name(o));
    return v;
}
std::vector<std::string> platform_arch_names() {
    std::vector<std::string> v;
    for (Arch a : all_archs()) v.emplace_back(arch_name(a));
    return v;
}
std::vector<std::string> platform_accelerator_names() {
    std::vector<std::string> v;
    for (Accelerator a : all_accelerators())
        if (a != Accelerator::none && accelerator_in_matrices(a))
            v.emplace_back(accelerator_name(a));
    return v;
}

// The string value of `key`, or a UserError saying what it must be.
std::string string_value(const nlohmann::json& object, const char* key,
                         const std::vector<std::string>& valid) {
    const auto& v = object.at(key);
    if (!v.is_string())
        throw UserError("TargetPlatform " + std::string(key) + " must be a string, one of " +
                        join(valid) + "; got " + json_for_message(v));
    return v.get<std::string>();
}

}  // namespace

std::string describe_platform(Os os, Arch arch, Accelerator accelerator) {
    std::string s(os_name(os));
    s += '/';
    s += arch_name(arch);
    if (accelerator != Accelerator::none) {
        s += '/';
        s += accelerator_name(accelerator);
    }
    return s;
}

bool platform_supported(Os os, Arch arch, Accelerator accelerator) {
    return std::any_of(std::begin(kMatrix), std::end(kMatrix), [&](const MatrixRow& r) {
        return r.os == os && r.accelerator == accelerator && cell(r, arch);
    });
}

std::vector<Accelerator> supported_accelerators(Os os, Arch arch) {
    std::vector<Accelerator> v;
    for (const MatrixRow& r : kMatrix)
        if (r.os == os && cell(r, arch)) v.push_back(r.accelerator);
    return v;
}

std::vector<Arch> supported_archs(Os os) {
    std::vector<Arch> v;
    for (Arch a : kColumns)
        if (!supported_accelerators(os, a).empty()) v.push_back(a);
    return v;
}

void check_platform_supported(Os os, Arch arch, Accelerator accelerator) {
    if (platform_supported(os, arch, accelerator)) return;
    const std::string combination = "TargetPlatform " + describe_platform(os, arch, accelerator);
    const std::string use_device =
        "; name the device with TargetDevice instead (neo-build --list-devices lists them)";
    if (!os_in_matrices(os))
        throw UserError(combination + " is not supported: Os " + std::string(os_name(os)) +
                        " is only available through a TargetDevice" + use_device);
    if (!accelerator_in_matrices(accelerator))
        throw UserError(combination + " is not supported: Accelerator " +
                        std::string(accelerator_name(accelerator)) +
                        " is in none of the TargetPlatform support matrices" + use_device);
    std::vector<Arch> archs = supported_archs(os);
    if (std::find(archs.begin(), archs.end(), arch) == archs.end()) {
        std::vector<std::string> names;
        for (Arch a : archs) names.emplace_back(arch_name(a));
        throw UserError(combination + " is not supported: " + std::string(os_name(os)) +
                        " has no " + std::string(arch_name(arch)) +
                        " support; its architectures are " + join(names));
    }
    std::vector<std::string> names;
    for (Accelerator a : supported_accelerators(os, arch))
        names.push_back(accelerator_for_message(a));
    throw UserError(combination + " is not supported: on " + describe_platform(os, arch, Accelerator::none) +
                    " the accelerators are " + join(names));
}

TargetPlatform TargetPlatform::parse(std::string_view json_text) {
    return from_json(nlohmann::json(parse_json_text(json_text, "TargetPlatform", kExample)));
}

TargetPlatform TargetPlatform::from_json(const nlohmann::json& object) {
    if (!object.is_object())
        throw UserError("TargetPlatform must be a JSON object such as " + std::string(kExample) +
                        "; got " + json_for_message(object));
    const std::vector<std::string> keys = {"Os", "Arch", "Accelerator"};
    for (const auto& [key, value] : object.items())
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            throw UserError("TargetPlatform has an unknown key '" + key + "'" +
                            did_you_mean(key, keys) + "; its keys are Os, Arch and Accelerator");
    for (const char* required : {"Os", "Arch"})
        if (!object.contains(required))
            throw UserError(std::string("TargetPlatform needs '") + required + "', e.g. " +
                            std::string(kExample));

    TargetPlatform p;
    const auto os_names = platform_os_names();
    std::string os = string_value(object, "Os", os_names);
    auto parsed_os = parse_os(os);
    if (!parsed_os || !os_in_matrices(*parsed_os))
        throw UserError("TargetPlatform Os '" + os + "' is not supported" +
                        did_you_mean(os, os_names) + "; valid values: " + join(os_names));
    p.os = *parsed_os;

    const auto arch_names = platform_arch_names();
    std::string arch = string_value(object, "Arch", arch_names);
    auto parsed_arch = parse_arch(arch);
    if (!parsed_arch)
        throw UserError("TargetPlatform Arch '" + arch + "' is not supported" +
                        did_you_mean(arch, arch_names) + "; valid values: " + join(arch_names));
    p.arch = *parsed_arch;

    if (object.contains("Accelerator")) {
        const auto acc_names = platform_accelerator_names();
        std::string acc = string_value(object, "Accelerator", acc_names);
        auto parsed_acc = parse_accelerator(acc);
        if (!parsed_acc)
            throw UserError("TargetPlatform Accelerator '" + acc + "' is not supported" +
                            did_you_mean(acc, acc_names) + "; valid values: " + join(acc_names) +
                            " (leave Accelerator out for the CPU)");
        p.accelerator = *parsed_acc;
    }
    check_platform_supported(p.os, p.arch, p.accelerator);
    return p;
}

nlohmann::json TargetPlatform::to_json() const {
    nlohmann::json j = {{"Os", os_name(os)}, {"Arch", arch_name(arch)}};
    if (accelerator != Accelerator::none) j["Accelerator"] = accelerator_name(accelerator);
    return j;
}

std::string TargetPlatform::describe() const { return describe_platform(os, arch, accelerator); }

std::string platform_triple(Os os, Arch arch, int android_api) {
    // The CPU part of the triple, per arch; 32-bit ARM is ARMv7-A (NEON is an option).
    const std::string x86_64 = "x86_64", x86 = "i686", arm64 = "aarch64", arm = "armv7a";
    switch (os) {
        case Os::linux_:
            switch (arch) {
                case Arch::x86_64: return x86_64 + "-linux-gnu";
                case Arch::x86: return x86 + "-linux-gnu";
                case Arch::arm64: return arm64 + "-linux-gnu";
                case Arch::arm_eabihf: return arm + "-linux-gnueabihf";
                case Arch::arm_eabi: return arm + "-linux-gnueabi";
            }
            break;
        case Os::android: {
            check_internal(android_api > 0, "platform_triple: Android needs an API level");
            const std::string api = std::to_string(android_api);
            switch (arch) {
                case Arch::x86_64: return x86_64 + "-linux-android" + api;
                case Arch::x86: return x86 + "-linux-android" + api;
                case Arch::arm64: return arm64 + "-linux-android" + api;
                case Arch::arm_eabihf:
                case Arch::arm_eabi: return arm + "-linux-androideabi" + api;
            }
            break;
        }
        case Os::windows:
            switch (arch) {
                case Arch::x86_64: return x86_64 + "-pc-windows-msvc";
                case Arch::x86: return x86 + "-pc-windows-msvc";
                case Arch::arm64: return arm64 + "-pc-windows-msvc";
                case Arch::arm_eabihf:
                case Arch::arm_eabi: return "thumbv7a-pc-windows-msvc";
            }
            break;
        case Os::ios:
            if (arch == Arch::arm64) return "arm64-apple-ios13.0";
            if (arch == Arch::x86_64) return "x86_64-apple-ios13.0-simulator";
            break;
    }
    throw InternalError("platform_triple: no triple for " +
                        describe_platform(os, arch, Accelerator::none));
}

std::string with_android_api(const std::string& triple, int android_api) {
    for (std::string_view marker : {"-androideabi", "-android"}) {
        auto at = triple.rfind(marker);
        if (at == std::string::npos) continue;
        std::size_t digits = at + marker.size();
        bool all_digits = std::all_of(triple.begin() + static_cast<std::ptrdiff_t>(digits), triple.end(),
                                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (all_digits) return triple.substr(0, digits) + std::to_string(android_api);
    }
    return triple;
}

}  // namespace neo
