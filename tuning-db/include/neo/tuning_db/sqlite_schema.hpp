#pragma once
// The schema of the tuning database and its versions.
//
// The file's `PRAGMA user_version` is its schema version: 0 for a file neo has not set up
// yet (a new, empty file), then the version of the last migration applied. Opening a file
// for writing applies, in order and in one transaction, every migration above its version;
// a file of a version above the last one here is refused (it was written by a newer neo).
//
// Version 1:
//   workloads (id, key UNIQUE, op, workload JSON text)
//   targets   (id, key UNIQUE)                       -- target_key() strings
//   records   (id, workload_id -> workloads, target_id -> targets, config text,
//              cost_mean, cost_stdev, runs, error, error_message, compiler_version, time,
//              UNIQUE (workload_id, target_id, config))
//   index records_rank (workload_id, target_id, error, cost_mean)
//   view  best: per (workload, target) the error-free record of lowest cost_mean (ties: the
//              smaller config text), with workload_key, op, workload, target_key and every
//              column of the record.
// Version 2:
//   records gets model_cost (REAL, NULL when never measured inside the whole model)
//   view  best: per (workload, target) the error-free record first in choice_rank_less
//              order (record_store.hpp): lowest model_cost among those that have one, else
//              lowest cost_mean; ties by config text; with model_cost as its last column.
// To change the schema, append a migration with the next version; never edit a released one.
#include <filesystem>
#include <string>
#include <vector>

struct sqlite3;

namespace neo::tuning_db {

struct Migration {
    int version;        // the schema version after this step
    std::string what;   // one line: what the step changes
    std::string sql;    // statements run inside the upgrade transaction
};

// Every migration, versions 1, 2, ... in order.
const std::vector<Migration>& schema_migrations();
// The version of the last migration: what this neo writes.
int schema_version();

// Brings the open database `db` (of `file`, for messages) to the last version of `steps`
// (versions ascending from 1) in one IMMEDIATE transaction, under the connection's busy
// timeout. UserError naming the file for a newer version or a failed step.
void migrate(sqlite3* db, const std::filesystem::path& file, const std::vector<Migration>& steps);

// The database's `PRAGMA user_version`.
int user_version(sqlite3* db, const std::filesystem::path& file);

}  // namespace neo::tuning_db
