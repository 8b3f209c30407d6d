// The device build: cross-builds the runtime and neo-run for aarch64 and armhf with
// scripts/build_device_runtime.sh (into this build tree's device/), cross-compiles the
// fixture model, and runs it under qemu-user through the host's `neo-run --emulate`.
// Skipped, with a message, where the cross compilers or qemu-user are missing.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "fixture_artifact.hpp"
#include "neo/core/util/npy.hpp"
#include "neo/runtime/runtime.h"
#include "support/run_tool.hpp"

namespace fs = std::filesystem;
using namespace neo::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
std::string q(const fs::path& p) { return shell_quote(p.string()); }
bool have(const std::string& program) { return run_tool("command -v " + shell_quote(program)).status == 0; }

struct Device {
    std::string triple;  // cross compiler prefix and device build folder
    std::string qemu;
    std::string cflags;
    FixtureTarget target;  // model.json's arch and LLVM triple
    uint16_t elf_machine;
    std::string description;  // as the runtime names the ELF machine
};

uint16_t elf_machine(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    unsigned char h[20] = {};
    in.read(reinterpret_cast<char*>(h), sizeof h);
    return static_cast<uint16_t>(h[18] | (h[19] << 8));
}

}  // namespace

TEST_CASE("the runtime and neo-run cross-build for ARM and run the fixture under qemu") {
    const Device devices[] = {
        {"aarch64-linux-gnu", "qemu-aarch64", "", {"ARM64", "aarch64-linux-gnu"}, 183, "64-bit ARM (aarch64)"},
        {"arm-linux-gnueabihf", "qemu-arm", "-march=armv7-a -mfpu=neon -mfloat-abi=hard",
         {"ARM_EABIHF", "armv7a-linux-gnueabihf"}, 40, "32-bit ARM, hard-float ABI (armhf)"},
    };
    fs::path work = scratch_dir("cross_emulate");
    std::vector<float> x = fixture_x(3);
    std::vector<int32_t> k = fixture_k();
    neo::write_npy(work / "x.npy", neo::Tensor::from_vector<float>({4, 64}, x));
    neo::write_npy(work / "k.npy", neo::Tensor::from_vector<int32_t>({4}, k));

    for (const Device& d : devices) {
        CAPTURE(d.triple);
        if (!have(d.triple + "-gcc") || !have(d.triple + "-g++") || !have(d.qemu)) {
            MESSAGE("skipped " << d.triple << ": needs " << d.triple << "-gcc, " << d.triple << "-g++ and "
                               << d.qemu << " (apt-get install g++-" << d.triple << " qemu-user)");
            continue;
        }
        auto r = run_tool(shell_quote(NEO_SOURCE_DIR "/scripts/build_device_runtime.sh") + " " + d.triple + " " +
                          shell_quote(NEO_BINARY_DIR));
        INFO(r.output);
        REQUIRE(r.status == 0);
        fs::path device = fs::path(NEO_BINARY_DIR) / "device" / d.triple;
        REQUIRE(fs::exists(device / "bin" / "neo-run"));
        REQUIRE(fs::exists(device / "lib" / "libneo_runtime.so"));
        CHECK(elf_machine(device / "bin" / "neo-run") == d.elf_machine);
        CHECK(elf_machine(device / "lib" / "libneo_runtime.so") == d.elf_machine);

        fs::path so = work / (d.triple + ".so");
        r = run_tool(d.triple + "-gcc -std=c11 -O2 -fPIC -shared -fvisibility=hidden " + d.cflags + " -I " +
                     shell_quote(NEO_SOURCE_DIR "/sdk/runtime/include") + " " +
                     shell_quote(NEO_SOURCE_DIR "/tests/sdk/runtime/fixture_model.c") + " -o " + q(so));
        INFO(r.output);
        REQUIRE(r.status == 0);
        fs::path art = work / ("artifact_" + d.triple);
        write_fixture_artifact(art, so.string(), d.target);

#if defined(__x86_64__)
        // The host's runtime explains why it cannot load ARM code.
        neo_model* m = neo_model_load(art.c_str());
        CHECK(m == nullptr);
        CHECK(contains(neo_last_error(), (art / "model.so").string() + ": cannot be loaded: it is code for " +
                                             d.description + ", but this runtime runs x86-64 code"));
        neo_model_free(m);
#endif

        std::string run = tool("neo-run") + " " + q(art) + " --input x=" + q(work / "x.npy") + " --input k=" +
                          q(work / "k.npy");
        fs::path out = work / ("out_" + d.triple);
        r = run_tool(run + " --emulate --threads 2 --repeat 2 --json --output-dir " + q(out));
        INFO(r.output);
        REQUIRE(r.status == 0);
        auto report = nlohmann::json::parse(r.output);
        CHECK(report["runs"] == 2);
        CHECK(report["outputs"][1]["name"] == "z");
        neo::Tensor y = neo::read_npy(out / "output_0.npy");
        neo::Tensor z = neo::read_npy(out / "output_1.npy");
        std::vector<float> want_y = expected_y(x);
        std::vector<int64_t> want_z = expected_z(x, k);
        REQUIRE(y.numel() == kFixtureSize);
        int wrong = 0;
        for (int i = 0; i < kFixtureSize; ++i) wrong += y.at_double(i) != static_cast<double>(want_y[i]);
        CHECK(wrong == 0);
        REQUIRE(z.numel() == kFixtureRows);
        for (int i = 0; i < kFixtureRows; ++i) CHECK(z.at_double(i) == static_cast<double>(want_z[i]));

        // Without --emulate neo-run says what to do; under emulation the device runtime
        // refuses a tampered file as on the host.
        r = run_tool(run);
        CHECK(r.status == 1);
        CHECK(contains(r.output, "built for " + d.target.arch + " (" + d.target.triple + ")"));
        CHECK(contains(r.output, "--emulate"));
        {
            std::fstream f(art / "model.params", std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(3);
            f.put('\x55');
        }
        r = run_tool(run + " --emulate");
        CHECK(r.status == 1);
        CHECK(contains(r.output, "model.params: sha256 does not match manifest.json"));

        // The device neo-run has no interpreter: it sends reference artifacts back to the host.
        fs::path ref = work / "reference_artifact";
        fs::create_directories(ref);
        std::ofstream(ref / "model.json") << R"({"format": "neo-artifact", "target": {"plugin": "reference"}})";
        r = run_tool(d.qemu + " -L /usr/" + d.triple + " " + q(device / "bin" / "neo-run") + " " + q(ref));
        CHECK(r.status == 1);
        CHECK(contains(r.output, "built by the reference target, which this neo-run (a device build, runtime "
                                 "only) cannot run"));
    }
    fs::remove_all(work);
}
