#pragma once
// neo's LLVM CPU code generator for other target plugins (link neo::cpu_codegen).
//
// A vendor's target for a SoC with CPU cores and an accelerator compiles the graph for the
// CPU cores with the same kernels, schedules and artifact as the llvm_cpu target, and hands
// the nodes its accelerator runs to its own kernels through the C interface of
// neo/runtime/offload.h: for each node, `offload` (below) says whether the accelerator
// computes it, with which kernel symbol and parameters. The kernels come from the vendor's
// device library (objects or static archives built for the device), linked into model.so.
//
//     neo::cpu_codegen::Options o;
//     o.target_name = "sitara_am57x";
//     o.offload = [](const neo::Node& n, const nlohmann::json& schedule)
//         -> std::optional<neo::cpu_codegen::OffloadKernel> { ... };
//     o.link_inputs = {device_library_for(target)};
//     neo::cpu_codegen::build(graph, target, schedules, out_dir, o);
//
// The graph the callbacks see is the one the code generator compiles: static shapes,
// constants folded. A node that is offloaded is never fused into a CPU kernel, nor a CPU
// node into it. The functions throw neo::UserError for what the user can fix (unsupported
// ops, all listed at once) and neo::InternalError otherwise.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/sdk/target.hpp"

#if defined(_WIN32)
#define NEO_CPU_CODEGEN_API
#else
#define NEO_CPU_CODEGEN_API __attribute__((visibility("default")))
#endif

namespace neo::cpu_codegen {

// One node's accelerator kernel: `int32_t symbol(const neo_offload_call*)` and the
// parameters it is called with (neo_offload_call::ints and ::floats).
struct OffloadKernel {
    std::string symbol;
    std::vector<int64_t> ints;
    std::vector<float> floats;
};

// Called once per node; `schedule` is the node's tuned config (knob -> value; empty for the
// defaults). nullopt: the CPU computes the node.
using OffloadFn = std::function<std::optional<OffloadKernel>(const Node& node, const nlohmann::json& schedule)>;

struct Options {
    // The target named in model.json ("target") and in messages.
    std::string target_name = "llvm_cpu";
    OffloadFn offload;  // empty: every node on the CPU
    // Objects or static archives built for the device, linked into model.so (where the
    // offloaded kernels' symbols are defined).
    std::vector<std::filesystem::path> link_inputs;
};

// Whether the code generator can build for this target (its OS and architecture).
NEO_CPU_CODEGEN_API bool supports(const TargetSpec& target);

// Writes the artifact (DESIGN §4: model.so, model.params, model.json, manifest.json) into
// out_dir. Same inputs (and link inputs), same bytes.
NEO_CPU_CODEGEN_API void build(const Graph& graph, const TargetSpec& target, const Schedules& schedules,
                               const std::filesystem::path& out_dir, const Options& options = {});

// The tuning tasks of the CPU kernels (offloaded nodes left out: the plugin declares its own
// tasks for them, keyed by workload_key()), their schedule spaces and config validity, as
// the llvm_cpu target declares them.
NEO_CPU_CODEGEN_API std::vector<TuningTask> tuning_tasks(const Graph& graph, const TargetSpec& target,
                                                         const Options& options = {});
// The graph those tasks name nodes of (TargetPlugin::tuning_graph): the graph rewritten as
// the code generator compiles it (control flow unrolled, channel-blocked Convs), or nullptr
// when the code generator compiles `graph` as it is.
NEO_CPU_CODEGEN_API std::unique_ptr<Graph> tuning_graph(const Graph& graph, const TargetSpec& target,
                                                        const Options& options = {});
NEO_CPU_CODEGEN_API ScheduleSpace schedule_space(const TuningTask& task, const TargetSpec& target);
NEO_CPU_CODEGEN_API bool valid(const TuningTask& task, const nlohmann::json& config, const TargetSpec& target);

// A node's workload (op, input and output dtypes and shapes, attributes) and its key: an
// offloaded node's schedule is looked up under this key, so a plugin's tuning task for it
// uses it as TuningTask::key and ::workload.
NEO_CPU_CODEGEN_API nlohmann::json workload(const Node& node);
NEO_CPU_CODEGEN_API std::string workload_key(const Node& node);

}  // namespace neo::cpu_codegen
