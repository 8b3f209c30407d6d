// Several processes writing one database file, and a writer killed with SIGKILL.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <random>
#include <set>
#include <thread>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db_test_util.hpp"
#include "neo/tuning_db/sqlite_store.hpp"

using namespace neo::tuning_db;
using neo::test::kTarget;
using neo::test::make_record;
namespace fs = std::filesystem;

namespace {

// Batch `b` of writer `w`: `n` records, the first of them of a workload every writer shares.
std::vector<Record> batch_of(int w, int b, int n) {
    std::vector<Record> rs;
    for (int i = 0; i < n; ++i) {
        const std::string workload = i == 0 ? "shared" + std::to_string(b % 3) : "w" + std::to_string(w) + "_" + std::to_string(b);
        rs.push_back(make_record(workload, w * 1000000 + b * 1000 + i, 1e-3 + i * 1e-6));
    }
    return rs;
}

// Runs `body` in a child process; the child exits 0 when it returns, 1 when it throws.
template <class F> pid_t spawn(F body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        int status = 0;
        try {
            body();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "child %d: %s\n", static_cast<int>(::getpid()), e.what());  // shown on failure
            status = 1;
        } catch (...) {
            status = 1;
        }
        ::_exit(status);
    }
    return pid;
}

std::string integrity(const fs::path& file) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr);
    std::string result;
    while (sqlite3_step(s) == SQLITE_ROW) result += reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return result;
}

}  // namespace

TEST_CASE("several processes writing one database at once lose no record") {
    neo::test::ScratchDir dir("concurrent");
    const fs::path file = dir / "shared.db";
    constexpr int kWriters = 4, kBatches = 40, kPerBatch = 8;
    std::vector<pid_t> pids;
    // No connection is open in this process while the children run: each opens its own,
    // at the same moment, on a file that does not exist yet.
    for (int w = 0; w < kWriters; ++w)
        pids.push_back(spawn([&, w] {
            SqliteStore db(file);
            for (int b = 0; b < kBatches; ++b) db.add(batch_of(w, b, kPerBatch));
        }));
    for (pid_t pid : pids) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    CHECK(integrity(file) == "ok");
    SqliteStore db(file);
    CHECK(db.size() == static_cast<std::size_t>(kWriters * kBatches * kPerBatch));
    for (int w = 0; w < kWriters; ++w)
        for (int b = 0; b < kBatches; ++b)
            for (const Record& r : batch_of(w, b, kPerBatch)) CHECK(db.measured(r.workload_key, kTarget, r.config));
}

TEST_CASE("a writer killed in the middle of a batch leaves every committed batch and nothing else") {
    neo::test::ScratchDir dir("killed");
    const fs::path file = dir / "killed.db";
    constexpr int kPerBatch = 400;
    std::mt19937 rng(7);
    std::set<int> reported;  // batches whose add() returned, as the writer said
    int next_batch = 0;
    for (int round = 0; round < 6; ++round) {
        int pipe_fd[2];
        REQUIRE(::pipe(pipe_fd) == 0);
        const int first = next_batch;
        const pid_t pid = spawn([&] {
            ::close(pipe_fd[0]);
            SqliteStore db(file);
            for (int b = first;; ++b) {
                db.add(batch_of(0, b, kPerBatch));
                if (::write(pipe_fd[1], &b, sizeof b) != sizeof b) return;
            }
        });
        ::close(pipe_fd[1]);
        // Let it commit a few batches, then kill it at a random moment.
        const int wanted = 2 + static_cast<int>(rng() % 4);
        for (int got = 0, b = 0; got < wanted && ::read(pipe_fd[0], &b, sizeof b) == sizeof b; ++got) reported.insert(b);
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 20000));
        ::kill(pid, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFSIGNALED(status));
        for (int b = 0; ::read(pipe_fd[0], &b, sizeof b) == sizeof b;) reported.insert(b);
        ::close(pipe_fd[0]);

        INFO("round " << round);
        REQUIRE(integrity(file) == "ok");
        SqliteStore db(file);
        // Each batch is there whole or not at all; every reported one is there.
        std::map<int, int> present;
        for (const Record& r : db.all())
            if (r.workload_key.rfind("conv:w0_", 0) == 0) ++present[std::stoi(r.workload_key.substr(8))];
        for (int b : reported) CHECK(present[b] == kPerBatch - 1);
        for (const auto& [b, n] : present) CHECK(n == kPerBatch - 1);
        next_batch = present.empty() ? first : present.rbegin()->first + 1;
        CHECK(next_batch >= first + wanted);
    }
}
