#pragma once
// Where tuning records live: an abstract store with two kinds, SqliteStore (a database
// file that several tuners can write at once) and MemoryStore (a tuning log read into
// memory, and tests). Both behave the same through this interface.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "neo/tuning_db/record.hpp"

namespace neo::tuning_db {

class RecordStore {
public:
    virtual ~RecordStore() = default;

    // Adds a batch of records, all or none (one transaction). A record with the same
    // (workload key, target key, config) as a stored one replaces it: the latest
    // measurement of a config wins, so importing the same log twice changes nothing.
    // The workload JSON and op of a workload key are those of its first record. A record
    // without a model_cost keeps the stored record's (a new measurement of the kernel
    // alone does not undo what the whole model showed).
    // UserError (naming the record) when check_record() refuses one; nothing is added then.
    virtual void add(std::span<const Record> batch) = 0;
    void add(const Record& r) { add(std::span<const Record>(&r, 1)); }

    // The best valid record of a workload on a target, the first in choice_rank_less order
    // among the records with ErrorCode::ok, or nullopt.
    virtual std::optional<Record> best(const std::string& workload_key,
                                       const std::string& target_key) const = 0;

    // The best valid record of every workload of `op` on a target, by workload key.
    virtual std::vector<Record> best_of_op(const std::string& op,
                                           const std::string& target_key) const = 0;

    // Every record of a workload on a target: valid ones first by cost_mean, then the
    // failed ones; ties by config text.
    virtual std::vector<Record> records(const std::string& workload_key,
                                        const std::string& target_key) const = 0;

    // Whether this config of the workload was measured on the target (with any outcome):
    // a resumed tuner skips it.
    virtual bool measured(const std::string& workload_key, const std::string& target_key,
                          const nlohmann::json& config) const = 0;

    // Every record, ordered by workload key, target key and config text (for export).
    virtual std::vector<Record> all() const = 0;

    // The number of records.
    virtual std::size_t size() const = 0;
};

// The order of records(): valid first, cheaper first, then by config text.
bool record_rank_less(const Record& a, const Record& b);

// The order in which a compilation prefers the records of one workload: valid first; then
// those measured inside the whole model (model_cost set), by model_cost, before those
// never measured there, by cost_mean; then by config text. So once the tuner's in-model
// check ran for a workload, a config that lost there to the default (whose record has a
// model_cost too) is never preferred to it, whatever its time alone.
bool choice_rank_less(const Record& a, const Record& b);

// How much faster inside the model than the default a config must be to be chosen over it:
// a smaller lead is within the noise of the in-model rounds (ResNet-18 at 2 threads here:
// a config 0.2% ahead there ran 1.33x slower in the tuned model).
constexpr double kInModelMargin = 0.03;

// Whether `best`, first of a workload's valid records in choice_rank_less order, gives way
// to the default's record `dflt` (config {}): both were measured in the model and `best` is
// not faster there by kInModelMargin.
bool yields_to_default(const Record& best, const Record& dflt);

}  // namespace neo::tuning_db
