#pragma once
// The in-model check: a kernel measured alone (its node as a one-node model) can be faster
// or slower than the same kernel inside the whole model, where its neighbours leave the
// caches in another state. So after the search each task's best configs are built into the
// whole model and run there, and a task keeps a config only where the model's profile shows
// its kernel faster than the default's.
//
// Models: model 0 takes every task's default schedule; model j (1..k) gives every task its
// j-th best config by time alone among those faster alone than its default (the default
// where it has fewer), so that one model measures a candidate of many tasks at once, each
// kernel's time read separately from the profile. Configs of the task that an earlier check
// measured in the model are added to its candidates, so that all its in-model costs come
// from the same rounds.
// Rounds: every model runs once per round, in reversed order every other round, so that
// a drift of the machine weighs on all alike. A run's time of a task is the mean, over its
// nodes, of their kernel's time (the mean of the faster half of the profiled runs).
// Result: a config's in-model cost is the median over its runs; every config measured so
// (each task's default included) gets it as its record's model_cost in the store, and a
// compilation then takes the lowest (tuning_db::choice_rank_less): a config that lost to
// the default inside the model, or beat it there by less than tuning_db::kInModelMargin, is
// not chosen, whatever its time alone.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "neo/tuner/measure.hpp"
#include "neo/tuner/task.hpp"
#include "neo/tuning_db/record_store.hpp"

namespace neo::tuner {

// One run of a whole model: seconds of each node's kernel (node name -> seconds per run),
// or why it failed.
struct ModelRun {
    bool ok = false;
    std::string message;
    std::map<std::string, double> node_seconds;
};

// Runs model `model` (0: the defaults), built with `schedules` (task key -> config).
using ModelMeasureFn = std::function<ModelRun(std::size_t model, const Schedules& schedules)>;

struct InModelOptions {
    std::size_t rounds = 5;      // 0: no check
    std::size_t candidates = 3;  // best configs per task (k)
};

struct InModelTask {
    std::size_t index = 0;            // into the tasks given
    std::size_t candidates = 0;       // configs set against the default
    double default_alone = 0, default_model = 0;  // seconds
    nlohmann::json chosen = nlohmann::json::object();  // lowest in-model cost ({}: the default)
    double chosen_alone = 0, chosen_model = 0;
    nlohmann::json best_alone = nlohmann::json::object();  // the search's best config
    double best_alone_cost = 0;       // its time alone
    double best_alone_model = 0;      // its in-model cost (0 when it was not measured there)
};

struct InModelResult {
    std::vector<InModelTask> tasks;   // the tasks measured inside the model
    std::size_t models = 0, rounds = 0;
    std::vector<std::string> notes;   // models that failed, and why
    std::string failure;              // why nothing was recorded (the default model failed)
};

InModelResult check_in_model(const std::vector<TaskInfo>& tasks, tuning_db::RecordStore& store,
                             const std::string& target_key, const ModelMeasureFn& measure,
                             const InModelOptions& options);

// The final check: the whole model built with the schedules a compilation now takes
// (`tuned`, as model `index`, a number the check did not use) against the defaults (model
// 0), run in turn `rounds` times (the order reversed every other round). A run's time is
// the sum of its kernels' times; each side's is the median over its rounds. The tasks'
// choices were made one by one, so this is where their combination shows.
struct WholeModelResult {
    std::size_t rounds = 0;            // rounds in which both ran
    double default_seconds = 0, tuned_seconds = 0;
    std::string failure;               // why it was not measured (a model failed)
};
WholeModelResult compare_whole_model(const ModelMeasureFn& measure, std::size_t index, const Schedules& tuned,
                                     std::size_t rounds);

// Measures whole models as neo-build builds them (the target plugin's build() of the
// prepared graph with a Schedules map), each built once and run through `runner` in a child
// process with the same drawn inputs, profiled step by step. Every model's outputs must
// match model 0's (the defaults), else the run fails.
class ModelMeasurer {
public:
    ModelMeasurer(TargetPlugin& plugin, const TargetSpec& target, const Graph& model, Runner& runner,
                  MeasureOptions options, std::filesystem::path tmp);
    ~ModelMeasurer();
    ModelRun measure(std::size_t model, const Schedules& schedules);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace neo::tuner
