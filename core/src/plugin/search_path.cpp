// Where plugin libraries are looked for (DESIGN §4): `neo/plugins` next to libneo_core,
// then $NEO_PLUGIN_PATH, then the directories a host is given.
#include <algorithm>
#include <cstdlib>
#include <set>
#include <string_view>
#include <system_error>

#include <boost/dll/runtime_symbol_info.hpp>

#include "neo/core/plugin/loader.hpp"

namespace neo::plugin {

namespace fs = std::filesystem;

namespace {

#if defined(_WIN32)
constexpr char kPathSeparator = ';';
#else
constexpr char kPathSeparator = ':';
#endif

// Splits a PATH-like list, dropping empty entries.
std::vector<fs::path> split_path_list(std::string_view list) {
    std::vector<fs::path> out;
    while (!list.empty()) {
        const auto end = list.find(kPathSeparator);
        const auto item = list.substr(0, end);
        if (!item.empty()) out.emplace_back(item);
        if (end == std::string_view::npos) break;
        list.remove_prefix(end + 1);
    }
    return out;
}

// The canonical form of an existing path (symlinks resolved), else its absolute form.
fs::path identity(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::canonical(p, ec);
    if (!ec) return c;
    c = fs::absolute(p, ec);
    return ec ? p : c;
}

}  // namespace

fs::path default_directory() {
    // The file this function was compiled into: libneo_core itself, wherever it was
    // loaded from (build/lib or <prefix>/lib).
    boost::dll::fs::error_code ec;
    const auto core = boost::dll::this_line_location(ec);
    if (ec || core.empty()) return {};
    return fs::path(core.parent_path().string()) / "neo" / "plugins";
}

std::vector<fs::path> search_path(const PluginHost::Options& opts) {
    std::vector<fs::path> dirs;
    if (opts.default_directories) {
        if (fs::path d = default_directory(); !d.empty()) dirs.push_back(std::move(d));
    }
    if (opts.environment) {
        if (const char* env = std::getenv("NEO_PLUGIN_PATH")) {
            for (auto& d : split_path_list(env)) dirs.push_back(std::move(d));
        }
    }
    for (const auto& d : opts.directories) {
        if (!d.empty()) dirs.push_back(d);
    }
    return dirs;
}

bool is_library_name(const fs::path& file) {
#if defined(_WIN32)
    return file.extension() == ".dll";
#elif defined(__APPLE__)
    return file.extension() == ".dylib" || file.extension() == ".so";
#else
    return file.extension() == ".so";
#endif
}

std::vector<fs::path> candidate_files(const std::vector<fs::path>& dirs) {
    std::vector<fs::path> out;
    std::set<fs::path> seen_dirs, seen_files;
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec) || !seen_dirs.insert(identity(dir)).second) continue;
        std::vector<fs::path> files;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code status_ec;
            // is_regular_file follows symlinks, so a link to a library counts.
            if (is_library_name(it->path()) && it->is_regular_file(status_ec)) {
                files.push_back(it->path());
            }
        }
        std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
            return a.filename() < b.filename();
        });
        for (const auto& f : files) {
            if (!seen_files.insert(identity(f)).second) continue;
            std::error_code abs_ec;
            fs::path abs = fs::absolute(f, abs_ec);
            out.push_back(abs_ec ? f : std::move(abs));
        }
    }
    return out;
}

}  // namespace neo::plugin
