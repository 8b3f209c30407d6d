#pragma once
// The compile driver behind neo-build (and, later, compilation jobs): validate the
// target, choose the target plugin, load the model with a frontend plugin, run the
// pass pipeline, and let the target write the artifact. Everything the user typed
// is validated before any work starts.
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/plugin/host.hpp"
#include "neo/sdk/target.hpp"

namespace neo {

// Chooses the schedule of each tuning task of the graph for the target (e.g. from tuning
// records); a task left out of the result uses the target's default schedule. The plugin
// is the one that builds, for its schedule spaces.
using ScheduleProvider = std::function<Schedules(const std::vector<TuningTask>& tasks,
                                                 const TargetSpec& target, const TargetPlugin& plugin)>;

struct CompileRequest {
    std::vector<std::filesystem::path> model_files;
    std::optional<std::string> framework;        // ONNX, TFLITE, ...; inferred when absent
    std::optional<std::string> input_shapes;     // DataInputConfig JSON text
    std::optional<std::string> target_device;
    std::optional<std::string> target_platform;  // JSON text
    std::optional<std::string> compiler_options; // JSON text
    std::optional<std::string> target_plugin;    // force a target plugin by name
    std::filesystem::path output_dir;
    std::optional<std::string> dump_ir;          // "after=<pass>" / "all"
    std::ostream* dump_out = nullptr;
    // When set, the driver asks it for the schedules of the target's tuning tasks;
    // otherwise every task uses its default schedule.
    ScheduleProvider schedules;
};

struct CompileResult {
    TargetSpec target;
    std::string target_plugin;
    std::string frontend_plugin;
    std::filesystem::path output_dir;
};

// Framework names of --framework, as the service spells them.
const std::vector<std::string>& known_frameworks();

// The catalog: the built-in devices plus those the loaded target plugins add.
DeviceCatalog full_catalog(PluginHost& host);

// The target plugin serving `target`: the one named (UserError when it does not
// support the target), else the highest-priority loaded target plugin supporting it
// (ties broken by name). UserError when none does.
struct ChosenTarget {
    std::string name;
    std::shared_ptr<TargetPlugin> plugin;
};
ChosenTarget choose_target_plugin(PluginHost& host, const TargetSpec& target,
                                  const std::optional<std::string>& forced = std::nullopt);

// Validates the request (target, options, input shapes, framework, files, output
// directory) without loading the model. UserError with a specific message.
TargetSpec validate_request(const CompileRequest& req, PluginHost& host);

// As validate_request, without the output directory (for tools that load a model without
// writing an artifact, such as the tuner).
TargetSpec validate_model_request(const CompileRequest& req, PluginHost& host);

// A model loaded by its frontend and run through the pass pipeline: what the target
// plugin builds (and tunes) for the target.
struct PreparedModel {
    TargetSpec target;
    ChosenTarget plugin;
    std::string frontend_plugin;
    std::unique_ptr<Graph> graph;
};
// Validates the request (validate_model_request), loads the model and runs the pipeline.
PreparedModel prepare_model(const CompileRequest& req, PluginHost& host);

// Runs the whole compilation. UserError on bad input.
CompileResult compile_model(const CompileRequest& req, PluginHost& host);

}  // namespace neo
