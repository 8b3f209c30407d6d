#include "codegen/fast_math.hpp"

#include <cmath>

namespace neo::llvm_cpu {

// exp(x) = 2^n * exp(r) with n = round(x / ln 2) and r = x - n ln 2 in [-ln2/2, ln2/2]:
// r by a two-part ln 2 (the high part exact in float, so n * hi has no rounding error for
// |n| < 2^8), exp(r) by its Taylor polynomial to degree 7 (the remainder, r^8 / 8! < 6e-9,
// is below half a unit), 2^n as two powers of two built in the exponent bits (each factor
// stays a normal float for n in [-150, 129], and the product rounds once into the
// subnormals or to infinity).
llvm::Value* emit_exp_f32(llvm::IRBuilder<>& b, llvm::Value* x) {
    llvm::Type* f = x->getType();
    llvm::Type* i = b.getInt32Ty();
    auto k = [&](double v) { return llvm::ConstantFP::get(f, v); };
    auto fma = [&](llvm::Value* a, llvm::Value* m, llvm::Value* c) {
        return b.CreateIntrinsic(llvm::Intrinsic::fmuladd, {f}, {a, m, c});
    };
    // Clamp (a NaN passes both compares unchanged and is returned at the end).
    llvm::Value* xc = b.CreateSelect(b.CreateFCmpOLT(x, k(-104.0)), k(-104.0), x);
    xc = b.CreateSelect(b.CreateFCmpOGT(xc, k(89.0)), k(89.0), xc);
    llvm::Value* n = b.CreateUnaryIntrinsic(llvm::Intrinsic::rint, b.CreateFMul(xc, k(1.0 / std::log(2.0))));
    const double ln2_hi = std::ldexp(std::round(std::ldexp(std::log(2.0), 12)), -12);  // n * ln2_hi is exact
    const double ln2_lo = std::log(2.0) - ln2_hi;
    llvm::Value* r = fma(n, k(-ln2_hi), xc);
    r = fma(n, k(-ln2_lo), r);
    double fact = 1.0;
    for (int d = 2; d <= 7; ++d) fact *= d;
    llvm::Value* p = k(1.0 / fact);  // 1/7!
    for (int d = 6; d >= 0; --d) {
        fact /= (d + 1);
        p = fma(p, r, k(1.0 / fact));  // Horner: ... * r + 1/d!
    }
    llvm::Value* ni = b.CreateFPToSI(n, i);
    llvm::Value* half = b.CreateAShr(ni, 1);
    auto pow2 = [&](llvm::Value* e) {  // 2^e for e in [-126, 127]
        return b.CreateBitCast(b.CreateShl(b.CreateAdd(e, llvm::ConstantInt::get(i, 127)), 23), f);
    };
    llvm::Value* y = b.CreateFMul(b.CreateFMul(p, pow2(half)), pow2(b.CreateSub(ni, half)));
    return b.CreateSelect(b.CreateFCmpUNO(x, x), x, y);
}

// With z = -x clamped to [-87, 88], exp(z) = 2^n * exp(r) keeps n in [-126, 127]: one power
// of two built in the exponent bits, always a normal float. Out there the clamp changes
// nothing that matters: 1 / (1 + exp(z)) is 1 for z < -87 and below 1e-38 for z > 88. exp(r)
// is its Taylor polynomial to degree 6 (remainder below 1.3e-7 of it). A NaN passes the
// clamps' ordered compares unchanged and makes the polynomial, and so the result, NaN.
llvm::Value* emit_sigmoid_f32(llvm::IRBuilder<>& b, llvm::Value* x) {
    llvm::Type* f = x->getType();
    llvm::Type* i = b.getInt32Ty();
    auto k = [&](double v) { return llvm::ConstantFP::get(f, v); };
    auto fma = [&](llvm::Value* a, llvm::Value* m, llvm::Value* c) {
        return b.CreateIntrinsic(llvm::Intrinsic::fmuladd, {f}, {a, m, c});
    };
    llvm::Value* z = b.CreateFNeg(x);
    z = b.CreateSelect(b.CreateFCmpOLT(z, k(-87.0)), k(-87.0), z);
    z = b.CreateSelect(b.CreateFCmpOGT(z, k(88.0)), k(88.0), z);
    llvm::Value* n = b.CreateUnaryIntrinsic(llvm::Intrinsic::rint, b.CreateFMul(z, k(1.0 / std::log(2.0))));
    const double ln2_hi = std::ldexp(std::round(std::ldexp(std::log(2.0), 12)), -12);
    llvm::Value* r = fma(n, k(-ln2_hi), z);
    r = fma(n, k(-(std::log(2.0) - ln2_hi)), r);
    double fact = 720.0;  // 6!
    llvm::Value* p = k(1.0 / fact);
    for (int d = 5; d >= 0; --d) {
        fact /= (d + 1);
        p = fma(p, r, k(1.0 / fact));
    }
    llvm::Value* pow2 = b.CreateBitCast(b.CreateShl(b.CreateAdd(b.CreateFPToSI(n, i), llvm::ConstantInt::get(i, 127)), 23), f);
    return b.CreateFDiv(k(1.0), b.CreateFAdd(k(1.0), b.CreateFMul(p, pow2)));
}

}  // namespace neo::llvm_cpu
