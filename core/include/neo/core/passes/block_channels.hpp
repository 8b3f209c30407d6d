#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "neo/core/ir/graph.hpp"

namespace neo {

// block-channels: plans the channel-blocked layout (N, C/b, D..., b) of ops/nn/blocked_conv.cpp
// over a graph, for a code generator whose convolutions run faster on it (a vector of b
// channels loaded and stored whole, a block of input channels read from one place).
//
// A Conv that `convertible` accepts (the generator runs it as neo.BlockedConv) yields a
// blocked tensor, and so does an elementwise node (Relu, Clip, Add, Mul, ...) whose tensor
// inputs are all blocked and of its output's shape (other inputs: constant scalars), or a
// Slice of spatial axes (constant parameters) of a blocked tensor. A
// tensor stays blocked only while some consumer takes it so: a convertible Conv reading it
// as X, or such an elementwise node whose output stays blocked; one that no consumer takes
// blocked is left as it was, and the consumers of a blocked tensor that cannot take it
// (a pool, a graph output) read one neo.Unblock of it. Tensors need static shapes with 1 to
// 3 spatial axes and channels a multiple of `block`. Returns whether anything changed.
bool block_channels(Graph& g, int64_t block, const std::function<bool(const Node&)>& convertible);

// The dims (N, C/b, D..., b) of a tensor of dims (N, C, D...) in blocks of b channels, and back.
inline std::vector<int64_t> blocked_dims(std::vector<int64_t> plain, int64_t b) {
    plain[1] /= b;
    plain.push_back(b);
    return plain;
}
inline std::vector<int64_t> plain_dims(std::vector<int64_t> blocked) {
    blocked[1] *= blocked.back();
    blocked.pop_back();
    return blocked;
}

}  // namespace neo
