// Graphs: the main graph (inputs with the user's shapes, initializers, nodes, outputs)
// and subgraphs. One node at a time: node_builder.cpp.
#include "graph_builder.hpp"

#include "builder.hpp"
#include "input_shapes.hpp"
#include "neo/core/util/error.hpp"
#include "tensor_reader.hpp"

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

void Builder::add_initializers(const onnx::GraphProto& g, Scope& scope,
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

void Builder::add_value_types(const onnx::GraphProto& g, Scope& scope) {
    for (const auto& vi : g.value_info()) scope.value_types[vi.name()] = &vi.type();
    for (const auto& vi : g.output()) scope.value_types[vi.name()] = &vi.type();
}

void Builder::add_nodes(const onnx::GraphProto& g, Scope& scope, const Opsets& opsets,
                        int depth) {
    for (const auto& n : g.node()) translate(n, scope, opsets, depth);
}

void Builder::add_outputs(const onnx::GraphProto& g, Scope& scope) {
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

std::pair<GraphPtr, std::vector<Capture>> Builder::build_subgraph(const onnx::GraphProto& g,
                                                                  Scope& parent,
                                                                  const Opsets& opsets,
                                                                  int depth) {
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
    add_nodes(g, scope, opsets, depth);
    add_outputs(g, scope);
    return {graph, scope.captures()};
}

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
    b.add_nodes(g, scope, info.opsets, 0);
    b.add_outputs(g, scope);
    if (!report.empty()) throw UserError(report.message());
    require_static_inputs(inputs);
    return graph;
}

}  // namespace neo::onnxfe
