#include <doctest/doctest.h>

#include <vector>

#include "support/run_tool.hpp"

using neo::test::neo_build;
using neo::test::run_tool;
using neo::test::shell_quote;

TEST_CASE("neo-build --list-devices lists every TargetDevice of the service") {
    // Transcribed from the service's OutputConfig documentation and its newer API values.
    const std::vector<std::string> devices = {
        "lambda", "ml_m4", "ml_m5", "ml_c4", "ml_c5", "ml_p2", "ml_p3", "ml_g4dn", "ml_inf1",
        "jetson_tx1", "jetson_tx2", "jetson_nano", "jetson_xavier", "rasp3b", "imx8qm",
        "deeplens", "rk3399", "rk3288", "aisage", "sbe_c", "qcs605", "qcs603", "sitara_am57x",
        "amba_cv22", "x86_win32", "x86_win64", "ml_m6g", "ml_c6g", "ml_inf2", "ml_trn1",
        "ml_eia2", "rasp4b", "amba_cv2", "amba_cv25", "coreml", "jacinto_tda4vm", "imx8mplus"};
    auto r = run_tool(neo_build() + " --list-devices");
    REQUIRE(r.status == 0);
    for (const auto& d : devices) {
        INFO("device " << d);
        CHECK(r.output.find("\n" + d + " ") != std::string::npos);
    }
    CHECK(r.output.find("DEFAULT OPTIONS") != std::string::npos);
    CHECK(r.output.find("{\"mattr\":[\"+neon\"]}") != std::string::npos);
    CHECK(r.output.find("reference") != std::string::npos);  // the serving plugin column
}

TEST_CASE("neo-build --list-plugins shows the reference target") {
    auto r = run_tool(neo_build() + " --list-plugins");
    REQUIRE(r.status == 0);
    CHECK(r.output.find("\ntarget ") != std::string::npos);
    CHECK(r.output.find(" reference ") != std::string::npos);
    CHECK(r.output.find("libneo_reference.so") != std::string::npos);
}

TEST_CASE("neo-build --help documents the command line") {
    auto r = run_tool(neo_build() + " --help");
    CHECK(r.status == 0);
    for (const char* opt : {"--input-shapes", "--target-device", "--target-platform",
                            "--compiler-options", "--tuning-db", "--tuning-log", "--list-devices",
                            "--list-plugins", "--framework", "--dump-ir", "--target-plugin"})
        CHECK(r.output.find(opt) != std::string::npos);
}

TEST_CASE("neo-build validates the target before any work") {
    struct Case {
        std::string args, message;
    };
    const std::vector<Case> cases = {
        {"--target-device rasp3b --target-platform " + shell_quote(R"({"Os":"LINUX","Arch":"ARM64"})"),
         "mutually exclusive"},
        {"--target-device rasp3bb", "rasp3b"},
        {"--target-platform " + shell_quote(R"({"Os":"WINDOWS","Arch":"ARM64"})"), "WINDOWS"},
        {"--target-device rasp3b --compiler-options " + shell_quote(R"({"ANDROID_PLATFORM":28})"),
         "ANDROID_PLATFORM"},
        {"--target-platform " + shell_quote(R"({"Os":"ANDROID","Arch":"ARM64"})") +
             " --compiler-options " + shell_quote(R"({"ANDROID_PLATFORM":30})"),
         "21"},
        {"--target-platform " + shell_quote(R"({"Os":"LINUX","Arch":"ARM64","Accelerator":"NVIDIA"})"),
         "gpu-code"},
        {"--target-device ml_c5 --compiler-options " + shell_quote(R"({"mcpu":"pentium-9000"})"),
         "pentium-9000"},
        {"--target-device rasp3b --compiler-options " + shell_quote(R"({"mattr":["neon"]})"), "+"},
        {"--target-device ml_c5 --compiler-options " + shell_quote("{}"), "7"},
    };
    for (const auto& c : cases) {
        auto r = run_tool(neo_build() + " model.onnx -o out " + c.args);
        INFO("args: " << c.args << "\noutput: " << r.output);
        CHECK(r.status == 1);
        CHECK(r.output.find("neo-build: error: ") != std::string::npos);
        CHECK(r.output.find(c.message) != std::string::npos);
    }
}

TEST_CASE("neo-build refuses a bad command line with status 2") {
    auto r = run_tool(neo_build() + " --no-such-option");
    CHECK(r.status == 2);
    CHECK(r.output.find("--no-such-option") != std::string::npos);
}

TEST_CASE("no tool or core library links a plugin") {
    for (const char* file : {NEO_BINARY_DIR "/bin/neo-build", NEO_BINARY_DIR "/lib/libneo_core.so"}) {
        auto r = run_tool("ldd " + shell_quote(file));
        INFO(file << ":\n" << r.output);
        REQUIRE(r.status == 0);
        for (const char* plugin : {"libneo_reference", "libneo_onnx", "libneo_test_"})
            CHECK(r.output.find(plugin) == std::string::npos);
    }
}
