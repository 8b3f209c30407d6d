#include "model_reader.hpp"

#include <array>
#include <climits>
#include <fstream>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/wire_format_lite.h>

#include "neo/core/util/error.hpp"

namespace fs = std::filesystem;
namespace pbio = google::protobuf::io;

namespace neo::onnxfe {

onnx::ModelProto read_model(const fs::path& file) {
    const std::string name = file.string();
    std::error_code ec;
    if (!fs::exists(file, ec)) throw UserError(name + ": no such file");
    if (fs::is_directory(file, ec))
        throw UserError(name + ": is a directory, not an ONNX model file (.onnx)");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UserError(name + ": cannot open the file for reading");

    onnx::ModelProto model;
    pbio::IstreamInputStream raw(&in);
    pbio::CodedInputStream coded(&raw);
    coded.SetTotalBytesLimit(INT_MAX);
    if (!model.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
        throw UserError(name + ": not a valid ONNX model: the file does not parse as an ONNX "
                               "ModelProto (is it truncated, corrupt, or another format?)");
    if (!model.has_graph())
        throw UserError(name + ": not a valid ONNX model: it has no graph");
    if (model.ir_version() <= 0)
        throw UserError(name + ": not a valid ONNX model: it has no ir_version");
    return model;
}

namespace {

// ModelProto fields (onnx.proto) and their wire types.
bool is_model_field(uint32_t field, uint32_t wire) {
    using WF = google::protobuf::internal::WireFormatLite;
    switch (field) {
        case 1:   // ir_version
        case 5:   // model_version
            return wire == WF::WIRETYPE_VARINT;
        case 2: case 3: case 4: case 6:  // producer_name/_version, domain, doc_string
        case 7:   // graph
        case 8:   // opset_import
        case 14:  // metadata_props
        case 20:  // training_info
        case 25:  // functions
        case 26:  // configuration
            return wire == WF::WIRETYPE_LENGTH_DELIMITED;
        default:
            return false;
    }
}

}  // namespace

bool looks_like_onnx(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::array<char, 4096> buf{};
    in.read(buf.data(), buf.size());
    const auto n = static_cast<int>(in.gcount());
    if (n <= 0) return false;

    pbio::CodedInputStream s(reinterpret_cast<const uint8_t*>(buf.data()), n);
    bool key_field = false;  // ir_version, graph or opset_import seen
    int fields = 0;
    while (true) {
        uint32_t tag = s.ReadTag();
        if (tag == 0) break;  // end of the prefix (or a 0 byte: not a tag)
        uint32_t field = tag >> 3, wire = tag & 7;
        if (!is_model_field(field, wire)) return false;
        ++fields;
        key_field |= field == 1 || field == 7 || field == 8;
        if (wire == 0) {
            uint64_t v = 0;
            if (!s.ReadVarint64(&v)) break;  // cut by the end of the prefix
            if (field == 1 && (v == 0 || v > 64)) return false;  // implausible ir_version
        } else {
            uint32_t len = 0;
            if (!s.ReadVarint32(&len) || !s.Skip(static_cast<int>(len))) break;
        }
    }
    return fields > 0 && key_field;
}

}  // namespace neo::onnxfe
