// The inline elementary functions of the llvm_cpu emitter (codegen/fast_math.hpp) against the
// C library, element by element over their whole range, in units in the last place.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "native_run.hpp"

using namespace neo;
using namespace neo::test;

namespace {

// Distance in representable floats between a and b (both finite or equal).
int64_t ulps(float a, float b) {
    if (a == b || (std::isnan(a) && std::isnan(b))) return 0;
    if (!std::isfinite(a) || !std::isfinite(b)) return std::numeric_limits<int64_t>::max();
    auto key = [](float v) {
        int32_t i;
        std::memcpy(&i, &v, sizeof i);
        return i < 0 ? int64_t{INT32_MIN} - i : int64_t{i};
    };
    return std::llabs(key(a) - key(b));
}

}  // namespace

TEST_CASE("llvm_cpu fast math: exp of float32 within 2 ulps of the C library, with inf, NaN and underflow") {
    std::vector<float> xs;
    for (double v = -110.0; v <= 95.0; v += 0.0137) xs.push_back(static_cast<float>(v));
    for (float v : {0.0f, -0.0f, 1e-30f, -1e-30f, 88.72f, 88.73f, -87.33f, -103.9f, -104.5f, 0.34657f, -0.34657f})
        xs.push_back(v);
    const float inf = std::numeric_limits<float>::infinity();
    xs.push_back(inf), xs.push_back(-inf), xs.push_back(std::numeric_limits<float>::quiet_NaN());
    const int64_t n = static_cast<int64_t>(xs.size());
    auto g = make_graph("graph g(%x: f32[" + std::to_string(n) + "]) {\n  %y = Exp(%x)\n  return %y }");
    auto dir = scratch("fast_math");
    for (const auto& target : {host_target(), host_target("haswell")}) {
        if (target.cpu == "haswell" && !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))) continue;
        CAPTURE(target.cpu);
        build_native(*g, target, dir);
        auto got = run_native(dir, {Tensor::from_vector<float>({n}, xs)}, 1)[0].array<float>();
        int64_t worst = 0;
        float worst_x = 0;
        for (int64_t i = 0; i < n; ++i) {
            const float want = std::exp(xs[static_cast<std::size_t>(i)]);
            // Results below the normal range keep fewer bits: compare them absolutely.
            const int64_t d = std::fabs(want) < std::numeric_limits<float>::min()
                                  ? (std::fabs(got[static_cast<std::size_t>(i)] - want) <= 2 * std::numeric_limits<float>::denorm_min() ? 0 : 99)
                                  : ulps(got[static_cast<std::size_t>(i)], want);
            if (d > worst) worst = d, worst_x = xs[static_cast<std::size_t>(i)];
        }
        CAPTURE(worst_x);
        CHECK(worst <= 2);
    }
    std::filesystem::remove_all(dir);
}

namespace {

// The largest distance in ulps, over `xs`, between `op` compiled for this machine (and for
// haswell where it runs) and `want` computed in double; results whose reference is below
// the normal floats count as right when within `tiny` of it. NaN must give NaN.
void check_ulps(const std::string& op, const std::function<double(double)>& want, int64_t limit, float tiny) {
    std::vector<float> xs;
    for (double v = -110.0; v <= 95.0; v += 0.0137) xs.push_back(static_cast<float>(v));
    for (double v = -4.0; v <= 4.0; v += 0.000731) xs.push_back(static_cast<float>(v));
    for (float v : {0.0f, -0.0f, 1e-30f, -1e-30f, 1e-6f, 0.55f, -0.55f, 0.75f, -0.75f, 4.0f, 9.0f, 16.6f, -87.0f, 88.0f,
                    1e-40f, 3e-39f, 1.2e-38f, 0.7071f, 0.7072f, 1.4142f, 1.4143f, 1e30f, 3e38f})
        xs.push_back(v);
    const float inf = std::numeric_limits<float>::infinity();
    xs.push_back(inf), xs.push_back(-inf), xs.push_back(std::numeric_limits<float>::quiet_NaN());
    const int64_t n = static_cast<int64_t>(xs.size());
    auto g = make_graph("graph g(%x: f32[" + std::to_string(n) + "]) {\n  %y = " + op + "(%x)\n  return %y }");
    auto dir = scratch("fast_math_" + op);
    for (const auto& target : {host_target(), host_target("haswell")}) {
        if (target.cpu == "haswell" && !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))) continue;
        CAPTURE(op);
        CAPTURE(target.cpu);
        build_native(*g, target, dir);
        auto got = run_native(dir, {Tensor::from_vector<float>({n}, xs)}, 1)[0].array<float>();
        int64_t worst = 0;
        float worst_x = 0;
        for (int64_t i = 0; i + 1 < n; ++i) {
            const float x = xs[static_cast<std::size_t>(i)], y = got[static_cast<std::size_t>(i)];
            const float w = static_cast<float>(want(static_cast<double>(x)));
            const int64_t d = std::fabs(w) < std::numeric_limits<float>::min() ? (std::fabs(y - w) <= tiny ? 0 : 99) : ulps(y, w);
            if (d > worst) worst = d, worst_x = x;
        }
        CAPTURE(worst_x);
        CHECK(worst <= limit);
        CHECK(std::isnan(got.back()));
    }
    std::filesystem::remove_all(dir);
}

}  // namespace

TEST_CASE("llvm_cpu fast math: sigmoid, tanh, erf and log of float32 within a few ulps of the exact values") {
    // Below 1e-38 the sigmoid is a tiny positive number rather than the exact subnormal.
    check_ulps("Sigmoid", [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, 4, 1e-37f);
    check_ulps("Tanh", [](double x) { return std::tanh(x); }, 4, 0.0f);
    check_ulps("Erf", [](double x) { return std::erf(x); }, 4, 0.0f);
    check_ulps("Log", [](double x) { return std::log(x); }, 4, 0.0f);  // -inf at 0, NaN below
}
