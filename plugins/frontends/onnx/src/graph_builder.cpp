#include "graph_builder.hpp"

#include <algorithm>
#include <unordered_set>

#include "attribute_reader.hpp"
#include "input_shapes.hpp"
#include "neo/core/util/error.hpp"
#include "scope.hpp"
#include "tensor_reader.hpp"
#include "translator.hpp"
#include "unsupported.hpp"

namespace neo::onnxfe {

std::string normalize_domain(const std::string& domain) {
    return domain == "ai.onnx" ? std::string() : domain;
}

namespace {

// Every value name a graph defines: inputs, initializers and node outputs.
std::set<std::string> defined_names(const onnx::GraphProto& g) {
    std::set<std::string> s;
    for (const auto& i : g.input()) s.insert(i.name());
    for (const auto& t : g.initializer()) s.insert(t.name());
    for (const auto& n : g.node())
        for (const auto& o : n.output())
            if (!o.empty()) s.insert(o);
    return s;
}

// How the unsupported-op message names a node.
std::string node_label(const NodeInfo& ni) {
    if (!ni.name.empty()) return "'" + ni.name + "'";
    for (const auto& o : ni.output_names)
        if (!o.empty()) return "(unnamed, output '" + o + "')";
    return "(unnamed)";
}

std::string range_str(const Translator& t) {
    if (t.until == kLatestOpset) return std::to_string(t.since) + "+";
    if (t.since == t.until) return std::to_string(t.since);
    return std::to_string(t.since) + "-" + std::to_string(t.until);
}

// Skips inference unless every input has a dtype and a rank.
void infer_if_typed(const OpSchema& schema, Node& n) {
    for (Value* in : n.inputs())
        if (in && (in->dtype() == DType::undefined || !in->shape().ranked())) return;
    try {
        infer_node(schema, n);
    } catch (const UserError&) {
        // Best effort only: the shape-propagation pass reports real contradictions.
    }
}

class Builder {
public:
    Builder(const ModelInfo& info, UnsupportedOps& report) : info_(info), report_(report) {}

    void add_initializers(const onnx::GraphProto& g, Scope& scope,
                          const std::set<std::string>& skip) {
        if (g.sparse_initializer_size() > 0)
            throw UserError("graph '" + g.name() + "' has sparse initializers (e.g. '" +
                            g.sparse_initializer(0).values().name() +
                            "'), which neo does not support; store them as dense tensors");
        for (const auto& t : g.initializer()) {
            if (skip.count(t.name())) continue;
            Value* c = scope.graph().add_constant(
                t.name(), read_tensor(t, info_.model_dir, "initializer '" + t.name() + "'"));
            if (!scope.bind(t.name(), c))
                throw UserError("initializer '" + t.name() + "' is defined twice");
        }
    }

    void add_value_types(const onnx::GraphProto& g, Scope& scope) {
        for (const auto& vi : g.value_info()) scope.value_types[vi.name()] = &vi.type();
        for (const auto& vi : g.output()) scope.value_types[vi.name()] = &vi.type();
    }

    void add_nodes(const onnx::GraphProto& g, Scope& scope) {
        for (const auto& n : g.node()) translate(n, scope);
    }

    void add_outputs(const onnx::GraphProto& g, Scope& scope) {
        Graph& graph = scope.graph();
        for (const auto& out : g.output()) {
            const std::string& name = out.name();
            Value* v = scope.lookup(name);
            if (!v)
                throw UserError("graph '" + graph.name() + "': output '" + name +
                                "' is not an input, initializer or output of any node");
            if (v->name() != name) {
                // The name stands for a value of another name (a translator returned an
                // existing value): keep the ONNX name visible with an Identity.
                std::string id_name = graph.find_value(name) ? scope.fresh(name) : name;
                Node* n = graph.add_node("Identity", {v}, {id_name}, {}, id_name);
                n->output(0)->set_dtype(v->dtype());
                n->output(0)->set_shape(v->shape());
                v = n->output(0);
            }
            if (auto vt = read_value_type(out.type(), "graph output '" + name + "'")) {
                if (v->dtype() == DType::undefined) v->set_dtype(vt->dtype);
                if (!v->shape().ranked()) v->set_shape(vt->shape);
            }
            graph.add_output(v);
        }
    }

    // A subgraph (If branch, Loop/Scan body) with its captures (scope.hpp).
    std::pair<GraphPtr, std::vector<Capture>> build_subgraph(const onnx::GraphProto& g,
                                                             Scope& parent) {
        auto graph = std::make_shared<Graph>(g.name().empty() ? "subgraph" : g.name());
        Scope scope(*graph, &parent, defined_names(g));
        std::set<std::string> inputs;
        for (const auto& in : g.input()) {
            const std::string what = "input '" + in.name() + "' of subgraph '" + g.name() + "'";
            ValueType vt;
            if (in.has_type()) {
                auto t = read_value_type(in.type(), what);
                if (!t && in.type().value_case() != onnx::TypeProto::VALUE_NOT_SET)
                    throw UserError(what + " is a " + type_kind(in.type()) +
                                    "; neo supports only tensors");
                if (t) vt = *t;
            }
            // A subgraph input that is also an initializer stays an input (its position
            // matters to Loop and Scan); the initializer is ignored.
            if (!scope.bind(in.name(), graph->add_input(in.name(), vt.dtype, vt.shape)))
                throw UserError(what + " is declared twice");
            inputs.insert(in.name());
        }
        add_initializers(g, scope, inputs);
        add_value_types(g, scope);
        add_nodes(g, scope);
        add_outputs(g, scope);
        return {graph, scope.captures()};
    }

private:
    void translate(const onnx::NodeProto& np, Scope& scope);
    std::vector<Value*> placeholder(NodeContext& ctx);
    std::string no_translator_reason(const NodeInfo& ni) const;
    void name_main_node(const NodeInfo& ni, NodeContext& ctx, const std::vector<Value*>& outs);
    void check_made_nodes(const NodeInfo& ni, NodeContext& ctx);
    void bind_outputs(const NodeInfo& ni, const std::vector<Value*>& outs, Scope& scope);

    const ModelInfo& info_;
    UnsupportedOps& report_;
    // Outputs of nodes that could not be translated: their types are unknown, so later
    // translators may fail on them without that being the model's fault.
    std::unordered_set<const Value*> tainted_;
};

void Builder::translate(const onnx::NodeProto& np, Scope& scope) {
    NodeInfo ni;
    ni.op_type = np.op_type();
    ni.domain = normalize_domain(np.domain());
    ni.name = np.name();
    ni.neo_name = ni.name.empty() ? scope.graph().fresh_node_name(ni.op_type) : ni.name;
    ni.output_names.assign(np.output().begin(), np.output().end());
    auto opset = info_.opsets.find(ni.domain);
    if (opset == info_.opsets.end())
        throw UserError(describe_node(ni) + ": its domain '" + ni.domain +
                        "' is not imported by the model (opset_import)");
    ni.opset = opset->second;
    const std::string label = describe_node(ni);

    bool tainted = false;
    for (const auto& name : np.input()) {
        if (name.empty()) {
            ni.inputs.push_back(nullptr);
            continue;
        }
        Value* v = scope.lookup(name);
        if (!v)
            throw UserError(label + ": input '" + name + "' is not defined before the node "
                            "(not a graph input, initializer or output of an earlier node; "
                            "ONNX requires nodes in topological order)");
        tainted |= tainted_.count(v) != 0;
        ni.inputs.push_back(v);
    }

    std::vector<std::pair<GraphPtr, std::vector<Capture>>> subgraphs;
    AttributeReadContext actx{info_.model_dir, label,
                              [&](const onnx::GraphProto& g, const std::string&) {
                                  subgraphs.push_back(build_subgraph(g, scope));
                                  return subgraphs.back().first;
                              }};
    for (const auto& a : np.attribute()) {
        if (ni.attrs.count(a.name()))
            throw UserError(label + ": attribute '" + a.name() + "' is given twice");
        ni.attrs[a.name()] = read_attribute(a, actx);
    }
    ni.captures = unify_captures(subgraphs);
    for (Value* c : ni.captures) tainted |= tainted_.count(c) != 0;

    NodeContext ctx(scope.graph(), ni, [&scope](const std::string& b) { return scope.fresh(b); });
    std::vector<Value*> outs;
    const Translator* t = TranslatorRegistry::global().find(ni.domain, ni.op_type, ni.opset);
    if (!t) {
        report_.add(ni.domain, ni.op_type, ni.opset, node_label(ni), no_translator_reason(ni));
        outs = placeholder(ctx);
    } else {
        bool translated = true;
        try {
            outs = t->fn(ctx);
        } catch (const UserError&) {
            if (!tainted) throw;
            translated = false;  // its inputs come from an unsupported op: reported already
            outs = placeholder(ctx);
        }
        if (translated) {
            name_main_node(ni, ctx, outs);
            check_made_nodes(ni, ctx);
        }
    }
    bind_outputs(ni, outs, scope);
}

// The node that makes the first output carries the ONNX node's name (helpers are
// named "<name>/<op>").
void Builder::name_main_node(const NodeInfo& ni, NodeContext& ctx,
                             const std::vector<Value*>& outs) {
    for (std::size_t i = 0; i < outs.size() && i < ni.output_names.size(); ++i) {
        if (ni.output_names[i].empty() || !outs[i]) continue;
        Node* p = outs[i]->producer();
        if (p && std::find(ctx.made().begin(), ctx.made().end(), p) != ctx.made().end())
            p->set_name(ni.neo_name);
        return;
    }
}

// Checks every node a translator made against neo's op registry: unknown ops are
// reported (all at once, later); known ones are checked against their schema and,
// when their inputs are typed, get their outputs' types.
void Builder::check_made_nodes(const NodeInfo& ni, NodeContext& ctx) {
    for (Node* n : ctx.made()) {
        const OpSchema* schema = info_.registry->find(*n);
        if (!schema) {
            report_.add(ni.domain, ni.op_type, ni.opset, node_label(ni),
                        n->op() == ni.op_type && n->domain() == ni.domain
                            ? "neo's op registry has no such op"
                            : "translated to neo op '" + n->qualified_op() +
                                  "', which neo's op registry does not have");
            for (Value* o : n->outputs()) tainted_.insert(o);
            continue;
        }
        try {
            check_node_against_schema(*schema, *n);
        } catch (const UserError& e) {
            // The schema's message names the neo node; name the ONNX node too when the
            // neo node is not simply the ONNX node.
            if (!ni.name.empty() && n->name() == ni.name && n->op() == ni.op_type) throw;
            throw UserError(describe_node(ni) + ": " + e.what());
        }
        infer_if_typed(*schema, *n);
    }
}

// Keeps an untranslatable node as it is, so that building can go on and find every
// other unsupported op; the graph is never returned.
std::vector<Value*> Builder::placeholder(NodeContext& ctx) {
    std::vector<Value*> inputs = ctx.inputs();
    inputs.insert(inputs.end(), ctx.info().captures.begin(), ctx.info().captures.end());
    Node* n = ctx.make(ctx.op_type(), inputs, ctx.attrs(), ctx.num_outputs(), ctx.domain());
    for (Value* o : n->outputs()) tainted_.insert(o);
    return n->outputs();
}

std::string Builder::no_translator_reason(const NodeInfo& ni) const {
    if (info_.functions.count({ni.domain, ni.op_type}))
        return "a function defined in the model, which neo does not inline yet";
    auto ranges = TranslatorRegistry::global().find_all(ni.domain, ni.op_type);
    if (ranges.empty()) return "no translator for this op";
    std::string s;
    for (const Translator* t : ranges) s += (s.empty() ? "" : ", ") + range_str(*t);
    return "no translator for opset " + std::to_string(ni.opset) + "; neo translates it at opset " + s;
}

void Builder::bind_outputs(const NodeInfo& ni, const std::vector<Value*>& outs, Scope& scope) {
    Graph& graph = scope.graph();
    for (std::size_t i = 0; i < ni.output_names.size(); ++i) {
        const std::string& name = ni.output_names[i];
        if (name.empty()) continue;
        Value* v = i < outs.size() ? outs[i] : nullptr;
        check_internal(v != nullptr, describe_node(ni) + ": the translator made no value for "
                                     "output '" + name + "'");
        if (scope.defines(name))
            throw UserError(describe_node(ni) + ": output '" + name +
                            "' is already defined by an input, initializer or earlier node "
                            "(ONNX values have exactly one definition)");
        // A value the translator made gets the ONNX name; an existing one is aliased.
        if (!scope.is_reserved(v->name()) && !v->is_graph_input()) {
            graph.rename_value(v, name);
            auto vt = scope.value_types.find(name);
            if (vt != scope.value_types.end()) {
                try {
                    if (auto t = read_value_type(*vt->second, "value '" + name + "'")) {
                        if (v->dtype() == DType::undefined) v->set_dtype(t->dtype);
                        if (!v->shape().ranked()) v->set_shape(t->shape);
                    }
                } catch (const UserError&) {
                    // An annotation neo cannot read; inference decides the type.
                }
            }
        }
        scope.bind(name, v);
    }
}

InputDecl input_decl(const onnx::ValueInfoProto& in) {
    const std::string what = "graph input '" + in.name() + "'";
    auto vt = read_value_type(in.type(), what);
    if (!vt) {
        std::string kind = type_kind(in.type());
        if (kind == "no type") throw UserError(what + " has no type; ONNX inputs declare one");
        throw UserError(what + " is a " + kind + "; neo supports only tensor inputs");
    }
    if (vt->dtype == DType::undefined) throw UserError(what + " has no element type");
    return InputDecl{in.name(), vt->dtype, vt->shape};
}

}  // namespace

std::unique_ptr<Graph> build_main_graph(const onnx::GraphProto& g, const ModelInfo& info,
                                        const InputShapes& shapes) {
    auto graph = std::make_unique<Graph>(g.name().empty() ? "main" : g.name());
    Scope scope(*graph, nullptr, defined_names(g));
    UnsupportedOps report;
    Builder b(info, report);

    std::set<std::string> initializers;
    for (const auto& t : g.initializer()) initializers.insert(t.name());
    std::vector<InputDecl> inputs;
    for (const auto& in : g.input())
        if (!initializers.count(in.name())) inputs.push_back(input_decl(in));
    apply_input_shapes(inputs, shapes, initializers);
    for (const InputDecl& in : inputs)
        if (!scope.bind(in.name, graph->add_input(in.name, in.dtype, in.shape)))
            throw UserError("graph input '" + in.name + "' is declared twice");

    b.add_initializers(g, scope, {});
    b.add_value_types(g, scope);
    b.add_nodes(g, scope);
    b.add_outputs(g, scope);
    if (!report.empty()) throw UserError(report.message());
    require_static_inputs(inputs);
    return graph;
}

}  // namespace neo::onnxfe
