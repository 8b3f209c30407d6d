// The measurement's outcomes: a candidate that does not build, gives a wrong answer,
// crashes or hangs is an error record of its kind, and only a right answer is timed.
// A stub target (one Relu node, "built" to nothing) and stub runners stand in for the
// device, so that every outcome is made on purpose.
#include <doctest/doctest.h>

#include <fstream>

#include <sys/stat.h>

#include "neo/core/interp/interpreter.hpp"
#include "neo/tuner/measure.hpp"
#include "neo/tuning_db/memory_store.hpp"
#include "tuning/tune_util.hpp"

using namespace neo;
using tuning_db::ErrorCode;

namespace {

class StubTarget final : public TargetPlugin {
public:
    int priority() const override { return 0; }
    bool supports(const TargetSpec&) const override { return true; }
    std::vector<TuningTask> tuning_tasks(const Graph& g, const TargetSpec&) const override {
        std::vector<std::string> nodes;
        for (const Node* n : g.nodes()) nodes.push_back(n->name());
        return {TuningTask{"relu-4", "Relu", {{"op", "Relu"}}, nodes, {}}};
    }
    ScheduleSpace schedule_space(const TuningTask&, const TargetSpec&) const override { return {{"unroll", {1, 2}}}; }
    void build(const Graph&, const TargetSpec&, const Schedules& s, const std::filesystem::path& dir) override {
        if (s.at("relu-4").value("unroll", 1) == 2) throw UserError("unroll 2 does not build");
        std::ofstream(dir / "model.json") << R"({"stub":{"kernels":[{"flops":4}]}})";
    }
};

// Answers as the device would: the outputs of the request's inputs computed by the
// interpreter (right, or with one element altered), or the reply it is given.
class StubRunner final : public tuner::Runner {
public:
    Graph* model = nullptr;
    bool alter = false;
    agent::Bundle reply;  // when set, the answer
    agent::Bundle run(const agent::Bundle& request) override {
        CHECK(request.count("file:model.json") == 1);
        CHECK(request.at("repeats") == "4");
        if (!reply.empty()) return reply;
        const std::string& in = request.at("input:0");
        Tensor x = Tensor::from_bytes(DType::f32, {4}, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(in.data()), in.size()));
        Tensor y = Interpreter(*model).run(std::vector<Tensor>{x}).at(0);
        if (alter) y.array<float>()(2) += 0.01f;
        return {{"status", "ok"}, {"times", "0.004 0.001 0.003 0.002"},
                {"output:0", std::string(reinterpret_cast<const char*>(y.bytes().data()), y.nbytes())}};
    }
};

std::unique_ptr<Graph> relu_model() {
    auto g = std::make_unique<Graph>();
    Value* x = g->add_input("x", DType::f32, Shape::from({4}));
    Node* n = g->add_node("Relu", {x}, {"y"}, {}, "relu");
    n->output(0)->set_dtype(DType::f32);
    n->output(0)->set_shape(Shape::from({4}));
    g->add_output(n->output(0));
    return g;
}

std::string script(const std::filesystem::path& file, const std::string& body) {
    std::ofstream(file) << "#!/bin/sh\n" << body << "\n";
    ::chmod(file.c_str(), 0755);
    return file.string();
}

}  // namespace

TEST_CASE("a candidate is timed only when it builds, runs and matches the reference") {
    neo::test::TuneScratch dir("measure");
    StubTarget target;
    auto model = relu_model();
    const TargetSpec spec;
    auto tasks = tuner::model_tasks(target, *model, spec);
    REQUIRE(tasks.size() == 1);
    StubRunner runner;
    runner.model = model.get();
    tuner::TaskMeasurer m(target, spec, *model, tasks[0], runner, {1, 4, 1, 1000}, dir / "b");

    SUBCASE("the right answer is timed: the mean of the faster half of the runs") {
        auto r = m.measure({{"unroll", 1}});
        CHECK(r.error == ErrorCode::ok);
        CHECK(r.cost_mean == doctest::Approx(0.0015));
        CHECK(r.cost_stdev == doctest::Approx(0.0005));
        CHECK(r.runs == 2);
        CHECK(m.flops() == 4);
    }
    SUBCASE("a wrong answer is an error record") {
        runner.alter = true;
        auto r = m.measure({{"unroll", 1}});
        CHECK(r.error == ErrorCode::wrong_answer);
        CHECK(r.cost_mean == 0);
        CHECK(r.error_message.rfind("output 0: element 2 is ", 0) == 0);
        CHECK(r.error_message.find("the reference interpreter gives") != std::string::npos);
    }
    SUBCASE("a config that does not build is a build error") {
        auto r = m.measure({{"unroll", 2}});
        CHECK(r.error == ErrorCode::build);
        CHECK(r.error_message == "unroll 2 does not build");
    }
    SUBCASE("the runner's run error and timeout are kept, and outputs of the wrong size are wrong") {
        runner.reply = {{"status", "run"}, {"message", "the candidate crashed (Segmentation fault)"}};
        CHECK(m.measure({{"unroll", 1}}).error == ErrorCode::run);
        runner.reply = {{"status", "timeout"}, {"message", "killed"}};
        CHECK(m.measure({{"unroll", 1}}).error == ErrorCode::timeout);
        runner.reply = {{"status", "ok"}, {"times", "0.001"}, {"output:0", "short"}};
        CHECK(m.measure({{"unroll", 1}}).error_message == "output 0 has 5 bytes, the reference 16");
    }
}

TEST_CASE("a measuring process that crashes or hangs is a run error or a timeout, never a result") {
    neo::test::TuneScratch dir("child");
    const agent::Bundle request = {{"file:model.json", "{}"}, {"timeout_ms", "500"}};
    tuner::LocalRunner crash(script(dir / "crash.sh", "kill -SEGV $$"), dir / "tmp");
    auto r = crash.run(request);
    CHECK(r["status"] == "run");
    CHECK(r["message"] == "the candidate crashed (Segmentation fault)");
    tuner::LocalRunner hang(script(dir / "hang.sh", "exec sleep 30"), dir / "tmp");
    const auto start = std::chrono::steady_clock::now();
    r = hang.run(request);
    CHECK(r["status"] == "timeout");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    tuner::LocalRunner quits(script(dir / "quit.sh", "exit 4"), dir / "tmp");
    CHECK(quits.run(request)["message"] == "the measuring process ended without a result (exit status 4)");
    // The cache flush a request asks for is bounded.
    agent::Bundle greedy = request;
    greedy["flush_bytes"] = std::to_string(agent::kMaxFlushBytes + 1);
    r = agent::measure_forked(greedy, dir / "tmp");
    CHECK(r["status"] == "run");
    CHECK(r["message"] == "flush_bytes " + std::to_string(agent::kMaxFlushBytes + 1) + " is outside [0, " +
                              std::to_string(agent::kMaxFlushBytes) + "]");
}
