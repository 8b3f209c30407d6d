#pragma once
// A model's tuning tasks as the tuner sees them: the target's tasks (one per distinct
// workload: op, shapes, dtypes, layout, attributes, fused epilogue) with their weight in
// the model and their schedule space with the target's validity rule, and the one-node
// graph that measures a task alone.
#include <memory>
#include <string>
#include <vector>

#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/sdk/target.hpp"
#include "neo/tuner/space.hpp"

namespace neo::tuner {

struct TaskInfo {
    TuningTask task;
    std::size_t weight = 1;  // how many nodes of the model have this workload
    ConfigSpace space;
    std::string summary;     // task_summary()
};

// The target's tasks for the graph that have a non-empty schedule space, in the target's
// order. The plugin must outlive the result (its validity rule is kept).
std::vector<TaskInfo> model_tasks(const TargetPlugin& plugin, const Graph& graph, const TargetSpec& target);

// Keeps the tasks a --tasks list names: comma-separated 1-based positions in `tasks` or
// op names ("Conv,MatMul", "1,4"). UserError naming an item that matches nothing.
std::vector<TaskInfo> select_tasks(std::vector<TaskInfo> tasks, const std::string& list);

// A graph of the task's first node and the nodes fused in its kernel (TuningTask::fused):
// their constant inputs as constants, the others as graph inputs, the outputs no node of
// the task reads as the graph's outputs. UserError when a node is missing.
std::unique_ptr<Graph> task_graph(const Graph& graph, const TuningTask& task);

// "Conv 1x64x56x56 -> 1x128x28x28": the op, its first input's and first output's shape.
std::string task_summary(const TuningTask& task);

}  // namespace neo::tuner
