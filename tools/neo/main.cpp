// neo: compilation jobs, as the managed service has them, on this machine.
//
//   neo create-compilation-job --compilation-job-name N --role-arn A --input-config JSON
//       --output-config JSON --stopping-condition JSON [--tags JSON] [--wait]
//   neo describe-compilation-job --compilation-job-name N
//   neo list-compilation-jobs [--name-contains T] [--status-equals S] [--creation-time-after T] ...
//       [--sort-by Name|CreationTime|Status] [--sort-order Ascending|Descending]
//       [--max-results N] [--next-token T]
//   neo stop-compilation-job --compilation-job-name N
//   neo serve [--host H] [--port P] --credentials FILE
//
// All job state lives under $NEO_HOME (default ~/.neo), for the command line and the
// server alike. Exit status: 0 success, 1 bad input or a failed job (--wait), 2 bad
// command line, 3 internal error.
#include <unistd.h>
#include <fcntl.h>

#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "tool_main.hpp"

#include "cli.hpp"
#include "serve.hpp"
#include "neo/core/artifact/artifact.hpp"
#include "neo/jobs/supervisor.hpp"
#include "neo/jobs/worker.hpp"

namespace po = boost::program_options;

namespace {

std::filesystem::path self_exe() { return std::filesystem::read_symlink("/proc/self/exe"); }

void usage(std::ostream& os) {
    os << "usage: neo <operation> [options]   (neo <operation> --help for its options)\n\noperations:\n";
    for (const auto& op : neo::tools::operations()) os << "  " << op.command << "\n";
    os << "  serve [--host H] [--port P] --credentials FILE   the same operations over HTTP (AWS JSON 1.1, SigV4)\n"
          "\njob state: $NEO_HOME (default ~/.neo)\n";
}

int run_serve(const std::vector<std::string>& args) {
    po::options_description desc("neo serve");
    desc.add_options()("help,h", "show this help")
        ("host", po::value<std::string>()->default_value("127.0.0.1"), "address to listen on")
        ("port", po::value<unsigned short>()->default_value(8080), "port (0: any free one, printed)")
        ("credentials", po::value<std::string>(), "file of lines ACCESS_KEY_ID SECRET_ACCESS_KEY")
        ("max-request-bytes", po::value<std::size_t>()->default_value(1 << 20), "largest request body accepted")
        ("grace-seconds", po::value<double>()->default_value(5), "SIGTERM to SIGKILL when a job is stopped");
    std::vector<std::string> a = {"neo serve"};
    a.insert(a.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : a) argv.push_back(s.data());
    po::variables_map vm;
    if (!neo::tools::parse_command_line("neo serve", static_cast<int>(argv.size()), argv.data(), desc, {}, vm))
        return neo::tools::kExitUsage;
    if (vm.count("help")) {
        std::cout << desc;
        return 0;
    }
    if (!vm.count("credentials"))
        throw neo::UserError("neo serve needs --credentials FILE (lines ACCESS_KEY_ID SECRET_ACCESS_KEY)");
    neo::tools::ServeOptions opt;
    opt.host = vm["host"].as<std::string>();
    opt.port = vm["port"].as<unsigned short>();
    opt.credentials_file = vm["credentials"].as<std::string>();
    opt.max_request_bytes = vm["max-request-bytes"].as<std::size_t>();
    neo::jobs::JobService service({neo::jobs::home_dir(), self_exe(), neo::jobs::LaunchMode::thread, "local",
                                   vm["grace-seconds"].as<double>()});
    return neo::tools::serve(opt, service);
}

// Hidden: `neo __compile-job --home H NAME` (the child of a job) and
// `neo __supervise-job --home H --lock-fd FD --grace S NAME` (a job's detached supervisor).
int run_internal(const std::string& command, const std::vector<std::string>& args) {
    std::filesystem::path home;
    std::string name;
    int lock_fd = -1;
    double grace = 5;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--home" && i + 1 < args.size()) home = args[++i];
        else if (args[i] == "--lock-fd" && i + 1 < args.size()) lock_fd = std::stoi(args[++i]);
        else if (args[i] == "--grace" && i + 1 < args.size()) grace = std::stod(args[++i]);
        else name = args[i];
    }
    if (home.empty() || name.empty()) throw neo::UserError("neo " + command + ": internal command used wrongly");
    if (command == "__compile-job") return neo::jobs::compile_job_main(home, name, neo::PluginHost::global());
    if (lock_fd >= 0) ::fcntl(lock_fd, F_SETFD, FD_CLOEXEC);
    neo::jobs::JobService service({home, self_exe(), neo::jobs::LaunchMode::detached, "local", grace});
    neo::jobs::supervise(service.store(), name, {home, service.worker_argv(), grace});
    return 0;
}

int run(int argc, char** argv) {
    if (argc < 2) {
        usage(std::cerr);
        return neo::tools::kExitUsage;
    }
    const std::string command = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    if (command == "--help" || command == "-h" || command == "help") {
        usage(std::cout);
        return 0;
    }
    if (command == "--version") {
        std::cout << "neo " << neo::neo_version() << "\n";
        return 0;
    }
    if (command == "serve") return run_serve(args);
    if (command == "__compile-job" || command == "__supervise-job") return run_internal(command, args);
    for (const auto& op : neo::tools::operations()) {
        if (command != op.command) continue;
        neo::jobs::JobService service({neo::jobs::home_dir(), self_exe(), neo::jobs::LaunchMode::detached});
        return neo::tools::run_operation(op, args, service);
    }
    std::cerr << "neo: unknown operation '" << command << "'\n";
    usage(std::cerr);
    return neo::tools::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
    return neo::tools::guarded_main("neo", [&] { return run(argc, argv); });
}
