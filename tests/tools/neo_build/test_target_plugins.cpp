// A target plugin adds a device to the catalog and is chosen for it by priority;
// --target-plugin forces a plugin.
#include <doctest/doctest.h>

#include <filesystem>

#include <unistd.h>

#include "support/run_tool.hpp"

namespace fs = std::filesystem;
using neo::test::run_tool;
using neo::test::shell_quote;

namespace {
std::string with_vendor() {
    return "NEO_PLUGIN_PATH=" + shell_quote(NEO_TEST_PLUGIN_DIR "/vendor") + " " +
           neo::test::neo_build();
}
const std::string kModel = shell_quote(NEO_SOURCE_DIR "/samples/digits/digits.onnx");
}  // namespace

TEST_CASE("a target plugin adds its device to the catalog and serves it") {
    auto r = run_tool(with_vendor() + " --list-devices");
    REQUIRE(r.status == 0);
    auto line = r.output.find("\nvendor_cam ");
    REQUIRE(line != std::string::npos);
    std::string row = r.output.substr(line + 1, r.output.find('\n', line + 1) - line - 1);
    CHECK(row.find("ARM64") != std::string::npos);
    CHECK(row.find("NNA") != std::string::npos);
    CHECK(row.find("test_vendor") != std::string::npos);
    // Devices the vendor plugin does not support stay with the CPU target.
    auto rasp = r.output.find("\nrasp3b ");
    REQUIRE(rasp != std::string::npos);
    CHECK(r.output.substr(rasp, r.output.find('\n', rasp + 1) - rasp).find("llvm_cpu") != std::string::npos);
    // Without the plugin, the device is unknown.
    auto plain = run_tool(neo::test::neo_build() + " --list-devices");
    CHECK(plain.output.find("vendor_cam") == std::string::npos);
}

TEST_CASE("the highest-priority plugin supporting a device builds it, --target-plugin forces one") {
    fs::path work = fs::temp_directory_path() / ("neo_test_vendor_" + std::to_string(::getpid()));
    fs::remove_all(work);
    auto r = run_tool(with_vendor() + " " + kModel + " --target-device vendor_cam -o " +
                      shell_quote((work / "a").string()));
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK(r.output.find("with target plugin 'test_vendor'") != std::string::npos);
    r = run_tool(with_vendor() + " " + kModel + " --target-device vendor_cam --target-plugin reference -o " +
                 shell_quote((work / "b").string()));
    CHECK(r.status == 0);
    CHECK(r.output.find("with target plugin 'reference'") != std::string::npos);
    r = run_tool(with_vendor() + " " + kModel + " --target-device ml_c5 --target-plugin test_vendor -o " +
                 shell_quote((work / "c").string()));
    CHECK(r.status == 1);
    CHECK(r.output.find("target plugin 'test_vendor' does not support ml_c5") != std::string::npos);
    r = run_tool(with_vendor() + " " + kModel + " --target-device ml_c5 --target-plugin nosuch -o " +
                 shell_quote((work / "d").string()));
    CHECK(r.status == 1);
    CHECK(r.output.find("nosuch") != std::string::npos);
    fs::remove_all(work);
}
