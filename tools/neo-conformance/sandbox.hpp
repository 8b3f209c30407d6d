#pragma once
// Runs cases in forked child processes so that a crash, an abort or a hang in one case
// never takes the runner down: each child runs one case and writes its result as one
// JSON line to a pipe; the parent runs up to `jobs` children at once, kills a child that
// runs past the timeout, and turns a child's death by a signal into an "error" result.
#include <functional>
#include <string>
#include <vector>

#include "case_runner.hpp"

namespace neo::conformance {

struct SandboxOptions {
    ConformanceTarget target;
    int jobs = 1;
    int timeout_s = 60;
    // Called in the parent after each case finishes (for progress output).
    std::function<void(const CaseResult&, std::size_t done, std::size_t total)> on_result;
};

// Results in the order of `cases`.
std::vector<CaseResult> run_sandboxed(const std::vector<Case>& cases, const SandboxOptions& opts);

}  // namespace neo::conformance
