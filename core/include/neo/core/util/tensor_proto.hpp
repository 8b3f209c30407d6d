#pragma once
// A minimal reader of serialized ONNX TensorProtos (the input_<i>.pb / output_<i>.pb files
// of the ONNX backend conformance data), written from the protobuf wire format so that the
// conformance runner needs no protobuf and does not share the frontend's tensor reading
// (the data must be read independently of the code under test, DESIGN §6).
// Handles dims, data_type, raw_data and the packed typed fields (float/int32/string/
// int64/double/uint64 data), 4- and 2-bit values unpacked to a byte each; anything else
// (e.g. a SequenceProto) is nullopt.
// The conformance runner and the tests read .pb data with it.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "neo/core/ir/tensor.hpp"

namespace neo {

// Parses the bytes of one TensorProto; nullopt when they are not a tensor neo can hold.
std::optional<Tensor> parse_tensor_proto(const std::string& bytes);
// Reads and parses a .pb file; nullopt when unreadable or not a supported tensor.
std::optional<Tensor> read_tensor_proto(const std::filesystem::path& file);

// The distinct op types of the main graph of a serialized ONNX ModelProto, sorted
// (ModelProto.graph = 7, GraphProto.node = 1, NodeProto.op_type = 4); empty when the
// bytes are not a model. Used to count pass rates per op, independent of the frontend.
std::vector<std::string> model_op_types(const std::filesystem::path& model_file);

}  // namespace neo
