// Col2Im: the inverse of im2col. The input [N, C * prod(block_shape), L] holds one column
// per sliding-block position (L positions over the padded image); every column element is
// added into the image [N, C, *image_shape] at the pixel it came from (overlaps sum up,
// pixels in the padding are dropped).
#include <cstdint>
#include <string>
#include <vector>

#include "ops/image/image_ops.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::image {
namespace {

using tensor_ops::ints_str;
using tensor_ops::make_schema;
using tensor_ops::optional_attr;
using tensor_ops::shape_str;

struct Col2ImParams {
    std::vector<int64_t> image, block, dilations, pads, strides;
    std::vector<int64_t> blocks_per_dim;  // sliding positions along each spatial dim
};

// Reads the attributes for `r` spatial dims and checks every size; fail() on bad values.
Col2ImParams col2im_params(const OpContext& ctx, std::vector<int64_t> image, std::vector<int64_t> block) {
    const std::size_t r = image.size();
    if (r == 0) ctx.fail("image_shape (input 1) must have at least one entry");
    if (block.size() != r)
        ctx.fail("block_shape " + ints_str(block) + " and image_shape " + ints_str(image) +
                 " must have the same length");
    Col2ImParams p{std::move(image), std::move(block), {}, {}, {}, {}};
    auto read = [&](const char* name, std::size_t n, int64_t def, int64_t min) {
        std::vector<int64_t> v = ctx.has_attr(name) ? ctx.attr_ints(name) : std::vector<int64_t>(n, def);
        if (v.size() != n)
            ctx.fail("attribute '" + std::string(name) + "' " + ints_str(v) + " must have " +
                     std::to_string(n) + " entries for " + std::to_string(r) + " spatial dims");
        for (int64_t x : v)
            if (x < min)
                ctx.fail("attribute '" + std::string(name) + "' " + ints_str(v) + " has an entry below " +
                         std::to_string(min));
        return v;
    };
    p.dilations = read("dilations", r, 1, 1);
    p.pads = read("pads", 2 * r, 0, 0);
    p.strides = read("strides", r, 1, 1);
    for (std::size_t d = 0; d < r; ++d) {
        if (p.image[d] < 1 || p.block[d] < 1)
            ctx.fail("image_shape " + ints_str(p.image) + " and block_shape " + ints_str(p.block) +
                     " must be positive");
        const int64_t span = p.dilations[d] * (p.block[d] - 1) + 1;
        const int64_t padded = p.image[d] + p.pads[d] + p.pads[d + r];
        if (span > padded)
            ctx.fail("a block of " + std::to_string(span) + " pixels (with dilation) does not fit "
                     "the padded image size " + std::to_string(padded) + " in spatial dim " +
                     std::to_string(d));
        p.blocks_per_dim.push_back((padded - span) / p.strides[d] + 1);
    }
    return p;
}

void check_numeric(const OpContext& ctx, DType t) {
    if (t != DType::undefined && !is_float(t) && !is_integer(t))
        ctx.fail("input has dtype " + std::string(dtype_name(t)) + "; Col2Im needs a numeric tensor");
}

void infer_col2im(InferContext& ctx) {
    DType t = ctx.input_dtype(0);
    check_numeric(ctx, t);
    tensor_ops::require_int_dtype(ctx, ctx.input_dtype(1), "image_shape (input 1)");
    tensor_ops::require_int_dtype(ctx, ctx.input_dtype(2), "block_shape (input 2)");
    const Shape& x = ctx.input_shape(0);
    if (x.ranked() && x.rank() != 3)
        ctx.fail("input must be [N, C * prod(block_shape), L], got shape " + x.str());
    auto image = tensor_ops::constant_ints(ctx, 1, "image_shape (input 1)");
    auto block = tensor_ops::constant_ints(ctx, 2, "block_shape (input 2)");
    auto len = tensor_ops::static_length(ctx, 1, "image_shape (input 1)");
    Dim n = x.ranked() ? x[0] : Dim::unknown(), c = Dim::unknown();
    if (image && block) {
        Col2ImParams p = col2im_params(ctx, *image, *block);
        const int64_t kprod = nn::prod(p.block, 0, p.block.size());
        const int64_t lprod = nn::prod(p.blocks_per_dim, 0, p.blocks_per_dim.size());
        if (x.ranked() && x[1].is_static()) {
            if (x[1].value() % kprod != 0)
                ctx.fail("input dim 1 (" + std::to_string(x[1].value()) + ") must be a multiple of "
                         "prod(block_shape) = " + std::to_string(kprod));
            c = Dim(x[1].value() / kprod);
        }
        if (x.ranked() && x[2].is_static() && x[2].value() != lprod)
            ctx.fail("input dim 2 (" + std::to_string(x[2].value()) + ") must equal the number of "
                     "block positions " + std::to_string(lprod) + " " + ints_str(p.blocks_per_dim));
    }
    Shape out = Shape::unranked();
    if (image) {
        std::vector<Dim> dims{n, c};
        for (int64_t v : *image) dims.emplace_back(v);
        out = Shape(std::move(dims));
    } else if (len) {
        out = tensor_ops::unknown_dims(static_cast<std::size_t>(*len + 2));
        out.dims()[0] = n;
    }
    ctx.set_output(0, t, std::move(out));
}

void compute_col2im(ComputeContext& ctx) {
    const Tensor& xt = ctx.input(0);
    check_numeric(ctx, xt.dtype());
    auto xs = xt.shape();
    if (xs.size() != 3) ctx.fail("input must be [N, C * prod(block_shape), L], got shape " + shape_str(xs));
    Col2ImParams p = col2im_params(ctx, tensor_ops::input_ints(ctx, 1, "image_shape (input 1)"),
                                   tensor_ops::input_ints(ctx, 2, "block_shape (input 2)"));
    const std::size_t r = p.image.size();
    const int64_t kprod = nn::prod(p.block, 0, r);
    const int64_t lprod = nn::prod(p.blocks_per_dim, 0, r);
    if (xs[1] % kprod != 0)
        ctx.fail("input dim 1 (" + std::to_string(xs[1]) + ") must be a multiple of prod(block_shape) = " +
                 std::to_string(kprod));
    if (xs[2] != lprod)
        ctx.fail("input dim 2 (" + std::to_string(xs[2]) + ") must equal the number of block positions " +
                 std::to_string(lprod) + " " + ints_str(p.blocks_per_dim));
    const int64_t batch = xs[0], ch = xs[1] / kprod;
    const int64_t img = nn::prod(p.image, 0, r);
    const auto x = nn::to_f64(xt);
    std::vector<double> y(static_cast<std::size_t>(batch * ch * img), 0.0);
    std::vector<int64_t> kidx(r), lidx(r);
    for (int64_t k = 0; k < kprod; ++k) {
        for (int64_t rem = k, d = static_cast<int64_t>(r) - 1; d >= 0; --d) {
            kidx[static_cast<std::size_t>(d)] = rem % p.block[static_cast<std::size_t>(d)];
            rem /= p.block[static_cast<std::size_t>(d)];
        }
        for (int64_t l = 0; l < lprod; ++l) {
            for (int64_t rem = l, d = static_cast<int64_t>(r) - 1; d >= 0; --d) {
                lidx[static_cast<std::size_t>(d)] = rem % p.blocks_per_dim[static_cast<std::size_t>(d)];
                rem /= p.blocks_per_dim[static_cast<std::size_t>(d)];
            }
            int64_t pix = 0;
            bool inside = true;
            for (std::size_t d = 0; d < r && inside; ++d) {
                const int64_t pos = lidx[d] * p.strides[d] + kidx[d] * p.dilations[d] - p.pads[d];
                inside = pos >= 0 && pos < p.image[d];
                pix = pix * p.image[d] + pos;
            }
            if (!inside) continue;
            for (int64_t b = 0; b < batch; ++b)
                for (int64_t c = 0; c < ch; ++c)
                    y[static_cast<std::size_t>((b * ch + c) * img + pix)] +=
                        x[static_cast<std::size_t>((b * xs[1] + c * kprod + k) * lprod + l)];
        }
    }
    std::vector<int64_t> out_shape{batch, ch};
    out_shape.insert(out_shape.end(), p.image.begin(), p.image.end());
    ctx.set_output(0, nn::from_f64(xt.dtype(), out_shape, y));
}

}  // namespace

void register_col2im(OpRegistry& r) {
    r.add(make_schema(
        "Col2Im", 3, 3, 1, 1,
        {optional_attr("dilations", AttrType::ints, "dilation per spatial dim (default 1)"),
         optional_attr("pads", AttrType::ints, "begin and end padding per spatial dim (default 0)"),
         optional_attr("strides", AttrType::ints, "stride per spatial dim (default 1)")},
        infer_col2im, compute_col2im,
        "Rearranges column blocks [N, C * prod(block), L] into an image [N, C, *image_shape], "
        "summing overlaps."));
}

}  // namespace neo::ops::image
