#pragma once
// Registration entry points of the image op family (internal to core/src/ops/image).
#include "neo/core/ops/registry.hpp"

namespace neo::ops::image {

void register_topk(OpRegistry& r);
void register_resize(OpRegistry& r);
void register_non_max_suppression(OpRegistry& r);  // non_max_suppression.cpp
void register_roi_align(OpRegistry& r);            // roi_align.cpp
void register_grid_sample(OpRegistry& r);          // grid_sample.cpp
void register_affine_grid(OpRegistry& r);          // affine_grid.cpp
void register_col2im(OpRegistry& r);               // col2im.cpp

}  // namespace neo::ops::image
