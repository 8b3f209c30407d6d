#pragma once
// The tuning loop over a model's tasks.
//
// Budget: `trials` measurements over all the tasks given, the records an earlier run left
// in the store included (a resumed run measures only the rest, and never a config the
// store has). Each task first measures its default schedule ({}), the baseline, then
// configs of its strategy in batches. After a first batch for every task, the next batch
// goes to the task with the largest expected gain: its weight x its best cost (its share
// of the model's time, the headroom) x (0.1 + its relative improvement over its last two
// batches), so that tasks that take much of the model's time, and those still improving,
// get the trials.
// A task stops when its space has nothing left to propose, or after `early_stopping`
// trials without a better cost.
//
// Verification: when the run measured anything, each task's default and its `verify` best
// configs are measured again (twice, interleaved, outside the budget) and keep the mean of
// those measurements: the best of many noisy measurements is biased towards luck.
//
// Transfer: a task with no records of its own starts, after its baseline, with the best
// configs of the same workload on other targets and of the nearest workloads of the same
// op on this target (tuning_db::workload_distance) that are valid in its space.
//
// Deterministic: one seed, the same measurements -> the same configs in the same order.
#include <functional>
#include <limits>
#include <vector>

#include "neo/tuner/search.hpp"
#include "neo/tuner/task.hpp"
#include "neo/tuning_db/record_store.hpp"

namespace neo::tuner {

struct TuneOptions {
    std::size_t trials = 200;
    std::size_t early_stopping = 0;  // 0: never
    std::size_t batch = 8;
    uint64_t seed = 0;
    std::string strategy = "evolution";
    std::size_t verify = 2;          // configs per task measured again at the end (0: none)
};

// Measures configs of task `task` (an index into the tasks given to tune()); one record
// per config, in order.
using MeasureFn = std::function<std::vector<tuning_db::Record>(std::size_t task, const std::vector<Config>& configs)>;

struct TaskStatus {
    std::size_t index = 0, count = 0;    // this task, of count
    const TaskInfo* task = nullptr;
    std::size_t trials = 0;              // measured configs of the task (earlier runs included)
    std::size_t errors = 0;              // of which failed
    double default_cost = 0;             // seconds; 0 when unknown
    double best_cost = 0;                // seconds; 0 when nothing valid yet
    double last_cost = 0;                // the best of the last batch; 0 when none
    nlohmann::json best_config;
    bool stopped = false;
};

struct Progress {
    TaskStatus task;                     // the task just measured
    std::size_t used = 0, budget = 0;    // trials of the whole run
    double model_latency = 0;            // estimated: sum of weight x best (else default) cost
    double eta_seconds = 0;              // for the rest of the budget at this run's pace
};

struct ConvergencePoint {
    std::size_t trials = 0;
    double latency = 0;                  // estimated model latency in seconds
};

struct TuneResult {
    std::vector<TaskStatus> tasks;
    std::vector<ConvergencePoint> curve;  // after each batch, once every task has a measurement
    std::size_t measured = 0;            // trials this run measured
};

TuneResult tune(const std::vector<TaskInfo>& tasks, tuning_db::RecordStore& store, const std::string& target_key,
                const MeasureFn& measure, const TuneOptions& options,
                const std::function<void(const Progress&)>& progress = {});

}  // namespace neo::tuner
