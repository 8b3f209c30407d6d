#pragma once
// The target a conformance run goes through: any loaded target plugin, for this machine
// (Linux x86-64, generic CPU) or for a named device or platform. A case's graph is built
// into an artifact with that plugin, then run: a reference artifact by the interpreter, a
// native one by the runtime here when it is for this machine's architecture, otherwise
// under qemu-user through `neo-run --emulate` (the neo-run beside neo-conformance).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"

namespace neo::conformance {

struct ConformanceTarget {
    std::string plugin = "reference";
    TargetSpec spec;
};

// Resolves --target, --target-device and --target-platform (at most one of the last two;
// neither: Linux x86-64). UserError for an unknown plugin or device, or a plugin that does
// not support the target.
ConformanceTarget resolve_conformance_target(const std::string& plugin, const std::optional<std::string>& device,
                                             const std::optional<std::string>& platform);

// Builds `graph` with the target into `work_dir` (empty) and runs it on each input set;
// the outputs of each run.
std::vector<std::vector<Tensor>> execute(const ConformanceTarget& target, const Graph& graph,
                                         const std::vector<std::vector<Tensor>>& input_sets,
                                         const std::filesystem::path& work_dir);

}  // namespace neo::conformance
