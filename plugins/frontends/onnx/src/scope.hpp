#pragma once
// Name resolution while building one (sub)graph, and how subgraphs capture values of
// the graphs around them.
//
// ONNX subgraphs (If branches, Loop and Scan bodies) may read any value of an enclosing
// graph by name. A neo subgraph is self-contained (it reads only its own inputs), so
// the frontend makes those reads explicit:
//   - a captured constant (initializer or Constant) is copied into the subgraph as a
//     constant of the same name (the tensor is shared, not duplicated);
//   - any other captured value becomes an extra input of the subgraph, named like the
//     outer value, after the inputs the ONNX subgraph declares; the node that owns the
//     subgraph gets the outer value as an extra input (see ops/control_flow.cpp for the
//     node side: every subgraph of the node takes the same captured values, in the same
//     order, and the node's int attribute `num_captured` counts them).
// Captures chain through nesting: a value two levels up is captured by the middle graph
// first, then by the inner one.
#include <functional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <onnx/onnx_pb.h>

#include "neo/core/ir/graph.hpp"

namespace neo::onnxfe {

struct Capture {
    Value* outer;   // the value in the enclosing graph
    Value* local;   // the subgraph input standing for it
};

class Scope {
public:
    // `reserved`: every value name the ONNX graph defines (inputs, initializers, node
    // outputs), so that helper values never take one of them.
    Scope(Graph& graph, Scope* parent, std::set<std::string> reserved)
        : graph_(graph), parent_(parent), reserved_(std::move(reserved)) {}

    Graph& graph() { return graph_; }
    // The value an ONNX name stands for here: defined in this graph, or captured from an
    // enclosing one; nullptr when no graph defines it (yet).
    Value* lookup(const std::string& name);
    // Binds an ONNX name defined by this graph; false when it is already bound here.
    bool bind(const std::string& name, Value* v);
    // Whether this graph itself already binds the name (not counting enclosing graphs).
    bool defines(const std::string& name) const { return values_.count(name) != 0; }
    bool is_reserved(const std::string& name) const { return reserved_.count(name) != 0; }
    // A fresh value name that is no ONNX name of this graph.
    std::string fresh(const std::string& base);
    // Non-constant values captured from the enclosing graph, in the order first read.
    const std::vector<Capture>& captures() const { return captures_; }

    // ONNX value_info (and output) types of this graph, by name.
    std::unordered_map<std::string, const onnx::TypeProto*> value_types;

private:
    Graph& graph_;
    Scope* parent_;
    std::set<std::string> reserved_;
    std::unordered_map<std::string, Value*> values_;
    std::vector<Capture> captures_;
};

// Makes every subgraph of one node take the same captured values, in the same order, as
// its last inputs: the union (in first-read order) of what each subgraph captured.
// Returns the outer values, which become the node's extra inputs.
std::vector<Value*> unify_captures(
    const std::vector<std::pair<GraphPtr, std::vector<Capture>>>& subgraphs);

}  // namespace neo::onnxfe
