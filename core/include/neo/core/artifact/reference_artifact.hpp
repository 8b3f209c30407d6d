#pragma once
// The reference target's artifact: model.json + model.graph (the graph in IR text,
// its constants turned into named parameters) + model.params + manifest.json.
// It is run by the reference interpreter; every native target is tested against it.
#include <filesystem>
#include <memory>

#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/ir/graph.hpp"

namespace neo {

// Writes the artifact into `dir` (created if needed). Deterministic.
void write_reference_artifact(const Graph& g, const TargetSpec& target,
                              const std::filesystem::path& dir);

// Verifies the manifest digests and rebuilds the graph. UserError naming the file
// when the artifact is missing, corrupt or of another target / format version.
std::unique_ptr<Graph> load_reference_artifact(const std::filesystem::path& dir);

}  // namespace neo
