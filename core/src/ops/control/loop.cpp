// Loop: runs `body` while the trip count M is not reached and the condition holds.
// Inputs: M (optional i64), cond (optional bool), N loop-carried initial values, then
// num_captured outer values passed unchanged to every iteration. Body inputs:
// (iteration_num, cond, N loop-carried, captures); body outputs: (cond, N loop-carried,
// K scan outputs). Node outputs: N final values, then K scan outputs stacked along a new
// axis 0.
#include <algorithm>
#include <optional>

#include "neo/core/interp/interpreter.hpp"
#include "ops/control/control_ops.hpp"
#include "ops/control/control_util.hpp"

namespace neo::ops::control {
namespace {

struct LoopLayout {
    std::size_t n_carried, n_scan, n_captured;
};

LoopLayout check_loop(const OpContext& ctx, std::size_t num_inputs, std::size_t num_outputs) {
    if (num_inputs < 2)
        ctx.fail("has " + std::to_string(num_inputs) +
                 " inputs, Loop takes at least 2 (M and cond, either may be omitted)");
    std::size_t k = captured_count(ctx, num_inputs, 2);
    std::size_t n = num_inputs - 2 - k;
    if (num_outputs < n)
        ctx.fail("has " + std::to_string(num_outputs) + " outputs but " + std::to_string(n) +
                 " loop-carried values (each needs an output)");
    std::size_t scans = num_outputs - n;
    check_subgraph_arity(ctx, "body", subgraph_attr(ctx, "body"), 2 + n + k, 1 + n + scans,
                         "iteration_num, cond, " + std::to_string(n) + " loop-carried, " +
                             std::to_string(k) + " captured",
                         "cond, " + std::to_string(n) + " loop-carried, " +
                             std::to_string(scans) + " scan outputs");
    return {n, scans, k};
}

void infer_loop(InferContext& ctx) {
    auto [n, scans, k] = check_loop(ctx, ctx.num_inputs(), ctx.num_outputs());
    if (ctx.has_input(0) && ctx.input_dtype(0) != DType::undefined && ctx.input_dtype(0) != DType::i64)
        ctx.fail("trip count M must be i64, got " + std::string(dtype_name(ctx.input_dtype(0))));
    if (ctx.has_input(1) && ctx.input_dtype(1) != DType::undefined &&
        ctx.input_dtype(1) != DType::boolean)
        ctx.fail("cond must be bool, got " + std::string(dtype_name(ctx.input_dtype(1))));
    std::vector<ValueType> in{{DType::i64, Shape{}}, {DType::boolean, Shape{}}};
    for (std::size_t i = 0; i < n + k; ++i) in.emplace_back(ctx.input_dtype(2 + i), ctx.input_shape(2 + i));
    const Graph& body = subgraph_attr(ctx, "body");
    std::vector<ValueType> out = infer_carried(ctx, "body", body, in, 2, 1, n);
    for (std::size_t i = 0; i < n; ++i) {
        DType t = in[2 + i].first != DType::undefined ? in[2 + i].first : out[1 + i].first;
        ctx.set_output(i, t, in[2 + i].second);
    }
    Dim trips = Dim::unknown();
    if (const Tensor* m = ctx.has_input(0) ? ctx.input_constant(0) : nullptr;
        m && m->numel() == 1 && !ctx.has_input(1))
        trips = Dim(std::max<int64_t>(0, m->at_int(0)));
    for (std::size_t j = 0; j < scans; ++j) {
        const auto& [t, s] = out[1 + n + j];
        Shape os = Shape::unranked();
        if (s.ranked()) {
            std::vector<Dim> dims{trips};
            dims.insert(dims.end(), s.dims().begin(), s.dims().end());
            os = Shape(std::move(dims));
        }
        ctx.set_output(n + j, t, std::move(os));
    }
}

bool single_bool(const ComputeContext& ctx, const Tensor& t, const std::string& what) {
    if (t.dtype() != DType::boolean)
        ctx.fail(what + " must be bool, got " + std::string(dtype_name(t.dtype())));
    if (t.numel() != 1)
        ctx.fail(what + " must have exactly one element, got shape " + shape_text(t.shape()));
    return t.at_int(0) != 0;
}

void compute_loop(ComputeContext& ctx) {
    auto [n, scans, k] = check_loop(ctx, ctx.num_inputs(), ctx.num_outputs());
    std::optional<int64_t> trip_count;
    if (const Tensor* m = ctx.optional_input(0)) {
        if (m->dtype() != DType::i64)
            ctx.fail("trip count M must be i64, got " + std::string(dtype_name(m->dtype())));
        if (m->numel() != 1)
            ctx.fail("trip count M must have exactly one element, got shape " +
                     shape_text(m->shape()));
        trip_count = m->at_int(0);
    }
    const bool has_cond = ctx.has_input(1);
    bool cond = has_cond ? single_bool(ctx, ctx.input(1), "cond") : true;
    if (!trip_count && !has_cond)
        ctx.fail("has neither a trip count M nor a cond input: the loop would never end");

    const Graph& body = subgraph_attr(ctx, "body");
    // iteration_num and cond are scalars, or [1] (etc.) where the body declares so.
    auto scalar_shape = [&](std::size_t i) {
        const Shape& s = body.inputs()[i]->shape();
        return s.is_static() && s.numel() == 1 ? s.static_dims() : std::vector<int64_t>{};
    };
    const std::vector<int64_t> iter_shape = scalar_shape(0), cond_shape = scalar_shape(1);
    std::vector<Tensor> args;
    args.push_back(Tensor::from_vector<int64_t>(iter_shape, {0}));
    args.push_back(Tensor::from_vector<bool>(cond_shape, {cond}));
    for (std::size_t i = 0; i < n + k; ++i) args.push_back(ctx.input(2 + i));
    std::vector<std::vector<Tensor>> scan_parts(scans);
    Interpreter interp(body);
    for (int64_t it = 0; (!trip_count || it < *trip_count) && cond; ++it) {
        args[0] = Tensor::from_vector<int64_t>(iter_shape, {it});
        args[1] = Tensor::from_vector<bool>(cond_shape, {cond});
        std::vector<Tensor> outs = interp.run(args);
        if (has_cond) cond = single_bool(ctx, outs[0], "the body's cond output");
        for (std::size_t i = 0; i < n; ++i) args[2 + i] = std::move(outs[1 + i]);
        for (std::size_t j = 0; j < scans; ++j) scan_parts[j].push_back(std::move(outs[1 + n + j]));
    }
    for (std::size_t i = 0; i < n; ++i) ctx.set_output(i, std::move(args[2 + i]));
    for (std::size_t j = 0; j < scans; ++j)
        ctx.set_output(n + j, scan_parts[j].empty() ? empty_scan_output(ctx.node(), n + j, 0)
                                                    : stack(scan_parts[j], 0, ctx));
}

}  // namespace

void register_loop_op(OpRegistry& r) {
    OpSchema s;
    s.name = "Loop";
    s.min_inputs = 0;  // M and cond may both be omitted (checked by the op)
    s.max_inputs = kVariadic;
    s.min_outputs = 0;
    s.max_outputs = kVariadic;
    s.attrs = {
        {"body", AttrType::graph, std::nullopt, true,
         "(iteration_num, cond, loop-carried..., captured...) -> (cond, loop-carried..., scan...)"},
        {"num_captured", AttrType::i, Attribute(int64_t{0}), false,
         "trailing inputs that are captured outer values, passed to every iteration"},
    };
    s.infer = infer_loop;
    s.compute = compute_loop;
    s.doc = "Loop: a for/while loop over a body subgraph with loop-carried and scan outputs.";
    r.add(std::move(s));
}

}  // namespace neo::ops::control
