// Cross-compilation, verified by running: a small CNN compiled for an ARM64 device
// (imx8qm) and an ARMv7-hf NEON device (rasp3b) runs under qemu-user through
// `neo-run --emulate` (the device runtime cross-built by scripts/build_device_runtime.sh)
// and matches the reference interpreter. Skipped, with a message, without the cross
// compilers or qemu-user.
#include <doctest/doctest.h>

#include <fstream>

#include "native_run.hpp"
#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/util/npy.hpp"
#include "support/run_tool.hpp"

using namespace neo;
using namespace neo::test;
namespace fs = std::filesystem;

namespace {

const char* kNet = R"(graph net(%x: f32[1,3,12,12], %w: f32[8,3,3,3], %b: f32[8], %w2: f32[8,1,3,3], %fc: f32[10,72]) {
    %c = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]}
    %r = Relu(%c)
    %d = Conv(%r, %w2, _) {group = 8, strides = [2, 2], pads = [1, 1, 1, 1]}
    %s = Sigmoid(%d)
    %m = Mul(%d, %s)
    %p = AveragePool(%m) {kernel_shape = [2, 2], strides = [2, 2]}
    %f = Flatten(%p)
    %y = Gemm(%f, %fc, _) {transB = 1}
    %z = Softmax(%y)
    return %z })";

bool have(const std::string& program) { return run_tool("command -v " + shell_quote(program)).status == 0; }

struct ElfHeader {
    uint16_t machine = 0;
    uint32_t flags = 0;
};

ElfHeader elf_header(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    unsigned char h[64] = {};
    in.read(reinterpret_cast<char*>(h), sizeof h);
    ElfHeader e;
    e.machine = static_cast<uint16_t>(h[18] | (h[19] << 8));
    const int off = h[4] == 1 ? 36 : 48;  // e_flags in ELF32 / ELF64
    e.flags = static_cast<uint32_t>(h[off] | (h[off + 1] << 8) | (h[off + 2] << 16) | (h[off + 3] << 24));
    return e;
}

}  // namespace

TEST_CASE("llvm_cpu: a CNN compiled for ARM64 and ARMv7-hf runs under qemu and matches") {
    struct Device {
        const char* name;
        const char* triple;  // cross toolchain and device-build folder
        const char* qemu;
        uint16_t machine;
    };
    const Device devices[] = {{"imx8qm", "aarch64-linux-gnu", "qemu-aarch64", 183},
                              {"rasp3b", "arm-linux-gnueabihf", "qemu-arm", 40}};
    auto g = make_graph(kNet, {"w", "b", "w2", "fc"});
    auto inputs = random_inputs(*g);
    const Tensor want = Interpreter(*g).run(inputs).at(0);
    fs::path work = scratch("cross");
    fs::create_directories(work);
    write_npy(work / "x.npy", inputs[0]);
    for (const Device& d : devices) {
        CAPTURE(d.name);
        if (!have(std::string(d.triple) + "-g++") || !have(d.qemu)) {
            MESSAGE("skipped " << std::string(d.name) << ": needs " << std::string(d.triple) << "-g++ and " << std::string(d.qemu)
                               << " (apt-get install g++-" << std::string(d.triple) << " qemu-user)");
            continue;
        }
        auto r = run_tool(shell_quote(NEO_SOURCE_DIR "/scripts/build_device_runtime.sh") + " " + d.triple + " " +
                          shell_quote(NEO_BINARY_DIR));
        INFO(r.output);
        REQUIRE(r.status == 0);

        TargetSpec target = resolve_target(DeviceCatalog::builtin(), std::string(d.name), std::nullopt, std::nullopt);
        fs::path art = work / d.name;
        build_native(*g, target, art);
        ElfHeader e = elf_header(art / "model.so");
        CHECK(e.machine == d.machine);
        if (d.machine == 40) CHECK((e.flags & 0x400u) != 0);  // EF_ARM_ABI_FLOAT_HARD

        fs::path out = work / (std::string("out_") + d.name);
        r = run_tool(tool("neo-run") + " " + shell_quote(art.string()) + " --emulate --threads 2 --input x=" +
                     shell_quote((work / "x.npy").string()) + " --json --output-dir " + shell_quote(out.string()));
        INFO(r.output);
        REQUIRE(r.status == 0);
        Tensor got = read_npy(out / "output_0.npy");
        CHECK(tolerance_ratio(got, want, 1e-4, 1e-6) <= 1.0);
    }
    fs::remove_all(work);
}
