#include "neo/tuning_db/memory_store.hpp"

#include <algorithm>

#include "neo/core/util/error.hpp"

namespace neo::tuning_db {

void MemoryStore::add(std::span<const Record> batch) {
    for (const Record& r : batch)
        if (auto why = check_record(r))
            throw UserError("tuning record for workload " + r.workload_key + ": " + *why);
    std::lock_guard lock(mutex_);
    for (const Record& r : batch) {
        auto [w, fresh] = workloads_.try_emplace(r.workload_key, r.workload, r.op);
        Record stored = r;
        stored.workload = w->second.first;
        stored.op = w->second.second;
        Record& slot = records_[{r.workload_key, r.target_key, canonical_config(r.config)}];
        if (!stored.model_cost) stored.model_cost = slot.model_cost;
        slot = std::move(stored);
    }
}

std::vector<Record> MemoryStore::records(const std::string& workload_key, const std::string& target_key) const {
    std::lock_guard lock(mutex_);
    std::vector<Record> out;
    for (auto it = records_.lower_bound({workload_key, target_key, ""});
         it != records_.end() && std::get<0>(it->first) == workload_key && std::get<1>(it->first) == target_key; ++it)
        out.push_back(it->second);
    std::sort(out.begin(), out.end(), record_rank_less);
    return out;
}

std::optional<Record> MemoryStore::best(const std::string& workload_key, const std::string& target_key) const {
    auto rs = records(workload_key, target_key);
    if (rs.empty() || !rs.front().valid()) return std::nullopt;
    return *std::min_element(rs.begin(), rs.end(), choice_rank_less);
}

std::vector<Record> MemoryStore::best_of_op(const std::string& op, const std::string& target_key) const {
    std::vector<std::string> keys;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [key, w] : workloads_)
            if (w.second == op) keys.push_back(key);
    }
    std::vector<Record> out;
    for (const auto& key : keys)
        if (auto b = best(key, target_key)) out.push_back(std::move(*b));
    return out;
}

bool MemoryStore::measured(const std::string& workload_key, const std::string& target_key,
                           const nlohmann::json& config) const {
    std::lock_guard lock(mutex_);
    return records_.count({workload_key, target_key, canonical_config(config)}) != 0;
}

std::vector<Record> MemoryStore::all() const {
    std::lock_guard lock(mutex_);
    std::vector<Record> out;
    out.reserve(records_.size());
    for (const auto& [key, r] : records_) out.push_back(r);
    return out;
}

std::size_t MemoryStore::size() const {
    std::lock_guard lock(mutex_);
    return records_.size();
}

}  // namespace neo::tuning_db
