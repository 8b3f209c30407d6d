#pragma once
// Where a plugin's own files are: a target plugin that ships device libraries or data
// next to its library (e.g. lib/neo/plugins/<name>/...) finds them from its own path.
//
// Header-only, so that it resolves to the calling plugin's library: plugins are built with
// hidden visibility (neo_add_plugin), so each plugin has its own copy of this function.
#include <filesystem>
#include <string>

#if !defined(_WIN32)
#include <dlfcn.h>
#endif

#include "neo/core/util/error.hpp"

namespace neo::sdk {

// The plugin library this code is part of (empty if the system cannot tell).
inline std::filesystem::path this_plugin_library() {
#if defined(_WIN32)
    return {};
#else
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&this_plugin_library), &info) == 0 || !info.dli_fname) return {};
    std::error_code ec;
    std::filesystem::path p = std::filesystem::canonical(info.dli_fname, ec);
    return ec ? std::filesystem::path(info.dli_fname) : p;
#endif
}

// A file the plugin installs beside its library (`relative` to the library's folder, e.g.
// "my_soc/aarch64-linux-gnu/libmy_kernels.a"), else `fallback` (the same file in the
// plugin's build tree) when that exists. UserError naming the expected path otherwise.
inline std::filesystem::path plugin_file(const std::filesystem::path& relative, const std::filesystem::path& fallback = {}) {
    const std::filesystem::path lib = this_plugin_library();
    const std::filesystem::path installed = lib.parent_path() / relative;
    if (!lib.empty() && std::filesystem::exists(installed)) return installed;
    if (!fallback.empty() && std::filesystem::exists(fallback)) return fallback;
    throw UserError("plugin " + lib.filename().string() + ": its file " + installed.string() +
                    " is missing; rebuild and reinstall the plugin");
}

}  // namespace neo::sdk
