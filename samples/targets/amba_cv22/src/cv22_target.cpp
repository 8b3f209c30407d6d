// amba_cv22: a vendor's target plugin for Ambarella CV22 camera SoCs, built only against an
// installed neo SDK (find_package(neo CONFIG)).
//
// The Cortex-A53 cores run code from neo's CPU code generator (neo::cpu_codegen); every
// 2-D float convolution (grouped and dilated ones included) and every fully connected
// layer (Gemm without transA) runs on CVflow through the kernels of include/cv22_accel.h,
// from the device library (device/, cross-compiled for ARM64). In this sample that library
// emulates CVflow on the A53 cores.
#include <map>
#include <optional>
#include <set>
#include <string>

#include <neo/core/util/error.hpp>
#include <neo/sdk/cpu_codegen.hpp>
#include <neo/sdk/plugin.hpp>
#include <neo/sdk/plugin_files.hpp>
#include <neo/sdk/target.hpp>

#include "cv22_accel.h"

namespace {

namespace fs = std::filesystem;
using neo::cpu_codegen::OffloadKernel;

constexpr const char* kPlugin = "amba_cv22";
constexpr const char* kDeviceTriple = "aarch64-linux-gnu";
constexpr const char* kCvflowConv = "cv22_cvflow.Conv";  // ops of the CVflow tuning tasks
constexpr const char* kCvflowDense = "cv22_cvflow.Gemm";
const std::set<std::string> kDevices = {"amba_cv22", "cv22_walnut", "cv22_dashcam"};

bool f32_static(const neo::Value* v, std::size_t rank) {
    return v && v->dtype() == neo::DType::f32 && v->shape().is_static() && v->shape().rank() == rank;
}
int64_t int_attr(const neo::Node& n, const char* name, int64_t fallback) { return n.has_attr(name) ? n.attr(name).i() : fallback; }
float float_attr(const neo::Node& n, const char* name, float fallback) {
    return n.has_attr(name) ? static_cast<float>(n.attr(name).f()) : fallback;
}
std::vector<int64_t> pair_attr(const neo::Node& n, const char* name, int64_t fallback) {
    return n.has_attr(name) ? n.attr(name).ints() : std::vector<int64_t>{fallback, fallback};
}

std::optional<OffloadKernel> conv_kernel(const neo::Node& n, const nlohmann::json& schedule) {
    const neo::Value* b = n.input(2);
    if (!f32_static(n.input(0), 4) || !f32_static(n.input(1), 4) || !n.input(1)->is_constant() ||
        (b && !f32_static(b, 1)) || !f32_static(n.output(0), 4))
        return std::nullopt;
    if (n.has_attr("auto_pad") && n.attr("auto_pad").s() != "NOTSET") return std::nullopt;
    const auto s = pair_attr(n, "strides", 1), d = pair_attr(n, "dilations", 1);
    const auto p = n.has_attr("pads") ? n.attr("pads").ints() : std::vector<int64_t>{0, 0, 0, 0};
    if (s.size() != 2 || d.size() != 2 || p.size() != 4) return std::nullopt;
    return OffloadKernel{"cv22_cvflow_conv2d",
                         {int_attr(n, "group", 1), s[0], s[1], p[0], p[1], d[0], d[1],
                          schedule.value("channels_per_job", int64_t{0})},
                         {}};
}

std::optional<OffloadKernel> dense_kernel(const neo::Node& n) {
    const neo::Value* c = n.input(2);
    if (!f32_static(n.input(0), 2) || !f32_static(n.input(1), 2) || !f32_static(n.output(0), 2) ||
        int_attr(n, "transA", 0) != 0 || (c && (c->dtype() != neo::DType::f32 || !c->shape().is_static() || c->shape().rank() > 2)))
        return std::nullopt;
    return OffloadKernel{"cv22_cvflow_dense", {int_attr(n, "transB", 0)},
                         {float_attr(n, "alpha", 1.0f), float_attr(n, "beta", 1.0f)}};
}

// The CVflow kernel of a node, or nullopt for the CPU.
std::optional<OffloadKernel> cvflow_kernel(const neo::Node& n, const nlohmann::json& schedule) {
    if (!n.domain().empty() || n.num_outputs() != 1) return std::nullopt;
    if (n.op() == "Conv") return conv_kernel(n, schedule);
    if (n.op() == "Gemm") return dense_kernel(n);
    return std::nullopt;
}

neo::DeviceInfo camera(std::string name, std::string description) {
    neo::DeviceInfo d;
    d.name = std::move(name);
    d.soc = "Ambarella CV22 (4x Cortex-A53, CVflow)";
    d.os = neo::Os::linux_;
    d.arch = neo::Arch::arm64;
    d.accelerator = neo::Accelerator::nna;
    d.triple = "aarch64-linux-gnu";
    d.cpu = "cortex-a53";
    d.features = {"+neon"};
    d.description = std::move(description);
    return d;
}

class Cv22Target final : public neo::TargetPlugin {
public:
    int priority() const override { return 20; }
    std::vector<neo::DeviceInfo> extra_devices() const override {
        return {camera("cv22_walnut", "CV22 Walnut evaluation board"), camera("cv22_dashcam", "CV22 dash camera reference design")};
    }
    bool supports(const neo::TargetSpec& t) const override {
        return kDevices.count(t.device) > 0 && neo::cpu_codegen::supports(t);
    }
    // The CPU's tasks, then one per distinct CVflow workload.
    // The CPU's tasks name nodes of the graph the code generator compiles (loops unrolled).
    std::unique_ptr<neo::Graph> tuning_graph(const neo::Graph& g, const neo::TargetSpec& t) const override {
        return neo::cpu_codegen::tuning_graph(g, t, options({}));
    }
    std::vector<neo::TuningTask> tuning_tasks(const neo::Graph& g, const neo::TargetSpec& t) const override {
        std::vector<neo::TuningTask> tasks = neo::cpu_codegen::tuning_tasks(g, t, options({}));
        std::map<std::string, std::size_t> at;
        for (const neo::Node* n : g.topological_order()) {
            if (!cvflow_kernel(*n, nlohmann::json::object())) continue;
            const std::string key = neo::cpu_codegen::workload_key(*n);
            auto [it, fresh] = at.try_emplace(key, tasks.size());
            if (fresh)
                tasks.push_back({key, n->op() == "Conv" ? kCvflowConv : kCvflowDense, neo::cpu_codegen::workload(*n), {}, {}});
            tasks[it->second].nodes.push_back(n->name());
            tasks[it->second].fused.emplace_back();
        }
        return tasks;
    }
    neo::ScheduleSpace schedule_space(const neo::TuningTask& task, const neo::TargetSpec& t) const override {
        if (task.op == kCvflowConv) return {{"channels_per_job", {0, 4, 8, 16}}};
        if (task.op == kCvflowDense) return {};
        return neo::cpu_codegen::schedule_space(task, t);
    }
    bool valid(const neo::TuningTask& task, const nlohmann::json& config, const neo::TargetSpec& t) const override {
        if (task.op == kCvflowDense) return config.empty();
        if (task.op != kCvflowConv) return neo::cpu_codegen::valid(task, config, t);
        // A job of a group's channels or more is what 0 already means.
        const int64_t per_job = config.value("channels_per_job", int64_t{0});
        const auto& attrs = task.workload["attrs"];
        const int64_t group = attrs.contains("group") ? attrs["group"].get<int64_t>() : 1;
        const std::string w = task.workload["inputs"][1]["shape"].get<std::string>();  // "[M,C/g,KH,KW]"
        const int64_t channels = std::stoll(w.substr(1));
        return per_job == 0 || per_job < channels / group;
    }
    void build(const neo::Graph& g, const neo::TargetSpec& t, const neo::Schedules& s, const fs::path& out_dir) override {
        neo::cpu_codegen::build(g, t, s, out_dir, options(device_library()));
    }

private:
    static neo::cpu_codegen::Options options(fs::path library) {
        neo::cpu_codegen::Options o;
        o.target_name = kPlugin;
        o.offload = cvflow_kernel;
        if (!library.empty()) o.link_inputs = {std::move(library)};
        return o;
    }
    // Installed beside the plugin (lib/neo/plugins/<plugin>/<triple>/), else in its build tree.
    static fs::path device_library() {
        return neo::sdk::plugin_file(fs::path(kPlugin) / kDeviceTriple / "libcv22_accel.a", CV22_BUILD_TREE_LIBRARY);
    }
};

}  // namespace

NEO_DEFINE_PLUGIN(NEO_PLUGIN_TARGET, "amba_cv22", "0.1.0",
                  "Ambarella CV22: Cortex-A53 code by neo's CPU code generator, convolutions and dense layers on CVflow (emulated)",
                  Cv22Target)
