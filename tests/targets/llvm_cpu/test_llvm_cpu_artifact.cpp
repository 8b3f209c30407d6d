// The llvm_cpu artifact: deterministic, described in model.json, checked by its manifest;
// a model with nodes the target cannot compile is refused with all of them listed.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "native_run.hpp"
#include "neo/core/artifact/artifact.hpp"
#include "neo/core/util/error.hpp"

using namespace neo;
using namespace neo::test;
namespace fs = std::filesystem;

namespace {

const char* kNet = R"(graph net(%x: f32[1,3,8,8], %w: f32[4,3,3,3], %b: f32[4], %fc: f32[10,64]) {
    %c = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]}
    %r = Relu(%c)
    %p = MaxPool(%r) {kernel_shape = [2, 2], strides = [2, 2]}
    %f = Flatten(%p)
    %y = Gemm(%f, %fc, _) {transB = 1}
    %s = Softmax(%y)
    return %s })";

std::string bytes_of(const fs::path& f) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("llvm_cpu: the same graph gives a byte-identical artifact") {
    auto g = make_graph(kNet, {"w", "b", "fc"});
    auto a = scratch("det_a"), b = scratch("det_b");
    build_native(*g, host_target("haswell"), a);
    build_native(*g, host_target("haswell"), b);
    for (const char* f : {"model.so", "model.params", "model.json", "manifest.json"}) {
        CAPTURE(f);
        CHECK(bytes_of(a / f) == bytes_of(b / f));
    }
    CHECK_NOTHROW(verify_manifest(a));
    auto j = read_json(a / "model.json");
    CHECK(j["target"]["plugin"] == "llvm_cpu");
    CHECK(j["target"]["cpu"] == "haswell");
    CHECK(j["inputs"][0]["name"] == "x");
    CHECK(j["outputs"][0]["shape"] == nlohmann::json({1, 10}));
    // Conv with its Relu (one kernel: conv_planar.cpp's, over 3 colours), MaxPool, Flatten,
    // Gemm, Softmax.
    CHECK(j["llvm_cpu"]["kernels"].size() == 5);
    CHECK(j["llvm_cpu"]["vector_bits"] == 256);
    // The weights are in model.params: 4*3*3*3 + 4 + 10*64 floats, each tensor 64-byte aligned.
    CHECK(fs::file_size(a / "model.params") >= (108 + 4 + 640) * 4);
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST_CASE("llvm_cpu: every node it cannot compile is listed at once") {
    // Ifs whose condition is computed cannot be unrolled, and shapes must be static.
    auto g = make_graph(R"(graph g(%f: f32[], %h: string[N]) {
        %zero: f32[] = const [0]
        %c = Less(%f, %zero)
        %a = If(%c, %f) {num_captured = 1,
          then_branch = graph t(%v: f32[]) { %n = Neg(%v) return %n },
          else_branch = graph e(%v: f32[]) { return %v }}
        %b = If(%c, %f) {num_captured = 1,
          then_branch = graph t(%v: f32[]) { %n = Abs(%v) return %n },
          else_branch = graph e(%v: f32[]) { return %v }}
        %e = Identity(%h)
        return %a, %b, %e })");
    auto dir = scratch("unsupported");
    std::string msg;
    try {
        build_native(*g, host_target(), dir);
    } catch (const UserError& e) {
        msg = e.what();
    }
    CAPTURE(msg);
    CHECK(msg.find("llvm_cpu cannot compile 5 node(s)") != std::string::npos);  // 3 nodes, the string input and output
    CHECK(msg.find("graph input (dynamic shape [N]; give it with --input-shapes): 'h'") != std::string::npos);
    CHECK(msg.find("If (no lowering): 'If_1', 'If_2'") != std::string::npos);
    CHECK(msg.find("Identity (output 0 has the dynamic shape [N]): 'Identity_3'") != std::string::npos);
    CHECK(msg.find("graph output (element type string, shape [N]): 'e'") != std::string::npos);
    CHECK(msg.find("--target-plugin reference") != std::string::npos);
    fs::remove_all(dir);
}
