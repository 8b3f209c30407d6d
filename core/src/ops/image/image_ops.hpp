#pragma once
// Registration entry points of the image op family (internal to core/src/ops/image).
#include "neo/core/ops/registry.hpp"

namespace neo::ops::image {

void register_topk(OpRegistry& r);
void register_resize(OpRegistry& r);

}  // namespace neo::ops::image
