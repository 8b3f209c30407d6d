#pragma once
// Tuning logs: records as JSON lines, so that they travel between machines.
//
// One JSON object per line, one record per object:
//   "workload_key"     string, required   TuningTask::key
//   "op"               string, required   TuningTask::op
//   "target"           string, required   target_key() of the target it was measured on
//   "config"           object, required   knob name -> value
//   "error"            string, required   "ok", "build", "run", "wrong_answer" or "timeout"
//   "cost_mean"        number, required   seconds per run (0 for a failed config)
//   "runs"             integer, required  measured runs
//   "workload"         object             TuningTask::workload (default {})
//   "cost_stdev"       number             seconds (default 0)
//   "error_message"    string             (default "")
//   "compiler_version" string             (default "")
//   "time"             integer            seconds since 1970-01-01 UTC (default 0)
//   "model_cost"       number             seconds inside the whole model (Record::model_cost;
//                                         absent when never measured there)
// Other keys are ignored; blank lines are skipped. Export writes every key (model_cost
// when set), one record per line, in RecordStore::all() order.
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "neo/tuning_db/record_store.hpp"

namespace neo::tuning_db {

nlohmann::json record_to_json(const Record& r);
// UserError (without a location; callers add it) for a missing key or a wrong type.
Record record_from_json(const nlohmann::json& j);

// Reads every record of a log. `source` names the log in messages: a bad line is a
// UserError "SOURCE:LINE: what is wrong".
std::vector<Record> read_json_lines(std::istream& in, const std::string& source);
// Reads the whole log first, then adds it to `store` in batches of `batch_size` records, so
// that a bad line adds nothing. Returns the number of records read.
std::size_t import_json_lines(RecordStore& store, std::istream& in, const std::string& source,
                              std::size_t batch_size = 1000);
std::size_t import_json_lines(RecordStore& store, const std::filesystem::path& file);

// Writes every record of `store`; returns how many.
std::size_t export_json_lines(const RecordStore& store, std::ostream& out);
std::size_t export_json_lines(const RecordStore& store, const std::filesystem::path& file);

}  // namespace neo::tuning_db
