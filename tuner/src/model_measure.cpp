// ModelMeasurer (in_model.hpp): whole models built once, run in a child process, their
// profile read per node.
#include <algorithm>
#include <sstream>

#include "measure_util.hpp"
#include "neo/core/util/error.hpp"
#include "neo/tuner/in_model.hpp"

namespace neo::tuner {
namespace fs = std::filesystem;

struct ModelMeasurer::Impl {
    TargetPlugin& plugin;
    TargetSpec target;
    const Graph& graph;
    Runner& runner;
    MeasureOptions options;
    fs::path tmp;
    std::vector<Tensor> inputs;
    std::map<std::size_t, agent::Bundle> built;  // model -> its request
    std::map<std::size_t, std::string> build_errors;
    std::vector<Tensor> reference;               // model 0's outputs, once it ran
    bool reference_taken = false;

    // The request of a model: its artifact's files, the inputs and the run's options.
    const agent::Bundle* request(std::size_t model, const Schedules& schedules, std::string& why) {
        if (auto e = build_errors.find(model); e != build_errors.end()) {
            why = e->second;
            return nullptr;
        }
        if (auto it = built.find(model); it != built.end()) return &it->second;
        const fs::path dir = tmp / ("model-" + std::to_string(model));
        fs::remove_all(dir);
        fs::create_directories(dir);
        agent::Bundle r;
        try {
            plugin.build(graph, target, schedules, dir);
            for (const auto& e : fs::directory_iterator(dir))
                if (e.is_regular_file()) r["file:" + e.path().filename().string()] = detail::read_file(e.path());
        } catch (const std::exception& e) {
            fs::remove_all(dir);
            why = build_errors[model] = std::string("it does not build: ") + e.what();
            return nullptr;
        }
        fs::remove_all(dir);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            auto b = inputs[i].bytes();
            r["input:" + std::to_string(i)] = std::string(reinterpret_cast<const char*>(b.data()), b.size());
        }
        r["warmup"] = std::to_string(options.warmup);
        r["repeats"] = std::to_string(options.repeats);
        r["threads"] = std::to_string(options.threads);
        r["timeout_ms"] = std::to_string(options.timeout_ms);
        return &(built[model] = std::move(r));
    }
};

ModelMeasurer::ModelMeasurer(TargetPlugin& plugin, const TargetSpec& target, const Graph& model, Runner& runner,
                             MeasureOptions options, fs::path tmp)
    : impl_(new Impl{plugin, target, model, runner, options, std::move(tmp), {}, {}, {}, {}, false}) {
    std::mt19937_64 rng(0x6e656f);
    for (const Value* v : model.inputs()) impl_->inputs.push_back(detail::random_input(*v, rng));
}

ModelMeasurer::~ModelMeasurer() = default;

ModelRun ModelMeasurer::measure(std::size_t model, const Schedules& schedules) {
    Impl& m = *impl_;
    ModelRun run;
    const agent::Bundle* request = m.request(model, schedules, run.message);
    if (!request) return run;
    agent::Bundle result;
    try {
        result = m.runner.run(*request);
    } catch (const agent::ProtocolError& e) {
        throw UserError(std::string("measuring agent: ") + e.what());
    }
    if (result["status"] != "ok") {
        run.message = "it did not run (" + result["status"] + "): " + result["message"];
        return run;
    }
    // Outputs: model 0's are the reference of the others (when their shapes are static).
    const auto& outputs = m.graph.outputs();
    if (model == 0 && !m.reference_taken) {
        m.reference_taken = true;
        const bool all_static =
            std::all_of(outputs.begin(), outputs.end(), [](const Value* v) { return v->shape().is_static(); });
        for (std::size_t i = 0; all_static && i < outputs.size(); ++i) {
            const Value& v = *outputs[i];
            Tensor shape_of = Tensor::zeros(v.dtype(), v.shape().static_dims());
            std::string why;
            auto t = detail::result_output(result, i, shape_of, why);
            if (!t) {
                run.message = why;
                return run;
            }
            m.reference.push_back(std::move(*t));
        }
    } else {
        for (std::size_t i = 0; i < m.reference.size(); ++i) {
            std::string why;
            if (auto got = detail::result_output(result, i, m.reference[i], why))
                why = detail::mismatch(m.reference[i], *got, "the model with the default schedules");
            if (!why.empty()) {
                run.message = "output " + std::to_string(i) + ": " + why;
                return run;
            }
        }
    }
    // The profile: per step, its node and its time in every timed run.
    std::vector<std::string> nodes;
    std::istringstream ns(result["step_nodes"]);
    for (std::string line; std::getline(ns, line);) nodes.push_back(line);
    std::vector<std::vector<double>> per_step(nodes.size());
    std::istringstream ts(result["step_times"]);
    for (std::string line; std::getline(ts, line);) {
        std::istringstream row(line);
        std::size_t s = 0;
        for (double t; row >> t && s < per_step.size(); ++s) per_step[s].push_back(t);
    }
    if (nodes.empty() || per_step.front().empty()) {
        run.message = "the measuring process returned no step times (an agent older than this neo-tune: rebuild it)";
        return run;
    }
    for (std::size_t s = 0; s < nodes.size(); ++s)
        if (!nodes[s].empty()) run.node_seconds[nodes[s]] += detail::faster_half(per_step[s]).mean;
    run.ok = true;
    return run;
}

}  // namespace neo::tuner
