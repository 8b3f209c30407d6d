#include "kir/bounds.hpp"

#include <algorithm>
#include <vector>

namespace neo::llvm_cpu::kir {
namespace {

std::optional<int64_t> checked(int64_t a, int64_t b, Op op) {
    int64_t r = 0;
    const bool over = op == Op::Add ? __builtin_add_overflow(a, b, &r)
                      : op == Op::Sub ? __builtin_sub_overflow(a, b, &r)
                                      : __builtin_mul_overflow(a, b, &r);
    return over ? std::nullopt : std::optional<int64_t>(r);
}

int64_t floor_div(int64_t a, int64_t d) { return a / d - ((a % d != 0) && (a < 0) ? 1 : 0); }

// The terms of a sum (Add nodes flattened).
void terms(const ExprP& e, std::vector<ExprP>& out) {
    if (e->op == Op::Add && e->type == DType::i64) {
        terms(e->args[0], out);
        terms(e->args[1], out);
    } else {
        out.push_back(e);
    }
}

// x when `t` is x * c (either order) with d dividing c, as x * (c / d); an immediate
// multiple of d as its quotient; else null.
ExprP quotient_of_multiple(const ExprP& t, int64_t d) {
    if (t->op == Op::IntImm && t->ival % d == 0) return imm(t->ival / d);
    if (t->op != Op::Mul || t->type != DType::i64) return nullptr;
    for (int i = 0; i < 2; ++i) {
        const ExprP& c = t->args[static_cast<std::size_t>(i)];
        if (c->op == Op::IntImm && c->ival % d == 0) return t->args[static_cast<std::size_t>(1 - i)] * (c->ival / d);
    }
    return nullptr;
}

}  // namespace

void Bounds::set(int var, std::optional<Interval> range) {
    if (range) vars_[var] = *range;
    else vars_.erase(var);
}

std::optional<Interval> Bounds::range(int var) const {
    auto it = vars_.find(var);
    return it == vars_.end() ? std::nullopt : std::optional<Interval>(it->second);
}

std::optional<Interval> Bounds::loop_range(const Stmt& loop) const {
    const auto b = of(loop.begin), e = of(loop.end);
    if (!b || !e || e->hi - 1 < b->lo) return std::nullopt;
    return Interval{b->lo, e->hi - 1};
}

std::optional<Interval> Bounds::of(const ExprP& e) const {
    if (!e || e->type != DType::i64) return std::nullopt;
    switch (e->op) {
    case Op::IntImm: return Interval{e->ival, e->ival};
    case Op::Var: return range(static_cast<int>(e->ival));
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Min:
    case Op::Max: {
        const auto a = of(e->args[0]), b = of(e->args[1]);
        if (!a || !b) return std::nullopt;
        if (e->op == Op::Min) return Interval{std::min(a->lo, b->lo), std::min(a->hi, b->hi)};
        if (e->op == Op::Max) return Interval{std::max(a->lo, b->lo), std::max(a->hi, b->hi)};
        // The corners: two for a sum or difference, four for a product.
        std::optional<int64_t> v[4];
        int n = 2;
        if (e->op == Op::Add) v[0] = checked(a->lo, b->lo, Op::Add), v[1] = checked(a->hi, b->hi, Op::Add);
        if (e->op == Op::Sub) v[0] = checked(a->lo, b->hi, Op::Sub), v[1] = checked(a->hi, b->lo, Op::Sub);
        if (e->op == Op::Mul) {
            v[0] = checked(a->lo, b->lo, Op::Mul), v[1] = checked(a->lo, b->hi, Op::Mul);
            v[2] = checked(a->hi, b->lo, Op::Mul), v[3] = checked(a->hi, b->hi, Op::Mul);
            n = 4;
        }
        Interval r{INT64_MAX, INT64_MIN};
        for (int i = 0; i < n; ++i) {
            if (!v[i]) return std::nullopt;
            r.lo = std::min(r.lo, *v[i]), r.hi = std::max(r.hi, *v[i]);
        }
        return r;
    }
    case Op::FloorDiv: {
        const auto a = of(e->args[0]);
        if (!a || e->args[1]->op != Op::IntImm || e->args[1]->ival <= 0) return std::nullopt;
        return Interval{floor_div(a->lo, e->args[1]->ival), floor_div(a->hi, e->args[1]->ival)};
    }
    default: return std::nullopt;
    }
}

// a as quotient * d + rest: the quotient of its terms that are multiples of d, the sum of the
// others.
std::pair<ExprP, ExprP> Bounds::split(const ExprP& a, int64_t d) {
    std::vector<ExprP> all;
    terms(a, all);
    ExprP quotient = imm(0), rest = imm(0);
    for (const ExprP& t : all) {
        if (ExprP q = quotient_of_multiple(t, d)) quotient = quotient + q;
        else rest = rest + t;
    }
    return {quotient, rest};
}

bool Bounds::below(const ExprP& e, int64_t d) const {
    const auto r = of(e);
    return r && r->lo >= 0 && r->hi < d;
}

ExprP Bounds::div(const ExprP& a, int64_t d) const {
    if (d == 1) return a;
    auto [quotient, rest] = split(a, d);
    return below(rest, d) ? quotient : quotient + floordiv(rest, d);
}

ExprP Bounds::mod(const ExprP& a, int64_t d) const {
    if (d == 1) return imm(0);
    ExprP rest = split(a, d).second;
    return below(rest, d) ? rest : floormod(rest, d);
}

}  // namespace neo::llvm_cpu::kir
