#include "lower/epilogue.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "codegen/emitter.hpp"
#include "kir/bounds.hpp"
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

// The index into an operand of shape `in` broadcast to `out`, from the output's linear index
// (taken apart with what `bounds` knows of the loop variables in it).
ExprP operand_index(const ExprP& index, const std::vector<int64_t>& in, const std::vector<int64_t>& out,
                    const kir::Bounds& bounds) {
    const std::vector<int64_t> bs = broadcast_strides(in, out), os = strides_of(out);
    bool same = true;  // laid out as the output (dims of extent 1 aside)
    for (std::size_t d = 0; d < out.size(); ++d) same = same && (out[d] == 1 || bs[d] == os[d]);
    if (same) return index;
    ExprP at = kir::imm(0);
    for (std::size_t d = 0; d < out.size(); ++d)
        if (bs[d] != 0 && out[d] > 1) at = at + bounds.mod(bounds.div(index, os[d]), out[d]) * bs[d];
    return at;
}

// Renumbers the locals (ids from `first_local` grow by `shift`) and wraps every store to `out`.
// `bounds` holds the ranges of the loops around the statement being rewritten.
struct Rewrite {
    int first_local, shift, out;
    int value_slot;  // a local holding the stored value, or -1
    std::function<ExprP(const ExprP& value, const ExprP& index)> epilogue;
    kir::Bounds& bounds;

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
        if (s->kind == kir::Stmt::Kind::Store || s->kind == kir::Stmt::Kind::Prefetch) c->buffer = id(s->buffer);
        if (s->kind == kir::Stmt::Kind::Store) {
            if (s->buffer == out && value_slot >= 0 && c->value->op != kir::Op::Load) {
                // The stored value, read more than once by the chain, is computed once.
                kir::StmtP keep = kir::store(value_slot, kir::imm(0), c->value);
                c->value = epilogue(kir::load(value_slot, c->value->type, kir::imm(0)), c->index);
                return kir::block({keep, c});
            }
            if (s->buffer == out) c->value = epilogue(c->value, c->index);
        }
        const std::optional<kir::Interval> outer = s->kind == kir::Stmt::Kind::For ? bounds.range(s->var) : std::nullopt;
        if (s->kind == kir::Stmt::Kind::For) bounds.set(s->var, bounds.loop_range(*s));
        c->body.clear();
        for (const StmtP& b : s->body) c->body.push_back(stmt(b));
        if (s->kind == kir::Stmt::Kind::For) bounds.set(s->var, outer);
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
    const Value* v0 = producer.output(0);
    // 16-bit floats are computed wider inside an expression: unfused, each op rounds its result.
    if (!v0 || !v0->shape().is_static() || v0->dtype() == DType::f16 || v0->dtype() == DType::bf16) return e;

    // Grow the chain: a node joins when it reads chain values and otherwise only ready ones.
    std::vector<const Value*> inside{v0};
    std::vector<const Node*> nodes;
    auto in_chain = [&](const Value* v) { return std::find(inside.begin(), inside.end(), v) != inside.end(); };
    auto joins = [&](const Node& m) {
        if (!fusable_op(m) || std::find(nodes.begin(), nodes.end(), &m) != nodes.end()) return false;
        const Value* r = m.output(0);
        if (r->dtype() != v0->dtype() || !r->shape().is_static() || r->shape().static_dims() != v0->shape().static_dims()) return false;
        for (const Value* in : m.inputs())
            if (in && !in_chain(in) && !(ready(in) && in->shape().is_static() && emittable(in->dtype()))) return false;
        return true;
    };
    for (bool grew = true; grew;) {
        grew = false;
        for (std::size_t i = 0; i < inside.size() && !grew; ++i)
            for (const Use& u : inside[i]->uses())
                if (joins(*u.node)) {
                    nodes.push_back(u.node);
                    inside.push_back(u.node->output(0));
                    grew = true;
                    break;
                }
    }
    // The longest prefix whose values, but its last node's output, are read only inside it.
    for (std::size_t len = nodes.size(); len > 0; --len) {
        const std::vector<const Node*> prefix(nodes.begin(), nodes.begin() + static_cast<std::ptrdiff_t>(len));
        const Value* result = prefix.back()->output(0);
        bool closed = true;
        for (std::size_t i = 0; i < len && closed; ++i) {  // inside[i]: v0, then the outputs before the last
            const Value* v = inside[i];
            closed = !graph_outputs.count(v);
            for (const Use& u : v->uses())
                closed = closed && std::find(prefix.begin(), prefix.end(), u.node) != prefix.end();
        }
        if (closed) {
            e.nodes = prefix;
            e.result = result;
            break;
        }
    }
    return e;
}

bool costly(const Epilogue& e) {
    static const std::set<std::string> kCostly = {"Sigmoid", "Tanh", "Exp", "Log", "Erf", "Gelu",
                                                  "Softplus", "Mish", "Elu", "Selu", "Celu"};
    return std::any_of(e.nodes.begin(), e.nodes.end(), [](const Node* n) { return kCostly.count(n->op()) > 0; });
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
    // A value the chain reads twice (x * sigmoid(x)) goes through a local once computed.
    int reads_of_first = 0;
    for (const Node* m : e.nodes)
        for (const Value* in : m->inputs()) reads_of_first += in == first ? 1 : 0;
    const int slot = reads_of_first > 1 ? k.add_local("epilogue_value", first->dtype(), 1) : -1;
    kir::Bounds bounds;
    Rewrite rw{first_local, added, out, slot, [&](const ExprP& value, const ExprP& index) {
                   std::map<const Value*, ExprP> at{{first, value}};  // the chain's values
                   for (std::size_t i = 0; i < e.nodes.size(); ++i) {
                       const Node& m = *e.nodes[i];
                       PointArgs args(m.num_inputs());
                       for (std::size_t j = 0; j < m.num_inputs(); ++j) {
                           const Value* in = m.input(j);
                           if (!in) continue;
                           auto it = at.find(in);
                           args[j] = it != at.end() ? it->second
                                                    : kir::load(producer.buffer_of(in), in->dtype(),
                                                                operand_index(index, in->shape().static_dims(), shape, bounds));
                       }
                       at[m.output(0)] = (*find_pointwise(m.op()))(*ctxs[i], args);
                   }
                   return at.at(e.result);
               },
               bounds};
    k.body = rw.stmt(k.body);
    producer.rebind(first, e.result);
    k.flops += static_cast<double>(e.nodes.size() * static_cast<std::size_t>(numel_of(shape)));
    return true;
}

}  // namespace neo::llvm_cpu
