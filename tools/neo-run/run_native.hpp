#pragma once
// Runs a native artifact (model.so + model.params) through the device runtime.
#include <string>

#include "artifact_target.hpp"
#include "options.hpp"
#include "run_result.hpp"

namespace neo::run {

// InputError for a bad input file or name, or code for CPU features this machine lacks;
// neo::runtime::Error for a bad artifact.
RunResult run_native(const std::string& dir, const ArtifactTarget& target, const Options& o);

// Fills `count` elements of `dtype` at dst as --fill asks; random values are
// deterministic, seeded by the input's position (the reference path fills alike).
void fill_input(void* dst, int32_t dtype, int64_t count, const std::string& fill, std::size_t index);

}  // namespace neo::run
