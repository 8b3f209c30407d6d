#include "listing.hpp"

#include <algorithm>
#include <ostream>

#include "neo/core/catalog/resolve.hpp"
#include "neo/core/driver/compile.hpp"
#include "neo/core/util/error.hpp"

namespace neo::tools {
namespace {

using Row = std::vector<std::string>;

void print_table(std::ostream& out, const std::vector<Row>& rows) {
    std::vector<std::size_t> width;
    for (const Row& r : rows)
        for (std::size_t i = 0; i < r.size(); ++i) {
            width.resize(std::max(width.size(), r.size()), 0);
            width[i] = std::max(width[i], r[i].size());
        }
    for (const Row& r : rows) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i) {
            line += r[i];
            if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
        }
        out << line << "\n";
    }
}

std::string serving_plugin(PluginHost& host, const DeviceInfo& d) {
    try {
        return choose_target_plugin(host, resolve_device(d, nlohmann::json::object())).name;
    } catch (const UserError&) {
        return "-";
    }
}

}  // namespace

void list_devices(PluginHost& host, std::ostream& out, bool json) {
    DeviceCatalog catalog = full_catalog(host);
    std::vector<Row> rows = {{"DEVICE", "OS", "ARCH", "ACCELERATOR", "SOC/CPU", "DEFAULT OPTIONS", "PLUGIN"}};
    for (const DeviceInfo& d : catalog.all()) {
        std::string plugin = serving_plugin(host, d);
        if (json) {
            nlohmann::json j = device_to_json(d);
            j["plugin"] = plugin;
            out << j.dump() << "\n";
            continue;
        }
        std::string acc(accelerator_name(d.accelerator));
        rows.push_back({d.name, std::string(os_name(d.os)), std::string(arch_name(d.arch)),
                        acc.empty() ? "-" : acc, d.soc.empty() ? "-" : d.soc,
                        d.default_options.empty() ? "-" : d.default_options.dump(), plugin});
    }
    if (!json) {
        print_table(out, rows);
        out << "\n" << catalog.all().size() << " devices\n";
    }
}

void list_plugins(PluginHost& host, std::ostream& out, bool json) {
    std::vector<Row> rows = {{"KIND", "NAME", "VERSION", "FILE"}};
    for (const PluginInfo& p : host.plugins()) {
        if (json) {
            out << nlohmann::json{{"kind", plugin_kind_name(p.kind)}, {"name", p.name},
                                  {"version", p.version}, {"file", p.file.string()},
                                  {"description", p.description}}.dump() << "\n";
            continue;
        }
        rows.push_back({std::string(plugin_kind_name(p.kind)), p.name, p.version, p.file.string()});
    }
    if (json) {
        for (const PluginRefusal& r : host.refusals())
            out << nlohmann::json{{"refused", r.file.string()}, {"reason", r.reason}}.dump() << "\n";
        return;
    }
    print_table(out, rows);
    if (!host.refusals().empty()) {
        out << "\nrefused:\n";
        for (const PluginRefusal& r : host.refusals()) out << "  " << r.reason << "\n";
    }
    out << "\nsearched:";
    for (const auto& d : host.directories()) out << " " << d.string();
    out << "\n";
}

}  // namespace neo::tools
