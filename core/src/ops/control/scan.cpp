// Scan (opset 9+ semantics): iterates `body` over slices of the scan inputs along their
// scan axes. Inputs: N state values, num_scan_inputs scan inputs, then num_captured outer
// values passed unchanged to every iteration. Body inputs: (N state, one slice per scan
// input, captures); body outputs: (N state, K per-iteration scan outputs). Node outputs:
// N final states, then K scan outputs stacked along their scan_output_axes.
#include <algorithm>
#include <optional>

#include "neo/core/interp/interpreter.hpp"
#include "ops/common/op_util.hpp"
#include "ops/control/control_ops.hpp"
#include "ops/control/control_util.hpp"

namespace neo::ops::control {
namespace {

struct ScanLayout {
    std::size_t n_state, n_scan_in, n_scan_out, n_captured;
    std::vector<int64_t> in_axes, in_dirs, out_axes, out_dirs;  // axes not yet normalized
};

std::vector<int64_t> list_attr(const OpContext& ctx, const std::string& name, std::size_t count,
                               const std::string& what, bool directions) {
    if (!ctx.has_attr(name)) return std::vector<int64_t>(count, 0);
    std::vector<int64_t> v = ctx.attr_ints(name);
    if (v.size() != count)
        ctx.fail(name + " has " + std::to_string(v.size()) + " entries, expected " +
                 std::to_string(count) + " (one per " + what + ")");
    if (directions)
        for (int64_t d : v)
            if (d != 0 && d != 1)
                ctx.fail(name + " entries must be 0 (forward) or 1 (reverse), got " +
                         std::to_string(d));
    return v;
}

ScanLayout check_scan(const OpContext& ctx, std::size_t num_inputs, std::size_t num_outputs) {
    int64_t s = ctx.attr_i("num_scan_inputs");
    if (s < 1) ctx.fail("num_scan_inputs must be >= 1, got " + std::to_string(s));
    auto su = static_cast<std::size_t>(s);
    std::size_t k = captured_count(ctx, num_inputs, su);
    if (num_inputs < su + k)
        ctx.fail("has " + std::to_string(num_inputs) + " inputs, fewer than num_scan_inputs (" +
                 std::to_string(s) + ") plus num_captured (" + std::to_string(k) + ")");
    std::size_t n = num_inputs - su - k;
    if (num_outputs < n)
        ctx.fail("has " + std::to_string(num_outputs) + " outputs but " + std::to_string(n) +
                 " state values (each needs an output)");
    std::size_t kout = num_outputs - n;
    check_subgraph_arity(ctx, "body", subgraph_attr(ctx, "body"), n + su + k, n + kout,
                         std::to_string(n) + " state, " + std::to_string(su) + " scan slices, " +
                             std::to_string(k) + " captured",
                         std::to_string(n) + " state, " + std::to_string(kout) + " scan outputs");
    ScanLayout l{n, su, kout, k, {}, {}, {}, {}};
    l.in_axes = list_attr(ctx, "scan_input_axes", su, "scan input", false);
    l.in_dirs = list_attr(ctx, "scan_input_directions", su, "scan input", true);
    l.out_axes = list_attr(ctx, "scan_output_axes", kout, "scan output", false);
    l.out_dirs = list_attr(ctx, "scan_output_directions", kout, "scan output", true);
    return l;
}

void infer_scan(InferContext& ctx) {
    ScanLayout l = check_scan(ctx, ctx.num_inputs(), ctx.num_outputs());
    std::vector<ValueType> in;
    for (std::size_t i = 0; i < l.n_state; ++i) in.emplace_back(ctx.input_dtype(i), ctx.input_shape(i));
    Dim seq = Dim::unknown();
    std::optional<int64_t> seq_static;
    for (std::size_t i = 0; i < l.n_scan_in; ++i) {
        std::size_t idx = l.n_state + i;
        const Shape& s = ctx.input_shape(idx);
        Shape slice = Shape::unranked();
        if (s.ranked()) {
            if (s.rank() == 0) ctx.fail("scan input " + std::to_string(i) + " is a scalar");
            auto axis = static_cast<std::size_t>(
                normalize_axis(l.in_axes[i], static_cast<int64_t>(s.rank()), ctx));
            const Dim& d = s[axis];
            if (d.is_static()) {
                if (seq_static && *seq_static != d.value())
                    ctx.fail("scan inputs have different sequence lengths " +
                             std::to_string(*seq_static) + " and " + std::to_string(d.value()));
                seq_static = d.value();
            }
            if (i == 0) seq = d;
            std::vector<Dim> dims = s.dims();
            dims.erase(dims.begin() + static_cast<std::ptrdiff_t>(axis));
            slice = Shape(std::move(dims));
        }
        in.emplace_back(ctx.input_dtype(idx), std::move(slice));
    }
    if (seq_static) seq = Dim(*seq_static);
    for (std::size_t i = 0; i < l.n_captured; ++i) {
        std::size_t idx = l.n_state + l.n_scan_in + i;
        in.emplace_back(ctx.input_dtype(idx), ctx.input_shape(idx));
    }
    std::vector<ValueType> out = infer_carried(ctx, "body", subgraph_attr(ctx, "body"), in, 0, 0, l.n_state);
    for (std::size_t i = 0; i < l.n_state; ++i) {
        DType t = in[i].first != DType::undefined ? in[i].first : out[i].first;
        ctx.set_output(i, t, in[i].second);
    }
    for (std::size_t j = 0; j < l.n_scan_out; ++j) {
        const auto& [t, s] = out[l.n_state + j];
        Shape os = Shape::unranked();
        if (s.ranked()) {
            auto axis = static_cast<std::size_t>(
                normalize_axis(l.out_axes[j], static_cast<int64_t>(s.rank()) + 1, ctx));
            std::vector<Dim> dims = s.dims();
            dims.insert(dims.begin() + static_cast<std::ptrdiff_t>(axis), seq);
            os = Shape(std::move(dims));
        }
        ctx.set_output(l.n_state + j, t, std::move(os));
    }
}

void compute_scan(ComputeContext& ctx) {
    ScanLayout l = check_scan(ctx, ctx.num_inputs(), ctx.num_outputs());
    std::vector<std::size_t> axes;
    int64_t seq = -1;
    for (std::size_t i = 0; i < l.n_scan_in; ++i) {
        const Tensor& x = ctx.input(l.n_state + i);
        if (x.rank() == 0) ctx.fail("scan input " + std::to_string(i) + " is a scalar");
        auto axis = static_cast<std::size_t>(
            normalize_axis(l.in_axes[i], static_cast<int64_t>(x.rank()), ctx));
        int64_t len = x.shape()[axis];
        if (seq >= 0 && len != seq)
            ctx.fail("scan inputs have different sequence lengths " + std::to_string(seq) +
                     " and " + std::to_string(len));
        seq = len;
        axes.push_back(axis);
    }
    std::vector<Tensor> args;
    for (std::size_t i = 0; i < l.n_state; ++i) args.push_back(ctx.input(i));
    for (std::size_t i = 0; i < l.n_scan_in; ++i) args.emplace_back();  // slices, set per step
    for (std::size_t i = 0; i < l.n_captured; ++i) args.push_back(ctx.input(l.n_state + l.n_scan_in + i));
    std::vector<std::vector<Tensor>> parts(l.n_scan_out);
    Interpreter interp(subgraph_attr(ctx, "body"));
    for (int64_t t = 0; t < seq; ++t) {
        for (std::size_t i = 0; i < l.n_scan_in; ++i)
            args[l.n_state + i] = take_slice(ctx.input(l.n_state + i), axes[i],
                                             l.in_dirs[i] ? seq - 1 - t : t);
        std::vector<Tensor> outs = interp.run(args);
        for (std::size_t i = 0; i < l.n_state; ++i) args[i] = std::move(outs[i]);
        for (std::size_t j = 0; j < l.n_scan_out; ++j) parts[j].push_back(std::move(outs[l.n_state + j]));
    }
    for (std::size_t i = 0; i < l.n_state; ++i) ctx.set_output(i, std::move(args[i]));
    for (std::size_t j = 0; j < l.n_scan_out; ++j) {
        std::size_t out_index = l.n_state + j;
        if (parts[j].empty()) {
            const Shape& s = ctx.node().output(out_index)->shape();
            int64_t rank = s.ranked() ? static_cast<int64_t>(s.rank()) : 1;
            auto axis = static_cast<std::size_t>(normalize_axis(l.out_axes[j], rank, ctx));
            ctx.set_output(out_index, empty_scan_output(ctx.node(), out_index, axis));
            continue;
        }
        if (l.out_dirs[j]) std::reverse(parts[j].begin(), parts[j].end());
        auto axis = static_cast<std::size_t>(normalize_axis(
            l.out_axes[j], static_cast<int64_t>(parts[j][0].rank()) + 1, ctx));
        ctx.set_output(out_index, stack(parts[j], axis, ctx));
    }
}

}  // namespace

void register_scan_op(OpRegistry& r) {
    OpSchema s;
    s.name = "Scan";
    s.min_inputs = 1;
    s.max_inputs = kVariadic;
    s.min_outputs = 1;
    s.max_outputs = kVariadic;
    s.attrs = {
        {"body", AttrType::graph, std::nullopt, true,
         "(state..., scan slices..., captured...) -> (state..., scan outputs...)"},
        {"num_scan_inputs", AttrType::i, std::nullopt, true, "how many inputs are scanned"},
        {"scan_input_axes", AttrType::ints, std::nullopt, false, "axis per scan input (default 0)"},
        {"scan_input_directions", AttrType::ints, std::nullopt, false,
         "0 forward / 1 reverse per scan input (default 0)"},
        {"scan_output_axes", AttrType::ints, std::nullopt, false,
         "axis per scan output (default 0)"},
        {"scan_output_directions", AttrType::ints, std::nullopt, false,
         "0 forward / 1 reverse per scan output (default 0)"},
        {"num_captured", AttrType::i, Attribute(int64_t{0}), false,
         "trailing inputs that are captured outer values, passed to every iteration"},
    };
    s.infer = infer_scan;
    s.compute = compute_scan;
    s.doc = "Scan: iterates a body over slices of its scan inputs, carrying state.";
    r.add(std::move(s));
}

}  // namespace neo::ops::control
