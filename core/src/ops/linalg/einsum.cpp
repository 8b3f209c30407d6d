// Einsum (ONNX opset 12): Einstein summation over any number of operands, numpy.einsum
// semantics. The equation "term,term,...[->output]" names each operand axis with a letter
// (a-z, A-Z, case-sensitive); "..." stands for the remaining axes (broadcast numpy-style
// across operands). A letter repeated in one operand takes that operand's diagonal; letters
// absent from the output are summed. Without "->" the output is the ellipsis axes followed by
// the letters used exactly once, in ASCII order. Spaces are ignored. Floats compute in
// double; integers in wrapping 64-bit arithmetic, converted back to the operands' dtype.
#include <algorithm>
#include <array>
#include <string>

#include "ops/common/op_util.hpp"
#include "ops/linalg/linalg_ops.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/quant/quant_util.hpp"

namespace neo::ops::linalg {
namespace {

constexpr int kLetters = 52;  // label ids: a-z 0..25, A-Z 26..51
constexpr int kEllipsis = -1;

struct Term {
    std::vector<int> labels;  // per written position; kEllipsis for "..."
    bool has_ellipsis() const {
        return std::find(labels.begin(), labels.end(), kEllipsis) != labels.end();
    }
    std::size_t letters() const { return labels.size() - (has_ellipsis() ? 1 : 0); }
};

struct Equation {
    std::vector<Term> inputs;
    Term output;
    bool explicit_output = false;
};

char label_char(int l) { return static_cast<char>(l < 26 ? 'a' + l : 'A' + (l - 26)); }

Term parse_term(const OpContext& ctx, const std::string& eq, const std::string& t, bool output) {
    Term term;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c >= 'a' && c <= 'z') term.labels.push_back(c - 'a');
        else if (c >= 'A' && c <= 'Z') term.labels.push_back(26 + (c - 'A'));
        else if (c == '.') {
            if (t.compare(i, 3, "...") != 0)
                ctx.fail("equation '" + eq + "': a '.' that is not part of '...' in term '" + t +
                         "'");
            if (term.has_ellipsis())
                ctx.fail("equation '" + eq + "': term '" + t + "' has more than one '...'");
            term.labels.push_back(kEllipsis);
            i += 2;
        } else {
            ctx.fail("equation '" + eq + "': unexpected character '" + std::string(1, c) +
                     "' in term '" + t + "'; terms hold letters a-z, A-Z and at most one '...'");
        }
    }
    if (output)
        for (std::size_t i = 0; i < term.labels.size(); ++i)
            for (std::size_t j = i + 1; j < term.labels.size(); ++j)
                if (term.labels[i] != kEllipsis && term.labels[i] == term.labels[j])
                    ctx.fail("equation '" + eq + "': the output names '" +
                             std::string(1, label_char(term.labels[i])) +
                             "' more than once; each output letter must be unique");
    return term;
}

Equation parse(const OpContext& ctx, std::size_t n_inputs) {
    const std::string& raw = ctx.attr_s("equation");
    std::string eq;
    for (char c : raw)
        if (c != ' ') eq += c;
    Equation e;
    std::string lhs = eq;
    const std::size_t arrow = eq.find("->");
    if (arrow != std::string::npos) {
        lhs = eq.substr(0, arrow);
        const std::string rhs = eq.substr(arrow + 2);
        if (rhs.find("->") != std::string::npos)
            ctx.fail("equation '" + raw + "' has more than one '->'");
        e.output = parse_term(ctx, raw, rhs, true);
        e.explicit_output = true;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = lhs.find(',', start);
        e.inputs.push_back(parse_term(ctx, raw, lhs.substr(start, comma - start), false));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (e.inputs.size() != n_inputs)
        ctx.fail("equation '" + raw + "' has " + std::to_string(e.inputs.size()) +
                 " input term(s) but the node has " + std::to_string(n_inputs) +
                 " input(s); give one comma-separated term per input");
    std::array<int, kLetters> count{};
    bool any_ellipsis = false;
    for (const Term& t : e.inputs) {
        any_ellipsis = any_ellipsis || t.has_ellipsis();
        for (int l : t.labels)
            if (l != kEllipsis) ++count[static_cast<std::size_t>(l)];
    }
    if (e.explicit_output) {
        for (int l : e.output.labels)
            if (l != kEllipsis && count[static_cast<std::size_t>(l)] == 0)
                ctx.fail("equation '" + raw + "': output letter '" +
                         std::string(1, label_char(l)) + "' does not occur in any input term");
    } else {
        // Implicit output: "..." first, then the letters used once, in ASCII order (A-Z, a-z).
        if (any_ellipsis) e.output.labels.push_back(kEllipsis);
        for (int l = 26; l < kLetters; ++l)
            if (count[static_cast<std::size_t>(l)] == 1) e.output.labels.push_back(l);
        for (int l = 0; l < 26; ++l)
            if (count[static_cast<std::size_t>(l)] == 1) e.output.labels.push_back(l);
    }
    return e;
}

// The operand axes matched with labels: per axis, its label (letters 0..51, ellipsis axis j
// of E as kLetters + j, counted so that the ellipses of all operands align at the right).
std::vector<int> axis_labels(const OpContext& ctx, const Term& t, std::size_t rank,
                             std::size_t input, std::size_t ell_rank) {
    const std::size_t n_letters = t.letters();
    if (rank < n_letters || (!t.has_ellipsis() && rank != n_letters))
        ctx.fail("input " + std::to_string(input) + " has rank " + std::to_string(rank) +
                 " but its term in equation '" + ctx.attr_s("equation") + "' names " +
                 std::to_string(n_letters) + " axes" +
                 (t.has_ellipsis() ? " (plus '...')" : "; add '...' to cover the others"));
    std::vector<int> out;
    const std::size_t e = rank - n_letters;
    for (int l : t.labels) {
        if (l != kEllipsis) {
            out.push_back(l);
            continue;
        }
        for (std::size_t j = 0; j < e; ++j) out.push_back(kLetters + static_cast<int>(ell_rank - e + j));
    }
    return out;
}

// Output labels (ellipsis expanded to the broadcast ellipsis rank).
std::vector<int> output_labels(const OpContext& ctx, const Equation& e, std::size_t ell_rank) {
    std::vector<int> out;
    bool had = false;
    for (int l : e.output.labels) {
        if (l != kEllipsis) {
            out.push_back(l);
            continue;
        }
        had = true;
        for (std::size_t j = 0; j < ell_rank; ++j) out.push_back(kLetters + static_cast<int>(j));
    }
    if (!had && ell_rank > 0)
        ctx.fail("equation '" + ctx.attr_s("equation") + "': '...' stands for " +
                 std::to_string(ell_rank) +
                 " axes in the inputs but the output has no '...' to hold them");
    return out;
}

void check_dtypes(const OpContext& ctx, const std::vector<DType>& t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == DType::undefined) continue;
        if (!is_float(t[i]) && !is_integer(t[i]))
            ctx.fail("input " + std::to_string(i) + " has dtype " +
                     std::string(dtype_name(t[i])) +
                     "; Einsum supports f32, f64, f16, bf16, i8, u8, i16, i32, i64");
        if (t[0] != DType::undefined && t[i] != t[0])
            ctx.fail("input " + std::to_string(i) + " has dtype " +
                     std::string(dtype_name(t[i])) + " but input 0 has dtype " +
                     std::string(dtype_name(t[0])) + "; all inputs must have the same dtype");
    }
}

// Merges one occurrence `d` of a label into its extent `cur` (1 broadcasts across operands).
Dim merge_extent(const OpContext& ctx, const Dim& cur, const Dim& d, int label) {
    if (!cur.is_static() && !cur.is_symbolic()) return d.is_static() && d.value() != 1 ? d : cur;
    if (cur == d) return cur;
    if (d.is_static() && d.value() == 1) return cur;
    if (cur.is_static() && cur.value() == 1) return d;
    if (cur.is_static() && d.is_static())
        ctx.fail("letter '" + std::string(1, label_char(label)) + "' has extents " + cur.str() +
                 " and " + d.str() + " in the inputs; they must match (or be 1)");
    return cur.is_static() ? cur : d.is_static() ? d : Dim::unknown();
}

struct Plan {
    std::vector<std::vector<int>> in_labels;  // per input, per axis
    std::vector<int> out_labels;
    std::vector<Dim> extent;                  // per label id (letters, then ellipsis axes)
};

// Labels and their extents from the input shapes (all ranked).
Plan make_plan(const OpContext& ctx, const Equation& e, const std::vector<Shape>& shapes) {
    std::vector<Dim> ell;  // broadcast ellipsis dims
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        const std::size_t n = e.inputs[i].letters();
        axis_labels(ctx, e.inputs[i], shapes[i].rank(), i, shapes[i].rank() - n);  // checks rank
        if (!e.inputs[i].has_ellipsis()) continue;
        std::size_t pos = 0;
        while (e.inputs[i].labels[pos] != kEllipsis) ++pos;
        const std::size_t cnt = shapes[i].rank() - n;
        std::vector<Dim> part(shapes[i].dims().begin() + static_cast<std::ptrdiff_t>(pos),
                              shapes[i].dims().begin() + static_cast<std::ptrdiff_t>(pos + cnt));
        ell = broadcast_shapes(Shape(ell), Shape(part), ctx).dims();
    }
    Plan p;
    p.extent.assign(static_cast<std::size_t>(kLetters) + ell.size(), Dim::unknown());
    std::vector<bool> seen(p.extent.size(), false);
    for (std::size_t j = 0; j < ell.size(); ++j) {
        p.extent[kLetters + j] = ell[j];
        seen[kLetters + j] = true;
    }
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        p.in_labels.push_back(axis_labels(ctx, e.inputs[i], shapes[i].rank(), i, ell.size()));
        const auto& labels = p.in_labels.back();
        for (std::size_t a = 0; a < labels.size(); ++a) {
            const int l = labels[a];
            if (l >= kLetters) continue;
            const Dim& d = shapes[i][a];
            for (std::size_t b = 0; b < a; ++b)  // a diagonal: extents within one operand
                if (labels[b] == l && d.is_static() && shapes[i][b].is_static() &&
                    d.value() != shapes[i][b].value())
                    ctx.fail("input " + std::to_string(i) + " repeats letter '" +
                             std::string(1, label_char(l)) + "' over axes of extents " +
                             shapes[i][b].str() + " and " + d.str() +
                             "; a diagonal needs equal extents");
            auto& ext = p.extent[static_cast<std::size_t>(l)];
            ext = seen[static_cast<std::size_t>(l)] ? merge_extent(ctx, ext, d, l) : d;
            seen[static_cast<std::size_t>(l)] = true;
        }
    }
    p.out_labels = output_labels(ctx, e, ell.size());
    return p;
}

void infer_einsum(InferContext& ctx) {
    std::vector<DType> t;
    std::vector<Shape> shapes;
    for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
        t.push_back(ctx.input_dtype(i));
        shapes.push_back(ctx.input_shape(i));
    }
    check_dtypes(ctx, t);
    const Equation e = parse(ctx, ctx.num_inputs());
    const bool ranked = std::all_of(shapes.begin(), shapes.end(), [](const Shape& s) { return s.ranked(); });
    if (!ranked) {
        ctx.set_output(0, t[0], Shape::unranked());
        return;
    }
    const Plan p = make_plan(ctx, e, shapes);
    std::vector<Dim> out;
    for (int l : p.out_labels) out.push_back(p.extent[static_cast<std::size_t>(l)]);
    ctx.set_output(0, t[0], Shape(std::move(out)));
}

template <class Acc>
std::vector<Acc> contract(const Plan& p, const std::vector<std::vector<Acc>>& vals,
                          const std::vector<std::vector<int64_t>>& shapes,
                          const std::vector<int64_t>& ext) {
    // Per input, the element stride of every label (summed over repeated axes; 0 where
    // the axis has extent 1 and so broadcasts).
    const std::size_t n_labels = ext.size();
    std::vector<std::vector<int64_t>> stride(vals.size(), std::vector<int64_t>(n_labels, 0));
    for (std::size_t i = 0; i < vals.size(); ++i) {
        int64_t s = 1;
        for (std::size_t a = shapes[i].size(); a-- > 0;) {
            if (shapes[i][a] != 1) stride[i][static_cast<std::size_t>(p.in_labels[i][a])] += s;
            s *= shapes[i][a];
        }
    }
    std::vector<int> used;  // labels that occur somewhere, outputs first
    std::vector<bool> in_out(n_labels, false);
    for (int l : p.out_labels) used.push_back(l), in_out[static_cast<std::size_t>(l)] = true;
    std::vector<bool> occurs(n_labels, false);
    for (const auto& ls : p.in_labels)
        for (int l : ls) occurs[static_cast<std::size_t>(l)] = true;
    for (std::size_t l = 0; l < n_labels; ++l)
        if (occurs[l] && !in_out[l]) used.push_back(static_cast<int>(l));
    const std::size_t n_out = p.out_labels.size();

    int64_t out_count = 1, sum_count = 1;
    for (std::size_t u = 0; u < used.size(); ++u)
        (u < n_out ? out_count : sum_count) *= ext[static_cast<std::size_t>(used[u])];
    std::vector<Acc> y(static_cast<std::size_t>(out_count), Acc{});
    if (out_count == 0 || sum_count == 0) return y;
    std::vector<int64_t> idx(used.size(), 0), off(vals.size(), 0);
    for (int64_t o = 0; o < out_count; ++o) {
        Acc acc{};
        for (int64_t s = 0; s < sum_count; ++s) {
            Acc prod = Acc{1};
            for (std::size_t i = 0; i < vals.size(); ++i) prod *= vals[i][static_cast<std::size_t>(off[i])];
            acc += prod;
            // Odometer step over all used labels (the summed ones turn fastest).
            for (std::size_t u = used.size(); u-- > 0;) {
                const std::size_t l = static_cast<std::size_t>(used[u]);
                for (std::size_t i = 0; i < vals.size(); ++i) off[i] += stride[i][l];
                if (++idx[u] < ext[l]) break;
                for (std::size_t i = 0; i < vals.size(); ++i) off[i] -= stride[i][l] * ext[l];
                idx[u] = 0;
            }
        }
        y[static_cast<std::size_t>(o)] = acc;
    }
    return y;
}

void compute_einsum(ComputeContext& ctx) {
    std::vector<DType> t;
    std::vector<Shape> shapes;
    for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
        t.push_back(ctx.input(i).dtype());
        shapes.push_back(ctx.input(i).ir_shape());
    }
    check_dtypes(ctx, t);
    const Equation e = parse(ctx, ctx.num_inputs());
    const Plan p = make_plan(ctx, e, shapes);
    std::vector<int64_t> ext(p.extent.size(), 1);
    for (std::size_t l = 0; l < ext.size(); ++l)
        if (p.extent[l].is_static()) ext[l] = p.extent[l].value();
    std::vector<std::vector<int64_t>> in_shapes;
    for (std::size_t i = 0; i < ctx.num_inputs(); ++i) in_shapes.push_back(ctx.input(i).shape());
    std::vector<int64_t> yshape;
    for (int l : p.out_labels) yshape.push_back(ext[static_cast<std::size_t>(l)]);
    if (is_float(t[0])) {
        std::vector<std::vector<double>> vals;
        for (std::size_t i = 0; i < ctx.num_inputs(); ++i) vals.push_back(nn::to_f64(ctx.input(i)));
        ctx.set_output(0, nn::from_f64(t[0], yshape, contract<double>(p, vals, in_shapes, ext)));
        return;
    }
    std::vector<std::vector<uint64_t>> vals;
    for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
        const auto v = quant::to_i64(ctx.input(i));
        vals.emplace_back(v.begin(), v.end());
    }
    const auto y = contract<uint64_t>(p, vals, in_shapes, ext);
    ctx.set_output(0, quant::from_i64(t[0], yshape, std::vector<int64_t>(y.begin(), y.end())));
}

}  // namespace

void register_einsum(OpRegistry& r) {
    OpSchema s;
    s.name = "Einsum";
    s.min_inputs = 1;
    s.max_inputs = kVariadic;
    s.attrs = {{"equation", AttrType::s, std::nullopt, true,
                "e.g. \"ij,jk->ik\": one term of axis letters per input, optional '...' and "
                "'->output'"}};
    s.infer = infer_einsum;
    s.compute = compute_einsum;
    s.doc = "Einstein summation (numpy.einsum semantics), ONNX Einsum-12. f32, f64, f16, bf16 "
            "(computed in double), i8, u8, i16, i32, i64 (wrapping integer arithmetic).";
    r.add(std::move(s));
}

}  // namespace neo::ops::linalg
