// llvm_cpu's schedule spaces through the tuner: tasks per distinct workload with their
// weight, validity rules, and valid configs that build and match the reference
// interpreter when measured in a child process.
#include <doctest/doctest.h>

#include <random>
#include <set>

#include "neo/core/catalog/input_shapes.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/driver/compile.hpp"
#include "neo/tuner/measure.hpp"
#include "neo/tuner/task.hpp"
#include "tuning/tune_util.hpp"

using namespace neo;
using nlohmann::json;

namespace {

const std::string kCnn = NEO_SOURCE_DIR "/tests/data/targets/llvm_cpu/small_cnn.onnx";

// The small CNN for x86-64: for a CPU named in `options` (validity only; it need not be this
// machine's), or without options (generic x86-64, which runs here).
PreparedModel small_cnn(std::optional<std::string> options = std::nullopt) {
    CompileRequest req;
    req.model_files = {kCnn};
    req.input_shapes = R"({"input":[1,3,32,32]})";
    req.target_platform = R"({"Os":"LINUX","Arch":"X86_64"})";
    req.compiler_options = options;
    return prepare_model(req, PluginHost::global());
}

}  // namespace

TEST_CASE("llvm_cpu: one task per workload, weighted, and the validity rules of the tiled Conv") {
    if (!PluginHost::global().find(PluginKind::target, "llvm_cpu")) return;  // built without LLVM
    PreparedModel m = small_cnn(R"({"mcpu":"znver4"})");  // AVX-512: 16 lanes, 32 registers
    auto tasks = tuner::model_tasks(*m.plugin.plugin, *m.graph, m.target);
    std::set<std::string> keys;
    std::size_t nodes = 0, convs = 0;
    for (const auto& t : tasks) {
        CHECK(keys.insert(t.task.key).second);
        CHECK(t.weight == t.task.nodes.size());
        CHECK(t.space.valid(json::object()));
        nodes += t.weight;
        convs += t.task.op == "Conv" ? t.weight : 0;
    }
    CHECK(convs == 4);
    CHECK(nodes < m.graph->num_nodes());  // the fused epilogues are no tasks of their own
    const tuner::TaskInfo* conv = nullptr;
    for (const auto& t : tasks)
        if (t.task.op == "Conv" && t.task.workload["inputs"][0]["shape"] == "[1,3,32,32]") conv = &t;  // the stem, 3x3
    REQUIRE(conv != nullptr);
    // Its Relu (after the folded batch norm) runs in its kernel: part of the workload.
    REQUIRE(conv->task.workload.contains("epilogue"));
    CHECK(conv->task.workload["epilogue"].size() == 1);
    CHECK(conv->task.workload["epilogue"][0]["op"] == "Relu");
    REQUIRE(conv->task.fused.size() == 1);
    CHECK(conv->task.fused[0].size() == 1);
    CHECK(tuner::task_graph(*m.graph, conv->task)->num_nodes() == 2);
    const auto& space = conv->space;
    // Over 3 colours the positions of a row are the vectors by default (conv_planar.cpp):
    // "vector_axis" 0 turns to the blocked kernel.
    json base = {{"parallel", 1}, {"vector_width", 1}, {"winograd", 0}, {"vector_axis", 0}, {"blocked", 1}, {"oc_vectors", 1},
                 {"ow_block", 4}, {"tiles_per_task", 1}, {"unroll_k", 1}};
    CHECK(space.valid(base));
    auto with = [&](const char* k, json v) {
        json c = base;
        c[k] = v;
        return c;
    };
    CHECK(space.valid(with("ow_block", 16)));            // 16 rows x 1 vector + 1 + one broadcast <= 32 registers
    CHECK_FALSE(space.valid(with("oc_vectors", 2)));     // 16 channels are one vector of 16 lanes
    CHECK_FALSE(space.valid(with("vector_width", 16)));  // the tiled kernel does not read it
    CHECK_FALSE(space.valid(with("tiles_per_task", 64))); // 8 tiles per row: 16 and above repeat 8
    CHECK(space.valid(with("tiles_per_task", 8)));
    CHECK_FALSE(space.valid(with("unknown", 1)));
    CHECK_FALSE(space.valid(with("ow_block", 99)));      // not a choice
    json direct = with("blocked", 0);
    CHECK_FALSE(space.valid(direct));                    // tile knobs set for the direct loop nest
    CHECK(space.valid({{"vector_axis", 0}, {"blocked", 0}, {"vector_width", 8}, {"parallel", 0}}));  // 3 input channels: no Winograd by default
    // The planar kernel reads its tile (channels x vectors of a row's 32 positions), its rows per task and unroll.
    CHECK(space.valid({{"p_vectors", 2}, {"oc_block", 8}, {"rows_per_task", 4}, {"unroll_k", 2}}));
    CHECK(space.valid({{"vector_axis", 1}, {"p_vectors", 1}, {"oc_block", 16}}));
    CHECK_FALSE(space.valid({{"p_vectors", 3}}));                   // 48 positions: more than the row's 32
    CHECK_FALSE(space.valid({{"p_vectors", 2}, {"oc_block", 15}}));  // 15 x 2 + 2 + 1 > 32 registers
    CHECK_FALSE(space.valid({{"vector_axis", 1}, {"ow_block", 4}})); // a knob of the blocked kernel
    CHECK_FALSE(space.valid({{"unroll_k", 4}}));                    // over 3 input channels
    // 3x3 with unit strides: the Winograd kernel reads its tiles per task (and "parallel") only.
    CHECK(space.valid({{"winograd", 4}, {"tiles_per_task", 64}, {"parallel", 0}}));
    CHECK(space.valid({{"winograd", 2}}));
    CHECK(space.valid({{"winograd", 4}, {"ow_block", 4}}));  // tiles per register tile
    CHECK_FALSE(space.valid({{"winograd", 4}, {"oc_vectors", 2}}));
    CHECK_FALSE(space.valid({{"winograd", 4}, {"vector_width", 8}}));
    // The 1x1 Conv (conv_pointwise.cpp's kernel, or the blocked or direct one when turned off)
    // and the depthwise one (conv_depthwise.cpp's).
    auto task_with_weights = [&](const std::string& shape) -> const tuner::TaskInfo& {
        for (const auto& t : tasks)
            if (t.task.op == "Conv" && t.task.workload["inputs"][1]["shape"] == shape) return t;
        FAIL("no Conv with weights " << shape);
        return tasks.front();
    };
    const auto& pw = task_with_weights("[16,16,1,1]").space;
    CHECK(pw.valid({{"vector_axis", 1}, {"p_vectors", 1}, {"oc_block", 4}, {"parallel", 1}}));
    CHECK_FALSE(pw.valid({{"vector_axis", 1}, {"ow_block", 4}}));                      // a knob of the blocked kernel
    CHECK_FALSE(pw.valid({{"vector_axis", 1}, {"p_vectors", 4}, {"oc_block", 8}}));    // 8 x 4 + 4 + 1 > 32 registers
    CHECK(pw.valid({{"vector_axis", 0}, {"blocked", 1}, {"oc_vectors", 1}, {"ow_block", 4}}));
    CHECK(pw.valid({{"vector_axis", 0}, {"blocked", 0}, {"vector_width", 4}}));
    const auto& dw = task_with_weights("[16,1,3,3]").space;
    CHECK(dw.valid({{"depthwise", 1}, {"rows_per_task", 8}, {"vector_width", 8}}));
    CHECK_FALSE(dw.valid({{"depthwise", 1}, {"blocked", 1}}));  // 1 channel per group: no blocked kernel
    CHECK(dw.valid({{"depthwise", 0}, {"vector_width", 8}}));
    CHECK_FALSE(dw.valid({{"depthwise", 0}, {"rows_per_task", 8}}));
    CHECK(dw.valid({{"depthwise", 1}, {"plane", 1}, {"vector_width", 8}}));  // unit strides, a small plane
    CHECK_FALSE(dw.valid({{"plane", 1}, {"rows_per_task", 8}}));                // a plane takes all its rows
    CHECK_FALSE(dw.valid({{"depthwise", 0}, {"plane", 1}}));
    CHECK_FALSE(task_with_weights("[16,16,1,1]").space.valid({{"plane", 1}}));   // no depthwise kernel there
    // "prefetch" is read by the blocked and the Winograd kernels only.
    CHECK(space.valid(with("prefetch", 1)));
    CHECK(space.valid({{"winograd", 2}, {"prefetch", 1}}));
    CHECK_FALSE(pw.valid({{"vector_axis", 1}, {"prefetch", 1}}));
    CHECK_FALSE(dw.valid({{"depthwise", 1}, {"prefetch", 1}}));

    // Validity prunes the space: of 3000 points drawn at random, few are valid; the valid
    // configs drawn (with repair) are valid and varied.
    std::mt19937_64 rng(3);
    std::size_t valid = 0;
    for (int i = 0; i < 3000; ++i) valid += space.valid(space.config_at(rng() % space.size()));
    CHECK(valid < 300);
    std::set<std::string> distinct;
    for (int i = 0; i < 200; ++i) {
        auto c = space.random_valid(rng);
        REQUIRE(c);
        CHECK(space.valid(*c));
        distinct.insert(c->dump());
    }
    CHECK(distinct.size() >= 40);  // of about 250 valid configs: the repair does not collapse them

    // Without "parallel" (neo-tune on one thread): its configs leave it out, and the rest of
    // the space and its validity rules stay.
    const tuner::ConfigSpace serial = space.without("parallel");
    CHECK(serial.knobs().size() + 1 == space.knobs().size());
    CHECK(serial.size() * 2 == space.size());  // parallel had two choices
    for (int i = 0; i < 50; ++i) {
        auto c = serial.random_valid(rng);
        REQUIRE(c);
        CHECK_FALSE(c->contains("parallel"));
        CHECK(space.valid(*c));
    }
    CHECK_FALSE(serial.valid(with("ow_block", 99)));
}

TEST_CASE("llvm_cpu: valid configs build, match the interpreter and are timed") {
    if (!PluginHost::global().find(PluginKind::target, "llvm_cpu")) return;
    neo::test::TuneScratch dir("spaces_measure");
    PreparedModel m = small_cnn();
    auto tasks = tuner::model_tasks(*m.plugin.plugin, *m.graph, m.target);
    tuner::LocalRunner runner(NEO_BINARY_DIR "/bin/neo-tune", dir / "run");
    std::mt19937_64 rng(5);
    for (const auto& t : tasks) {
        if (t.task.op != "Conv" && t.task.op != "Gemm") continue;
        CAPTURE(t.summary);
        tuner::TaskMeasurer measurer(*m.plugin.plugin, m.target, *m.graph, t, runner, {1, 2, 1, 20000}, dir / "build");
        std::vector<tuner::Config> configs = {json::object()};
        for (int i = 0; i < 3; ++i) configs.push_back(*t.space.random_valid(rng));
        for (const auto& c : configs) {
            CAPTURE(c.dump());
            const auto r = measurer.measure(c);
            CHECK(r.error_message == "");
            CHECK(r.valid());
            CHECK(r.runs == 1);  // the faster half of 2
            CHECK(r.cost_mean > 0);
        }
        CHECK(measurer.flops() > 0);
    }
}
