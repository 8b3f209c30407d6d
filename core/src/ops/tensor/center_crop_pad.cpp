// CenterCropPad: brings the given axes to the sizes in `shape`, cropping a centered window
// where the input is larger and padding with zeros around the centered input where it is
// smaller (an odd difference puts the extra element at the end).
#include <cstdint>
#include <string>
#include <vector>

#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::tensor_ops {
namespace {

// The axes the sizes apply to (non-negative, distinct): the attribute, or all axes.
std::vector<std::size_t> crop_axes(const OpContext& ctx, int64_t rank, std::size_t n_sizes) {
    std::vector<std::size_t> axes;
    if (ctx.has_attr("axes")) {
        for (int64_t a : ctx.attr_ints("axes")) {
            auto ax = static_cast<std::size_t>(existing_axis(a, rank, ctx));
            for (std::size_t b : axes)
                if (b == ax) ctx.fail("attribute 'axes' " + ints_str(ctx.attr_ints("axes")) +
                                      " names axis " + std::to_string(ax) + " twice");
            axes.push_back(ax);
        }
    } else {
        for (int64_t a = 0; a < rank; ++a) axes.push_back(static_cast<std::size_t>(a));
    }
    if (axes.size() != n_sizes)
        ctx.fail("shape (input 1) has " + std::to_string(n_sizes) + " entries but " +
                 std::to_string(axes.size()) + " axes are cropped/padded" +
                 (ctx.has_attr("axes") ? "" : " (all of the input's; set 'axes' for fewer)"));
    return axes;
}

void check_sizes(const OpContext& ctx, const std::vector<int64_t>& sizes) {
    for (int64_t s : sizes)
        if (s < 0) ctx.fail("shape (input 1) " + ints_str(sizes) + " has a negative size");
}

void infer_center_crop_pad(InferContext& ctx) {
    require_int_dtype(ctx, ctx.input_dtype(1), "shape (input 1)");
    const Shape& x = ctx.input_shape(0);
    auto len = static_length(ctx, 1, "shape (input 1)");
    if (!x.ranked()) {
        ctx.set_output(0, ctx.input_dtype(0), Shape::unranked());
        return;
    }
    const auto rank = static_cast<int64_t>(x.rank());
    Shape out = x;
    auto sizes = constant_ints(ctx, 1, "shape (input 1)");
    if (sizes) {
        check_sizes(ctx, *sizes);
        auto axes = crop_axes(ctx, rank, sizes->size());
        for (std::size_t i = 0; i < axes.size(); ++i) out.dims()[axes[i]] = Dim((*sizes)[i]);
    } else if (len) {
        for (std::size_t ax : crop_axes(ctx, rank, static_cast<std::size_t>(*len)))
            out.dims()[ax] = Dim::unknown();
    } else {
        out = unknown_dims(x.rank());
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(out));
}

void compute_center_crop_pad(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto shape = x.shape();
    auto sizes = input_ints(ctx, 1, "shape (input 1)");
    if (ctx.input(1).rank() != 1)
        ctx.fail("shape (input 1) must be 1-D, got shape " + ctx.input(1).ir_shape().str());
    check_sizes(ctx, sizes);
    auto axes = crop_axes(ctx, static_cast<int64_t>(shape.size()), sizes.size());
    auto out_shape = shape;
    // offset[d]: output index i reads input index i + offset[d] (negative when padding).
    std::vector<int64_t> offset(shape.size(), 0);
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const std::size_t d = axes[i];
        out_shape[d] = sizes[i];
        offset[d] = shape[d] >= sizes[i] ? (shape[d] - sizes[i]) / 2 : -((sizes[i] - shape[d]) / 2);
    }
    auto st = strides_of(shape);
    std::vector<int64_t> src;
    src.reserve(static_cast<std::size_t>(numel_of(out_shape)));
    for_each_index(out_shape, [&](const std::vector<int64_t>& p) {
        int64_t off = 0;
        for (std::size_t d = 0; d < p.size(); ++d) {
            const int64_t i = p[d] + offset[d];
            if (i < 0 || i >= shape[d]) {
                off = -1;
                break;
            }
            off += i * st[d];
        }
        src.push_back(off);
    });
    Tensor zero = Tensor::zeros(x.dtype(), {});
    ctx.set_output(0, gather_flat(x, out_shape, src, &zero));
}

}  // namespace

void register_center_crop_pad_ops(OpRegistry& r) {
    r.add(make_schema(
        "CenterCropPad", 2, 2, 1, 1,
        {optional_attr("axes", AttrType::ints,
                       "the axes the sizes in 'shape' apply to (default: all, in order)")},
        infer_center_crop_pad, compute_center_crop_pad,
        "Center-crops or zero-pads the given axes to the sizes in the shape input."));
}

}  // namespace neo::ops::tensor_ops
