#include "sqlite_util.hpp"

#include "neo/core/util/error.hpp"

namespace neo::tuning_db::sql {

void fail(sqlite3* db, const std::filesystem::path& file, int rc, const std::string& what) {
    const std::string name = file.string();
    const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        throw UserError(name + ": is not a tuning database (not an SQLite file); name a file that "
                        "neo-tune wrote, or a new file");
    case SQLITE_CORRUPT:
        throw UserError(name + ": the tuning database is damaged (" + message + "); export what can "
                        "be read, or start a new database");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw UserError(name + ": the tuning database stayed locked by another process while " + what +
                        "; try again when the other tuner has finished its batch");
    case SQLITE_CANTOPEN:
        throw UserError(name + ": cannot open the tuning database (" + message + ")");
    case SQLITE_READONLY:
        throw UserError(name + ": the tuning database is read-only (" + message + ")");
    default:
        throw UserError(name + ": tuning database error while " + what + ": " + message);
    }
}

Connection::Connection(const std::filesystem::path& file, bool read_only, int busy_timeout_ms) : file_(file) {
    const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        try {
            sql::fail(db_, file_, rc, "opening it");
        } catch (...) {
            sqlite3_close(db_);
            db_ = nullptr;
            throw;
        }
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
}

Connection::~Connection() {
    if (db_) sqlite3_close_v2(db_);
}

void Connection::exec(const std::string& sql_text, const std::string& what) const {
    const int rc = sqlite3_exec(db_, sql_text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, what);
}

std::string Connection::query_text(const std::string& sql_text) const {
    Statement s(*this, sql_text.c_str());
    return s.step() ? s.text(0) : std::string();
}

Statement::Statement(const Connection& c, const char* sql_text) : c_(c) {
    const int rc = sqlite3_prepare_v3(c.get(), sql_text, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr);
    if (rc != SQLITE_OK) c.fail(rc, std::string("preparing ") + sql_text);
}

Statement::~Statement() { sqlite3_finalize(s_); }

Statement& Statement::bind(int i, const std::string& v) {
    const int rc = sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) c_.fail(rc, "binding a value");
    return *this;
}

Statement& Statement::bind(int i, double v) {
    const int rc = sqlite3_bind_double(s_, i, v);
    if (rc != SQLITE_OK) c_.fail(rc, "binding a value");
    return *this;
}

Statement& Statement::bind(int i, int64_t v) {
    const int rc = sqlite3_bind_int64(s_, i, v);
    if (rc != SQLITE_OK) c_.fail(rc, "binding a value");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string what = std::string("running ") + sqlite3_sql(s_);
    sqlite3_reset(s_);
    c_.fail(rc, what);
}

void Statement::reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
}

std::string Statement::text(int col) const {
    const auto* p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
}

double Statement::real(int col) const { return sqlite3_column_double(s_, col); }
int64_t Statement::integer(int col) const { return sqlite3_column_int64(s_, col); }
bool Statement::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

Transaction::Transaction(const Connection& c) : c_(c) {
    c_.exec("BEGIN IMMEDIATE", "starting a transaction");
    open_ = true;
}

Transaction::~Transaction() {
    if (open_) sqlite3_exec(c_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    c_.exec("COMMIT", "committing a batch");
    open_ = false;
}

}  // namespace neo::tuning_db::sql
