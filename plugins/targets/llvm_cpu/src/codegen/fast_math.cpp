#include "codegen/fast_math.hpp"

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace neo::llvm_cpu {
namespace {

// c[0] + c[1] * t + c[2] * t^2 + ... by Horner's rule with fused multiply-adds.
llvm::Value* polynomial(llvm::IRBuilder<>& b, llvm::Value* t, const std::vector<double>& c) {
    llvm::Type* f = t->getType();
    llvm::Value* p = llvm::ConstantFP::get(f, c.back());
    for (std::size_t i = c.size() - 1; i-- > 0;)
        p = b.CreateIntrinsic(llvm::Intrinsic::fmuladd, {f}, {p, t, llvm::ConstantFP::get(f, c[i])});
    return p;
}

// |x| with the sign of `sign`.
llvm::Value* with_sign(llvm::IRBuilder<>& b, llvm::Value* magnitude, llvm::Value* sign) {
    return b.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, magnitude, sign);
}

// For exp(z) = 2^n exp(r): n = round(z / ln 2) and exp(r) for r = z - n ln 2 in
// [-ln2/2, ln2/2], r by a two-part ln 2 (the high part exact in float, so n * hi has no
// rounding error for |n| < 2^8), exp(r) by its Taylor polynomial to `degree`.
std::pair<llvm::Value*, llvm::Value*> exp_reduced(llvm::IRBuilder<>& b, llvm::Value* z, int degree) {
    llvm::Type* f = z->getType();
    auto k = [&](double v) { return llvm::ConstantFP::get(f, v); };
    llvm::Value* n = b.CreateUnaryIntrinsic(llvm::Intrinsic::rint, b.CreateFMul(z, k(1.0 / std::log(2.0))));
    const double ln2_hi = std::ldexp(std::round(std::ldexp(std::log(2.0), 12)), -12);
    llvm::Value* r = b.CreateIntrinsic(llvm::Intrinsic::fmuladd, {f}, {n, k(-ln2_hi), z});
    r = b.CreateIntrinsic(llvm::Intrinsic::fmuladd, {f}, {n, k(-(std::log(2.0) - ln2_hi)), r});
    std::vector<double> inverse_factorials;
    double fact = 1.0;
    for (int d = 0; d <= degree; ++d) {
        if (d > 0) fact *= d;
        inverse_factorials.push_back(1.0 / fact);
    }
    return {n, polynomial(b, r, inverse_factorials)};
}

// 2^e for an int32 e in [-126, 127], built in the exponent bits.
llvm::Value* pow2(llvm::IRBuilder<>& b, llvm::Value* e, llvm::Type* f) {
    return b.CreateBitCast(b.CreateShl(b.CreateAdd(e, llvm::ConstantInt::get(e->getType(), 127)), 23), f);
}

}  // namespace

// exp(x) = 2^n * exp(r) (exp_reduced) with exp(r) to degree 7 (the remainder, r^8 / 8! < 6e-9,
// is below half a unit), 2^n as two powers of two (each factor stays a normal float for n in
// [-150, 129], and the product rounds once into the subnormals or to infinity).
llvm::Value* emit_exp_f32(llvm::IRBuilder<>& b, llvm::Value* x) {
    llvm::Type* f = x->getType();
    auto k = [&](double v) { return llvm::ConstantFP::get(f, v); };
    // Clamp (a NaN passes both compares unchanged and is returned at the end).
    llvm::Value* xc = b.CreateSelect(b.CreateFCmpOLT(x, k(-104.0)), k(-104.0), x);
    xc = b.CreateSelect(b.CreateFCmpOGT(xc, k(89.0)), k(89.0), xc);
    auto [n, p] = exp_reduced(b, xc, 7);
    llvm::Value* ni = b.CreateFPToSI(n, b.getInt32Ty());
    llvm::Value* half = b.CreateAShr(ni, 1);
    llvm::Value* y = b.CreateFMul(b.CreateFMul(p, pow2(b, half, f)), pow2(b, b.CreateSub(ni, half), f));
    return b.CreateSelect(b.CreateFCmpUNO(x, x), x, y);
}

// With z = -x clamped to [-87, 88], exp(z) = 2^n * exp(r) keeps n in [-126, 127]: one power
// of two built in the exponent bits, always a normal float. Out there the clamp changes
// nothing that matters: 1 / (1 + exp(z)) is 1 for z < -87 and below 1e-38 for z > 88. exp(r)
// is its Taylor polynomial to degree 6 (remainder below 1.3e-7 of it). A NaN passes the
// clamps' ordered compares unchanged and makes the polynomial, and so the result, NaN.
llvm::Value* emit_sigmoid_f32(llvm::IRBuilder<>& b, llvm::Value* x) {
    llvm::Type* f = x->getType();
    auto k = [&](double v) { return llvm::ConstantFP::get(f, v); };
    llvm::Value* z = b.CreateFNeg(x);
    z = b.CreateSelect(b.CreateFCmpOLT(z, k(-87.0)), k(-87.0), z);
    z = b.CreateSelect(b.CreateFCmpOGT(z, k(88.0)), k(88.0), z);
    auto [n, p] = exp_reduced(b, z, 6);
    llvm::Value* e = b.CreateFMul(p, pow2(b, b.CreateFPToSI(n, b.getInt32Ty()), f));
    return b.CreateFDiv(k(1.0), b.CreateFAdd(k(1.0), e));
}

// tanh(a) for a = |x|: below 0.55 its Taylor series to a^15 (the next term is under 5e-8 of
// it), else 1 - 2 / (exp(2a) + 1) = 1 - 2 sigmoid(-2a), which then loses at most a bit to the
// subtraction (the result is over 0.5); a is clamped to 9, past which tanh rounds to 1.
llvm::Value* emit_tanh_f32(llvm::IRBuilder<>& b, llvm::Value* x) {
    llvm::Type* f = x->getType();
    auto k = [&](double v) { return llvm::ConstantFP::get(f, v); };
    llvm::Value* a = b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
    a = b.CreateSelect(b.CreateFCmpOGT(a, k(9.0)), k(9.0), a);
    llvm::Value* small = b.CreateFMul(a, polynomial(b, b.CreateFMul(a, a), {1.0, -1.0 / 3, 2.0 / 15, -17.0 / 315, 62.0 / 2835,
                                                                       -1382.0 / 155925, 21844.0 / 6081075,
                                                                       -929569.0 / 638512875}));
    llvm::Value* large = b.CreateFSub(k(1.0), b.CreateFMul(k(2.0), emit_sigmoid_f32(b, b.CreateFMul(k(-2.0), a))));
    return with_sign(b, b.CreateSelect(b.CreateFCmpOLT(a, k(0.55)), small, large), x);
}

// erf(a) for a = |x|: below 0.75 its Taylor series (8 terms, the next under 2e-8 of it), else
// 1 - exp(-a^2) g(a), g(a) = erfc(a) exp(a^2) as a polynomial of degree 8 in
// t = 1 / (1 + a / 2), fitted by least squares on [0.75, 4] by tools/fit_erf.py (within 3e-7
// of g evaluated in float); a is clamped to 4, past which erf rounds to 1.
llvm::Value* emit_erf_f32(llvm::IRBuilder<>& b, llvm::Value* x) {
    llvm::Type* f = x->getType();
    auto k = [&](double v) { return llvm::ConstantFP::get(f, v); };
    llvm::Value* a = b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
    a = b.CreateSelect(b.CreateFCmpOGT(a, k(4.0)), k(4.0), a);
    llvm::Value* a2 = b.CreateFMul(a, a);
    std::vector<double> taylor;  // 2/sqrt(pi) (-1)^n / (n! (2n + 1))
    double fact = 1.0;
    for (int n = 0; n < 8; ++n) {
        if (n > 0) fact *= n;
        taylor.push_back((n % 2 ? -2.0 : 2.0) / std::sqrt(std::acos(-1.0)) / (fact * (2 * n + 1)));
    }
    llvm::Value* small = b.CreateFMul(a, polynomial(b, a2, taylor));
    llvm::Value* t = b.CreateFDiv(k(1.0), b.CreateFAdd(k(1.0), b.CreateFMul(a, k(0.5))));
    llvm::Value* g = polynomial(b, t, {-0.00018108039861990338, 0.2853561031664286, 0.25652288822854313,
                                       0.3605635456137591, -0.1354236785867268, 0.6134937571241822,
                                       -0.5202582762959722, 0.14646345277830775, -0.006494824675820292});
    llvm::Value* large = b.CreateFSub(k(1.0), b.CreateFMul(emit_exp_f32(b, b.CreateFNeg(a2)), g));
    return with_sign(b, b.CreateSelect(b.CreateFCmpOLT(a, k(0.75)), small, large), x);
}

// x = m 2^e with m in [sqrt(1/2), sqrt(2)) (a subnormal x scaled by 2^23 first); log(m) =
// 2 atanh(s) for s = (m - 1) / (m + 1), |s| < 0.172, by its series to s^11 (the next term is
// under 1e-9 of it); log(x) = e ln2 + log(m) with a two-part ln 2.
llvm::Value* emit_log_f32(llvm::IRBuilder<>& b, llvm::Value* x) {
    llvm::Type* f = x->getType();
    llvm::Type* i = b.getInt32Ty();
    auto k = [&](double v) { return llvm::ConstantFP::get(f, v); };
    auto ki = [&](int64_t v) { return llvm::ConstantInt::get(i, static_cast<uint64_t>(v), true); };
    llvm::Value* tiny = b.CreateFCmpOLT(x, k(std::ldexp(1.0, -126)));
    llvm::Value* xs = b.CreateSelect(tiny, b.CreateFMul(x, k(std::ldexp(1.0, 23))), x);
    llvm::Value* bits = b.CreateBitCast(xs, i);
    llvm::Value* e = b.CreateSub(b.CreateLShr(bits, 23), ki(127));
    e = b.CreateSub(e, b.CreateSelect(tiny, ki(23), ki(0)));
    llvm::Value* m = b.CreateBitCast(b.CreateOr(b.CreateAnd(bits, ki(0x007FFFFF)), ki(0x3F800000)), f);  // [1, 2)
    llvm::Value* high = b.CreateFCmpOGT(m, k(std::sqrt(2.0)));
    m = b.CreateSelect(high, b.CreateFMul(m, k(0.5)), m);
    e = b.CreateAdd(e, b.CreateSelect(high, ki(1), ki(0)));
    llvm::Value* s = b.CreateFDiv(b.CreateFSub(m, k(1.0)), b.CreateFAdd(m, k(1.0)));
    std::vector<double> series;  // 2 / (2j + 1)
    for (int j = 0; j <= 5; ++j) series.push_back(2.0 / (2 * j + 1));
    llvm::Value* log_m = b.CreateFMul(s, polynomial(b, b.CreateFMul(s, s), series));
    llvm::Value* ef = b.CreateSIToFP(e, f);
    const double ln2_hi = std::ldexp(std::round(std::ldexp(std::log(2.0), 12)), -12);
    llvm::Value* lo = b.CreateIntrinsic(llvm::Intrinsic::fmuladd, {f}, {ef, k(std::log(2.0) - ln2_hi), log_m});
    llvm::Value* y = b.CreateIntrinsic(llvm::Intrinsic::fmuladd, {f}, {ef, k(ln2_hi), lo});
    const double inf = std::numeric_limits<double>::infinity();
    // Zero, negative numbers and NaN (not ordered greater than 0), and infinity.
    y = b.CreateSelect(b.CreateFCmpOGT(x, k(0.0)), y, b.CreateSelect(b.CreateFCmpOEQ(x, k(0.0)), k(-inf), k(std::nan(""))));
    return b.CreateSelect(b.CreateFCmpOEQ(x, k(inf)), k(inf), y);
}

}  // namespace neo::llvm_cpu
