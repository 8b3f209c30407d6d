#pragma once
// The IR verifier: checks that a Graph is well formed, reporting every problem at once.
// Passes and frontends run it on their result (verify_or_throw) so that a broken graph is
// caught where it was made, not where it crashes.
//
// Checks:
//   structure  every node input and graph output is a value of this graph that still
//              exists; each value is a graph input, a constant or the output of exactly
//              one node; use lists match the node inputs; no cycles; at least one graph
//              output; value names and node names are unique and node names non-empty;
//              a constant's type matches its tensor
//   ops        each node's op is in the registry and fits its schema (input/output
//              counts, unknown attributes, attribute types, missing required ones)
//   types      with require_typed, every value has a dtype and a ranked shape; a node
//              output that is typed must agree with what the op's inference gives for the
//              node's inputs (dims agree when equal or when inference leaves them unknown)
//   subgraphs  graph attributes are verified the same way, their messages prefixed with
//              the path to them: "node 'loop' (Loop) attribute 'body': ..."
// Messages name nodes the way Node::describe() does: "node 'conv1' (Conv): ...".
#include <string>
#include <vector>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ops/registry.hpp"

namespace neo {

struct VerifyOptions {
    // Ops are checked against this registry; nullptr skips the op and inference checks.
    const OpRegistry* registry = &OpRegistry::global();
    // Require every value to be typed (dtype and ranked shape): after shape inference.
    bool require_typed = false;
    // Compare typed node outputs with the op's inference.
    bool check_inference = true;
};

// Every problem found, in a deterministic order; empty when the graph is valid.
std::vector<std::string> verify(const Graph& g, const VerifyOptions& options = {});
// The same with only the registry chosen.
std::vector<std::string> verify(const Graph& g, const OpRegistry* registry);

// UserError "<context>: graph 'main' is invalid (2 problems):\n  - ...\n  - ..." when
// verify() finds anything. `context` says where, e.g. "after pass fold_constants".
void verify_or_throw(const Graph& g, const std::string& context,
                     const VerifyOptions& options = {});

}  // namespace neo
