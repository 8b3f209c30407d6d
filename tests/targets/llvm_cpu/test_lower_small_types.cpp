// The storage-only types (float8, float4, int4, int2) on the llvm_cpu target: Cast and
// CastLike to and from every one of them (every encoding decoded; every float16 and
// bfloat16 value, every tie of each format and its neighbours, infinities, NaNs,
// subnormals and out-of-range values encoded, with and without saturation and with each
// float8e8m0 rounding), QuantizeLinear / DequantizeLinear per tensor, per axis and
// blocked, data movement and weights in model.params. Each output must be bit for bit the
// reference interpreter's (core's small_types, checked against ml_dtypes), with 1 and 2
// threads, for the generic x86-64 (and AVX2 / AVX-512 CPUs where this machine has them).
// Last, neo-run with such inputs and outputs (raw 1-byte .npy records), here and for ARM64
// and ARMv7-hf under qemu-user.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "native_run.hpp"
#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/ops/onnx_dtype.hpp"
#include "neo/core/passes/shape_propagation.hpp"
#include "support/run_tool.hpp"

using namespace neo;
using namespace neo::test;
namespace fs = std::filesystem;

namespace {

const DType kSmallFloats[] = {DType::f8e4m3fn, DType::f8e4m3fnuz, DType::f8e5m2, DType::f8e5m2fnuz, DType::f4e2m1};
const DType kSmallInts[] = {DType::i4, DType::u4, DType::i2, DType::u2};
const DType kAllSmall[] = {DType::f8e4m3fn, DType::f8e4m3fnuz, DType::f8e5m2, DType::f8e5m2fnuz, DType::f4e2m1,
                           DType::f8e8m0,   DType::i4,         DType::u4,     DType::i2,         DType::u2};

const char* name(DType t) { return dtype_name(t).data(); }

SmallFloat kind_of(DType t) {
    switch (t) {
    case DType::f8e4m3fn: return SmallFloat::e4m3fn;
    case DType::f8e4m3fnuz: return SmallFloat::e4m3fnuz;
    case DType::f8e5m2: return SmallFloat::e5m2;
    case DType::f8e5m2fnuz: return SmallFloat::e5m2fnuz;
    case DType::f4e2m1: return SmallFloat::e2m1;
    default: return SmallFloat::e8m0;
    }
}

int encodings(DType t) { return t == DType::f4e2m1 ? 16 : is_small_float(t) ? 256 : 0; }

// A 1-D tensor of `t` holding the given bytes.
Tensor from_bits(DType t, const std::vector<uint8_t>& bytes) {
    return Tensor::from_bytes(t, {static_cast<int64_t>(bytes.size())}, bytes);
}
std::vector<uint8_t> every_encoding(DType t) {
    std::vector<uint8_t> b(static_cast<std::size_t>(encodings(t)));
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(i);
    return b;
}
// The canonical bytes of every value of a small integer type (signed ones sign-extended).
std::vector<uint8_t> every_small_int(DType t) {
    const int bits = t == DType::i4 || t == DType::u4 ? 4 : 2;
    const int lo = is_signed(t) ? -(1 << (bits - 1)) : 0;
    std::vector<uint8_t> b;
    for (int v = lo; v < lo + (1 << bits); ++v) b.push_back(static_cast<uint8_t>(static_cast<int8_t>(v)));
    return b;
}

// Values that probe the rounding of every small float format: each finite value, the
// midpoints between neighbours (ties), and the next representable value of `T` on either
// side of each midpoint; then zeros, infinities, NaNs, extremes and e8m0's cases.
template <class T> std::vector<T> probe_values() {
    std::vector<T> v;
    auto add_tie = [&](double a, double b) {
        const T m = static_cast<T>((a + b) / 2);  // exact: a few significant bits
        v.insert(v.end(), {m, std::nextafter(m, T(-INFINITY)), std::nextafter(m, T(INFINITY))});
    };
    for (DType t : kSmallFloats)
        for (int bits = 0; bits + 1 < encodings(t); ++bits) {
            const double a = small_float_value(kind_of(t), static_cast<uint8_t>(bits));
            const double b = small_float_value(kind_of(t), static_cast<uint8_t>(bits + 1));
            if (std::isfinite(a)) v.push_back(static_cast<T>(a));
            if (std::isfinite(a) && std::isfinite(b) && std::signbit(a) == std::signbit(b)) add_tie(a, b);
        }
    for (int e = -130; e <= 128; ++e) {  // e8m0: powers of two, their neighbours and midpoints
        const T p = std::ldexp(T(1), e);
        v.insert(v.end(), {p, std::nextafter(p, T(0)), std::nextafter(p, T(INFINITY)), T(1.5) * p, T(1.25) * p});
    }
    const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    for (T x : {T(0), nan, inf, std::numeric_limits<T>::max(), std::numeric_limits<T>::min(),
                std::numeric_limits<T>::denorm_min(), T(1e-30), T(1e30), T(464), T(480), T(240), T(248), T(57344),
                T(61440), T(65504), T(6), T(7), T(0.25), T(0.75), T(2.5), T(-8.5), T(7.5), T(0.5), T(1.5)}) {
        v.push_back(x);
        v.push_back(-x);
    }
    return v;
}

template <class T> Tensor vector_tensor(const std::vector<T>& v) {
    return Tensor::from_vector<T>({static_cast<int64_t>(v.size())}, v);
}

// Compiles `text` (no constant folding: values stay where the text puts them), runs it on
// `inputs` with 1 and 2 threads and checks every output bit for bit against the reference
// interpreter.
void check_bitwise(const std::string& what, const std::string& text, const std::vector<Tensor>& inputs,
                   const std::vector<TargetSpec>& targets = {host_target()}) {
    CAPTURE(what);
    auto g = parse_graph(text);
    propagate_shapes(*g);
    const auto want = Interpreter(*g).run(inputs);
    for (const auto& target : targets) {
        CAPTURE(target.cpu);
        auto dir = scratch("small_types");
        build_native(*g, target, dir);
        for (int threads : {1, 2}) {
            CAPTURE(threads);
            const auto got = run_native(dir, inputs, threads);
            REQUIRE(got.size() == want.size());
            for (std::size_t o = 0; o < got.size(); ++o) {
                CAPTURE(o);
                REQUIRE(got[o].dtype() == want[o].dtype());
                REQUIRE(got[o].shape() == want[o].shape());
                const auto a = got[o].bytes(), b = want[o].bytes();
                const std::size_t size = dtype_size(want[o].dtype());
                int64_t bad = -1, count = 0;
                for (std::size_t i = 0; i < a.size(); i += size)
                    if (std::memcmp(a.data() + i, b.data() + i, size) != 0) {
                        if (bad < 0) bad = static_cast<int64_t>(i / size);
                        ++count;
                    }
                CAPTURE(count);
                if (bad >= 0) CHECK_MESSAGE(false, "element " << bad << ": got " << got[o].at_double(bad) << ", expected " << want[o].at_double(bad));
            }
        }
        fs::remove_all(dir);
    }
}

std::string ty(DType t, std::size_t n) { return std::string(dtype_name(t)) + "[" + std::to_string(n) + "]"; }

}  // namespace

TEST_CASE("llvm_cpu small types: every encoding decodes as core decodes it") {
    // Each small float's encodings to f32, f16, bf16, f64, bool and (saturating) integers.
    std::string params, body, outs;
    std::vector<Tensor> inputs;
    int k = 0;
    auto out = [&](const std::string& in, DType to) {
        const std::string v = "%o" + std::to_string(k++);
        body += v + " = Cast(" + in + ") {to = " + std::to_string(onnx_from_dtype(to)) + "}\n";
        outs += (outs.empty() ? "" : ", ") + v;
    };
    for (DType t : kAllSmall) {
        const auto bytes = is_small_float(t) ? every_encoding(t) : every_small_int(t);
        const std::string in = std::string("%") + name(t);
        params += (params.empty() ? "" : ", ") + in + ": " + ty(t, bytes.size());
        inputs.push_back(from_bits(t, bytes));
        for (DType to : {DType::f32, DType::f16, DType::bf16, DType::f64, DType::boolean, DType::i8, DType::u8,
                         DType::i32, DType::u16, DType::i64})
            out(in, to);
    }
    check_bitwise("decode", "graph g(" + params + ") {\n" + body + "return " + outs + "\n}", inputs);
}

TEST_CASE("llvm_cpu small types: floats encode with ONNX's rounding, saturation and e8m0 round_mode") {
    // Every float16 and bfloat16 value, and the probe values as f32 and f64 (f64's
    // neighbours of a tie would become the tie if they went through f32 first).
    std::vector<uint16_t> all16(65536);
    for (std::size_t i = 0; i < all16.size(); ++i) all16[i] = static_cast<uint16_t>(i);
    std::vector<uint8_t> raw16(all16.size() * 2);
    std::memcpy(raw16.data(), all16.data(), raw16.size());
    const std::vector<Tensor> inputs = {Tensor::from_bytes(DType::f16, {65536}, raw16),
                                        Tensor::from_bytes(DType::bf16, {65536}, raw16),
                                        vector_tensor(probe_values<float>()), vector_tensor(probe_values<double>())};
    std::string params = "%h: f16[65536], %b: bf16[65536], %f: " + ty(DType::f32, inputs[2].numel()) +
                         ", %d: " + ty(DType::f64, inputs[3].numel());
    std::string body, outs;
    int k = 0;
    for (const char* in : {"%h", "%b", "%f", "%d"}) {
        auto out = [&](DType to, const std::string& attrs) {
            const std::string v = "%o" + std::to_string(k++);
            body += v + " = Cast(" + in + ") {to = " + std::to_string(onnx_from_dtype(to)) + attrs + "}\n";
            outs += (outs.empty() ? "" : ", ") + v;
        };
        for (DType t : kSmallFloats) {
            out(t, "");
            out(t, ", saturate = 0");
        }
        for (const char* mode : {"up", "down", "nearest"}) {
            out(DType::f8e8m0, std::string(", round_mode = \"") + mode + "\"");
            out(DType::f8e8m0, std::string(", saturate = 0, round_mode = \"") + mode + "\"");
        }
        for (DType t : kSmallInts) out(t, "");
    }
    std::vector<TargetSpec> targets = {host_target()};  // and wider vectors where this CPU has them
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) targets.push_back(host_target("haswell"));
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        targets.push_back(host_target("skylake-avx512"));
    check_bitwise("encode", "graph g(" + params + ") {\n" + body + "return " + outs + "\n}", inputs, targets);
}

TEST_CASE("llvm_cpu small types: integers, bools and small types to one another") {
    std::vector<int32_t> i32;
    for (int v = -300; v <= 300; ++v) i32.push_back(v);
    i32.insert(i32.end(), {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), 65519, 65520, -57345});
    const std::vector<int64_t> i64 = {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                                      (int64_t{1} << 40) + 13, -(int64_t{1} << 53) - 7, -9, 23, 0};
    std::vector<uint8_t> u8(256);
    for (std::size_t i = 0; i < u8.size(); ++i) u8[i] = static_cast<uint8_t>(i);
    std::vector<Tensor> inputs = {vector_tensor(i32), vector_tensor(i64), vector_tensor(u8),
                                  Tensor::from_vector<bool>({2}, {false, true})};
    std::string params = "%i: " + ty(DType::i32, i32.size()) + ", %l: " + ty(DType::i64, i64.size()) +
                         ", %u: u8[256], %t: bool[2]";
    std::vector<std::string> sources = {"%i", "%l", "%u", "%t"};
    for (DType t : kAllSmall) {  // every value of each small type, as a source too
        const auto bytes = is_small_float(t) ? every_encoding(t) : every_small_int(t);
        sources.push_back(std::string("%") + name(t));
        params += ", " + sources.back() + ": " + ty(t, bytes.size());
        inputs.push_back(from_bits(t, bytes));
    }
    std::string body, outs;
    int k = 0;
    for (const auto& in : sources)
        for (DType to : kAllSmall) {
            const std::string v = "%o" + std::to_string(k++);
            // CastLike: the type from a second input, like Cast otherwise.
            body += v + " = CastLike(" + in + ", %" + name(to) + ") {saturate = " + std::to_string(k % 2) + "}\n";
            outs += (outs.empty() ? "" : ", ") + v;
        }
    check_bitwise("integers and small types", "graph g(" + params + ") {\n" + body + "return " + outs + "\n}", inputs);
}

TEST_CASE("llvm_cpu small types: QuantizeLinear and DequantizeLinear per tensor, per axis and blocked") {
    // x: 2x6x4 values over the quantized ranges, with a NaN and infinities.
    std::vector<float> xv;
    for (int i = 0; i < 48; ++i) xv.push_back(static_cast<float>((i * 37) % 48 - 24) * 0.173f);
    xv[5] = std::numeric_limits<float>::quiet_NaN();
    xv[17] = std::numeric_limits<float>::infinity();
    xv[30] = -std::numeric_limits<float>::infinity();
    const Tensor x = Tensor::from_vector<float>({2, 6, 4}, xv);
    std::string body, outs, params = "%x: f32[2,6,4]";
    std::vector<Tensor> inputs = {x};
    int k = 0;
    auto ret = [&](const std::string& v) { outs += (outs.empty() ? "" : ", ") + v; };
    for (DType t : {DType::f8e4m3fn, DType::f8e4m3fnuz, DType::f8e5m2, DType::f8e5m2fnuz, DType::f4e2m1, DType::i4,
                    DType::u4, DType::i2, DType::u2}) {
        const std::string n = std::to_string(k++), tn = name(t);
        const bool fl = is_small_float(t);
        const std::string z1 = fl ? "0.5" : is_signed(t) ? "-1" : "1";  // zero points
        const std::string z6 = fl ? "0.0, 1.0, -0.5, 0.0, 2.0, 0.0" : is_signed(t) ? "0, -1, 1, 0, -2, 1" : "0, 1, 2, 0, 3, 1";
        body += "%s" + n + ": f32[] = const [0.37]\n%z" + n + ": " + tn + "[] = const [" + z1 + "]\n" +
                "%q" + n + " = QuantizeLinear(%x, %s" + n + ", %z" + n + ")\n" +
                "%qs" + n + " = QuantizeLinear(%x, %s" + n + ", %z" + n + ") {saturate = 0}\n" +
                "%sa" + n + ": f32[6] = const [0.1, 0.25, 0.5, 1.0, 2.0, 4.0]\n%za" + n + ": " + tn + "[6] = const [" + z6 + "]\n" +
                "%qa" + n + " = QuantizeLinear(%x, %sa" + n + ", %za" + n + ") {axis = 1}\n" +
                "%sb" + n + ": f16[2,2,4] = const [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 2, 3, 4, 0.25, 0.5, 1.5, 2.5]\n" +
                "%qb" + n + " = QuantizeLinear(%x, %sb" + n + ") {axis = 1, block_size = 3, output_dtype = " +
                std::to_string(onnx_from_dtype(t)) + "}\n" +
                // Back: the quantized values (inputs here, so nothing folds) dequantized.
                "%d" + n + " = DequantizeLinear(%in" + n + ", %s" + n + ", %z" + n + ")\n" +
                "%da" + n + " = DequantizeLinear(%in" + n + ", %sa" + n + ", %za" + n + ") {axis = 1}\n" +
                "%db" + n + " = DequantizeLinear(%in" + n + ", %sb" + n + ") {axis = 1, block_size = 3}\n";
        for (const char* v : {"%q", "%qs", "%qa", "%qb", "%d", "%da", "%db"}) ret(v + n);
        params += ", %in" + n + ": " + tn + "[2,6,4]";
        std::vector<uint8_t> bytes(48);
        for (std::size_t i = 0; i < bytes.size(); ++i)  // every encoding / value, spread over the tensor
            bytes[i] = fl ? static_cast<uint8_t>((i * 53) % static_cast<std::size_t>(encodings(t)))
                          : every_small_int(t)[i % every_small_int(t).size()];
        inputs.push_back(Tensor::from_bytes(t, {2, 6, 4}, bytes));
    }
    check_bitwise("quantize", "graph g(" + params + ") {\n" + body + "return " + outs + "\n}", inputs);
}

TEST_CASE("llvm_cpu small types: data movement, constants in model.params and ConstantOfShape") {
    std::vector<uint8_t> f8(24), i4(24);
    for (std::size_t i = 0; i < f8.size(); ++i) {
        f8[i] = static_cast<uint8_t>(i * 11 + 3);
        i4[i] = every_small_int(DType::i4)[(i * 5) % 16];
    }
    const std::vector<Tensor> inputs = {Tensor::from_bytes(DType::f8e5m2, {4, 6}, f8), Tensor::from_bytes(DType::i4, {4, 6}, i4),
                                        Tensor::from_vector<float>({3, 4}, {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12})};
    check_bitwise("movement", R"(graph g(%f: f8e5m2[4,6], %i: i4[4,6], %x: f32[3,4]) {
        %t = Transpose(%f) {perm = [1, 0]}
        %c = Concat(%f, %f) {axis = 1}
        %gi: i64[3] = const [3, 0, 2]
        %g = Gather(%i, %gi) {axis = 0}
        %sh: i64[3] = const [2, 3, 4]
        %r = Reshape(%i, %sh)
        %id = Identity(%f)
        %ps: i64[4] = const [0, 1, 1, 0]
        %p = Pad(%i, %ps)
        %w: i4[4,5] = const [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 7, -8, 1, -1]
        %ws: f32[5] = const [0.5, 0.25, 2.0, 1.0, 0.125]
        %wd = DequantizeLinear(%w, %ws) {axis = 1}
        %m = MatMul(%x, %wd)
        %e: f8e4m3fn[2,3] = const [448, -0.0, 0.001953125, -1.5, nan, 3.0]
        %et = Transpose(%e) {perm = [1, 0]}
        %ef = Cast(%et) {to = 1}
        %cs: i64[2] = const [3, 5]
        %k = ConstantOfShape(%cs) {value = tensor<f8e4m3fn[1]>[-1.5]}
        %ki = ConstantOfShape(%cs) {value = tensor<i4[1]>[-3]}
        return %t, %c, %g, %r, %id, %p, %m, %ef, %k, %ki
    })", inputs);
}

namespace {

// A .npy file (version 1.0) of raw records.
void write_raw_npy(const fs::path& file, const std::string& descr, const Tensor& t) {
    std::string shape = "(";
    for (int64_t d : t.shape()) shape += std::to_string(d) + ",";
    std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + "), }";
    header.append(63 - (10 + header.size()) % 64, ' ');
    header += '\n';
    std::ofstream out(file, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const char len[2] = {static_cast<char>(header.size() & 0xff), static_cast<char>(header.size() >> 8)};
    out.write(len, 2);
    out << header;
    out.write(reinterpret_cast<const char*>(t.bytes().data()), static_cast<std::streamsize>(t.nbytes()));
}

// The descr and data of a version 1.0 .npy file.
std::pair<std::string, std::string> read_raw_npy(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string s = ss.str();
    if (s.size() < 10) return {};
    const std::size_t hlen = static_cast<unsigned char>(s[8]) | (static_cast<unsigned char>(s[9]) << 8);
    const std::string header = s.substr(10, hlen);
    const std::size_t d = header.find("'descr': '") + 10;
    return {header.substr(d, header.find('\'', d) - d), s.substr(10 + hlen)};
}

bool have(const std::string& program) { return run_tool("command -v " + shell_quote(program)).status == 0; }

}  // namespace

TEST_CASE("llvm_cpu small types: neo-run reads and writes them as 1-byte records, here and on ARM under qemu") {
    auto g = parse_graph(R"(graph g(%x: f32[)" + std::to_string(probe_values<float>().size()) + R"(], %b: f8e4m3fn[256], %k: i4[16]) {
        %e = Cast(%x) {to = 17}
        %e2 = Cast(%x) {to = 19, saturate = 0}
        %e3 = Cast(%x) {to = 24, round_mode = "nearest"}
        %e4 = Cast(%x) {to = 23}
        %i = Cast(%x) {to = 22}
        %d = Cast(%b) {to = 1}
        %d2 = Cast(%b) {to = 10}
        %s: f32[] = const [0.25]
        %z: i4[] = const [-3]
        %q = QuantizeLinear(%x, %s, %z)
        %kd = DequantizeLinear(%k, %s, %z)
        return %e, %e2, %e3, %e4, %i, %d, %d2, %q, %kd
    })");
    propagate_shapes(*g);
    const std::vector<Tensor> inputs = {vector_tensor(probe_values<float>()), from_bits(DType::f8e4m3fn, every_encoding(DType::f8e4m3fn)),
                                        from_bits(DType::i4, every_small_int(DType::i4))};
    const auto want = Interpreter(*g).run(inputs);
    const fs::path work = scratch("small_neo_run");
    fs::create_directories(work);
    write_raw_npy(work / "x.npy", "<f4", inputs[0]);
    write_raw_npy(work / "b.npy", "|V1", inputs[1]);
    write_raw_npy(work / "k.npy", "|u1", inputs[2]);  // uint8 records are taken too
    const std::string in_args = " --input x=" + shell_quote((work / "x.npy").string()) + " --input b=" +
                                shell_quote((work / "b.npy").string()) + " --input k=" + shell_quote((work / "k.npy").string());
    auto check_outputs = [](const fs::path& out, const std::vector<Tensor>& want) {
        for (std::size_t o = 0; o < want.size(); ++o) {
            CAPTURE(o);
            const auto [descr, data] = read_raw_npy(out / ("output_" + std::to_string(o) + ".npy"));
            CHECK(descr == (is_storage_only(want[o].dtype()) ? "|V1" : want[o].dtype() == DType::f16 ? "<f2" : "<f4"));
            const auto bytes = want[o].bytes();
            CHECK(data == std::string(bytes.begin(), bytes.end()));
        }
    };
    struct Device {
        const char *name, *triple, *qemu;  // name: a catalog device, or nullptr for this machine
    };
    for (const Device& d : {Device{nullptr, "", ""}, Device{"imx8qm", "aarch64-linux-gnu", "qemu-aarch64"},
                            Device{"rasp3b", "arm-linux-gnueabihf", "qemu-arm"}}) {
        CAPTURE(std::string(d.name ? d.name : "host"));
        std::string run = tool("neo-run");
        TargetSpec target = host_target();
        if (d.name) {
            if (!have(std::string(d.triple) + "-g++") || !have(d.qemu)) {
                MESSAGE("skipped " << d.name << ": needs " << d.triple << "-g++ and " << d.qemu);
                continue;
            }
            auto r = run_tool(shell_quote(NEO_SOURCE_DIR "/scripts/build_device_runtime.sh") + " " + d.triple + " " +
                              shell_quote(NEO_BINARY_DIR));
            INFO(r.output);
            REQUIRE(r.status == 0);
            target = resolve_target(DeviceCatalog::builtin(), std::string(d.name), std::nullopt, std::nullopt);
            run += " --emulate";
        }
        const fs::path art = work / (d.name ? d.name : "host"), out = work / "out";
        build_native(*g, target, art);
        fs::remove_all(out);
        auto r = run_tool(run + " " + shell_quote(art.string()) + in_args + " --output-dir " + shell_quote(out.string()));
        INFO(r.output);
        REQUIRE(r.status == 0);
        check_outputs(out, want);
    }

    // 1-byte records for a float input, and --fill for the small types.
    const fs::path art = work / "host";
    auto r = run_tool(tool("neo-run") + " " + shell_quote(art.string()) + " --input x=" + shell_quote((work / "b.npy").string()));
    CHECK(r.status != 0);
    CHECK(r.output.find("b.npy: holds 1-byte records (the bytes of float8, float4, int4 or int2 values), but input 'x' is f32") !=
          std::string::npos);
    const fs::path out = work / "ones";
    r = run_tool(tool("neo-run") + " " + shell_quote(art.string()) + " --fill ones --output-dir " + shell_quote(out.string()));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto n = static_cast<std::size_t>(inputs[0].numel());
    check_outputs(out, Interpreter(*g).run({vector_tensor(std::vector<float>(n, 1.0f)),
                                            vector_tensor(std::vector<float>(256, 1.0f)).cast(DType::f8e4m3fn),
                                            vector_tensor(std::vector<float>(16, 1.0f)).cast(DType::i4)}));
    fs::remove_all(work);
}
