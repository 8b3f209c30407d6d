// neo-run: run a compiled artifact (DESIGN §1).
//
//   neo-run DIR [--input NAME=FILE.npy]... [--fill zeros|ones|random] [--output-dir D]
//           [--repeat N] [--warmup N] [--threads N] [--json]
//
// Writes each output as D/output_<i>.npy. --json prints one JSON object with the
// outputs' names/shapes and the latency statistics. Exit status: 0 success, 1 bad
// input, 2 bad command line, 3 internal error.
#include <iomanip>
#include <iostream>
#include <sstream>

#include <boost/program_options.hpp>

#include "tool_main.hpp"
#include <nlohmann/json.hpp>

#include "neo/core/util/error.hpp"
#include "neo/core/util/npy.hpp"
#include "run_artifact.hpp"

namespace po = boost::program_options;

namespace {

std::string preview(const neo::Tensor& t) {
    if (t.dtype() == neo::DType::string) return "";
    std::ostringstream s;
    s << "[";
    for (int64_t i = 0; i < std::min<int64_t>(t.numel(), 6); ++i) s << (i ? ", " : "") << t.at_double(i);
    s << (t.numel() > 6 ? ", ...]" : "]");
    return s.str();
}

int run(int argc, char** argv) {
    po::options_description desc("neo-run: run a compiled model artifact");
    desc.add_options()
        ("help,h", "show this help")
        ("input", po::value<std::vector<std::string>>(), "NAME=FILE.npy (repeatable)")
        ("fill", po::value<std::string>()->default_value("random"), "fill inputs not given: zeros, ones or random")
        ("output-dir", po::value<std::string>(), "write each output as output_<i>.npy here")
        ("repeat", po::value<int>()->default_value(1), "timed runs")
        ("warmup", po::value<int>()->default_value(0), "untimed runs first")
        ("threads", po::value<int>()->default_value(0), "worker threads (0: all cores)")
        ("json", "print one JSON object with outputs and latency");
    po::options_description hidden;
    hidden.add_options()("artifact", po::value<std::string>(), "artifact directory");
    po::positional_options_description pos;
    pos.add("artifact", 1);
    po::options_description all;
    all.add(desc).add(hidden);
    po::variables_map vm;
    if (!neo::tools::parse_command_line("neo-run", argc, argv, all, pos, vm))
        return neo::tools::kExitUsage;
    if (vm.count("help") || !vm.count("artifact")) {
        std::cout << "usage: neo-run DIR [options]\n\n" << desc;
        return vm.count("help") ? 0 : 2;
    }
    neo::tools::RunOptions opts;
    opts.fill = vm["fill"].as<std::string>();
    if (opts.fill != "zeros" && opts.fill != "ones" && opts.fill != "random")
        throw neo::UserError("--fill: '" + opts.fill + "' is not zeros, ones or random");
    opts.repeat = vm["repeat"].as<int>();
    opts.warmup = vm["warmup"].as<int>();
    if (opts.repeat < 1 || opts.warmup < 0)
        throw neo::UserError("--repeat must be at least 1 and --warmup at least 0");
    if (vm.count("input"))
        for (const auto& spec : vm["input"].as<std::vector<std::string>>()) {
            auto eq = spec.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
                throw neo::UserError("--input '" + spec + "': expected NAME=FILE.npy");
            opts.input_files[spec.substr(0, eq)] = spec.substr(eq + 1);
        }

    auto r = neo::tools::run_artifact(vm["artifact"].as<std::string>(), opts);
    nlohmann::json outputs = nlohmann::json::array();
    for (std::size_t i = 0; i < r.outputs.size(); ++i) {
        nlohmann::json o = {{"name", r.output_names[i]},
                            {"dtype", std::string(neo::dtype_name(r.outputs[i].dtype()))},
                            {"shape", r.outputs[i].shape()}};
        if (vm.count("output-dir")) {
            std::filesystem::path d = vm["output-dir"].as<std::string>();
            std::filesystem::create_directories(d);
            auto file = d / ("output_" + std::to_string(i) + ".npy");
            neo::write_npy(file, r.outputs[i]);
            o["file"] = file.string();
        }
        outputs.push_back(o);
    }
    const auto& l = r.latency;
    nlohmann::json latency = {{"mean_ms", l.mean_ms}, {"median_ms", l.median_ms}, {"p90_ms", l.p90_ms},
                              {"p99_ms", l.p99_ms},   {"min_ms", l.min_ms},       {"max_ms", l.max_ms}};
    if (vm.count("json")) {
        std::cout << nlohmann::json{{"outputs", outputs}, {"latency", latency}, {"runs", opts.repeat}}.dump()
                  << "\n";
        return 0;
    }
    for (std::size_t i = 0; i < r.outputs.size(); ++i)
        std::cout << "output " << i << " '" << r.output_names[i] << "' "
                  << neo::dtype_name(r.outputs[i].dtype()) << neo::Shape::from(r.outputs[i].shape()).str()
                  << " " << preview(r.outputs[i]) << "\n";
    std::cout << std::fixed << std::setprecision(3) << "latency over " << opts.repeat
              << " run(s): mean " << l.mean_ms << " ms, median " << l.median_ms << " ms, p90 "
              << l.p90_ms << " ms, min " << l.min_ms << " ms, max " << l.max_ms << " ms\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return neo::tools::guarded_main("neo-run", [&] { return run(argc, argv); });
}
