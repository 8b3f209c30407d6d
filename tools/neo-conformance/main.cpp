// neo-conformance: runs ONNX backend-test suites through the ONNX frontend, the standard
// passes and a target, and reports pass/fail/unsupported/error per case (DESIGN §6).
//
//   neo-conformance --suite DIR [--suite DIR]... --target NAME --report FILE.json
//                   [--target-device NAME | --target-platform JSON]
//                   [--markdown FILE.md] [--jobs N] [--timeout-s N] [--filter REGEX]
//                   [--expect-passing FILE] [--write-passing FILE]
//
// Each case runs in its own child process (sandbox.hpp), so a crash or a hang is an
// "error" of that case only. Exit status: 0 (also when cases fail), 1 when a case listed
// in --expect-passing did not pass (a regression; each is printed) or on bad input,
// 2 bad command line, 3 internal error.
#include <chrono>
#include <iostream>
#include <optional>
#include <regex>

#include <boost/program_options.hpp>

#include "tool_main.hpp"
#include "neo/core/plugin/host.hpp"
#include "neo/core/util/error.hpp"
#include "report.hpp"
#include "sandbox.hpp"

namespace po = boost::program_options;
namespace nc = neo::conformance;

namespace {

int run(int argc, char** argv) {
    po::options_description desc("neo-conformance: run ONNX conformance suites through a target");
    desc.add_options()
        ("help,h", "show this help")
        ("suite", po::value<std::vector<std::string>>(), "suite directory (repeatable)")
        ("target", po::value<std::string>()->default_value("reference"), "target plugin (reference, llvm_cpu, or any loaded one)")
        ("target-device", po::value<std::string>(), "build for this device (default: this machine, Linux x86-64); "
                                                    "artifacts for another architecture run under qemu-user")
        ("target-platform", po::value<std::string>(), "build for this platform instead, e.g. '{\"Os\":\"LINUX\",\"Arch\":\"ARM64\"}'")
        ("report", po::value<std::string>(), "write the JSON report here")
        ("markdown", po::value<std::string>(), "write pass-rate tables (per suite, per op) here")
        ("jobs,j", po::value<int>()->default_value(1), "cases run at once")
        ("timeout-s", po::value<int>()->default_value(60), "seconds a case may run")
        ("filter", po::value<std::string>(), "run only cases whose name matches this regex")
        ("expect-passing", po::value<std::string>(), "exit 1 if a case listed here does not pass")
        ("write-passing", po::value<std::string>(), "write the sorted suite/case ids that passed")
        ("quiet,q", "no progress lines");
    po::variables_map vm;
    if (!neo::tools::parse_command_line("neo-conformance", argc, argv, desc, {}, vm))
        return neo::tools::kExitUsage;
    if (vm.count("help") || !vm.count("suite") || !vm.count("report")) {
        std::cout << "usage: neo-conformance --suite DIR... --target NAME --report FILE.json [options]\n\n"
                  << desc;
        return vm.count("help") ? 0 : neo::tools::kExitUsage;
    }
    auto optional = [&](const char* name) {
        return vm.count(name) ? std::optional<std::string>(vm[name].as<std::string>()) : std::nullopt;
    };
    const std::string target = vm["target"].as<std::string>();
    nc::SandboxOptions opts;
    opts.target = nc::resolve_conformance_target(target, optional("target-device"), optional("target-platform"));
    opts.jobs = vm["jobs"].as<int>();
    opts.timeout_s = vm["timeout-s"].as<int>();
    if (opts.jobs < 1 || opts.timeout_s < 1) throw neo::UserError("--jobs and --timeout-s must be at least 1");

    std::optional<std::regex> filter;
    if (vm.count("filter")) {
        try {
            filter.emplace(vm["filter"].as<std::string>());
        } catch (const std::regex_error& e) {
            throw neo::UserError("--filter: not a regular expression: " + std::string(e.what()));
        }
    }
    std::vector<nc::Case> cases;
    for (const auto& dir : vm["suite"].as<std::vector<std::string>>())
        for (auto& c : nc::find_cases(dir))
            if (!filter || std::regex_search(c.name, *filter)) cases.push_back(std::move(c));
    std::optional<std::set<std::string>> expected;
    if (vm.count("expect-passing")) expected = nc::read_passing(vm["expect-passing"].as<std::string>());

    // Open the plugin libraries once here, so that every child inherits them loaded.
    neo::PluginHost::global().plugins();
    const bool quiet = vm.count("quiet") > 0;
    opts.on_result = [&](const nc::CaseResult& r, std::size_t done, std::size_t total) {
        if (!quiet) std::cerr << "[" << done << "/" << total << "] " << r.suite << "/" << r.name << ": " << r.status << "\n";
    };
    auto t0 = std::chrono::steady_clock::now();
    auto results = nc::run_sandboxed(cases, opts);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    nlohmann::json report = nc::make_report(results);
    report["target"] = target;
    report["target_spec"] = opts.target.spec.to_json();
    report["wall_s"] = secs;
    nc::write_text(vm["report"].as<std::string>(), report.dump(1) + "\n");
    if (vm.count("markdown")) nc::write_text(vm["markdown"].as<std::string>(), nc::make_markdown(results));
    auto passing = nc::passing_ids(results);
    if (vm.count("write-passing")) nc::write_passing(vm["write-passing"].as<std::string>(), passing);

    const auto& s = report["summary"];
    std::cout << "neo-conformance: " << s["total"] << " cases: " << s["pass"] << " pass, " << s["fail"]
              << " fail, " << s["unsupported"] << " unsupported, " << s["error"] << " error ("
              << static_cast<int>(secs) << " s)\n";
    if (!expected) return 0;
    int regressions = 0;
    for (const auto& id : *expected)
        if (!passing.count(id)) {
            // Only ids of the suites that ran (and the filter) can regress.
            auto slash = id.find('/');
            bool ran = false;
            for (const auto& c : cases) ran = ran || (c.suite == id.substr(0, slash) && c.name == id.substr(slash + 1));
            if (!ran) continue;
            std::cout << "regression: " << id << " no longer passes\n";
            ++regressions;
        }
    return regressions ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    return neo::tools::guarded_main("neo-conformance", [&] { return run(argc, argv); });
}
