#pragma once
// Choosing each tuning task's schedule for a compilation from a record store.
//
// For each task, in order:
//  1. record:    the best valid record of the task's workload on this target whose config
//                fits the task's schedule space, best in choice_rank_less order: once the
//                tuner measured the workload's configs inside the whole model, the lowest
//                model_cost (the default's record, config {}, included: a config that lost
//                to it there is never chosen, nor one ahead of it there by less than
//                kInModelMargin), else the lowest cost_mean;
//  2. neighbour: else the best record of the nearest tuned workload of the same op on this
//                target whose config fits the task's schedule space;
//  3. default:   else no schedule: the target plugin's default (the task is "untuned").
//
// "Fits the schedule space": the config is a JSON object, each key names a knob of the
// space and each value is one of that knob's choices (knobs left out keep their default).
//
// "Nearest": both workloads have "inputs" and "outputs" lists of tensors with "dtype" and
// "shape" (a list of dims, or its text "[1,3,224,224]"); a candidate must have the same
// number of inputs and outputs, and at each position the same presence, dtype and rank.
// Its distance is the sum over those tensors of |ln(volume a) - ln(volume b)| (volume: the
// product of the dims, at least 1); the smallest distance wins, ties by workload key.
// Workloads without such lists have no neighbours.
//
// Records count only when measured at the thread count the model is built for
// (target_key(target, threads)): a config that wins on one thread can lose on two.
#include <functional>
#include <string>
#include <vector>

#include "neo/sdk/target.hpp"
#include "neo/tuning_db/record_store.hpp"

namespace neo::tuning_db {

enum class ScheduleSource { record, neighbour, untuned };

struct TaskSchedule {
    std::string task_key;
    std::string op;
    std::vector<std::string> nodes;
    ScheduleSource source = ScheduleSource::untuned;
    Record record;          // the record used (record, neighbour); empty when untuned
};

struct ScheduleChoice {
    std::string target_key;
    Schedules schedules;             // task key -> config, for TargetPlugin::build
    std::vector<TaskSchedule> tasks; // one per task, in the tasks' order
    // The other thread counts (0: the default, every CPU) at which the store holds records
    // of a task left untuned here, ascending: what to build for to use them.
    std::vector<int> other_threads;
};

using SpaceOf = std::function<ScheduleSpace(const TuningTask&)>;

ScheduleChoice choose_schedules(const RecordStore& store, const std::vector<TuningTask>& tasks,
                                const TargetSpec& target, const SpaceOf& space_of, int threads = 0);

// Whether `config` fits `space` (see above).
bool fits_space(const nlohmann::json& config, const ScheduleSpace& space);

// The distance of two workloads as defined above, or nullopt when they are not comparable.
std::optional<double> workload_distance(const nlohmann::json& a, const nlohmann::json& b);

// Lines for the user: how many tasks used a record, a neighbour's record or the default
// (untuned), then one line per task with its op, nodes and where its schedule came from.
std::string describe(const ScheduleChoice& choice);

}  // namespace neo::tuning_db
