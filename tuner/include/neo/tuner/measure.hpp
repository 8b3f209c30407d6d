#pragma once
// Measuring a task's candidates: build each config as an artifact of the task's node
// alone (the target plugin's build()), run it in a child process (here, or on a device
// through the agent), check its outputs against the reference interpreter's, then take
// its time: the mean (and stdev) of the faster half of the timed runs, as the slower ones
// on a machine shared with other work measure that work. Every outcome is a tuning record: a config that does not build, crashes,
// times out or gives a wrong answer is an error record (never a winner).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "neo/tuner/agent/measure.hpp"
#include "neo/tuner/agent/serve.hpp"
#include "neo/tuner/task.hpp"
#include "neo/tuning_db/record.hpp"

namespace neo::tuner {

struct MeasureOptions {
    int warmup = 2;
    int repeats = 10;
    int threads = 0;          // 0: one per CPU of the machine that runs it
    int timeout_ms = 10000;   // per candidate run (load, warmup and repeats)
    // Before each run of a task's candidate, read this many MiB of other data so that the
    // candidate's weights come from memory, as in a model whose weights exceed the caches
    // (0: none; whole-model runs never flush); its inputs are then written again, as by the
    // kernel before it in a model (agent/measure.hpp). Measured here (AVX-512, 1 thread):
    // ResNet-18 tuned with 64 MiB flushes ran 1.09x as fast as the defaults, tuned without
    // them 1.01x; warm, the 512-channel 3x3 layers measured 1.13 ms alone and took 1.8 in
    // the model, so the configs found warm were not the ones that win there. With the
    // inputs written again too, 1.14x (the inputs had come from memory as well: MobileNetV2's
    // depthwise layers then took 2-3.6x their in-model time alone).
    int flush_mb = 64;
};

// Where candidates run: takes a measure request, gives its result (agent/measure.hpp).
class Runner {
public:
    virtual ~Runner() = default;
    virtual agent::Bundle run(const agent::Bundle& request) = 0;
};

// On this machine: each candidate in a new process, `measure_exe --measure DIR`.
class LocalRunner final : public Runner {
public:
    LocalRunner(std::filesystem::path measure_exe, std::filesystem::path tmp);
    agent::Bundle run(const agent::Bundle& request) override;

private:
    std::filesystem::path exe_, tmp_;
};

// On a device through its agent (neo-tune --serve).
class RemoteRunner final : public Runner {
public:
    RemoteRunner(const std::string& address, const std::string& key);
    agent::Bundle run(const agent::Bundle& request) override;
    // The agent's machine ("aarch64", ...).
    std::string machine();

private:
    agent::AgentClient client_;
};

// Measures the configs of one task.
class TaskMeasurer {
public:
    // Builds the task's one-node graph (cut out of the plugin's tuning_graph of `model`),
    // draws its inputs (seeded) and computes the reference outputs with the interpreter. `model` must outlive this object only for the call.
    TaskMeasurer(TargetPlugin& plugin, const TargetSpec& target, const Graph& model, const TaskInfo& task,
                 Runner& runner, MeasureOptions options, std::filesystem::path tmp);
    ~TaskMeasurer();
    // The record of one config (never throws for a bad candidate).
    tuning_db::Record measure(const Config& config);
    // Floating-point operations of one run of the task's kernel (0 when not known).
    double flops() const { return flops_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    double flops_ = 0;
};

}  // namespace neo::tuner
