// AffineGrid: the sampling grid of affine transforms theta ([N, 2, 3] for 2-D, [N, 3, 4]
// for 3-D) over an output of size [N, C, H, W] (or [N, C, D, H, W]): grid[n, (d,) h, w] =
// theta[n] @ (x_w, y_h, (z_d,) 1), where x, y, z are the normalized coordinates of the
// pixel centers (align_corners=0) or run from -1 to 1 exactly (align_corners=1). The
// result feeds GridSample.
#include <cstdint>
#include <string>
#include <vector>

#include "ops/image/image_ops.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::image {
namespace {

using tensor_ops::attr_with_default;
using tensor_ops::make_schema;
using tensor_ops::shape_str;

void check_align(const OpContext& ctx) {
    const int64_t a = ctx.attr_i("align_corners");
    if (a != 0 && a != 1) ctx.fail("attribute 'align_corners' must be 0 or 1, got " + std::to_string(a));
}

void infer_affine_grid(InferContext& ctx) {
    check_align(ctx);
    DType t = ctx.input_dtype(0);
    nn::require_float(ctx, t, "theta (input 0)");
    tensor_ops::require_int_dtype(ctx, ctx.input_dtype(1), "size (input 1)");
    const Shape& theta = ctx.input_shape(0);
    if (theta.ranked() && theta.rank() != 3)
        ctx.fail("theta (input 0) must be [N, 2, 3] or [N, 3, 4], got shape " + theta.str());
    auto len = tensor_ops::static_length(ctx, 1, "size (input 1)");
    if (len && *len != 4 && *len != 5)
        ctx.fail("size (input 1) must have 4 ([N, C, H, W]) or 5 ([N, C, D, H, W]) entries, got " +
                 std::to_string(*len));
    Shape out = Shape::unranked();
    if (auto size = tensor_ops::constant_ints(ctx, 1, "size (input 1)")) {
        const std::size_t r = size->size() - 2;
        std::vector<Dim> dims{Dim((*size)[0])};
        for (std::size_t i = 2; i < size->size(); ++i) dims.emplace_back((*size)[i]);
        dims.emplace_back(static_cast<int64_t>(r));
        out = Shape(std::move(dims));
    } else if (len) {
        out = tensor_ops::unknown_dims(static_cast<std::size_t>(*len));  // [N, (D,) H, W, r]
        out.dims().back() = Dim(*len - 2);
        if (theta.ranked()) out.dims()[0] = theta[0];
    }
    ctx.set_output(0, t, std::move(out));
}

// The normalized coordinate of pixel i of n.
double base_coord(int64_t i, int64_t n, bool align) {
    const auto fi = static_cast<double>(i), fn = static_cast<double>(n);
    if (align) return n <= 1 ? 0.0 : -1.0 + 2.0 * fi / (fn - 1);
    return (2.0 * fi + 1.0) / fn - 1.0;
}

void compute_affine_grid(ComputeContext& ctx) {
    check_align(ctx);
    const Tensor& tt = ctx.input(0);
    nn::require_float(ctx, tt.dtype(), "theta (input 0)");
    auto size = tensor_ops::input_ints(ctx, 1, "size (input 1)");
    if (size.size() != 4 && size.size() != 5)
        ctx.fail("size (input 1) must have 4 ([N, C, H, W]) or 5 ([N, C, D, H, W]) entries, got " +
                 tensor_ops::ints_str(size));
    for (int64_t s : size)
        if (s < 0) ctx.fail("size (input 1) " + tensor_ops::ints_str(size) + " has a negative entry");
    const auto r = static_cast<int64_t>(size.size()) - 2;  // spatial dims: 2 or 3
    auto ts = tt.shape();
    if (ts.size() != 3 || ts[0] != size[0] || ts[1] != r || ts[2] != r + 1)
        ctx.fail("theta (input 0) must be [" + std::to_string(size[0]) + ", " + std::to_string(r) +
                 ", " + std::to_string(r + 1) + "] for size " + tensor_ops::ints_str(size) +
                 ", got shape " + shape_str(ts));
    const bool align = ctx.attr_i("align_corners") == 1;
    const auto theta = nn::to_f64(tt);
    // Spatial sizes, outermost first (D,) H, W; coordinates are listed innermost first.
    std::vector<int64_t> sp(size.begin() + 2, size.end());
    const int64_t points = nn::prod(sp, 0, sp.size());
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(size[0] * points * r));
    std::vector<double> base(static_cast<std::size_t>(r + 1));
    for (int64_t n = 0; n < size[0]; ++n) {
        const double* th = theta.data() + n * r * (r + 1);
        tensor_ops::for_each_index(sp, [&](const std::vector<int64_t>& p) {
            for (int64_t k = 0; k < r; ++k) {  // base[0] = x (innermost dim), base[1] = y, ...
                const auto d = static_cast<std::size_t>(r - 1 - k);
                base[static_cast<std::size_t>(k)] = base_coord(p[d], sp[d], align);
            }
            base.back() = 1.0;
            for (int64_t row = 0; row < r; ++row) {
                double v = 0;
                for (int64_t col = 0; col <= r; ++col)
                    v += th[row * (r + 1) + col] * base[static_cast<std::size_t>(col)];
                out.push_back(v);
            }
        });
    }
    std::vector<int64_t> out_shape{size[0]};
    out_shape.insert(out_shape.end(), sp.begin(), sp.end());
    out_shape.push_back(r);
    ctx.set_output(0, nn::from_f64(tt.dtype(), out_shape, out));
}

}  // namespace

void register_affine_grid(OpRegistry& r) {
    r.add(make_schema(
        "AffineGrid", 2, 2, 1, 1,
        {attr_with_default("align_corners", int64_t{0},
                           "1: -1 and 1 are the centers of the corner pixels; 0: their outer edges")},
        infer_affine_grid, compute_affine_grid,
        "The GridSample grid of a batch of affine transforms over an output size."));
}

}  // namespace neo::ops::image
