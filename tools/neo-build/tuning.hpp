#pragma once
// neo-build --tuning-db / --tuning-log: the schedules of a compilation from tuning records.
#include <iosfwd>
#include <optional>
#include <string>

#include "neo/core/driver/compile.hpp"

namespace neo::tools {

// Opens the records (the database read-only, the log read into memory; both together when
// both are given, a log record replacing the database's record of the same config) and
// returns the provider that picks each task's schedule from them (tuning_db::choose_schedules)
// and prints to `report` which tasks used a record, a neighbour's record or the default.
// Only records measured at `threads` (neo-tune --threads; 0: every CPU) are used; the report
// names the other counts that have records of untuned tasks.
// UserError for a missing or bad file, before anything is compiled.
ScheduleProvider tuning_schedules(const std::optional<std::string>& db, const std::optional<std::string>& log,
                                  int threads, std::ostream& report);

}  // namespace neo::tools
