#pragma once
// The pass manager: a straight, readable list of named graph passes (Halide's lowering
// script style). `--dump-ir after=<pass>` prints the graph after a pass; with
// verification on, the IR verifier runs after every pass and names the pass that
// broke the graph.
#include <functional>
#include <iosfwd>
#include <set>
#include <string>
#include <vector>

#include "neo/core/ir/graph.hpp"

namespace neo {

// A pass rewrites the graph in place and returns whether it changed anything.
using PassFn = std::function<bool(Graph&)>;

struct PassEntry {
    std::string name;         // e.g. "constant-folding"
    std::string description;
    PassFn run;
};

class PassManager {
public:
    PassManager& add(std::string name, std::string description, PassFn run);
    const std::vector<PassEntry>& passes() const { return passes_; }

    // Parses a --dump-ir value: "after=<pass>[,<pass>...]", "after=all" or "all".
    // UserError naming the unknown pass and listing the pipeline's passes.
    void set_dump(const std::string& spec, std::ostream* out);
    // Runs the IR verifier after every pass (on by default).
    void set_verify(bool on) { verify_ = on; }

    // Runs every pass in order. Returns whether any pass changed the graph.
    bool run(Graph& g) const;

private:
    std::vector<PassEntry> passes_;
    std::set<std::string> dump_after_;
    bool dump_all_ = false;
    std::ostream* dump_out_ = nullptr;
    bool verify_ = true;
};

// The compile pipeline every target starts from:
// shape-propagation, constant-folding, fold-batch-norm, dead-code-elimination,
// shape-propagation.
PassManager standard_pipeline();

}  // namespace neo
