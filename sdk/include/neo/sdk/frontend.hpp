#pragma once
// The frontend plugin interface: turns model files of one framework into a Graph.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "neo/core/catalog/input_shapes.hpp"
#include "neo/core/ir/graph.hpp"

namespace neo {

class FrontendPlugin {
public:
    virtual ~FrontendPlugin() = default;
    // Framework names this frontend reads, as --framework spells them ("ONNX").
    virtual std::vector<std::string> frameworks() const = 0;
    // Whether these files look like a model of this frontend's framework
    // (used when --framework is left out).
    virtual bool accepts(const std::vector<std::filesystem::path>& files) const = 0;
    // Reads the model. Throws UserError naming the file (and node/op) on bad input;
    // an unsupported op is reported with the full list of all unsupported ops at once.
    virtual std::unique_ptr<Graph> load(const std::vector<std::filesystem::path>& files,
                                        const InputShapes& shapes) = 0;
};

}  // namespace neo
