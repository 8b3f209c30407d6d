// Ops whose ONNX semantics, from the opset listed here on, are those of the newest
// opset (later versions only added types or optional attributes/inputs with defaults
// that keep the old meaning): the node is kept as it is (pass_through), minus the
// opset-1 `consumed_inputs` hint. Older opsets of these ops have no translator.
// Ops whose older opsets need rewriting live in their own family files.
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

struct Entry {
    const char* op;
    int64_t since;
};

// Default domain (ai.onnx). `since` is the first opset the op exists in, or the first
// whose semantics equal the newest one's.
constexpr Entry kDefaultOps[] = {
    // unary math and activations (opset 1 versions differ only by consumed_inputs)
    {"Abs", 1}, {"Neg", 1}, {"Floor", 1}, {"Ceil", 1}, {"Sqrt", 1}, {"Reciprocal", 1},
    {"Exp", 1}, {"Log", 1}, {"Relu", 1}, {"Sigmoid", 1}, {"Tanh", 1}, {"Not", 1},
    {"Softplus", 1}, {"Softsign", 1}, {"HardSigmoid", 1}, {"Elu", 1}, {"Selu", 1},
    {"LeakyRelu", 1}, {"Identity", 1},
    {"Acos", 7}, {"Asin", 7}, {"Atan", 7}, {"Cos", 7}, {"Sin", 7}, {"Tan", 7},
    {"Acosh", 9}, {"Asinh", 9}, {"Atanh", 9}, {"Cosh", 9}, {"Sinh", 9}, {"Erf", 9},
    {"Sign", 9}, {"IsNaN", 9}, {"Shrink", 9}, {"IsInf", 10}, {"ThresholdedRelu", 10},
    {"Round", 11}, {"Celu", 12}, {"HardSwish", 14}, {"Mish", 18}, {"Gelu", 20},
    {"Swish", 24},
    // binary / variadic elementwise without legacy broadcasting
    {"Sum", 1}, {"Max", 1}, {"Min", 1}, {"Mean", 1},  // opset < 8: equal shapes, a subset
    {"Mod", 10}, {"BitShift", 11}, {"GreaterOrEqual", 12}, {"LessOrEqual", 12},
    {"BitwiseAnd", 18}, {"BitwiseOr", 18}, {"BitwiseXor", 18}, {"BitwiseNot", 18},
    {"Where", 9}, {"CastLike", 15},
    // convolution, matrix products, pooling
    {"Conv", 1}, {"ConvTranspose", 1}, {"MatMul", 1}, {"ConvInteger", 10},
    {"MatMulInteger", 10}, {"QLinearConv", 10}, {"QLinearMatMul", 10},
    {"QuantizeLinear", 10}, {"DequantizeLinear", 10}, {"DynamicQuantizeLinear", 11},
    {"MaxPool", 1}, {"AveragePool", 1}, {"GlobalAveragePool", 1}, {"GlobalMaxPool", 1},
    {"LpPool", 2}, {"GlobalLpPool", 2}, {"MaxRoiPool", 1}, {"MaxUnpool", 9},
    {"Det", 11}, {"Einsum", 12}, {"DeformConv", 19}, {"Attention", 23},
    {"RotaryEmbedding", 23},
    // normalization (BatchNormalization: normalization.cpp)
    {"InstanceNormalization", 1}, {"LRN", 1}, {"LpNormalization", 1},
    {"MeanVarianceNormalization", 9}, {"LayerNormalization", 17},
    {"GroupNormalization", 21},  // 18-20 took scale/bias per group, not per channel
    {"RMSNormalization", 23},
    // tensor manipulation (Reshape, Squeeze, Unsqueeze, Concat, Split: shape_ops.cpp)
    {"Flatten", 1}, {"Transpose", 1}, {"Shape", 1}, {"Size", 1}, {"Gather", 1},
    {"DepthToSpace", 1}, {"SpaceToDepth", 1}, {"Tile", 6}, {"Expand", 8},
    {"ConstantOfShape", 9}, {"NonZero", 9}, {"OneHot", 9}, {"Compress", 9}, {"EyeLike", 9},
    {"ReverseSequence", 10}, {"GatherElements", 11}, {"GatherND", 11},
    {"ScatterElements", 11}, {"ScatterND", 11}, {"Range", 11}, {"CumSum", 11},
    {"Unique", 11}, {"Trilu", 14}, {"CenterCropPad", 18}, {"Col2Im", 18},
    {"TensorScatter", 24}, {"CumProd", 26}, {"BitCast", 26},
    {"ArgMax", 1}, {"ArgMin", 1},
    // detection, sampling, recurrent
    {"NonMaxSuppression", 10}, {"GridSample", 20}, {"AffineGrid", 20},
    {"RNN", 7}, {"GRU", 7}, {"LSTM", 7},
    // random numbers
    {"RandomNormal", 1}, {"RandomUniform", 1}, {"RandomNormalLike", 1},
    {"RandomUniformLike", 1}, {"Multinomial", 7}, {"Bernoulli", 15},
    // text and signal processing
    {"StringNormalizer", 10}, {"TfIdfVectorizer", 9}, {"RegexFullMatch", 20},
    {"StringConcat", 20}, {"StringSplit", 20}, {"BlackmanWindow", 17},
    {"HammingWindow", 17}, {"HannWindow", 17}, {"MelWeightMatrix", 17}, {"STFT", 17},
    {"ImageDecoder", 20},  // DFT: misc.cpp
    // losses
    {"SoftmaxCrossEntropyLoss", 13}, {"NegativeLogLikelihoodLoss", 13},
};

// ai.onnx.ml: classical ML (SVM, trees, linear models, preprocessing).
constexpr Entry kMlOps[] = {
    {"ArrayFeatureExtractor", 1}, {"Binarizer", 1}, {"CastMap", 1}, {"CategoryMapper", 1},
    {"DictVectorizer", 1}, {"FeatureVectorizer", 1}, {"Imputer", 1}, {"LabelEncoder", 2},
    {"LinearClassifier", 1}, {"LinearRegressor", 1}, {"Normalizer", 1},
    {"OneHotEncoder", 1}, {"SVMClassifier", 1}, {"SVMRegressor", 1}, {"Scaler", 1},
    {"TreeEnsembleClassifier", 1}, {"TreeEnsembleRegressor", 1}, {"TreeEnsemble", 5},
};  // ZipMap and LabelEncoder-1: ml.cpp

}  // namespace

void register_generic(TranslatorRegistry& r) {
    const TranslateFn keep = pass_through();
    for (const Entry& e : kDefaultOps) r.add(kDefaultDomain, e.op, e.since, kLatestOpset, keep);
    for (const Entry& e : kMlOps) r.add(kMlDomain, e.op, e.since, kLatestOpset, keep);
    // Gemm before opset 7 had a `broadcast` flag; C broadcasting is a superset of it.
    r.add(kDefaultDomain, "Gemm", 1, kLatestOpset, pass_through({"broadcast"}));
}

}  // namespace neo::onnxfe
