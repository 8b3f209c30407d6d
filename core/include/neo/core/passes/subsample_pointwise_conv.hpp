#pragma once
#include "neo/core/ir/graph.hpp"

namespace neo {

// subsample-pointwise-conv: a Conv with 1x1 kernels, strides above 1 and no padding reads
// only every stride-th input position, so it equals a strided Slice of its input followed
// by the same Conv with unit strides. The rewrite lets code generators run such a Conv
// (ResNet's downsampling shortcuts) as a plain matrix product over contiguous rows. Needs
// static input and weight shapes. Returns whether anything was rewritten.
bool subsample_pointwise_conv(Graph& g);

}  // namespace neo
