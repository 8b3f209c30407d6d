#include "neo/core/util/npy.hpp"

#include <cstring>
#include <fstream>
#include <sstream>

#include "neo/core/util/error.hpp"

namespace neo {
namespace {

constexpr char kMagic[] = "\x93NUMPY";

// descr of each dtype ('<' little-endian, '|' not applicable).
std::string npy_descr(DType t) {
    switch (t) {
        case DType::f32: return "<f4";
        case DType::f16: return "<f2";
        case DType::f64: return "<f8";
        case DType::i8: return "|i1";
        case DType::u8: return "|u1";
        case DType::i16: return "<i2";
        case DType::i32: return "<i4";
        case DType::i64: return "<i8";
        case DType::u16: return "<u2";
        case DType::u32: return "<u4";
        case DType::u64: return "<u8";
        case DType::boolean: return "|b1";
        case DType::bf16: return "<V2";  // no NumPy bfloat16: raw 2-byte records
        default: break;
    }
    throw UserError("dtype " + std::string(dtype_name(t)) + " cannot be written to .npy");
}

std::optional<DType> parse_descr(const std::string& d) {
    static const std::pair<const char*, DType> table[] = {
        {"<f4", DType::f32}, {"<f2", DType::f16}, {"<f8", DType::f64}, {"|i1", DType::i8},
        {"|u1", DType::u8},  {"<i2", DType::i16}, {"<i4", DType::i32}, {"<i8", DType::i64},
        {"|b1", DType::boolean}, {"<V2", DType::bf16}, {"|V2", DType::bf16},
        {"<i1", DType::i8},  {"<u1", DType::u8},  {"<b1", DType::boolean},
        {"<u2", DType::u16}, {"<u4", DType::u32}, {"<u8", DType::u64}};
    for (const auto& [s, t] : table)
        if (d == s) return t;
    return std::nullopt;
}

// Extracts the value text of 'key' from the header dict.
std::string dict_value(const std::string& header, const std::string& key,
                       const std::filesystem::path& file) {
    auto k = header.find("'" + key + "'");
    if (k == std::string::npos)
        throw UserError(file.string() + ": .npy header has no '" + key + "' entry");
    auto colon = header.find(':', k);
    auto start = header.find_first_not_of(' ', colon + 1);
    if (header[start] == '(') return header.substr(start, header.find(')', start) - start + 1);
    auto end = header.find_first_of(",}", start);
    return header.substr(start, end - start);
}

}  // namespace

Tensor read_npy(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UserError(file.string() + ": cannot open the .npy file");
    char magic[6];
    uint8_t ver[2];
    if (!in.read(magic, 6) || std::memcmp(magic, kMagic, 6) != 0 ||
        !in.read(reinterpret_cast<char*>(ver), 2))
        throw UserError(file.string() + ": not a NumPy .npy file (bad magic)");
    uint32_t hlen = 0;
    if (ver[0] == 1) {
        uint8_t b[2];
        in.read(reinterpret_cast<char*>(b), 2);
        hlen = b[0] | (b[1] << 8);
    } else if (ver[0] == 2 || ver[0] == 3) {
        uint8_t b[4];
        in.read(reinterpret_cast<char*>(b), 4);
        hlen = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
    } else {
        throw UserError(file.string() + ": unsupported .npy format version " +
                        std::to_string(ver[0]));
    }
    std::string header(hlen, '\0');
    if (!in.read(header.data(), hlen)) throw UserError(file.string() + ": truncated .npy header");

    std::string descr = dict_value(header, "descr", file);
    descr = descr.substr(1, descr.size() - 2);  // strip quotes
    auto dtype = parse_descr(descr);
    if (!dtype)
        throw UserError(file.string() + ": unsupported .npy dtype '" + descr +
                        "' (use little-endian float16/32/64, int8/16/32/64, uint8 or bool)");
    if (dict_value(header, "fortran_order", file) != "False")
        throw UserError(file.string() + ": Fortran-order arrays are not supported; save with "
                                        "numpy.ascontiguousarray");
    std::string shape_text = dict_value(header, "shape", file);
    std::vector<int64_t> shape;
    std::stringstream ss(shape_text.substr(1, shape_text.size() - 2));
    std::string item;
    while (std::getline(ss, item, ',')) {
        auto b = item.find_first_not_of(' ');
        if (b == std::string::npos) continue;
        try {
            shape.push_back(std::stoll(item.substr(b)));
        } catch (const std::exception&) {
            throw UserError(file.string() + ": bad shape " + shape_text + " in the .npy header");
        }
    }
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    std::vector<uint8_t> data(static_cast<std::size_t>(n) * dtype_size(*dtype));
    if (!in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size())))
        throw UserError(file.string() + ": .npy data is truncated (expected " +
                        std::to_string(data.size()) + " bytes for shape " + shape_text + ")");
    return Tensor::from_bytes(*dtype, shape, data);
}

void write_npy(const std::filesystem::path& file, const Tensor& t) {
    std::string shape = "(";
    for (int64_t d : t.shape()) shape += std::to_string(d) + ", ";
    if (t.rank() > 1) shape.erase(shape.size() - 2);
    else if (t.rank() == 1) shape.erase(shape.size() - 1);
    shape += ")";
    std::string header = "{'descr': '" + npy_descr(t.dtype()) +
                         "', 'fortran_order': False, 'shape': " + shape + ", }";
    // Pad with spaces so that magic + version + length + header + '\n' is 64-aligned.
    std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::ofstream out(file, std::ios::binary);
    if (!out) throw UserError(file.string() + ": cannot create the .npy file");
    out.write(kMagic, 6);
    const char ver[2] = {1, 0};
    out.write(ver, 2);
    const char len[2] = {static_cast<char>(header.size() & 0xff),
                         static_cast<char>(header.size() >> 8)};
    out.write(len, 2);
    out << header;
    auto bytes = t.bytes();
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw UserError(file.string() + ": writing the .npy file failed");
}

}  // namespace neo
