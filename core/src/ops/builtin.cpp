#include "neo/core/ops/registry.hpp"
#include "ops/common/op_util.hpp"

namespace neo {

void register_builtin_ops(OpRegistry& r) {
    ops::register_nn_ops(r);
    ops::register_elementwise_ops(r);
    ops::register_tensor_ops(r);
    ops::register_image_ops(r);
    ops::register_control_ops(r);
    ops::register_quant_ops(r);
    ops::register_linalg_ops(r);
    ops::register_ml_ops(r);
    ops::register_norm_ops(r);
    ops::register_loss_ops(r);
    ops::register_attention_ops(r);
}

}  // namespace neo
