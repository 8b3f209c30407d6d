#pragma once
// What a run of an artifact gives back, whichever engine ran it (the runtime for native
// artifacts, core's interpreter for reference ones), and how neo-run reports it.
#include <cstdint>
#include <string>
#include <vector>

#include "options.hpp"

namespace neo::run {

struct OutputTensor {
    std::string name;
    int32_t dtype = 0;       // enum neo_dtype (neo's IR numbering)
    std::string dtype_name;  // "f32", ...
    std::vector<int64_t> shape;
    std::vector<uint8_t> bytes;        // row-major, little-endian (not for strings)
    std::vector<std::string> strings;  // string outputs: the elements as UTF-8
};

struct Latency {
    double mean_ms = 0, median_ms = 0, p90_ms = 0, p99_ms = 0, min_ms = 0, max_ms = 0;
};

// One compiled kernel's share of a run (--profile).
struct StepTime {
    std::string name, node, op;
    double flops = 0;
    double mean_ms = 0;  // over the timed runs
};

struct RunResult {
    std::vector<OutputTensor> outputs;
    Latency latency;
    std::vector<StepTime> profile;  // in run order; empty without --profile
};

// Summary statistics of per-run times in milliseconds (nearest-rank percentiles).
Latency summarize(std::vector<double> times_ms);

// Writes outputs as D/output_<i>.npy when --output-dir is given, then prints the text
// report or the --json object to stdout.
void report(const RunResult& r, const Options& o);

}  // namespace neo::run
