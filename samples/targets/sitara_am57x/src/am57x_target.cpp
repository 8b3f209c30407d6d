// sitara_am57x: a vendor's target plugin for TI Sitara AM57x boards, built only against an
// installed neo SDK (find_package(neo CONFIG)).
//
// The graph is compiled for the Cortex-A15 cores by neo's CPU code generator
// (neo::cpu_codegen) with the A15's features; 2-D float convolutions (one group, kernels up
// to 7x7) and max pooling go to the EVE vision engines through the kernels of
// include/am57x_accel.h, which the device library (device/, cross-compiled for ARMv7-hf)
// provides. In this sample that library emulates the EVE on the ARM cores.
#include <algorithm>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include <neo/core/util/error.hpp>
#include <neo/sdk/cpu_codegen.hpp>
#include <neo/sdk/plugin.hpp>
#include <neo/sdk/plugin_files.hpp>
#include <neo/sdk/target.hpp>

#include "am57x_accel.h"

namespace {

namespace fs = std::filesystem;
using neo::cpu_codegen::OffloadKernel;

constexpr const char* kPlugin = "sitara_am57x";
constexpr const char* kDeviceTriple = "arm-linux-gnueabihf";  // of the device library
constexpr const char* kEve = "am57x_eve.";                   // op prefix of the EVE's tuning tasks
const std::set<std::string> kDevices = {"sitara_am57x", "am5729_beagleai", "am5749_idk"};

bool f32_of_rank(const neo::Value* v, std::size_t rank) {
    return v && v->dtype() == neo::DType::f32 && v->shape().is_static() && v->shape().rank() == rank;
}
std::vector<int64_t> ints_or(const neo::Node& n, const char* name, std::vector<int64_t> fallback) {
    return n.has_attr(name) ? n.attr(name).ints() : fallback;
}
bool all_ones(const std::vector<int64_t>& v) {
    return std::all_of(v.begin(), v.end(), [](int64_t x) { return x == 1; });
}
// SAME_UPPER / SAME_LOWER / VALID padding stays on the CPU.
bool explicit_pads(const neo::Node& n) { return !n.has_attr("auto_pad") || n.attr("auto_pad").s() == "NOTSET"; }

// The EVE kernel of a node, or nullopt for the CPU.
std::optional<OffloadKernel> eve_kernel(const neo::Node& n, const nlohmann::json& schedule) {
    if (!n.domain().empty() || n.num_outputs() != 1 || !f32_of_rank(n.output(0), 4) || !f32_of_rank(n.input(0), 4) ||
        !explicit_pads(n))
        return std::nullopt;
    const auto strides = ints_or(n, "strides", {1, 1}), pads = ints_or(n, "pads", {0, 0, 0, 0});
    if (!all_ones(ints_or(n, "dilations", {1, 1})) || strides.size() != 2 || pads.size() != 4) return std::nullopt;
    if (n.op() == "Conv") {
        const neo::Value* w = n.input(1);
        const neo::Value* b = n.input(2);
        if (!f32_of_rank(w, 4) || !w->is_constant() || (b && !f32_of_rank(b, 1)) || n.has_attr("group") && n.attr("group").i() != 1)
            return std::nullopt;
        const auto dims = w->shape().static_dims();
        if (dims[2] > 7 || dims[3] > 7) return std::nullopt;
        return OffloadKernel{"am57x_eve_conv2d", {strides[0], strides[1], pads[0], pads[1], schedule.value("rows_per_tile", int64_t{0})}, {}};
    }
    if (n.op() == "MaxPool") {
        const auto k = ints_or(n, "kernel_shape", {});
        if (k.size() != 2 || (n.has_attr("storage_order") && n.attr("storage_order").i() != 0)) return std::nullopt;
        return OffloadKernel{"am57x_eve_maxpool2d", {k[0], k[1], strides[0], strides[1], pads[0], pads[1]}, {}};
    }
    return std::nullopt;
}

neo::DeviceInfo board(std::string name, std::string soc, std::string description) {
    neo::DeviceInfo d;
    d.name = std::move(name);
    d.soc = std::move(soc);
    d.os = neo::Os::linux_;
    d.arch = neo::Arch::arm_eabihf;
    d.accelerator = neo::Accelerator::nna;
    d.triple = "armv7a-linux-gnueabihf";
    d.cpu = "cortex-a15";
    d.features = {"+neon", "+vfp4"};
    d.description = std::move(description);
    return d;
}

// Output rows of a workload's first output ("[N,M,OH,OW]").
int64_t output_rows(const nlohmann::json& workload) {
    std::string s = workload["outputs"][0]["shape"].get<std::string>();
    std::replace_if(s.begin(), s.end(), [](char c) { return c == '[' || c == ']' || c == ','; }, ' ');
    std::istringstream in(s);
    int64_t dims[4] = {};
    for (auto& d : dims) in >> d;
    return dims[2];
}

class Am57xTarget final : public neo::TargetPlugin {
public:
    int priority() const override { return 20; }
    std::vector<neo::DeviceInfo> extra_devices() const override {
        return {board("am5729_beagleai", "TI AM5729 (2x Cortex-A15, 2x C66x DSP, 4x EVE)", "BeagleBone AI board"),
                board("am5749_idk", "TI AM5749 (2x Cortex-A15, 2x C66x DSP, 2x EVE)", "AM574x industrial development kit")};
    }
    bool supports(const neo::TargetSpec& t) const override {
        return kDevices.count(t.device) > 0 && neo::cpu_codegen::supports(t);
    }
    // The CPU's tasks name nodes of the graph the code generator compiles (loops unrolled).
    std::unique_ptr<neo::Graph> tuning_graph(const neo::Graph& g, const neo::TargetSpec& t) const override {
        return neo::cpu_codegen::tuning_graph(g, t, options({}));
    }
    std::vector<neo::TuningTask> tuning_tasks(const neo::Graph& g, const neo::TargetSpec& t) const override {
        std::vector<neo::TuningTask> tasks = neo::cpu_codegen::tuning_tasks(g, t, options({}));
        for (const neo::Node* n : g.topological_order()) {
            if (!eve_kernel(*n, nlohmann::json::object())) continue;
            const std::string key = neo::cpu_codegen::workload_key(*n);
            auto it = std::find_if(tasks.begin(), tasks.end(), [&](const neo::TuningTask& x) { return x.key == key; });
            if (it == tasks.end()) it = tasks.insert(tasks.end(), neo::TuningTask{key, kEve + n->op(), neo::cpu_codegen::workload(*n), {}, {}});
            it->nodes.push_back(n->name());
            it->fused.emplace_back();
        }
        return tasks;
    }
    neo::ScheduleSpace schedule_space(const neo::TuningTask& task, const neo::TargetSpec& t) const override {
        if (task.op == std::string(kEve) + "Conv") return {{"rows_per_tile", {0, 1, 2, 4, 8}}};
        if (task.op.rfind(kEve, 0) == 0) return {};
        return neo::cpu_codegen::schedule_space(task, t);
    }
    bool valid(const neo::TuningTask& task, const nlohmann::json& config, const neo::TargetSpec& t) const override {
        if (task.op.rfind(kEve, 0) != 0) return neo::cpu_codegen::valid(task, config, t);
        // A tile of all the rows or more is the whole plane, which 0 already is.
        const int64_t rows = config.value("rows_per_tile", int64_t{0});
        return rows == 0 || rows < output_rows(task.workload);
    }
    void build(const neo::Graph& g, const neo::TargetSpec& t, const neo::Schedules& s, const fs::path& out_dir) override {
        neo::cpu_codegen::build(g, t, s, out_dir, options(device_library()));
    }

private:
    static neo::cpu_codegen::Options options(fs::path library) {
        neo::cpu_codegen::Options o;
        o.target_name = kPlugin;
        o.offload = eve_kernel;
        if (!library.empty()) o.link_inputs = {std::move(library)};
        return o;
    }
    // Installed beside the plugin (lib/neo/plugins/<plugin>/<triple>/), else in its build tree.
    static fs::path device_library() {
        return neo::sdk::plugin_file(fs::path(kPlugin) / kDeviceTriple / "libam57x_accel.a", AM57X_BUILD_TREE_LIBRARY);
    }
};

}  // namespace

NEO_DEFINE_PLUGIN(NEO_PLUGIN_TARGET, "sitara_am57x", "0.1.0",
                  "TI Sitara AM57x: Cortex-A15 code by neo's CPU code generator, convolutions and max pooling on the EVE (emulated)",
                  Am57xTarget)
