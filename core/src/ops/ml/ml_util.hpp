#pragma once
// Helpers shared by the ai.onnx.ml ops (internal to core/src/ops/ml).
//
// The classical-ML ops mostly read a feature matrix X ([N, C], or [C] for one row) of a
// numeric dtype, compute in double, and write float scores. Classifiers also write one
// label per row, taken from their classlabels_ints or classlabels_strings attribute.
#include <cstdint>
#include <string>
#include <vector>

#include "neo/core/ops/registry.hpp"

namespace neo::ops::ml {

inline const std::string kMlDomain = "ai.onnx.ml";

// Registration entry points of the files of this folder (called by register.cpp).
void register_linear(OpRegistry& r);                   // LinearClassifier, LinearRegressor
void register_svm_classifier(OpRegistry& r);           // SVMClassifier
void register_svm_regressor(OpRegistry& r);            // SVMRegressor
void register_tree_ensemble_classifier(OpRegistry& r); // TreeEnsembleClassifier
void register_tree_ensemble_regressor(OpRegistry& r);  // TreeEnsembleRegressor
void register_tree_ensemble(OpRegistry& r);            // TreeEnsemble (ai.onnx.ml opset 5)
void register_preprocessing(OpRegistry& r);            // Scaler, Normalizer, Binarizer, Imputer
void register_array_feature_extractor(OpRegistry& r);
void register_label_encoder(OpRegistry& r);

// A schema of the ai.onnx.ml domain.
OpSchema make_ml_schema(std::string name, int min_inputs, int max_inputs, int min_outputs,
                        int max_outputs, std::vector<AttrSpec> attrs, InferFn infer,
                        ComputeFn compute, std::string doc);

// ---- attributes --------------------------------------------------------------------------

// A list attribute whose default is the empty list.
AttrSpec empty_ints(std::string name, std::string doc);
AttrSpec empty_floats(std::string name, std::string doc);
AttrSpec empty_strings(std::string name, std::string doc);
// The float values of attribute `name`, or of the tensor attribute `tensor_name` (the
// "_as_tensor" form of ai.onnx.ml opset 3) when the node sets that one; fail() when the
// node sets both. Empty when it sets neither.
std::vector<double> floats_or_tensor(const OpContext& ctx, const std::string& name,
                                     const std::string& tensor_name);
// The elements of a tensor attribute as doubles (numeric dtypes); fail() otherwise.
std::vector<double> tensor_attr_f64(const OpContext& ctx, const std::string& name);
// fail() unless list attribute `what` has `want` entries.
void require_count(const OpContext& ctx, const std::string& what, std::size_t have,
                   std::size_t want, const std::string& why = "");

// ---- post transforms ---------------------------------------------------------------------

enum class PostTransform { none, softmax, logistic, softmax_zero, probit };

// The post_transform string attribute ("NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO",
// "PROBIT"); fail() on anything else.
PostTransform post_transform_of(const OpContext& ctx);
// Applies a post transform to one row of scores in place:
//   LOGISTIC     1 / (1 + exp(-x)) per element
//   SOFTMAX      exp(x - max) / sum over the row
//   SOFTMAX_ZERO the same, but elements equal to 0 stay 0 and do not count in the sum
//                (an all-zero row becomes 0.5 everywhere)
//   PROBIT       the inverse standard normal CDF, sqrt(2) * erfinv(2x - 1), per element
void apply_post_transform(PostTransform t, double* row, std::size_t n);
double logistic(double x);
double probit(double p);

// ---- feature matrices --------------------------------------------------------------------

// fail() unless `t` is one of the numeric dtypes the ML ops read (f32, f64, i64, i32);
// undefined passes.
void require_feature_dtype(const OpContext& ctx, DType t, const std::string& what);
// The rows and columns of input `i` seen as a feature matrix: [N, C] as it is, [C] as one
// row. fail() on a scalar or a rank above 2. Unranked: both unknown.
struct RowsCols {
    Dim rows, cols;
};
RowsCols infer_rows_cols(const InferContext& ctx, std::size_t i, const std::string& what);

// A feature matrix, row-major, in double.
struct Matrix {
    int64_t rows = 0, cols = 0;
    std::vector<double> v;
    const double* row(int64_t r) const { return v.data() + r * cols; }
};
Matrix feature_matrix(const ComputeContext& ctx, std::size_t i, const std::string& what);

// ---- class labels ------------------------------------------------------------------------

// The labels of a classifier: ints or strings (exactly one of the two lists is set).
struct ClassLabels {
    std::vector<int64_t> ints;
    std::vector<std::string> strings;
    bool use_strings = false;
    std::size_t size() const { return use_strings ? strings.size() : ints.size(); }
    DType dtype() const { return use_strings ? DType::string : DType::i64; }
};
// Reads attributes `ints_name` and `strings_name`; fail() unless exactly one is non-empty.
ClassLabels class_labels_of(const OpContext& ctx, const std::string& ints_name,
                            const std::string& strings_name);
// A [N] label tensor: labels[index[r]] for every row r.
Tensor labels_tensor(const ClassLabels& labels, const std::vector<std::size_t>& index);

// ---- messages ----------------------------------------------------------------------------

std::string str(std::size_t v);

}  // namespace neo::ops::ml
