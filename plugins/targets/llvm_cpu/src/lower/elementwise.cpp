// Pointwise ops with numpy broadcasting: one loop nest over the output (dims that are
// contiguous in every operand merged), the outermost loop parallel and the innermost
// vectorized. Knobs: "parallel" (0/1) and "vector_width" (lanes of the innermost loop).
#include <cmath>
#include <limits>

#include "lower/pointwise.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::Op;
using Args = PointArgs;

ExprP f(double v, const ExprP& like) { return kir::fimm(v, like->type); }
ExprP k(double v, const ExprP& like) {
    return is_float(like->type) ? kir::fimm(v, like->type) : kir::imm(static_cast<int64_t>(v), like->type);
}
ExprP un(Op op, ExprP a) { return kir::unary(op, a); }
ExprP sigmoid(const ExprP& x) { return un(Op::Sigmoid, x); }
ExprP softplus(const ExprP& x) {
    // log(1 + exp(x)) without overflow: max(x, 0) + log(1 + exp(-|x|))
    return add(kir::max(x, f(0, x)), un(Op::Log, add(f(1, x), un(Op::Exp, un(Op::Neg, un(Op::Abs, x))))));
}
double attr_f(LowerCtx& c, const char* name) { return c.op().attr_f(name); }

// Python-style integer modulo (the result takes the divisor's sign).
ExprP floor_mod(const ExprP& a, const ExprP& b) {
    ExprP r = kir::binary(Op::Mod, a, b);
    if (!is_float(a->type) && a->type != DType::u8 && a->type != DType::u16 && a->type != DType::u32 &&
        a->type != DType::u64) {
        ExprP zero = kir::imm(0, a->type);
        ExprP fix = kir::binary(Op::And, kir::binary(Op::Ne, r, zero),
                                kir::binary(Op::Ne, kir::binary(Op::Lt, r, zero), kir::binary(Op::Lt, b, zero)));
        return kir::select(fix, add(r, b), r);
    }
    if (is_float(a->type)) {  // numpy.mod on floats
        ExprP zero = f(0, a);
        ExprP fix = kir::binary(Op::And, kir::binary(Op::Ne, r, zero),
                                kir::binary(Op::Ne, kir::binary(Op::Lt, r, zero), kir::binary(Op::Lt, b, zero)));
        return kir::select(fix, add(r, b), r);
    }
    return r;
}

std::map<std::string, PointFn> pointwise_table() {
    std::map<std::string, PointFn> t;
    auto u = [&](const char* name, std::function<ExprP(const ExprP&)> fn) {
        t[name] = [fn](LowerCtx&, const Args& a) { return fn(a[0]); };
    };
    auto b = [&](const char* name, Op op) {
        t[name] = [op](LowerCtx&, const Args& a) { return kir::binary(op, a[0], a[1]); };
    };
    u("Identity", [](const ExprP& x) { return x; });
    u("Neg", [](const ExprP& x) { return un(Op::Neg, x); });
    u("Abs", [](const ExprP& x) { return un(Op::Abs, x); });
    u("Exp", [](const ExprP& x) { return un(Op::Exp, x); });
    u("Log", [](const ExprP& x) { return un(Op::Log, x); });
    u("Sqrt", [](const ExprP& x) { return un(Op::Sqrt, x); });
    u("Reciprocal", [](const ExprP& x) { return div(f(1, x), x); });
    u("Floor", [](const ExprP& x) { return un(Op::Floor, x); });
    u("Ceil", [](const ExprP& x) { return un(Op::Ceil, x); });
    u("Round", [](const ExprP& x) { return un(Op::RoundEven, x); });
    u("Sign", [](const ExprP& x) {
        ExprP z = k(0, x);
        return kir::select(kir::binary(Op::Gt, x, z), k(1, x), kir::select(kir::binary(Op::Lt, x, z), k(-1, x), z));
    });
    u("Relu", [](const ExprP& x) { return kir::max(x, k(0, x)); });
    u("Sigmoid", sigmoid);
    u("Tanh", [](const ExprP& x) { return un(Op::Tanh, x); });
    u("Softplus", softplus);
    u("Softsign", [](const ExprP& x) { return div(x, add(f(1, x), un(Op::Abs, x))); });
    u("Erf", [](const ExprP& x) { return un(Op::Erf, x); });
    u("Sin", [](const ExprP& x) { return un(Op::Sin, x); });
    u("Cos", [](const ExprP& x) { return un(Op::Cos, x); });
    u("Tan", [](const ExprP& x) { return un(Op::Tan, x); });
    u("Asin", [](const ExprP& x) { return un(Op::Asin, x); });
    u("Acos", [](const ExprP& x) { return un(Op::Acos, x); });
    u("Atan", [](const ExprP& x) { return un(Op::Atan, x); });
    u("Sinh", [](const ExprP& x) { return un(Op::Sinh, x); });
    u("Cosh", [](const ExprP& x) { return un(Op::Cosh, x); });
    u("Asinh", [](const ExprP& x) { return un(Op::Asinh, x); });
    u("Acosh", [](const ExprP& x) { return un(Op::Acosh, x); });
    u("Atanh", [](const ExprP& x) { return un(Op::Atanh, x); });
    u("IsNaN", [](const ExprP& x) { return un(Op::IsNan, x); });
    u("Not", [](const ExprP& x) { return un(Op::Not, x); });
    u("BitwiseNot", [](const ExprP& x) { return un(Op::Not, x); });
    u("Mish", [](const ExprP& x) { return mul(x, un(Op::Tanh, softplus(x))); });
    u("HardSwish", [](const ExprP& x) {
        return mul(x, kir::max(f(0, x), kir::min(f(1, x), add(mul(f(1.0 / 6.0, x), x), f(0.5, x)))));
    });
    t["LeakyRelu"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        return kir::select(kir::binary(Op::Lt, x, f(0, x)), mul(f(attr_f(c, "alpha"), x), x), x);
    };
    t["Elu"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        return kir::select(kir::binary(Op::Lt, x, f(0, x)), mul(f(attr_f(c, "alpha"), x), sub(un(Op::Exp, x), f(1, x))), x);
    };
    t["Celu"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        const double al = attr_f(c, "alpha");
        return add(kir::max(f(0, x), x), kir::min(f(0, x), mul(f(al, x), sub(un(Op::Exp, div(x, f(al, x))), f(1, x)))));
    };
    t["Selu"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        const double al = attr_f(c, "alpha"), g = attr_f(c, "gamma");
        return kir::select(kir::binary(Op::Le, x, f(0, x)), mul(f(g * al, x), sub(un(Op::Exp, x), f(1, x))), mul(f(g, x), x));
    };
    t["HardSigmoid"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        return kir::max(f(0, x), kir::min(f(1, x), add(mul(f(attr_f(c, "alpha"), x), x), f(attr_f(c, "beta"), x))));
    };
    t["Swish"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        return mul(x, sigmoid(mul(f(attr_f(c, "alpha"), x), x)));
    };
    t["ThresholdedRelu"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        return kir::select(kir::binary(Op::Gt, x, f(attr_f(c, "alpha"), x)), x, f(0, x));
    };
    t["Shrink"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        const double bias = attr_f(c, "bias"), lambd = attr_f(c, "lambd");
        return kir::select(kir::binary(Op::Lt, x, k(-lambd, x)), add(x, k(bias, x)),
                           kir::select(kir::binary(Op::Gt, x, k(lambd, x)), sub(x, k(bias, x)), k(0, x)));
    };
    t["Gelu"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        if (c.op().attr_s("approximate") == "tanh") {
            ExprP inner = mul(f(std::sqrt(2.0 / M_PI), x), add(x, mul(f(0.044715, x), mul(x, mul(x, x)))));
            return mul(mul(f(0.5, x), x), add(f(1, x), un(Op::Tanh, inner)));
        }
        return mul(mul(f(0.5, x), x), add(f(1, x), un(Op::Erf, mul(x, f(M_SQRT1_2, x)))));
    };
    t["IsInf"] = [](LowerCtx& c, const Args& a) {
        const ExprP& x = a[0];
        const double inf = std::numeric_limits<double>::infinity();
        ExprP pos = kir::binary(Op::Eq, x, f(inf, x)), neg = kir::binary(Op::Eq, x, f(-inf, x));
        const bool dn = c.op().attr_i("detect_negative") != 0, dp = c.op().attr_i("detect_positive") != 0;
        if (dn && dp) return kir::binary(Op::Or, pos, neg);
        if (dp) return pos;
        if (dn) return neg;
        return kir::imm(0, DType::boolean);
    };
    t["Clip"] = [](LowerCtx&, const Args& a) {
        ExprP x = a[0];
        if (a.size() > 1 && a[1]) x = kir::max(x, a[1]);
        if (a.size() > 2 && a[2]) x = kir::min(x, a[2]);
        return x;
    };
    t["Cast"] = [](LowerCtx& c, const Args& a) {
        const DType to = c.out_dtype(0);
        kir::CastMode mode{c.op().attr_i("saturate") != 0};
        const std::string& r = c.op().attr_s("round_mode");
        if (r == "down") mode.e8m0 = E8M0Rounding::down;
        else if (r == "nearest") mode.e8m0 = E8M0Rounding::nearest;
        else if (r != "up") c.unsupported("round_mode '" + r + "'");
        // Between small floats of one type core decodes and encodes again (NaNs become the
        // type's own NaN), as any two storage-only types go through a wider one.
        if (a[0]->type == to && is_small_float(to)) return kir::cast(to, kir::cast(DType::f32, a[0]), mode);
        return kir::cast(to, a[0], mode);
    };
    t["CastLike"] = t["Cast"];  // input 1 only gives the type
    t["Dropout"] = [](LowerCtx&, const Args& a) { return a[0]; };
    b("Add", Op::Add);
    b("Sub", Op::Sub);
    b("Mul", Op::Mul);
    b("Div", Op::Div);
    b("Equal", Op::Eq);
    b("Less", Op::Lt);
    b("Greater", Op::Gt);
    b("LessOrEqual", Op::Le);
    b("GreaterOrEqual", Op::Ge);
    b("And", Op::And);
    b("Or", Op::Or);
    b("Xor", Op::Xor);
    b("BitwiseAnd", Op::And);
    b("BitwiseOr", Op::Or);
    b("BitwiseXor", Op::Xor);
    t["Pow"] = [](LowerCtx&, const Args& a) {
        if (is_float(a[0]->type)) return kir::binary(Op::Pow, a[0], kir::cast(a[0]->type, a[1]));
        return kir::cast(a[0]->type, kir::binary(Op::Pow, kir::cast(DType::f64, a[0]), kir::cast(DType::f64, a[1])));
    };
    t["Mod"] = [](LowerCtx& c, const Args& a) {
        if (c.op().attr_i("fmod") != 0) return kir::binary(Op::Mod, a[0], a[1]);
        return floor_mod(a[0], a[1]);
    };
    t["PRelu"] = [](LowerCtx&, const Args& a) {
        return kir::select(kir::binary(Op::Lt, a[0], k(0, a[0])), mul(a[1], a[0]), a[0]);
    };
    t["BitShift"] = [](LowerCtx& c, const Args& a) {
        const ExprP bits = kir::imm(static_cast<int64_t>(dtype_size(a[0]->type) * 8), a[0]->type);
        ExprP shifted = kir::binary(c.op().attr_s("direction") == "LEFT" ? Op::Shl : Op::Shr, a[0], a[1]);
        return kir::select(kir::binary(Op::Ge, a[1], bits), kir::imm(0, a[0]->type), shifted);
    };
    t["Where"] = [](LowerCtx&, const Args& a) { return kir::select(a[0], a[1], a[2]); };
    auto fold = [&](const char* name, Op op, bool mean) {
        t[name] = [op, mean](LowerCtx&, const Args& a) {
            ExprP acc = a[0];
            for (std::size_t i = 1; i < a.size(); ++i) acc = op == Op::Max ? kir::max(acc, a[i]) : op == Op::Min ? kir::min(acc, a[i]) : kir::binary(op, acc, a[i]);
            if (mean) acc = div(acc, k(static_cast<double>(a.size()), acc));
            return acc;
        };
    };
    fold("Max", Op::Max, false);
    fold("Min", Op::Min, false);
    fold("Sum", Op::Add, false);
    fold("Mean", Op::Add, true);
    return t;
}

const std::map<std::string, PointFn>& pointwise() {
    static const auto t = pointwise_table();
    return t;
}

// Merges adjacent dims that are contiguous in every stride vector.
void collapse(std::vector<int64_t>& shape, std::vector<std::vector<int64_t>>& strides) {
    for (std::size_t d = shape.size(); d-- > 1;) {
        bool ok = true;
        for (const auto& s : strides) ok = ok && s[d - 1] == s[d] * shape[d];
        if (!ok) continue;
        shape[d - 1] *= shape[d];
        shape.erase(shape.begin() + static_cast<std::ptrdiff_t>(d));
        for (auto& s : strides) {
            s[d - 1] = s[d];
            s.erase(s.begin() + static_cast<std::ptrdiff_t>(d));
        }
    }
}

void lower_pointwise(LowerCtx& c, const PointFn& fn) {
    if (c.node().op() == "Dropout") {
        if (c.has_input(2) && (!c.constant(2) || c.constant(2)->at_int(0) != 0))
            c.unsupported("training_mode must be a constant false");
        if (c.node().num_outputs() > 1 && !c.node().output(1)->uses().empty())
            c.unsupported("the mask output is not generated");
    }
    std::vector<int64_t> shape = c.out_shape(0);
    std::vector<std::size_t> present;
    std::vector<std::vector<int64_t>> strides;
    const std::size_t data_inputs = c.node().op() == "CastLike" ? 1 : c.node().num_inputs();
    for (std::size_t i = 0; i < data_inputs; ++i) {
        if (!c.has_input(i)) continue;
        auto is = c.in_shape(i);
        if (is.size() > shape.size()) c.unsupported("input rank above the output's");
        present.push_back(i);
        strides.push_back(broadcast_strides(is, shape));
    }
    strides.push_back(strides_of(shape));  // the output
    collapse(shape, strides);
    std::vector<int> bufs;
    for (std::size_t i : present) bufs.push_back(c.in(i));
    const int out = c.out(0);
    const int64_t n = numel_of(shape);
    const bool parallel = c.knob("parallel", n >= 16384 ? 1 : 0) != 0;
    const int width = static_cast<int>(c.knob("vector_width", c.lanes(c.out_dtype(0))));
    c.kernel().body = loop_nest(c, shape, parallel, width, [&](const std::vector<ExprP>& idx) {
        Args args(c.node().num_inputs(), nullptr);
        for (std::size_t j = 0; j < present.size(); ++j)
            args[present[j]] = kir::load(bufs[j], c.in_dtype(present[j]), linear_index(idx, strides[j]));
        ExprP v = fn(c, args);
        return std::vector<kir::StmtP>{kir::store(out, linear_index(idx, strides.back()), v)};
    });
    c.kernel().flops = static_cast<double>(n);
}

ScheduleSpace pointwise_space(const nlohmann::json&, const CpuInfo& cpu) {
    return parallel_vector_space(cpu, 1);
}

}  // namespace

const PointFn* find_pointwise(const std::string& op) {
    auto it = pointwise().find(op);
    return it == pointwise().end() ? nullptr : &it->second;
}

void add_elementwise_lowerings(LoweringTable& t) {
    for (const auto& [name, fn] : pointwise())
        t[name] = Lowering{[fn = fn](LowerCtx& c) { lower_pointwise(c, fn); }, pointwise_space};
}

}  // namespace neo::llvm_cpu
