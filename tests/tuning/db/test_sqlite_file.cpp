// The SQLite file itself: its schema version and upgrades, files that are not tuning
// databases, read-only use, and the best view.
#include <doctest/doctest.h>

#include <fstream>

#include <sqlite3.h>

#include "db_test_util.hpp"
#include "neo/core/util/error.hpp"
#include "neo/tuning_db/sqlite_schema.hpp"
#include "neo/tuning_db/sqlite_store.hpp"

using namespace neo::tuning_db;
using neo::test::kTarget;
using neo::test::make_record;
namespace fs = std::filesystem;

namespace {

// A raw connection for making and inspecting files by hand.
class Raw {
public:
    explicit Raw(const fs::path& file) : file_(file) {
        REQUIRE(sqlite3_open(file.c_str(), &db_) == SQLITE_OK);
        sqlite3_extended_result_codes(db_, 1);
    }
    ~Raw() { sqlite3_close(db_); }
    void exec(const std::string& sql) {
        char* err = nullptr;
        const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
        INFO(sql << ": " << (err ? err : ""));
        sqlite3_free(err);
        REQUIRE(rc == SQLITE_OK);
    }
    // The first column of the first row as text ("" when there is none).
    std::string text(const std::string& sql) {
        sqlite3_stmt* s = nullptr;
        REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
        std::string v;
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        return v;
    }
    sqlite3* get() { return db_; }

private:
    fs::path file_;
    sqlite3* db_ = nullptr;
};

}  // namespace

TEST_CASE("a new database is set up at the current schema version in WAL mode") {
    neo::test::ScratchDir dir("new");
    { SqliteStore db(dir / "t.db"); }
    Raw raw(dir / "t.db");
    CHECK(raw.text("PRAGMA user_version") == std::to_string(schema_version()));
    CHECK(schema_version() == 2);
    CHECK(raw.text("PRAGMA journal_mode") == "wal");
    for (const char* table : {"workloads", "targets", "records"})
        CHECK(raw.text(std::string("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '") + table + "'") == table);
    CHECK(raw.text("SELECT name FROM sqlite_master WHERE type = 'view'") == "best");
    // Opening it again changes nothing.
    { SqliteStore db(dir / "t.db"); }
    CHECK(raw.text("PRAGMA user_version") == "2");
}

TEST_CASE("the best view agrees with best() and skips failed records") {
    neo::test::ScratchDir dir("view");
    {
        SqliteStore db(dir / "t.db");
        db.add(std::vector<Record>{make_record("a", 1, 3e-3), make_record("a", 2, 2e-3), make_record("a", 3, 1e-9, ErrorCode::run),
                                   make_record("b", 1, 0, ErrorCode::build), make_record("c", 4, 4e-3)});
        CHECK(db.best("conv:a", kTarget)->config["tile"] == 2);
    }
    Raw raw(dir / "t.db");
    CHECK(raw.text("SELECT count(*) FROM best") == "2");
    CHECK(raw.text("SELECT config FROM best WHERE workload_key = 'conv:a'") == R"({"tile":2,"unroll":2})");
    CHECK(raw.text("SELECT count(*) FROM best WHERE workload_key = 'conv:b'") == "0");
    // The uniqueness of (workload, target, config) is the database's own rule.
    const std::string dup = "INSERT INTO records (workload_id, target_id, config, cost_mean, cost_stdev, runs, error, "
                            "error_message, compiler_version, time) SELECT workload_id, target_id, config, 1, 0, 1, 'ok', '', '', 0 "
                            "FROM records LIMIT 1";
    CHECK(sqlite3_exec(raw.get(), dup.c_str(), nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT_UNIQUE);
}

TEST_CASE("an older database is upgraded when opened") {
    neo::test::ScratchDir dir("migrate");
    SUBCASE("version 0: a database neo has not set up keeps what it holds") {
        {
            Raw raw(dir / "old.db");
            raw.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept')");
        }
        {
            SqliteStore db(dir / "old.db");
            db.add(make_record("a", 1, 1e-3));
            CHECK(db.size() == 1);
        }
        Raw raw(dir / "old.db");
        CHECK(raw.text("PRAGMA user_version") == "2");
        CHECK(raw.text("SELECT text FROM notes") == "kept");
    }
    SUBCASE("the current version to a later one: every step runs in order, records are kept") {
        {
            SqliteStore db(dir / "v2.db");
            db.add(std::vector<Record>{make_record("a", 1, 1e-3), make_record("b", 2, 2e-3)});
        }
        std::vector<Migration> steps = schema_migrations();
        steps.push_back({3, "records get a machine column", "ALTER TABLE records ADD COLUMN machine TEXT NOT NULL DEFAULT 'm1'"});
        steps.push_back({4, "an index on it", "CREATE INDEX records_machine ON records (machine)"});
        Raw raw(dir / "v2.db");
        migrate(raw.get(), dir / "v2.db", steps);
        CHECK(raw.text("PRAGMA user_version") == "4");
        CHECK(raw.text("SELECT count(*) FROM records WHERE machine = 'm1'") == "2");
        CHECK(raw.text("SELECT name FROM sqlite_master WHERE name = 'records_machine'") == "records_machine");
        // Running the same steps again is a no-op.
        migrate(raw.get(), dir / "v2.db", steps);
        CHECK(raw.text("PRAGMA user_version") == "4");
    }
    SUBCASE("a failing step leaves the file at its old version, unchanged") {
        { SqliteStore db(dir / "v2.db"); }
        std::vector<Migration> steps = schema_migrations();
        steps.push_back({3, "a table", "CREATE TABLE extra (x)"});
        steps.push_back({4, "a broken step", "SELECT * FROM nowhere"});
        Raw raw(dir / "v2.db");
        CHECK_THROWS_WITH_AS(migrate(raw.get(), dir / "v2.db", steps),
                             doctest::Contains("upgrading the schema to version 4 (a broken step)"), neo::UserError);
        CHECK(raw.text("PRAGMA user_version") == "2");
        CHECK(raw.text("SELECT name FROM sqlite_master WHERE name = 'extra'") == "");
    }
}

TEST_CASE("a version 1 database becomes version 2: its records are kept, without in-model costs") {
    neo::test::ScratchDir dir("v1");
    const fs::path file = dir / "v1.db";
    {
        // A file as the first release wrote it: version 1's schema and two records of one workload.
        Raw raw(file);
        migrate(raw.get(), file, {schema_migrations().front()});
        REQUIRE(raw.text("PRAGMA user_version") == "1");
        raw.exec("INSERT INTO workloads (key, op, workload) VALUES ('conv:a', 'Conv', '{}');"
                 "INSERT INTO targets (key) VALUES ('" + std::string(kTarget) + "');"
                 "INSERT INTO records (workload_id, target_id, config, cost_mean, cost_stdev, runs, error, error_message, "
                 "compiler_version, time) VALUES (1, 1, '{}', 3e-3, 0, 5, 'ok', '', '0.1.0', 1),"
                 "(1, 1, '{\"tile\":2}', 2e-3, 0, 5, 'ok', '', '0.1.0', 2)");
    }
    // neo-build opens read-only: an old file is refused with how to upgrade it.
    CHECK_THROWS_WITH_AS(SqliteStore(file, {.read_only = true}),
                         doctest::Contains("schema version 1, this neo reads version 2; open it once with neo-tune"),
                         neo::UserError);
    {
        SqliteStore db(file);
        const auto records = db.records("conv:a", kTarget);
        REQUIRE(records.size() == 2);
        CHECK_FALSE(records[0].model_cost);
        CHECK_FALSE(records[1].model_cost);
        CHECK(db.best("conv:a", kTarget)->config == nlohmann::json{{"tile", 2}});
        // The in-model check found the default faster inside the model.
        Record dflt = records[1], tile = records[0];
        REQUIRE(dflt.config.empty());
        dflt.model_cost = 2.5e-3;
        tile.model_cost = 2.8e-3;
        db.add(std::vector<Record>{dflt, tile});
    }
    Raw raw(file);
    CHECK(raw.text("PRAGMA user_version") == "2");
    CHECK(raw.text("SELECT count(*) FROM records") == "2");
    CHECK(raw.text("SELECT config FROM best WHERE workload_key = 'conv:a'") == "{}");
    CHECK(raw.text("SELECT model_cost FROM best WHERE workload_key = 'conv:a'") == "0.0025");
    // The database itself refuses a negative in-model cost.
    CHECK(sqlite3_exec(raw.get(), "UPDATE records SET model_cost = -1", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT_CHECK);
    SqliteStore reread(file, {.read_only = true});
    CHECK(reread.best("conv:a", kTarget)->config.empty());
}

TEST_CASE("files that are not usable tuning databases are refused with the file's name") {
    neo::test::ScratchDir dir("refuse");
    SUBCASE("a text file") {
        {
            std::ofstream f(dir / "notes.db");
            for (int i = 0; i < 200; ++i) f << "this is not a database, line " << i << "\n";
        }
        const std::string name = (dir / "notes.db").string();
        CHECK_THROWS_WITH_AS(SqliteStore(dir / "notes.db"), (name + ": is not a tuning database (not an SQLite file); "
                                                             "name a file that neo-tune wrote, or a new file").c_str(),
                             neo::UserError);
        CHECK_THROWS_WITH_AS(SqliteStore(dir / "notes.db", {.read_only = true}), doctest::Contains((name + ": is not a tuning database").c_str()),
                             neo::UserError);
    }
    SUBCASE("a database of a newer schema version") {
        { Raw(dir / "new.db").exec("PRAGMA user_version = 7"); }
        const std::string name = (dir / "new.db").string();
        const std::string message = name + ": the tuning database has schema version 7, newer than this neo knows (2)";
        CHECK_THROWS_WITH_AS(SqliteStore(dir / "new.db"), doctest::Contains(message.c_str()), neo::UserError);
        CHECK_THROWS_WITH_AS(SqliteStore(dir / "new.db", {.read_only = true}), doctest::Contains(message.c_str()), neo::UserError);
    }
    SUBCASE("a damaged database") {
        {
            SqliteStore db(dir / "bad.db");
            std::vector<Record> rs;
            for (int i = 0; i < 2000; ++i) rs.push_back(make_record("w" + std::to_string(i), i, 1e-3));
            db.add(rs);
        }
        {
            // Overwrite pages in the middle of the file (its header stays intact).
            Raw(dir / "bad.db").exec("PRAGMA wal_checkpoint(TRUNCATE)");
            std::fstream f(dir / "bad.db", std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(4096);
            for (int i = 0; i < 3 * 4096; ++i) f.put(static_cast<char>(0xA5));
        }
        const std::string name = (dir / "bad.db").string();
        auto use = [&] {
            SqliteStore db(dir / "bad.db");
            (void)db.all();
        };
        CHECK_THROWS_WITH_AS(use(), doctest::Contains((name + ": the tuning database is damaged").c_str()), neo::UserError);
    }
    SUBCASE("read-only: a file neo has not set up is not upgraded") {
        { Raw(dir / "empty.db").exec("CREATE TABLE t (x)"); }
        CHECK_THROWS_WITH_AS(SqliteStore(dir / "empty.db", {.read_only = true}),
                             doctest::Contains("has schema version 0 (it is empty or not set up by neo), this neo reads "
                                               "version 2; open it once with neo-tune to upgrade it"),
                             neo::UserError);
    }
    SUBCASE("read-only: adding is refused") {
        { SqliteStore(dir / "t.db").add(make_record("a", 1, 1e-3)); }
        SqliteStore db(dir / "t.db", {.read_only = true});
        CHECK(db.size() == 1);
        CHECK_THROWS_WITH_AS(db.add(make_record("a", 2, 1e-3)), doctest::Contains("open for reading only"), neo::UserError);
    }
}
