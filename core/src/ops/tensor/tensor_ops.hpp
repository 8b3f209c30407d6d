#pragma once
// Registration functions of the files of core/src/ops/tensor (internal); register.cpp
// calls them all from register_tensor_ops().
#include "neo/core/ops/registry.hpp"

namespace neo::ops::tensor_ops {

void register_reshape_ops(OpRegistry& r);     // reshape.cpp: Reshape, Flatten, Squeeze, Unsqueeze
void register_transpose_ops(OpRegistry& r);   // transpose.cpp: Transpose, DepthToSpace, SpaceToDepth
void register_expand_tile_ops(OpRegistry& r); // expand_tile.cpp: Expand, Tile
void register_shape_ops(OpRegistry& r);       // shape.cpp: Shape, Size
void register_constant_ops(OpRegistry& r);    // constant.cpp: Constant, ConstantOfShape, Range
void register_concat_split_ops(OpRegistry& r);  // concat_split.cpp: Concat, Split
void register_slice_ops(OpRegistry& r);       // slice.cpp: Slice
void register_gather_ops(OpRegistry& r);      // gather.cpp: Gather, GatherElements, GatherND
void register_scatter_ops(OpRegistry& r);     // scatter.cpp: ScatterElements, ScatterND
void register_pad_ops(OpRegistry& r);         // pad.cpp: Pad
void register_diagonal_ops(OpRegistry& r);    // diagonal.cpp: Trilu, EyeLike
void register_cumulative_ops(OpRegistry& r);  // cumulative.cpp: CumSum, CumProd
void register_one_hot_ops(OpRegistry& r);     // one_hot.cpp: OneHot
void register_compress_nonzero_ops(OpRegistry& r);  // compress_nonzero.cpp: Compress, NonZero
void register_unique_ops(OpRegistry& r);      // unique.cpp: Unique
void register_reverse_sequence_ops(OpRegistry& r);  // reverse_sequence.cpp: ReverseSequence
void register_center_crop_pad_ops(OpRegistry& r);   // center_crop_pad.cpp: CenterCropPad

}  // namespace neo::ops::tensor_ops
