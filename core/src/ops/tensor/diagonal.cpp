// Trilu and EyeLike: ops defined by the diagonals of a matrix. Trilu keeps the upper (or
// lower) triangle of the last two dims, from diagonal k on, and zeroes the rest; EyeLike is
// a 2-D tensor of ones on diagonal k and zeros elsewhere.
#include <cstdint>
#include <string>
#include <vector>

#include "neo/core/ops/onnx_dtype.hpp"
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::tensor_ops {
namespace {

// ---- Trilu ----------------------------------------------------------------------------------

void check_upper(const OpContext& ctx) {
    int64_t upper = ctx.attr_i("upper");
    if (upper != 0 && upper != 1)
        ctx.fail("attribute 'upper' must be 0 or 1, got " + std::to_string(upper));
}

void check_k_shape(const OpContext& ctx, const Shape& k) {
    if (k.is_static() && k.numel() != 1)
        ctx.fail("k (input 1) must be a single integer, got shape " + k.str());
}

void infer_trilu(InferContext& ctx) {
    check_upper(ctx);
    const Shape& x = ctx.input_shape(0);
    if (x.ranked() && x.rank() < 2)
        ctx.fail("input must have rank >= 2 (a batch of matrices), got shape " + x.str());
    if (ctx.has_input(1)) {
        DType kt = ctx.input_dtype(1);
        if (kt != DType::undefined && kt != DType::i64)
            ctx.fail("k (input 1) must be i64, got " + std::string(dtype_name(kt)));
        check_k_shape(ctx, ctx.input_shape(1));
    }
    ctx.set_output(0, ctx.input_dtype(0), x);
}

void compute_trilu(ComputeContext& ctx) {
    check_upper(ctx);
    const Tensor& x = ctx.input(0);
    auto shape = x.shape();
    if (shape.size() < 2)
        ctx.fail("input must have rank >= 2 (a batch of matrices), got shape " + shape_str(shape));
    int64_t k = 0;
    if (const Tensor* kt = ctx.optional_input(1)) {
        check_k_shape(ctx, kt->ir_shape());
        k = input_ints(ctx, 1, "k (input 1)")[0];
    }
    const bool upper = ctx.attr_i("upper") == 1;
    const int64_t rows = shape[shape.size() - 2], cols = shape.back();
    const int64_t n = x.numel();
    std::vector<int64_t> src(static_cast<std::size_t>(n));
    for (int64_t f = 0; f < n; ++f) {
        const int64_t j = f % cols, i = (f / cols) % rows;
        const bool keep = upper ? j - i >= k : j - i <= k;
        src[static_cast<std::size_t>(f)] = keep ? f : -1;
    }
    Tensor zero = Tensor::zeros(x.dtype(), {});
    ctx.set_output(0, gather_flat(x, shape, src, &zero));
}

// ---- EyeLike --------------------------------------------------------------------------------

DType eye_dtype(const OpContext& ctx, DType in) {
    DType t = in;
    if (ctx.has_attr("dtype")) {
        int64_t code = ctx.attr_i("dtype");
        auto d = dtype_from_onnx(code);
        if (!d || *d == DType::undefined)
            ctx.fail("attribute 'dtype' = " + std::to_string(code) + " (" +
                     onnx_dtype_name(code) + ") is not a data type neo supports");
        t = *d;
    }
    if (t == DType::string)
        ctx.fail("EyeLike cannot make a string tensor; give a numeric or bool 'dtype'");
    return t;
}

void infer_eye_like(InferContext& ctx) {
    DType in = ctx.input_dtype(0);
    if (in == DType::string) ctx.fail("input must not be a string tensor");
    const Shape& x = ctx.input_shape(0);
    if (x.ranked() && x.rank() != 2)
        ctx.fail("input must be 2-D, got shape " + x.str());
    DType t = in == DType::undefined && !ctx.has_attr("dtype") ? in : eye_dtype(ctx, in);
    ctx.set_output(0, t, x.ranked() ? x : unknown_dims(2));
}

void compute_eye_like(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (x.dtype() == DType::string) ctx.fail("input must not be a string tensor");
    auto shape = x.shape();
    if (shape.size() != 2) ctx.fail("input must be 2-D, got shape " + shape_str(shape));
    DType t = eye_dtype(ctx, x.dtype());
    const int64_t k = ctx.attr_i("k");
    // Data movement from a two-element source {0, 1} of the output dtype.
    Tensor values = Tensor::from_vector<int64_t>({2}, {0, 1}).cast(t);
    std::vector<int64_t> src(static_cast<std::size_t>(numel_of(shape)));
    for (int64_t i = 0; i < shape[0]; ++i)
        for (int64_t j = 0; j < shape[1]; ++j)
            src[static_cast<std::size_t>(i * shape[1] + j)] = j - i == k ? 1 : 0;
    ctx.set_output(0, gather_flat(values, shape, src));
}

}  // namespace

void register_diagonal_ops(OpRegistry& r) {
    r.add(make_schema(
        "Trilu", 1, 2, 1, 1,
        {attr_with_default("upper", int64_t{1}, "1: keep the upper triangle, 0: the lower")},
        infer_trilu, compute_trilu,
        "Keeps the upper (j - i >= k) or lower (j - i <= k) triangle of the last two dims; "
        "k is the optional second input (default 0)."));
    r.add(make_schema(
        "EyeLike", 1, 1, 1, 1,
        {optional_attr("dtype", AttrType::i,
                       "ONNX data type of the output (default: the input's dtype)"),
         attr_with_default("k", int64_t{0}, "the diagonal of ones (0 main, > 0 above)")},
        infer_eye_like, compute_eye_like,
        "A 2-D tensor of the input's shape with ones on diagonal k and zeros elsewhere."));
}

}  // namespace neo::ops::tensor_ops
