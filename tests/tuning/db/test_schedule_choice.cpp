// Choosing schedules from records: own record, nearest tuned workload, default.
#include <doctest/doctest.h>

#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/tuning_db/memory_store.hpp"
#include "neo/tuning_db/schedule_choice.hpp"

using namespace neo::tuning_db;
using nlohmann::json;

namespace {

json tensor(const std::string& shape, const std::string& dtype = "f32") { return {{"dtype", dtype}, {"shape", shape}}; }

// A MatMul task of [m,k] x [k,n].
neo::TuningTask matmul(int m, int k, int n, const std::string& dtype = "f32") {
    const std::string a = "[" + std::to_string(m) + "," + std::to_string(k) + "]";
    const std::string b = "[" + std::to_string(k) + "," + std::to_string(n) + "]";
    const std::string c = "[" + std::to_string(m) + "," + std::to_string(n) + "]";
    json w = {{"op", "MatMul"}, {"inputs", {tensor(a, dtype), tensor(b, dtype)}}, {"outputs", {tensor(c, dtype)}}, {"attrs", json::object()}};
    return {w.dump(), "MatMul", w, {"mm_" + std::to_string(m) + "_" + std::to_string(k) + "_" + std::to_string(n)}};
}

neo::ScheduleSpace space(int max_tile) {
    neo::Knob tile{"tile", {}};
    for (int t = 1; t <= max_tile; t *= 2) tile.choices.push_back(t);
    return {tile, {"parallel", {0, 1}}};
}

Record record_for(const neo::TuningTask& t, const std::string& target, const json& config, double cost,
                  ErrorCode error = ErrorCode::ok) {
    Record r;
    r.workload_key = t.key;
    r.workload = t.workload;
    r.op = t.op;
    r.target_key = target;
    r.config = config;
    r.cost_mean = cost;
    r.runs = 3;
    r.error = error;
    return r;
}

neo::TargetSpec host() {
    return neo::resolve_target(neo::DeviceCatalog::builtin(), std::nullopt, R"({"Os":"LINUX","Arch":"X86_64"})",
                               R"({"mcpu":"znver4"})");
}

}  // namespace

TEST_CASE("the target key names OS, arch, accelerator, CPU and sorted features") {
    neo::TargetSpec t = host();
    t.features = {"+fma", "+avx2", "+fma"};
    CHECK(target_key(t) == "LINUX/X86_64/NONE/znver4/+avx2,+fma");
    t.features.clear();
    t.cpu.clear();
    CHECK(target_key(t) == "LINUX/X86_64/NONE/generic/");
    neo::TargetSpec pi = neo::resolve_target(neo::DeviceCatalog::builtin(), std::string("rasp3b"), std::nullopt, std::nullopt);
    CHECK(target_key(pi).rfind("LINUX/ARM_EABIHF/NONE/", 0) == 0);
    pi.accelerator = neo::Accelerator::mali;
    CHECK(target_key(pi).find("/MALI/") != std::string::npos);
    // A set thread count is part of the key; 0 (every CPU) keeps the plain key.
    CHECK(target_key(t, 0) == "LINUX/X86_64/NONE/generic/");
    CHECK(target_key(t, 1) == "LINUX/X86_64/NONE/generic//threads=1");
    CHECK(target_key(t, 16) == "LINUX/X86_64/NONE/generic//threads=16");
    CHECK(target_key_threads(target_key(t, 16), t) == 16);
    CHECK(target_key_threads(target_key(t), t) == 0);
    CHECK_FALSE(target_key_threads(target_key(t) + "/threads=0", t));
    CHECK_FALSE(target_key_threads(target_key(pi, 2), t));
}

TEST_CASE("records count only at the thread count the model is built for") {
    const neo::TargetSpec target = host();
    const auto a = matmul(1, 64, 32), b = matmul(1, 64, 48), c = matmul(4, 4, 4, "i8");
    MemoryStore store;
    store.add(std::vector<Record>{
        record_for(a, target_key(target), {{"tile", 4}}, 2e-6),
        record_for(a, target_key(target, 1), {{"tile", 8}}, 1e-6),
        record_for(b, target_key(target, 2), {{"tile", 2}}, 1e-6),
        record_for(c, target_key(target, 4), {{"tile", 2}}, 1e-6, ErrorCode::run),  // failed: no hint
        record_for(c, target_key(target) + "/threads=x", {{"tile", 2}}, 1e-6),    // not a count
    });
    auto space_of = [](const neo::TuningTask&) { return space(8); };

    const ScheduleChoice all_cpus = choose_schedules(store, {a, b, c}, target, space_of);
    CHECK(all_cpus.target_key == target_key(target));
    CHECK(all_cpus.schedules.at(a.key) == json{{"tile", 4}});
    // b's nearest tuned workload at this count is a, not its own record at 2 threads.
    CHECK(all_cpus.tasks[1].source == ScheduleSource::neighbour);
    CHECK(all_cpus.tasks[2].source == ScheduleSource::untuned);
    CHECK(all_cpus.other_threads.empty());  // b is not untuned, c has no valid record

    const ScheduleChoice one = choose_schedules(store, {a, b, c}, target, space_of, 1);
    CHECK(one.target_key == target_key(target, 1));
    CHECK(one.schedules.at(a.key) == json{{"tile", 8}});
    CHECK(one.schedules.at(b.key) == json{{"tile", 8}});  // a's record at 1 thread, as a neighbour

    const ScheduleChoice four = choose_schedules(store, {a, b, c}, target, space_of, 4);
    CHECK(four.schedules.empty());
    CHECK(four.other_threads == std::vector<int>{0, 1, 2});
}

TEST_CASE("a config fits a schedule space when every knob and value is in it") {
    const auto s = space(8);
    CHECK(fits_space(json::object(), s));
    CHECK(fits_space({{"tile", 4}}, s));
    CHECK(fits_space({{"tile", 8.0}, {"parallel", 1}}, s));
    CHECK_FALSE(fits_space({{"tile", 16}}, s));
    CHECK_FALSE(fits_space({{"tile", 4}, {"unroll", 2}}, s));
    CHECK_FALSE(fits_space({{"tile", "4"}}, s));
    CHECK_FALSE(fits_space(json::array(), s));
}

TEST_CASE("workload distance: same ranks and dtypes, closest by log-volume") {
    const auto a = matmul(1, 64, 32), b = matmul(1, 32, 10), c = matmul(1, 64, 64);
    CHECK(*workload_distance(a.workload, a.workload) == 0);
    CHECK(*workload_distance(a.workload, c.workload) < *workload_distance(a.workload, b.workload));
    CHECK(*workload_distance(a.workload, b.workload) == doctest::Approx(*workload_distance(b.workload, a.workload)));
    CHECK_FALSE(workload_distance(a.workload, matmul(1, 64, 32, "i8").workload));
    json rank3 = a.workload;
    rank3["inputs"][0]["shape"] = "[1,1,64]";
    CHECK_FALSE(workload_distance(a.workload, rank3));
    json three_inputs = a.workload;
    three_inputs["inputs"].push_back(tensor("[32]"));
    CHECK_FALSE(workload_distance(a.workload, three_inputs));
    // Shapes as lists work as well as shape text; an omitted input must be omitted in both.
    json listed = a.workload;
    listed["inputs"][0]["shape"] = {1, 64};
    CHECK(*workload_distance(a.workload, listed) == 0);
    json omitted = three_inputs;
    omitted["inputs"][2] = nullptr;
    CHECK_FALSE(workload_distance(three_inputs, omitted));
    CHECK_FALSE(workload_distance(json::object(), a.workload));
}

TEST_CASE("each task takes its own best record, else the nearest tuned workload's, else the default") {
    const neo::TargetSpec target = host();
    const std::string key = target_key(target);
    const auto tuned = matmul(1, 64, 32), near = matmul(1, 64, 48), far = matmul(1, 8, 4), small_space = matmul(1, 64, 40),
               other_dtype = matmul(1, 64, 32, "i8");
    const auto tuned_far = matmul(1, 4, 4);
    MemoryStore store;
    store.add(std::vector<Record>{
        record_for(tuned, key, {{"tile", 4}}, 2e-6),
        record_for(tuned, key, {{"tile", 8}}, 1e-6, ErrorCode::wrong_answer),  // never chosen
        record_for(tuned, key, {{"tile", 2}}, 3e-6),
        record_for(tuned, "LINUX/ARM64/NONE/generic/", {{"tile", 1}}, 1e-9),  // another target
        record_for(tuned_far, key, {{"tile", 1}, {"parallel", 1}}, 5e-6),
    });
    // The task's spaces: the one of `small_space` lacks tile 4 and tile 2.
    auto space_of = [&](const neo::TuningTask& t) { return t.key == small_space.key ? space(1) : space(8); };
    const ScheduleChoice c = choose_schedules(store, {tuned, near, far, small_space, other_dtype}, target, space_of);
    REQUIRE(c.tasks.size() == 5);
    CHECK(c.target_key == key);

    CHECK(c.tasks[0].source == ScheduleSource::record);
    CHECK(c.schedules.at(tuned.key) == json{{"tile", 4}});
    // Nearest to [1,64]x[64,48] is [1,64]x[64,32], not [1,4]x[4,4].
    CHECK(c.tasks[1].source == ScheduleSource::neighbour);
    CHECK(c.tasks[1].record.workload_key == tuned.key);
    CHECK(c.schedules.at(near.key) == json{{"tile", 4}});
    CHECK(c.tasks[2].source == ScheduleSource::neighbour);
    CHECK(c.schedules.at(far.key) == json{{"tile", 1}, {"parallel", 1}});
    // The nearest's config does not fit this task's space: the next nearest that fits.
    CHECK(c.tasks[3].source == ScheduleSource::neighbour);
    CHECK(c.tasks[3].record.workload_key == tuned_far.key);
    // No tuned workload of this dtype: untuned.
    CHECK(c.tasks[4].source == ScheduleSource::untuned);
    CHECK_FALSE(c.schedules.count(other_dtype.key));

    const std::string text = describe(c);
    INFO(text);
    CHECK(text.find("schedules for 5 tuning task(s) on target " + key +
                    ": 1 from a record, 3 from a neighbour's record, 1 untuned (default schedule)") == 0);
    CHECK(text.find("  untuned: MatMul 'mm_1_64_32'\n") != std::string::npos);
    CHECK(text.find("  neighbour: MatMul 'mm_1_64_48' config {\"tile\":4} from the workload [1,64] [64,32] -> [1,32]") !=
          std::string::npos);
}

TEST_CASE("an own record whose config no longer fits the space is passed over") {
    const neo::TargetSpec target = host();
    const auto t = matmul(2, 2, 2);
    MemoryStore store;
    store.add(std::vector<Record>{record_for(t, target_key(target), {{"tile", 64}}, 1e-6),
                                  record_for(t, target_key(target), {{"tile", 2}}, 2e-6)});
    auto c = choose_schedules(store, {t}, target, [](const neo::TuningTask&) { return space(8); });
    CHECK(c.tasks[0].source == ScheduleSource::record);
    CHECK(c.schedules.at(t.key) == json{{"tile", 2}});
    c = choose_schedules(store, {t}, target, [](const neo::TuningTask&) { return space(1); });
    CHECK(c.tasks[0].source == ScheduleSource::untuned);
    CHECK(c.schedules.empty());
}

TEST_CASE("once measured inside the model, a config that lost there to the default, or led it by less than the margin, is not chosen") {
    const neo::TargetSpec target = host();
    const std::string key = target_key(target);
    const auto lost = matmul(1, 64, 32), won = matmul(1, 64, 64), unchecked = matmul(1, 32, 32), close = matmul(1, 16, 16);
    auto in_model = [&](const neo::TuningTask& t, const json& config, double alone, double model) {
        Record r = record_for(t, key, config, alone);
        r.model_cost = model;
        return r;
    };
    MemoryStore store;
    store.add(std::vector<Record>{
        in_model(lost, json::object(), 3e-6, 3e-6), in_model(lost, {{"tile", 4}}, 1e-6, 4e-6),
        record_for(lost, key, {{"tile", 8}}, 0.5e-6),  // faster alone, never run in the model
        in_model(won, json::object(), 3e-6, 3e-6), in_model(won, {{"tile", 2}}, 2e-6, 2e-6),
        in_model(won, {{"tile", 4}}, 1e-6, 2.5e-6),
        record_for(unchecked, key, json::object(), 3e-6), record_for(unchecked, key, {{"tile", 2}}, 2e-6),
        // 2% ahead of the default in the model: within the margin.
        in_model(close, json::object(), 3e-6, 3e-6), in_model(close, {{"tile", 2}}, 2e-6, 3e-6 * (1 - kInModelMargin + 0.01)),
    });
    const ScheduleChoice c =
        choose_schedules(store, {lost, won, unchecked, close}, target, [](const neo::TuningTask&) { return space(8); });
    REQUIRE(c.tasks.size() == 4);
    CHECK(c.schedules.at(close.key) == json::object());
    CHECK(c.tasks[0].source == ScheduleSource::record);
    CHECK(c.schedules.at(lost.key) == json::object());  // the default schedule
    CHECK(c.schedules.at(won.key) == json{{"tile", 2}});
    CHECK(c.schedules.at(unchecked.key) == json{{"tile", 2}});  // by time alone
    const std::string text = describe(c);
    INFO(text);
    CHECK(text.find("record: MatMul 'mm_1_64_64' config {\"tile\":2} (2 us alone, 2 us in the model)") != std::string::npos);
    CHECK(text.find("record: MatMul 'mm_1_32_32' config {\"tile\":2} (2 us alone)") != std::string::npos);
}
