#pragma once
// The target plugin interface: which devices it serves, its tuning tasks and schedule
// spaces, and build(graph, target, schedules) -> artifact files.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/device.hpp"
#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/ir/graph.hpp"

namespace neo {

// One tunable workload of a graph (op kind + shapes + dtypes + layout + the pointwise ops
// fused into its kernel).
struct TuningTask {
    std::string key;           // canonical workload key, stable across runs
    std::string op;            // e.g. "Conv"
    nlohmann::json workload;   // shapes, dtypes, layout, attributes, fused epilogue
    std::vector<std::string> nodes;  // names of the graph's nodes with this workload
    // Per node of `nodes` (same order; may be left empty): the nodes the target applies in
    // that node's kernel, in order (an epilogue such as Conv's Add and Relu). The tuner
    // measures a task as its first node with these.
    std::vector<std::vector<std::string>> fused;
};

// A schedule knob and its candidate values.
struct Knob {
    std::string name;                    // e.g. "tile_oc"
    std::vector<nlohmann::json> choices;
};
using ScheduleSpace = std::vector<Knob>;
// Chosen schedule per task key (knob name -> value); a missing task uses the default.
using Schedules = std::map<std::string, nlohmann::json>;

class TargetPlugin {
public:
    virtual ~TargetPlugin() = default;
    // Among loaded targets supporting a device, the highest priority serves it. The
    // reference target has 0 and the generic CPU target (llvm_cpu) 10; a target for an
    // accelerator or a vendor's device should be above 10 so that it serves its device.
    virtual int priority() const = 0;
    // Devices this target adds to the catalog (in addition to the built-in ones).
    virtual std::vector<DeviceInfo> extra_devices() const { return {}; }
    // Whether this target can build for the resolved target.
    virtual bool supports(const TargetSpec& target) const = 0;
    virtual std::vector<TuningTask> tuning_tasks(const Graph& graph,
                                                 const TargetSpec& target) const {
        return {};
    }
    // The graph whose nodes tuning_tasks(graph, target) names, when the target rewrites the
    // graph before compiling it (its nodes then differ from the model's); nullptr: `graph`
    // itself. The tuner cuts each task's nodes out of this graph to measure them alone.
    virtual std::unique_ptr<Graph> tuning_graph(const Graph& graph, const TargetSpec& target) const {
        return nullptr;
    }
    virtual ScheduleSpace schedule_space(const TuningTask& task,
                                         const TargetSpec& target) const {
        return {};
    }
    // Whether a config of the task's schedule space (knob name -> one of its choices; a
    // knob left out keeps its default) is worth building: false for a config the target
    // would not build as asked (e.g. a register tile larger than the register file, a
    // block larger than the axis it cuts) or that builds the same kernel as another config
    // of the space (a knob the chosen kernel does not read set to other than its first
    // choice). The tuner measures only valid configs; {} (the defaults) is always valid.
    virtual bool valid(const TuningTask& task, const nlohmann::json& config,
                       const TargetSpec& target) const {
        return true;
    }
    // Writes the artifact (DESIGN §4) into `out_dir`, which exists and is empty.
    // Throws UserError when the graph cannot be built for this target.
    virtual void build(const Graph& graph, const TargetSpec& target,
                       const Schedules& schedules, const std::filesystem::path& out_dir) = 0;
};

}  // namespace neo
