// The plugin host with good plugins: discovery and listing, creating objects, their
// library's lifetime, laziness, the search path ($NEO_PLUGIN_PATH, the default folder)
// and the errors of create_* (DESIGN §4, §7).
#include <doctest/doctest.h>

#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/plugin/host.hpp"
#include "neo/core/plugin/loader.hpp"
#include "neo/core/util/error.hpp"
#include "plugin_test_util.hpp"

using namespace neo_test;
using neo::PluginHost;
using neo::PluginKind;

namespace {

std::vector<fs::path> good_dirs() {
    return {case_dir("frontend"), case_dir("target"), case_dir("quantizer")};
}

// The message of the UserError `f` throws (fails the test when it throws none).
template <class F>
std::string user_error(F&& f) {
    try {
        f();
    } catch (const neo::UserError& e) {
        return e.what();
    }
    FAIL("no neo::UserError was thrown");
    return {};
}

}  // namespace

TEST_CASE("plugin kinds have names") {
    CHECK(neo::plugin_kind_name(PluginKind::frontend) == "frontend");
    CHECK(neo::plugin_kind_name(PluginKind::target) == "target");
    CHECK(neo::plugin_kind_name(PluginKind::quantizer) == "quantizer");
}

TEST_CASE("good plugins are listed with their kind and name and version and file") {
    PluginHost host(only(good_dirs()));
    CHECK(host.refusals().empty());
    const auto& plugins = host.plugins();
    REQUIRE(plugins.size() == 3);
    // Sorted by kind, then name.
    CHECK(plugins[0].kind == PluginKind::frontend);
    CHECK(plugins[0].name == "test_frontend");
    CHECK(plugins[0].version == "1.2.3");
    CHECK(plugins[0].description == "test frontend");
    CHECK(plugins[0].file == case_lib("frontend", "frontend"));
    CHECK(plugins[1].kind == PluginKind::target);
    CHECK(plugins[1].name == "test_target");
    CHECK(plugins[1].version == "0.0.1");
    CHECK(plugins[1].file == case_lib("target", "target"));
    CHECK(plugins[2].kind == PluginKind::quantizer);
    CHECK(plugins[2].name == "test_quantizer");
    CHECK(plugins[2].version == "0.2.0");
    CHECK(plugins[2].file == case_lib("quantizer", "quantizer"));

    const neo::PluginInfo* t = host.find(PluginKind::target, "test_target");
    REQUIRE(t != nullptr);
    CHECK(t->file == case_lib("target", "target"));
    CHECK(host.find(PluginKind::frontend, "test_target") == nullptr);
    CHECK(host.find(PluginKind::target, "nope") == nullptr);
}

TEST_CASE("create_* makes working objects of each kind") {
    PluginHost host(only(good_dirs()));

    auto frontend = host.create_frontend("test_frontend");
    REQUIRE(frontend);
    CHECK(frontend->frameworks() == std::vector<std::string>{"TESTFW"});
    CHECK(frontend->accepts({"m.testmodel"}));
    CHECK_FALSE(frontend->accepts({"m.onnx"}));
    auto graph = frontend->load({"m.testmodel"}, neo::InputShapes{});
    REQUIRE(graph);
    CHECK(graph->name() == "g");
    REQUIRE(graph->inputs().size() == 1);
    CHECK(graph->inputs()[0]->name() == "x");
    CHECK(graph->inputs()[0]->shape() == neo::Shape{1, 2});
    REQUIRE(graph->outputs().size() == 1);
    CHECK(graph->outputs()[0]->name() == "y");
    CHECK(graph->num_nodes() == 1);

    auto target = host.create_target("test_target");
    REQUIRE(target);
    CHECK(target->priority() == 7);
    neo::TargetSpec spec;
    spec.arch = neo::Arch::x86_64;
    CHECK(target->supports(spec));
    spec.arch = neo::Arch::arm64;
    CHECK_FALSE(target->supports(spec));

    auto quantizer = host.create_quantizer("test_quantizer");
    REQUIRE(quantizer);
    CHECK(quantizer->dtypes() == std::vector<std::string>{"int8"});
    auto copy = quantizer->quantize(*graph, {}, nlohmann::json::object());
    REQUIRE(copy);
    CHECK(copy->num_nodes() == 1);

    // Every create_* makes a new object.
    CHECK(host.create_frontend("test_frontend") != frontend);
}

TEST_CASE("a plugin object keeps its library loaded after the host is gone") {
    TempDir dir;   // a fresh copy, so that no other test has it loaded
    const fs::path lib = dir.copy(case_lib("frontend", "frontend"));

    auto host = std::make_unique<PluginHost>(only({dir.path}));
    std::shared_ptr<neo::FrontendPlugin> frontend = host->create_frontend("test_frontend");
    host.reset();
    CHECK(is_mapped(lib));
    // A virtual call runs code of the library: it must still be there.
    CHECK(frontend->frameworks() == std::vector<std::string>{"TESTFW"});
    CHECK(frontend->load({}, neo::InputShapes{})->num_nodes() == 1);
    // The last object gone, the library is unloaded.
    frontend.reset();
    CHECK_FALSE(is_mapped(lib));
}

TEST_CASE("nothing is opened before the first query") {
    TempDir dir;
    const fs::path lib = dir.copy(case_lib("target", "target"));
    PluginHost host(only({dir.path}));
    CHECK(host.directories() == std::vector<fs::path>{dir.path});
    CHECK_FALSE(is_mapped(lib));
    CHECK(host.plugins().size() == 1);
    CHECK(is_mapped(lib));   // accepted libraries stay loaded in the host
}

TEST_CASE("$NEO_PLUGIN_PATH is searched after the default folder and before the options") {
    const std::string env = case_dir("target").string() + "::" + case_dir("quantizer").string();
    EnvGuard guard("NEO_PLUGIN_PATH", env);

    PluginHost::Options opts = only({case_dir("frontend")});
    opts.environment = true;
    PluginHost host(opts);
    CHECK(host.directories() ==
          std::vector<fs::path>{case_dir("target"), case_dir("quantizer"), case_dir("frontend")});
    CHECK(host.plugins().size() == 3);
    CHECK(host.find(PluginKind::target, "test_target") != nullptr);
    CHECK(host.find(PluginKind::quantizer, "test_quantizer") != nullptr);

    PluginHost without(only({}));   // environment = false
    CHECK(without.directories().empty());
    CHECK(without.plugins().empty());

    PluginHost::Options defaults;
    PluginHost with_default(defaults);
    const auto dirs = with_default.directories();
    REQUIRE(dirs.size() == 3);
    CHECK(dirs[0] == neo::plugin::default_directory());
    CHECK(dirs[1] == case_dir("target"));
}

TEST_CASE("the default folder is neo/plugins next to libneo_core") {
    const fs::path expected = fs::path(NEO_BINARY_DIR) / "lib" / "neo" / "plugins";
    CHECK(fs::weakly_canonical(neo::plugin::default_directory()) ==
          fs::weakly_canonical(expected));

    EnvGuard guard("NEO_PLUGIN_PATH", std::nullopt);
    PluginHost host;
    CHECK(host.directories() == std::vector<fs::path>{neo::plugin::default_directory()});
    // The test plugins live elsewhere, so the real tools never see them.
    for (const auto& p : host.plugins()) CHECK(p.name.rfind("test_", 0) != 0);
}

TEST_CASE("global() is one process-wide host with the default folder first") {
    PluginHost& a = PluginHost::global();
    CHECK(&a == &PluginHost::global());
    REQUIRE_FALSE(a.directories().empty());
    CHECK(a.directories().front() == neo::plugin::default_directory());
}

TEST_CASE("each folder and file is read once however often it is named") {
    TempDir dir;
    fs::create_directory_symlink(case_dir("frontend"), dir.path / "link");
    PluginHost host(only({case_dir("frontend"), dir.path / "link", case_dir("frontend")}));
    CHECK(host.plugins().size() == 1);
    CHECK(host.refusals().empty());
}

TEST_CASE("only library files are read and missing folders are fine") {
    TempDir dir;
    dir.write("README.txt", "not a plugin\n");
    fs::create_directory(dir.path / "sub.so");   // a folder, not a regular file
    PluginHost host(only({dir.path, dir.path / "missing", case_dir("frontend")}));
    CHECK(host.plugins().size() == 1);
    CHECK(host.refusals().empty());
}

TEST_CASE("an unknown name is a user error listing the accepted plugins of that kind") {
    PluginHost host(only(good_dirs()));
    const std::string searched = " (searched " + case_dir("frontend").string() + ", " +
                                 case_dir("target").string() + ", " +
                                 case_dir("quantizer").string() + ")";
    CHECK(user_error([&] { host.create_target("nope"); }) ==
          "no target plugin named 'nope'; accepted target plugins: test_target" + searched);
    CHECK(user_error([&] { host.create_target("test_frontend"); }) ==
          "no target plugin named 'test_frontend'; accepted target plugins: test_target" +
              searched + "; 'test_frontend' is a frontend plugin, not a target plugin");

    PluginHost empty(only({}));
    CHECK(user_error([&] { empty.create_quantizer("int8"); }) ==
          "no quantizer plugin named 'int8'; accepted quantizer plugins: none "
          "(searched no directory)");
}

TEST_CASE("an unknown name that a refused library had mentions the refusal") {
    PluginHost host(only({case_dir("frontend"), case_dir("abi")}));
    const std::string msg = user_error([&] { host.create_frontend("test_abi"); });
    CHECK(contains(msg, "no frontend plugin named 'test_abi'; accepted frontend plugins: "
                        "test_frontend"));
    CHECK(contains(msg, "; a library of that name was refused: plugin libneo_test_abi.so (" +
                            case_lib("abi", "abi").string() + "): built for plugin ABI version"));
}

TEST_CASE("a failing create function is a user error naming the file") {
    PluginHost host(only({case_dir("createfails")}));
    REQUIRE(host.find(PluginKind::frontend, "test_create_fails") != nullptr);
    CHECK(user_error([&] { host.create_frontend("test_create_fails"); }) ==
          "plugin libneo_test_create_fails.so (" +
              case_lib("createfails", "create_fails").string() +
              "): its create function failed to make a frontend object for "
              "'test_create_fails'");
}
