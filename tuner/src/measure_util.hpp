#pragma once
// What the measurements of one kernel (measure.cpp) and of whole models (model_measure.cpp)
// share: drawn inputs, the comparison of outputs, the summary of timed runs.
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/tuner/agent/protocol.hpp"

namespace neo::tuner::detail {

std::string read_file(const std::filesystem::path& p);

// Inputs drawn from `rng`: floats in [-1, 1], integers and bools 0 or 1 (valid as indices
// of any non-empty axis). UserError for a dynamic shape.
Tensor random_input(const Value& v, std::mt19937_64& rng);

// Why `got` is not `want` (floats within 1e-3 relative plus 1e-4 of the output's scale;
// other types exactly), or "" when it matches. `what` names the reference in the message.
std::string mismatch(const Tensor& want, const Tensor& got, const std::string& what);

// Output `index` of a measurement result as a tensor of `want`'s dtype and shape; nullopt
// when its size differs (`why` says how).
std::optional<Tensor> result_output(const agent::Bundle& result, std::size_t index, const Tensor& want, std::string& why);

// The faster half of timed runs: on a machine shared with other work, the slow runs
// measure that work.
struct FasterHalf {
    double mean = 0, stdev = 0;
    std::size_t runs = 0;
};
FasterHalf faster_half(std::vector<double> times);

}  // namespace neo::tuner::detail
