#pragma once
// The device catalog: every TargetDevice neo knows. The built-in catalog holds the
// service's devices (the table is in devices.cpp); a copy of it can take the devices
// that target plugins contribute (TargetPlugin::extra_devices()).
//
//   DeviceCatalog catalog = DeviceCatalog::builtin();          // a mutable copy
//   for (auto& d : plugin->extra_devices()) catalog.add(d, "target plugin 'x'");
//   const DeviceInfo* rasp = catalog.find("rasp3b");
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/device.hpp"

namespace neo {

class DeviceCatalog {
public:
    DeviceCatalog() = default;  // empty

    // The built-in devices, in the service's order. Built once, never changes.
    static const DeviceCatalog& builtin();

    // Adds a device after checking it: a name (and aliases) of letters, digits and '_'
    // not already taken, a triple, an LLVM CPU and features of its arch, and default
    // options valid for its platform. `source` says where it comes from ("target plugin
    // 'vendor_x'"); messages name it. UserError naming both sources on a duplicate.
    void add(DeviceInfo device, std::string source = "a target plugin");

    // By name or alias; nullptr when unknown.
    const DeviceInfo* find(std::string_view name) const;
    const std::vector<DeviceInfo>& all() const { return devices_; }
    std::vector<std::string> names() const;   // in order
    // Where a device came from: "the built-in catalog" or add()'s `source`; "" if unknown.
    std::string source_of(std::string_view name) const;

    // The device, or a UserError suggesting the closest names and `neo-build --list-devices`.
    const DeviceInfo& get(std::string_view name) const;

private:
    std::vector<DeviceInfo> devices_;
    std::vector<std::string> sources_;  // parallel to devices_
};

// A device as JSON (for --list-devices --json and the artifact's model.json):
// {"name","soc","os","arch","accelerator","triple","cpu","features","default_options",
//  "description","aliases"}.
nlohmann::json device_to_json(const DeviceInfo& device);

}  // namespace neo
