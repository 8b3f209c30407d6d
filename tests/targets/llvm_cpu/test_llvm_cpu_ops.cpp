// Graphs compiled by the llvm_cpu target for this machine (generic x86-64 and, where the
// machine has them, AVX2 and FMA), run through the device runtime with 1 and 2 threads, against the
// reference interpreter.
#include <doctest/doctest.h>

#include "native_run.hpp"

using namespace neo;
using namespace neo::test;

namespace {

const std::vector<GraphCase> kCases = {
    {"conv pads strides bias", R"(graph g(%x: f32[2,3,9,8], %w: f32[4,3,3,3], %b: f32[4]) {
        %y = Conv(%x, %w, %b) {pads = [1, 1, 1, 1], strides = [2, 1]}
        return %y })", {"w", "b"}},
    {"conv dilations groups same_upper", R"(graph g(%x: f32[1,4,7,7], %w: f32[6,2,3,3]) {
        %y = Conv(%x, %w, _) {group = 2, dilations = [2, 1], auto_pad = "SAME_UPPER"}
        return %y })", {"w"}},
    {"conv 1-D and depthwise 3-D", R"(graph g(%x: f32[2,3,10], %w: f32[5,3,4], %v: f32[1,2,4,5,6], %k: f32[2,1,2,3,2]) {
        %y = Conv(%x, %w, _) {pads = [2, 1]}
        %z = Conv(%v, %k, _) {group = 2, strides = [1, 2, 1]}
        return %y, %z })", {}},
    {"matmul batch broadcast and 1-D", R"(graph g(%a: f32[2,1,3,5], %b: f32[4,5,7], %v: f32[5]) {
        %y = MatMul(%a, %b)
        %z = MatMul(%v, %b)
        return %y, %z })", {}},
    {"gemm transposes alpha beta bias", R"(graph g(%a: f32[6,4], %b: f32[5,6], %c: f32[5]) {
        %y = Gemm(%a, %b, %c) {transA = 1, transB = 1, alpha = 0.5, beta = 2.0}
        return %y })", {"b", "c"}},
    {"pools", R"(graph g(%x: f32[2,3,9,10]) {
        %m = MaxPool(%x) {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1], ceil_mode = 1}
        %a = AveragePool(%x) {kernel_shape = [3, 2], pads = [1, 0, 1, 1], count_include_pad = 1}
        %e = AveragePool(%x) {kernel_shape = [2, 2], auto_pad = "SAME_LOWER", dilations = [2, 1]}
        %g = GlobalAveragePool(%x)
        %h = GlobalMaxPool(%x)
        %l = LpPool(%x) {kernel_shape = [2, 3], p = 3, pads = [1, 1, 0, 0]}
        %gl = GlobalLpPool(%x) {p = 2}
        return %m, %a, %e, %g, %h, %l, %gl })", {}},
    {"elementwise broadcasting chain", R"(graph g(%x: f32[2,3,4], %y: f32[3,1], %s: f32[]) {
        %a = Add(%x, %y)
        %b = Mul(%a, %s)
        %c = Sigmoid(%b)
        %d = LeakyRelu(%c) {alpha = 0.2}
        %e = Clip(%d, %s, _)
        %t = Greater(%x, %y)
        %f = Where(%t, %e, %x)
        %h = Tanh(%f)
        %i = Pow(%h, %s)
        return %i, %t })", {}},
    {"integer and bool ops", R"(graph g(%x: i32[3,4], %y: i32[4], %z: i64[3,1]) {
        %a = Add(%x, %y)
        %one: i32[] = const [1]
        %y1 = Add(%y, %one)
        %b = Mod(%a, %y1) {fmod = 0}
        %c = Cast(%b) {to = 7}
        %d = Max(%c, %z)
        %e = Equal(%d, %z)
        %f = Not(%e)
        return %d, %f })", {}},
    {"softmax reductions argmax", R"(graph g(%x: f32[2,5,6]) {
        %s = Softmax(%x) {axis = 1}
        %l = LogSoftmax(%x) {axis = -1}
        %ax: i64[2] = const [0, 2]
        %r = ReduceMean(%x, %ax) {keepdims = 0}
        %ax1: i64[1] = const [1]
        %m = ReduceMax(%x, %ax1)
        %p = ArgMax(%x) {axis = 2, keepdims = 0}
        return %s, %l, %r, %m, %p })", {}},
    {"softmax along long rows (vector partial sums, a tail), f64", R"(graph g(%x: f32[3,21], %y: f32[2,3,19], %z: f64[2,9]) {
        %s = Softmax(%x) {axis = -1}
        %l = LogSoftmax(%y) {axis = 2}
        %d = Softmax(%z) {axis = 1}
        return %s, %l, %d })", {}},
    {"data movement", R"(graph g(%x: f32[2,3,4], %y: f32[2,2,4], %i: i64[2,2]) {
        %t = Transpose(%x) {perm = [2, 0, 1]}
        %c = Concat(%x, %y) {axis = 1}
        %st: i64[2] = const [4, 0]
        %en: i64[2] = const [0, 4]
        %axs: i64[2] = const [1, 2]
        %stp: i64[2] = const [-2, 2]
        %s = Slice(%c, %st, %en, %axs, %stp)
        %pads: i64[6] = const [0, 1, 2, 1, 0, 1]
        %pv: f32[] = const [0.5]
        %p = Pad(%x, %pads, %pv) {mode = "constant"}
        %q = Pad(%x, %pads, _) {mode = "reflect"}
        %g = Gather(%x, %i) {axis = 1}
        %shape: i64[2] = const [4, 6]
        %r = Reshape(%t, %shape)
        %sp: i64[2] = const [1, 3]
        %a, %b = Split(%x, %sp) {axis = 2}
        %cs: i64[2] = const [4, 3]  // axis 1 padded by one: offset 0, last row zero
        %cc = CenterCropPad(%x, %cs) {axes = [1, 2]}
        return %t, %c, %s, %p, %q, %g, %r, %a, %b, %cc })", {}},
    {"normalizations", R"(graph g(%x: f32[2,4,3,5], %s: f32[4], %b: f32[4], %m: f32[4], %v: f32[4], %ls: f32[5]) {
        %v2 = Abs(%v)
        %bn = BatchNormalization(%x, %s, %b, %m, %v2) {epsilon = 0.01}
        %in = InstanceNormalization(%x, %s, %b)
        %ln = LayerNormalization(%x, %ls, _) {axis = -1}
        %lrn = LRN(%x) {size = 3, alpha = 0.001, beta = 0.75, bias = 1.0}
        return %bn, %in, %ln, %lrn })", {}},
    {"conv transpose", R"(graph g(%x: f32[1,4,5,6], %w: f32[4,3,3,3], %b: f32[6], %v: f32[2,2,7], %k: f32[2,3,4]) {
        %y = ConvTranspose(%x, %w, %b) {group = 2, strides = [2, 2], pads = [1, 0, 0, 1], output_padding = [1, 1]}
        %z = ConvTranspose(%v, %k, _) {strides = [3], dilations = [2], auto_pad = "SAME_UPPER"}
        return %y, %z })", {"w", "b"}},
    {"scans, masks, gathers", R"(graph g(%x: f32[3,5,5], %i: i64[3,2,5], %u: u32[4], %s: u32[4]) {
        %ax: i64[] = const [1]
        %c = CumSum(%x, %ax) {exclusive = 1, reverse = 1}
        %h = Hardmax(%x) {axis = 1}
        %k: i64[] = const [-1]
        %t = Trilu(%x, %k) {upper = 0}
        %g = GatherElements(%x, %i) {axis = 1}
        %b = BitShift(%u, %s) {direction = "LEFT"}
        %se = ScatterElements(%x, %i, %g) {axis = 1, reduction = "add"}
        %ni: i64[2,2] = const [2, 1, 0, 4]
        %nu: f32[2,5] = const [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        %sn = ScatterND(%x, %ni, %nu)
        return %c, %h, %t, %g, %b, %se, %sn })", {}},
    {"layer and RMS normalization with statistics", R"(graph g(%x: f32[2,3,8], %s: f32[8], %b: f32[8]) {
        %y, %m, %r = LayerNormalization(%x, %s, %b) {axis = 2, epsilon = 0.001}
        %z = RMSNormalization(%x, %s) {axis = -1}
        return %y, %m, %r, %z })", {}},
    {"16-bit floats", R"(graph g(%x: f16[4,6], %y: bf16[6], %z: f32[4,6]) {
        %a = Mul(%x, %x)
        %b = Sigmoid(%a)
        %c = Cast(%z) {to = 10}
        %d = Add(%b, %c)
        %e = Cast(%y) {to = 1}
        %f = Cast(%z) {to = 16}
        %g = Mul(%f, %y)
        %h = ReduceSum(%d, _) {keepdims = 0}
        return %d, %e, %g, %h })", {}},
    {"resize", R"(graph g(%x: f32[1,2,5,6]) {
        %sc: f32[4] = const [1.0, 1.0, 1.6, 0.5]
        %a = Resize(%x, _, %sc) {mode = "linear"}
        %b = Resize(%x, _, %sc) {mode = "cubic", coordinate_transformation_mode = "align_corners"}
        %sz: i64[2] = const [7, 4]
        %c = Resize(%x, _, _, %sz) {mode = "nearest", axes = [3, 2], nearest_mode = "ceil"}
        return %a, %b, %c })", {}},
    {"quantize and dequantize", R"(graph g(%x: f32[2,4,6]) {
        %s: f32[] = const [0.02]
        %z: u8[] = const [128]
        %q = QuantizeLinear(%x, %s, %z)
        %sa: f32[4] = const [0.01, 0.02, 0.004, 0.05]
        %za: i8[4] = const [0, -3, 5, 1]
        %qa = QuantizeLinear(%x, %sa, %za) {axis = 1}
        %da = DequantizeLinear(%qa, %sa, %za) {axis = 1}
        %sb: f32[2,4,2] = const [0.01, 0.02, 0.03, 0.01, 0.02, 0.03, 0.01, 0.02, 0.03, 0.01, 0.02, 0.03, 0.01, 0.02, 0.03, 0.01]
        %qb = QuantizeLinear(%x, %sb) {axis = 2, block_size = 3}
        return %q, %qa, %da, %qb })", {}},
    {"integer matmuls", R"(graph g(%a: u8[2,3,5], %b: u8[5,4]) {
        %za: u8[3] = const [1, 0, 2]
        %zb: u8[4] = const [0, 3, 1, 2]
        %y = MatMulInteger(%a, %b, %za, %zb)
        %sa: f32[] = const [0.05]
        %sb: f32[4] = const [0.1, 0.02, 0.03, 0.04]
        %sy: f32[] = const [0.01]
        %zy: u8[] = const [100]
        %zq: u8[] = const [2]
        %q = QLinearMatMul(%a, %sa, %zq, %b, %sb, %zb, %sy, %zy)
        return %y, %q })", {}},
};

}  // namespace

TEST_CASE("llvm_cpu: graphs match the reference interpreter") {
    // The generic x86-64, and with AVX2 + FMA where this machine has them.
    std::vector<TargetSpec> targets{host_target()};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) targets.push_back(host_target("haswell"));
    check_graph_cases(kCases, targets);
}
