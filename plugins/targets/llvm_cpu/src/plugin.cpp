// The llvm_cpu target plugin: native code for the CPUs of the catalog (x86-64, x86,
// ARM64, ARMv7) on Linux, Android (model.so) and Windows (model.dll), ahead of the
// reference target. The code generator itself is libneo_cpu_codegen
// (neo/sdk/cpu_codegen.hpp), which vendors' targets reuse.
#include "neo/sdk/cpu_codegen.hpp"
#include "neo/sdk/plugin.hpp"
#include "neo/sdk/target.hpp"

namespace {

class LlvmCpuTarget final : public neo::TargetPlugin {
public:
    int priority() const override { return 10; }
    // Every Linux, Android and Windows device's CPU, accelerator or not (the CPU side of a
    // Jetson or an RK3399 until a target for its accelerator is loaded with a higher
    // priority).
    bool supports(const neo::TargetSpec& t) const override { return neo::cpu_codegen::supports(t); }
    std::vector<neo::TuningTask> tuning_tasks(const neo::Graph& g, const neo::TargetSpec& t) const override {
        return neo::cpu_codegen::tuning_tasks(g, t);
    }
    std::unique_ptr<neo::Graph> tuning_graph(const neo::Graph& g, const neo::TargetSpec& t) const override {
        return neo::cpu_codegen::tuning_graph(g, t);
    }
    neo::ScheduleSpace schedule_space(const neo::TuningTask& task, const neo::TargetSpec& t) const override {
        return neo::cpu_codegen::schedule_space(task, t);
    }
    bool valid(const neo::TuningTask& task, const nlohmann::json& config, const neo::TargetSpec& t) const override {
        return neo::cpu_codegen::valid(task, config, t);
    }
    void build(const neo::Graph& g, const neo::TargetSpec& t, const neo::Schedules& s,
               const std::filesystem::path& out_dir) override {
        neo::cpu_codegen::build(g, t, s, out_dir);
    }
};

}  // namespace

NEO_DEFINE_PLUGIN(NEO_PLUGIN_TARGET, "llvm_cpu", "0.1.0",
                  "native code for x86-64, x86, ARM64 and ARMv7 CPUs (Linux, Android, Windows) through LLVM 16, run by the device runtime",
                  LlvmCpuTarget)
