#pragma once
// Registration functions of the control-flow op files.
#include "neo/core/ops/registry.hpp"

namespace neo::ops::control {

void register_if_op(OpRegistry& r);
void register_loop_op(OpRegistry& r);
void register_scan_op(OpRegistry& r);

}  // namespace neo::ops::control
