#include "neo/core/passes/fold_batch_norm.hpp"

#include <cmath>

#include "neo/core/ir/tensor.hpp"

namespace neo {
namespace {

// Per-channel factors of an inference batch-norm: y = x * s + t.
struct Affine {
    std::vector<double> s, t;
};

std::optional<Affine> batch_norm_affine(const Node& bn) {
    if (bn.num_outputs() != 1) return std::nullopt;  // training-mode outputs requested
    if (bn.has_attr("training_mode") && bn.attr("training_mode").i() != 0) return std::nullopt;
    for (std::size_t i = 1; i < 5; ++i)
        if (!bn.input(i) || !bn.input(i)->is_constant() || bn.input(i)->constant().rank() != 1)
            return std::nullopt;
    double eps = bn.has_attr("epsilon") ? bn.attr("epsilon").f() : 1e-5;
    const Tensor& scale = bn.input(1)->constant();
    const Tensor& beta = bn.input(2)->constant();
    const Tensor& mean = bn.input(3)->constant();
    const Tensor& var = bn.input(4)->constant();
    int64_t c = scale.numel();
    if (beta.numel() != c || mean.numel() != c || var.numel() != c) return std::nullopt;
    Affine a;
    for (int64_t i = 0; i < c; ++i) {
        double s = scale.at_double(i) / std::sqrt(var.at_double(i) + eps);
        a.s.push_back(s);
        a.t.push_back(beta.at_double(i) - mean.at_double(i) * s);
    }
    return a;
}

// Scales `w` along `axis` by s[channel] (float dtypes only).
std::optional<Tensor> scale_along(const Tensor& w, std::size_t axis, const std::vector<double>& s) {
    if (!is_float(w.dtype()) || axis >= w.rank()) return std::nullopt;
    auto shape = w.shape();
    if (shape[axis] != static_cast<int64_t>(s.size())) return std::nullopt;
    Tensor wd = w.cast(DType::f64);
    auto& a = wd.array<double>();
    int64_t inner = 1;
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    int64_t channels = shape[axis];
    for (int64_t i = 0; i < static_cast<int64_t>(a.size()); ++i)
        a.data()[i] *= s[static_cast<std::size_t>((i / inner) % channels)];
    return wd.cast(w.dtype());
}

// New bias: (old * s) + t, where old is a per-channel bias or absent (0).
std::optional<Tensor> folded_bias(const Value* old, const Affine& f, DType dt, double old_scale) {
    std::vector<double> b(f.s.size());
    if (old) {
        if (!old->is_constant()) return std::nullopt;
        const Tensor& t = old->constant();
        int64_t n = t.numel();
        if (n != 1 && n != static_cast<int64_t>(b.size())) return std::nullopt;
        for (std::size_t i = 0; i < b.size(); ++i)
            b[i] = old_scale * t.at_double(n == 1 ? 0 : static_cast<int64_t>(i));
    }
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = b[i] * f.s[i] + f.t[i];
    return Tensor::from_vector<double>({static_cast<int64_t>(b.size())}, b).cast(dt);
}

bool fold_one(Graph& g, Node* bn) {
    Value* x = bn->input(0);
    Node* p = x ? x->producer() : nullptr;
    if (!p || x->uses().size() != 1 || p->num_outputs() != 1) return false;
    for (Value* o : g.outputs())
        if (o == x) return false;
    auto f = batch_norm_affine(*bn);
    if (!f) return false;
    Value* w = p->input(1);
    if (!w || !w->is_constant()) return false;
    DType dt = w->constant().dtype();

    std::optional<Tensor> new_w, new_b;
    if (p->op() == "Conv" && p->domain().empty()) {
        new_w = scale_along(w->constant(), 0, f->s);
        new_b = folded_bias(p->input(2), *f, dt, 1.0);
    } else if (p->op() == "Gemm" && p->domain().empty()) {
        // Y = alpha * A' B' + beta * C; batch-norm acts on Y's columns (B's output dim).
        bool trans_b = p->has_attr("transB") && p->attr("transB").i() != 0;
        double alpha = p->has_attr("alpha") ? p->attr("alpha").f() : 1.0;
        double beta = p->has_attr("beta") ? p->attr("beta").f() : 1.0;
        std::vector<double> s = f->s;
        for (double& v : s) v *= alpha;
        new_w = scale_along(w->constant(), trans_b ? 0 : 1, s);
        new_b = folded_bias(p->input(2), *f, dt, beta);
        if (new_w && new_b) {
            p->set_attr("alpha", 1.0);
            p->set_attr("beta", 1.0);
        }
    } else {
        return false;
    }
    if (!new_w || !new_b) return false;

    p->set_input(1, g.add_constant(g.unique_value_name(w->name() + "_bnfolded"), std::move(*new_w)));
    Value* b = g.add_constant(g.unique_value_name(bn->name() + "_bias"), std::move(*new_b));
    if (p->num_inputs() < 3) p->add_input(b);
    else p->set_input(2, b);
    // The producer now computes the batch-norm's result: it takes over its output.
    // It keeps the batch-norm's output name, which may be a model output's name.
    Value* y = bn->output(0);
    std::string name = y->name();
    g.replace_all_uses(y, x);
    g.remove_node(bn);
    g.rename_value(x, name);
    return true;
}

}  // namespace

bool fold_batch_norm(Graph& g) {
    bool changed = false;
    for (Node* n : g.topological_order())
        if (n->op() == "BatchNormalization" && n->domain().empty()) changed |= fold_one(g, n);
    return changed;
}

}  // namespace neo
