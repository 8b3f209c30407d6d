// Linear algebra: Einsum and Det.
// Einsum: the equation (numpy rules: "...", implicit output, repeated letters in one
// operand take the diagonal, size-1 axes broadcast) becomes one loop per output axis (the
// outermost parallel) around one loop per summed letter accumulating the operands'
// product in a register (f32 for 16-bit floats, wrapping i64 for integers).
// Det: one task per matrix: LU decomposition with partial pivoting of a private f64 copy.
// Knobs: "parallel", "vector_width" (Einsum's innermost loop).
#include <algorithm>
#include <cctype>
#include <map>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;
using kir::StmtP;

constexpr int kEllipsisLabel = 256;  // ellipsis axis j (right-aligned over all operands): 256 + j

struct EinsumPlan {
    std::vector<std::vector<int>> inputs;  // labels per operand axis
    std::vector<int> output, summed;       // output labels; labels summed over
    std::map<int, int64_t> size;           // extent per label
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts(1);
    for (char ch : s)
        if (ch == sep) parts.emplace_back();
        else parts.back() += ch;
    return parts;
}

// The labels of a term for `rank` axes, "..." standing for `rank - letters` ellipsis axes.
std::vector<int> term_labels(LowerCtx& c, const std::string& term, std::size_t rank, std::size_t ell_rank) {
    const std::size_t dots = term.find("...");
    const std::size_t letters = term.size() - (dots == std::string::npos ? 0 : 3);
    if (rank < letters || (dots == std::string::npos && rank != letters)) c.unsupported("a term that does not match its operand's rank");
    std::vector<int> labels;
    for (std::size_t i = 0; i < term.size(); ++i) {
        if (i == dots) {
            for (std::size_t j = ell_rank - (rank - letters); j < ell_rank; ++j) labels.push_back(kEllipsisLabel + static_cast<int>(j));
            i += 2;
        } else if (std::isalpha(static_cast<unsigned char>(term[i]))) {
            labels.push_back(static_cast<unsigned char>(term[i]));
        } else {
            c.unsupported("equation character '" + std::string(1, term[i]) + "'");
        }
    }
    return labels;
}

EinsumPlan plan_einsum(LowerCtx& c) {
    std::string eq;
    for (char ch : c.op().attr_s("equation"))
        if (ch != ' ') eq += ch;
    const std::size_t arrow = eq.find("->");
    const auto terms = split(eq.substr(0, arrow), ',');
    if (terms.size() != c.node().num_inputs()) c.unsupported("an equation with another number of terms than inputs");
    std::size_t ell_rank = 0;
    for (std::size_t i = 0; i < terms.size(); ++i)
        if (terms[i].find("...") != std::string::npos && c.in_shape(i).size() + 3 >= terms[i].size())
            ell_rank = std::max(ell_rank, c.in_shape(i).size() + 3 - terms[i].size());
    EinsumPlan p;
    std::map<int, int> count;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const auto shape = c.in_shape(i);
        p.inputs.push_back(term_labels(c, terms[i], shape.size(), ell_rank));
        for (std::size_t a = 0; a < shape.size(); ++a) {
            const int l = p.inputs.back()[a];
            ++count[l];
            p.size[l] = std::max(p.size.count(l) ? p.size[l] : 1, shape[a]);
        }
    }
    if (arrow != std::string::npos) {
        p.output = term_labels(c, eq.substr(arrow + 2), c.out_shape(0).size(), ell_rank);
    } else {  // the ellipsis axes, then the letters used once in ASCII order
        for (std::size_t j = 0; j < ell_rank; ++j) p.output.push_back(kEllipsisLabel + static_cast<int>(j));
        for (const auto& [l, n] : count)
            if (l < kEllipsisLabel && n == 1) p.output.push_back(l);
    }
    for (const auto& [l, n] : count)
        if (std::find(p.output.begin(), p.output.end(), l) == p.output.end()) p.summed.push_back(l);
    return p;
}

void lower_einsum(LowerCtx& c) {
    const EinsumPlan p = plan_einsum(c);
    const DType t = c.out_dtype(0), acc_t = is_float(t) ? t : DType::i64;
    std::vector<int64_t> out_shape;
    for (int l : p.output) out_shape.push_back(p.size.at(l));
    if (out_shape != c.out_shape(0)) c.unsupported("an output shape other than the equation's");
    std::vector<int> bufs;
    for (std::size_t i = 0; i < p.inputs.size(); ++i) bufs.push_back(c.in(i));
    const int Y = c.out(0);
    const int acc = c.kernel().add_local("acc", acc_t, 1);
    const int width = static_cast<int>(c.knob("vector_width", 1));
    const bool parallel = c.knob("parallel", numel_of(out_shape) > 1 && numel_of(out_shape) * numel_of(c.in_shape(0)) >= 32768 ? 1 : 0) != 0;
    std::vector<int> sum_vars;
    for (int l : p.summed) sum_vars.push_back(c.var(std::string("s_") + (l < kEllipsisLabel ? static_cast<char>(l) : '.')));
    c.kernel().body = loop_nest(c, out_shape, parallel, p.summed.empty() ? width : 1,
                                [&](const std::vector<ExprP>& idx) {
        std::map<int, ExprP> at;
        for (std::size_t d = 0; d < p.output.size(); ++d) at[p.output[d]] = idx[d];
        for (std::size_t s = 0; s < p.summed.size(); ++s) at[p.summed[s]] = kir::var(sum_vars[s]);
        ExprP prod;
        for (std::size_t i = 0; i < p.inputs.size(); ++i) {
            const auto shape = c.in_shape(i);
            const auto st = strides_of(shape);
            ExprP index = kir::imm(0);
            for (std::size_t a = 0; a < shape.size(); ++a)
                if (shape[a] != 1) index = index + at.at(p.inputs[i][a]) * st[a];
            ExprP x = kir::cast(acc_t, kir::load(bufs[i], c.in_dtype(i), index));
            prod = prod ? mul(prod, x) : x;
        }
        ExprP yidx = linear_index(idx, strides_of(out_shape));
        if (p.summed.empty()) return std::vector<StmtP>{kir::store(Y, yidx, kir::cast(t, prod))};
        ExprP a = kir::load(acc, acc_t, kir::imm(0));
        std::vector<StmtP> inner{kir::store(acc, kir::imm(0), add(a, prod))};
        for (std::size_t s = p.summed.size(); s-- > 0;) {
            const bool last = s + 1 == p.summed.size();
            inner = {kir::loop(sum_vars[s], p.size.at(p.summed[s]), std::move(inner),
                               last && width > 1 ? kir::LoopKind::vectorized : kir::LoopKind::serial, last ? width : 0)};
        }
        inner.insert(inner.begin(), kir::store(acc, kir::imm(0), is_float(acc_t) ? kir::fimm(0, acc_t) : kir::imm(0, acc_t)));
        inner.push_back(kir::store(Y, yidx, kir::cast(t, a)));
        return inner;
    });
    double work = static_cast<double>(numel_of(out_shape));
    for (int l : p.summed) work *= static_cast<double>(p.size.at(l));
    c.kernel().flops = work * static_cast<double>(p.inputs.size());
}

// Det: per matrix, LU with partial pivoting; a zero pivot makes the determinant 0 and
// stops the elimination (every later column is skipped while det == 0).
void lower_det(LowerCtx& c) {
    const DType t = c.out_dtype(0);
    if (!is_float(t)) c.unsupported("element type " + std::string(dtype_name(t)));
    const auto xs = c.in_shape(0);
    const int64_t n = xs.back(), batch = numel_of(xs) / (n * n);
    if (n > 128) c.unsupported("matrices larger than 128 x 128");
    const DType f = DType::f64;
    const int X = c.in(0), Y = c.out(0);
    const int a = c.kernel().add_local("lu", f, n * n), det = c.kernel().add_local("det", f, 1);
    const int piv = c.kernel().add_local("piv", DType::i64, 1), tmp = c.kernel().add_local("tmp", f, 1);
    const int b = c.var("b"), e = c.var("e"), col = c.var("col"), r = c.var("r"), k = c.var("k"), r2 = c.var("r"), k2 = c.var("k");
    ExprP vc = kir::var(col), vr = kir::var(r), vk = kir::var(k), vr2 = kir::var(r2), vk2 = kir::var(k2);
    auto A = [&](const ExprP& row, const ExprP& cl) { return kir::load(a, f, row * n + cl); };
    ExprP d = kir::load(det, f, kir::imm(0)), pr = kir::load(piv, DType::i64, kir::imm(0));
    ExprP zero = kir::fimm(0, f);
    std::vector<StmtP> column{
        kir::store(piv, kir::imm(0), vc),
        kir::loop(r, vc + kir::imm(1), kir::imm(n), {kir::guard(kir::binary(Op::Gt, kir::unary(Op::Abs, A(vr, vc)), kir::unary(Op::Abs, A(pr, vc))),
                                                                {kir::store(piv, kir::imm(0), vr)})}),
        kir::guard(kir::binary(Op::Ne, pr, vc), {
            kir::loop(k, n, {kir::store(tmp, kir::imm(0), A(vc, vk)), kir::store(a, vc * n + vk, A(pr, vk)),
                             kir::store(a, pr * n + vk, kir::load(tmp, f, kir::imm(0)))}),
            kir::store(det, kir::imm(0), kir::unary(Op::Neg, d))}),
        kir::store(det, kir::imm(0), mul(d, A(vc, vc))),
        kir::guard(kir::binary(Op::Ne, A(vc, vc), zero), {
            kir::loop(r2, vc + kir::imm(1), kir::imm(n), {
                kir::store(tmp, kir::imm(0), div(A(vr2, vc), A(vc, vc))),
                kir::loop(k2, vc + kir::imm(1), kir::imm(n), {
                    kir::store(a, vr2 * n + vk2, sub(A(vr2, vk2), mul(kir::load(tmp, f, kir::imm(0)), A(vc, vk2))))})})})};
    const bool parallel = c.knob("parallel", batch > 1 && batch * n * n * n >= 32768 ? 1 : 0) != 0;
    c.kernel().body = kir::loop(b, batch, {
        kir::loop(e, n * n, {kir::store(a, kir::var(e), kir::cast(f, kir::load(X, t, kir::var(b) * (n * n) + kir::var(e))))}),
        kir::store(det, kir::imm(0), kir::fimm(1, f)),
        kir::loop(col, n, {kir::guard(kir::binary(Op::Ne, d, zero), std::move(column))}),
        kir::store(Y, kir::var(b), kir::cast(t, d))}, parallel ? kir::LoopKind::parallel : kir::LoopKind::serial);
    c.kernel().flops = static_cast<double>(batch) * 2.0 / 3.0 * static_cast<double>(n * n * n);
}

ScheduleSpace linalg_space(const nlohmann::json&, const CpuInfo& cpu) { return parallel_vector_space(cpu, 4); }
ScheduleSpace det_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}}; }

}  // namespace

void add_linalg_lowerings(LoweringTable& t) {
    t["Einsum"] = {lower_einsum, linalg_space};
    t["Det"] = {lower_det, det_space};
}

}  // namespace neo::llvm_cpu
