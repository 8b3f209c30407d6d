// The "layout": "NCHWc" compiler option: Convs on channel-blocked tensors (neo.BlockedConv
// as conv_blocked.cpp's kernel, its input and output in blocks of the vector's lanes), the
// elementwise nodes and spatial Slices between them on blocks, and neo.Unblock before the
// rest, against the reference interpreter on the plain graph; with the generic x86-64
// (blocks of 4) and AVX2 + FMA (blocks of 8), under the default schedule and others.
#include <doctest/doctest.h>

#include "native_run.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/plugin/host.hpp"
#include "program/build.hpp"
#include "program/static_graph.hpp"

using namespace neo;
using namespace neo::test;

namespace {

TargetSpec blocked_target(const std::optional<std::string>& mcpu) {
    TargetSpec t = host_target(mcpu);
    t.options["layout"] = "NCHWc";
    return t;
}

// Every BlockedConv of the graph as the target compiles it with blocks of `block`, under `schedule`.
Schedules every_blocked_conv(const Graph& g, int64_t block, const nlohmann::json& schedule, int& count) {
    const llvm_cpu::StaticGraph sg(g, block);
    Schedules s;
    count = 0;
    for (const Node* n : sg.get().nodes())
        if (n->qualified_op() == "neo.BlockedConv") {
            ++count;
            if (!schedule.empty()) s[llvm_cpu::workload_key(*n)] = schedule;
        }
    return s;
}

}  // namespace

TEST_CASE("llvm_cpu lowering: Convs on channel blocks (layout NCHWc)") {
    // c1 reads the plain input (5 channels) and writes blocks; c2 (stride 2, 24 channels:
    // a partial tile of channel vectors) and c3 (1x1) read and write blocks; the sum goes
    // through a Clip; a spatial Slice and the strided 1x1 after it stay on blocks; the
    // pool and the graph outputs read Unblocks.
    auto g = make_graph(R"(graph g(%x: f32[2,5,9,11], %w1: f32[16,5,3,3], %b1: f32[16], %w2: f32[24,16,3,3], %w3: f32[24,24,1,1], %b3: f32[24], %w4: f32[32,24,1,1]) {
        %c1 = Conv(%x, %w1, %b1) {pads = [1, 1, 1, 1]}
        %r1 = Relu(%c1)
        %c2 = Conv(%r1, %w2, _) {strides = [2, 2], pads = [1, 1, 1, 1]}
        %c3 = Conv(%c2, %w3, %b3)
        %s = Add(%c3, %c2)
        %y = Clip(%s, _, _) {}
        %c4 = Conv(%y, %w4, _) {strides = [2, 2]}
        %p = GlobalAveragePool(%r1)
        return %y, %c4, %p })", {"w1", "b1", "w2", "w3", "b3", "w4"});
    const auto inputs = random_inputs(*g);
    const auto want = Interpreter(*g).run(inputs);
    std::vector<TargetSpec> targets{blocked_target(std::nullopt)};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) targets.push_back(blocked_target("haswell"));
    for (const auto& target : targets) {
        const int64_t block = target.cpu == "haswell" ? 8 : 4;
        CAPTURE(block);
        for (const nlohmann::json& schedule : {nlohmann::json::object(),
                                               nlohmann::json{{"oc_vectors", 1}, {"ow_block", 3}, {"tiles_per_task", 1}, {"unroll_k", 2}, {"ic_block", 8}},
                                               nlohmann::json{{"oc_vectors", 3}, {"ow_block", 5}, {"parallel", 0}, {"rows_per_task", 2}, {"ic_block", 1}}}) {
            const std::string sched = schedule.dump();
            CAPTURE(sched);
            int convs = 0;
            const Schedules s = every_blocked_conv(*g, block, schedule, convs);
            CHECK(convs == 4);
            const auto dir = scratch("lower_channel_blocks");
            std::filesystem::remove_all(dir);
            std::filesystem::create_directories(dir);
            PluginHost::global().create_target("llvm_cpu")->build(*g, target, s, dir);
            check_native_runs(dir, inputs, want, 1e-4, 1e-5);
            std::filesystem::remove_all(dir);
        }
    }
}

TEST_CASE("llvm_cpu: without the layout option, no tensor is blocked") {
    auto g = make_graph(R"(graph g(%x: f32[1,8,6,6], %w: f32[8,8,1,1]) {
        %c = Conv(%x, %w, _)
        %r = Relu(%c)
        %y = Conv(%r, %w, _)
        return %y })", {"w"});
    for (const TuningTask& t : llvm_cpu::tuning_tasks(*g, host_target())) CHECK(t.op == "Conv");
    bool blocked = false;
    for (const TuningTask& t : llvm_cpu::tuning_tasks(*g, blocked_target(std::nullopt))) blocked |= t.op == "neo.BlockedConv";
    CHECK(blocked);
}
