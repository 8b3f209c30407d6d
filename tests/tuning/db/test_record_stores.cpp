// One suite run on both kinds of record store: they must behave the same.
#include <doctest/doctest.h>

#include <memory>

#include "db_test_util.hpp"
#include "neo/core/util/error.hpp"
#include "neo/tuning_db/json_lines.hpp"
#include "neo/tuning_db/memory_store.hpp"
#include "neo/tuning_db/sqlite_store.hpp"

using namespace neo::tuning_db;
using neo::test::kTarget;
using neo::test::make_record;

namespace {

struct MemoryKind {
    std::unique_ptr<RecordStore> make() { return std::make_unique<MemoryStore>(); }
};

struct SqliteKind {
    neo::test::ScratchDir dir{"suite"};
    int opened = 0;
    std::unique_ptr<RecordStore> make() {
        return std::make_unique<SqliteStore>(dir / ("store" + std::to_string(opened++) + ".db"));
    }
};

std::string text(const Record& r) { return record_to_json(r).dump(); }

}  // namespace

TEST_CASE_TEMPLATE("a record store keeps what it was given", Kind, MemoryKind, SqliteKind) {
    Kind kind;
    auto store = kind.make();
    CHECK(store->size() == 0);
    CHECK(store->all().empty());
    CHECK_FALSE(store->best("conv:a", kTarget));

    const Record r = make_record("a", 4, 2e-3);
    store->add(r);
    REQUIRE(store->size() == 1);
    CHECK(text(store->all().front()) == text(r));
    auto best = store->best("conv:a", kTarget);
    REQUIRE(best);
    CHECK(text(*best) == text(r));
    CHECK_FALSE(store->best("conv:a", "LINUX/ARM64/NONE/generic/"));
    CHECK_FALSE(store->best("conv:b", kTarget));
}

TEST_CASE_TEMPLATE("the best record is the cheapest valid one, and errors never win", Kind, MemoryKind, SqliteKind) {
    Kind kind;
    auto store = kind.make();
    std::vector<Record> batch = {
        make_record("a", 1, 5e-3),
        make_record("a", 2, 3e-3),
        make_record("a", 3, 1e-6, ErrorCode::wrong_answer),  // cheapest, but wrong
        make_record("a", 5, 0, ErrorCode::build),
        make_record("a", 6, 0, ErrorCode::timeout),
        make_record("a", 7, 1e-3, ErrorCode::ok, "LINUX/ARM64/NONE/cortex-a72/+neon"),  // another target
        make_record("b", 8, 0, ErrorCode::run),
    };
    store->add(batch);
    CHECK(store->size() == 7);
    auto best = store->best("conv:a", kTarget);
    REQUIRE(best);
    CHECK(best->config["tile"] == 2);
    CHECK(store->best("conv:a", "LINUX/ARM64/NONE/cortex-a72/+neon")->config["tile"] == 7);
    // A workload with only failed records has no best record.
    CHECK_FALSE(store->best("conv:b", kTarget));

    // records(): valid first by cost, then the failed ones by config text.
    const std::vector<Record> rs = store->records("conv:a", kTarget);
    REQUIRE(rs.size() == 5);
    std::vector<int> tiles;
    for (const auto& r : rs) tiles.push_back(r.config["tile"].get<int>());
    CHECK(tiles == std::vector<int>{2, 1, 3, 5, 6});

    // Equal costs: the smaller config text wins, in both kinds.
    store->add(make_record("c", 9, 1e-3));
    store->add(make_record("c", 10, 1e-3));
    CHECK(store->best("conv:c", kTarget)->config["tile"] == 10);  // "{"tile":10,...}" < "{"tile":9,...}"
}

TEST_CASE_TEMPLATE("best_of_op lists the best record of every workload of an op", Kind, MemoryKind, SqliteKind) {
    Kind kind;
    auto store = kind.make();
    Record other = make_record("m", 1, 1e-3);
    other.workload_key = "matmul:m";
    other.op = "MatMul";
    store->add(std::vector<Record>{make_record("a", 1, 5e-3), make_record("a", 2, 3e-3), make_record("b", 3, 0, ErrorCode::run),
                                   make_record("c", 4, 7e-3), other});
    auto conv = store->best_of_op("Conv", kTarget);
    REQUIRE(conv.size() == 2);
    CHECK(conv[0].workload_key == "conv:a");
    CHECK(conv[0].config["tile"] == 2);
    CHECK(conv[1].workload_key == "conv:c");
    CHECK(store->best_of_op("MatMul", kTarget).size() == 1);
    CHECK(store->best_of_op("Conv", "WINDOWS/X86_64/NONE/generic/").empty());
}

TEST_CASE_TEMPLATE("a resumed tuner can ask whether a config was measured", Kind, MemoryKind, SqliteKind) {
    Kind kind;
    auto store = kind.make();
    store->add(std::vector<Record>{make_record("a", 1, 5e-3), make_record("a", 2, 0, ErrorCode::timeout)});
    CHECK(store->measured("conv:a", kTarget, {{"tile", 1}, {"unroll", 2}}));
    // Key order does not matter: configs are compared as canonical text.
    CHECK(store->measured("conv:a", kTarget, nlohmann::json::parse(R"({"unroll":2,"tile":2})")));
    CHECK_FALSE(store->measured("conv:a", kTarget, {{"tile", 3}, {"unroll", 2}}));
    CHECK_FALSE(store->measured("conv:a", "LINUX/ARM64/NONE/generic/", {{"tile", 1}, {"unroll", 2}}));
    CHECK_FALSE(store->measured("conv:z", kTarget, {{"tile", 1}, {"unroll", 2}}));
}

TEST_CASE_TEMPLATE("a config measured again replaces its record", Kind, MemoryKind, SqliteKind) {
    Kind kind;
    auto store = kind.make();
    store->add(make_record("a", 1, 5e-3));
    Record again = make_record("a", 1, 4e-3);
    again.runs = 50;
    again.workload = {{"changed", true}};  // the workload of a key is that of its first record
    store->add(again);
    REQUIRE(store->size() == 1);
    auto r = store->all().front();
    CHECK(r.cost_mean == 4e-3);
    CHECK(r.runs == 50);
    CHECK(r.workload == make_record("a", 1, 0).workload);
}

TEST_CASE_TEMPLATE("a batch with a bad record adds nothing", Kind, MemoryKind, SqliteKind) {
    Kind kind;
    auto store = kind.make();
    Record bad = make_record("b", 2, 1e-3);
    bad.cost_mean = -1;
    std::vector<Record> batch = {make_record("a", 1, 1e-3), bad};
    CHECK_THROWS_WITH_AS(store->add(batch), doctest::Contains("conv:b: cost_mean"), neo::UserError);
    CHECK(store->size() == 0);
    bad = make_record("b", 2, 1e-3);
    bad.config = nlohmann::json::array({1, 2});
    CHECK_THROWS_WITH_AS(store->add(bad), doctest::Contains("the config is not a JSON object"), neo::UserError);
    bad = make_record("b", 2, 1e-3);
    bad.target_key.clear();
    CHECK_THROWS_WITH_AS(store->add(bad), doctest::Contains("the target key is empty"), neo::UserError);
    CHECK(store->size() == 0);
}

TEST_CASE_TEMPLATE("all() orders records by workload, target and config", Kind, MemoryKind, SqliteKind) {
    Kind kind;
    auto store = kind.make();
    store->add(std::vector<Record>{make_record("b", 2, 1e-3), make_record("a", 3, 1e-3, ErrorCode::ok, "Z"),
                                   make_record("a", 1, 2e-3, ErrorCode::run), make_record("a", 2, 1e-3, ErrorCode::ok, "A")});
    std::vector<std::string> got;
    for (const auto& r : store->all()) got.push_back(r.workload_key + " " + r.target_key + " " + r.config.dump());
    CHECK(got == std::vector<std::string>{
                     "conv:a A {\"tile\":2,\"unroll\":2}",
                     "conv:a LINUX/X86_64/NONE/znver4/+avx512f {\"tile\":1,\"unroll\":2}",
                     "conv:a Z {\"tile\":3,\"unroll\":2}",
                     "conv:b LINUX/X86_64/NONE/znver4/+avx512f {\"tile\":2,\"unroll\":2}",
                 });
}

TEST_CASE_TEMPLATE("in-model costs decide the best record and outlive a new measurement alone", Kind, MemoryKind, SqliteKind) {
    Kind kind;
    auto store = kind.make();
    Record dflt = make_record("a", 1, 3e-3), fast_alone = make_record("a", 2, 1e-3), slow_alone = make_record("a", 3, 2e-3);
    dflt.config = nlohmann::json::object();
    store->add(std::vector<Record>{dflt, fast_alone, slow_alone});
    CHECK(store->best("conv:a", kTarget)->config == fast_alone.config);  // no in-model costs yet: by time alone

    // Inside the model the fastest alone lost to the default, the other won.
    dflt.model_cost = 3e-3;
    fast_alone.model_cost = 4e-3;
    slow_alone.model_cost = 2.5e-3;
    store->add(std::vector<Record>{dflt, fast_alone, slow_alone});
    CHECK(store->best("conv:a", kTarget)->config == slow_alone.config);
    CHECK(store->best_of_op("Conv", kTarget).front().config == slow_alone.config);
    // records() keeps the order by time alone (the tuner's), with the in-model costs.
    const auto rs = store->records("conv:a", kTarget);
    REQUIRE(rs.size() == 3);
    CHECK(rs[0].config == fast_alone.config);
    CHECK(rs[0].model_cost == 4e-3);

    // A new measurement alone (no model_cost) keeps the in-model cost; a config never
    // measured in the model is not preferred to those that were, however fast alone.
    Record again = make_record("a", 2, 0.9e-3);
    Record unchecked = make_record("a", 4, 0.1e-3);
    store->add(std::vector<Record>{again, unchecked});
    CHECK(store->records("conv:a", kTarget)[1].model_cost == 4e-3);
    CHECK(store->best("conv:a", kTarget)->config == slow_alone.config);

    // Once slower than the default in the model, the winner is the default.
    slow_alone.model_cost = 3.5e-3;
    store->add(slow_alone);
    CHECK(store->best("conv:a", kTarget)->config.empty());

    Record bad = make_record("b", 1, 1e-3);
    bad.model_cost = -1;
    CHECK_THROWS_WITH_AS(store->add(bad), doctest::Contains("model_cost -1"), neo::UserError);
}
