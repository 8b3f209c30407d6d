#include "run_reference.hpp"

#include <chrono>
#include <cmath>
#include <map>
#include <random>

#include "neo/core/artifact/reference_artifact.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/util/error.hpp"
#include "neo/core/util/npy.hpp"

namespace neo::run {
namespace {

// An input tensor filled as asked; random values are deterministic (seeded by position),
// the same values fill_input() gives the runtime path.
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

RunResult run_reference(const std::string& dir, const Options& o) {
    auto graph = load_reference_artifact(dir);
    Interpreter interp(*graph);

    std::map<std::string, Tensor> inputs;
    for (const auto& [name, file] : o.inputs) {
        const Value* v = graph->find_value(name);
        if (!v || !v->is_graph_input()) {
            std::string names;
            for (const Value* in : graph->inputs()) names += (names.empty() ? "" : ", ") + in->name();
            throw UserError("--input " + name + ": the model has no input of that name (inputs: " + names + ")");
        }
        inputs.insert_or_assign(name, read_npy(file));
    }
    for (std::size_t i = 0; i < graph->inputs().size(); ++i) {
        const Value* in = graph->inputs()[i];
        if (!inputs.count(in->name())) inputs.emplace(in->name(), filled(*in, o.fill, i));
    }

    std::vector<Tensor> outputs;
    for (int i = 0; i < o.warmup; ++i) interp.run(inputs);
    std::vector<double> times;
    for (int i = 0; i < o.repeat; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        outputs = interp.run(inputs);
        auto t1 = std::chrono::steady_clock::now();
        times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }

    RunResult r;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const Tensor& t = outputs[i];
        OutputTensor out;
        out.name = graph->outputs()[i]->name();
        out.dtype = static_cast<int32_t>(t.dtype());
        out.dtype_name = std::string(dtype_name(t.dtype()));
        out.shape = t.shape();
        if (t.dtype() == DType::string) {
            const auto& a = t.array<std::string>();
            out.strings.assign(a.begin(), a.end());
        } else {
            auto bytes = t.bytes();
            out.bytes.assign(bytes.begin(), bytes.end());
        }
        r.outputs.push_back(std::move(out));
    }
    r.latency = summarize(std::move(times));
    return r;
}

}  // namespace neo::run
