#pragma once
// The plugin host (DESIGN §4, §7): discovers plugin libraries, checks their descriptor
// (ABI version and struct size first), remembers every refusal without stopping, and
// creates plugin objects that keep their library loaded while they live.
//
// Search path, in order: `neo/plugins` next to libneo_core (build/lib/neo/plugins in
// the build tree, <prefix>/lib/neo/plugins when installed), then each directory of
// $NEO_PLUGIN_PATH (':'-separated, read when the host is constructed), then
// Options::directories. Missing directories are skipped. Every regular file named
// *.so (*.dylib, *.dll) in them is a candidate; within a directory files are read in
// name order, and when two accepted plugins of one kind share a name the later file is
// refused. Libraries are read lazily: nothing is opened until the first query
// (plugins(), refusals(), find(), create_*), and a plugin object is only constructed by
// create_*. The host is thread-safe.
//
//     auto& host = neo::PluginHost::global();
//     std::shared_ptr<neo::FrontendPlugin> onnx = host.create_frontend("onnx");
//     for (const auto& r : host.refusals()) std::cerr << r.reason << "\n";
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "neo/sdk/frontend.hpp"
#include "neo/sdk/plugin_abi.h"
#include "neo/sdk/quantizer.hpp"
#include "neo/sdk/target.hpp"

namespace neo {

enum class PluginKind { frontend = NEO_PLUGIN_FRONTEND, target = NEO_PLUGIN_TARGET,
                        quantizer = NEO_PLUGIN_QUANTIZER };
std::string_view plugin_kind_name(PluginKind k);  // "frontend", "target", "quantizer"

// An accepted plugin, as its descriptor describes it.
struct PluginInfo {
    PluginKind kind;
    std::string name, version, description;
    std::filesystem::path file;   // absolute
};

// A library that was refused, and why.
struct PluginRefusal {
    std::filesystem::path file;   // absolute
    // The whole message, naming the file first:
    // "plugin libneo_x.so (/abs/libneo_x.so): built for plugin ABI version 2, ..."
    std::string reason;
    // The plugin's name when known (from its descriptor, else guessed from the file
    // name libneo_<name>.so), so that create_* can explain why a name is missing.
    std::string name;
};

class PluginHost {
public:
    struct Options {
        bool default_directories = true;   // the lib/neo/plugins next to libneo_core
        bool environment = true;           // $NEO_PLUGIN_PATH
        std::vector<std::filesystem::path> directories;  // extra, searched last
    };
    PluginHost();
    explicit PluginHost(Options opts);
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // The process-wide host with default options. It is never destroyed, so that its
    // libraries stay loaded until the process ends.
    static PluginHost& global();

    // Directories searched, in order (whether they exist or not). Opens nothing.
    std::vector<std::filesystem::path> directories() const;
    // Accepted plugins, sorted by kind then name.
    const std::vector<PluginInfo>& plugins();
    // Refused libraries, in the order they were read.
    const std::vector<PluginRefusal>& refusals();
    // The accepted plugin of that kind and name, or nullptr.
    const PluginInfo* find(PluginKind kind, const std::string& name);

    // Creates a plugin object; the returned pointer keeps the library loaded, even after
    // this host is gone. UserError when no plugin of that kind and name was accepted
    // (listing those that were, and any refusal of a library of that name), or when
    // the plugin's create function fails.
    std::shared_ptr<FrontendPlugin> create_frontend(const std::string& name);
    std::shared_ptr<TargetPlugin> create_target(const std::string& name);
    std::shared_ptr<QuantizerPlugin> create_quantizer(const std::string& name);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace neo
