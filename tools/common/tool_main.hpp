#pragma once
// What every neo command-line tool shares: parsing its command line with
// Boost.Program_options and mapping errors to exit statuses.
//   0 success, 1 bad input (a UserError: the message says what to fix),
//   2 bad command line, 3 internal error (a bug in neo).
#include <iostream>

#include <boost/program_options.hpp>

#include "neo/core/util/error.hpp"

namespace neo::tools {

inline constexpr int kExitUsage = 2;

// Parses argv into `vm`; on a bad command line prints why and returns false.
inline bool parse_command_line(const char* tool, int argc, char** argv,
                               const boost::program_options::options_description& options,
                               const boost::program_options::positional_options_description& pos,
                               boost::program_options::variables_map& vm) {
    namespace po = boost::program_options;
    try {
        po::store(po::command_line_parser(argc, argv).options(options).positional(pos).run(), vm);
        po::notify(vm);
        return true;
    } catch (const po::error& e) {
        std::cerr << tool << ": " << e.what() << "\nrun `" << tool << " --help` for the options\n";
        return false;
    }
}

// Runs body() and turns exceptions into the tool's message and exit status.
template <class Body> int guarded_main(const char* tool, Body&& body) {
    try {
        return body();
    } catch (const UserError& e) {
        std::cerr << tool << ": error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << tool << ": " << e.what() << "\n";
        return 3;
    }
}

}  // namespace neo::tools
