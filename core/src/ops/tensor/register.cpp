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
    tensor_ops::register_diagonal_ops(r);
    tensor_ops::register_cumulative_ops(r);
    tensor_ops::register_one_hot_ops(r);
    tensor_ops::register_compress_nonzero_ops(r);
    tensor_ops::register_unique_ops(r);
    tensor_ops::register_reverse_sequence_ops(r);
    tensor_ops::register_center_crop_pad_ops(r);
}

}  // namespace neo::ops
