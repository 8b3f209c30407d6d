// The ai.onnx.ml domain: classical machine-learning models (linear models, SVMs, tree
// ensembles) and their preprocessing, one file (or tight family) each.
//
// ZipMap is not a core op: neo has tensors only, no sequences or maps. The ONNX frontend
// turns a ZipMap into the probability tensor it would have zipped (see its ml family).
#include "ops/common/op_util.hpp"
#include "ops/ml/ml_util.hpp"

namespace neo::ops {

void register_ml_ops(OpRegistry& r) {
    ml::register_linear(r);
    ml::register_svm_classifier(r);
    ml::register_svm_regressor(r);
    ml::register_tree_ensemble_classifier(r);
    ml::register_tree_ensemble_regressor(r);
    ml::register_tree_ensemble(r);
    ml::register_preprocessing(r);
    ml::register_array_feature_extractor(r);
    ml::register_label_encoder(r);
}

}  // namespace neo::ops
