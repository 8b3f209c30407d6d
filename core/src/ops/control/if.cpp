// If: runs then_branch or else_branch depending on a boolean condition. Inputs after
// the condition are outer values captured by both branches (num_captured of them);
// they become the branches' inputs.
#include "neo/core/interp/interpreter.hpp"
#include "ops/control/control_ops.hpp"
#include "ops/control/control_util.hpp"

namespace neo::ops::control {
namespace {

std::size_t check_if(const OpContext& ctx, std::size_t num_inputs, std::size_t num_outputs) {
    std::size_t k = captured_count(ctx, num_inputs, 1);
    if (num_inputs != 1 + k)
        ctx.fail("has " + std::to_string(num_inputs) + " inputs, expected the condition and " +
                 std::to_string(k) + " captured value(s) (num_captured = " + std::to_string(k) +
                 ")");
    for (const char* b : {"then_branch", "else_branch"})
        check_subgraph_arity(ctx, b, subgraph_attr(ctx, b), k, num_outputs,
                             "the captured values", "one per output of the node");
    return k;
}

void infer_if(InferContext& ctx) {
    std::size_t k = check_if(ctx, ctx.num_inputs(), ctx.num_outputs());
    DType ct = ctx.input_dtype(0);
    if (ct != DType::undefined && ct != DType::boolean)
        ctx.fail("condition must be bool, got " + std::string(dtype_name(ct)));
    const Shape& cs = ctx.input_shape(0);
    if (cs.is_static() && cs.numel() != 1)
        ctx.fail("condition must have exactly one element, got shape " + cs.str());
    std::vector<ValueType> caps;
    for (std::size_t i = 0; i < k; ++i) caps.emplace_back(ctx.input_dtype(1 + i), ctx.input_shape(1 + i));
    auto then_t = infer_subgraph(ctx, "then_branch", subgraph_attr(ctx, "then_branch"), caps);
    auto else_t = infer_subgraph(ctx, "else_branch", subgraph_attr(ctx, "else_branch"), caps);
    for (std::size_t i = 0; i < ctx.num_outputs(); ++i) {
        if (then_t[i].first != DType::undefined && else_t[i].first != DType::undefined &&
            then_t[i].first != else_t[i].first)
            ctx.fail("output " + std::to_string(i) + " is " +
                     std::string(dtype_name(then_t[i].first)) + " in then_branch but " +
                     std::string(dtype_name(else_t[i].first)) + " in else_branch");
        auto [t, s] = merge_types(then_t[i], else_t[i]);
        ctx.set_output(i, t, std::move(s));
    }
}

void compute_if(ComputeContext& ctx) {
    std::size_t k = check_if(ctx, ctx.num_inputs(), ctx.num_outputs());
    const Tensor& c = ctx.input(0);
    if (c.dtype() != DType::boolean)
        ctx.fail("condition must be bool, got " + std::string(dtype_name(c.dtype())));
    if (c.numel() != 1)
        ctx.fail("condition must have exactly one element, got shape " + shape_text(c.shape()));
    const char* branch = c.at_int(0) != 0 ? "then_branch" : "else_branch";
    std::vector<Tensor> args;
    for (std::size_t i = 0; i < k; ++i) args.push_back(ctx.input(1 + i));
    Interpreter interp(subgraph_attr(ctx, branch));
    std::vector<Tensor> outs = interp.run(args);
    for (std::size_t i = 0; i < outs.size(); ++i) ctx.set_output(i, std::move(outs[i]));
}

}  // namespace

void register_if_op(OpRegistry& r) {
    OpSchema s;
    s.name = "If";
    s.min_inputs = 1;
    s.max_inputs = kVariadic;
    s.min_outputs = 1;
    s.max_outputs = kVariadic;
    s.attrs = {
        {"then_branch", AttrType::graph, std::nullopt, true, "graph run when cond is true"},
        {"else_branch", AttrType::graph, std::nullopt, true, "graph run when cond is false"},
        {"num_captured", AttrType::i, Attribute(int64_t{0}), false,
         "trailing inputs that are captured outer values, passed to both branches"},
    };
    s.infer = infer_if;
    s.compute = compute_if;
    s.doc = "If: runs one of two subgraphs on a single-element bool condition.";
    r.add(std::move(s));
}

}  // namespace neo::ops::control
