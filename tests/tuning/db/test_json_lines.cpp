#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "db_test_util.hpp"
#include "neo/core/util/error.hpp"
#include "neo/tuning_db/json_lines.hpp"
#include "neo/tuning_db/memory_store.hpp"
#include "neo/tuning_db/sqlite_store.hpp"

using namespace neo::tuning_db;
using neo::test::make_record;

namespace {

std::vector<Record> sample_records() {
    std::vector<Record> rs;
    for (int w = 0; w < 5; ++w)
        for (int tile = 1; tile <= 4; ++tile)
            rs.push_back(make_record("w" + std::to_string(w), tile, 1e-3 / tile + w * 1e-7,
                                     tile == 3 ? ErrorCode::wrong_answer : ErrorCode::ok));
    rs[1].model_cost = 0.7e-3;  // measured inside the whole model too
    rs.push_back(make_record("w0", 9, 0.1234567890123456789, ErrorCode::ok, "LINUX/ARM64/NONE/cortex-a53/+neon"));
    rs.back().workload = {{"inputs", {{{"dtype", "f32"}, {"shape", "[1,3,224,224]"}}}}, {"text", "quotes \" and ünïcode"}};
    return rs;
}

std::string dump_all(const RecordStore& s) {
    std::ostringstream out;
    export_json_lines(s, out);
    return out.str();
}

}  // namespace

TEST_CASE("JSON lines round trip: SQLite -> log -> memory -> log -> SQLite keeps every record") {
    neo::test::ScratchDir dir("roundtrip");
    SqliteStore db(dir / "a.db");
    db.add(sample_records());
    const std::string log = dump_all(db);
    CHECK(std::count(log.begin(), log.end(), '\n') == 21);

    MemoryStore memory;
    std::istringstream in(log);
    CHECK(import_json_lines(memory, in, "a.jsonl", 7) == 21);
    CHECK(dump_all(memory) == log);

    // Through files, into another database.
    CHECK(export_json_lines(memory, dir / "b.jsonl") == 21);
    SqliteStore db2(dir / "b.db");
    CHECK(import_json_lines(db2, dir / "b.jsonl") == 21);
    CHECK(dump_all(db2) == log);
    // Costs survive exactly (shortest round-trip number text).
    CHECK(db2.best("conv:w0", "LINUX/ARM64/NONE/cortex-a53/+neon")->cost_mean == 0.1234567890123456789);
    CHECK(db2.best("conv:w0", neo::test::kTarget)->model_cost == 0.7e-3);

    // Importing the same log again changes nothing.
    std::istringstream again(log);
    import_json_lines(db2, again, "a.jsonl");
    CHECK(db2.size() == 21);
    CHECK(dump_all(db2) == log);
}

TEST_CASE("a log line holds every key of a record, and optional keys take their defaults") {
    const Record r = make_record("a", 4, 2e-3, ErrorCode::timeout);
    nlohmann::json j = record_to_json(r);
    for (const char* k : {"workload_key", "op", "target", "config", "error", "cost_mean", "runs", "workload",
                          "cost_stdev", "error_message", "compiler_version", "time"})
        CHECK(j.contains(k));
    CHECK(j["error"] == "timeout");
    CHECK(record_to_json(record_from_json(j)) == j);

    auto minimal = nlohmann::json::parse(
        R"({"workload_key":"k","op":"Conv","target":"T","config":{"tile":4},"error":"ok","cost_mean":0.5,"runs":3,"note":"ignored"})");
    Record m = record_from_json(minimal);
    CHECK(m.workload == nlohmann::json::object());
    CHECK(m.cost_stdev == 0);
    CHECK(m.error_message.empty());
    CHECK(m.compiler_version.empty());
    CHECK(m.time == 0);
    CHECK_FALSE(m.model_cost);
    CHECK_FALSE(record_to_json(m).contains("model_cost"));

    // The in-model cost travels when there is one, and must be a number >= 0.
    minimal["model_cost"] = 0.25;
    CHECK(record_from_json(minimal).model_cost == 0.25);
    CHECK(record_to_json(record_from_json(minimal))["model_cost"] == 0.25);
    minimal["model_cost"] = "fast";
    CHECK_THROWS_WITH_AS(record_from_json(minimal), "\"model_cost\" must be a number, not \"fast\"", neo::UserError);
    minimal["model_cost"] = -0.5;
    CHECK_THROWS_WITH_AS(record_from_json(minimal), doctest::Contains("model_cost -0.5"), neo::UserError);
}

TEST_CASE("a bad log line is reported with its line number and nothing is imported") {
    const std::string good = record_to_json(make_record("a", 1, 1e-3)).dump();
    struct Case {
        std::string line, message;
    };
    const std::vector<Case> cases = {
        {"{not json", "log.jsonl:3: not valid JSON"},
        {"[1,2,3]", "log.jsonl:3: a record must be a JSON object"},
        {R"({"op":"Conv","target":"T","config":{},"error":"ok","cost_mean":1,"runs":1})", "log.jsonl:3: missing key \"workload_key\""},
        {R"({"workload_key":"k","op":"Conv","target":"T","config":[],"error":"ok","cost_mean":1,"runs":1})",
         "log.jsonl:3: \"config\" must be an object"},
        {R"({"workload_key":"k","op":"Conv","target":"T","config":{},"error":"crashed","cost_mean":1,"runs":1})",
         "log.jsonl:3: \"error\" must be one of ok, build, run, wrong_answer, timeout, not \"crashed\""},
        {R"({"workload_key":"k","op":"Conv","target":"T","config":{},"error":"ok","cost_mean":"fast","runs":1})",
         "log.jsonl:3: \"cost_mean\" must be a number"},
        {R"({"workload_key":"k","op":"Conv","target":"T","config":{},"error":"ok","cost_mean":1,"runs":1.5})",
         "log.jsonl:3: \"runs\" must be an integer"},
        {R"({"workload_key":"k","op":"Conv","target":"T","config":{},"error":"ok","cost_mean":-2,"runs":1})",
         "log.jsonl:3: cost_mean"},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        // Line 2 is blank: blank lines are skipped but counted.
        std::istringstream in(good + "\n\n" + c.line + "\n" + good + "\n");
        MemoryStore store;
        CHECK_THROWS_WITH_AS(import_json_lines(store, in, "log.jsonl"), doctest::Contains(c.message.c_str()), neo::UserError);
        CHECK(store.size() == 0);
    }
    MemoryStore store;
    CHECK_THROWS_WITH_AS(import_json_lines(store, std::filesystem::path("/nonexistent/x.jsonl")),
                         "/nonexistent/x.jsonl: cannot open the tuning log", neo::UserError);
}
