// Libraries the plugin host must refuse, each with its exact message, and the proof that
// refusals are remembered and never fatal (DESIGN §7: a versioned plugin ABI).
#include <doctest/doctest.h>

#include "neo/core/plugin/host.hpp"
#include "neo/sdk/plugin_abi.h"
#include "plugin_test_util.hpp"

using namespace neo_test;
using neo::PluginHost;

namespace {

const std::string kRebuild = "; rebuild the plugin against this neo's SDK";
const std::string kAbi = std::to_string(NEO_PLUGIN_ABI_VERSION);

// The prefix of every refusal of `file`.
std::string named(const fs::path& file) {
    return "plugin " + file.filename().string() + " (" + file.string() + "): ";
}

// The single refusal of a host over the folder of case `name`, which accepts nothing.
neo::PluginRefusal only_refusal(const std::string& name) {
    PluginHost host(only({case_dir(name)}));
    CHECK(host.plugins().empty());
    REQUIRE(host.refusals().size() == 1);
    return host.refusals().front();
}

}  // namespace

TEST_CASE("a library built for another ABI version is refused naming both versions") {
    const auto r = only_refusal("abi");
    const fs::path file = case_lib("abi", "abi");
    CHECK(r.file == file);
    CHECK(r.name == "test_abi");
    CHECK(r.reason == named(file) + "built for plugin ABI version " +
                          std::to_string(NEO_PLUGIN_ABI_VERSION + 1) +
                          ", this neo uses ABI version " + kAbi + kRebuild);
}

TEST_CASE("a library without the entry point is not a neo plugin") {
    const auto r = only_refusal("noentry");
    CHECK(r.reason == named(case_lib("noentry", "noentry")) +
                          "not a neo plugin: it does not export neo_plugin_descriptor");
}

TEST_CASE("a descriptor smaller than this ABI's is refused") {
    const auto r = only_refusal("small");
    CHECK(r.reason == named(case_lib("small", "small")) + "its descriptor is 8 bytes, " +
                          "smaller than the " + std::to_string(sizeof(NeoPluginDescriptor)) +
                          " bytes of plugin ABI version " + kAbi + kRebuild);
}

TEST_CASE("a descriptor of an unknown kind is refused") {
    const auto r = only_refusal("badkind");
    CHECK(r.name == "test_badkind");
    CHECK(r.reason == named(case_lib("badkind", "badkind")) +
                          "its descriptor declares kind 7, which is none of frontend (1), "
                          "target (2), quantizer (3)");
}

TEST_CASE("a descriptor without a name is refused") {
    const auto r = only_refusal("noname");
    CHECK(r.name == "test_noname");   // guessed from the file name
    CHECK(r.reason == named(case_lib("noname", "noname")) + "its descriptor has no name");
}

TEST_CASE("a descriptor without a create function is refused") {
    const auto r = only_refusal("nullcreate");
    CHECK(r.reason ==
          named(case_lib("nullcreate", "nullcreate")) + "its descriptor has no create function");
}

TEST_CASE("a file that is not a library is refused with the loader's message") {
    TempDir dir;
    const fs::path file = dir.write(
        "libneo_garbage.so",
        "This is a text file, not a shared library. The loader must say so, and the host\n"
        "must remember that and go on with the other files.\n");
    PluginHost host(only({dir.path}));
    CHECK(host.plugins().empty());
    REQUIRE(host.refusals().size() == 1);
    const auto& r = host.refusals().front();
    CHECK(r.file == file);
    CHECK(r.name == "garbage");
    INFO(r.reason);
    CHECK(r.reason.rfind(named(file) + "cannot be loaded: ", 0) == 0);
    CHECK(contains(r.reason, "invalid ELF header"));   // glibc's dlerror() text
}

TEST_CASE("a second plugin of the same kind and name is refused naming both files") {
    PluginHost host(only({case_dir("duplicate")}));
    const auto& plugins = host.plugins();
    REQUIRE(plugins.size() == 1);
    CHECK(plugins[0].name == "test_dup");
    CHECK(plugins[0].file == case_lib("duplicate", "dup_a"));   // files are read in name order
    REQUIRE(host.refusals().size() == 1);
    const auto& r = host.refusals().front();
    CHECK(r.name == "test_dup");
    CHECK(r.reason == named(case_lib("duplicate", "dup_b")) +
                          "a frontend plugin named 'test_dup' is already loaded from " +
                          case_lib("duplicate", "dup_a").string() +
                          "; duplicate plugin names are an error, remove one of the two files");
}

TEST_CASE("refusals are remembered and never fatal and refused libraries are unloaded") {
    TempDir dir;
    dir.write("libneo_garbage.so", "not a library at all, and long enough to have a header\n");
    const fs::path abi_copy = dir.copy(case_lib("abi", "abi"));
    std::vector<fs::path> dirs{dir.path};
    for (const char* c : {"frontend", "target", "quantizer", "duplicate", "noentry", "small",
                          "badkind", "noname", "nullcreate", "createfails"}) {
        dirs.push_back(case_dir(c));
    }
    PluginHost host(only(dirs));

    std::vector<std::string> names;
    for (const auto& p : host.plugins()) names.push_back(p.name);
    CHECK(names == std::vector<std::string>{"test_create_fails", "test_dup", "test_frontend",
                                            "test_target", "test_quantizer"});
    std::vector<std::string> refused;
    for (const auto& r : host.refusals()) refused.push_back(r.file.filename().string());
    // In search order: the temporary folder first, then each case folder.
    CHECK(refused == std::vector<std::string>{"libneo_garbage.so", "libneo_test_abi.so",
                                              "libneo_test_dup_b.so", "libneo_test_noentry.so",
                                              "libneo_test_small.so", "libneo_test_badkind.so",
                                              "libneo_test_noname.so",
                                              "libneo_test_nullcreate.so"});
    // The same answers on every query; nothing is read twice.
    CHECK(host.refusals().size() == refused.size());
    CHECK_FALSE(is_mapped(abi_copy));
    // Good plugins still work beside all of that.
    CHECK(host.create_target("test_target")->priority() == 7);
}
