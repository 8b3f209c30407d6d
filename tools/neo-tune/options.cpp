#include "options.hpp"

#include <iostream>

#include "model_options.hpp"
#include "neo/core/artifact/artifact.hpp"
#include "neo/core/util/error.hpp"
#include "neo/tuner/search.hpp"
#include "tool_main.hpp"

namespace neo::tools {
namespace po = boost::program_options;

std::optional<TuneCommand> parse_tune_command(int argc, char** argv, int& status) {
    po::options_description general("neo-tune: measure schedule candidates of a model's kernels where they will run");
    general.add_options()("help,h", "show this help")("version", "print neo's version");
    po::options_description model("Model and target (as neo-build takes them)");
    add_model_options(model);
    po::options_description tuning("Tuning");
    tuning.add_options()
        ("db", po::value<std::string>(), "SQLite tuning database to add records to (created when missing); a run resumes from its records")
        ("trials", po::value<std::size_t>()->default_value(200), "measurements for the whole model, earlier runs' records of these tasks included")
        ("early-stopping", po::value<std::size_t>()->default_value(0), "stop a task after this many trials without a better time (0: never)")
        ("tasks", po::value<std::string>(), "tune only these tasks: 1-based numbers or op names, comma-separated (see --list-tasks)")
        ("list-tasks", "list the model's tuning tasks and exit")
        ("strategy", po::value<std::string>()->default_value("evolution"), "evolution (guided by a cost model), random or grid")
        ("seed", po::value<uint64_t>()->default_value(0), "seed of the search")
        ("batch", po::value<std::size_t>()->default_value(8), "configs measured per round of a task")
        ("verify", po::value<std::size_t>()->default_value(2), "at the end, measure each task's default and this many best configs again (0: no)")
        ("model-rounds", po::value<std::size_t>()->default_value(5), "at the end, run the whole model with each task's default and best configs this many times, interleaved, and keep a config only where its kernel is faster there than the default's (0: no)")
        ("model-candidates", po::value<std::size_t>()->default_value(3), "best configs per task set against the default inside the model")
        ("plot", po::value<std::string>(), "convergence plot (SVG) to write (default: DB with .<model>.svg)")
        ("export", po::value<std::string>(), "also write every record of the database as JSON lines (for neo-build --tuning-log)");
    po::options_description measuring("Measurement");
    measuring.add_options()
        ("repeats", po::value<int>()->default_value(10), "timed runs per candidate (its cost: the mean of the faster half)")
        ("warmup", po::value<int>()->default_value(2), "untimed runs before them")
        ("threads", po::value<int>()->default_value(0), "threads of a candidate's run (0: one per CPU of the device); records keep the count, and neo-build --tuning-threads N uses those of N")
        ("timeout-ms", po::value<int>()->default_value(10000), "a candidate running longer is killed (a timeout record)")
        ("flush-caches", po::value<int>()->default_value(64), "before each run of a candidate, read this many MiB of other data, so that its weights come from memory as in a model larger than the caches (0: no; use at least the device's last-level cache)")
        ("agent", po::value<std::string>(), "HOST:PORT of `neo-tune --serve` on the device to measure there")
        ("key", po::value<std::string>(), "the key file shared with the agent")
        ("serve", "run the measurement agent (neo-tune --serve --port P --key FILE [--bind ADDR] [--max-message-mb N])");
    po::options_description hidden;
    po::positional_options_description pos;
    add_model_files_option(hidden, pos);
    po::options_description all;
    all.add(general).add(model).add(tuning).add(measuring).add(hidden);
    po::variables_map vm;
    if (!parse_command_line("neo-tune", argc, argv, all, pos, vm)) {
        status = kExitUsage;
        return std::nullopt;
    }
    if (vm.count("help")) {
        std::cout << "usage: neo-tune MODEL_FILE... --input-shapes JSON (--target-device NAME | --target-platform JSON)\n"
                     "                [--compiler-options JSON] --db FILE [--trials N] [--early-stopping N] [--tasks LIST]\n"
                     "                [--agent HOST:PORT --key FILE]\n"
                     "       neo-tune --serve [--port P] --key FILE [--bind ADDR]\n\n"
                  << general << "\n" << model << "\n" << tuning << "\n" << measuring;
        status = 0;
        return std::nullopt;
    }
    if (vm.count("version")) {
        std::cout << "neo-tune " << neo_version() << "\n";
        status = 0;
        return std::nullopt;
    }
    TuneCommand c;
    fill_model_request(vm, c.model);
    c.list_tasks = vm.count("list-tasks") != 0;
    if (!c.list_tasks) {
        if (!vm.count("db")) throw UserError("no tuning database given; use --db FILE (it is created when missing)");
        c.db = vm["db"].as<std::string>();
    }
    c.tune.trials = vm["trials"].as<std::size_t>();
    c.tune.early_stopping = vm["early-stopping"].as<std::size_t>();
    c.tune.strategy = vm["strategy"].as<std::string>();
    tuner::make_strategy(c.tune.strategy);  // checks the name
    c.tune.seed = vm["seed"].as<uint64_t>();
    c.tune.batch = vm["batch"].as<std::size_t>();
    c.tune.verify = vm["verify"].as<std::size_t>();
    if (c.tune.batch == 0) throw UserError("--batch must be at least 1");
    c.in_model.rounds = vm["model-rounds"].as<std::size_t>();
    c.in_model.candidates = vm["model-candidates"].as<std::size_t>();
    c.measure.repeats = vm["repeats"].as<int>();
    c.measure.warmup = vm["warmup"].as<int>();
    c.measure.threads = vm["threads"].as<int>();
    c.measure.timeout_ms = vm["timeout-ms"].as<int>();
    c.measure.flush_mb = vm["flush-caches"].as<int>();
    if (c.measure.repeats < 1 || c.measure.warmup < 0 || c.measure.threads < 0 || c.measure.timeout_ms < 1)
        throw UserError("--repeats and --timeout-ms must be at least 1, --warmup and --threads at least 0");
    if (c.measure.flush_mb < 0 || (static_cast<long>(c.measure.flush_mb) << 20) > agent::kMaxFlushBytes)
        throw UserError("--flush-caches must be between 0 and " + std::to_string(agent::kMaxFlushBytes >> 20) + " MiB");
    c.tasks = option_value<std::string>(vm, "tasks");
    c.agent = option_value<std::string>(vm, "agent");
    c.key_file = option_value<std::string>(vm, "key");
    if (c.agent && !c.key_file) throw UserError("--agent needs --key FILE (the key file the agent was started with)");
    c.plot = option_value<std::string>(vm, "plot");
    c.export_log = option_value<std::string>(vm, "export");
    return c;
}

}  // namespace neo::tools
