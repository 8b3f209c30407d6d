// Calls of model-local functions (ModelProto.functions, IR 8+) are inlined: the
// function's nodes are translated in place of the call, at the function's own opset
// imports, like any other node (so unsupported ops inside are reported by their names).
//
// A function body refers only to its formal inputs and its own values. Inlining renames
// every name of the body uniformly (nested subgraphs included): formal inputs to the
// call's actual inputs, formal outputs to the call's outputs, every other name to a
// fresh "<call>/<name>". Body nodes are named "<call>/<node name or op type>".
// Attributes that refer to the function's attributes (ref_attr_name) take the call's
// value, else the function's default (IR 9 `attribute_proto`, read from the unknown
// fields because Debian's ONNX 1.12 schema predates it), else are left out.
#include <functional>
#include <map>

#include <google/protobuf/unknown_field_set.h>

#include "builder.hpp"
#include "neo/core/util/error.hpp"

namespace neo::onnxfe {
namespace {

constexpr int kMaxCallDepth = 64;

using AttrValues = std::map<std::string, onnx::AttributeProto>;

// Renames every value name of a function body, consistently.
struct Renamer {
    std::map<std::string, std::string> names;  // function-local -> caller graph
    std::function<std::string(const std::string&)> fresh;

    std::string operator()(const std::string& n) {
        if (n.empty()) return n;
        auto [it, is_new] = names.try_emplace(n);
        if (is_new) it->second = fresh(n);
        return it->second;
    }
    void node(onnx::NodeProto& n) {
        for (auto& s : *n.mutable_input()) s = (*this)(s);
        for (auto& s : *n.mutable_output()) s = (*this)(s);
        for (auto& a : *n.mutable_attribute()) {
            if (a.has_g()) graph(*a.mutable_g());
            for (auto& g : *a.mutable_graphs()) graph(g);
        }
    }
    void graph(onnx::GraphProto& g) {
        for (auto& v : *g.mutable_input()) v.set_name((*this)(v.name()));
        for (auto& v : *g.mutable_output()) v.set_name((*this)(v.name()));
        for (auto& v : *g.mutable_value_info()) v.set_name((*this)(v.name()));
        for (auto& t : *g.mutable_initializer()) t.set_name((*this)(t.name()));
        for (auto& n : *g.mutable_node()) node(n);
    }
};

// Replaces attributes that refer to the function's attributes (in nested subgraphs too).
void substitute(onnx::NodeProto& n, const AttrValues& values) {
    auto* attrs = n.mutable_attribute();
    for (int i = 0; i < attrs->size();) {
        onnx::AttributeProto& a = (*attrs)[i];
        if (!a.ref_attr_name().empty()) {
            auto it = values.find(a.ref_attr_name());
            if (it == values.end()) {  // not given, no default: the op's default applies
                attrs->DeleteSubrange(i, 1);
                continue;
            }
            std::string name = a.name();
            a = it->second;
            a.set_name(name);
        }
        if (a.has_g())
            for (auto& m : *a.mutable_g()->mutable_node()) substitute(m, values);
        for (auto& g : *a.mutable_graphs())
            for (auto& m : *g.mutable_node()) substitute(m, values);
        ++i;
    }
}

// The function's attribute defaults: FunctionProto field 11 (attribute_proto).
void add_defaults(const onnx::FunctionProto& fn, AttrValues& values) {
    const auto& unknown = fn.GetReflection()->GetUnknownFields(fn);
    for (int i = 0; i < unknown.field_count(); ++i) {
        const auto& f = unknown.field(i);
        if (f.number() != 11 || f.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED)
            continue;
        onnx::AttributeProto a;
        if (a.ParseFromString(f.length_delimited())) values[a.name()] = a;
    }
}

}  // namespace

void Builder::inline_function(const onnx::NodeProto& np, const onnx::FunctionProto& fn,
                              Scope& scope, int depth) {
    const std::string call = np.name().empty()
                                 ? scope.graph().fresh_node_name(np.op_type())
                                 : np.name();
    const std::string label = "node '" + call + "' (" + np.op_type() + ", a model function)";
    if (depth >= kMaxCallDepth)
        throw UserError(label + ": functions call each other more than " +
                        std::to_string(kMaxCallDepth) + " deep (recursion?)");
    if (np.input_size() > fn.input_size() || np.output_size() > fn.output_size())
        throw UserError(label + ": called with " + std::to_string(np.input_size()) +
                        " inputs and " + std::to_string(np.output_size()) +
                        " outputs; the function has " + std::to_string(fn.input_size()) +
                        " and " + std::to_string(fn.output_size()));

    Renamer rename;
    rename.fresh = [&](const std::string& n) { return scope.fresh(call + "/" + n); };
    for (int i = 0; i < fn.input_size(); ++i)
        rename.names[fn.input(i)] = i < np.input_size() ? np.input(i) : std::string();
    for (int i = 0; i < np.output_size(); ++i)
        if (!np.output(i).empty()) rename.names[fn.output(i)] = np.output(i);

    AttrValues values;
    add_defaults(fn, values);
    for (const auto& a : np.attribute()) values[a.name()] = a;

    Opsets opsets;
    for (const auto& op : fn.opset_import()) opsets[normalize_domain(op.domain())] = op.version();
    if (opsets.empty()) opsets = info_.opsets;

    for (const auto& body : fn.node()) {
        onnx::NodeProto n = body;
        rename.node(n);
        substitute(n, values);
        n.set_name(call + "/" + (body.name().empty() ? body.op_type() : body.name()));
        translate(n, scope, opsets, depth + 1);
    }
    // Every requested output must have been produced by the body.
    for (const auto& out : np.output())
        if (!out.empty() && !scope.defines(out))
            throw UserError(label + ": the function's body does not produce output '" + out +
                            "'");
}

}  // namespace neo::onnxfe
