#include "tensor_reader.hpp"

#include <cstring>
#include <fstream>
#include <limits>

#include "neo/core/ops/onnx_dtype.hpp"
#include "neo/core/util/error.hpp"

namespace fs = std::filesystem;

namespace neo::onnxfe {
namespace {

DType tensor_dtype(int32_t onnx_type, const std::string& what) {
    auto t = dtype_from_onnx(onnx_type);
    if (!t || *t == DType::undefined)
        throw UserError(what + " has data type " + onnx_dtype_name(onnx_type) +
                        ", which neo does not support");
    return *t;
}

// The dims of the tensor and its element count (checked for negative dims and overflow).
std::vector<int64_t> tensor_dims(const onnx::TensorProto& p, const std::string& what,
                                 int64_t& numel) {
    std::vector<int64_t> dims(p.dims().begin(), p.dims().end());
    numel = 1;
    for (int64_t d : dims) {
        if (d < 0) throw UserError(what + " has a negative dimension " + std::to_string(d));
        if (d != 0 && numel > std::numeric_limits<int64_t>::max() / d)
            throw UserError(what + " is too large (its element count overflows)");
        numel *= d;
    }
    return dims;
}

// Reads `length` bytes at `offset` of the external data file the tensor names.
std::string read_external(const onnx::TensorProto& p, const fs::path& model_dir,
                          const std::string& what, int64_t expected_bytes) {
    std::string location;
    int64_t offset = 0, length = -1;
    for (const auto& e : p.external_data()) {
        try {
            if (e.key() == "location") location = e.value();
            else if (e.key() == "offset") offset = std::stoll(e.value());
            else if (e.key() == "length") length = std::stoll(e.value());
        } catch (const std::exception&) {
            throw UserError(what + ": external data field '" + e.key() + "' is not a number: '" +
                            e.value() + "'");
        }
    }
    if (location.empty()) throw UserError(what + ": external data without a 'location'");
    fs::path rel(location);
    bool escapes = rel.is_absolute();
    for (const auto& part : rel) escapes |= part == "..";
    if (escapes)
        throw UserError(what + ": external data location '" + location +
                        "' must be a path relative to the model's directory, inside it");
    fs::path file = model_dir / rel;
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    if (ec)
        throw UserError(what + ": cannot read its external data file '" + file.string() +
                        "': " + ec.message() +
                        " (keep the data files next to the model, as it names them)");
    if (length < 0) length = expected_bytes;
    if (offset < 0 || static_cast<uint64_t>(offset) + static_cast<uint64_t>(length) > size)
        throw UserError(what + ": external data file '" + file.string() + "' has " +
                        std::to_string(size) + " bytes, too few for " + std::to_string(length) +
                        " bytes at offset " + std::to_string(offset));
    std::string bytes(static_cast<std::size_t>(length), '\0');
    std::ifstream in(file, std::ios::binary);
    in.seekg(offset);
    if (!in || !in.read(bytes.data(), length))
        throw UserError(what + ": cannot read its external data file '" + file.string() + "'");
    return bytes;
}

// Copies a typed repeated field into a tensor of dtype T, converting each element.
template <class T, class Field, class Convert>
Tensor from_field(const std::vector<int64_t>& dims, const Field& field, int64_t numel,
                  const std::string& what, const char* field_name, Convert convert) {
    if (static_cast<int64_t>(field.size()) != numel)
        throw UserError(what + " has " + std::to_string(field.size()) + " values in " +
                        field_name + " but its shape " + Shape::from(dims).str() + " needs " +
                        std::to_string(numel));
    Tensor t = Tensor::zeros(dtype_of<T>(), dims);
    auto& a = t.array<T>();
    auto out = a.begin();
    for (const auto& v : field) *out++ = convert(v);
    return t;
}

template <class Half>
Half half_from_bits(int32_t bits) {
    Half h;
    h.bits = static_cast<uint16_t>(bits);
    return h;
}

// Bits per element as ONNX stores a dtype: 4 and 2 for the packed types, else 8 * size.
int stored_bits(DType t) {
    switch (t) {
        case DType::i4: case DType::u4: case DType::f4e2m1: return 4;
        case DType::i2: case DType::u2: return 2;
        default: return 8 * static_cast<int>(dtype_size(t));
    }
}

// Bytes of the stored data of numel elements of dtype t (a packed last byte may be partial).
int64_t stored_bytes(DType t, int64_t numel) {
    const int bits = stored_bits(t);
    return bits >= 8 ? numel * (bits / 8) : (numel * bits + 7) / 8;
}

// The tensor of the stored bytes of a storage-only dtype: 4- and 2-bit values are packed
// two or four to a byte, the first in the lowest bits; in memory each takes a byte (the
// integers sign-extended for i4 and i2).
Tensor from_stored_bytes(DType t, const std::vector<int64_t>& dims, int64_t numel,
                         const std::string& bytes) {
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    const int bits = stored_bits(t);
    if (bits >= 8) return Tensor::from_bytes(t, dims, {data, bytes.size()});
    const unsigned mask = (1u << bits) - 1, sign = 1u << (bits - 1);
    const bool is_signed_int = t == DType::i4 || t == DType::i2;
    std::vector<uint8_t> out(static_cast<std::size_t>(numel));
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t bit = i * static_cast<std::size_t>(bits);
        unsigned v = (data[bit / 8] >> (bit % 8)) & mask;
        if (is_signed_int && (v & sign)) v |= ~mask;  // sign-extend into the byte
        out[i] = static_cast<uint8_t>(v);
    }
    return Tensor::from_bytes(t, dims, out);
}

Tensor from_typed_fields(const onnx::TensorProto& p, DType t, const std::vector<int64_t>& dims,
                         int64_t numel, const std::string& what) {
    if (is_storage_only(t)) {  // int32_data holds one stored byte each
        const int64_t want = stored_bytes(t, numel);
        if (p.int32_data_size() != want)
            throw UserError(what + " has " + std::to_string(p.int32_data_size()) +
                            " values in int32_data but " + std::string(dtype_name(t)) +
                            Shape::from(dims).str() + " needs " + std::to_string(want) +
                            (stored_bits(t) < 8 ? " (" + std::to_string(8 / stored_bits(t)) +
                                                      " elements packed in each)"
                                                : std::string()));
        std::string bytes;
        for (int32_t v : p.int32_data()) bytes.push_back(static_cast<char>(v & 0xff));
        return from_stored_bytes(t, dims, numel, bytes);
    }
    auto same = [](auto v) { return v; };
    switch (t) {
        case DType::f32: return from_field<float>(dims, p.float_data(), numel, what, "float_data", same);
        case DType::f64: return from_field<double>(dims, p.double_data(), numel, what, "double_data", same);
        case DType::i64: return from_field<int64_t>(dims, p.int64_data(), numel, what, "int64_data", same);
        case DType::i32: return from_field<int32_t>(dims, p.int32_data(), numel, what, "int32_data", same);
        case DType::i16:
            return from_field<int16_t>(dims, p.int32_data(), numel, what, "int32_data",
                                       [](int32_t v) { return static_cast<int16_t>(v); });
        case DType::i8:
            return from_field<int8_t>(dims, p.int32_data(), numel, what, "int32_data",
                                      [](int32_t v) { return static_cast<int8_t>(v); });
        case DType::u8:
            return from_field<uint8_t>(dims, p.int32_data(), numel, what, "int32_data",
                                       [](int32_t v) { return static_cast<uint8_t>(v); });
        case DType::u16:
            return from_field<uint16_t>(dims, p.int32_data(), numel, what, "int32_data",
                                        [](int32_t v) { return static_cast<uint16_t>(v); });
        case DType::u32:  // uint32 and uint64 live in uint64_data
            return from_field<uint32_t>(dims, p.uint64_data(), numel, what, "uint64_data",
                                        [](uint64_t v) { return static_cast<uint32_t>(v); });
        case DType::u64:
            return from_field<uint64_t>(dims, p.uint64_data(), numel, what, "uint64_data", same);
        case DType::boolean:
            return from_field<bool>(dims, p.int32_data(), numel, what, "int32_data",
                                    [](int32_t v) { return v != 0; });
        case DType::f16:  // IEEE half bits in the low 16 bits of int32_data
            return from_field<float16>(dims, p.int32_data(), numel, what, "int32_data",
                                       half_from_bits<float16>);
        case DType::bf16:
            return from_field<bfloat16>(dims, p.int32_data(), numel, what, "int32_data",
                                        half_from_bits<bfloat16>);
        case DType::string:
            return from_field<std::string>(dims, p.string_data(), numel, what, "string_data",
                                           [](const std::string& s) { return s; });
        default: break;  // undefined (the storage-only types are read above)
    }
    throw InternalError("read_tensor: unhandled dtype");
}

}  // namespace

Tensor read_tensor(const onnx::TensorProto& p, const fs::path& model_dir,
                   const std::string& what) {
    if (p.has_segment())
        throw UserError(what + " is a segment of a larger tensor, which neo does not support");
    DType t = tensor_dtype(p.data_type(), what);
    int64_t numel = 0;
    std::vector<int64_t> dims = tensor_dims(p, what, numel);
    const int64_t nbytes = stored_bytes(t, numel);

    const bool external = p.data_location() == onnx::TensorProto_DataLocation_EXTERNAL;
    if (t == DType::string) {
        if (external || p.has_raw_data())
            throw UserError(what + " is a string tensor stored as raw or external data; "
                                   "ONNX stores strings in string_data");
        return from_typed_fields(p, t, dims, numel, what);
    }
    if (external || p.has_raw_data()) {
        std::string bytes = external ? read_external(p, model_dir, what, nbytes) : p.raw_data();
        if (static_cast<int64_t>(bytes.size()) != nbytes)
            throw UserError(what + " has " + std::to_string(bytes.size()) +
                            " bytes of data but " + std::string(dtype_name(t)) +
                            Shape::from(dims).str() + " needs " + std::to_string(nbytes));
        if (is_storage_only(t)) return from_stored_bytes(t, dims, numel, bytes);
        return Tensor::from_bytes(
            t, dims, {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
    }
    return from_typed_fields(p, t, dims, numel, what);
}

std::optional<ValueType> read_value_type(const onnx::TypeProto& type, const std::string& what) {
    if (type.value_case() != onnx::TypeProto::kTensorType) return std::nullopt;
    const auto& tt = type.tensor_type();
    ValueType vt;
    if (tt.elem_type() != 0) {
        auto d = dtype_from_onnx(tt.elem_type());
        if (!d)
            throw UserError(what + " has element type " + onnx_dtype_name(tt.elem_type()) +
                            ", which neo does not support");
        vt.dtype = *d;
    }
    if (tt.has_shape()) {
        std::vector<Dim> dims;
        for (const auto& d : tt.shape().dim()) {
            if (d.has_dim_value() && d.dim_value() >= 0) dims.emplace_back(d.dim_value());
            else if (d.has_dim_param() && !d.dim_param().empty())
                dims.push_back(Dim::symbol(d.dim_param()));
            else dims.push_back(Dim::unknown());
        }
        vt.shape = Shape(std::move(dims));
    }
    return vt;
}

std::string type_kind(const onnx::TypeProto& type) {
    switch (type.value_case()) {
        case onnx::TypeProto::kTensorType: return "tensor";
        case onnx::TypeProto::kSequenceType: return "sequence";
        case onnx::TypeProto::kMapType: return "map";
        case onnx::TypeProto::kOptionalType: return "optional";
        case onnx::TypeProto::kSparseTensorType: return "sparse tensor";
        case onnx::TypeProto::kOpaqueType: return "opaque";
        default: return "no type";
    }
}

}  // namespace neo::onnxfe
