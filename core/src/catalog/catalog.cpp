// DeviceCatalog: lookup, and admission of devices contributed by target plugins.
#include "neo/core/catalog/catalog.hpp"

#include <algorithm>
#include <cctype>

#include "neo/core/catalog/llvm_names.hpp"
#include "neo/core/catalog/options.hpp"
#include "neo/core/catalog/text.hpp"
#include "neo/core/util/error.hpp"

namespace neo {

namespace {

bool valid_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

bool has_name(const DeviceInfo& d, std::string_view name) {
    return d.name == name || std::find(d.aliases.begin(), d.aliases.end(), name) != d.aliases.end();
}

// Everything wrong with a device entry, in one message ("" when nothing is).
std::string entry_problems(const DeviceInfo& d) {
    std::vector<std::string> problems;
    if (!valid_name(d.name))
        problems.emplace_back("its name must be letters, digits and '_'");
    for (const auto& alias : d.aliases)
        if (!valid_name(alias)) problems.push_back("alias '" + alias + "' must be letters, digits and '_'");
    if (d.triple.empty()) problems.emplace_back("it has no LLVM triple");
    if (!d.cpu.empty() && !is_llvm_cpu(d.arch, d.cpu))
        problems.push_back("cpu '" + d.cpu + "' is not an LLVM CPU for " + std::string(arch_name(d.arch)));
    for (const auto& f : d.features)
        if (f.size() < 2 || (f[0] != '+' && f[0] != '-') || !is_llvm_feature(d.arch, f.substr(1)))
            problems.push_back("feature '" + f + "' is not \"+name\"/\"-name\" of an LLVM feature for " +
                               std::string(arch_name(d.arch)));
    try {
        OptionsSchema schema = options_schema(d.os, d.arch, d.accelerator);
        schema.complete(schema.check(d.default_options, d.name), d.name);
    } catch (const UserError& e) {
        problems.push_back(std::string("its default options are invalid: ") + e.what());
    }
    return join(problems, "; ");
}

}  // namespace

void DeviceCatalog::add(DeviceInfo device, std::string source) {
    if (std::string p = entry_problems(device); !p.empty())
        throw UserError("device '" + device.name + "' from " + source + " is refused: " + p);
    std::vector<std::string> wanted = device.aliases;
    wanted.insert(wanted.begin(), device.name);
    for (const auto& name : wanted)
        for (std::size_t i = 0; i < devices_.size(); ++i)
            if (has_name(devices_[i], name))
                throw UserError("device '" + name + "' from " + source +
                                " is already defined by " + sources_[i] +
                                "; device names must be unique (rename one of them)");
    devices_.push_back(std::move(device));
    sources_.push_back(std::move(source));
}

const DeviceInfo* DeviceCatalog::find(std::string_view name) const {
    for (const auto& d : devices_)
        if (has_name(d, name)) return &d;
    return nullptr;
}

std::vector<std::string> DeviceCatalog::names() const {
    std::vector<std::string> v;
    for (const auto& d : devices_) v.push_back(d.name);
    return v;
}

std::string DeviceCatalog::source_of(std::string_view name) const {
    for (std::size_t i = 0; i < devices_.size(); ++i)
        if (has_name(devices_[i], name)) return sources_[i];
    return "";
}

const DeviceInfo& DeviceCatalog::get(std::string_view name) const {
    if (const DeviceInfo* d = find(name)) return *d;
    std::vector<std::string> candidates = names();
    for (const auto& d : devices_) candidates.insert(candidates.end(), d.aliases.begin(), d.aliases.end());
    throw UserError("unknown TargetDevice '" + std::string(name) + "'" + did_you_mean(name, candidates) +
                    "; `neo-build --list-devices` lists the devices, or describe the device with "
                    "TargetPlatform {\"Os\": ..., \"Arch\": ..., \"Accelerator\": ...}");
}

nlohmann::json device_to_json(const DeviceInfo& d) {
    return {{"name", d.name},
            {"soc", d.soc},
            {"os", os_name(d.os)},
            {"arch", arch_name(d.arch)},
            {"accelerator", accelerator_name(d.accelerator)},
            {"triple", d.triple},
            {"cpu", d.cpu},
            {"features", d.features},
            {"default_options", d.default_options},
            {"description", d.description},
            {"aliases", d.aliases}};
}

}  // namespace neo
