#include "neo/tuning_db/sqlite_store.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "neo/core/util/error.hpp"
#include "neo/tuning_db/sqlite_schema.hpp"
#include "sqlite_util.hpp"

namespace neo::tuning_db {

namespace {

// Switches the file to WAL and returns the journal mode it then has. That needs an exclusive
// lock, and SQLite does not wait through the busy handler for it while another connection
// sets up the same new file (to avoid a deadlock): so this retries until `timeout_ms` passed.
std::string switch_to_wal(sqlite3* db, const std::filesystem::path& file, int timeout_ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        sqlite3_stmt* s = nullptr;
        std::string mode;
        int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &s, nullptr);
        if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(s, 0);
            mode = text ? reinterpret_cast<const char*>(text) : "";
            rc = SQLITE_OK;
        }
        sqlite3_finalize(s);
        if (rc == SQLITE_OK) return mode;
        const bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
        if (!busy || std::chrono::steady_clock::now() >= until) sql::fail(db, file, rc, "switching it to WAL journal mode");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// The columns every record query selects, in the order read_record() reads them.
#define NEO_RECORD_COLUMNS                                                                       \
    "w.key, w.op, w.workload, t.key, r.config, r.cost_mean, r.cost_stdev, r.runs, r.error, "    \
    "r.error_message, r.compiler_version, r.time, r.model_cost "
#define NEO_RECORD_FROM                                                                          \
    "FROM records r JOIN workloads w ON w.id = r.workload_id JOIN targets t ON t.id = r.target_id "
// Valid first, cheaper first (failed records have no meaningful cost), then by config.
#define NEO_RECORD_RANK "ORDER BY r.error <> 'ok', CASE WHEN r.error = 'ok' THEN r.cost_mean ELSE 0 END, r.config"

Record read_record(const sql::Statement& s, const std::filesystem::path& file) {
    Record r;
    r.workload_key = s.text(0);
    r.op = s.text(1);
    try {
        r.workload = nlohmann::json::parse(s.text(2));
        r.config = nlohmann::json::parse(s.text(4));
    } catch (const nlohmann::json::exception& e) {
        throw UserError(file.string() + ": a record of workload " + r.workload_key + " holds text that is not JSON (" +
                        e.what() + "); the database was changed by something other than neo");
    }
    r.target_key = s.text(3);
    r.cost_mean = s.real(5);
    r.cost_stdev = s.real(6);
    r.runs = s.integer(7);
    const std::string error = s.text(8);
    auto code = parse_error(error);
    if (!code) throw UserError(file.string() + ": a record of workload " + r.workload_key + " has unknown error code '" + error + "'");
    r.error = *code;
    r.error_message = s.text(9);
    r.compiler_version = s.text(10);
    r.time = s.integer(11);
    if (!s.is_null(12)) r.model_cost = s.real(12);
    return r;
}

}  // namespace

struct SqliteStore::Impl {
    Impl(const std::filesystem::path& file, Options o)
        : db(file, o.read_only, o.busy_timeout_ms), read_only_(o.read_only) {
        // Any statement on a file that is not a database fails here with a clear message.
        const int version = user_version(db.get(), file);
        if (o.read_only) {
            // A newer version is refused by migrate() before it writes anything.
            if (version > schema_version()) migrate(db.get(), file, schema_migrations());
            if (version < schema_version())
                throw UserError(file.string() + ": the tuning database has schema version " + std::to_string(version) +
                                (version == 0 ? " (it is empty or not set up by neo)" : "") + ", this neo reads version " +
                                std::to_string(schema_version()) + "; open it once with neo-tune to upgrade it");
        } else {
            if (switch_to_wal(db.get(), file, o.busy_timeout_ms) != "wal")
                throw UserError(file.string() + ": cannot switch the tuning database to WAL journal mode; "
                                "is it on a file system without shared memory (a network share)?");
            db.exec("PRAGMA synchronous = FULL", "setting durable commits");
            migrate(db.get(), file, schema_migrations());
        }
        db.exec("PRAGMA foreign_keys = ON", "enabling foreign keys");
        prepare();
    }

    void prepare() {
        const auto make = [&](const char* text) { return std::make_unique<sql::Statement>(db, text); };
        if (!read_only_) {
            insert_workload = make("INSERT INTO workloads (key, op, workload) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO NOTHING");
            workload_id = make("SELECT id FROM workloads WHERE key = ?1");
            insert_target = make("INSERT INTO targets (key) VALUES (?1) ON CONFLICT (key) DO NOTHING");
            target_id = make("SELECT id FROM targets WHERE key = ?1");
            upsert = make(
                "INSERT INTO records (workload_id, target_id, config, cost_mean, cost_stdev, runs, error, error_message, "
                "compiler_version, time, model_cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                "ON CONFLICT (workload_id, target_id, config) DO UPDATE SET cost_mean = excluded.cost_mean, "
                "cost_stdev = excluded.cost_stdev, runs = excluded.runs, error = excluded.error, "
                "error_message = excluded.error_message, compiler_version = excluded.compiler_version, time = excluded.time, "
                "model_cost = coalesce(excluded.model_cost, records.model_cost)");
        }
        best = make("SELECT " NEO_RECORD_COLUMNS NEO_RECORD_FROM
                    "WHERE w.key = ?1 AND t.key = ?2 AND r.error = 'ok' "
                    "ORDER BY r.model_cost IS NULL, r.model_cost, r.cost_mean, r.config LIMIT 1");
        best_of_op = make("SELECT workload_key, op, workload, target_key, config, cost_mean, cost_stdev, runs, error, "
                          "error_message, compiler_version, time, model_cost FROM best WHERE op = ?1 AND target_key = ?2 "
                          "ORDER BY workload_key");
        records = make("SELECT " NEO_RECORD_COLUMNS NEO_RECORD_FROM "WHERE w.key = ?1 AND t.key = ?2 " NEO_RECORD_RANK);
        measured = make("SELECT 1 " NEO_RECORD_FROM "WHERE w.key = ?1 AND t.key = ?2 AND r.config = ?3");
        all = make("SELECT " NEO_RECORD_COLUMNS NEO_RECORD_FROM "ORDER BY w.key, t.key, r.config");
        count = make("SELECT count(*) FROM records");
    }

    // The id of a workload or target key, inserting it when new (inside a transaction).
    int64_t id_of(sql::Statement& insert, sql::Statement& select, std::map<std::string, int64_t>& cache,
                  const std::string& key, const Record* r) {
        if (auto it = cache.find(key); it != cache.end()) return it->second;
        {
            sql::Using ins(insert);
            ins->bind(1, key);
            if (r) ins->bind(2, r->op).bind(3, r->workload.dump());
            ins->step();
        }
        sql::Using sel(select);
        sel->bind(1, key);
        if (!sel->step()) throw InternalError("tuning database: key just inserted is missing: " + key);
        return cache[key] = sel->integer(0);
    }

    std::vector<Record> read_all(sql::Statement& s) {
        std::vector<Record> out;
        while (s.step()) out.push_back(read_record(s, db.file()));
        return out;
    }

    sql::Connection db;
    bool read_only_ = false;
    std::unique_ptr<sql::Statement> insert_workload, workload_id, insert_target, target_id, upsert;
    std::unique_ptr<sql::Statement> best, best_of_op, records, measured, all, count;
    std::mutex mutex;
};

SqliteStore::SqliteStore(const std::filesystem::path& file) : SqliteStore(file, Options{}) {}

SqliteStore::SqliteStore(const std::filesystem::path& file, Options options)
    : impl_(std::make_unique<Impl>(file, options)) {}

SqliteStore::~SqliteStore() = default;

const std::filesystem::path& SqliteStore::file() const { return impl_->db.file(); }

void SqliteStore::add(std::span<const Record> batch) {
    for (const Record& r : batch)
        if (auto why = check_record(r))
            throw UserError("tuning record for workload " + r.workload_key + ": " + *why);
    if (batch.empty()) return;
    std::lock_guard lock(impl_->mutex);
    Impl& m = *impl_;
    if (!m.upsert) throw UserError(file().string() + ": the tuning database is open for reading only");
    sql::Transaction tx(m.db);
    std::map<std::string, int64_t> workloads, targets;
    for (const Record& r : batch) {
        const int64_t w = m.id_of(*m.insert_workload, *m.workload_id, workloads, r.workload_key, &r);
        const int64_t t = m.id_of(*m.insert_target, *m.target_id, targets, r.target_key, nullptr);
        sql::Using s(*m.upsert);
        s->bind(1, w).bind(2, t).bind(3, canonical_config(r.config)).bind(4, r.cost_mean).bind(5, r.cost_stdev);
        s->bind(6, r.runs).bind(7, std::string(error_name(r.error))).bind(8, r.error_message);
        s->bind(9, r.compiler_version).bind(10, r.time);
        if (r.model_cost) s->bind(11, *r.model_cost);  // else NULL (reset clears the bindings)
        s->step();
    }
    tx.commit();
}

std::optional<Record> SqliteStore::best(const std::string& workload_key, const std::string& target_key) const {
    std::lock_guard lock(impl_->mutex);
    sql::Using s(*impl_->best);
    s->bind(1, workload_key).bind(2, target_key);
    if (!s->step()) return std::nullopt;
    return read_record(*s, file());
}

std::vector<Record> SqliteStore::best_of_op(const std::string& op, const std::string& target_key) const {
    std::lock_guard lock(impl_->mutex);
    sql::Using s(*impl_->best_of_op);
    s->bind(1, op).bind(2, target_key);
    return impl_->read_all(*s);
}

std::vector<Record> SqliteStore::records(const std::string& workload_key, const std::string& target_key) const {
    std::lock_guard lock(impl_->mutex);
    sql::Using s(*impl_->records);
    s->bind(1, workload_key).bind(2, target_key);
    return impl_->read_all(*s);
}

bool SqliteStore::measured(const std::string& workload_key, const std::string& target_key,
                           const nlohmann::json& config) const {
    std::lock_guard lock(impl_->mutex);
    sql::Using s(*impl_->measured);
    s->bind(1, workload_key).bind(2, target_key).bind(3, canonical_config(config));
    return s->step();
}

std::vector<Record> SqliteStore::all() const {
    std::lock_guard lock(impl_->mutex);
    sql::Using s(*impl_->all);
    return impl_->read_all(*s);
}

std::size_t SqliteStore::size() const {
    std::lock_guard lock(impl_->mutex);
    sql::Using s(*impl_->count);
    s->step();
    return static_cast<std::size_t>(s->integer(0));
}

}  // namespace neo::tuning_db
