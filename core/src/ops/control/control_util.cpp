#include "ops/control/control_util.hpp"

#include <algorithm>
#include <variant>

#include "neo/core/passes/shape_propagation.hpp"
#include "neo/core/util/error.hpp"

namespace neo::ops::control {

const Graph& subgraph_attr(const OpContext& ctx, const std::string& name) {
    const GraphPtr& g = ctx.attr(name).graph();
    if (!g) ctx.fail("attribute '" + name + "' holds no graph");
    return *g;
}

std::size_t captured_count(const OpContext& ctx, std::size_t num_inputs, std::size_t fixed_inputs) {
    int64_t k = ctx.attr_i("num_captured");
    if (k < 0) ctx.fail("num_captured must be >= 0, got " + std::to_string(k));
    if (static_cast<std::size_t>(k) + fixed_inputs > num_inputs)
        ctx.fail("num_captured is " + std::to_string(k) + " but the node has only " +
                 std::to_string(num_inputs) + " inputs (" + std::to_string(fixed_inputs) +
                 " of them come before the captured values)");
    return static_cast<std::size_t>(k);
}

void check_subgraph_arity(const OpContext& ctx, const std::string& attr, const Graph& g,
                          std::size_t num_inputs, std::size_t num_outputs,
                          const std::string& inputs_meaning, const std::string& outputs_meaning) {
    if (g.inputs().size() != num_inputs)
        ctx.fail("subgraph '" + attr + "' has " + std::to_string(g.inputs().size()) +
                 " inputs, expected " + std::to_string(num_inputs) + " (" + inputs_meaning + ")");
    if (g.outputs().size() != num_outputs)
        ctx.fail("subgraph '" + attr + "' has " + std::to_string(g.outputs().size()) +
                 " outputs, expected " + std::to_string(num_outputs) + " (" + outputs_meaning +
                 ")");
}

std::vector<ValueType> infer_subgraph(const OpContext& ctx, const std::string& attr,
                                      const Graph& g, const std::vector<ValueType>& inputs) {
    check_internal(inputs.size() == g.inputs().size(), "infer_subgraph: input count mismatch");
    std::unique_ptr<Graph> c = g.clone();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        Value* v = c->inputs()[i];
        if (v->dtype() == DType::undefined) v->set_dtype(inputs[i].first);
        if (!v->shape().ranked()) v->set_shape(inputs[i].second);
    }
    try {
        propagate_shapes(*c);
    } catch (const UserError& e) {
        ctx.fail("in subgraph '" + attr + "': " + e.what());
    }
    std::vector<ValueType> out;
    for (Value* o : c->outputs()) out.emplace_back(o->dtype(), o->shape());
    return out;
}

std::vector<ValueType> infer_carried(const OpContext& ctx, const std::string& attr,
                                     const Graph& body, std::vector<ValueType>& in,
                                     std::size_t in_off, std::size_t out_off, std::size_t n) {
    std::vector<ValueType> out;
    for (int round = 0;; ++round) {
        out = infer_subgraph(ctx, attr, body, in);
        bool stable = true;
        for (std::size_t i = 0; i < n; ++i) {
            ValueType m = merge_types(in[in_off + i], out[out_off + i]);
            if (m.first != in[in_off + i].first || !(m.second == in[in_off + i].second)) stable = false;
            in[in_off + i] = m;
        }
        if (stable || round == 3) return out;
        if (round == 2)  // still changing: give up on the carried shapes, keep the dtypes
            for (std::size_t i = 0; i < n; ++i) in[in_off + i].second = Shape::unranked();
    }
}

ValueType merge_types(const ValueType& a, const ValueType& b) {
    DType t = a.first != DType::undefined ? a.first : b.first;
    const Shape& sa = a.second;
    const Shape& sb = b.second;
    if (!sa.ranked() || !sb.ranked() || sa.rank() != sb.rank()) return {t, Shape::unranked()};
    std::vector<Dim> dims;
    for (std::size_t d = 0; d < sa.rank(); ++d)
        dims.push_back(sa[d] == sb[d] ? sa[d] : Dim::unknown());
    return {t, Shape(std::move(dims))};
}

std::string shape_text(const std::vector<int64_t>& s) { return Shape::from(s).str(); }

Tensor take_slice(const Tensor& x, std::size_t axis, int64_t index) {
    auto shape = x.shape();
    check_internal(axis < shape.size() && index >= 0 && index < shape[axis],
                   "take_slice: index out of range");
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    const int64_t len = shape[axis];
    std::vector<int64_t> out_shape = shape;
    out_shape.erase(out_shape.begin() + static_cast<std::ptrdiff_t>(axis));
    Tensor out = Tensor::zeros(x.dtype(), out_shape);
    std::visit(
        [&](auto& o) {
            using A = std::decay_t<decltype(o)>;
            const auto& a = std::get<A>(x.storage());
            for (int64_t k = 0; k < outer; ++k) {
                auto* src = a.data() + (k * len + index) * inner;
                std::copy(src, src + inner, o.data() + k * inner);
            }
        },
        out.storage());
    return out;
}

Tensor stack(const std::vector<Tensor>& parts, std::size_t axis, const OpContext& ctx) {
    check_internal(!parts.empty(), "stack: no parts");
    auto shape = parts[0].shape();
    for (const Tensor& p : parts)
        if (p.dtype() != parts[0].dtype() || p.shape() != shape)
            ctx.fail("scan output changes type across iterations: " +
                     std::string(dtype_name(parts[0].dtype())) + shape_text(shape) + " vs " +
                     std::string(dtype_name(p.dtype())) + shape_text(p.shape()));
    check_internal(axis <= shape.size(), "stack: axis out of range");
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis; d < shape.size(); ++d) inner *= shape[d];
    const auto len = static_cast<int64_t>(parts.size());
    std::vector<int64_t> out_shape = shape;
    out_shape.insert(out_shape.begin() + static_cast<std::ptrdiff_t>(axis), len);
    Tensor out = Tensor::zeros(parts[0].dtype(), out_shape);
    std::visit(
        [&](auto& o) {
            using A = std::decay_t<decltype(o)>;
            for (int64_t t = 0; t < len; ++t) {
                const auto& a = std::get<A>(parts[static_cast<std::size_t>(t)].storage());
                for (int64_t k = 0; k < outer; ++k)
                    std::copy(a.data() + k * inner, a.data() + (k + 1) * inner,
                              o.data() + (k * len + t) * inner);
            }
        },
        out.storage());
    return out;
}

Tensor empty_scan_output(const Node& node, std::size_t output, std::size_t axis) {
    const Value* v = node.output(output);
    DType t = v->dtype() != DType::undefined ? v->dtype() : DType::f32;
    const Shape& s = v->shape();
    std::vector<int64_t> dims;
    bool ok = s.ranked() && axis < s.rank();
    for (std::size_t d = 0; ok && d < s.rank(); ++d) {
        if (d == axis)
            dims.push_back(0);
        else if (s[d].is_static())
            dims.push_back(s[d].value());
        else
            ok = false;
    }
    if (!ok) dims = {0};
    return Tensor::zeros(t, dims);
}

}  // namespace neo::ops::control
