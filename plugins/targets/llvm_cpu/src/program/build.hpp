#pragma once
// The llvm_cpu build of a whole graph: lower every node to a kernel, plan the workspace,
// generate one module (kernels, the run entry point, the descriptor of model_abi.h),
// compile it for the target and write the artifact (model.so, or model.dll for Windows;
// model.params, model.json, manifest.json).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/sdk/cpu_codegen.hpp"
#include "neo/sdk/target.hpp"

namespace neo::llvm_cpu {

// The workload key of a node: op, input/output dtypes and shapes, attributes. Nodes with
// one key share a schedule (and a tuning task).
std::string workload_key(const Node& n);
nlohmann::json workload_json(const Node& n);

// A tuning task's workload: the node's, with the workloads of the pointwise chain fused in
// its kernel (epilogue.hpp) under "epilogue" when there is one.
nlohmann::json task_workload(const Node& n, const std::vector<const Node*>& epilogue);
// One task per distinct task workload (key: its JSON text), kernels over strings and
// offloaded nodes aside; TuningTask::fused names each node's chain. build_artifact looks a
// kernel's schedule up by that key (else by the node's workload_key alone).
std::vector<TuningTask> tuning_tasks(const Graph& g, const TargetSpec& target, const cpu_codegen::Options& options = {});
// The graph whose nodes tuning_tasks names (static_graph.hpp), or nullptr when that is `g`.
std::unique_ptr<Graph> tuning_graph(const Graph& g, const TargetSpec& target, const cpu_codegen::Options& options = {});
ScheduleSpace schedule_space(const TuningTask& task, const TargetSpec& target);
// TargetPlugin::valid (validity.cpp).
bool config_valid(const TuningTask& task, const nlohmann::json& config, const TargetSpec& target);

// UserError listing every node the target cannot compile, all at once. Nodes that
// options.offload hands to an accelerator call its kernels (offload.hpp).
void build_artifact(const Graph& g, const TargetSpec& target, const Schedules& schedules,
                    const std::filesystem::path& out_dir, const cpu_codegen::Options& options = {});

}  // namespace neo::llvm_cpu
