// Real PyTorch models (tests/data/targets/llvm_cpu, made by gen_models.py with torch's
// ONNX exporter): compiled with neo-build for this machine and for ARM64 / ARMv7-hf,
// run with neo-run (ARM under qemu-user via --emulate), compared with PyTorch's outputs.
#include <doctest/doctest.h>

#include <cmath>

#include "native_run.hpp"
#include "neo/core/util/npy.hpp"
#include "support/run_tool.hpp"

using namespace neo;
using namespace neo::test;
namespace fs = std::filesystem;

namespace {

const std::string kData = NEO_SOURCE_DIR "/tests/data/targets/llvm_cpu/";

bool have(const std::string& program) { return run_tool("command -v " + shell_quote(program)).status == 0; }

double max_abs_diff(const Tensor& a, const Tensor& b) {
    if (a.shape() != b.shape()) return INFINITY;
    double m = 0;
    for (int64_t i = 0; i < a.numel(); ++i) m = std::max(m, std::abs(a.at_double(i) - b.at_double(i)));
    return m;
}

// Compiles `model` for the target given as neo-build options, runs it with neo-run
// (extra options `run_opts`) and returns the largest difference from PyTorch's output.
double build_and_run(const std::string& model, const std::string& target_opts, const std::string& run_opts,
                     const fs::path& work) {
    fs::path out = work / "artifact", outputs = work / "outputs";
    auto b = run_tool(neo_build() + " " + shell_quote(kData + model + ".onnx") + " " + target_opts + " -o " +
                      shell_quote(out.string()));
    INFO(b.output);
    REQUIRE(b.status == 0);
    CHECK(b.output.find("target plugin 'llvm_cpu'") != std::string::npos);
    auto r = run_tool(tool("neo-run") + " " + shell_quote(out.string()) + " --input input=" +
                      shell_quote(kData + model + ".input.npy") + " --threads 2 --output-dir " +
                      shell_quote(outputs.string()) + " " + run_opts);
    INFO(r.output);
    REQUIRE(r.status == 0);
    return max_abs_diff(read_npy(outputs / "output_0.npy"), read_npy(kData + model + ".output.npy"));
}

}  // namespace

TEST_CASE("llvm_cpu: PyTorch CNN and transformer encoder match PyTorch, here and under qemu") {
    struct Target {
        const char* what;
        std::string options;
        std::string run;
        std::string needs;  // cross toolchain triple, "" for the host
    };
    const Target targets[] = {
        {"this machine", R"(--target-platform '{"Os":"LINUX","Arch":"X86_64"}')", "", ""},
        {"ARM64 (imx8qm)", "--target-device imx8qm", "--emulate", "aarch64-linux-gnu"},
        {"ARMv7-hf NEON (rasp3b)", "--target-device rasp3b", "--emulate", "arm-linux-gnueabihf"},
    };
    for (const auto& t : targets) {
        CAPTURE(t.what);
        if (!t.needs.empty()) {
            const std::string qemu = t.needs.rfind("aarch64", 0) == 0 ? "qemu-aarch64" : "qemu-arm";
            if (!have(t.needs + "-g++") || !have(qemu)) {
                MESSAGE("skipped " << std::string(t.what) << ": needs " << t.needs << "-g++ and " << qemu);
                continue;
            }
            auto r = run_tool(shell_quote(NEO_SOURCE_DIR "/scripts/build_device_runtime.sh") + " " + t.needs + " " +
                              shell_quote(NEO_BINARY_DIR));
            INFO(r.output);
            REQUIRE(r.status == 0);
        }
        for (const char* model : {"small_cnn", "transformer_encoder"}) {
            CAPTURE(model);
            fs::path work = scratch(model);
            fs::remove_all(work);
            const double err = build_and_run(model, t.options, t.run, work);
            MESSAGE(std::string(model) << " on " << std::string(t.what) << ": max abs error " << err);
            CHECK(err <= 1e-4);
            fs::remove_all(work);
        }
    }
}
