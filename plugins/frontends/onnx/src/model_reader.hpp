#pragma once
// Reading an .onnx file into a ModelProto, and recognizing ONNX files.
#include <filesystem>

#include <onnx/onnx_pb.h>

namespace neo::onnxfe {

// Parses the whole file (models up to protobuf's 2 GiB limit; bigger weights belong in
// external data). UserError naming the file when it cannot be read or is not a valid
// ONNX model ("not a valid ONNX model: ...").
onnx::ModelProto read_model(const std::filesystem::path& file);

// Whether the file's first bytes read as the start of a ModelProto: a small
// ir_version (field 1) first, then only ModelProto fields with their wire types, as
// far as the first 4 KiB go. Never throws.
bool looks_like_onnx(const std::filesystem::path& file);

}  // namespace neo::onnxfe
