#pragma once
// The reference interpreter: runs any graph of registered ops, node by node, with
// each op's reference implementation. It is the numerical ground truth that every
// code-generating target is tested against.
#include <map>
#include <string>
#include <vector>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ops/registry.hpp"

namespace neo {

class Interpreter {
public:
    // Checks that every op (in subgraphs too) is registered, listing ALL unknown ops
    // with their node names in one UserError, and plans the execution order.
    explicit Interpreter(const Graph& graph, const OpRegistry& registry = OpRegistry::global());

    // Runs with inputs in graph-input order; returns the graph outputs in order.
    // UserError naming the input when a count, dtype or static dim does not match.
    std::vector<Tensor> run(const std::vector<Tensor>& inputs) const;
    // Runs with inputs by name (every graph input must be given).
    std::vector<Tensor> run(const std::map<std::string, Tensor>& inputs) const;

    const Graph& graph() const { return graph_; }

private:
    const Graph& graph_;
    const OpRegistry& registry_;
    std::vector<Node*> order_;
    std::vector<const OpSchema*> schemas_;  // parallel to order_
};

// Lists every op of `graph` (and its subgraphs) that `registry` does not know, as
// "Op (domain 'd'): node 'a', node 'b'" lines; empty when all are known.
std::vector<std::string> unsupported_ops(const Graph& graph, const OpRegistry& registry);

}  // namespace neo
