#include "ops/common/op_util.hpp"
#include "ops/control/control_ops.hpp"

namespace neo::ops {

void register_control_ops(OpRegistry& r) {
    control::register_if_op(r);
    control::register_loop_op(r);
    control::register_scan_op(r);
}

}  // namespace neo::ops
