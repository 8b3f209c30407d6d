// The llvm_cpu lowerings of the recurrent layers, Einsum / Det, the selection ops
// (Compress, OneHot, TopK, ReverseSequence, GatherND), DynamicQuantizeLinear /
// QLinearConv / ConvInteger, GroupNormalization / MeanVarianceNormalization and Swish, against the
// reference interpreter, with 1 and 2 threads.
#include <doctest/doctest.h>

#include "native_run.hpp"

using namespace neo;
using namespace neo::test;

TEST_CASE("llvm_cpu lowering: RNN, GRU and LSTM") {
    check_graph_cases({
        {"rnn bidirectional, sequence_lens, initial_h, activations, clip",
         R"(graph g(%x: f32[4,3,5], %w: f32[2,6,5], %r: f32[2,6,6], %b: f32[2,12], %h: f32[2,3,6]) {
            %l: i32[3] = const [4, 2, 0]
            %y, %yh = RNN(%x, %w, %r, %b, %l, %h) {direction = "bidirectional", hidden_size = 6,
                activations = ["Relu", "LeakyRelu"], activation_alpha = [0.3], clip = 0.8}
            return %y, %yh })", {"w", "r"}},
        {"gru layout 1, reverse, linear_before_reset 0 and 1",
         R"(graph g(%x: f32[3,4,5], %w: f32[1,12,5], %r: f32[1,12,4], %b: f32[1,24]) {
            %y, %yh = GRU(%x, %w, %r, %b) {layout = 1, direction = "reverse"}
            %z, %zh = GRU(%x, %w, %r, %b) {layout = 1, linear_before_reset = 1}
            return %y, %yh, %z, %zh })", {}},
        {"lstm bidirectional, peepholes, initial states, layout 1",
         R"(graph g(%x: f32[2,5,3], %w: f32[2,16,3], %r: f32[2,16,4], %b: f32[2,32], %h: f32[2,2,4], %c: f32[2,2,4], %p: f32[2,12]) {
            %y, %yh, %yc = LSTM(%x, %w, %r, %b, _, %h, %c, %p) {direction = "bidirectional", layout = 1}
            %z, %zh, %zc = LSTM(%x, %w, %r, _, _, _, _, _) {direction = "bidirectional", layout = 1, input_forget = 1,
                activations = ["HardSigmoid", "Tanh", "Softsign", "Sigmoid", "ScaledTanh", "Elu"]}
            return %y, %yh, %yc, %z, %zh, %zc })", {}},
    });
}

TEST_CASE("llvm_cpu lowering: Einsum and Det") {
    check_graph_cases({
        {"einsum ellipsis broadcast, diagonal, implicit output, three operands, integers",
         R"(graph g(%a: f32[2,1,3,4], %b: f32[5,4,6], %d: f32[3,3,2], %u: f32[4], %v: f32[5], %w: f32[4,5], %i: i32[3,4], %j: i32[4]) {
            %y = Einsum(%a, %b) {equation = "...ij,...jk->...ik"}
            %z = Einsum(%d) {equation = "iij"}
            %t = Einsum(%u, %w, %v) {equation = "i, ij, j"}
            %s = Einsum(%i, %j) {equation = "ij,j->i"}
            %o = Einsum(%u, %v) {equation = "i,j->ji"}
            return %y, %z, %t, %s, %o })", {}},
        {"det batch and singular",
         R"(graph g(%x: f32[2,3,5,5], %w: f32[2,3,3]) {
            %y = Det(%x)
            %m: f32[2,3,3] = const [1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
            %s = Mul(%w, %m)
            %z = Det(%s)
            return %y, %z })", {}},
    });
}

TEST_CASE("llvm_cpu lowering: OneHot, TopK, ReverseSequence, GatherND and Compress") {
    check_graph_cases({
        {"one-hot float and integer indices, negative axis",
         R"(graph g(%x: i64[2,3], %v: f32[2], %s: f32[]) {
            %f: f32[2,3] = const [0.0, -1.0, 2.7, 7.0, -6.5, 1.0]
            %m = Mul(%f, %s)
            %d: i64[] = const [5]
            %y = OneHot(%x, %d, %v) {axis = 1}
            %z = OneHot(%m, %d, %v) {axis = -1}
            return %y, %z })", {}},
        {"top-k largest and smallest with ties, integers and floats",
         R"(graph g(%x: i32[3,7,2], %f: f32[4,6]) {
            %k: i64[1] = const [4]
            %y, %i = TopK(%x, %k) {axis = 1}
            %z, %j = TopK(%x, %k) {axis = -2, largest = 0}
            %k2: i64[1] = const [6]
            %u, %l = TopK(%f, %k2) {largest = 0}
            return %y, %i, %z, %j, %u, %l })", {}},
        {"reverse sequence on both layouts, gather-nd with batch dims",
         R"(graph g(%x: f32[4,3,2], %w: f32[3,4,2], %l: i64[3], %b: i64[3], %d: f32[2,5,6,3], %i: i64[2,4,2]) {
            %y = ReverseSequence(%x, %l) {batch_axis = 1, time_axis = 0}
            %z = ReverseSequence(%w, %b) {batch_axis = 0, time_axis = 1}
            %g = GatherND(%d, %i) {batch_dims = 1}
            %n: i64[2,1] = const [-1, 0]
            %h = GatherND(%d, %n)
            return %y, %z, %g, %h })", {}},
        {"compress along an axis and flattened",
         R"(graph g(%x: f32[3,5,2]) {
            %c: bool[5] = const [true, false, true, true, false]
            %y = Compress(%x, %c) {axis = -2}
            %c2: bool[4] = const [false, true, false, true]
            %z = Compress(%x, %c2)
            return %y, %z })", {}},
    });
}

TEST_CASE("llvm_cpu lowering: DynamicQuantizeLinear, QLinearConv and ConvInteger") {
    check_graph_cases({
        {"dynamic quantize", R"(graph g(%x: f32[3,50], %p: f32[7]) {
            %y, %s, %z = DynamicQuantizeLinear(%x)
            %a = Abs(%p)
            %q, %t, %u = DynamicQuantizeLinear(%a)
            return %y, %s, %z, %q, %t, %u })", {}},
        {"qlinear conv per-channel weights, bias, pads, strides, groups",
         R"(graph g(%x: u8[2,4,7,6], %w: i8[6,2,3,3], %b: i32[6], %v: u8[1,2,9], %k: u8[3,2,4]) {
            %xs: f32[] = const [0.05]
            %xz: u8[] = const [2]
            %ws: f32[6] = const [0.1, 0.2, 0.15, 0.3, 0.25, 0.05]
            %wz: i8[6] = const [0, 1, -1, 2, 0, 1]
            %ys: f32[] = const [0.02]
            %yz: u8[] = const [120]
            %y = QLinearConv(%x, %xs, %xz, %w, %ws, %wz, %ys, %yz, %b) {group = 2, pads = [1, 0, 1, 2], strides = [2, 1]}
            %ks: f32[] = const [0.5]
            %kz: u8[] = const [1]
            %zs: i8[] = const [-3]
            %z = QLinearConv(%v, %xs, %xz, %k, %ks, %kz, %ys, %zs) {auto_pad = "SAME_UPPER", dilations = [2]}
            return %y, %z })", {}},
        {"conv integer with and without zero points",
         R"(graph g(%x: u8[2,4,7,6], %w: i8[6,2,3,3], %v: i8[1,2,9], %k: i8[3,2,4]) {
            %xz: u8[] = const [2]
            %wz: i8[6] = const [0, 1, -1, 2, 0, 1]
            %y = ConvInteger(%x, %w, %xz, %wz) {group = 2, pads = [1, 0, 1, 2], strides = [2, 1]}
            %z = ConvInteger(%v, %k) {auto_pad = "SAME_LOWER", dilations = [2]}
            return %y, %z })", {}},
    });
}

TEST_CASE("llvm_cpu lowering: GroupNormalization, MeanVarianceNormalization and Swish") {
    check_graph_cases({
        {"group norm, mvn over default and other axes, swish",
         R"(graph g(%x: f32[2,6,3,4], %s: f32[6], %b: f32[6], %v: f32[3,4,5]) {
            %y = GroupNormalization(%x, %s, %b) {num_groups = 3, epsilon = 0.01}
            %m = MeanVarianceNormalization(%x)
            %n = MeanVarianceNormalization(%v) {axes = [0, 2]}
            %w = Swish(%v) {alpha = 0.7}
            return %y, %m, %n, %w })", {}},
    });
}
