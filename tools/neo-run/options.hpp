#pragma once
// neo-run's command line, parsed by hand (the device build links nothing but the runtime):
//
//   neo-run DIR [--input NAME=FILE.npy]... [--fill zeros|ones|random] [--output-dir D]
//           [--repeat N] [--warmup N] [--threads N] [--profile] [--json] [--emulate] [--help]
#include <string>
#include <utility>
#include <vector>

namespace neo::run {

struct Options {
    std::string artifact;
    std::vector<std::pair<std::string, std::string>> inputs;  // NAME, FILE.npy in order given
    std::string fill = "random";                              // zeros | ones | random
    std::string output_dir;                                   // empty: write no files
    int repeat = 1;
    int warmup = 0;
    int threads = 0;  // 0: one per online CPU
    bool json = false;
    bool profile = false;  // time each kernel (native artifacts)
    bool emulate = false;
    bool help = false;
    std::vector<std::string> forwarded;  // every argument but --emulate, for the emulated run
};

// UsageError on a bad command line (unknown option, missing or malformed value);
// InputError on a well-formed but unacceptable value (--fill sometimes, --repeat 0).
Options parse_options(int argc, char** argv);

// The --help text.
std::string usage();

}  // namespace neo::run
