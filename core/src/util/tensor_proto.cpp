#include "neo/core/util/tensor_proto.hpp"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <set>
#include <vector>

#include "neo/core/ops/onnx_dtype.hpp"

namespace neo {
namespace {

// Reads protobuf wire-format primitives from a byte string.
class WireReader {
public:
    explicit WireReader(const std::string& s) : p_(s.data()), end_(s.data() + s.size()) {}
    bool done() const { return p_ >= end_; }
    bool varint(uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64 && p_ < end_; shift += 7) {
            auto b = static_cast<uint8_t>(*p_++);
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return true;
        }
        return false;
    }
    bool bytes(std::string& out) {
        uint64_t n = 0;
        if (!varint(n) || n > static_cast<uint64_t>(end_ - p_)) return false;
        out.assign(p_, p_ + n);
        p_ += n;
        return true;
    }
    bool skip(uint32_t wire) {
        uint64_t v = 0;
        std::string s;
        switch (wire) {
            case 0: return varint(v);
            case 1: return advance(8);
            case 2: return bytes(s);
            case 5: return advance(4);
            default: return false;
        }
    }

private:
    bool advance(std::ptrdiff_t n) {
        if (end_ - p_ < n) return false;
        p_ += n;
        return true;
    }
    const char* p_;
    const char* end_;
};

// Appends the values of a (packed or single) varint field.
bool read_varints(WireReader& r, uint32_t wire, std::vector<int64_t>& out) {
    uint64_t v = 0;
    if (wire == 0) {
        if (!r.varint(v)) return false;
        out.push_back(static_cast<int64_t>(v));
        return true;
    }
    std::string packed;
    if (wire != 2 || !r.bytes(packed)) return false;
    WireReader inner(packed);
    while (!inner.done()) {
        if (!inner.varint(v)) return false;
        out.push_back(static_cast<int64_t>(v));
    }
    return true;
}

// 4 or 2 for the dtypes ONNX packs (two or four values to a byte), else 0.
int packed_bits(DType t) {
    if (t == DType::i4 || t == DType::u4 || t == DType::f4e2m1) return 4;
    if (t == DType::i2 || t == DType::u2) return 2;
    return 0;
}

// One byte per value from packed data (first value in the lowest bits); `sign`: the
// values are two's complement integers, widened with their sign. Empty when the data
// has not exactly the bytes numel values need.
std::string unpack(const std::string& packed, int bits, int64_t numel, bool sign) {
    const int per_byte = 8 / bits;
    if (numel < 0 || packed.size() != static_cast<std::size_t>((numel + per_byte - 1) / per_byte))
        return {};
    std::string out;
    for (int64_t i = 0; i < numel; ++i) {
        const auto byte = static_cast<uint8_t>(packed[static_cast<std::size_t>(i / per_byte)]);
        int v = (byte >> ((i % per_byte) * bits)) & ((1 << bits) - 1);
        if (sign && v >= (1 << (bits - 1))) v -= 1 << bits;
        out.push_back(static_cast<char>(v));
    }
    return out;
}

}  // namespace

std::optional<Tensor> parse_tensor_proto(const std::string& data) {
    WireReader r(data);
    std::vector<int64_t> dims, ints;
    int64_t type = 0;
    std::string raw, fixed;  // fixed: float_data (4 bytes) or double_data (8 bytes)
    std::vector<std::string> strings;
    while (!r.done()) {
        uint64_t tag = 0;
        if (!r.varint(tag)) return std::nullopt;
        auto field = static_cast<uint32_t>(tag >> 3), wire = static_cast<uint32_t>(tag & 7);
        std::vector<int64_t> t;
        std::string s;
        bool ok = true;
        switch (field) {
            case 1: ok = read_varints(r, wire, dims); break;                     // dims
            case 2: ok = read_varints(r, wire, t) && !t.empty(); if (ok) type = t[0]; break;
            case 4: case 10: ok = wire == 2 && r.bytes(s); fixed += s; break;    // float/double
            case 5: case 7: case 11: ok = read_varints(r, wire, ints); break;    // int32/64, u64
            case 6: ok = r.bytes(s); strings.push_back(s); break;                // string_data
            case 9: ok = r.bytes(raw); break;                                    // raw_data
            default: ok = r.skip(wire);
        }
        if (!ok) return std::nullopt;
    }
    auto dtype = dtype_from_onnx(type);
    if (!dtype) return std::nullopt;
    if (*dtype == DType::string) return Tensor::from_vector<std::string>(dims, strings);
    int64_t numel = 1;
    for (int64_t d : dims) numel *= d;
    const std::size_t size = dtype_size(*dtype);
    if (raw.empty() && !fixed.empty()) raw = fixed;  // f32 / f64 are stored as they are
    if (raw.empty() && !ints.empty())                 // narrow ints to the element size
        for (int64_t v : ints) raw.append(reinterpret_cast<const char*>(&v), size);
    const int bits = packed_bits(*dtype);
    if (bits != 0) raw = unpack(raw, bits, numel, *dtype == DType::i4 || *dtype == DType::i2);
    if (raw.size() != static_cast<std::size_t>(numel) * size) return std::nullopt;
    return Tensor::from_bytes(*dtype, dims,
                              {reinterpret_cast<const uint8_t*>(raw.data()), raw.size()});
}

std::optional<Tensor> read_tensor_proto(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parse_tensor_proto(data);
}

namespace {

// The length-delimited fields `field` of a message, as byte strings.
std::vector<std::string> submessages(const std::string& msg, uint32_t field) {
    std::vector<std::string> out;
    WireReader r(msg);
    while (!r.done()) {
        uint64_t tag = 0;
        if (!r.varint(tag)) return out;
        auto f = static_cast<uint32_t>(tag >> 3), wire = static_cast<uint32_t>(tag & 7);
        if (f == field && wire == 2) {
            std::string s;
            if (!r.bytes(s)) return out;
            out.push_back(std::move(s));
        } else if (!r.skip(wire)) {
            return out;
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> model_op_types(const std::filesystem::path& model_file) {
    std::ifstream in(model_file, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::set<std::string> ops;
    for (const auto& graph : submessages(data, 7))
        for (const auto& node : submessages(graph, 1))
            for (const auto& op : submessages(node, 4)) ops.insert(op);
    return {ops.begin(), ops.end()};
}

}  // namespace neo
