#pragma once
// A record store in memory: a tuning log read for one compilation, and tests.
// Thread-safe; nothing survives the object.
#include <map>
#include <mutex>
#include <tuple>

#include "neo/tuning_db/record_store.hpp"

namespace neo::tuning_db {

class MemoryStore final : public RecordStore {
public:
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
    // (workload key, target key, config text) -> record; ordered as all() wants it.
    using Key = std::tuple<std::string, std::string, std::string>;
    std::map<Key, Record> records_;
    // The first record's workload JSON and op per workload key.
    std::map<std::string, std::pair<nlohmann::json, std::string>> workloads_;
    mutable std::mutex mutex_;
};

}  // namespace neo::tuning_db
