#pragma once
// The tuning database: a record store in one SQLite file (schema in sqlite_schema.hpp).
//
// Several processes may open and write the same file at once: the database runs in WAL
// journal mode, every batch is one IMMEDIATE transaction, and a writer that finds the
// file locked waits up to `busy_timeout_ms` before giving up with a UserError. A batch
// is durable once add() returns (synchronous=FULL), and a process killed in the middle
// of a batch leaves the database as it was before that batch.
//
// One object is safe to use from several threads (calls are serialized); each process
// opens its own.
#include <filesystem>
#include <memory>

#include "neo/tuning_db/record_store.hpp"

namespace neo::tuning_db {

class SqliteStore final : public RecordStore {
public:
    struct Options {
        // Open for reading only (neo-build): nothing is created or upgraded, and a file
        // of an older schema version is refused with a message saying how to upgrade it.
        bool read_only = false;
        int busy_timeout_ms = 60000;
    };

    // Opens the database at `file`, creating it unless read-only, and brings an older
    // schema up to date. UserError naming the file when it is not a SQLite database, is
    // damaged, is of a newer schema version than this neo knows, or cannot be opened.
    explicit SqliteStore(const std::filesystem::path& file);
    SqliteStore(const std::filesystem::path& file, Options options);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    const std::filesystem::path& file() const;

    using RecordStore::add;
    void add(std::span<const Record> batch) override;
    std::optional<Record> best(const std::string& workload_key,
                               const std::string& target_key) const override;
    std::vector<Record> best_of_op(const std::string& op,
                                   const std::string& target_key) const override;
    std::vector<Record> records(const std::string& workload_key,
                                const std::string& target_key) const override;
    bool measured(const std::string& workload_key, const std::string& target_key,
                  const nlohmann::json& config) const override;
    std::vector<Record> all() const override;
    std::size_t size() const override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace neo::tuning_db
