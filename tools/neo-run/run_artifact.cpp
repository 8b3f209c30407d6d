#include "run_artifact.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

#include "neo/core/artifact/artifact.hpp"
#include "neo/core/artifact/reference_artifact.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/util/error.hpp"
#include "neo/core/util/npy.hpp"

namespace neo::tools {
namespace {

// An input tensor filled as asked; random values are deterministic (seeded by position).
Tensor filled(const Value& in, const std::string& fill, std::size_t index) {
    if (!in.shape().is_static())
        throw UserError("input '" + in.name() + "' has the dynamic shape " + in.shape().str() +
                        "; give it with --input " + in.name() + "=FILE.npy");
    Tensor t = Tensor::zeros(DType::f64, in.shape().static_dims());
    auto& a = t.array<double>();
    if (fill == "ones") {
        std::fill(a.begin(), a.end(), 1.0);
    } else if (fill == "random") {
        std::mt19937 rng(static_cast<unsigned>(1234 + index));
        std::uniform_real_distribution<double> dist(0.0, 1.0);
        bool integral = !is_float(in.dtype());
        for (double& v : a) v = integral ? std::floor(dist(rng) * 10.0) : dist(rng);
    }
    return t.cast(in.dtype());
}

}  // namespace

Latency summarize(std::vector<double> t) {
    Latency l;
    if (t.empty()) return l;
    std::sort(t.begin(), t.end());
    auto rank = [&](double p) {
        auto k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(t.size())));
        return t[std::clamp<std::size_t>(k, 1, t.size()) - 1];
    };
    l.mean_ms = std::accumulate(t.begin(), t.end(), 0.0) / static_cast<double>(t.size());
    l.median_ms = t.size() % 2 ? t[t.size() / 2] : (t[t.size() / 2 - 1] + t[t.size() / 2]) / 2;
    l.p90_ms = rank(0.90);
    l.p99_ms = rank(0.99);
    l.min_ms = t.front();
    l.max_ms = t.back();
    return l;
}

RunResult run_artifact(const std::filesystem::path& dir, const RunOptions& opts) {
    nlohmann::json model = read_json(dir / "model.json");
    std::string plugin = model.value("/target/plugin"_json_pointer, std::string("?"));
    if (plugin != "reference")
        throw UserError((dir / "model.json").string() + ": built by target plugin '" + plugin +
                        "'; this neo-run runs reference artifacts only (build with "
                        "--target-plugin reference)");
    auto graph = load_reference_artifact(dir);
    Interpreter interp(*graph);

    std::map<std::string, Tensor> inputs;
    for (const auto& [name, file] : opts.input_files) {
        const Value* v = graph->find_value(name);
        if (!v || !v->is_graph_input()) {
            std::string names;
            for (const Value* in : graph->inputs()) names += (names.empty() ? "" : ", ") + in->name();
            throw UserError("--input " + name + ": the model has no input of that name (inputs: " +
                            names + ")");
        }
        inputs.emplace(name, read_npy(file));
    }
    for (std::size_t i = 0; i < graph->inputs().size(); ++i) {
        const Value* in = graph->inputs()[i];
        if (!inputs.count(in->name())) inputs.emplace(in->name(), filled(*in, opts.fill, i));
    }

    RunResult r;
    for (int i = 0; i < opts.warmup; ++i) interp.run(inputs);
    std::vector<double> times;
    for (int i = 0; i < std::max(opts.repeat, 1); ++i) {
        auto t0 = std::chrono::steady_clock::now();
        r.outputs = interp.run(inputs);
        auto t1 = std::chrono::steady_clock::now();
        times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    for (const Value* o : graph->outputs()) r.output_names.push_back(o->name());
    r.latency = summarize(std::move(times));
    return r;
}

}  // namespace neo::tools
