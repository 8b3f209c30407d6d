// Resize (nearest / linear / cubic, every coordinate transformation): separable, so each
// resized axis gets a table of taps (input index and weight per output position),
// tabulated at compile time by the reference's own 1-D resampling (core's resize_axis on an
// identity matrix) and stored in model.params. Each output element sums the product of its
// axes' tap weights times the input, in f64. tf_crop_and_resize's positions outside the
// input get the index -1 (and no weight); an output with one of those is the
// extrapolation value. Knob: "parallel".
#include <cmath>
#include <limits>

#include "lower/lowering.hpp"
#include "neo/core/ops/resize.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;

struct AxisTaps {
    int64_t taps = 0;
    int index = -1, weight = -1;  // table buffers [out, taps]
};

void lower_resize(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const OpContext& op = c.op();
    if (op.attr_i("antialias") != 0) c.unsupported("antialias=1");
    ops::image::Interp ip;
    ip.mode = op.attr_s("mode");
    ip.coord = op.attr_s("coordinate_transformation_mode");
    ip.nearest = op.attr_s("nearest_mode");
    ip.cubic_a = op.attr_f("cubic_coeff_a");
    ip.exclude_outside = op.attr_i("exclude_outside") != 0;
    // The tabulation marks the outputs outside the input (tf_crop_and_resize) with NaN.
    ip.extrapolation = std::numeric_limits<double>::quiet_NaN();
    const bool crop = ip.coord == "tf_crop_and_resize";
    const auto xs = c.in_shape(0), ys = c.out_shape(0);
    for (std::size_t i = 1; i < c.node().num_inputs(); ++i)
        if (c.has_input(i) && !c.constant(i)) c.unsupported("input " + std::to_string(i) + " must be a constant");
    std::vector<std::size_t> axes;
    if (c.node().has_attr("axes"))
        for (int64_t a : op.attr_ints("axes")) axes.push_back(static_cast<std::size_t>(a < 0 ? a + static_cast<int64_t>(xs.size()) : a));
    if (axes.empty())
        for (std::size_t a = 0; a < xs.size(); ++a) axes.push_back(a);
    auto nonempty = [&](std::size_t i) -> const Tensor* {
        const Tensor* k = c.constant(i);
        return k && k->numel() > 0 ? k : nullptr;
    };
    const auto plan = ops::image::plan_resize(op, xs, axes, nonempty(1), nonempty(2), nonempty(3), ip.coord,
                                              op.attr_s("keep_aspect_ratio_policy"));
    if (plan.out_shape != ys) c.unsupported("the output shape differs from the plan");

    const int X = c.in(0), Y = c.out(0);
    std::vector<AxisTaps> taps(xs.size());
    for (std::size_t a = 0; a < xs.size(); ++a) {
        const int64_t in = xs[a], out = ys[a];
        if (in == out && plan.scales[a] == 1.0 && plan.roi_start[a] == 0.0 && plan.roi_end[a] == 1.0) continue;
        std::vector<double> eye(static_cast<std::size_t>(in * in), 0.0);
        for (int64_t i = 0; i < in; ++i) eye[static_cast<std::size_t>(i * in + i)] = 1.0;
        // w[i * out + o]: the weight of input i in output o.
        const auto w = ops::image::resize_axis(eye, {in, in}, 1, out, plan.scales[a], plan.roi_start[a], plan.roi_end[a], ip);
        auto outside = [&](int64_t o) { return std::isnan(w[static_cast<std::size_t>(o)]); };
        int64_t most = 1;
        for (int64_t o = 0; o < out; ++o) {
            if (outside(o)) continue;
            int64_t n = 0;
            for (int64_t i = 0; i < in; ++i) n += w[static_cast<std::size_t>(i * out + o)] != 0.0;
            most = std::max(most, n);
        }
        std::vector<int64_t> idx(static_cast<std::size_t>(out * most), 0);
        std::vector<double> wt(static_cast<std::size_t>(out * most), 0.0);
        for (int64_t o = 0; o < out; ++o) {
            if (outside(o)) {
                idx[static_cast<std::size_t>(o * most)] = -1;
                continue;
            }
            int64_t n = 0;
            for (int64_t i = 0; i < in; ++i) {
                const double v = w[static_cast<std::size_t>(i * out + o)];
                if (v == 0.0) continue;
                idx[static_cast<std::size_t>(o * most + n)] = i;
                wt[static_cast<std::size_t>(o * most + n)] = v;
                ++n;
            }
        }
        const std::string axis = std::to_string(a);
        taps[a].taps = most;
        taps[a].index = c.table("index" + axis, Tensor::from_vector<int64_t>({out, most}, idx));
        taps[a].weight = c.table("weight" + axis, Tensor::from_vector<double>({out, most}, wt));
    }

    const int acc = c.kernel().add_local("acc", DType::f64, 1);
    const auto xstr = strides_of(xs), ystr = strides_of(ys);
    const bool parallel = c.knob("parallel", numel_of(ys) >= 16384 ? 1 : 0) != 0;
    c.kernel().body = loop_nest(c, ys, parallel, 1, [&](const std::vector<ExprP>& o) {
        ExprP xidx = kir::imm(0), weight = kir::fimm(1, DType::f64), extrapolate = kir::imm(0, DType::boolean);
        std::vector<int> tap_vars;
        std::vector<std::size_t> tap_axes;
        for (std::size_t a = 0; a < xs.size(); ++a) {
            if (taps[a].index < 0) {
                xidx = xidx + o[a] * xstr[a];
                continue;
            }
            const int v = c.var("t" + std::to_string(a));
            tap_vars.push_back(v);
            tap_axes.push_back(a);
            ExprP entry = o[a] * taps[a].taps + kir::var(v);
            ExprP i = kir::load(taps[a].index, DType::i64, entry);
            xidx = xidx + (crop ? kir::max(i, kir::imm(0)) : i) * xstr[a];
            if (crop)
                extrapolate = kir::binary(Op::Or, extrapolate,
                                          kir::binary(Op::Lt, kir::load(taps[a].index, DType::i64, o[a] * taps[a].taps), kir::imm(0)));
            weight = kir::binary(Op::Mul, weight, kir::load(taps[a].weight, DType::f64, entry));
        }
        ExprP a = kir::load(acc, DType::f64, kir::imm(0));
        std::vector<kir::StmtP> body{kir::store(acc, kir::imm(0),
            kir::binary(Op::Add, a, kir::binary(Op::Mul, weight, kir::cast(DType::f64, kir::load(X, t, xidx)))))};
        for (std::size_t k = tap_vars.size(); k-- > 0;)
            body = {kir::loop(tap_vars[k], taps[tap_axes[k]].taps, std::move(body))};
        std::vector<kir::StmtP> out{kir::store(acc, kir::imm(0), kir::fimm(0, DType::f64))};
        out.insert(out.end(), body.begin(), body.end());
        ExprP value = crop ? kir::select(extrapolate, kir::fimm(op.attr_f("extrapolation_value"), DType::f64), a) : a;
        out.push_back(kir::store(Y, linear_index(o, ystr), kir::cast(t, value)));
        return out;
    });
}

ScheduleSpace resize_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}}; }

}  // namespace

void add_resize_lowerings(LoweringTable& t) { t["Resize"] = {lower_resize, resize_space}; }

}  // namespace neo::llvm_cpu
