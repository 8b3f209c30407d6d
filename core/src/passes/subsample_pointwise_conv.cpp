#include "neo/core/passes/subsample_pointwise_conv.hpp"

#include <algorithm>

#include "neo/core/ir/tensor.hpp"

namespace neo {
namespace {

std::vector<int64_t> ints_or(const Node& n, const char* name, std::vector<int64_t> dflt) {
    return n.has_attr(name) ? n.attr(name).ints() : dflt;
}

bool rewrite(Graph& g, Node* conv) {
    Value* x = conv->input(0);
    Value* w = conv->num_inputs() > 1 ? conv->input(1) : nullptr;
    if (!x || !w || !x->shape().is_static() || !w->shape().is_static()) return false;
    const std::vector<int64_t> xs = x->shape().static_dims(), ws = w->shape().static_dims();
    const std::size_t spatial = xs.size() < 3 ? 0 : xs.size() - 2;
    if (spatial == 0 || ws.size() != xs.size()) return false;
    if (std::any_of(ws.begin() + 2, ws.end(), [](int64_t k) { return k != 1; })) return false;
    if (conv->has_attr("auto_pad") && conv->attr("auto_pad").s() != "NOTSET" && conv->attr("auto_pad").s() != "VALID")
        return false;
    const auto pads = ints_or(*conv, "pads", std::vector<int64_t>(2 * spatial, 0));
    if (std::any_of(pads.begin(), pads.end(), [](int64_t p) { return p != 0; })) return false;
    const auto strides = ints_or(*conv, "strides", std::vector<int64_t>(spatial, 1));
    if (strides.size() != spatial || std::all_of(strides.begin(), strides.end(), [](int64_t s) { return s == 1; }))
        return false;

    std::vector<int64_t> starts, ends, axes, steps;
    for (std::size_t i = 0; i < spatial; ++i) {
        if (strides[i] < 1) return false;
        if (strides[i] == 1) continue;
        starts.push_back(0), ends.push_back(xs[i + 2]), axes.push_back(static_cast<int64_t>(i + 2)), steps.push_back(strides[i]);
    }
    auto ints = [&](const std::string& what, const std::vector<int64_t>& v) {
        return g.add_constant(g.unique_value_name(conv->name() + "_subsample_" + what),
                              Tensor::from_vector<int64_t>({static_cast<int64_t>(v.size())}, v));
    };
    Node* slice = g.add_node("Slice", {x, ints("starts", starts), ints("ends", ends), ints("axes", axes), ints("steps", steps)},
                             {g.fresh_value_name(x->name() + "_subsampled")}, {}, g.fresh_node_name(conv->name() + "_subsample"));
    std::vector<int64_t> sub = xs;
    for (std::size_t i = 0; i < spatial; ++i) sub[i + 2] = (xs[i + 2] + strides[i] - 1) / strides[i];
    slice->output(0)->set_dtype(x->dtype());
    slice->output(0)->set_shape(Shape::from(sub));
    conv->set_input(0, slice->output(0));
    conv->set_attr("strides", Attribute(std::vector<int64_t>(spatial, 1)));
    return true;
}

}  // namespace

bool subsample_pointwise_conv(Graph& g) {
    bool changed = false;
    for (Node* n : g.topological_order())
        if (n->op() == "Conv" && n->domain().empty()) changed |= rewrite(g, n);
    return changed;
}

}  // namespace neo
