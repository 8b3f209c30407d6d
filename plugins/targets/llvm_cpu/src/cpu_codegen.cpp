// neo/sdk/cpu_codegen.hpp: the code generator's entry points for target plugins (this
// target's own plugin.cpp and vendors' plugins), exported by libneo_cpu_codegen.
#include "neo/sdk/cpu_codegen.hpp"

#include "program/build.hpp"

namespace neo::cpu_codegen {

bool supports(const TargetSpec& t) { return t.os == Os::linux_ || t.os == Os::android || t.os == Os::windows; }

void build(const Graph& graph, const TargetSpec& target, const Schedules& schedules,
           const std::filesystem::path& out_dir, const Options& options) {
    llvm_cpu::build_artifact(graph, target, schedules, out_dir, options);
}

std::vector<TuningTask> tuning_tasks(const Graph& graph, const TargetSpec& target, const Options& options) {
    return llvm_cpu::tuning_tasks(graph, target, options);
}

std::unique_ptr<Graph> tuning_graph(const Graph& graph, const TargetSpec& target, const Options& options) {
    return llvm_cpu::tuning_graph(graph, target, options);
}

ScheduleSpace schedule_space(const TuningTask& task, const TargetSpec& target) {
    return llvm_cpu::schedule_space(task, target);
}

bool valid(const TuningTask& task, const nlohmann::json& config, const TargetSpec& target) {
    return llvm_cpu::config_valid(task, config, target);
}

nlohmann::json workload(const Node& node) { return llvm_cpu::workload_json(node); }

std::string workload_key(const Node& node) { return llvm_cpu::workload_key(node); }

}  // namespace neo::cpu_codegen
