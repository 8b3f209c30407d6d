#include "tuning.hpp"

#include <memory>
#include <ostream>

#include "neo/core/util/error.hpp"
#include "neo/tuning_db/json_lines.hpp"
#include "neo/tuning_db/memory_store.hpp"
#include "neo/tuning_db/schedule_choice.hpp"
#include "neo/tuning_db/sqlite_store.hpp"

namespace neo::tools {

namespace tdb = neo::tuning_db;

ScheduleProvider tuning_schedules(const std::optional<std::string>& db, const std::optional<std::string>& log,
                                  int threads, std::ostream& report) {
    if (threads < 0) throw UserError("--tuning-threads must be at least 0 (0: records tuned for every CPU)");
    for (const auto& [file, option] : {std::pair{db, "--tuning-db"}, std::pair{log, "--tuning-log"}})
        if (file && !std::filesystem::exists(*file))
            throw UserError(*file + ": " + option + " file not found");
    std::shared_ptr<tdb::RecordStore> store;
    if (db) store = std::make_shared<tdb::SqliteStore>(*db, tdb::SqliteStore::Options{.read_only = true});
    if (log) {
        auto memory = std::make_shared<tdb::MemoryStore>();
        if (store) memory->add(store->all());
        tdb::import_json_lines(*memory, std::filesystem::path(*log));
        store = memory;
    }
    return [store, threads, &report](const std::vector<TuningTask>& tasks, const TargetSpec& target,
                                     const TargetPlugin& plugin) {
        tdb::ScheduleChoice choice = tdb::choose_schedules(
            *store, tasks, target, [&](const TuningTask& task) { return plugin.schedule_space(task, target); },
            threads);
        report << tdb::describe(choice);
        if (!choice.other_threads.empty()) {
            report << "records of untuned tasks were measured at another thread count (neo-tune --threads";
            for (int n : choice.other_threads) report << " " << n;
            report << "); they are used only by a build with that --tuning-threads (this one: " << threads
                   << "), as a config that wins at one count can lose at another\n";
        }
        return choice.schedules;
    };
}

}  // namespace neo::tools
