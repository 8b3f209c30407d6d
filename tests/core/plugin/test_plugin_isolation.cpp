// Plugins stay apart from the core (DESIGN §4: "Nothing in core or tools links a plugin
// directly"; §7: "Plugins are built with hidden visibility").
#include <dlfcn.h>

#include <doctest/doctest.h>

#include "neo/sdk/plugin_abi.h"
#include "plugin_test_util.hpp"

using namespace neo_test;

namespace {

// What was mapped when this executable started, before any test ran: libneo_core and
// everything it links, but nothing loaded at run time.
const std::string maps_at_start = read_maps();

// The mapped files of `maps` whose name starts with "libneo_".
std::vector<std::string> neo_libraries(const std::string& maps) {
    std::vector<std::string> out;
    std::istringstream lines(maps);
    for (std::string line; std::getline(lines, line);) {
        const auto slash = line.rfind('/');
        if (slash != std::string::npos && line.compare(slash + 1, 7, "libneo_") == 0) {
            out.push_back(line.substr(slash + 1));
        }
    }
    return out;
}

// A library opened the way the host opens it, closed at the end of the scope.
struct Opened {
    void* handle;
    explicit Opened(const fs::path& file) : handle(::dlopen(file.c_str(), RTLD_LAZY | RTLD_LOCAL)) {}
    ~Opened() {
        if (handle) ::dlclose(handle);
    }
    bool exports(const char* symbol) const { return ::dlsym(handle, symbol) != nullptr; }
};

}  // namespace

TEST_CASE("libneo_core links no plugin") {
    const auto libs = neo_libraries(maps_at_start);
    REQUIRE_FALSE(libs.empty());   // libneo_core itself
    for (const auto& lib : libs) {
        INFO(lib);
        CHECK(lib.rfind("libneo_core.so", 0) == 0);
    }
    CHECK_FALSE(contains(maps_at_start, NEO_TEST_PLUGIN_DIR));
    CHECK_FALSE(contains(maps_at_start, "/neo/plugins/"));
}

TEST_CASE("plugins are built with hidden visibility: only the entry point is exported") {
    for (const auto& [c, plugin] : std::vector<std::pair<std::string, std::string>>{
             {"frontend", "frontend"}, {"duplicate", "dup_a"}}) {
        Opened lib(case_lib(c, plugin));
        REQUIRE(lib.handle != nullptr);
        CHECK(lib.exports(NEO_PLUGIN_ENTRY_POINT_NAME));
        // An extern "C" function the fixture defines without NEO_PLUGIN_EXPORT.
        CHECK_FALSE(lib.exports("neo_test_internal_function"));
    }
    for (const char* c : {"target", "quantizer"}) {
        Opened lib(case_lib(c, c));
        REQUIRE(lib.handle != nullptr);
        CHECK(lib.exports(NEO_PLUGIN_ENTRY_POINT_NAME));
    }
    Opened noentry(case_lib("noentry", "noentry"));
    REQUIRE(noentry.handle != nullptr);
    CHECK_FALSE(noentry.exports(NEO_PLUGIN_ENTRY_POINT_NAME));
    CHECK_FALSE(noentry.exports("_Z26neo_test_no_entry_functionv"));
}
