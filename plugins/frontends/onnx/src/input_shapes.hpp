#pragma once
// Applying the user's input shapes (--input-shapes / DataInputConfig, NCHW for ONNX) to
// the model's graph inputs.
#include <set>
#include <string>
#include <vector>

#include "neo/core/catalog/input_shapes.hpp"
#include "neo/core/ir/dtype.hpp"
#include "neo/core/ir/shape.hpp"

namespace neo::onnxfe {

// A graph input as the model declares it (initializers excluded).
struct InputDecl {
    std::string name;
    DType dtype = DType::undefined;
    Shape shape = Shape::unranked();
};

// Sets the shapes the user gives: by name (dict form) or by position over the model's
// inputs that are not initializers (list form). A given shape may fill unknown and
// symbolic dims and must agree with the static ones; a symbol ("N") bound by one input
// is bound in every input that uses it. UserError naming the input and what to do for:
// a name that is no input (or is an initializer), more shapes than inputs, a rank
// mismatch, a static dim contradicting the model, a negative dim, and a symbol given
// two different values.
void apply_input_shapes(std::vector<InputDecl>& inputs, const InputShapes& shapes,
                        const std::set<std::string>& initializers);

// UserError listing every input whose shape is not fully static (neo compiles for
// static shapes), with an example of the --input-shapes that would fix it.
void require_static_inputs(const std::vector<InputDecl>& inputs);

}  // namespace neo::onnxfe
