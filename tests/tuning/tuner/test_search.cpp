// The search and the tuning loop against a synthetic cost: determinism with a seed, only
// valid and new configs, the budget (spread by weight, resumed, stopped early) and
// transfer from other records.
#include <doctest/doctest.h>

#include <cmath>

#include "neo/tuner/cost_model.hpp"
#include "neo/tuner/tuner.hpp"
#include "neo/tuning_db/memory_store.hpp"

using namespace neo;
using namespace neo::tuner;
using nlohmann::json;

namespace {

const std::string kTarget = "LINUX/X86_64/NONE/test/";

// Knobs a, b in 1..8 and c in {0, 1}; valid when a * b <= 32.
ConfigSpace test_space() {
    ScheduleSpace s;
    std::vector<json> eight;
    for (int i = 1; i <= 8; ++i) eight.push_back(i);
    s.push_back({"a", eight});
    s.push_back({"b", eight});
    s.push_back({"c", {0, 1}});
    return ConfigSpace(s, [](const Config& c) { return c.empty() || c["a"].get<int>() * c["b"].get<int>() <= 32; });
}

// Cheapest at a = 5, b = 3, c = 1; the default {} costs 1 ms.
double synthetic_cost(const Config& c, double scale) {
    if (c.empty()) return 1e-3 * scale;
    const double a = c["a"].get<double>(), b = c["b"].get<double>();
    return scale * 1e-4 * (1 + (a - 5) * (a - 5) + 0.5 * (b - 3) * (b - 3) + (c["c"].get<int>() ? 0 : 2));
}

TaskInfo task(const std::string& key, std::size_t weight) {
    TuningTask t{key, "Conv", {{"op", "Conv"}, {"inputs", json::array({{{"dtype", "f32"}, {"shape", "[1,8]"}}})},
                               {"outputs", json::array({{{"dtype", "f32"}, {"shape", "[1,8]"}}})}}, {"n"}};
    return TaskInfo{t, weight, test_space(), "Conv " + key};
}

struct Log {
    std::vector<std::pair<std::size_t, std::string>> measured;  // (task, config) in order
};

MeasureFn fake_measure(const std::vector<TaskInfo>& tasks, Log& log, std::vector<double> scale = {}) {
    return [&tasks, &log, scale](std::size_t t, const std::vector<Config>& configs) {
        std::vector<tuning_db::Record> out;
        for (const Config& c : configs) {
            log.measured.push_back({t, tuning_db::canonical_config(c)});
            tuning_db::Record r;
            r.workload_key = tasks[t].task.key;
            r.workload = tasks[t].task.workload;
            r.op = tasks[t].task.op;
            r.target_key = kTarget;
            r.config = c;
            r.cost_mean = synthetic_cost(c, t < scale.size() ? scale[t] : 1.0);
            r.runs = 1;
            r.time = static_cast<int64_t>(log.measured.size());
            out.push_back(r);
        }
        return out;
    };
}

Log run(const std::string& strategy, uint64_t seed, std::size_t trials, tuning_db::MemoryStore& store,
        const std::vector<TaskInfo>& tasks, TuneResult* result = nullptr, std::size_t early = 0) {
    Log log;
    TuneOptions o;
    o.trials = trials;
    o.seed = seed;
    o.strategy = strategy;
    o.early_stopping = early;
    o.verify = 0;
    TuneResult r = tune(tasks, store, kTarget, fake_measure(tasks, log), o);
    if (result) *result = r;
    return log;
}

}  // namespace

TEST_CASE("every strategy proposes valid, new configs and is deterministic for a seed") {
    const std::vector<TaskInfo> tasks = {task("w1", 1)};
    for (const std::string strategy : {"evolution", "random", "grid"}) {
        CAPTURE(strategy);
        tuning_db::MemoryStore s1, s2, s3;
        const Log a = run(strategy, 7, 60, s1, tasks), b = run(strategy, 7, 60, s2, tasks), c = run(strategy, 8, 60, s3, tasks);
        CHECK(a.measured.size() == 60);
        CHECK(a.measured == b.measured);
        if (strategy != "grid") CHECK(a.measured != c.measured);
        std::set<std::string> seen;
        for (const auto& [t, text] : a.measured) {
            CHECK(seen.insert(text).second);
            CHECK(tasks[0].space.valid(json::parse(text)));
        }
        CHECK(a.measured.front().second == "{}");  // the default first: the baseline
    }
}

TEST_CASE("the guided search finds the optimum of the synthetic cost sooner than random search") {
    const std::vector<TaskInfo> tasks = {task("w1", 1)};
    int evolution_wins = 0;
    for (uint64_t seed = 1; seed <= 5; ++seed) {
        tuning_db::MemoryStore se, sr;
        TuneResult re, rr;
        run("evolution", seed, 40, se, tasks, &re);
        run("random", seed, 40, sr, tasks, &rr);
        CHECK(re.tasks[0].best_cost <= synthetic_cost({{"a", 5}, {"b", 3}, {"c", 0}}, 1.0));
        evolution_wins += re.tasks[0].best_cost <= rr.tasks[0].best_cost;
    }
    CHECK(evolution_wins >= 4);
}

TEST_CASE("the budget goes to the task with the larger share of the model's time") {
    // Trials of task 1 of two tasks with the same cost function, for weights and cost scales.
    auto trials_of_second = [](std::size_t w0, std::size_t w1, double s0, double s1) {
        std::vector<TaskInfo> tasks = {task("first", w0), task("second", w1)};
        tuning_db::MemoryStore store;
        Log log;
        TuneOptions o;
        o.trials = 80;
        o.verify = 0;
        tune(tasks, store, kTarget, fake_measure(tasks, log, {s0, s1}), o);
        CHECK(log.measured.size() == 80);
        std::size_t n = 0;
        for (const auto& [t, c] : log.measured) n += t == 1;
        return n;
    };
    const std::size_t even = trials_of_second(1, 1, 1.0, 1.0);
    CHECK(even >= 30);
    CHECK(even <= 50);
    CHECK(trials_of_second(1, 10, 1.0, 1.0) > even);  // ten nodes of the second workload
    CHECK(trials_of_second(1, 1, 0.05, 1.0) > even + 8);  // the first takes 5% of the time
}

TEST_CASE("a second run resumes: earlier records count toward the budget and are not measured again") {
    const std::vector<TaskInfo> tasks = {task("w1", 1), task("w2", 2)};
    tuning_db::MemoryStore store;
    const Log first = run("evolution", 3, 20, store, tasks);
    TuneResult r;
    const Log second = run("evolution", 3, 45, store, tasks, &r);
    CHECK(first.measured.size() == 20);
    CHECK(second.measured.size() == 25);
    CHECK(r.measured == 25);
    CHECK(store.size() == 45);
    for (const auto& m : second.measured) CHECK(std::find(first.measured.begin(), first.measured.end(), m) == first.measured.end());
    CHECK(run("evolution", 3, 45, store, tasks).measured.empty());
}

TEST_CASE("early stopping ends a task that stopped improving") {
    std::vector<TaskInfo> tasks = {task("w1", 1)};
    tuning_db::MemoryStore store;
    TuneResult r;
    const Log log = run("grid", 0, 200, store, tasks, &r, 8);
    // The grid walks a = 1 first, where every config is slower than the default.
    CHECK(log.measured.size() < 40);
    CHECK(r.tasks[0].stopped);
}

TEST_CASE("records of the same workload elsewhere and of a near workload seed a new task") {
    std::vector<TaskInfo> tasks = {task("w1", 1)};
    tuning_db::MemoryStore store;
    tuning_db::Record other;
    other.workload_key = "w1";
    other.workload = tasks[0].task.workload;
    other.op = "Conv";
    other.target_key = "LINUX/ARM64/NONE/cortex-a72/";
    other.config = {{"a", 4}, {"b", 2}, {"c", 1}};
    other.cost_mean = 1e-3;
    other.runs = 1;
    store.add(other);
    tuning_db::Record near = other;
    near.workload_key = "w0";
    near.target_key = kTarget;
    near.config = {{"a", 2}, {"b", 8}, {"c", 0}};
    store.add(near);
    near.config = {{"a", 8}, {"b", 8}, {"c", 0}};  // not valid here: never proposed
    store.add(near);
    const Log log = run("evolution", 0, 10, store, tasks);
    REQUIRE(log.measured.size() == 10);
    CHECK(log.measured[1].second == R"({"a":4,"b":2,"c":1})");
    CHECK(log.measured[2].second == R"({"a":2,"b":8,"c":0})");
    for (const auto& m : log.measured) CHECK(m.second != R"({"a":8,"b":8,"c":0})");
}

TEST_CASE("the ridge cost model ranks configs of a cost it can represent") {
    const ConfigSpace space = test_space();
    RidgeModel m(1e-4);
    std::vector<std::vector<double>> x;
    std::vector<double> y;
    std::mt19937_64 rng(1);
    for (int i = 0; i < 40; ++i) {
        Config c = *space.random_valid(rng);
        x.push_back(space.features(c));
        y.push_back(std::log(synthetic_cost(c, 1.0)));
    }
    m.fit(x, y);
    // The optimum is predicted cheaper than every one of a fresh sample of configs.
    const double best = m.predict(space.features({{"a", 5}, {"b", 3}, {"c", 1}}));
    int cheaper = 0;
    for (int i = 0; i < 30; ++i) {
        Config c = *space.random_valid(rng);
        if (c == Config{{"a", 5}, {"b", 3}, {"c", 1}}) continue;
        cheaper += m.predict(space.features(c)) > best;
    }
    CHECK(cheaper >= 28);
}

TEST_CASE("verification measures the best configs again, so that a lucky measurement does not win") {
    const std::vector<TaskInfo> tasks = {task("w1", 1)};
    const Config lucky = {{"a", 1}, {"b", 1}, {"c", 0}};  // the grid's first point
    for (std::size_t verify : {0, 2}) {
        CAPTURE(verify);
        tuning_db::MemoryStore store;
        Log log;
        auto truth = fake_measure(tasks, log);
        int seen_lucky = 0;
        MeasureFn noisy = [&](std::size_t t, const std::vector<Config>& configs) {
            auto out = truth(t, configs);
            for (auto& r : out)
                if (r.config == lucky && seen_lucky++ == 0) r.cost_mean = 1e-6;  // once, by luck
            return out;
        };
        TuneOptions o;
        o.trials = 16;
        o.strategy = "grid";
        o.verify = verify;
        TuneResult r = tune(tasks, store, kTarget, noisy, o);
        CHECK(r.measured == 16);
        if (verify == 0) {
            CHECK(r.tasks[0].best_config == lucky);
        } else {
            CHECK(r.tasks[0].best_config != lucky);
            CHECK(store.best("w1", kTarget)->config == r.tasks[0].best_config);
            CHECK(log.measured.size() == 16 + 2 * 3);  // default and the 2 best, twice
        }
    }
}
