#pragma once
// Helpers shared by the plugin host tests: where the fixture plugins are, hosts over
// exactly the folders a test names, temporary folders, and what the process has mapped.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "neo/core/plugin/host.hpp"

namespace neo_test {

namespace fs = std::filesystem;

// The folder of one fixture case (see CMakeLists.txt here).
inline fs::path case_dir(const std::string& name) { return fs::path(NEO_TEST_PLUGIN_DIR) / name; }

// libneo_test_<plugin>.so in the folder of case `name`.
inline fs::path case_lib(const std::string& name, const std::string& plugin) {
    return case_dir(name) / ("libneo_test_" + plugin + ".so");
}

// Options searching exactly `dirs`: no default folder, no $NEO_PLUGIN_PATH.
inline neo::PluginHost::Options only(std::vector<fs::path> dirs) {
    neo::PluginHost::Options o;
    o.default_directories = false;
    o.environment = false;
    o.directories = std::move(dirs);
    return o;
}

// A fresh empty folder, removed with everything in it at the end of the scope.
struct TempDir {
    fs::path path;
    TempDir() {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() /
               ("neo_plugin_test_" + std::to_string(::getpid()) + "_" +
                std::to_string(counter++));
        fs::remove_all(path);
        fs::create_directories(path);
        path = fs::canonical(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // Copies `file` in (a new file: the loader has never seen it), returns the copy.
    fs::path copy(const fs::path& file, const std::string& new_name = "") const {
        const fs::path to = path / (new_name.empty() ? file.filename().string() : new_name);
        fs::copy_file(file, to, fs::copy_options::overwrite_existing);
        return to;
    }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return path / name;
    }
};

// Sets (or unsets, with nullopt) an environment variable for the scope.
struct EnvGuard {
    std::string name;
    std::optional<std::string> old;
    EnvGuard(std::string n, const std::optional<std::string>& value) : name(std::move(n)) {
        if (const char* v = std::getenv(name.c_str())) old = v;
        if (value) ::setenv(name.c_str(), value->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
    ~EnvGuard() {
        if (old) ::setenv(name.c_str(), old->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
};

// The text of /proc/self/maps: the files this process has mapped now.
inline std::string read_maps() {
    std::ifstream in("/proc/self/maps");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Whether `file` (by its canonical path) is mapped into this process now.
inline bool is_mapped(const fs::path& file) {
    return read_maps().find(fs::canonical(file).string() + "\n") != std::string::npos;
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace neo_test
