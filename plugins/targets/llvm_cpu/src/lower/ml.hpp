#pragma once
// Shared by the ONNX-ML (ai.onnx.ml) lowerings: ml.cpp (these helpers, the preprocessing
// ops, the family's registration), ml_trees.cpp (tree ensembles) and ml_linear.cpp (linear
// models and SVMs).
// The models compute in f64 like the reference: a feature matrix X [N, C] (or one row [C])
// is read per row, its scores built in a local f64 row, post-transformed, then stored.
#include <string>
#include <vector>

#include "lower/lowering.hpp"

namespace neo::llvm_cpu::ml {

void add_tree_lowerings(LoweringTable& t);
void add_linear_lowerings(LoweringTable& t);

inline kir::ExprP f64(double v) { return kir::fimm(v, DType::f64); }
inline kir::ExprP ld(int buffer, kir::ExprP i) { return kir::load(buffer, DType::f64, std::move(i)); }

// The rows and columns of input 0 seen as a feature matrix ([C]: one row); X becomes the
// kernel's first argument (arguments must come before locals).
struct RowsCols {
    int64_t rows = 1, cols = 1;
};
RowsCols rows_cols(LowerCtx& c);
// Element (r, col) of X (input 0, `cols` columns) as f64.
kir::ExprP feature(LowerCtx& c, kir::ExprP r, kir::ExprP col, int64_t cols);

// Constant tables (model.params).
int f64_table(LowerCtx& c, const std::string& name, const std::vector<double>& v);
int i64_table(LowerCtx& c, const std::string& name, const std::vector<int64_t>& v);

enum class Post { none, softmax, logistic, softmax_zero, probit };
// The string post_transform attribute; unsupported() on an unknown one.
Post post_of(LowerCtx& c);
// Statements applying a post transform in place to the f64 local `row` of n entries.
std::vector<kir::StmtP> post_transform(LowerCtx& c, Post p, int row, int64_t n);
// 1 / (1 + exp(-x)), without overflow.
kir::ExprP logistic(kir::ExprP x);

// The int64 class labels of a classifier; unsupported() for string labels.
std::vector<int64_t> int_labels(LowerCtx& c, const std::string& ints_attr);
// A classifier's labels table and outputs: labels (output 0, i64 [N]) and, when the node
// has it, the scores (output 1, [N, n]; -1 when absent). Kernel arguments must all come
// before the first local, so this is made first.
struct ClassOutputs {
    int labels = -1, label = -1, scores = -1;
};
ClassOutputs class_outputs(LowerCtx& c, const std::vector<int64_t>& labels);
// Statements storing row r: label labels[best] and the n scores of the f64 local `row`.
std::vector<kir::StmtP> store_classified(LowerCtx& c, const ClassOutputs& o, kir::ExprP r, kir::ExprP best, int row, int64_t n);
// Statements setting the i64 local `best` to the index of the largest of the first n
// entries of the f64 local `row` (the first on a tie).
std::vector<kir::StmtP> argmax(LowerCtx& c, int row, int64_t n, int best);

// A loop over the rows of X, parallel by the "parallel" knob (default: when a row costs
// about `row_cost` operations and there are enough of them).
kir::StmtP row_loop(LowerCtx& c, int var, int64_t rows, double row_cost, std::vector<kir::StmtP> body);
// The "parallel" knob alone.
ScheduleSpace rows_space(const nlohmann::json& workload, const CpuInfo& cpu);

}  // namespace neo::llvm_cpu::ml
