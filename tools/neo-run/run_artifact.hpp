#pragma once
// Loading an artifact and running it repeatedly with timing, for neo-run.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "neo/core/ir/tensor.hpp"

namespace neo::tools {

struct RunOptions {
    std::map<std::string, std::filesystem::path> input_files;  // name -> .npy
    std::string fill = "random";                               // zeros | ones | random
    int repeat = 1;
    int warmup = 0;
};

struct Latency {
    double mean_ms = 0, median_ms = 0, p90_ms = 0, p99_ms = 0, min_ms = 0, max_ms = 0;
};

struct RunResult {
    std::vector<std::string> output_names;
    std::vector<Tensor> outputs;
    Latency latency;
};

// Runs the artifact in `dir`. UserError on a bad artifact, a missing/mismatched input
// file, an unknown input name or an artifact this build cannot run.
RunResult run_artifact(const std::filesystem::path& dir, const RunOptions& opts);

// Summary statistics of per-run times in milliseconds (nearest-rank percentiles).
Latency summarize(std::vector<double> times_ms);

}  // namespace neo::tools
