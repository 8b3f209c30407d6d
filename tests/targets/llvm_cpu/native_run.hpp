#pragma once
// Compiling a graph with the llvm_cpu target and running it through the device runtime,
// next to the reference interpreter that every result is compared with.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"

namespace neo::test {

// A graph from IR text; inputs named in `constants` become constants with seeded random
// values; then the standard pipeline (shape propagation, folding) runs.
std::unique_ptr<Graph> make_graph(const std::string& text, const std::vector<std::string>& constants = {});
// Seeded random inputs for the graph's inputs (floats in [-1, 1], integers in [0, 5)).
std::vector<Tensor> random_inputs(const Graph& g, unsigned seed = 7);

// LINUX/X86_64 with an optional mcpu (nullopt: the generic x86-64).
TargetSpec host_target(const std::optional<std::string>& mcpu = std::nullopt);
// Builds the artifact into `dir` (created) with the llvm_cpu plugin.
void build_native(const Graph& g, const TargetSpec& target, const std::filesystem::path& dir);
// Loads an artifact with the runtime and runs it once.
std::vector<Tensor> run_native(const std::filesystem::path& dir, const std::vector<Tensor>& inputs, int threads);

// Largest |a - b| / (atol + rtol * |b|) over all elements (<= 1 means within tolerance);
// a dtype or shape mismatch gives infinity.
double tolerance_ratio(const Tensor& got, const Tensor& want, double rtol, double atol);

std::filesystem::path scratch(const std::string& name);

// For running x86-64 Windows artifacts under Wine with `neo-run --emulate`: builds the
// device runtime for x86_64-w64-mingw32 (REQUIREd to succeed) and points WINEPREFIX at a
// prefix of this build tree unless it is set. False, with a message, without the MinGW-w64
// cross compiler or Wine.
bool prepare_wine();

// Runs the artifact in `dir` with 1 and 2 threads and checks every output against `want`.
void check_native_runs(const std::filesystem::path& dir, const std::vector<Tensor>& inputs,
                       const std::vector<Tensor>& want, double rtol, double atol);

// A graph in IR text for check_graph_cases(); inputs named in `constants` become constants.
struct GraphCase {
    std::string name, text;
    std::vector<std::string> constants = {};
    double rtol = 1e-4, atol = 1e-5;
};
// Builds each case for every target (default: the generic x86-64), runs it with 1 and 2
// threads and checks each output against the reference interpreter within the case's
// tolerance.
void check_graph_cases(const std::vector<GraphCase>& cases, const std::vector<TargetSpec>& targets = {host_target()});

}  // namespace neo::test
