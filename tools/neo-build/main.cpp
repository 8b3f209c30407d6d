// neo-build: compile a model for a device (DESIGN §1).
//
//   neo-build MODEL_FILE... [--framework F] --input-shapes JSON
//             (--target-device NAME | --target-platform JSON) [--compiler-options JSON]
//             -o DIR [--tuning-db FILE] [--tuning-log FILE] [--tuning-threads N] [--target-plugin NAME]
//             [--dump-ir after=PASS]
//   neo-build --list-devices [--json]
//   neo-build --list-plugins [--json]
//
// Exit status: 0 success, 1 bad input (the message says what to fix), 2 bad command
// line, 3 internal error (a bug in neo).
#include <iostream>

#include <boost/program_options.hpp>

#include "tool_main.hpp"

#include "listing.hpp"
#include "model_options.hpp"
#include "tuning.hpp"
#include "neo/core/artifact/artifact.hpp"
#include "neo/core/driver/compile.hpp"
#include "neo/core/util/error.hpp"

namespace po = boost::program_options;

namespace {

using neo::tools::option_value;

int run(int argc, char** argv) {
    po::options_description general("neo-build: compile a model for a target device");
    general.add_options()
        ("help,h", "show this help")
        ("version", "print neo's version")
        ("list-devices", "list every target device with its platform, default options and serving plugin")
        ("list-plugins", "list loaded plugins and refused libraries")
        ("json", "with --list-*: one JSON object per line");
    po::options_description build("Compilation");
    neo::tools::add_model_options(build);
    build.add_options()
        ("output,o", po::value<std::string>(), "output directory for the artifact")
        ("tuning-db", po::value<std::string>(), "SQLite tuning database (neo-tune --db): each task takes its best record for this target")
        ("tuning-log", po::value<std::string>(), "tuning records as JSON lines (exported from a tuning database)")
        ("tuning-threads", po::value<int>()->default_value(0), "use the records measured at this thread count (neo-tune --threads; 0: every CPU of the device)")
        ("dump-ir", po::value<std::string>(), "print the IR after passes: after=PASS[,PASS...] or all");
    po::options_description hidden;
    po::positional_options_description pos;
    neo::tools::add_model_files_option(hidden, pos);
    po::options_description all;
    all.add(general).add(build).add(hidden);

    po::variables_map vm;
    if (!neo::tools::parse_command_line("neo-build", argc, argv, all, pos, vm))
        return neo::tools::kExitUsage;
    if (vm.count("help")) {
        std::cout << "usage: neo-build MODEL_FILE... --input-shapes JSON (--target-device NAME | "
                     "--target-platform JSON) [--compiler-options JSON] -o DIR\n"
                     "       neo-build --list-devices | --list-plugins\n\n"
                  << general << "\n" << build;
        return 0;
    }
    if (vm.count("version")) {
        std::cout << "neo-build " << neo::neo_version() << "\n";
        return 0;
    }
    neo::PluginHost& host = neo::PluginHost::global();
    if (vm.count("list-devices")) {
        neo::tools::list_devices(host, std::cout, vm.count("json") != 0);
        return 0;
    }
    if (vm.count("list-plugins")) {
        neo::tools::list_plugins(host, std::cout, vm.count("json") != 0);
        return 0;
    }

    neo::CompileRequest req;
    neo::tools::fill_model_request(vm, req);
    req.output_dir = option_value<std::string>(vm, "output").value_or("");
    req.dump_ir = option_value<std::string>(vm, "dump-ir");
    req.dump_out = &std::cout;
    auto tuning_db = option_value<std::string>(vm, "tuning-db"), tuning_log = option_value<std::string>(vm, "tuning-log");
    if (tuning_db || tuning_log) req.schedules = neo::tools::tuning_schedules(tuning_db, tuning_log, vm["tuning-threads"].as<int>(), std::cout);

    neo::CompileResult r = neo::compile_model(req, host);
    std::cout << "compiled " << req.model_files.front().string() << " for "
              << r.target.describe() << " with target plugin '" << r.target_plugin << "' into "
              << r.output_dir.string() << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return neo::tools::guarded_main("neo-build", [&] { return run(argc, argv); });
}
