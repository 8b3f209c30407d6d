#include "ops/common/op_util.hpp"
#include "ops/tensor/tensor_ops.hpp"

namespace neo::ops {

void register_tensor_ops(OpRegistry& r) {
    tensor_ops::register_reshape_ops(r);
    tensor_ops::register_transpose_ops(r);
    tensor_ops::register_expand_tile_ops(r);
    tensor_ops::register_shape_ops(r);
    tensor_ops::register_constant_ops(r);
    tensor_ops::register_concat_split_ops(r);
    tensor_ops::register_slice_ops(r);
    tensor_ops::register_gather_ops(r);
    tensor_ops::register_scatter_ops(r);
    tensor_ops::register_pad_ops(r);
}

}  // namespace neo::ops
