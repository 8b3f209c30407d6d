#include "neo/tuning_db/sqlite_schema.hpp"

#include <sqlite3.h>

#include "neo/core/util/error.hpp"
#include "sqlite_util.hpp"

namespace neo::tuning_db {

namespace {

const char* kVersion1 = R"sql(
CREATE TABLE workloads (
  id       INTEGER PRIMARY KEY,
  key      TEXT NOT NULL UNIQUE,
  op       TEXT NOT NULL,
  workload TEXT NOT NULL
);
CREATE INDEX workloads_op ON workloads (op);
CREATE TABLE targets (
  id  INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE
);
CREATE TABLE records (
  id               INTEGER PRIMARY KEY,
  workload_id      INTEGER NOT NULL REFERENCES workloads (id),
  target_id        INTEGER NOT NULL REFERENCES targets (id),
  config           TEXT NOT NULL,
  cost_mean        REAL NOT NULL CHECK (cost_mean >= 0),
  cost_stdev       REAL NOT NULL CHECK (cost_stdev >= 0),
  runs             INTEGER NOT NULL CHECK (runs >= 0),
  error            TEXT NOT NULL CHECK (error IN ('ok', 'build', 'run', 'wrong_answer', 'timeout')),
  error_message    TEXT NOT NULL,
  compiler_version TEXT NOT NULL,
  time             INTEGER NOT NULL,
  UNIQUE (workload_id, target_id, config)
);
CREATE INDEX records_rank ON records (workload_id, target_id, error, cost_mean);
CREATE VIEW best AS
SELECT workload_key, op, workload, target_key, config, cost_mean, cost_stdev, runs, error,
       error_message, compiler_version, time, workload_id, target_id, id
FROM (SELECT w.key AS workload_key, w.op, w.workload, t.key AS target_key, r.*,
             row_number() OVER (PARTITION BY r.workload_id, r.target_id
                                ORDER BY r.cost_mean, r.config) AS nth
      FROM records r
      JOIN workloads w ON w.id = r.workload_id
      JOIN targets t ON t.id = r.target_id
      WHERE r.error = 'ok')
WHERE nth = 1;
)sql";

// The kernel's time inside the whole model, and the best view ranking by it first.
const char* kVersion2 = R"sql(
ALTER TABLE records ADD COLUMN model_cost REAL CHECK (model_cost IS NULL OR model_cost >= 0);
DROP VIEW best;
CREATE VIEW best AS
SELECT workload_key, op, workload, target_key, config, cost_mean, cost_stdev, runs, error,
       error_message, compiler_version, time, workload_id, target_id, id, model_cost
FROM (SELECT w.key AS workload_key, w.op, w.workload, t.key AS target_key, r.*,
             row_number() OVER (PARTITION BY r.workload_id, r.target_id
                                ORDER BY r.model_cost IS NULL, r.model_cost, r.cost_mean, r.config) AS nth
      FROM records r
      JOIN workloads w ON w.id = r.workload_id
      JOIN targets t ON t.id = r.target_id
      WHERE r.error = 'ok')
WHERE nth = 1;
)sql";

}  // namespace

const std::vector<Migration>& schema_migrations() {
    static const std::vector<Migration> steps = {
        {1, "workloads, targets and records tables, the best view", kVersion1},
        {2, "records get the kernel's time inside the whole model; the best view prefers it", kVersion2},
    };
    return steps;
}

int schema_version() { return schema_migrations().back().version; }

int user_version(sqlite3* db, const std::filesystem::path& file) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr);
    if (rc != SQLITE_OK) sql::fail(db, file, rc, "reading the schema version");
    rc = sqlite3_step(s);
    const int v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) sql::fail(db, file, rc, "reading the schema version");
    return v;
}

namespace {

void exec(sqlite3* db, const std::filesystem::path& file, const std::string& text, const std::string& what) {
    const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) sql::fail(db, file, rc, what);
}

void refuse_newer(int found, int known, const std::filesystem::path& file) {
    if (found > known)
        throw UserError(file.string() + ": the tuning database has schema version " + std::to_string(found) +
                        ", newer than this neo knows (" + std::to_string(known) +
                        "); use the newer neo that wrote it, or export its records as JSON lines there");
}

}  // namespace

void migrate(sqlite3* db, const std::filesystem::path& file, const std::vector<Migration>& steps) {
    const int last = steps.empty() ? 0 : steps.back().version;
    int version = user_version(db, file);
    refuse_newer(version, last, file);
    if (version == last) return;
    // Another process may be upgrading the same file: take the write lock, then look again.
    exec(db, file, "BEGIN IMMEDIATE", "starting the schema upgrade");
    try {
        version = user_version(db, file);
        refuse_newer(version, last, file);
        for (const Migration& m : steps) {
            if (m.version <= version) continue;
            exec(db, file, m.sql, "upgrading the schema to version " + std::to_string(m.version) + " (" + m.what + ")");
        }
        exec(db, file, "PRAGMA user_version = " + std::to_string(last), "setting the schema version");
        exec(db, file, "COMMIT", "committing the schema upgrade");
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace neo::tuning_db
