#pragma once
// Runs a reference artifact through core's interpreter (host builds only:
// NEO_RUN_WITH_REFERENCE).
#include <string>

#include "options.hpp"
#include "run_result.hpp"

namespace neo::run {

// neo::UserError / InputError on a bad artifact, input file or input name.
RunResult run_reference(const std::string& dir, const Options& o);

}  // namespace neo::run
