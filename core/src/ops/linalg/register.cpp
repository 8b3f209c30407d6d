#include "ops/common/op_util.hpp"
#include "ops/linalg/linalg_ops.hpp"

namespace neo::ops {

void register_linalg_ops(OpRegistry& r) {
    linalg::register_einsum(r);
    linalg::register_det(r);
}

}  // namespace neo::ops
