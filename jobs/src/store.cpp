#include "neo/jobs/store.hpp"

#include <chrono>
#include <cstdlib>

#include <sqlite3.h>

#include "neo/jobs/errors.hpp"

namespace neo::jobs {
namespace {

// One prepared statement, finalized on scope exit.
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    sqlite3_stmt* get() const { return s_; }
    void bind(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
    std::string text(int col) const {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
    }

private:
    sqlite3_stmt* s_ = nullptr;
};

}  // namespace

std::filesystem::path home_dir() {
    std::filesystem::path home;
    if (const char* h = std::getenv("NEO_HOME"); h && *h) {
        home = h;
    } else if (const char* u = std::getenv("HOME"); u && *u) {
        home = std::filesystem::path(u) / ".neo";
    } else {
        throw UserError("neither $NEO_HOME nor $HOME is set; set NEO_HOME to the folder for neo's job state");
    }
    std::error_code ec;
    std::filesystem::create_directories(home, ec);
    if (ec) throw UserError(home.string() + ": cannot create neo's job folder ($NEO_HOME): " + ec.message());
    return home;
}

double now_seconds() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1e6;
}

JobStore::JobStore(const std::filesystem::path& file) : file_(file) {
    int rc = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw UserError(file.string() + ": cannot open the job store (" + msg + "); check $NEO_HOME");
    }
    sqlite3_busy_timeout(db_, 15000);
    try {
        exec("PRAGMA journal_mode=WAL", "setting up the job store");
        exec("PRAGMA synchronous=NORMAL", "setting up the job store");
        exec("CREATE TABLE IF NOT EXISTS compilation_jobs ("
             " name TEXT PRIMARY KEY COLLATE NOCASE,"
             " record TEXT NOT NULL)", "creating the job table");
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

JobStore::~JobStore() {
    if (db_) sqlite3_close_v2(db_);
}

void JobStore::fail(int rc, const std::string& what) const {
    std::string msg = sqlite3_errmsg(db_);
    if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        throw UserError(file_.string() + ": the job store is not a neo job database or is damaged (" + msg +
                        "); move it away to start a new one");
    if ((rc & 0xff) == SQLITE_BUSY)
        throw UserError(file_.string() + ": the job store stayed locked while " + what + "; try again");
    throw UserError(file_.string() + ": job store error while " + what + ": " + msg);
}

void JobStore::exec(const char* sql, const char* what) const {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, what);
}

std::optional<Job> JobStore::read(const std::string& name) const {
    Stmt s(db_, "SELECT record FROM compilation_jobs WHERE name = ?1");
    s.bind(1, name);
    int rc = sqlite3_step(s.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) fail(rc, "reading job " + name);
    return from_record(nlohmann::json::parse(s.text(0)));
}

void JobStore::write(const Job& job, bool insert) {
    Stmt s(db_, insert ? "INSERT INTO compilation_jobs (name, record) VALUES (?1, ?2)"
                       : "UPDATE compilation_jobs SET record = ?2 WHERE name = ?1");
    s.bind(1, job.name);
    s.bind(2, to_record(job).dump());
    int rc = sqlite3_step(s.get());
    if (rc != SQLITE_DONE) fail(rc, "writing job " + job.name);
}

void JobStore::insert(const Job& job) {
    std::lock_guard lock(mutex_);
    exec("BEGIN IMMEDIATE", "starting a transaction");
    try {
        if (auto old = read(job.name))
            throw in_use_error("a compilation job named " + old->name + " already exists (" +
                               std::string(status_name(old->status)) + "); choose another CompilationJobName");
        write(job, true);
        exec("COMMIT", "committing a new job");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

std::optional<Job> JobStore::get(const std::string& name) const {
    std::lock_guard lock(mutex_);
    return read(name);
}

std::vector<Job> JobStore::all() const {
    std::lock_guard lock(mutex_);
    std::vector<Job> jobs;
    Stmt s(db_, "SELECT record FROM compilation_jobs");
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) jobs.push_back(from_record(nlohmann::json::parse(s.text(0))));
    if (rc != SQLITE_DONE) fail(rc, "listing jobs");
    return jobs;
}

std::optional<Job> JobStore::update(const std::string& name, const std::function<bool(Job&)>& change) {
    std::lock_guard lock(mutex_);
    exec("BEGIN IMMEDIATE", "starting a transaction");
    try {
        std::optional<Job> job = read(name);
        if (job && change(*job)) write(*job, false);
        exec("COMMIT", "committing a job change");
        return job;
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace neo::jobs
