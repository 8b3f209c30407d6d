#pragma once
// The search's cost model, trained online on a task's measurements: ridge regression of
// log(cost) on the space's config features (ConfigSpace::features: one-hot choices,
// log-values of numeric knobs and their pairwise products).
//
// Why ridge and not boosted trees: a task has tens of measurements when the model is
// first used, and the features already hold the interactions that matter for these
// kernels (tile rows x column vectors, unroll x tile); a closed-form fit is deterministic,
// refits in microseconds after every batch, and needs no dependency. The model only has
// to rank candidates, and it is checked by the measurements it proposes.
#include <vector>

namespace neo::tuner {

class RidgeModel {
public:
    explicit RidgeModel(double lambda = 0.1) : lambda_(lambda) {}
    // Fits the model; with fewer than 2 samples it predicts their mean.
    void fit(const std::vector<std::vector<double>>& x, const std::vector<double>& y);
    double predict(const std::vector<double>& x) const;
    bool trained() const { return trained_; }

private:
    double lambda_;
    bool trained_ = false;
    double intercept_ = 0;
    std::vector<double> mean_, weights_;
};

}  // namespace neo::tuner
