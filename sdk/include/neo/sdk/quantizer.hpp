#pragma once
// The quantizer plugin interface: rewrites a float graph into a lower-precision one.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"

namespace neo {

// Calibration batches: each maps a graph input name to a tensor.
using CalibrationData = std::vector<std::map<std::string, Tensor>>;

class QuantizerPlugin {
public:
    virtual ~QuantizerPlugin() = default;
    // The CompilerOptions "dtype" values this quantizer serves, e.g. {"int8"}.
    virtual std::vector<std::string> dtypes() const = 0;
    virtual std::unique_ptr<Graph> quantize(const Graph& graph, const CalibrationData& data,
                                            const nlohmann::json& options) = 0;
};

}  // namespace neo
