// Epilogue fusion in the llvm_cpu target (lower/epilogue.hpp): pointwise consumers applied in
// their producer's kernel. Each graph is compiled, its kernels' ops (model.json) show what was
// fused, and its outputs are compared with the reference interpreter's with 1 and 2 threads.
#include <doctest/doctest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "native_run.hpp"
#include "neo/core/interp/interpreter.hpp"

using namespace neo;
using namespace neo::test;

namespace {

struct FusionCase {
    const char* name;
    const char* text;
    std::vector<std::string> constants;
    std::vector<std::string> kernels;  // the ops of the kernels, in order ("Conv+Add+Relu")
};

void check(const std::vector<FusionCase>& cases) {
    for (const auto& fc : cases) {
        const std::string name = fc.name;
        CAPTURE(name);
        auto g = make_graph(fc.text, fc.constants);
        auto inputs = random_inputs(*g);
        auto want = Interpreter(*g).run(inputs);
        auto dir = scratch("lower_epilogue");
        build_native(*g, host_target(), dir);
        std::string ops, expected;
        const auto model = nlohmann::json::parse(std::ifstream(dir / "model.json"));
        for (const auto& k : model["llvm_cpu"]["kernels"])
            ops += k["op"].get<std::string>() + " ";
        for (const auto& k : fc.kernels) expected += k + " ";
        CHECK(ops == expected);
        check_native_runs(dir, inputs, want, 1e-4, 1e-5);
        std::filesystem::remove_all(dir);
    }
}

}  // namespace

TEST_CASE("llvm_cpu epilogues: activations and residuals in Conv, MatMul and Gemm") {
    check({
        {"conv, relu",
         R"(graph g(%x: f32[1,5,9,11], %w: f32[20,5,3,3], %b: f32[20]) {
            %c = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]}
            %y = Relu(%c)
            return %y })", {"w", "b"}, {"Conv+Relu"}},
        {"conv, residual add (either side), relu; the residual is the conv's own input",
         R"(graph g(%x: f32[2,16,6,7], %w: f32[16,16,1,1], %v: f32[16,16,3,3]) {
            %c = Conv(%x, %w, _)
            %a = Add(%x, %c)
            %r = Relu(%a)
            %d = Conv(%r, %v, _) {pads = [1, 1, 1, 1]}
            %e = Add(%d, %r)
            %y = Relu(%e)
            return %y })", {"w", "v"}, {"Conv+Add+Relu", "Conv+Add+Relu"}},
        {"per-channel constant, clip (relu6), leaky relu, hard swish",
         R"(graph g(%x: f32[1,8,5,6], %w: f32[12,8,3,3], %s: f32[12,1,1], %lo: f32[], %hi: f32[]) {
            %c = Conv(%x, %w, _) {strides = [2, 1]}
            %m = Mul(%c, %s)
            %k = Clip(%m, %lo, %hi)
            %l = LeakyRelu(%k) {alpha = 0.2}
            %y = HardSwish(%l)
            return %y })", {"w", "s", "lo", "hi"}, {"Conv+Mul+Clip+LeakyRelu+HardSwish"}},
        {"silu (x * sigmoid(x)) after a conv and after a depthwise conv, then a residual",
         R"(graph g(%x: f32[1,8,6,9], %w: f32[8,8,1,1], %d: f32[8,1,3,3]) {
            %c = Conv(%x, %w, _)
            %s = Sigmoid(%c)
            %m = Mul(%c, %s)
            %e = Conv(%m, %d, _) {group = 8, pads = [1, 1, 1, 1]}
            %t = Sigmoid(%e)
            %u = Mul(%t, %e)
            %y = Add(%u, %x)
            return %y })", {"w", "d"}, {"Conv+Sigmoid+Mul", "Conv+Sigmoid+Mul+Add"}},
        {"matmul with a packed B, bias, gelu; gemm, sigmoid, product with an input",
         R"(graph g(%a: f32[3,7,13], %b: f32[13,21], %bias: f32[21], %p: f32[6,5], %q: f32[5,10], %z: f32[6,10]) {
            %m = MatMul(%a, %b)
            %n = Add(%m, %bias)
            %y = Gelu(%n)
            %h = Gemm(%p, %q)
            %s = Sigmoid(%h)
            %t = Mul(%z, %s)
            return %y, %t })", {"b", "bias", "q"}, {"MatMul+Add+Gelu", "Gemm+Sigmoid+Mul"}},
        {"operands of a batched matmul's tiles: a bias of 48 columns, a scale per row, one per batch",
         R"(graph g(%a: f32[3,7,13], %b: f32[13,48], %bias: f32[48], %r: f32[7,1], %s: f32[3,1,1]) {
            %m = MatMul(%a, %b)
            %n = Add(%bias, %m)
            %o = Mul(%n, %r)
            %y = Sub(%o, %s)
            return %y })", {"b", "bias"}, {"MatMul+Add+Mul+Sub"}},
    });
}

TEST_CASE("llvm_cpu epilogues: what is not fused") {
    check({
        {"an intermediate that is a graph output or is read outside the chain ends it",
         R"(graph g(%x: f32[1,5,9,11], %w: f32[8,5,3,3]) {
            %c = Conv(%x, %w, _)
            %r = Relu(%c)
            %e = Exp(%r)
            %f = Neg(%r)
            return %c, %e, %f })", {"w"}, {"Conv", "Relu", "Exp", "Neg"}},
        {"an operand computed after the producer: the chain goes to the operand's producer",
         R"(graph g(%x: f32[1,5,9,11], %w: f32[8,5,3,3], %z: f32[1,8,7,9]) {
            %c = Conv(%x, %w, _)
            %d = Exp(%z)
            %e = Add(%c, %d)
            %y = Relu(%e)
            return %y })", {"w"}, {"Conv", "Exp+Add+Relu"}},
        {"a kernel that accumulates in its output (weights computed at run time)",
         R"(graph g(%x: f32[1,5,9,11], %w: f32[8,5,3,3]) {
            %c = Conv(%x, %w, _)
            %y = Relu(%c)
            return %y })", {}, {"Conv", "Relu"}},
        {"a type change (Cast) or a broadcast that grows the shape",
         R"(graph g(%x: f32[4,6], %y: f32[3,4,6]) {
            %a = Relu(%x)
            %b = Add(%a, %y)
            %c = Cast(%b) {to = 11}
            return %c })", {}, {"Relu", "Add", "Cast"}},
    });
}
