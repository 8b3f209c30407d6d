#include "ops/common/op_util.hpp"
#include "ops/quant/quant_util.hpp"

namespace neo::ops {

void register_quant_ops(OpRegistry& r) {
    quant::register_quantize_linear(r);
    quant::register_dynamic_quantize_linear(r);
    quant::register_matmul_integer(r);
    quant::register_conv_integer(r);
}

}  // namespace neo::ops
