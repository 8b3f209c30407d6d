#include "npy_file.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "errors.hpp"
#include "neo/runtime/runtime.h"

namespace neo::run {
namespace {

constexpr char kMagic[] = "\x93NUMPY";

struct Descr {
    const char* text;
    int32_t dtype;
};
// The first entry of each dtype is the one written.
constexpr Descr kDescrs[] = {
    {"<f4", NEO_DTYPE_F32}, {"<f2", NEO_DTYPE_F16}, {"<V2", NEO_DTYPE_BF16}, {"<f8", NEO_DTYPE_F64},
    {"|i1", NEO_DTYPE_I8},  {"|u1", NEO_DTYPE_U8},  {"<i2", NEO_DTYPE_I16},  {"<i4", NEO_DTYPE_I32},
    {"<i8", NEO_DTYPE_I64}, {"|b1", NEO_DTYPE_BOOL}, {"<u2", NEO_DTYPE_U16}, {"<u4", NEO_DTYPE_U32},
    {"<u8", NEO_DTYPE_U64}, {"|V2", NEO_DTYPE_BF16}, {"<i1", NEO_DTYPE_I8},  {"<u1", NEO_DTYPE_U8},
    {"<b1", NEO_DTYPE_BOOL}};

// The text of `key`'s value in the header dict: a quoted string, a tuple or a word.
std::string dict_value(const std::string& h, const std::string& key, const std::string& file) {
    auto k = h.find("'" + key + "'");
    if (k == std::string::npos) throw InputError(file + ": the .npy header has no '" + key + "' entry");
    auto colon = h.find(':', k);
    auto b = colon == std::string::npos ? colon : h.find_first_not_of(' ', colon + 1);
    if (b == std::string::npos) throw InputError(file + ": malformed .npy header");
    std::size_t e;
    if (h[b] == '(') e = h.find(')', b) + 1;
    else if (h[b] == '\'') e = h.find('\'', b + 1) + 1;
    else e = h.find_first_of(",}", b);
    if (e == std::string::npos || e == 0) throw InputError(file + ": malformed .npy header");
    return h.substr(b, e - b);
}

float f32_of_bits(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}
uint32_t bits_of_f32(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}

uint16_t f16_from_float(float f) {
    uint32_t x = bits_of_f32(f);
    uint32_t sign = (x >> 16) & 0x8000u, exp = (x >> 23) & 0xffu, man = x & 0x7fffffu;
    if (exp == 0xff) return static_cast<uint16_t>(sign | 0x7c00u | (man ? 0x200u | (man >> 13) : 0));
    int e = static_cast<int>(exp) - 127 + 15;
    if (e >= 31) return static_cast<uint16_t>(sign | 0x7c00u);  // overflow to inf
    if (e <= 0) {                                                // subnormal or zero
        if (e < -10) return static_cast<uint16_t>(sign);
        man |= 0x800000u;
        uint32_t shift = static_cast<uint32_t>(14 - e);
        uint32_t half = man >> shift, rest = man & ((1u << shift) - 1), mid = 1u << (shift - 1);
        if (rest > mid || (rest == mid && (half & 1))) ++half;
        return static_cast<uint16_t>(sign | half);
    }
    uint32_t half = sign | (static_cast<uint32_t>(e) << 10) | (man >> 13);
    uint32_t rest = man & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1))) ++half;  // may carry into inf: correct
    return static_cast<uint16_t>(half);
}

float f16_to_float(uint16_t h) {
    uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1fu, man = h & 0x3ffu;
    if (exp == 0x1f) return f32_of_bits(sign | 0x7f800000u | (man << 13));
    if (exp == 0) {
        if (!man) return f32_of_bits(sign);
        float v = static_cast<float>(man) / 16777216.0f;  // man * 2^-24
        return sign ? -v : v;
    }
    return f32_of_bits(sign | ((exp + 112) << 23) | (man << 13));
}

uint16_t bf16_from_float(float f) {
    uint32_t x = bits_of_f32(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // quiet NaN
    x += 0x7fffu + ((x >> 16) & 1u);
    return static_cast<uint16_t>(x >> 16);
}

template <class T> void put(void* dst, T v) { std::memcpy(dst, &v, sizeof v); }
template <class T> T get(const void* src) {
    T v;
    std::memcpy(&v, src, sizeof v);
    return v;
}

}  // namespace

bool is_storage_only_dtype(int32_t dtype) { return dtype >= NEO_DTYPE_F8E4M3FN && dtype <= NEO_DTYPE_I2; }

void store_double(int32_t dtype, double v, void* dst) {
    switch (dtype) {
        case NEO_DTYPE_F32: put(dst, static_cast<float>(v)); break;
        case NEO_DTYPE_F16: put(dst, f16_from_float(static_cast<float>(v))); break;
        case NEO_DTYPE_BF16: put(dst, bf16_from_float(static_cast<float>(v))); break;
        case NEO_DTYPE_F64: put(dst, v); break;
        case NEO_DTYPE_I8: put(dst, static_cast<int8_t>(v)); break;
        case NEO_DTYPE_U8: put(dst, static_cast<uint8_t>(v)); break;
        case NEO_DTYPE_I16: put(dst, static_cast<int16_t>(v)); break;
        case NEO_DTYPE_U16: put(dst, static_cast<uint16_t>(v)); break;
        case NEO_DTYPE_I32: put(dst, static_cast<int32_t>(v)); break;
        case NEO_DTYPE_U32: put(dst, static_cast<uint32_t>(v)); break;
        case NEO_DTYPE_I64: put(dst, static_cast<int64_t>(v)); break;
        case NEO_DTYPE_U64: put(dst, static_cast<uint64_t>(v)); break;
        case NEO_DTYPE_BOOL: put(dst, static_cast<uint8_t>(v != 0)); break;
        case NEO_DTYPE_I4: case NEO_DTYPE_I2: put(dst, static_cast<int8_t>(v)); break;
        case NEO_DTYPE_U4: case NEO_DTYPE_U2: put(dst, static_cast<uint8_t>(v)); break;
        default: break;
    }
}

double load_double(int32_t dtype, const void* src) {
    switch (dtype) {
        case NEO_DTYPE_F32: return get<float>(src);
        case NEO_DTYPE_F16: return f16_to_float(get<uint16_t>(src));
        case NEO_DTYPE_BF16: return f32_of_bits(static_cast<uint32_t>(get<uint16_t>(src)) << 16);
        case NEO_DTYPE_F64: return get<double>(src);
        case NEO_DTYPE_I8: return get<int8_t>(src);
        case NEO_DTYPE_U8: return get<uint8_t>(src);
        case NEO_DTYPE_I16: return get<int16_t>(src);
        case NEO_DTYPE_U16: return get<uint16_t>(src);
        case NEO_DTYPE_I32: return get<int32_t>(src);
        case NEO_DTYPE_U32: return get<uint32_t>(src);
        case NEO_DTYPE_I64: return static_cast<double>(get<int64_t>(src));
        case NEO_DTYPE_U64: return static_cast<double>(get<uint64_t>(src));
        case NEO_DTYPE_BOOL: return get<uint8_t>(src) ? 1.0 : 0.0;
        case NEO_DTYPE_I4: case NEO_DTYPE_I2: return get<int8_t>(src);
        case NEO_DTYPE_U4: case NEO_DTYPE_U2: return get<uint8_t>(src);
        default: return 0;
    }
}

namespace {

// numpy's fixed-width strings: '<U<n>' (n UTF-32 code units) or '|S<n>' (n bytes), each
// padded with NULs; the width n, 0 when `descr` is neither.
uint64_t string_width(const std::string& descr, bool& unicode) {
    if (descr.size() < 3 || !((descr[0] == '<' && descr[1] == 'U') || (descr[0] == '|' && descr[1] == 'S'))) return 0;
    if (descr.find_first_not_of("0123456789", 2) != std::string::npos || descr.size() > 12) return 0;
    unicode = descr[1] == 'U';
    return std::stoull(descr.substr(2));
}

void put_utf8(std::string& out, uint32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xc0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xe0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    }
}

// The code points of UTF-8 text; false when it is not UTF-8.
bool decode_utf8(const std::string& s, std::vector<uint32_t>& out) {
    out.clear();
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + static_cast<std::size_t>(n) > s.size()) return false;
        uint32_t c = n == 1 ? b : b & (0x7f >> n);
        for (int k = 1; k < n; ++k) {
            const auto t = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((t >> 6) != 2) return false;
            c = (c << 6) | (t & 0x3f);
        }
        const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (c < least[n] || c > 0x10ffff || (c >= 0xd800 && c < 0xe000)) return false;
        out.push_back(c);
        i += static_cast<std::size_t>(n);
    }
    return true;
}

// Elements of width `width` (code units) from the raw data, trailing NULs dropped.
std::vector<std::string> decode_strings(const std::string& file, const std::vector<uint8_t>& raw, uint64_t n,
                                        uint64_t width, bool unicode) {
    std::vector<std::string> v;
    const uint64_t unit = unicode ? 4 : 1;
    for (uint64_t i = 0; i < n; ++i) {
        const uint8_t* p = raw.data() + i * width * unit;
        uint64_t len = width;
        while (len > 0 && std::all_of(p + (len - 1) * unit, p + len * unit, [](uint8_t x) { return x == 0; })) --len;
        std::string s;
        for (uint64_t k = 0; k < len; ++k) {
            if (!unicode) {
                s += static_cast<char>(p[k]);
                continue;
            }
            const uint32_t c = p[4 * k] | (p[4 * k + 1] << 8) | (p[4 * k + 2] << 16) | (static_cast<uint32_t>(p[4 * k + 3]) << 24);
            if (c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
                throw InputError(file + ": string " + std::to_string(i) + " holds an invalid code point");
            put_utf8(s, c);
        }
        v.push_back(std::move(s));
    }
    return v;
}

}  // namespace

NpyArray read_npy_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file + ": cannot open the .npy file");
    char magic[6];
    unsigned char ver[2];
    if (!in.read(magic, 6) || std::memcmp(magic, kMagic, 6) != 0 || !in.read(reinterpret_cast<char*>(ver), 2))
        throw InputError(file + ": not a NumPy .npy file (bad magic)");
    uint32_t hlen = 0;
    unsigned char b[4] = {0, 0, 0, 0};
    if (ver[0] == 1) {
        if (!in.read(reinterpret_cast<char*>(b), 2)) throw InputError(file + ": truncated .npy header");
    } else if (ver[0] == 2 || ver[0] == 3) {
        if (!in.read(reinterpret_cast<char*>(b), 4)) throw InputError(file + ": truncated .npy header");
    } else {
        throw InputError(file + ": unsupported .npy format version " + std::to_string(ver[0]));
    }
    hlen = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
    if (hlen > (1u << 20)) throw InputError(file + ": implausible .npy header length");
    std::string header(hlen, '\0');
    if (!in.read(header.data(), hlen)) throw InputError(file + ": truncated .npy header");

    std::string descr = dict_value(header, "descr", file);
    if (descr.size() >= 2 && descr.front() == '\'') descr = descr.substr(1, descr.size() - 2);
    NpyArray a;
    for (const auto& d : kDescrs)
        if (descr == d.text) a.dtype = d.dtype;
    if (descr == "|V1" || descr == "<V1") a.dtype = kNpyBytes;
    bool unicode = false;
    const uint64_t width = string_width(descr, unicode);
    if (width) a.dtype = NEO_DTYPE_STRING;
    if (!a.dtype)
        throw InputError(file + ": unsupported .npy dtype '" + descr +
                         "' (use little-endian float16/32/64, int8/16/32/64, uint8/16/32/64, bool, or 1-byte "
                         "records for float8, float4, int4 and int2, or strings: unicode '<U' or bytes '|S')");
    if (dict_value(header, "fortran_order", file) != "False")
        throw InputError(file + ": Fortran-order arrays are not supported; save with numpy.ascontiguousarray");
    std::string shape = dict_value(header, "shape", file);
    if (shape.size() < 2 || shape.front() != '(')
        throw InputError(file + ": bad shape " + shape + " in the .npy header");
    uint64_t n = 1;
    std::size_t pos = 1;
    while (pos < shape.size() - 1) {
        std::size_t comma = shape.find(',', pos);
        if (comma == std::string::npos) comma = shape.size() - 1;
        std::string item = shape.substr(pos, comma - pos);
        pos = comma + 1;
        auto s = item.find_first_not_of(' ');
        if (s == std::string::npos) continue;
        auto e = item.find_last_not_of(" L");
        item = item.substr(s, e - s + 1);
        if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 15)
            throw InputError(file + ": bad shape " + shape + " in the .npy header");
        int64_t d = std::stoll(item);
        a.shape.push_back(d);
        n *= static_cast<uint64_t>(d);
        if (n > (uint64_t{1} << 40)) throw InputError(file + ": the array is too large (shape " + shape + ")");
    }
    if (width > (uint64_t{1} << 20)) throw InputError(file + ": implausible string width " + descr);
    uint64_t nbytes = n * (a.dtype == kNpyBytes ? 1 : width ? width * (unicode ? 4 : 1) : neo_dtype_size(a.dtype));
    a.data.resize(static_cast<std::size_t>(nbytes));
    if (!in.read(reinterpret_cast<char*>(a.data.data()), static_cast<std::streamsize>(nbytes)))
        throw InputError(file + ": .npy data is truncated (expected " + std::to_string(nbytes) +
                         " bytes for shape " + shape + ")");
    if (width) {
        a.strings = decode_strings(file, a.data, n, width, unicode);
        a.data.clear();
    }
    return a;
}

namespace {

void write_npy(const std::string& file, const std::string& descr, const std::vector<int64_t>& shape, const void* data,
               uint64_t nbytes) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    s += shape.size() == 1 ? ",)" : ")";
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
    // Pad with spaces so that magic + version + length + header + '\n' is 64-aligned.
    std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::ofstream out(file, std::ios::binary);
    if (!out) throw InputError(file + ": cannot create the .npy file");
    out.write(kMagic, 6);
    const char ver[2] = {1, 0};
    out.write(ver, 2);
    const char len[2] = {static_cast<char>(header.size() & 0xff), static_cast<char>(header.size() >> 8)};
    out.write(len, 2);
    out << header;
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(nbytes));
    if (!out) throw InputError(file + ": writing the .npy file failed");
}

}  // namespace

void write_npy_file(const std::string& file, int32_t dtype, const std::vector<int64_t>& shape,
                    const void* data, uint64_t nbytes) {
    const char* descr = is_storage_only_dtype(dtype) ? "|V1" : nullptr;
    for (const auto& d : kDescrs)
        if (d.dtype == dtype && !descr) descr = d.text;
    if (!descr)
        throw InputError(file + ": dtype " + std::string(neo_dtype_name(dtype)) + " cannot be written to .npy");
    write_npy(file, descr, shape, data, nbytes);
}

void write_npy_strings(const std::string& file, const std::vector<int64_t>& shape, const std::vector<std::string>& strings) {
    std::vector<std::vector<uint32_t>> points(strings.size());
    std::size_t width = 1;
    for (std::size_t i = 0; i < strings.size(); ++i) {
        if (!decode_utf8(strings[i], points[i]))
            throw InputError(file + ": string " + std::to_string(i) + " of the output is not UTF-8; it cannot be written as a numpy unicode array");
        width = std::max(width, points[i].size());
    }
    std::vector<uint8_t> raw(strings.size() * width * 4, 0);
    for (std::size_t i = 0; i < points.size(); ++i)
        for (std::size_t k = 0; k < points[i].size(); ++k)
            for (int b = 0; b < 4; ++b) raw[(i * width + k) * 4 + static_cast<std::size_t>(b)] = static_cast<uint8_t>(points[i][k] >> (8 * b));
    write_npy(file, "<U" + std::to_string(width), shape, raw.data(), raw.size());
}

}  // namespace neo::run
