#pragma once
// The low-level pieces of the plugin host (host.hpp): where plugin libraries are looked
// for, and how one library file is loaded and its descriptor checked. Most code wants
// PluginHost; these are public for tools that inspect a single file.
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "neo/core/plugin/host.hpp"
#include "neo/sdk/plugin_abi.h"

namespace neo::plugin {

// `neo/plugins` next to libneo_core (build/lib/neo/plugins, <prefix>/lib/neo/plugins),
// or an empty path when libneo_core's own location cannot be found.
std::filesystem::path default_directory();

// The directories `opts` asks for, in search order (see host.hpp); $NEO_PLUGIN_PATH is
// read now. Empty entries are dropped; the directories need not exist.
std::vector<std::filesystem::path> search_path(const PluginHost::Options& opts);

// Whether a file name looks like a shared library of this OS (*.so, *.dylib, *.dll).
bool is_library_name(const std::filesystem::path& file);

// The candidate plugin files of `dirs`, absolute: directory by directory, in name order
// within each, regular library files only, each file once (by canonical path).
// Directories that are missing or unreadable are skipped.
std::vector<std::filesystem::path> candidate_files(
    const std::vector<std::filesystem::path>& dirs);

// "plugin libneo_x.so (/abs/libneo_x.so)": how every message names a plugin file.
std::string describe_file(const std::filesystem::path& file);

// A library whose descriptor passed every check, kept loaded while `library` is held.
struct LoadedLibrary {
    PluginInfo info;
    const NeoPluginDescriptor* descriptor = nullptr;   // lives inside the library
    std::shared_ptr<const void> library;               // the open library handle
};

// Loads `file` (lazy binding, local symbols) and checks its descriptor, in order: the
// entry point exists and returns a descriptor; abi_version equals ours; struct_size is
// at least ours; kind is known; name is non-empty; create and destroy are set.
// Never throws for a bad file: a refusal carries the message.
std::variant<LoadedLibrary, PluginRefusal> load_library(const std::filesystem::path& file);

}  // namespace neo::plugin
