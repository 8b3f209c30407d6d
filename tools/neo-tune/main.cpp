// neo-tune: measures schedule candidates of a model's kernels where they will run
// (DESIGN §1) and keeps every measurement in a tuning database for neo-build.
//
//   neo-tune MODEL_FILE... --input-shapes JSON (--target-device NAME | --target-platform JSON)
//            [--compiler-options JSON] --db FILE [--trials N] [--early-stopping N]
//            [--tasks LIST] [--model-rounds N] [--agent HOST:PORT --key FILE]
//   neo-tune --serve [--port P] --key FILE [--bind ADDR]     (the device's agent)
//
// Exit status: 0 success, 1 bad input, 2 bad command line, 3 internal error.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <unistd.h>

#include "options.hpp"
#include "serve_main.hpp"
#include "tool_main.hpp"

#include "neo/core/util/error.hpp"
#include "neo/tuner/report.hpp"
#include "neo/tuning_db/json_lines.hpp"
#include "neo/tuning_db/schedule_choice.hpp"
#include "neo/tuning_db/sqlite_store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace neo;

// The time limit of one run of the whole model in the in-model check (load, warmup, repeats).
constexpr int kModelTimeoutMs = 300000;

void list_tasks(const std::vector<tuner::TaskInfo>& tasks) {
    std::cout << "#  TASK  WEIGHT  CONFIGS  KNOBS\n";
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        std::string knobs;
        for (const Knob& k : tasks[i].space.knobs()) knobs += (knobs.empty() ? "" : ",") + k.name;
        std::cout << i + 1 << "  " << tasks[i].summary << "  " << tasks[i].weight << "  " << tasks[i].space.size() << "  "
                  << knobs << "\n";
    }
    std::cout << tasks.size() << " tasks\n";
}

// Candidates for a CPU of another architecture run on its device, through the agent.
void check_runs_here(const TargetSpec& target) {
#if defined(__x86_64__)
    const bool here = target.arch == Arch::x86_64;
#elif defined(__aarch64__)
    const bool here = target.arch == Arch::arm64;
#else
    const bool here = true;
#endif
    if (!here)
        throw UserError("the target (" + target.describe() + ") does not run on this machine; start `neo-tune --serve "
                        "--key FILE` on the device and add --agent HOST:PORT --key FILE");
}

// The schedules neo-build now takes for the model against the defaults, as whole models.
void whole_model_check(const tuner::ModelMeasureFn& run, std::size_t first_free, const std::vector<tuner::TaskInfo>& tasks,
                       const tuning_db::RecordStore& store, const TargetSpec& target, const TargetPlugin& plugin,
                       int threads, std::size_t rounds) {
    std::vector<TuningTask> plain;
    for (const tuner::TaskInfo& t : tasks) plain.push_back(t.task);
    const tuning_db::ScheduleChoice choice = tuning_db::choose_schedules(
        store, plain, target, [&](const TuningTask& t) { return plugin.schedule_space(t, target); }, threads);
    std::size_t changed = 0;
    for (const auto& [key, config] : choice.schedules) changed += !config.empty();
    if (changed == 0) {
        std::cout << "\nneo-build takes the default schedule of every task: nothing to compare\n";
        return;
    }
    const tuner::WholeModelResult w = tuner::compare_whole_model(run, std::max<std::size_t>(first_free, 1), choice.schedules, rounds);
    if (!w.failure.empty()) {
        std::cout << "\nwhole-model check not done: " << w.failure << "\n";
        return;
    }
    const double ratio = w.default_seconds / w.tuned_seconds;
    std::cout << "\nwhole model as neo-build now builds it (" << changed << " tuned tasks), kernel time, median of " << w.rounds
              << " rounds: default " << w.default_seconds * 1e3 << " ms, tuned " << w.tuned_seconds * 1e3 << " ms (" << ratio
              << "x)\n";
    if (ratio < 1.0)
        std::cout << "the tuned schedules together ran slower than the defaults here: measure again with more "
                     "--model-rounds, or tune with --threads 1 where the model runs on one thread\n";
}

int tune_main(int argc, char** argv) {
    int status = 0;
    auto cmd = tools::parse_tune_command(argc, argv, status);
    if (!cmd) return status;
    PluginHost& host = PluginHost::global();
    PreparedModel model = prepare_model(cmd->model, host);
    TargetPlugin& plugin = *model.plugin.plugin;
    std::vector<tuner::TaskInfo> tasks = tuner::model_tasks(plugin, *model.graph, model.target);
    if (cmd->tasks) tasks = tuner::select_tasks(std::move(tasks), *cmd->tasks);
    // On one thread a kernel's "parallel" knob changes nothing that can be measured; left at
    // its default, the configs found stay right for runs on more threads.
    if (cmd->measure.threads == 1)
        for (tuner::TaskInfo& t : tasks) t.space = t.space.without("parallel");
    if (cmd->list_tasks) {
        list_tasks(tasks);
        return 0;
    }
    const std::string target_key = tuning_db::target_key(model.target, cmd->measure.threads);
    tuning_db::SqliteStore store(cmd->db);

    const fs::path tmp = fs::temp_directory_path() / ("neo-tune-" + std::to_string(::getpid()));
    struct Cleanup {
        fs::path dir;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup{tmp};
    std::unique_ptr<tuner::Runner> runner;
    if (cmd->agent) {
        auto remote = std::make_unique<tuner::RemoteRunner>(*cmd->agent, agent::read_key_file(*cmd->key_file));
        std::cout << "measuring on the agent at " << *cmd->agent << " (" << remote->machine() << ")\n";
        runner = std::move(remote);
    } else {
        check_runs_here(model.target);
        runner = std::make_unique<tuner::LocalRunner>(fs::read_symlink("/proc/self/exe"), tmp);
    }
    std::cout << "tuning " << cmd->model.model_files.front().string() << " for " << model.target.describe() << ": "
              << tasks.size() << " tasks, " << cmd->tune.trials << " trials, strategy " << cmd->tune.strategy
              << ", records in " << cmd->db << "\n";

    std::map<std::size_t, std::unique_ptr<tuner::TaskMeasurer>> measurers;
    std::vector<double> flops(tasks.size(), 0);
    auto measure = [&](std::size_t t, const std::vector<tuner::Config>& configs) {
        auto& m = measurers[t];
        if (!m) m = std::make_unique<tuner::TaskMeasurer>(plugin, model.target, *model.graph, tasks[t], *runner,
                                                          cmd->measure, tmp / ("task-" + std::to_string(t)));
        std::vector<tuning_db::Record> out;
        for (const auto& c : configs) out.push_back(m->measure(c));
        flops[t] = m->flops();
        return out;
    };
    auto progress = [&](const tuner::Progress& p) {
        std::cout << tuner::progress_line(p, flops[p.task.index]) << std::endl;
    };
    tuner::TuneResult result = tuner::tune(tasks, store, target_key, measure, cmd->tune, progress);

    std::cout << "\n" << tuner::final_table(result, flops);
    if (cmd->in_model.rounds > 0) {
        // A whole model's run takes longer than one kernel's.
        tuner::MeasureOptions options = cmd->measure;
        options.timeout_ms = std::max(options.timeout_ms, kModelTimeoutMs);
        tuner::ModelMeasurer models(plugin, model.target, *model.graph, *runner, options, tmp / "models");
        auto run = [&](std::size_t m, const Schedules& s) { return models.measure(m, s); };
        const tuner::InModelResult checked = tuner::check_in_model(tasks, store, target_key, run, cmd->in_model);
        std::cout << "\n" << tuner::in_model_table(checked, tasks);
        whole_model_check(run, checked.models, tasks, store, model.target, plugin, cmd->measure.threads, cmd->in_model.rounds);
    }
    const fs::path plot = cmd->plot ? fs::path(*cmd->plot)
                                    : fs::path(cmd->db + "." + cmd->model.model_files.front().stem().string() + ".svg");
    std::ofstream(plot) << tuner::convergence_svg(result.curve, "neo-tune " + cmd->model.model_files.front().filename().string() +
                                                                     " on " + target_key);
    std::cout << result.measured << " configs measured in this run; records in " << cmd->db << "; convergence plot "
              << plot.string() << "\n";
    if (cmd->export_log) {
        const std::size_t n = tuning_db::export_json_lines(store, fs::path(*cmd->export_log));
        std::cout << n << " records written to " << *cmd->export_log << "\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (neo::tools::wants_serve(argc, argv)) return neo::tools::serve_main(argc, argv);
    return neo::tools::guarded_main("neo-tune", [&] {
        try {
            return tune_main(argc, argv);
        } catch (const neo::agent::ProtocolError& e) {
            throw neo::UserError(e.what());
        }
    });
}
