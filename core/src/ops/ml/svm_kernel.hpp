#pragma once
// The kernel of SVMClassifier and SVMRegressor: kernel_type and kernel_params
// [gamma, coef0, degree] (all 0 when not given).
//   LINEAR   a . b
//   POLY     (gamma * a . b + coef0) ^ degree
//   RBF      exp(-gamma * |a - b|^2)
//   SIGMOID  tanh(gamma * a . b + coef0)
#include <cmath>
#include <cstddef>
#include <string>

#include "ops/ml/ml_util.hpp"

namespace neo::ops::ml {

struct SvmKernel {
    enum Type { linear, poly, rbf, sigmoid } type = linear;
    double gamma = 0.0, coef0 = 0.0, degree = 0.0;

    double operator()(const double* a, const double* b, std::size_t n) const {
        if (type == rbf) {
            double d2 = 0.0;
            for (std::size_t i = 0; i < n; ++i) d2 += (a[i] - b[i]) * (a[i] - b[i]);
            return std::exp(-gamma * d2);
        }
        double dot = 0.0;
        for (std::size_t i = 0; i < n; ++i) dot += a[i] * b[i];
        switch (type) {
            case poly: return std::pow(gamma * dot + coef0, degree);
            case sigmoid: return std::tanh(gamma * dot + coef0);
            default: return dot;
        }
    }
};

// Reads kernel_type and kernel_params; fail() on an unknown kernel or a kernel_params
// list that is not empty and not [gamma, coef0, degree].
inline SvmKernel svm_kernel_of(const OpContext& ctx) {
    SvmKernel k;
    const std::string& t = ctx.attr_s("kernel_type");
    if (t == "LINEAR") k.type = SvmKernel::linear;
    else if (t == "POLY") k.type = SvmKernel::poly;
    else if (t == "RBF") k.type = SvmKernel::rbf;
    else if (t == "SIGMOID") k.type = SvmKernel::sigmoid;
    else ctx.fail("attribute 'kernel_type' must be LINEAR, POLY, RBF or SIGMOID, got '" + t + "'");
    const auto p = ctx.attr_floats("kernel_params");
    if (!p.empty()) {
        require_count(ctx, "kernel_params", p.size(), 3, "gamma, coef0, degree");
        k.gamma = p[0];
        k.coef0 = p[1];
        k.degree = p[2];
    }
    return k;
}

}  // namespace neo::ops::ml
