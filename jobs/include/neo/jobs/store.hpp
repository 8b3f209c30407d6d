#pragma once
// The job store: every compilation job in one SQLite database (WAL, so that the server,
// job supervisors and CLI commands read and write it at once). Each change is one
// transaction, so a crash leaves either the old or the new record.
//
//   JobStore store(home_dir() / "jobs.db");
//   store.insert(job);                                  // ResourceInUse when the name is taken
//   store.update(name, [](Job& j) { j.status = JobStatus::inprogress; return true; });
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "neo/jobs/job.hpp"

struct sqlite3;

namespace neo::jobs {

// Where all job state lives: $NEO_HOME, else ~/.neo (created when missing).
std::filesystem::path home_dir();
// Seconds since the epoch, with sub-second precision.
double now_seconds();

class JobStore {
public:
    explicit JobStore(const std::filesystem::path& file);
    ~JobStore();
    JobStore(const JobStore&) = delete;
    JobStore& operator=(const JobStore&) = delete;

    // ResourceInUse when a job of that name (compared without case) exists.
    void insert(const Job& job);
    std::optional<Job> get(const std::string& name) const;
    std::vector<Job> all() const;
    // Reads the job, lets `change` modify it, and writes it back when `change` returns
    // true, all in one transaction. The job after the change; nullopt when there is none.
    std::optional<Job> update(const std::string& name, const std::function<bool(Job&)>& change);

    const std::filesystem::path& file() const { return file_; }

private:
    void exec(const char* sql, const char* what) const;
    [[noreturn]] void fail(int rc, const std::string& what) const;
    std::optional<Job> read(const std::string& name) const;
    void write(const Job& job, bool insert);

    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
    mutable std::mutex mutex_;
};

}  // namespace neo::jobs
