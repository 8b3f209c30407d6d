// The register-blocked kernels of the llvm_cpu target (Conv with constant weights, MatMul and
// Gemm with a constant B), its 1x1 Conv and its Conv over few input channels vectorized
// along the positions, its depthwise Conv and its Winograd 3x3 Conv against the reference
// interpreter: shapes that leave tails in every blocking (output channels, positions,
// columns), groups, strides, dilations, padding and positions whose taps all fall outside
// the input, under the default schedule and under other values of the kernels' knobs, on
// the generic x86-64, with AVX2 + FMA and, where the CPU has it, with AVX-512.
#include <doctest/doctest.h>

#include "native_run.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/plugin/host.hpp"
#include "neo/sdk/target.hpp"
#include "program/build.hpp"

using namespace neo;
using namespace neo::test;

namespace {

struct GraphCase {
    const char* name;
    const char* text;
    std::vector<std::string> constants;
};

// One schedule for every node of the graph.
Schedules every_node(const Graph& g, const nlohmann::json& schedule) {
    Schedules s;
    if (schedule.empty()) return s;
    for (const Node* n : g.nodes()) s[llvm_cpu::workload_key(*n)] = schedule;
    return s;
}

void check_cases(const std::vector<GraphCase>& cases, const std::vector<nlohmann::json>& schedules, double atol = 1e-5) {
    std::vector<TargetSpec> targets{host_target()};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) targets.push_back(host_target("haswell"));
    if (__builtin_cpu_supports("avx512f")) targets.push_back(host_target("skylake-avx512"));  // 16 lanes, 32 registers
    for (const auto& gc : cases) {
        const std::string name = gc.name;
        CAPTURE(name);
        auto g = make_graph(gc.text, gc.constants);
        auto inputs = random_inputs(*g);
        auto want = Interpreter(*g).run(inputs);
        for (const auto& target : targets) {
            CAPTURE(target.cpu);
            for (const auto& schedule : schedules) {
                const std::string sched = schedule.dump();
                CAPTURE(sched);
                auto dir = scratch("lower_blocked");
                std::filesystem::remove_all(dir);
                std::filesystem::create_directories(dir);
                PluginHost::global().create_target("llvm_cpu")->build(*g, target, every_node(*g, schedule), dir);
                check_native_runs(dir, inputs, want, 1e-4, atol);
                std::filesystem::remove_all(dir);
            }
        }
    }
}

}  // namespace

TEST_CASE("llvm_cpu lowering: blocked Conv") {
    check_cases({
        {"3x3 pads, channels not a multiple of the block, bias",
         R"(graph g(%x: f32[2,5,9,11], %w: f32[20,5,3,3], %b: f32[20]) {
            %y = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]}
            return %y })", {"w"}},
        {"strides, dilations, uneven pads",
         R"(graph g(%x: f32[1,6,12,13], %w: f32[12,6,3,2]) {
            %y = Conv(%x, %w, _) {strides = [2, 3], dilations = [2, 1], pads = [0, 2, 1, 1]}
            return %y })", {"w"}},
        {"groups with a partial block each, same_lower",
         R"(graph g(%x: f32[1,6,7,10], %w: f32[18,3,3,3], %b: f32[18]) {
            %y = Conv(%x, %w, %b) {group = 2, auto_pad = "SAME_LOWER"}
            return %y })", {"w", "b"}},
        {"1x1 (a matrix product over the flattened positions) and 1x1 with stride 2",
         R"(graph g(%x: f32[2,7,5,6], %w: f32[24,7,1,1], %v: f32[9,7,1,1]) {
            %y = Conv(%x, %w, _)
            %z = Conv(%x, %v, _) {strides = [2, 2]}
            return %y, %z })", {"w", "v"}},
        {"a kernel wider than the input: every position at the border",
         R"(graph g(%x: f32[1,3,2,3], %w: f32[8,3,5,5]) {
            %y = Conv(%x, %w, _) {pads = [2, 2, 2, 2]}
            return %y })", {"w"}},
        {"1-D same_upper and 3-D",
         R"(graph g(%x: f32[2,4,17], %w: f32[9,4,4], %v: f32[1,2,4,5,6], %k: f32[8,2,2,3,2]) {
            %y = Conv(%x, %w, _) {auto_pad = "SAME_UPPER"}
            %z = Conv(%v, %k, _) {pads = [1, 0, 1, 0, 1, 1], strides = [1, 2, 1]}
            return %y, %z })", {"w", "k"}},
        {"f64",
         R"(graph g(%x: f64[1,3,6,7], %w: f64[10,3,3,3], %b: f64[10]) {
            %y = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]}
            return %y })", {"w"}},
        {"a reduction longer than L1 holds: in passes of input channels, the last one shorter, "
         "and a Relu applied once to the finished sums",
         R"(graph g(%x: f32[2,70,6,7], %w: f32[24,70,3,3], %b: f32[24]) {
            %c = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]}
            %y = Relu(%c)
            return %y })", {"w", "b"}},
        {"1x1 over few positions with a long reduction (channels as vectors by default), "
         "and stride 2 with uneven pads",
         R"(graph g(%x: f32[1,600,3,5], %w: f32[16,600,1,1], %v: f32[1,40,9,8], %k: f32[17,40,3,3]) {
            %c = Conv(%x, %w, _)
            %y = Relu(%c)
            %z = Conv(%v, %k, _) {strides = [2, 2], pads = [1, 0, 2, 1]}
            return %y, %z })", {"w", "k"}},
    }, {// The 3x3 convolutions with unit strides and 16 input channels or more would take the
        // Winograd kernel by default.
        {{"winograd", 0}},
        {{"winograd", 0}, {"oc_vectors", 1}, {"ow_block", 3}, {"tiles_per_task", 1}, {"unroll_k", 2}},
        {{"winograd", 0}, {"oc_vectors", 3}, {"ow_block", 5}, {"parallel", 0}, {"vector_axis", 0}},
        {{"winograd", 0}, {"ic_block", 16}, {"rows_per_task", 3}, {"tiles_per_task", 1}, {"unroll_k", 4}, {"vector_axis", 0}},
        {{"winograd", 0}, {"ic_block", 8}, {"prefetch", 0}, {"vector_axis", 0}},
        {{"winograd", 0}, {"blocked", 0}, {"vector_axis", 0}}});
}

TEST_CASE("llvm_cpu lowering: MatMul and Gemm over a packed B") {
    check_cases({
        {"matmul with rows and columns left over by the tiles, batch of A",
         R"(graph g(%a: f32[2,3,7,13], %b: f32[13,21], %v: f32[5,9], %k: f32[9,8]) {
            %y = MatMul(%a, %b)
            %z = MatMul(%v, %k)
            return %y, %z })", {"b", "k"}},
        {"matmul 1-D A",
         R"(graph g(%a: f32[6], %b: f32[6,17]) {
            %y = MatMul(%a, %b)
            return %y })", {"b"}},
        {"gemm transA transB alpha beta, bias broadcast over rows",
         R"(graph g(%a: f32[6,5], %b: f32[19,6], %c: f32[19]) {
            %y = Gemm(%a, %b, %c) {transA = 1, transB = 1, alpha = 0.5, beta = 2.0}
            return %y })", {"b"}},
        {"gemm bias per row and column, one row",
         R"(graph g(%a: f32[1,11], %b: f32[11,12], %c: f32[1,12], %d: f32[3,11], %e: f32[3,1]) {
            %y = Gemm(%a, %b, %c)
            %z = Gemm(%d, %b, %e) {beta = 0.25}
            return %y, %z })", {"b"}},
        {"f64",
         R"(graph g(%a: f64[5,7], %b: f64[7,10]) {
            %y = MatMul(%a, %b)
            return %y })", {"b"}},
    }, {nlohmann::json::object(),
        {{"n_vectors", 1}, {"m_block", 3}, {"unroll_k", 2}},
        {{"n_vectors", 3}, {"m_block", 8}, {"parallel", 0}},
        {{"packed", 0}}});
}

TEST_CASE("llvm_cpu lowering: depthwise Conv") {
    check_cases({
        {"3x3 pads 1, bias, rows that do not fill the vectors",
         R"(graph g(%x: f32[2,6,9,21], %w: f32[6,1,3,3], %b: f32[6]) {
            %y = Conv(%x, %w, %b) {group = 6, pads = [1, 1, 1, 1]}
            return %y })", {"w", "b"}},
        {"stride 2, odd sizes, same_upper; two output channels per input channel",
         R"(graph g(%x: f32[1,4,11,17], %w: f32[8,1,3,3]) {
            %y = Conv(%x, %w, _) {group = 4, strides = [2, 2], auto_pad = "SAME_UPPER"}
            return %y })", {"w"}},
        {"5x5 dilated, uneven pads; a kernel wider than the input",
         R"(graph g(%x: f32[1,3,12,20], %w: f32[3,1,5,5], %v: f32[1,2,3,4], %k: f32[2,1,5,7]) {
            %y = Conv(%x, %w, _) {group = 3, dilations = [2, 1], pads = [2, 0, 3, 4]}
            %z = Conv(%v, %k, _) {group = 2, pads = [2, 3, 2, 3]}
            return %y, %z })", {"w", "k"}},
        {"f64",
         R"(graph g(%x: f64[1,5,7,9], %w: f64[5,1,3,3], %b: f64[5]) {
            %y = Conv(%x, %w, %b) {group = 5, pads = [1, 1, 1, 1], strides = [1, 2]}
            return %y })", {"w", "b"}},
        {"column strides 3 and 2 with dilation 2 (buffer rows split in phases), narrow inputs",
         R"(graph g(%x: f32[1,2,5,4], %w: f32[2,1,3,3], %v: f32[1,3,6,29], %k: f32[3,1,3,5]) {
            %y = Conv(%x, %w, _) {group = 2, strides = [1, 3], dilations = [1, 2], pads = [1, 2, 1, 3]}
            %z = Conv(%v, %k, _) {group = 3, strides = [2, 2], dilations = [1, 2], pads = [1, 3, 0, 4]}
            return %y, %z })", {"w", "k"}},
        {"rows of 14 and of 7 (narrower than AVX-512's 16 lanes: vectors of 8 and 4), Relu after",
         R"(graph g(%x: f32[1,8,14,14], %w: f32[8,1,3,3], %b: f32[8], %k: f32[8,1,3,3]) {
            %c = Conv(%x, %w, %b) {group = 8, pads = [1, 1, 1, 1]}
            %y = Relu(%c)
            %z = Conv(%y, %k, _) {group = 8, pads = [1, 1, 1, 1], strides = [2, 2]}
            return %y, %z })", {"w", "b", "k"}},
        {"7x7 with SiLU after (a plane by default), two output channels per input channel",
         R"(graph g(%x: f32[1,6,7,7], %w: f32[12,1,3,3], %b: f32[12]) {
            %c = Conv(%x, %w, %b) {group = 6, pads = [1, 1, 1, 1]}
            %s = Sigmoid(%c)
            %y = Mul(%c, %s)
            return %y })", {"w", "b"}},
    }, {nlohmann::json::object(), {{"depthwise", 1}}, {{"depthwise", 1}, {"rows_per_task", 1}, {"vector_width", 4}},
        {{"depthwise", 1}, {"parallel", 0}, {"rows_per_task", 32}}, {{"depthwise", 0}}, {{"plane", 1}},
        {{"plane", 0}}, {{"plane", 1}, {"vector_width", 4}, {"parallel", 0}}});
}

TEST_CASE("llvm_cpu lowering: MaxPool through the depthwise kernel's rows") {
    check_cases({
        {"3x3 stride 2 with ceil_mode (windows past the input) and pads; 2x2 stride 2; rows of 5",
         R"(graph g(%x: f32[2,3,17,23], %v: f32[1,4,10,10]) {
            %y = MaxPool(%x) {kernel_shape = [3, 3], strides = [2, 2], ceil_mode = 1}
            %z = MaxPool(%x) {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1]}
            %u = MaxPool(%v) {kernel_shape = [2, 2], strides = [2, 2]}
            return %y, %z, %u })", {}},
        {"rows of 70 with stride 2: a long phase split (vectorized) and a depthwise Conv over it",
         R"(graph g(%x: f32[1,2,6,70], %w: f32[2,1,3,3]) {
            %y = MaxPool(%x) {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1]}
            %z = Conv(%x, %w, _) {group = 2, strides = [2, 2], pads = [1, 1, 1, 1]}
            return %y, %z })", {"w"}},
        {"dilations, uneven pads, a window wider than the row, f64",
         R"(graph g(%x: f32[1,2,9,12], %p: f64[1,3,6,8]) {
            %y = MaxPool(%x) {kernel_shape = [2, 3], dilations = [2, 2], pads = [0, 1, 1, 2]}
            %z = MaxPool(%p) {kernel_shape = [3, 9], pads = [1, 4, 1, 4]}
            return %y, %z })", {}},
    }, {nlohmann::json::object(), {{"parallel", 0}}});
}

TEST_CASE("llvm_cpu lowering: 1x1 Conv vectorized along the positions") {
    check_cases({
        {"positions and channels left over by the tiles, bias",
         R"(graph g(%x: f32[2,13,5,7], %w: f32[11,13,1,1], %b: f32[11]) {
            %y = Conv(%x, %w, %b)
            return %y })", {"w", "b"}},
        {"groups; fewer positions than a tile",
         R"(graph g(%x: f32[1,6,3,4], %w: f32[10,3,1,1], %v: f32[1,8,40], %k: f32[4,8,1]) {
            %y = Conv(%x, %w, _) {group = 2}
            %z = Conv(%v, %k, _)
            return %y, %z })", {"w", "k"}},
        {"13x13 positions: the last tile's whole vectors, then one more vector ending at the tile's end; Relu after",
         R"(graph g(%x: f32[1,24,13,13], %w: f32[20,24,1,1], %b: f32[20]) {
            %c = Conv(%x, %w, %b)
            %y = Relu(%c)
            return %y })", {"w", "b"}},
        {"3-D, f64",
         R"(graph g(%x: f32[1,3,4,5,6], %w: f32[7,3,1,1,1], %v: f64[1,9,6,6], %k: f64[5,9,1,1]) {
            %y = Conv(%x, %w, _)
            %z = Conv(%v, %k, _)
            return %y, %z })", {"w", "k"}},
    }, {nlohmann::json::object(),
        {{"oc_block", 3}, {"p_vectors", 1}, {"tiles_per_task", 1}},
        {{"oc_block", 6}, {"p_vectors", 3}, {"unroll_k", 2}, {"parallel", 0}},
        {{"vector_axis", 0}}});
}

TEST_CASE("llvm_cpu lowering: Conv over a window vectorized along the positions of a row") {
    check_cases({
        {"an image's first layer: 3 colours, 3x3 stride 2, pads, bias; a row of 11 (an overlapping last tile)",
         R"(graph g(%x: f32[1,3,17,21], %w: f32[10,3,3,3], %b: f32[10]) {
            %y = Conv(%x, %w, %b) {strides = [2, 2], pads = [1, 1, 1, 1]}
            return %y })", {"w", "b"}},
        {"7x7 stride 2 over two images, Relu after",
         R"(graph g(%x: f32[2,3,20,37], %w: f32[16,3,7,7]) {
            %c = Conv(%x, %w, _) {strides = [2, 2], pads = [3, 3, 3, 3]}
            %y = Relu(%c)
            return %y })", {"w"}},
        {"dilations and uneven pads; stride 1 with no padding",
         R"(graph g(%x: f32[1,2,9,30], %w: f32[5,2,3,3], %v: f32[1,4,6,19], %k: f32[9,4,3,2]) {
            %y = Conv(%x, %w, _) {dilations = [2, 2], pads = [0, 1, 2, 0]}
            %z = Conv(%v, %k, _)
            return %y, %z })", {"w", "k"}},
        {"a kernel wider than the input: every tile at the border",
         R"(graph g(%x: f32[1,3,2,9], %w: f32[8,3,5,5]) {
            %y = Conv(%x, %w, _) {pads = [2, 2, 2, 2]}
            return %y })", {"w"}},
        {"stride 4 over 3 columns padded by 8: no position with all its phases inside the input",
         R"(graph g(%x: f32[1,3,5,3], %w: f32[4,3,5,5]) {
            %y = Conv(%x, %w, _) {strides = [1, 4], pads = [2, 8, 2, 8]}
            return %y })", {"w"}},
        {"1-D with groups, 3-D, f64",
         R"(graph g(%x: f32[1,4,25], %w: f32[6,2,3], %v: f32[1,2,3,5,18], %k: f32[7,2,2,3,3], %p: f64[1,3,5,12], %q: f64[6,3,3,3]) {
            %y = Conv(%x, %w, _) {group = 2, strides = [2], pads = [1, 0]}
            %z = Conv(%v, %k, _) {pads = [1, 0, 1, 0, 1, 1], strides = [1, 2, 1]}
            %u = Conv(%p, %q, _) {pads = [1, 1, 1, 1]}
            return %y, %z, %u })", {"w", "k", "q"}},
    }, {nlohmann::json::object(), {{"vector_axis", 1}},
        {{"vector_axis", 1}, {"oc_block", 3}, {"p_vectors", 1}, {"rows_per_task", 2}, {"unroll_k", 2}},
        {{"vector_axis", 1}, {"oc_block", 4}, {"p_vectors", 3}, {"rows_per_task", 32}, {"parallel", 0}},
        {{"vector_axis", 0}}});
}

TEST_CASE("llvm_cpu lowering: Winograd 3x3 Conv") {
    check_cases({
        {"24 input channels (F(2x2) by default: 12 tiles of F(4x4)), output channels not a multiple of the block, bias",
         R"(graph g(%x: f32[1,24,14,10], %w: f32[20,24,3,3], %b: f32[20]) {
            %y = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]}
            return %y })", {"w", "b"}},
        {"planes that the tiles do not divide, two images, no padding and uneven pads, Relu and Add after",
         R"(graph g(%x: f32[2,3,9,11], %w: f32[12,3,3,3], %v: f32[1,7,10,7], %k: f32[8,7,3,3], %r: f32[1,8,10,7]) {
            %y = Conv(%x, %w, _)
            %c = Conv(%v, %k, _) {pads = [0, 1, 2, 1]}
            %s = Add(%c, %r)
            %z = Relu(%s)
            return %y, %z })", {"w", "k"}},
        {"f64, same_upper",
         R"(graph g(%x: f64[1,4,6,9], %w: f64[9,4,3,3], %b: f64[9]) {
            %y = Conv(%x, %w, %b) {auto_pad = "SAME_UPPER"}
            return %y })", {"w", "b"}},
    }, {nlohmann::json::object(), {{"winograd", 2}}, {{"winograd", 4}, {"tiles_per_task", 1}},
        {{"winograd", 4}, {"tiles_per_task", 64}, {"parallel", 0}}, {{"winograd", 2}, {"tiles_per_task", 8}},
        {{"winograd", 4}, {"prefetch", 1}, {"tiles_per_task", 2}}, {{"winograd", 2}, {"prefetch", 1}}},
       // F(4x4, 3x3) scales its transformed values by up to 8 and 1/24 (Lavin and Gray), so
       // its sums round more than the direct ones: within 5e-5 absolute here.
       5e-5);
}
