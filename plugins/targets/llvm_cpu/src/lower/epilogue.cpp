#include "lower/epilogue.hpp"

#include <algorithm>
#include <memory>

#include "codegen/emitter.hpp"
#include "lower/pointwise.hpp"

namespace neo::llvm_cpu {
namespace {

using kir::ExprP;
using kir::StmtP;

bool fusable_op(const Node& n) {
    // Cast changes the type; Dropout has a second output and a training mode.
    return n.domain().empty() && n.num_outputs() == 1 && n.op() != "Cast" && n.op() != "CastLike" &&
           n.op() != "Dropout" && find_pointwise(n.op()) != nullptr;
}

bool reads(const ExprP& e, int buf) {
    if (e->op == kir::Op::Load && e->ival == buf) return true;
    for (const ExprP& a : e->args)
        if (reads(a, buf)) return true;
    return false;
}

bool reads(const StmtP& s, int buf) {
    for (const ExprP* e : {&s->begin, &s->end, &s->index, &s->value, &s->cond})
        if (*e && reads(*e, buf)) return true;
    for (const StmtP& b : s->body)
        if (reads(b, buf)) return true;
    return false;
}

// The index into an operand of shape `in` broadcast to `out`, from the output's linear index.
ExprP operand_index(const ExprP& index, const std::vector<int64_t>& in, const std::vector<int64_t>& out) {
    const std::vector<int64_t> bs = broadcast_strides(in, out), os = strides_of(out);
    if (bs == os) return index;
    ExprP at = kir::imm(0);
    for (std::size_t d = 0; d < out.size(); ++d)
        if (bs[d] != 0 && out[d] > 1) at = at + kir::floormod(kir::floordiv(index, os[d]), out[d]) * bs[d];
    return at;
}

// Renumbers the locals (ids from `first_local` grow by `shift`) and wraps every store to `out`.
struct Rewrite {
    int first_local, shift, out;
    std::function<ExprP(const ExprP& value, const ExprP& index)> epilogue;

    int id(int b) const { return b >= first_local ? b + shift : b; }
    ExprP expr(const ExprP& e) const {
        if (!e) return e;
        bool same = e->op != kir::Op::Load || id(static_cast<int>(e->ival)) == e->ival;
        std::vector<ExprP> args;
        for (const ExprP& a : e->args) {
            args.push_back(expr(a));
            same = same && args.back() == a;
        }
        if (same) return e;
        auto c = std::make_shared<kir::Expr>(*e);
        if (c->op == kir::Op::Load) c->ival = id(static_cast<int>(c->ival));
        c->args = std::move(args);
        return c;
    }
    StmtP stmt(const StmtP& s) const {
        auto c = std::make_shared<kir::Stmt>(*s);
        c->begin = expr(s->begin), c->end = expr(s->end), c->index = expr(s->index), c->cond = expr(s->cond);
        c->value = expr(s->value);
        if (s->kind == kir::Stmt::Kind::Store) {
            c->buffer = id(s->buffer);
            if (s->buffer == out) c->value = epilogue(c->value, c->index);
        }
        c->body.clear();
        for (const StmtP& b : s->body) c->body.push_back(stmt(b));
        return c;
    }
};

}  // namespace

Epilogue plan_epilogue(const Node& producer, const std::set<const Value*>& graph_outputs,
                       const std::function<bool(const Value*)>& ready) {
    Epilogue e;
    if (producer.num_outputs() == 0) return e;
    for (std::size_t i = 1; i < producer.num_outputs(); ++i)
        if (producer.output(i) && (!producer.output(i)->uses().empty() || graph_outputs.count(producer.output(i)))) return e;
    const Value* v = producer.output(0);
    // 16-bit floats are computed wider inside an expression: unfused, each op rounds its result.
    if (!v || v->dtype() == DType::f16 || v->dtype() == DType::bf16) return e;
    while (v->shape().is_static() && v->uses().size() == 1 && !graph_outputs.count(v)) {
        const Node& m = *v->uses().front().node;
        if (!fusable_op(m)) break;
        const Value* r = m.output(0);
        if (r->dtype() != v->dtype() || !r->shape().is_static() || r->shape().static_dims() != v->shape().static_dims()) break;
        bool ok = true;
        for (const Value* in : m.inputs())
            ok = ok && (!in || in == v || (ready(in) && in->shape().is_static() && emittable(in->dtype())));
        if (!ok) break;
        e.nodes.push_back(&m);
        e.result = r;
        v = r;
    }
    return e;
}

bool fuse_epilogue(LowerCtx& producer, const Epilogue& e, Graph& tables) {
    if (e.empty()) return false;
    kir::Kernel& k = producer.kernel();
    const Value* first = producer.node().output(0);
    const int out = producer.buffer_of(first);
    if (out < 0 || reads(k.body, out)) return false;
    const std::vector<int64_t> shape = first->shape().static_dims();

    // The operands the chain reads, as new arguments of the kernel.
    const int first_local = k.num_args();
    int added = 0;
    for (const Node* m : e.nodes)
        for (const Value* in : m->inputs())
            if (in && producer.buffer_of(in) < 0 && std::none_of(e.nodes.begin(), e.nodes.end(), [&](const Node* n) { return n->output(0) == in; })) {
                producer.insert_arg(in);
                ++added;
            }

    static const nlohmann::json no_schedule = nlohmann::json::object();
    std::vector<std::unique_ptr<LowerCtx>> ctxs;
    for (const Node* m : e.nodes) ctxs.push_back(std::make_unique<LowerCtx>(*m, producer.cpu(), no_schedule, k.name, tables));
    Rewrite rw{first_local, added, out, [&](const ExprP& value, const ExprP& index) {
                   ExprP v = value;
                   const Value* cur = first;
                   for (std::size_t i = 0; i < e.nodes.size(); ++i) {
                       const Node& m = *e.nodes[i];
                       PointArgs args(m.num_inputs());
                       for (std::size_t j = 0; j < m.num_inputs(); ++j) {
                           const Value* in = m.input(j);
                           if (!in) continue;
                           args[j] = in == cur ? v
                                               : kir::load(producer.buffer_of(in), in->dtype(),
                                                           operand_index(index, in->shape().static_dims(), shape));
                       }
                       v = (*find_pointwise(m.op()))(*ctxs[i], args);
                       cur = m.output(0);
                   }
                   return v;
               }};
    k.body = rw.stmt(k.body);
    producer.rebind(first, e.result);
    k.flops += static_cast<double>(e.nodes.size() * static_cast<std::size_t>(numel_of(shape)));
    return true;
}

}  // namespace neo::llvm_cpu
