// The in-model check: configs faster alone are run inside the whole model against the
// default, and only those faster there are chosen. In-model times come from a stand-in for
// the profiled model runs, so that a config faster alone and slower in the model is made on
// purpose; the measurement of whole models is checked with a stub target and runner.
#include <doctest/doctest.h>

#include <fstream>

#include "neo/tuner/in_model.hpp"
#include "neo/tuner/report.hpp"
#include "neo/tuning_db/memory_store.hpp"
#include "neo/tuning_db/schedule_choice.hpp"
#include "tuning/tune_util.hpp"

using namespace neo;
using namespace neo::tuner;
using nlohmann::json;

namespace {

const std::string kTarget = "LINUX/X86_64/NONE/test/";

TaskInfo task(const std::string& key, std::vector<std::string> nodes) {
    json w = {{"op", "Conv"}, {"name", key}};
    ScheduleSpace s{{"tile", {1, 2, 4, 8}}};
    return TaskInfo{TuningTask{key, "Conv", w, std::move(nodes), {}}, 1, ConfigSpace(s, [](const Config&) { return true; }),
                    "Conv " + key};
}

tuning_db::Record alone(const TaskInfo& t, const json& config, double seconds) {
    tuning_db::Record r;
    r.workload_key = t.task.key;
    r.workload = t.task.workload;
    r.op = t.task.op;
    r.target_key = kTarget;
    r.config = config;
    r.cost_mean = seconds;
    r.runs = 5;
    return r;
}

// Task "a" (two nodes): tile 2 and tile 4 beat the default alone; inside the model tile 2
// is slower than the default and tile 4 faster. Task "b": tile 8 beats the default alone and
// loses in the model. Task "c": nothing beats its default alone.
struct Fixture {
    std::vector<TaskInfo> tasks = {task("a", {"a1", "a2"}), task("b", {"b1"}), task("c", {"c1"})};
    tuning_db::MemoryStore store;
    std::vector<std::size_t> order;  // models in the order they ran
    std::set<std::size_t> failing;   // models whose runs fail

    Fixture() {
        store.add(std::vector<tuning_db::Record>{
            alone(tasks[0], json::object(), 10e-6), alone(tasks[0], {{"tile", 2}}, 6e-6), alone(tasks[0], {{"tile", 4}}, 8e-6),
            alone(tasks[0], {{"tile", 8}}, 12e-6),  // slower alone: never a candidate
            alone(tasks[1], json::object(), 5e-6), alone(tasks[1], {{"tile", 8}}, 4e-6),
            alone(tasks[2], json::object(), 3e-6), alone(tasks[2], {{"tile", 1}}, 3.5e-6)});
    }
    // The kernel time of a node inside the model with these schedules.
    static double in_model(const std::string& task, const Schedules& s, std::size_t round) {
        const auto it = s.find(task);
        const int tile = it == s.end() ? 0 : it->second.value("tile", 0);
        const double jitter = 1 + 0.01 * static_cast<double>(round % 3);  // rounds differ a little
        if (task == "a") return jitter * (tile == 2 ? 12e-6 : tile == 4 ? 9e-6 : 10e-6);
        if (task == "b") return jitter * (tile == 8 ? 6e-6 : 5e-6);
        return jitter * 3e-6;
    }
    ModelMeasureFn measure() {
        return [this](std::size_t model, const Schedules& s) {
            order.push_back(model);
            ModelRun r;
            if (failing.count(model)) {
                r.message = "it did not run (run): on purpose";
                return r;
            }
            const std::size_t round = order.size();
            r.ok = true;
            r.node_seconds = {{"a1", in_model("a", s, round)}, {"a2", in_model("a", s, round)},
                              {"b1", in_model("b", s, round)}, {"c1", in_model("c", s, round)}, {"pool", 1e-6}};
            return r;
        };
    }
    tuning_db::ScheduleChoice choice() const {
        std::vector<TuningTask> ts;
        for (const TaskInfo& t : tasks) ts.push_back(t.task);
        TargetSpec target;
        target.os = Os::linux_;
        target.arch = Arch::x86_64;
        target.cpu = "test";
        REQUIRE(tuning_db::target_key(target) == kTarget);
        return tuning_db::choose_schedules(store, ts, target, [&](const TuningTask&) { return tasks[0].space.knobs(); });
    }
};

}  // namespace

TEST_CASE("a config faster alone but slower inside the model is not chosen; one faster there is") {
    Fixture f;
    // Before the check, neo-build would take the fastest alone.
    CHECK(f.choice().schedules.at("a") == json{{"tile", 2}});
    CHECK(f.choice().schedules.at("b") == json{{"tile", 8}});

    const InModelResult r = check_in_model(f.tasks, f.store, kTarget, f.measure(), {.rounds = 3, .candidates = 3});
    CHECK(r.failure.empty());
    // The defaults, then a's tile 2 with b's tile 8, then a's tile 4; interleaved, the order
    // reversed every other round.
    CHECK(r.models == 3);
    CHECK(r.rounds == 3);
    CHECK(f.order == std::vector<std::size_t>{0, 1, 2, 2, 1, 0, 0, 1, 2});
    REQUIRE(r.tasks.size() == 3);
    CHECK(r.tasks[0].candidates == 2);
    CHECK(r.tasks[0].chosen == json{{"tile", 4}});
    CHECK(r.tasks[0].best_alone == json{{"tile", 2}});
    CHECK(r.tasks[0].default_model == doctest::Approx(10.1e-6));  // the median of its runs in model 0: 10.1, 10, 10.1
    CHECK(r.tasks[1].chosen.empty());
    CHECK(r.tasks[2].candidates == 0);

    // The store has every in-model cost, and neo-build's choice follows them.
    for (const auto& rec : f.store.records("a", kTarget))
        CHECK(rec.model_cost.has_value() == (rec.config != json{{"tile", 8}}));
    const tuning_db::ScheduleChoice c = f.choice();
    CHECK(c.schedules.at("a") == json{{"tile", 4}});
    CHECK(c.schedules.at("b") == json::object());
    CHECK(c.schedules.at("c") == json::object());

    const std::string table = in_model_table(r, f.tasks);
    INFO(table);
    CHECK(table.find("in-model check: 3 builds of the whole model") == 0);
    const auto line_b = table.substr(table.find("Conv b"), table.find('\n', table.find("Conv b")) - table.find("Conv b"));
    CHECK(line_b.find("default") != std::string::npos);  // b keeps its default
    CHECK(table.find("kernels of these tasks in the model (weight x in-model time): default ") != std::string::npos);

    // A second check measures again what the first measured in the model, with the others.
    f.order.clear();
    const InModelResult again = check_in_model(f.tasks, f.store, kTarget, f.measure(), {.rounds = 1, .candidates = 1});
    CHECK(again.models == 3);  // a: tile 2 (best alone) and tile 4 (measured before)
    CHECK(f.choice().schedules.at("a") == json{{"tile", 4}});
}

TEST_CASE("the whole-model check runs the defaults and the tuned schedules in turn and compares their kernel time") {
    Fixture f;
    const Schedules tuned = {{"a", {{"tile", 4}}}};  // a: 9 us per node inside the model, not 10
    const WholeModelResult w = compare_whole_model(f.measure(), 5, tuned, 4);
    CHECK(w.failure.empty());
    CHECK(w.rounds == 4);
    CHECK(f.order == std::vector<std::size_t>{0, 5, 5, 0, 0, 5, 5, 0});
    // Per run: a1 + a2 + b1 + c1 + the pool, times the jitter of the run (1, 1.01 or 1.02).
    CHECK(w.default_seconds == doctest::Approx(29e-6).epsilon(0.025));
    CHECK(w.tuned_seconds == doctest::Approx(27e-6).epsilon(0.025));
    CHECK(w.tuned_seconds < w.default_seconds);

    f.failing = {5};
    const WholeModelResult failed = compare_whole_model(f.measure(), 5, tuned, 2);
    CHECK(failed.failure == "the tuned model failed: it did not run (run): on purpose");
    CHECK(failed.rounds == 0);
}

TEST_CASE("a model run that fails keeps its configs from being chosen; a failing default model records nothing") {
    SUBCASE("a candidates' model fails") {
        Fixture f;
        f.failing = {2};
        const InModelResult r = check_in_model(f.tasks, f.store, kTarget, f.measure(), {.rounds = 2, .candidates = 3});
        REQUIRE(r.notes.size() == 1);
        CHECK(r.notes[0].find("model 2 (each task's candidate 2) failed") == 0);
        CHECK(f.order == std::vector<std::size_t>{0, 1, 2, 1, 0});  // not run again
        // a's tile 4 ran only in the failing model: the default beats tile 2 and is chosen.
        CHECK(f.choice().schedules.at("a") == json::object());
    }
    SUBCASE("the defaults' model fails") {
        Fixture f;
        f.failing = {0};
        const InModelResult r = check_in_model(f.tasks, f.store, kTarget, f.measure(), {.rounds = 2, .candidates = 3});
        CHECK(r.failure.find("the model with the default schedules failed: it did not run (run): on purpose") == 0);
        for (const auto& rec : f.store.all()) CHECK_FALSE(rec.model_cost);
        CHECK(in_model_table(r, f.tasks).find("in-model check: nothing recorded") == 0);
    }
    SUBCASE("no rounds: nothing is run") {
        Fixture f;
        const InModelResult r = check_in_model(f.tasks, f.store, kTarget, f.measure(), {.rounds = 0, .candidates = 3});
        CHECK(f.order.empty());
        CHECK(r.models == 0);
    }
}

namespace {

// A target whose "artifact" is the schedules it was built with, and a runner that answers
// with fixed outputs (one element altered for model files that say so) and step times.
class SchedulesTarget final : public TargetPlugin {
public:
    int priority() const override { return 0; }
    bool supports(const TargetSpec&) const override { return true; }
    void build(const Graph&, const TargetSpec&, const Schedules& s, const std::filesystem::path& dir) override {
        std::ofstream(dir / "model.json") << json(s).dump();
    }
};

class ProfileRunner final : public Runner {
public:
    bool with_steps = true;
    int runs = 0;
    agent::Bundle run(const agent::Bundle& request) override {
        ++runs;
        std::vector<float> y = {1, 2, 3, 4};
        if (request.at("file:model.json").find("\"wrong\"") != std::string::npos) y[2] += 0.5f;
        agent::Bundle r{{"status", "ok"}, {"times", "0.003 0.003 0.003"},
                        {"output:0", std::string(reinterpret_cast<const char*>(y.data()), y.size() * sizeof(float))}};
        if (with_steps) {
            r["step_nodes"] = "relu\n\n";
            r["step_times"] = "0.002 0.001\n0.004 0.001\n0.003 0.001\n";  // the faster half: 0.002, 0.003
        }
        return r;
    }
};

}  // namespace

TEST_CASE("whole models are built once, run with the same inputs, and their outputs checked against the defaults'") {
    test::TuneScratch dir("models");
    Graph g;
    Value* x = g.add_input("x", DType::f32, Shape::from({4}));
    Node* n = g.add_node("Relu", {x}, {"y"}, {}, "relu");
    n->output(0)->set_dtype(DType::f32);
    n->output(0)->set_shape(Shape::from({4}));
    g.add_output(n->output(0));
    SchedulesTarget target;
    ProfileRunner runner;
    ModelMeasurer models(target, TargetSpec{}, g, runner, MeasureOptions{}, dir.path());

    ModelRun r = models.measure(0, {});
    REQUIRE_MESSAGE(r.ok, r.message);
    REQUIRE(r.node_seconds.size() == 1);  // the output copy (no node) is not a kernel
    CHECK(r.node_seconds.at("relu") == doctest::Approx(0.0025));
    r = models.measure(1, {{"k", json{{"tile", 2}}}});
    CHECK(r.ok);
    r = models.measure(2, {{"k", json{{"tile", "wrong"}}}});
    CHECK_FALSE(r.ok);
    CHECK(r.message == "output 0: element 2 is 3.5, the model with the default schedules gives 3");
    runner.with_steps = false;
    r = models.measure(1, {{"k", json{{"tile", 2}}}});
    CHECK_FALSE(r.ok);
    CHECK(r.message.find("no step times") != std::string::npos);
    CHECK(runner.runs == 4);
}
