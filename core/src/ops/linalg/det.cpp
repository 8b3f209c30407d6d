// Det (ONNX opset 22): the determinant of each square matrix of X (shape [*, M, M]);
// Y has shape [*]. LU decomposition with partial pivoting, computed in double.
#include <cmath>
#include <string>
#include <utility>

#include "ops/linalg/linalg_ops.hpp"
#include "ops/nn/nn_util.hpp"

namespace neo::ops::linalg {
namespace {

void check_shape(const OpContext& ctx, const Shape& s) {
    if (!s.ranked()) return;
    if (s.rank() < 2)
        ctx.fail("input X must have rank >= 2 ([*, M, M] square matrices), got shape " + s.str());
    const Dim& a = s[s.rank() - 2];
    const Dim& b = s[s.rank() - 1];
    if (a.is_static() && b.is_static() && a.value() != b.value())
        ctx.fail("input X has shape " + s.str() +
                 "; its last two dims must be equal (square matrices)");
}

void infer_det(InferContext& ctx) {
    const DType t = ctx.input_dtype(0);
    nn::require_float(ctx, t, "input X");
    const Shape& s = ctx.input_shape(0);
    check_shape(ctx, s);
    if (!s.ranked()) {
        ctx.set_output(0, t, Shape::unranked());
        return;
    }
    ctx.set_output(0, t, Shape(std::vector<Dim>(s.dims().begin(), s.dims().end() - 2)));
}

// Determinant of the n x n row-major matrix at a (destroyed).
double det_lu(double* a, int64_t n) {
    double det = 1.0;
    for (int64_t c = 0; c < n; ++c) {
        int64_t piv = c;
        for (int64_t r = c + 1; r < n; ++r)
            if (std::abs(a[r * n + c]) > std::abs(a[piv * n + c])) piv = r;
        if (a[piv * n + c] == 0.0) return 0.0;
        if (piv != c) {
            for (int64_t k = 0; k < n; ++k) std::swap(a[c * n + k], a[piv * n + k]);
            det = -det;
        }
        const double p = a[c * n + c];
        det *= p;
        for (int64_t r = c + 1; r < n; ++r) {
            const double f = a[r * n + c] / p;
            for (int64_t k = c + 1; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
        }
    }
    return det;
}

void compute_det(ComputeContext& ctx) {
    const Tensor& x = ctx.input(0);
    nn::require_float(ctx, x.dtype(), "input X");
    check_shape(ctx, x.ir_shape());
    const auto xs = x.shape();
    const int64_t n = xs.back();
    const std::vector<int64_t> ys(xs.begin(), xs.end() - 2);
    const int64_t batch = nn::prod(ys, 0, ys.size());
    std::vector<double> a = nn::to_f64(x), y(static_cast<std::size_t>(batch));
    for (int64_t b = 0; b < batch; ++b)
        y[static_cast<std::size_t>(b)] = det_lu(a.data() + b * n * n, n);
    ctx.set_output(0, nn::from_f64(x.dtype(), ys, y));
}

}  // namespace

void register_det(OpRegistry& r) {
    OpSchema s;
    s.name = "Det";
    s.infer = infer_det;
    s.compute = compute_det;
    s.doc = "Determinant of square matrices [*, M, M] -> [*], ONNX Det-22. f32, f64, f16, bf16 "
            "(computed in double).";
    r.add(std::move(s));
}

}  // namespace neo::ops::linalg
