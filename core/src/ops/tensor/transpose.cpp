// Transpose, DepthToSpace, SpaceToDepth: permutations of the elements. The two
// depth/space ops are ONNX's reshape → transpose → reshape, computed that way.
#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

#include <numeric>

namespace neo::ops::tensor_ops {
namespace {

// ---- Transpose ------------------------------------------------------------------------------

// The permutation of a Transpose node for an input of `rank` (default: reversed axes).
std::vector<int64_t> transpose_perm(const OpContext& ctx, std::size_t rank) {
    std::vector<int64_t> perm(rank);
    if (!ctx.has_attr("perm")) {
        std::iota(perm.rbegin(), perm.rend(), int64_t{0});
        return perm;
    }
    perm = ctx.attr_ints("perm");
    if (perm.size() != rank)
        ctx.fail("perm " + ints_str(perm) + " has " + std::to_string(perm.size()) +
                 " entries but the input has rank " + std::to_string(rank));
    std::vector<bool> seen(rank, false);
    for (int64_t p : perm) {
        if (p < 0 || p >= static_cast<int64_t>(rank) || seen[static_cast<std::size_t>(p)])
            ctx.fail("perm " + ints_str(perm) + " is not a permutation of 0.." +
                     std::to_string(static_cast<int64_t>(rank) - 1));
        seen[static_cast<std::size_t>(p)] = true;
    }
    return perm;
}

void infer_transpose(InferContext& ctx) {
    const Shape& in = ctx.input_shape(0);
    Shape out = Shape::unranked();
    if (in.ranked()) {
        auto perm = transpose_perm(ctx, in.rank());
        std::vector<Dim> dims;
        for (int64_t p : perm) dims.push_back(in[static_cast<std::size_t>(p)]);
        out = Shape(std::move(dims));
    } else if (ctx.has_attr("perm")) {
        auto n = ctx.attr_ints("perm").size();
        out = Shape(std::vector<Dim>(n));
        transpose_perm(ctx, n);  // validates it
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_transpose(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    ctx.set_output(0, transposed(x, transpose_perm(ctx, x.rank())));
}

// ---- DepthToSpace / SpaceToDepth ------------------------------------------------------------

int64_t blocksize(const OpContext& ctx) {
    int64_t b = ctx.attr_i("blocksize");
    if (b <= 0) ctx.fail("blocksize must be positive, got " + std::to_string(b));
    return b;
}

bool is_crd(const OpContext& ctx) {
    const std::string& mode = ctx.attr_s("mode");
    if (mode != "DCR" && mode != "CRD")
        ctx.fail("mode must be 'DCR' or 'CRD', got '" + mode + "'");
    return mode == "CRD";
}

Dim times(const Dim& d, int64_t b) { return d.is_static() ? Dim(d.value() * b) : Dim::unknown(); }

// d / b, failing when a static d is not a multiple of b.
Dim divided(const Dim& d, int64_t b, const std::string& what, const Shape& in,
            const OpContext& ctx) {
    if (!d.is_static()) return Dim::unknown();
    if (d.value() % b != 0)
        ctx.fail(what + " " + std::to_string(d.value()) + " of input " + in.str() +
                 " is not a multiple of " + std::to_string(b));
    return Dim(d.value() / b);
}

const Shape& require_4d(const Shape& in, const OpContext& ctx) {
    if (in.ranked() && in.rank() != 4)
        ctx.fail("the input must be 4-D (N, C, H, W), got shape " + in.str());
    return in;
}

Shape depth_to_space_shape(const Shape& in, const OpContext& ctx) {
    int64_t b = blocksize(ctx);
    is_crd(ctx);
    if (!require_4d(in, ctx).ranked()) return unknown_dims(4);
    return Shape({in[0], divided(in[1], b * b, "channel count", in, ctx), times(in[2], b),
                  times(in[3], b)});
}

Shape space_to_depth_shape(const Shape& in, const OpContext& ctx) {
    int64_t b = blocksize(ctx);
    if (!require_4d(in, ctx).ranked()) return unknown_dims(4);
    return Shape({in[0], times(in[1], b * b), divided(in[2], b, "height", in, ctx),
                  divided(in[3], b, "width", in, ctx)});
}

void infer_depth_to_space(InferContext& ctx) {
    ctx.set_output(0, ctx.input_dtype(0), depth_to_space_shape(ctx.input_shape(0), ctx));
}

void compute_depth_to_space(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto out = depth_to_space_shape(x.ir_shape(), ctx).static_dims();
    auto s = x.shape();
    int64_t b = blocksize(ctx), n = s[0], c = out[1], h = s[2], w = s[3];
    Tensor t = is_crd(ctx) ? transposed(reshaped(x, {n, c, b, b, h, w}), {0, 1, 4, 2, 5, 3})
                           : transposed(reshaped(x, {n, b, b, c, h, w}), {0, 3, 4, 1, 5, 2});
    ctx.set_output(0, reshaped(t, out));
}

void infer_space_to_depth(InferContext& ctx) {
    ctx.set_output(0, ctx.input_dtype(0), space_to_depth_shape(ctx.input_shape(0), ctx));
}

void compute_space_to_depth(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto out = space_to_depth_shape(x.ir_shape(), ctx).static_dims();
    auto s = x.shape();
    int64_t b = blocksize(ctx), n = s[0], c = s[1], h = out[2], w = out[3];
    Tensor t = transposed(reshaped(x, {n, c, h, b, w, b}), {0, 3, 5, 1, 2, 4});
    ctx.set_output(0, reshaped(t, out));
}

}  // namespace

void register_transpose_ops(OpRegistry& r) {
    r.add(make_schema(
        "Transpose", 1, 1, 1, 1,
        {optional_attr("perm", AttrType::ints,
                       "output axis i is input axis perm[i]; default: the axes reversed")},
        infer_transpose, compute_transpose, "Permutes the axes of the input."));
    r.add(make_schema(
        "DepthToSpace", 1, 1, 1, 1,
        {required_attr("blocksize", AttrType::i, "size of the spatial blocks"),
         attr_with_default("mode", "DCR",
                           "DCR: depth-column-row order (default); CRD: column-row-depth")},
        infer_depth_to_space, compute_depth_to_space,
        "Moves channel blocks into spatial blocks: [N,C,H,W] -> [N,C/b^2,H*b,W*b]."));
    r.add(make_schema(
        "SpaceToDepth", 1, 1, 1, 1,
        {required_attr("blocksize", AttrType::i, "size of the spatial blocks")},
        infer_space_to_depth, compute_space_to_depth,
        "Moves spatial blocks into channels: [N,C,H,W] -> [N,C*b^2,H/b,W/b]."));
}

}  // namespace neo::ops::tensor_ops
