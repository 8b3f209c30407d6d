#include "ops/common/op_util.hpp"
#include "ops/loss/loss_ops.hpp"

namespace neo::ops {

void register_loss_ops(OpRegistry& r) {
    loss::register_nll_loss(r);
    loss::register_softmax_cross_entropy(r);
}

}  // namespace neo::ops
