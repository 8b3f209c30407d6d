// Tasks of a graph the target rewrites before compiling it (TargetPlugin::tuning_graph):
// their nodes exist only in the rewrite (a channel-blocked Conv, the body of an unrolled
// Loop), and the tuner still cuts each one out, builds it and checks it against the
// interpreter.
#include <doctest/doctest.h>

#include <optional>
#include <random>

#include "neo/core/driver/compile.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/passes/shape_propagation.hpp"
#include "neo/tuner/measure.hpp"
#include "neo/tuner/task.hpp"
#include "tuning/tune_util.hpp"

using namespace neo;
using nlohmann::json;

namespace {

PreparedModel small_cnn(std::optional<std::string> options = std::nullopt) {
    CompileRequest req;
    req.model_files = {NEO_SOURCE_DIR "/tests/data/targets/llvm_cpu/small_cnn.onnx"};
    req.input_shapes = R"({"input":[1,3,32,32]})";
    req.target_platform = R"({"Os":"LINUX","Arch":"X86_64"})";
    req.compiler_options = options;
    return prepare_model(req, PluginHost::global());
}

// Measures the task's defaults and two random valid configs: each builds, runs and matches
// the interpreter.
void check_measures(TargetPlugin& plugin, const TargetSpec& target, const Graph& g, const tuner::TaskInfo& task,
                    const neo::test::TuneScratch& dir) {
    CAPTURE(task.summary);
    tuner::LocalRunner runner(NEO_BINARY_DIR "/bin/neo-tune", dir / "run");
    tuner::TaskMeasurer measurer(plugin, target, g, task, runner, {1, 2, 1, 20000}, dir / "build");
    std::mt19937_64 rng(11);
    std::vector<tuner::Config> configs = {json::object()};
    for (int i = 0; i < 2; ++i) configs.push_back(*task.space.random_valid(rng));
    for (const auto& c : configs) {
        CAPTURE(c.dump());
        const auto r = measurer.measure(c);
        CHECK(r.error_message == "");
        CHECK(r.valid());
        CHECK(r.workload_key == task.task.key);
    }
}

}  // namespace

TEST_CASE("tuner: tasks of channel-blocked Convs (layout NCHWc) are measured alone") {
    if (!PluginHost::global().find(PluginKind::target, "llvm_cpu")) return;  // built without LLVM
    neo::test::TuneScratch dir("rewritten_blocked");
    PreparedModel m = small_cnn(R"({"layout":"NCHWc"})");  // generic x86-64: blocks of 4 channels
    TargetPlugin& plugin = *m.plugin.plugin;
    std::size_t blocked = 0;
    for (const auto& t : tuner::model_tasks(plugin, *m.graph, m.target)) {
        if (t.task.op != "neo.BlockedConv") continue;
        ++blocked;
        // Not a node of the model: only of the target's rewrite.
        const Node* original = m.graph->find_node(t.task.nodes.front());
        CHECK((original == nullptr || original->op() == "Conv"));
        check_measures(plugin, m.target, *m.graph, t, dir);
    }
    CHECK(blocked > 0);
}

TEST_CASE("tuner: tasks inside a Loop the target unrolls are measured alone") {
    if (!PluginHost::global().find(PluginKind::target, "llvm_cpu")) return;
    neo::test::TuneScratch dir("rewritten_loop");
    PreparedModel m = small_cnn();  // for its plugin and target
    auto g = parse_graph(R"(
graph main(%x: f32[4,8], %k: f32[8,8]) {
  %n: i64[] = const [3]
  %t: bool[] = const [true]
  %y = Loop(%n, %t, %x, %k) {num_captured = 1,
    body = graph body(%i: i64[], %c: bool[], %v: f32[4,8], %kk: f32[8,8]) {
      %w = MatMul(%v, %kk)
      return %c, %w }}
  return %y
})", "loop");
    propagate_shapes(*g);
    TargetPlugin& plugin = *m.plugin.plugin;
    std::size_t matmuls = 0;
    for (const auto& t : tuner::model_tasks(plugin, *g, m.target)) {
        if (t.task.op != "MatMul") continue;
        ++matmuls;
        CHECK(g->find_node(t.task.nodes.front()) == nullptr);  // a node of the unrolled copy
        check_measures(plugin, m.target, *g, t, dir);
    }
    CHECK(matmuls == 1);  // the three iterations share one workload
}
