#pragma once
// Registration entry points of the linear algebra ops (internal to core/src/ops/linalg).
#include "neo/core/ops/registry.hpp"

namespace neo::ops::linalg {

void register_einsum(OpRegistry& r);
void register_det(OpRegistry& r);

}  // namespace neo::ops::linalg
