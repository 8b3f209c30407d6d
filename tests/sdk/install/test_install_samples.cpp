// The installed SDK as a vendor uses it (DESIGN §4, docs/plugin-guide.md): install neo to
// a temporary prefix, copy the sample target plugins and the sample app out of the source
// tree, build them against the prefix alone, install the plugins into it, and use them
// through the installed tools with no environment variable: their devices are listed,
// the small CNN compiles for each (with its convolutions offloaded to the emulated
// accelerator) and runs under qemu-user with PyTorch's output. The app runs a host build.
// Skipped, with a message, without the ARM cross compilers or qemu-user.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "neo/core/util/npy.hpp"
#include "neo/sdk/plugin_abi.h"
#include "support/run_tool.hpp"

namespace fs = std::filesystem;
using namespace neo::test;

namespace {

std::string q(const fs::path& p) { return shell_quote(p.string()); }
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool have(const std::string& program) { return run_tool("command -v " + shell_quote(program)).status == 0; }
const fs::path kData = NEO_SOURCE_DIR "/tests/data/targets/llvm_cpu";

fs::path scratch(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("neo_test_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

// A command with no NEO_* variable that could point the tools at the build tree.
std::string clean(const std::string& command) {
    return "env -u NEO_PLUGIN_PATH -u NEO_LLD -u NEO_HOME " + command;
}

void sh(const std::string& command) {
    const auto r = run_tool(clean(command));
    INFO(command << "\n" << r.output);
    REQUIRE(r.status == 0);
}

// Installs this build into `prefix`.
void install_neo(const fs::path& prefix) { sh("cmake --install " + q(NEO_BINARY_DIR) + " --prefix " + q(prefix)); }

// Configures, builds and installs a CMake project found at `src` against `prefix` only.
void build_against(const fs::path& src, const fs::path& build, const fs::path& prefix) {
    sh("cmake -S " + q(src) + " -B " + q(build) + " -DCMAKE_PREFIX_PATH=" + q(prefix) + " -DCMAKE_BUILD_TYPE=Release");
    sh("cmake --build " + q(build) + " -j2");
    sh("cmake --install " + q(build) + " --prefix " + q(prefix));
}

float max_abs_diff(const neo::Tensor& a, const neo::Tensor& b) {
    REQUIRE(a.numel() == b.numel());
    float d = 0;
    for (int64_t i = 0; i < a.numel(); ++i) d = std::max(d, static_cast<float>(std::abs(a.at_double(i) - b.at_double(i))));
    return d;
}

struct Sample {
    std::string plugin, board, triple, qemu;
    std::vector<std::string> offloaded;  // kernel symbols model.json must show
};

}  // namespace

TEST_CASE("the installed SDK builds the sample target plugins out of tree, and they compile and run a model") {
    const Sample samples[] = {
        {"sitara_am57x", "am5729_beagleai", "arm-linux-gnueabihf", "qemu-arm", {"am57x_eve_conv2d", "am57x_eve_maxpool2d"}},
        {"amba_cv22", "cv22_walnut", "aarch64-linux-gnu", "qemu-aarch64", {"cv22_cvflow_conv2d", "cv22_cvflow_dense"}},
    };
    for (const auto& s : samples)
        if (!have(s.triple + "-gcc") || !have(s.qemu)) {
            MESSAGE("skipped: needs " << s.triple << "-gcc and " << s.qemu << " (scripts/setup.sh installs them)");
            return;
        }
    const fs::path work = scratch("sdk_install");
    const fs::path prefix = work / "prefix";
    install_neo(prefix);
    for (const auto& s : samples) {  // the device runtimes, for neo-run --emulate
        sh(q(NEO_SOURCE_DIR "/scripts/build_device_runtime.sh") + " " + s.triple + " " + q(NEO_BINARY_DIR));
        sh("cmake --install " + q(fs::path(NEO_BINARY_DIR) / "device" / s.triple) + " --prefix " +
           q(prefix / "lib/neo/device" / s.triple));
    }
    // The vendor's sources, away from neo's tree.
    fs::copy(NEO_SOURCE_DIR "/samples/targets", work / "vendor", fs::copy_options::recursive);
    fs::copy(NEO_SOURCE_DIR "/samples/apps/run_model", work / "run_model", fs::copy_options::recursive);

    const neo::Tensor expected = neo::read_npy(kData / "small_cnn.output.npy");
    for (const auto& s : samples) {
        CAPTURE(s.plugin);
        build_against(work / "vendor" / s.plugin, work / ("build_" + s.plugin), prefix);
        CHECK(fs::exists(prefix / "lib/neo/plugins" / ("libneo_" + s.plugin + ".so")));

        auto r = run_tool(clean(q(prefix / "bin/neo-build") + " --list-devices"));
        CHECK(r.status == 0);
        CHECK(contains(r.output, s.board));

        const fs::path art = work / ("art_" + s.plugin);
        r = run_tool(clean(q(prefix / "bin/neo-build") + " " + q(kData / "small_cnn.onnx") +
                           " --input-shapes '{\"input\":[1,3,32,32]}' --target-device " + s.board + " -o " + q(art)));
        INFO(r.output);
        REQUIRE(r.status == 0);
        nlohmann::json model = nlohmann::json::parse(std::ifstream(art / "model.json"));
        CHECK(model["target"]["plugin"] == s.plugin);
        std::set<std::string> symbols;
        for (const auto& k : model["llvm_cpu"]["kernels"])
            if (k.contains("offload")) symbols.insert(k["offload"].get<std::string>());
        for (const auto& sym : s.offloaded) CHECK(symbols.count(sym) == 1);

        const fs::path out = work / ("out_" + s.plugin);
        r = run_tool(clean(q(prefix / "bin/neo-run") + " " + q(art) + " --emulate --input input=" +
                           q(kData / "small_cnn.input.npy") + " --output-dir " + q(out)));
        INFO(r.output);
        REQUIRE(r.status == 0);
        CHECK(max_abs_diff(neo::read_npy(out / "output_0.npy"), expected) < 1e-4f);
    }

    // The app, with only the runtime (find_package(neo CONFIG COMPONENTS runtime)).
    const fs::path app_build = work / "build_run_model";
    sh("cmake -S " + q(work / "run_model") + " -B " + q(app_build) + " -DCMAKE_PREFIX_PATH=" + q(prefix));
    sh("cmake --build " + q(app_build));
    const fs::path host_art = work / "art_host";
    sh(q(prefix / "bin/neo-build") + " " + q(kData / "small_cnn.onnx") + " --input-shapes '{\"input\":[1,3,32,32]}'" +
       " --target-platform '{\"Os\":\"LINUX\",\"Arch\":\"X86_64\"}' -o " + q(host_art));
    auto r = run_tool(q(app_build / "run_model") + " " + q(host_art) + " " + q(kData / "small_cnn.input.npy") + " " +
                      q(kData / "small_cnn.output.npy"));
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK(contains(r.output, "output '"));
    CHECK(contains(r.output, "max abs error"));
    fs::remove_all(work);
}

TEST_CASE("the installed tools refuse a plugin built against an older plugin ABI, saying why") {
    const fs::path work = scratch("sdk_old_abi");
    const fs::path prefix = work / "prefix";
    install_neo(prefix);
    const fs::path src = work / "old_vendor";
    fs::create_directories(src);
    fs::copy_file(NEO_SOURCE_DIR "/tests/sdk/install/old_abi_plugin.c", src / "old_abi_plugin.c");
    std::ofstream(src / "CMakeLists.txt") << "cmake_minimum_required(VERSION 3.16)\n"
                                             "project(old_vendor LANGUAGES C CXX)\n"
                                             "find_package(neo CONFIG REQUIRED)\n"
                                             "neo_add_plugin(old_vendor SOURCES old_abi_plugin.c)\n";
    build_against(src, work / "build", prefix);
    REQUIRE(fs::exists(prefix / "lib/neo/plugins/libneo_old_vendor.so"));

    const std::string older_abi = "built for plugin ABI version " + std::to_string(NEO_PLUGIN_ABI_VERSION - 1);
    auto r = run_tool(clean(q(prefix / "bin/neo-build") + " --list-plugins"));
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK(contains(r.output, "libneo_old_vendor.so"));
    CHECK(contains(r.output, older_abi));
    CHECK(contains(r.output, "llvm_cpu"));  // the good plugins still load
    r = run_tool(clean(q(prefix / "bin/neo-build") + " " + q(kData / "small_cnn.onnx") +
                       " --input-shapes '{\"input\":[1,3,32,32]}' --target-device rasp3b --target-plugin old_vendor -o " +
                       q(work / "art")));
    CHECK(r.status != 0);
    CHECK(contains(r.output, older_abi));
    fs::remove_all(work);
}
