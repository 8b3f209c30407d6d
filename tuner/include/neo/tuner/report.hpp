#pragma once
// What neo-tune shows: a progress line per batch, the final table of tasks, and the
// convergence plot (estimated model latency against trials) as an SVG image.
#include <string>

#include "neo/tuner/in_model.hpp"
#include "neo/tuner/tuner.hpp"

namespace neo::tuner {

// "[task 3/14] Conv 1x64x56x56 -> 1x64x56x56  trials 24  current 80.2 GFLOP/s  best 95.1 GFLOP/s
//  (default 40.0)  model 12.31 ms  run 120/400  ETA 2m10s"; GFLOP/s needs `flops` > 0,
// else milliseconds are shown.
std::string progress_line(const Progress& p, double flops);

// One row per task: number, op and shape, weight, trials (errors), default and best
// time, speedup, best GFLOP/s; then the estimated model latency untuned and tuned.
std::string final_table(const TuneResult& r, const std::vector<double>& flops);

// The in-model check: one row per task measured inside the model (the default's, the
// best-alone config's and the chosen config's time alone and in the model, and the
// in-model speedup), then the sum of weight x in-model time of those tasks, default and chosen.
std::string in_model_table(const InModelResult& r, const std::vector<TaskInfo>& tasks);

// A line plot of the curve (x: trials, y: estimated model latency in ms) with axes,
// ticks and `title`.
std::string convergence_svg(const std::vector<ConvergencePoint>& curve, const std::string& title);

}  // namespace neo::tuner
