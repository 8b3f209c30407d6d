#pragma once
// Helpers shared by the data-movement ops of core/src/ops/tensor (internal).
//
// These ops only move elements, so their reference implementations are written once,
// generically over the element type: an op computes, for every output element, the
// row-major index of the input element it copies (a "source index"), and gather_flat()
// moves the elements of whatever dtype the tensor holds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ops/common/op_util.hpp"

namespace neo::ops::tensor_ops {

// A schema of the default domain with `attrs` (inputs/outputs: counts, kVariadic for any).
OpSchema make_schema(std::string name, int min_inputs, int max_inputs, int min_outputs,
                     int max_outputs, std::vector<AttrSpec> attrs, InferFn infer,
                     ComputeFn compute, std::string doc);
// An optional attribute with no default (read it only when the node has it).
AttrSpec optional_attr(std::string name, AttrType type, std::string doc);
// A required attribute (no default: check_node_against_schema refuses a node without it).
AttrSpec required_attr(std::string name, AttrType type, std::string doc);
AttrSpec attr_with_default(std::string name, Attribute value, std::string doc);

// ---- static shapes -----------------------------------------------------------------------

// Row-major strides of a static shape.
std::vector<int64_t> strides_of(const std::vector<int64_t>& shape);
// Number of elements of a static shape (1 for a scalar).
int64_t numel_of(const std::vector<int64_t>& shape);
// "[2,3]": how messages print a static shape.
std::string shape_str(const std::vector<int64_t>& shape);
// "[1, -1, 0]": how messages print a list of integers.
std::string ints_str(const std::vector<int64_t>& v);

// Calls f(index) for every multi-index of `shape` in row-major order.
template <class F> void for_each_index(const std::vector<int64_t>& shape, F&& f) {
    for (int64_t d : shape)
        if (d == 0) return;
    std::vector<int64_t> idx(shape.size(), 0);
    while (true) {
        f(static_cast<const std::vector<int64_t>&>(idx));
        std::size_t k = shape.size();
        while (k > 0) {
            --k;
            if (++idx[k] < shape[k]) break;
            idx[k] = 0;
            if (k == 0) return;
        }
        if (shape.empty()) return;
    }
}

// ---- IR shapes (inference) -----------------------------------------------------------------

// A ranked shape of `rank` unknown dims.
Shape unknown_dims(std::size_t rank);
// Product of dims: static when all are static; the one dynamic dim when every other dim
// is a static 1; unknown otherwise.
Dim dim_product(const std::vector<Dim>& dims);
// The value of integer input i when it is a constant (any rank, flattened), else nullopt.
// fail() when the constant is not of an integer dtype.
std::optional<std::vector<int64_t>> constant_ints(const InferContext& ctx, std::size_t i,
                                                  const std::string& what);
// The static length of a 1-D input (e.g. a shape or axes input), else nullopt.
// fail() when the input's rank is known and is not 1.
std::optional<int64_t> static_length(const InferContext& ctx, std::size_t i,
                                     const std::string& what);
// An axis that must name an existing axis of a rank-`rank` tensor, made non-negative;
// fail() when out of [-rank, rank) (always for rank 0, unlike normalize_axis).
int64_t existing_axis(int64_t axis, int64_t rank, const OpContext& ctx);
// fail() unless t is an integer dtype (undefined passes: not known yet).
void require_int_dtype(const OpContext& ctx, DType t, const std::string& what);

// ---- tensors (compute) ---------------------------------------------------------------------

// The elements of compute input i as int64, checking that it is an integer tensor.
std::vector<int64_t> input_ints(const ComputeContext& ctx, std::size_t i,
                                const std::string& what);
// A tensor of in's dtype and `out_shape` with out.flat[k] = in.flat[src[k]], or
// fill.flat[0] where src[k] < 0 (fill must then be given, of in's dtype).
Tensor gather_flat(const Tensor& in, const std::vector<int64_t>& out_shape,
                   const std::vector<int64_t>& src, const Tensor* fill = nullptr);
// Source indices of a strided view: src = base + sum(out_index[i] * strides[i]).
std::vector<int64_t> strided_source(const std::vector<int64_t>& out_shape, int64_t base,
                                    const std::vector<int64_t>& strides);
// The same elements under a new static shape (same element count; InternalError if not).
Tensor reshaped(const Tensor& in, const std::vector<int64_t>& shape);
// out.shape[i] = in.shape[perm[i]] (perm must be a permutation of the axes).
Tensor transposed(const Tensor& in, const std::vector<int64_t>& perm);
// A tensor of `shape` filled with value.flat[0] (value's dtype).
Tensor filled(const Tensor& value, const std::vector<int64_t>& shape);

}  // namespace neo::ops::tensor_ops
