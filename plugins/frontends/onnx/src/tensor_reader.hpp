#pragma once
// Reading ONNX TensorProtos (initializers, tensor attributes) into neo Tensors, and
// ONNX TypeProtos (graph inputs, outputs, value_info) into neo dtypes and shapes.
#include <filesystem>
#include <optional>
#include <string>

#include <onnx/onnx_pb.h>

#include "neo/core/ir/tensor.hpp"

namespace neo::onnxfe {

// Reads a tensor's data from any of its encodings: raw_data (little-endian), the typed
// fields (float_data, int32_data — which also holds f16/bf16 bits, bool, int8/16, uint8 —
// int64_data, double_data, string_data; float8 bits and packed 4- and 2-bit values in
// int32_data, one byte each), or external data (`location` relative to
// `model_dir`, optional `offset` and `length`). `what` names the tensor in messages
// ("initializer 'conv1.weight'"). UserError for an unsupported data type, a wrong
// element count, a sparse or segmented tensor, or external data that cannot be read.
Tensor read_tensor(const onnx::TensorProto& proto, const std::filesystem::path& model_dir,
                   const std::string& what);

// The type of a value as ONNX declares it.
struct ValueType {
    DType dtype = DType::undefined;
    Shape shape = Shape::unranked();
};

// A tensor TypeProto as dtype + shape: dim_value → static, dim_param → symbolic,
// neither (or a negative dim_value) → unknown; no shape → unranked. nullopt when the
// TypeProto is not a tensor type (sequence, map, optional, sparse tensor) or is empty.
// UserError (naming `what`) for an element type neo has no dtype for.
std::optional<ValueType> read_value_type(const onnx::TypeProto& type, const std::string& what);

// "sequence", "map", "optional", "sparse tensor", "tensor" or "no type": for messages.
std::string type_kind(const onnx::TypeProto& type);

}  // namespace neo::onnxfe
