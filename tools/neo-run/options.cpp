#include "options.hpp"

#include <cerrno>
#include <cstdlib>

#include "errors.hpp"

namespace neo::run {
namespace {

int parse_int(const std::string& option, const std::string& text) {
    errno = 0;
    char* end = nullptr;
    long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || v < -1000000000L || v > 1000000000L)
        throw UsageError("the argument ('" + text + "') for option '--" + option + "' is invalid");
    return static_cast<int>(v);
}

}  // namespace

std::string usage() {
    return "usage: neo-run DIR [options]\n"
           "\n"
           "neo-run: run a compiled model artifact:\n"
           "  -h [ --help ]             show this help\n"
           "  --input NAME=FILE.npy     an input from a .npy file (repeatable)\n"
           "  --fill arg (=random)      fill inputs not given: zeros, ones or random\n"
           "  --output-dir D            write each output as D/output_<i>.npy\n"
           "  --repeat N (=1)           timed runs\n"
           "  --warmup N (=0)           untimed runs first\n"
           "  --threads N (=0)          threads (0: one per online CPU)\n"
           "  --profile                 time each compiled kernel over the timed runs and\n"
           "                            list them, slowest first (native artifacts)\n"
           "  --json                    print one JSON object with outputs and latency\n"
           "  --emulate                 run an ARM artifact here under qemu-user, with the\n"
           "                            cross-built neo-run for its target\n";
}

Options parse_options(int argc, char** argv) {
    Options o;
    bool only_positional = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (only_positional || arg.size() < 2 || arg[0] != '-' || arg == "-") {
            if (!o.artifact.empty())
                throw UsageError("too many positional arguments: '" + o.artifact + "' and '" + arg +
                                 "' (give one artifact directory)");
            o.artifact = arg;
            o.forwarded.push_back(arg);
            continue;
        }
        if (arg == "--") {
            only_positional = true;
            o.forwarded.push_back(arg);
            continue;
        }
        if (arg == "-h" || arg == "--help") {
            o.help = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0) throw UsageError("unrecognised option '" + arg + "'");
        std::string name = arg.substr(2), value;
        bool has_value = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        static const char* const kFlags[] = {"json", "emulate", "profile"};
        static const char* const kValued[] = {"input", "fill", "output-dir", "repeat", "warmup", "threads"};
        bool flag = false, valued = false;
        for (const char* f : kFlags) flag = flag || name == f;
        for (const char* v : kValued) valued = valued || name == v;
        if (!flag && !valued) throw UsageError("unrecognised option '--" + name + "'");
        if (flag) {
            if (has_value) throw UsageError("option '--" + name + "' does not take any arguments");
            if (name == "json") o.json = true;
            if (name == "profile") o.profile = true;
            if (name == "emulate") o.emulate = true;
            else o.forwarded.push_back(arg);
            continue;
        }
        if (!has_value) {
            if (i + 1 >= argc) throw UsageError("the required argument for option '--" + name + "' is missing");
            value = argv[++i];
            o.forwarded.push_back(arg);
            o.forwarded.push_back(value);
        } else {
            o.forwarded.push_back(arg);
        }
        if (name == "input") {
            auto eq = value.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == value.size())
                throw InputError("--input '" + value + "': expected NAME=FILE.npy");
            o.inputs.emplace_back(value.substr(0, eq), value.substr(eq + 1));
        } else if (name == "fill") {
            o.fill = value;
        } else if (name == "output-dir") {
            o.output_dir = value;
        } else if (name == "repeat") {
            o.repeat = parse_int(name, value);
        } else if (name == "warmup") {
            o.warmup = parse_int(name, value);
        } else if (name == "threads") {
            o.threads = parse_int(name, value);
        }
    }
    if (o.help) return o;
    if (o.fill != "zeros" && o.fill != "ones" && o.fill != "random")
        throw InputError("--fill: '" + o.fill + "' is not zeros, ones or random");
    if (o.repeat < 1 || o.warmup < 0) throw InputError("--repeat must be at least 1 and --warmup at least 0");
    if (o.threads < 0) throw InputError("--threads must be at least 0 (0: one thread per online CPU)");
    return o;
}

}  // namespace neo::run
