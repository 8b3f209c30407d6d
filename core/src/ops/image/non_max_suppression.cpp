// NonMaxSuppression: per batch and class, greedily selects boxes in decreasing score order
// (ties: lower box index first), dropping every box whose IoU with an already selected one
// exceeds iou_threshold, boxes with score <= score_threshold (when given), and stopping at
// max_output_boxes_per_class. Output: [num_selected, 3] i64 rows (batch, class, box).
#include <algorithm>
#include <array>
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

void check_center_point_box(const OpContext& ctx) {
    const int64_t c = ctx.attr_i("center_point_box");
    if (c != 0 && c != 1)
        ctx.fail("attribute 'center_point_box' must be 0 ([y1, x1, y2, x2] corners) or 1 "
                 "([x_center, y_center, width, height]), got " + std::to_string(c));
}

void check_scalar_input(const OpContext& ctx, const Shape& s, const std::string& what) {
    if (s.is_static() && s.numel() != 1)
        ctx.fail(what + " must hold one value, got shape " + s.str());
}

void infer_nms(InferContext& ctx) {
    check_center_point_box(ctx);
    nn::require_float(ctx, ctx.input_dtype(0), "boxes (input 0)");
    nn::require_same_dtype(ctx, ctx.input_dtype(1), ctx.input_dtype(0), "scores (input 1)",
                           "boxes (input 0)");
    const Shape& boxes = ctx.input_shape(0);
    const Shape& scores = ctx.input_shape(1);
    if (boxes.ranked() && (boxes.rank() != 3 || (boxes[2].is_static() && boxes[2].value() != 4)))
        ctx.fail("boxes (input 0) must be [batches, boxes, 4], got shape " + boxes.str());
    if (scores.ranked() && scores.rank() != 3)
        ctx.fail("scores (input 1) must be [batches, classes, boxes], got shape " + scores.str());
    if (boxes.ranked() && scores.ranked())
        for (auto [bd, sd] : {std::pair{0, 0}, std::pair{1, 2}}) {
            const Dim &a = boxes[static_cast<std::size_t>(bd)], &b = scores[static_cast<std::size_t>(sd)];
            if (a.is_static() && b.is_static() && a.value() != b.value())
                ctx.fail("boxes " + boxes.str() + " and scores " + scores.str() +
                         " disagree on the number of " + (bd == 0 ? "batches" : "boxes"));
        }
    if (ctx.num_inputs() > 2 && ctx.has_input(2)) {
        tensor_ops::require_int_dtype(ctx, ctx.input_dtype(2), "max_output_boxes_per_class (input 2)");
        check_scalar_input(ctx, ctx.input_shape(2), "max_output_boxes_per_class (input 2)");
    }
    for (std::size_t i = 3; i < ctx.num_inputs(); ++i)
        if (ctx.has_input(i)) {
            const std::string what = i == 3 ? "iou_threshold (input 3)" : "score_threshold (input 4)";
            nn::require_float(ctx, ctx.input_dtype(i), what);
            check_scalar_input(ctx, ctx.input_shape(i), what);
        }
    ctx.set_output(0, DType::i64, Shape({Dim::unknown(), Dim(3)}));
}

// Corners (y1, x1, y2, x2) of a box, ordered so that y1 <= y2 and x1 <= x2.
std::array<double, 4> corners(const double* b, bool center) {
    if (center) {
        const double xc = b[0], yc = b[1], w = b[2] / 2, h = b[3] / 2;
        return {yc - h, xc - w, yc + h, xc + w};
    }
    return {std::min(b[0], b[2]), std::min(b[1], b[3]), std::max(b[0], b[2]),
            std::max(b[1], b[3])};
}

// Whether the IoU of two boxes exceeds the threshold (empty boxes never overlap).
bool suppresses(const std::array<double, 4>& a, const std::array<double, 4>& b, double thr) {
    const double ih = std::min(a[2], b[2]) - std::max(a[0], b[0]);
    const double iw = std::min(a[3], b[3]) - std::max(a[1], b[1]);
    if (ih <= 0 || iw <= 0) return false;
    const double inter = ih * iw;
    const double area_a = (a[2] - a[0]) * (a[3] - a[1]), area_b = (b[2] - b[0]) * (b[3] - b[1]);
    const double uni = area_a + area_b - inter;
    if (area_a <= 0 || area_b <= 0 || uni <= 0) return false;
    return inter / uni > thr;
}

void compute_nms(ComputeContext& ctx) {
    check_center_point_box(ctx);
    const Tensor& bt = ctx.input(0);
    const Tensor& st = ctx.input(1);
    nn::require_float(ctx, bt.dtype(), "boxes (input 0)");
    nn::require_same_dtype(ctx, st.dtype(), bt.dtype(), "scores (input 1)", "boxes (input 0)");
    auto bs = bt.shape(), ss = st.shape();
    if (bs.size() != 3 || bs[2] != 4)
        ctx.fail("boxes (input 0) must be [batches, boxes, 4], got shape " + shape_str(bs));
    if (ss.size() != 3 || ss[0] != bs[0] || ss[2] != bs[1])
        ctx.fail("scores (input 1) must be [batches, classes, boxes] matching boxes " +
                 shape_str(bs) + ", got shape " + shape_str(ss));
    auto scalar = [&](std::size_t i, const std::string& what) -> const Tensor* {
        const Tensor* t = i < ctx.num_inputs() ? ctx.optional_input(i) : nullptr;
        if (t && t->numel() == 0) return nullptr;  // an empty tensor means "not given"
        if (t) check_scalar_input(ctx, t->ir_shape(), what);
        return t;
    };
    const Tensor* max_t = scalar(2, "max_output_boxes_per_class (input 2)");
    const Tensor* iou_t = scalar(3, "iou_threshold (input 3)");
    const Tensor* score_t = scalar(4, "score_threshold (input 4)");
    const int64_t max_out = max_t ? max_t->at_int(0) : 0;
    const double iou_thr = iou_t ? iou_t->at_double(0) : 0.0;
    if (iou_thr < 0 || iou_thr > 1)
        ctx.fail("iou_threshold must be in [0, 1], got " + std::to_string(iou_thr));
    const bool center = ctx.attr_i("center_point_box") == 1;
    const auto boxes = nn::to_f64(bt), scores = nn::to_f64(st);
    const int64_t batches = bs[0], n = bs[1], classes = ss[1];
    std::vector<int64_t> out;
    for (int64_t b = 0; b < batches && max_out > 0; ++b)
        for (int64_t c = 0; c < classes; ++c) {
            const double* sc = scores.data() + (b * classes + c) * n;
            std::vector<int64_t> cand;
            for (int64_t i = 0; i < n; ++i)
                if (!score_t || sc[i] > score_t->at_double(0)) cand.push_back(i);
            std::stable_sort(cand.begin(), cand.end(),
                             [&](int64_t i, int64_t j) { return sc[i] > sc[j]; });
            std::vector<std::array<double, 4>> kept;
            for (int64_t i : cand) {
                if (static_cast<int64_t>(kept.size()) >= max_out) break;
                auto box = corners(boxes.data() + (b * n + i) * 4, center);
                bool drop = false;
                for (const auto& k : kept) drop = drop || suppresses(k, box, iou_thr);
                if (drop) continue;
                kept.push_back(box);
                out.insert(out.end(), {b, c, i});
            }
        }
    ctx.set_output(0, Tensor::from_vector<int64_t>({static_cast<int64_t>(out.size() / 3), 3}, out));
}

}  // namespace

void register_non_max_suppression(OpRegistry& r) {
    r.add(make_schema(
        "NonMaxSuppression", 2, 5, 1, 1,
        {attr_with_default("center_point_box", int64_t{0},
                           "0: boxes are [y1, x1, y2, x2]; 1: [x_center, y_center, w, h]")},
        infer_nms, compute_nms,
        "Selects boxes per batch and class by greedy non-maximum suppression; inputs boxes, "
        "scores, and optional max_output_boxes_per_class, iou_threshold, score_threshold."));
}

}  // namespace neo::ops::image
