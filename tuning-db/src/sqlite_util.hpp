#pragma once
// Small RAII wrappers over the SQLite C API for the tuning database: a connection that
// turns failures into UserErrors naming the file, and prepared statements.
#include <cstdint>
#include <filesystem>
#include <string>

#include <sqlite3.h>

namespace neo::tuning_db::sql {

// Throws the UserError for SQLite result `rc` of `what` on the database `file`:
// a non-database or damaged file, a lock held too long, or SQLite's own message.
[[noreturn]] void fail(sqlite3* db, const std::filesystem::path& file, int rc, const std::string& what);

class Connection {
public:
    Connection(const std::filesystem::path& file, bool read_only, int busy_timeout_ms);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* get() const { return db_; }
    const std::filesystem::path& file() const { return file_; }
    // Runs statements without results (several, separated by ';').
    void exec(const std::string& sql_text, const std::string& what) const;
    // The single text or integer result of a one-row query (a PRAGMA).
    std::string query_text(const std::string& sql_text) const;
    [[noreturn]] void fail(int rc, const std::string& what) const { sql::fail(db_, file_, rc, what); }

private:
    sqlite3* db_ = nullptr;
    std::filesystem::path file_;
};

class Statement {
public:
    Statement(const Connection& c, const char* sql_text);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds parameter i (from 1). Text is copied.
    Statement& bind(int i, const std::string& v);
    Statement& bind(int i, double v);
    Statement& bind(int i, int64_t v);
    // Advances: true when a row is there, false when done. Throws on failure.
    bool step();
    // Ready for new bindings (also after a failure).
    void reset();

    std::string text(int col) const;
    double real(int col) const;
    int64_t integer(int col) const;
    bool is_null(int col) const;

private:
    const Connection& c_;
    sqlite3_stmt* s_ = nullptr;
};

// Resets a statement when the scope ends, however it ends.
class Using {
public:
    explicit Using(Statement& s) : s_(s) { s_.reset(); }
    ~Using() { s_.reset(); }
    Statement* operator->() { return &s_; }
    Statement& operator*() { return s_; }

private:
    Statement& s_;
};

// An IMMEDIATE transaction: commit() ends it; otherwise the destructor rolls it back.
class Transaction {
public:
    explicit Transaction(const Connection& c);
    ~Transaction();
    void commit();

private:
    const Connection& c_;
    bool open_ = false;
};

}  // namespace neo::tuning_db::sql
