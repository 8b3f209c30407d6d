#include "neo/tuner/cost_model.hpp"

#include <cmath>
#include <numeric>
#include <utility>

namespace neo::tuner {

void RidgeModel::fit(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
    trained_ = !y.empty();
    intercept_ = y.empty() ? 0 : std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
    const std::size_t d = x.empty() ? 0 : x.front().size();
    mean_.assign(d, 0);
    weights_.assign(d, 0);
    if (y.size() < 2 || d == 0) return;
    const double n = static_cast<double>(y.size());
    for (const auto& r : x)
        for (std::size_t j = 0; j < d; ++j) mean_[j] += r[j] / n;
    // (X'X + lambda n I) w = X'y on centred data, by Gaussian elimination with pivoting.
    std::vector<std::vector<double>> a(d, std::vector<double>(d + 1, 0));
    for (std::size_t s = 0; s < y.size(); ++s)
        for (std::size_t i = 0; i < d; ++i) {
            const double xi = x[s][i] - mean_[i];
            for (std::size_t j = 0; j < d; ++j) a[i][j] += xi * (x[s][j] - mean_[j]);
            a[i][d] += xi * (y[s] - intercept_);
        }
    for (std::size_t i = 0; i < d; ++i) a[i][i] += lambda_ * n;
    for (std::size_t c = 0; c < d; ++c) {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < d; ++r)
            if (std::fabs(a[r][c]) > std::fabs(a[p][c])) p = r;
        std::swap(a[c], a[p]);
        if (std::fabs(a[c][c]) < 1e-12) continue;
        for (std::size_t r = 0; r < d; ++r) {
            if (r == c) continue;
            const double f = a[r][c] / a[c][c];
            if (f == 0) continue;
            for (std::size_t k = c; k <= d; ++k) a[r][k] -= f * a[c][k];
        }
    }
    for (std::size_t i = 0; i < d; ++i) weights_[i] = std::fabs(a[i][i]) < 1e-12 ? 0 : a[i][d] / a[i][i];
}

double RidgeModel::predict(const std::vector<double>& x) const {
    double v = intercept_;
    for (std::size_t j = 0; j < weights_.size() && j < x.size(); ++j) v += weights_[j] * (x[j] - mean_[j]);
    return v;
}

}  // namespace neo::tuner
