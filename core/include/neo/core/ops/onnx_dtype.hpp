#pragma once
// Mapping between ONNX TensorProto.DataType numbers (as used by the Cast op's "to"
// attribute and by ONNX model files) and neo DTypes. Shared by the Cast ops and the
// ONNX frontend.
#include <cstdint>
#include <optional>
#include <string>

#include "neo/core/ir/dtype.hpp"

namespace neo {

// The neo DType of an ONNX data type number (1 FLOAT → f32, 7 INT64 → i64, ...);
// nullopt when neo has no such dtype (14 COMPLEX64, 15 COMPLEX128)
// or the number is not an ONNX data type.
std::optional<DType> dtype_from_onnx(int64_t onnx_type);

// The ONNX data type number of a neo DType (0 for DType::undefined).
int64_t onnx_from_dtype(DType t);

// The ONNX name of a data type number ("FLOAT", "UINT16", "FLOAT8E5M2"), or
// "<unknown n>" for a number ONNX does not define. For messages.
std::string onnx_dtype_name(int64_t onnx_type);

}  // namespace neo
