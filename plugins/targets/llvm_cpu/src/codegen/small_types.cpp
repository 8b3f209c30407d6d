#include "codegen/small_types.hpp"

#include <bit>
#include <cmath>
#include <limits>

#include <llvm/IR/Intrinsics.h>

#include "neo/core/util/error.hpp"

namespace neo::llvm_cpu {
namespace {

// What a small float format does with the encodings at the top of its range.
enum class Special { ieee, fn, fnuz, none };

// The layout of a small float type (e8m0 excepted: it has only an exponent).
struct Format {
    SmallFloat kind;
    int man_bits, bias;
    unsigned sign;  // the sign bit
    Special special;
};

Format format_of(DType t) {
    switch (t) {
    case DType::f8e4m3fn: return {SmallFloat::e4m3fn, 3, 7, 0x80, Special::fn};
    case DType::f8e4m3fnuz: return {SmallFloat::e4m3fnuz, 3, 8, 0x80, Special::fnuz};
    case DType::f8e5m2: return {SmallFloat::e5m2, 2, 15, 0x80, Special::ieee};
    case DType::f8e5m2fnuz: return {SmallFloat::e5m2fnuz, 2, 16, 0x80, Special::fnuz};
    case DType::f4e2m1: return {SmallFloat::e2m1, 1, 1, 0x8, Special::none};
    default: break;
    }
    throw InternalError("llvm_cpu: " + std::string(dtype_name(t)) + " is not a signed small float");
}

llvm::Value* f32_of_bits(llvm::IRBuilder<>& b, llvm::Value* bits) { return b.CreateBitCast(bits, b.getFloatTy()); }

constexpr uint32_t kQuietNaN = 0x7fc00000u;

llvm::Value* e8m0_to_f32(llvm::IRBuilder<>& b, llvm::Value* bits) {
    llvm::Value* e = b.CreateZExt(bits, b.getInt32Ty());
    // 2^(e - 127): the exponent field of a float, except 2^-127, a float subnormal.
    llvm::Value* f = b.CreateSelect(b.CreateICmpEQ(e, b.getInt32(0)), b.getInt32(0x00400000), b.CreateShl(e, 23));
    return f32_of_bits(b, b.CreateSelect(b.CreateICmpEQ(e, b.getInt32(0xff)), b.getInt32(kQuietNaN), f));
}

// ONNX's FLOAT8E8M0 conversion, on the bits of the float v: the float's exponent field,
// one higher when the rounding says so. The sign is ignored.
llvm::Value* f32_to_e8m0(llvm::IRBuilder<>& b, llvm::Value* v, bool saturate, E8M0Rounding r) {
    llvm::Value* x = b.CreateBitCast(v, b.getInt32Ty());
    llvm::Value* exp = b.CreateAnd(b.CreateLShr(x, 23), 0xff);
    llvm::Value* up = b.getFalse();
    if (r == E8M0Rounding::up) {
        up = b.CreateICmpNE(b.CreateAnd(x, 0x7fffff), b.getInt32(0));
    } else if (r == E8M0Rounding::nearest) {  // half way or more; a tie of a float subnormal goes down
        llvm::Value* half = b.CreateICmpNE(b.CreateAnd(x, 0x400000), b.getInt32(0));
        llvm::Value* rest = b.CreateICmpNE(b.CreateAnd(x, 0x3fffff), b.getInt32(0));
        up = b.CreateAnd(half, b.CreateOr(rest, b.CreateICmpNE(exp, b.getInt32(0))));
    }
    if (saturate) up = b.CreateAnd(up, b.CreateICmpNE(exp, b.getInt32(0xfe)));
    llvm::Value* e = b.CreateAdd(exp, b.CreateZExt(up, b.getInt32Ty()));
    // Infinities and floats beyond the range (exponent field 0xff): the largest value or NaN.
    e = b.CreateSelect(b.CreateICmpEQ(exp, b.getInt32(0xff)), b.getInt32(saturate ? 0xfe : 0xff), e);
    e = b.CreateSelect(b.CreateFCmpUNO(v, v), b.getInt32(0xff), e);
    return b.CreateTrunc(e, b.getInt8Ty());
}

}  // namespace

llvm::Value* small_float_to_f32(llvm::IRBuilder<>& b, llvm::Value* bits, DType t) {
    if (t == DType::f8e8m0) return e8m0_to_f32(b, bits);
    const Format f = format_of(t);
    auto* i32 = b.getInt32Ty();
    auto c = [&](uint64_t v) { return b.getInt32(static_cast<uint32_t>(v)); };
    llvm::Value* x = b.CreateAnd(b.CreateZExt(bits, i32), 2 * f.sign - 1);
    llvm::Value* body = b.CreateAnd(x, f.sign - 1);  // exponent and mantissa
    llvm::Value* exp = b.CreateLShr(body, static_cast<uint64_t>(f.man_bits));
    llvm::Value* man = b.CreateAnd(x, (1u << f.man_bits) - 1);
    llvm::Value* normal = b.CreateOr(b.CreateShl(b.CreateAdd(exp, c(static_cast<uint64_t>(127 - f.bias))), 23),
                                     b.CreateShl(man, static_cast<uint64_t>(23 - f.man_bits)));
    // Subnormal (or zero): man * 2^(1 - bias - man_bits), exact in float.
    llvm::Value* sub = b.CreateBitCast(
        b.CreateFMul(b.CreateUIToFP(man, b.getFloatTy()),
                     llvm::ConstantFP::get(b.getFloatTy(), std::ldexp(1.0, 1 - f.bias - f.man_bits))),
        i32);
    llvm::Value* mag = b.CreateSelect(b.CreateICmpEQ(exp, c(0)), sub, normal);
    llvm::Value* is_nan = b.getFalse();
    const uint64_t exp_max = (f.sign - 1) >> f.man_bits;
    switch (f.special) {
    case Special::ieee:  // exponent all ones: infinity (mantissa 0) or NaN
        is_nan = b.CreateAnd(b.CreateICmpEQ(exp, c(exp_max)), b.CreateICmpNE(man, c(0)));
        mag = b.CreateSelect(b.CreateICmpEQ(exp, c(exp_max)), c(0x7f800000), mag);
        break;
    case Special::fn: is_nan = b.CreateICmpEQ(body, c(f.sign - 1)); break;
    case Special::fnuz: is_nan = b.CreateICmpEQ(x, c(f.sign)); break;
    case Special::none: break;
    }
    llvm::Value* sign = b.CreateShl(b.CreateAnd(x, f.sign), static_cast<uint64_t>(31 - std::countr_zero(f.sign)));
    return f32_of_bits(b, b.CreateSelect(is_nan, c(kQuietNaN), b.CreateOr(sign, mag)));
}

llvm::Value* float_to_small_float(llvm::IRBuilder<>& b, llvm::Value* v, DType t, bool saturate,
                                  E8M0Rounding rounding) {
    if (t == DType::f8e8m0) return f32_to_e8m0(b, b.CreateFPCast(v, b.getFloatTy()), saturate, rounding);
    const Format f = format_of(t);
    // The encodings of the special results, from core's definition of the format.
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    auto bits_of = [&](double x) { return b.getInt32(small_float_bits(f.kind, x, saturate)); };
    const uint32_t max_mag = small_float_bits(f.kind, inf, true);  // the largest finite value
    // v's layout: f32 or f64.
    llvm::Type* ft = v->getType();
    const bool wide = ft->isDoubleTy();
    const uint64_t fman = wide ? 52 : 23, fbias = wide ? 1023 : 127;
    llvm::Type* it = wide ? b.getInt64Ty() : b.getInt32Ty();
    auto i = [&](int64_t x) { return llvm::ConstantInt::get(it, static_cast<uint64_t>(x)); };
    auto* i32 = b.getInt32Ty();

    llvm::Value* neg = b.CreateICmpSLT(b.CreateBitCast(v, it), i(0));
    llvm::Value* a = b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v);
    llvm::Value* finite = b.CreateFCmpONE(a, llvm::ConstantFP::getInfinity(ft));
    a = b.CreateSelect(finite, a, llvm::ConstantFP::get(ft, 0.0));
    // a's exponent, at least the smallest normal one of the format (emin = 1 - bias).
    llvm::Value* e = b.CreateSub(b.CreateLShr(b.CreateBitCast(a, it), fman), i(static_cast<int64_t>(fbias)));
    e = b.CreateBinaryIntrinsic(llvm::Intrinsic::smax, e, i(1 - f.bias));
    // a in units of the spacing of the format's values at that exponent, rounded half to
    // even: scaling by 2^(man_bits - e) is exact (and a normal number of v's type).
    llvm::Value* scale = b.CreateBitCast(b.CreateShl(b.CreateSub(i(f.man_bits + static_cast<int64_t>(fbias)), e), fman), ft);
    // n is at most 2^(man_bits + 1).
    llvm::Value* n = b.CreateFPToUI(b.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, b.CreateFMul(a, scale)), i32);
    // The magnitude's encoding: exponent field (e + bias - 1) plus n, whose implicit bit (or
    // a carry out of the mantissa) moves it to the right exponent; subnormals fall out too.
    llvm::Value* mag = b.CreateAdd(b.CreateShl(b.CreateTrunc(b.CreateAdd(e, i(f.bias - 1)), i32), static_cast<uint64_t>(f.man_bits)), n);
    llvm::Value* zero = b.CreateSelect(neg, bits_of(-0.0), bits_of(0.0));
    llvm::Value* r = b.CreateSelect(b.CreateICmpEQ(mag, b.getInt32(0)), zero,
                                    b.CreateOr(mag, b.CreateSelect(neg, b.getInt32(f.sign), b.getInt32(0))));
    llvm::Value* over = b.CreateOr(b.CreateNot(finite), b.CreateICmpUGT(mag, b.getInt32(max_mag)));
    r = b.CreateSelect(over, b.CreateSelect(neg, bits_of(-inf), bits_of(inf)), r);
    r = b.CreateSelect(b.CreateFCmpUNO(v, v), b.CreateSelect(neg, bits_of(-nan), bits_of(nan)), r);
    return b.CreateTrunc(r, b.getInt8Ty());
}

llvm::Value* small_int_value(llvm::IRBuilder<>& b, llvm::Value* byte, DType t) {
    const uint64_t bits = t == DType::i4 || t == DType::u4 ? 4 : 2;
    if (t == DType::u4 || t == DType::u2) return b.CreateAnd(byte, (1u << bits) - 1);
    return b.CreateAShr(b.CreateShl(byte, 8 - bits), 8 - bits);
}

llvm::Value* integer_to_small_int(llvm::IRBuilder<>& b, llvm::Value* v, bool is_signed, DType t) {
    return small_int_value(b, b.CreateIntCast(v, b.getInt8Ty(), is_signed), t);
}

llvm::Value* float_to_small_int(llvm::IRBuilder<>& b, llvm::Value* v, DType t) {
    const int bits = t == DType::i4 || t == DType::u4 ? 4 : 2;
    llvm::Type* ft = v->getType();
    auto k = [&](double x) { return llvm::ConstantFP::get(ft, x); };
    // r mod 2^bits in floating point (exact: r is an integer), then the byte; no 64-bit
    // integer conversion, which 32-bit CPUs would call a library for.
    llvm::Value* r = b.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, v);
    llvm::Value* q = b.CreateUnaryIntrinsic(llvm::Intrinsic::floor, b.CreateFMul(r, k(std::ldexp(1.0, -bits))));
    llvm::Value* low = b.CreateFSub(r, b.CreateFMul(q, k(std::ldexp(1.0, bits))));
    low = b.CreateSelect(b.CreateFCmpUNO(v, v), k(0), low);
    // Clamped to int64 first: 2^63 and above become INT64_MAX, whose low bits are all ones;
    // -2^63 and below INT64_MIN, whose low bits are zeros.
    low = b.CreateSelect(b.CreateFCmpOLE(r, k(-0x1p63)), k(0), low);
    low = b.CreateSelect(b.CreateFCmpOGE(r, k(0x1p63)), k(std::ldexp(1.0, bits) - 1), low);
    return small_int_value(b, b.CreateFPToUI(low, b.getInt8Ty()), t);
}

}  // namespace neo::llvm_cpu
