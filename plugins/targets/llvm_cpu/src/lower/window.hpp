#pragma once
// Sliding-window geometry of Conv and the pools for one node with static shapes: the
// padding before each spatial axis (from pads or auto_pad, with the output extents the
// graph already inferred) and the loop bounds that keep taps inside the input.
#include <cstdint>
#include <vector>

#include "kir/kir.hpp"
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

struct WindowAxis {
    int64_t in = 1, out = 1, kernel = 1, stride = 1, dilation = 1, pad_begin = 0, pad_end = 0;
};

// The spatial axes of input 0 / output 0 (N, C, spatial...), kernel extents given.
std::vector<WindowAxis> window_axes(LowerCtx& c, const std::vector<int64_t>& kernel);
// The same for the given plain input and output shapes (of a node on blocked tensors).
std::vector<WindowAxis> window_axes(LowerCtx& c, const std::vector<int64_t>& kernel, const std::vector<int64_t>& xs,
                                    const std::vector<int64_t>& ys);

// ceil(a / b) for b > 0.
kir::ExprP ceildiv(const kir::ExprP& a, int64_t b);
// For kernel tap `k`: the output positions [lo, hi) whose tap lies inside the input.
std::pair<kir::ExprP, kir::ExprP> outputs_for_tap(const WindowAxis& a, const kir::ExprP& k);
// For output position `o`: the kernel taps [lo, hi) that lie inside the input.
std::pair<kir::ExprP, kir::ExprP> taps_for_output(const WindowAxis& a, const kir::ExprP& o);
// For output position `o`: how many taps lie inside the padded input.
kir::ExprP padded_taps(const WindowAxis& a, const kir::ExprP& o);

}  // namespace neo::llvm_cpu
