#include "kir/kir.hpp"

#include <sstream>

#include "neo/core/util/error.hpp"

namespace neo::llvm_cpu::kir {
namespace {

ExprP make(Op op, DType t, std::vector<ExprP> args, int64_t ival = 0, double fval = 0.0) {
    auto e = std::make_shared<Expr>();
    e->op = op;
    e->type = t;
    e->ival = ival;
    e->fval = fval;
    e->args = std::move(args);
    return e;
}

bool is_comparison(Op op) {
    return op == Op::Eq || op == Op::Ne || op == Op::Lt || op == Op::Le || op == Op::Gt ||
           op == Op::Ge;
}

const char* op_name(Op op) {
    switch (op) {
    case Op::IntImm: return "imm";
    case Op::FloatImm: return "fimm";
    case Op::Var: return "var";
    case Op::Load: return "load";
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Mod: return "%";
    case Op::FloorDiv: return "floordiv";
    case Op::Min: return "min";
    case Op::Max: return "max";
    case Op::Pow: return "pow";
    case Op::And: return "&";
    case Op::Or: return "|";
    case Op::Xor: return "^";
    case Op::Not: return "not";
    case Op::Shl: return "<<";
    case Op::Shr: return ">>";
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::Neg: return "neg";
    case Op::Abs: return "abs";
    case Op::Exp: return "exp";
    case Op::Log: return "log";
    case Op::Sqrt: return "sqrt";
    case Op::Tanh: return "tanh";
    case Op::Erf: return "erf";
    case Op::Floor: return "floor";
    case Op::Ceil: return "ceil";
    case Op::RoundEven: return "round_even";
    case Op::Sin: return "sin";
    case Op::Cos: return "cos";
    case Op::Tan: return "tan";
    case Op::Asin: return "asin";
    case Op::Acos: return "acos";
    case Op::Atan: return "atan";
    case Op::Sinh: return "sinh";
    case Op::Cosh: return "cosh";
    case Op::Asinh: return "asinh";
    case Op::Acosh: return "acosh";
    case Op::Atanh: return "atanh";
    case Op::IsNan: return "isnan";
    case Op::Sigmoid: return "sigmoid";
    case Op::Select: return "select";
    case Op::Cast: return "cast";
    case Op::MulAdd: return "muladd";
    }
    return "?";
}

}  // namespace

ExprP imm(int64_t v, DType t) { return make(Op::IntImm, t, {}, v); }
ExprP fimm(double v, DType t) { return make(Op::FloatImm, t, {}, 0, v); }
ExprP var(int id) { return make(Op::Var, DType::i64, {}, id); }
ExprP load(int buffer, DType t, ExprP index) {
    check_internal(index->type == DType::i64, "kir::load: index must be i64");
    return make(Op::Load, t, {std::move(index)}, buffer);
}
ExprP unary(Op op, ExprP a) {
    DType t = op == Op::IsNan ? DType::boolean : a->type;
    return make(op, t, {std::move(a)});
}
ExprP binary(Op op, ExprP a, ExprP b) {
    check_internal(a->type == b->type, std::string("kir::binary ") + op_name(op) +
                                           ": operand types differ (" +
                                           std::string(dtype_name(a->type)) + ", " +
                                           std::string(dtype_name(b->type)) + ")");
    DType t = is_comparison(op) ? DType::boolean : a->type;
    return make(op, t, {std::move(a), std::move(b)});
}
ExprP select(ExprP cond, ExprP a, ExprP b) {
    check_internal(cond->type == DType::boolean && a->type == b->type,
                   "kir::select: needs a bool condition and arms of one type");
    DType t = a->type;
    return make(Op::Select, t, {std::move(cond), std::move(a), std::move(b)});
}
ExprP muladd(ExprP a, ExprP b, ExprP c) {
    check_internal(is_float(a->type) && a->type == b->type && a->type == c->type,
                   "kir::muladd: needs three floats of one type");
    DType t = a->type;
    return make(Op::MulAdd, t, {std::move(a), std::move(b), std::move(c)});
}
ExprP cast(DType to, ExprP a) { return cast(to, std::move(a), CastMode{}); }
ExprP cast(DType to, ExprP a, CastMode mode) {
    if (a->type == to) return a;
    if (a->op == Op::IntImm && to != DType::boolean && is_integer(to)) return imm(a->ival, to);
    const int64_t m = (mode.saturate ? 0 : 1) | (static_cast<int64_t>(mode.e8m0) << 1);
    return make(Op::Cast, to, {std::move(a)}, m);
}
CastMode cast_mode(const Expr& cast) {
    check_internal(cast.op == Op::Cast, "kir::cast_mode of a non-cast");
    return {(cast.ival & 1) == 0, static_cast<E8M0Rounding>(cast.ival >> 1)};
}
ExprP min(ExprP a, ExprP b) {
    if (a->op == Op::IntImm && b->op == Op::IntImm) return imm(std::min(a->ival, b->ival), a->type);
    return binary(Op::Min, std::move(a), std::move(b));
}
ExprP max(ExprP a, ExprP b) {
    if (a->op == Op::IntImm && b->op == Op::IntImm) return imm(std::max(a->ival, b->ival), a->type);
    return binary(Op::Max, std::move(a), std::move(b));
}

bool is_imm(const ExprP& e, int64_t v) { return e->op == Op::IntImm && e->ival == v; }

ExprP operator+(ExprP a, ExprP b) {
    if (is_imm(a, 0)) return b;
    if (is_imm(b, 0)) return a;
    if (a->op == Op::IntImm && b->op == Op::IntImm) return imm(a->ival + b->ival, a->type);
    return binary(Op::Add, std::move(a), std::move(b));
}
ExprP operator-(ExprP a, ExprP b) {
    if (is_imm(b, 0)) return a;
    if (a->op == Op::IntImm && b->op == Op::IntImm) return imm(a->ival - b->ival, a->type);
    return binary(Op::Sub, std::move(a), std::move(b));
}
ExprP operator*(ExprP a, ExprP b) {
    if (is_imm(a, 1)) return b;
    if (is_imm(b, 1)) return a;
    if (is_imm(a, 0) || is_imm(b, 0)) return imm(0, a->type);
    if (a->op == Op::IntImm && b->op == Op::IntImm) return imm(a->ival * b->ival, a->type);
    return binary(Op::Mul, std::move(a), std::move(b));
}
ExprP operator+(ExprP a, int64_t b) { return std::move(a) + imm(b); }
ExprP operator*(ExprP a, int64_t b) { return std::move(a) * imm(b); }
ExprP floordiv(ExprP a, int64_t b) {
    if (b == 1) return a;
    if (a->op == Op::IntImm) {
        int64_t q = a->ival / b;
        if ((a->ival % b != 0) && ((a->ival < 0) != (b < 0))) --q;
        return imm(q);
    }
    return binary(Op::FloorDiv, std::move(a), imm(b));
}
ExprP floormod(ExprP a, int64_t b) {
    if (b == 1) return imm(0);
    ExprP q = floordiv(a, b);
    return std::move(a) - q * b;
}

namespace {
std::shared_ptr<Stmt> make_stmt(Stmt::Kind k) {
    auto s = std::make_shared<Stmt>();
    s->kind = k;
    return s;
}
}  // namespace

StmtP block(std::vector<StmtP> items) {
    auto s = make_stmt(Stmt::Kind::Block);
    s->body = std::move(items);
    return s;
}
StmtP loop(int var, ExprP begin, ExprP end, std::vector<StmtP> body, LoopKind kind, int hint) {
    auto s = make_stmt(Stmt::Kind::For);
    s->var = var;
    s->begin = std::move(begin);
    s->end = std::move(end);
    s->loop = kind;
    s->hint = hint;
    s->body = std::move(body);
    return s;
}
StmtP loop(int var, int64_t extent, std::vector<StmtP> body, LoopKind kind, int hint) {
    return loop(var, imm(0), imm(extent), std::move(body), kind, hint);
}
StmtP store(int buffer, ExprP index, ExprP value) {
    auto s = make_stmt(Stmt::Kind::Store);
    s->buffer = buffer;
    s->index = std::move(index);
    s->value = std::move(value);
    return s;
}
StmtP guard(ExprP cond, std::vector<StmtP> body) {
    auto s = make_stmt(Stmt::Kind::If);
    s->cond = std::move(cond);
    s->body = std::move(body);
    return s;
}

StmtP prefetch(int buffer, ExprP index) {
    auto s = make_stmt(Stmt::Kind::Prefetch);
    s->buffer = buffer;
    s->index = std::move(index);
    return s;
}

int Kernel::add_arg(std::string n, DType t, int64_t numel) {
    check_internal(num_args() == static_cast<int>(buffers.size()),
                   "kir::Kernel: arguments must be added before locals");
    buffers.push_back({std::move(n), t, numel, false});
    return static_cast<int>(buffers.size()) - 1;
}
int Kernel::add_local(std::string n, DType t, int64_t numel) {
    buffers.push_back({std::move(n), t, numel, true});
    return static_cast<int>(buffers.size()) - 1;
}
int Kernel::new_var(std::string n) {
    vars.push_back(std::move(n));
    return static_cast<int>(vars.size()) - 1;
}
int Kernel::num_args() const {
    int n = 0;
    for (const Buffer& b : buffers) n += b.local ? 0 : 1;
    return n;
}

namespace {

void print_expr(std::ostream& o, const Kernel& k, const Expr& e) {
    switch (e.op) {
    case Op::IntImm: o << e.ival; return;
    case Op::FloatImm: o << e.fval; return;
    case Op::Var: o << k.vars.at(static_cast<std::size_t>(e.ival)); return;
    case Op::Load:
        o << k.buffers.at(static_cast<std::size_t>(e.ival)).name << "[";
        print_expr(o, k, *e.args[0]);
        o << "]";
        return;
    case Op::Cast: {
        o << dtype_name(e.type);
        const CastMode m = cast_mode(e);
        if (!m.saturate) o << ".nosat";
        if (m.e8m0 != E8M0Rounding::up) o << (m.e8m0 == E8M0Rounding::down ? ".down" : ".nearest");
        break;
    }
    default: o << op_name(e.op);
    }
    o << "(";
    for (std::size_t i = 0; i < e.args.size(); ++i) {
        if (i) o << ", ";
        print_expr(o, k, *e.args[i]);
    }
    o << ")";
}

void print_stmt(std::ostream& o, const Kernel& k, const Stmt& s, int depth) {
    std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
    switch (s.kind) {
    case Stmt::Kind::Block:
        for (const auto& c : s.body) print_stmt(o, k, *c, depth);
        return;
    case Stmt::Kind::For: {
        static const char* kinds[] = {"for", "parallel for", "vectorized for", "unrolled for", "vector tile for"};
        o << pad << kinds[static_cast<int>(s.loop)] << " " << k.vars.at(static_cast<std::size_t>(s.var))
          << " in [";
        print_expr(o, k, *s.begin);
        o << ", ";
        print_expr(o, k, *s.end);
        o << ")";
        if (s.hint) o << " x" << s.hint;
        o << ":\n";
        for (const auto& c : s.body) print_stmt(o, k, *c, depth + 1);
        return;
    }
    case Stmt::Kind::Store:
        o << pad << k.buffers.at(static_cast<std::size_t>(s.buffer)).name << "[";
        print_expr(o, k, *s.index);
        o << "] = ";
        print_expr(o, k, *s.value);
        o << "\n";
        return;
    case Stmt::Kind::Prefetch:
        o << pad << "prefetch " << k.buffers.at(static_cast<std::size_t>(s.buffer)).name << "[";
        print_expr(o, k, *s.index);
        o << "]\n";
        return;
    case Stmt::Kind::If:
        o << pad << "if ";
        print_expr(o, k, *s.cond);
        o << ":\n";
        for (const auto& c : s.body) print_stmt(o, k, *c, depth + 1);
        return;
    }
}

}  // namespace

std::string to_string(const Kernel& k) {
    std::ostringstream o;
    o << "kernel " << k.name << "(";
    for (std::size_t i = 0; i < k.buffers.size(); ++i)
        if (!k.buffers[i].local)
            o << (i ? ", " : "") << k.buffers[i].name << ": " << dtype_name(k.buffers[i].dtype) << "["
              << k.buffers[i].numel << "]";
    o << ")\n";
    for (const Buffer& b : k.buffers)
        if (b.local) o << "  local " << b.name << ": " << dtype_name(b.dtype) << "[" << b.numel << "]\n";
    if (k.body) print_stmt(o, k, *k.body, 1);
    return o.str();
}

}  // namespace neo::llvm_cpu::kir
