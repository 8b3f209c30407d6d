// One ONNX node: its inputs, attributes (subgraphs built on the way), its translator,
// the checks of what the translator made, and the names of its outputs.
#include <algorithm>

#include "attribute_reader.hpp"
#include "builder.hpp"
#include "neo/core/util/error.hpp"
#include "tensor_reader.hpp"

namespace neo::onnxfe {
namespace {

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

}  // namespace

void Builder::translate(const onnx::NodeProto& np, Scope& scope, const Opsets& opsets,
                        int depth) {
    auto fn = info_.functions.find({normalize_domain(np.domain()), np.op_type()});
    if (fn != info_.functions.end() && fn->second) {
        inline_function(np, *fn->second, scope, depth);
        return;
    }
    NodeInfo ni;
    ni.op_type = np.op_type();
    ni.domain = normalize_domain(np.domain());
    ni.name = np.name();
    ni.neo_name = ni.name.empty() ? scope.graph().fresh_node_name(ni.op_type) : ni.name;
    ni.output_names.assign(np.output().begin(), np.output().end());
    auto opset = opsets.find(ni.domain);
    if (opset == opsets.end())
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
                                  subgraphs.push_back(build_subgraph(g, scope, opsets, depth));
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
    // Values computed from an untranslatable node's outputs have unknown types too.
    if (tainted)
        for (Value* v : outs)
            if (v) tainted_.insert(v);
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
    if (info_.functions.count({ni.domain, ni.op_type}))  // several with this name
        return "an overloaded function of the model, which neo does not support";
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

}  // namespace neo::onnxfe
