// Tree ensembles: TreeEnsemble (ai.onnx.ml opset 5), TreeEnsembleRegressor and
// TreeEnsembleClassifier (opsets 1 and 3, int64 labels). The trees become constant tables
// indexed by node (feature, threshold, children; a leaf is its own child, so a walk of a
// tree's depth steps ends on its leaf whatever the path) and the leaf weights a table per
// leaf. Each row walks every tree with select steps, aggregates the weights per output in
// a local f64 row, then base values, the classifier's label and post_transform follow.
// Knobs: "parallel" (over blocks of rows), "rows_per_block" (rows walked together).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "lower/ml.hpp"

namespace neo::llvm_cpu::ml {
namespace {

using kir::ExprP;
using kir::Op;
using kir::StmtP;

enum Mode : int64_t { leq, lt, gte, gt, eq, neq, member, leaf };
enum class Aggregate { average, sum, min, max };

// The ensemble by node index; leaves branch to themselves.
struct Trees {
    std::vector<int64_t> feature, yes, no, mode, missing;
    std::vector<double> value;
    std::vector<std::vector<double>> members;
    std::vector<std::vector<std::pair<int64_t, double>>> weights;
    std::vector<int64_t> roots;
    bool nan_by_flag_only = true;  // legacy: a NaN feature goes by missing_true alone

    void resize(std::size_t n) {
        feature.assign(n, 0), yes.resize(n), no.resize(n), mode.assign(n, leaf), missing.assign(n, 0);
        value.assign(n, 0), members.resize(n), weights.resize(n);
        for (std::size_t i = 0; i < n; ++i) yes[i] = no[i] = static_cast<int64_t>(i);
    }
};

std::vector<double> tensor_values(LowerCtx& c, const std::string& name) {
    const TensorPtr& t = c.op().attr(name).tensor();
    if (!t) c.unsupported("attribute '" + name + "' holds no tensor");
    std::vector<double> v(static_cast<std::size_t>(t->numel()));
    for (int64_t i = 0; i < t->numel(); ++i) v[static_cast<std::size_t>(i)] = t->at_double(i);
    return v;
}
std::vector<double> floats_or_tensor(LowerCtx& c, const std::string& name) {
    return c.op().has_attr(name + "_as_tensor") ? tensor_values(c, name + "_as_tensor") : c.op().attr_floats(name);
}

// The legacy node-list form: nodes keyed by (tree id, node id), weights by <prefix>_*.
Trees legacy_trees(LowerCtx& c, const std::string& prefix, const std::string& weights_attr) {
    const OpContext& op = c.op();
    const auto& tree_ids = op.attr_ints("nodes_treeids");
    const auto& node_ids = op.attr_ints("nodes_nodeids");
    const auto& modes = op.attr("nodes_modes").strings();
    const auto& missing = op.attr_ints("nodes_missing_value_tracks_true");
    const auto values = floats_or_tensor(c, "nodes_values");
    const std::map<std::string, Mode> mode_of{{"BRANCH_LEQ", leq}, {"BRANCH_LT", lt}, {"BRANCH_GTE", gte},
                                              {"BRANCH_GT", gt},   {"BRANCH_EQ", eq}, {"BRANCH_NEQ", neq},
                                              {"LEAF", leaf}};
    std::map<std::pair<int64_t, int64_t>, int64_t> index;
    std::map<int64_t, int64_t> root_of;
    for (std::size_t i = 0; i < tree_ids.size(); ++i) {
        index.emplace(std::make_pair(tree_ids[i], node_ids[i]), static_cast<int64_t>(i));
        root_of.emplace(tree_ids[i], static_cast<int64_t>(i));
    }
    Trees t;
    t.resize(tree_ids.size());
    for (std::size_t i = 0; i < tree_ids.size(); ++i) {
        t.mode[i] = mode_of.at(modes[i]);
        if (t.mode[i] == leaf) continue;
        t.feature[i] = op.attr_ints("nodes_featureids")[i];
        t.value[i] = values[i];
        t.missing[i] = !missing.empty() && missing[i] != 0;
        t.yes[i] = index.at({tree_ids[i], op.attr_ints("nodes_truenodeids")[i]});
        t.no[i] = index.at({tree_ids[i], op.attr_ints("nodes_falsenodeids")[i]});
    }
    for (const auto& [tree, root] : root_of) t.roots.push_back(root);
    const auto& w_trees = op.attr_ints(prefix + "_treeids");
    const auto weights = floats_or_tensor(c, weights_attr);
    for (std::size_t j = 0; j < w_trees.size(); ++j) {
        const int64_t node = index.at({w_trees[j], op.attr_ints(prefix + "_nodeids")[j]});
        t.weights[static_cast<std::size_t>(node)].emplace_back(op.attr_ints(prefix + "_ids")[j], weights[j]);
    }
    return t;
}

// TreeEnsemble's form: branches [0, n), then the leaves.
Trees opset5_trees(LowerCtx& c) {
    const OpContext& op = c.op();
    const auto& features = op.attr_ints("nodes_featureids");
    const auto splits = tensor_values(c, "nodes_splits"), modes = tensor_values(c, "nodes_modes");
    const auto& missing = op.attr_ints("nodes_missing_value_tracks_true");
    const auto weights = tensor_values(c, "leaf_weights");
    const auto& targets = op.attr_ints("leaf_targetids");
    const std::vector<double> members = op.has_attr("membership_values") ? tensor_values(c, "membership_values") : std::vector<double>{};
    const std::size_t n = features.size();
    Trees t;
    t.nan_by_flag_only = false;
    t.resize(n + weights.size());
    std::size_t next_member = 0;
    for (std::size_t i = 0; i < n; ++i) {
        t.mode[i] = static_cast<int64_t>(modes[i]);
        t.feature[i] = features[i];
        t.value[i] = splits[i];
        t.missing[i] = !missing.empty() && missing[i] != 0;
        t.yes[i] = op.attr_ints("nodes_truenodeids")[i] + (op.attr_ints("nodes_trueleafs")[i] ? static_cast<int64_t>(n) : 0);
        t.no[i] = op.attr_ints("nodes_falsenodeids")[i] + (op.attr_ints("nodes_falseleafs")[i] ? static_cast<int64_t>(n) : 0);
        if (t.mode[i] != member) continue;
        for (; !std::isnan(members.at(next_member)); ++next_member) t.members[i].push_back(members[next_member]);
        ++next_member;
    }
    for (std::size_t j = 0; j < weights.size(); ++j) t.weights[n + j].emplace_back(targets[j], weights[j]);
    t.roots = op.attr_ints("tree_roots");
    return t;
}

int64_t depth_of(const Trees& t, int64_t i, std::vector<int64_t>& memo) {
    auto& d = memo[static_cast<std::size_t>(i)];
    if (d < 0) {
        const auto k = static_cast<std::size_t>(i);
        d = t.mode[k] == leaf ? 0 : 1 + std::max(depth_of(t, t.yes[k], memo), depth_of(t, t.no[k], memo));
    }
    return d;
}

int i32_table(LowerCtx& c, const std::string& name, const std::vector<int64_t>& v) {
    std::vector<int32_t> w(v.begin(), v.end());
    return c.table(name, Tensor::from_vector<int32_t>({static_cast<int64_t>(w.size())}, w));
}
ExprP at32(int table, ExprP i) { return kir::cast(DType::i64, kir::load(table, DType::i32, std::move(i))); }

bool exact_f32(double v) { return static_cast<double>(static_cast<float>(v)) == v; }

ExprP compare(int64_t mode, ExprP x, ExprP v, ExprP in_set) {
    const Op ops[] = {Op::Le, Op::Lt, Op::Ge, Op::Gt, Op::Eq, Op::Ne};
    return mode == member ? in_set : kir::binary(ops[mode], std::move(x), std::move(v));
}

// The ensemble's tables (kernel arguments; made before any local) and what the walk
// specializes on.
struct Tables {
    int X = -1, feature = -1, value = -1, yes = -1, no = -1, root = -1, depth = -1;
    int mode = -1, missing = -1;                    // with several modes / a missing_true node
    int member_offsets = -1, members = -1;          // with member nodes
    int leaf_output = -1, leaf_weight = -1;         // one weight per leaf
    int weight_offsets = -1, weight_output = -1, weights = -1;  // else ranges of weights
    DType ct = DType::f64;                          // the comparisons' type (exact either way)
    std::set<int64_t> modes;
    bool nan_by_flag_only = true;
    int64_t trees = 0;
};

Tables tables_of(LowerCtx& c, const Trees& t, int64_t n_out) {
    const std::size_t n = t.mode.size();
    Tables tb;
    tb.nan_by_flag_only = t.nan_by_flag_only;
    tb.trees = static_cast<int64_t>(t.roots.size());
    bool any_missing = false, all_f32 = c.in_dtype(0) == DType::f32, single = true;
    std::vector<int64_t> moff{0}, woff{0}, wout, lout(n, 0), depth, memo(n, -1);
    std::vector<double> mval, wval, lval(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (t.mode[i] != leaf) tb.modes.insert(t.mode[i]);
        any_missing = any_missing || t.missing[i];
        for (double m : t.members[i]) mval.push_back(m), all_f32 = all_f32 && (std::isnan(m) || exact_f32(m));
        all_f32 = all_f32 && (t.mode[i] == leaf || std::isnan(t.value[i]) || exact_f32(t.value[i]));
        moff.push_back(static_cast<int64_t>(mval.size()));
        for (const auto& [k, w] : t.weights[i]) wout.push_back(k), wval.push_back(w);
        woff.push_back(static_cast<int64_t>(wout.size()));
        single = single && (t.mode[i] != leaf || t.weights[i].size() == 1);
        if (!t.weights[i].empty()) lout[i] = t.weights[i][0].first, lval[i] = t.weights[i][0].second;
    }
    for (int64_t root : t.roots) depth.push_back(depth_of(t, root, memo));
    if (tb.modes.empty()) tb.modes.insert(leq);  // single-leaf trees: no step runs
    tb.ct = all_f32 ? DType::f32 : DType::f64;
    auto values = [&](const std::vector<double>& v) { return Tensor::from_vector<double>({static_cast<int64_t>(v.size())}, v).cast(tb.ct); };
    tb.X = c.in(0);
    tb.feature = i32_table(c, "feature", t.feature);
    tb.value = c.table("value", values(t.value));
    tb.yes = i32_table(c, "yes", t.yes);
    tb.no = i32_table(c, "no", t.no);
    tb.root = i32_table(c, "roots", t.roots);
    tb.depth = i32_table(c, "depths", depth);
    if (tb.modes.size() > 1) tb.mode = i32_table(c, "mode", t.mode);
    if (any_missing) tb.missing = i32_table(c, "missing", t.missing);
    if (tb.modes.count(member)) tb.member_offsets = i32_table(c, "member_offsets", moff), tb.members = c.table("members", values(mval));
    if (single) {
        if (n_out > 1) tb.leaf_output = i32_table(c, "leaf_output", lout);
        tb.leaf_weight = f64_table(c, "leaf_weight", lval);
    } else {
        tb.weight_offsets = i32_table(c, "weight_offsets", woff);
        tb.weight_output = i32_table(c, "weight_output", wout);
        tb.weights = f64_table(c, "weights", wval);
    }
    return tb;
}

// A block of `block` rows walked together (the walks' loads overlap): rows [r0, r0 +
// block) of X ([rows, cols]; a row past the end repeats the last).
struct Block {
    ExprP r0;
    int64_t rows, cols, block;
};

// Statements aggregating into the f64 local `acc` ([block, n_out]) the leaf weights that
// every tree gives each row of the block.
std::vector<StmtP> walk_trees(LowerCtx& c, const Tables& tb, const Block& bl, Aggregate agg, int acc, int64_t n_out) {
    const DType ct = tb.ct;
    const int node = c.kernel().add_local("node", DType::i64, bl.block), xv = c.kernel().add_local("x", ct, bl.block);
    const int b = c.var("b"), b2 = c.var("b"), b3 = c.var("b");
    const ExprP B = kir::var(b), nd = kir::load(node, DType::i64, B), x = kir::load(xv, ct, B);
    const ExprP r = bl.block == 1 ? bl.r0 : kir::min(bl.r0 + B, kir::imm(bl.rows - 1));
    std::vector<StmtP> step{kir::store(xv, B, kir::cast(ct, kir::load(tb.X, c.in_dtype(0), r * bl.cols + at32(tb.feature, nd))))};
    ExprP in_set;
    if (tb.members >= 0) {
        const int hit = c.kernel().add_local("hit", DType::i64, 1), j = c.var("m");
        const ExprP h = kir::load(hit, DType::i64, kir::imm(0));
        step.push_back(kir::store(hit, kir::imm(0), kir::imm(0)));
        step.push_back(kir::loop(j, at32(tb.member_offsets, nd), at32(tb.member_offsets, nd + 1),
                                 {kir::store(hit, kir::imm(0), kir::select(kir::binary(Op::Eq, x, kir::load(tb.members, ct, kir::var(j))), kir::imm(1), h))}));
        in_set = kir::binary(Op::Ne, h, kir::imm(0));
    }
    const ExprP v = kir::load(tb.value, ct, nd);
    ExprP cond = compare(*tb.modes.begin(), x, v, in_set);
    for (auto m = std::next(tb.modes.begin()); m != tb.modes.end(); ++m)
        cond = kir::select(kir::binary(Op::Eq, at32(tb.mode, nd), kir::imm(*m)), compare(*m, x, v, in_set), cond);
    const ExprP nan = kir::unary(Op::IsNan, x);
    if (tb.missing >= 0) {
        const ExprP miss = kir::binary(Op::Ne, at32(tb.missing, nd), kir::imm(0));
        cond = tb.nan_by_flag_only ? kir::select(nan, miss, cond) : kir::binary(Op::Or, cond, kir::binary(Op::And, nan, miss));
    } else if (tb.nan_by_flag_only && tb.modes.count(neq)) {
        cond = kir::binary(Op::And, kir::unary(Op::Not, nan), cond);
    }
    step.push_back(kir::store(node, B, kir::select(cond, at32(tb.yes, nd), at32(tb.no, nd))));

    // The leaf's weights: one per leaf, or a range of (output, weight) pairs.
    const bool minmax = agg == Aggregate::min || agg == Aggregate::max;
    const int seen = minmax ? c.kernel().add_local("seen", DType::i64, bl.block * n_out) : -1;
    const ExprP nd3 = kir::load(node, DType::i64, kir::var(b3));
    auto add_weight = [&](ExprP k, ExprP w) {
        k = kir::var(b3) * n_out + k;
        const ExprP a = ld(acc, k);
        if (!minmax) return std::vector<StmtP>{kir::store(acc, k, add(a, w))};
        const ExprP best = agg == Aggregate::min ? kir::min(a, w) : kir::max(a, w);
        const ExprP first = kir::binary(Op::Eq, kir::load(seen, DType::i64, k), kir::imm(0));
        return std::vector<StmtP>{kir::store(acc, k, kir::select(first, w, best)), kir::store(seen, k, kir::imm(1))};
    };
    std::vector<StmtP> gather;
    if (tb.leaf_weight >= 0) {
        gather = add_weight(tb.leaf_output >= 0 ? at32(tb.leaf_output, nd3) : kir::imm(0), ld(tb.leaf_weight, nd3));
    } else {
        const int j = c.var("w");
        gather = {kir::loop(j, at32(tb.weight_offsets, nd3), at32(tb.weight_offsets, nd3 + 1),
                            add_weight(at32(tb.weight_output, kir::var(j)), ld(tb.weights, kir::var(j))))};
    }
    const int tree = c.var("tree"), d = c.var("depth"), k = c.var("k");
    const auto unrolled = bl.block > 1 ? kir::LoopKind::unrolled : kir::LoopKind::serial;
    const std::vector<StmtP> per_tree{
        kir::loop(b2, bl.block, {kir::store(node, kir::var(b2), at32(tb.root, kir::var(tree)))}),
        kir::loop(d, kir::imm(0), at32(tb.depth, kir::var(tree)), {kir::loop(b, bl.block, std::move(step), unrolled, static_cast<int>(bl.block))}),
        kir::loop(b3, bl.block, std::move(gather))};
    std::vector<StmtP> init{kir::store(acc, kir::var(k), f64(0))};
    if (minmax) init.push_back(kir::store(seen, kir::var(k), kir::imm(0)));
    return {kir::loop(k, bl.block * n_out, std::move(init)), kir::loop(tree, tb.trees, per_tree)};
}

// The rows of X in blocks (knob "rows_per_block"): the walks, then per row of the block
// (its index in r, its n_out aggregates copied to the f64 local `row`) `finish(r)`.
void lower_blocks(LowerCtx& c, const Tables& tb, Aggregate agg, int64_t n_out, int row,
                  const std::function<std::vector<StmtP>(ExprP)>& finish) {
    const auto [rows, cols] = rows_cols(c);
    const int64_t block = std::clamp<int64_t>(c.knob("rows_per_block", 8), 1, rows);
    const int acc = c.kernel().add_local("acc", DType::f64, block * n_out), rb = c.var("rb"), b = c.var("b"), k = c.var("k");
    const ExprP r = kir::var(rb) * block + kir::var(b);
    std::vector<StmtP> per_row{kir::loop(k, n_out, {kir::store(row, kir::var(k), ld(acc, kir::var(b) * n_out + kir::var(k)))})};
    for (auto& s : finish(r)) per_row.push_back(s);
    std::vector<StmtP> body = walk_trees(c, tb, {kir::var(rb) * block, rows, cols, block}, agg, acc, n_out);
    body.push_back(kir::loop(b, block, {kir::guard(kir::binary(Op::Lt, r, kir::imm(rows)), std::move(per_row))}));
    c.kernel().body = row_loop(c, rb, (rows + block - 1) / block, 48.0 * static_cast<double>(tb.trees * block), std::move(body));
}

// Y[r, k] = post(acc[k] (/ trees) + base[k]) for the regressors.
void lower_regression(LowerCtx& c, const Trees& t, int64_t n_out, Aggregate agg, const std::vector<double>& base, Post post) {
    rows_cols(c);
    const Tables tb = tables_of(c, t, n_out);
    const int B = base.empty() ? -1 : f64_table(c, "base", base), Y = c.out(0);
    const int row = c.kernel().add_local("scores", DType::f64, n_out), k = c.var("k"), k2 = c.var("k");
    lower_blocks(c, tb, agg, n_out, row, [&](ExprP r) {
        ExprP y = ld(row, kir::var(k));
        if (agg == Aggregate::average) y = div(y, f64(static_cast<double>(tb.trees)));
        if (B >= 0) y = add(y, ld(B, kir::var(k)));
        std::vector<StmtP> s{kir::loop(k, n_out, {kir::store(row, kir::var(k), y)})};
        for (auto& st : post_transform(c, post, row, n_out)) s.push_back(st);
        s.push_back(kir::loop(k2, n_out, {kir::store(Y, r * n_out + kir::var(k2), kir::cast(c.out_dtype(0), ld(row, kir::var(k2))))}));
        return s;
    });
}

Aggregate aggregate_of(LowerCtx& c) {
    const std::string& s = c.op().attr_s("aggregate_function");
    if (s == "SUM") return Aggregate::sum;
    if (s == "AVERAGE") return Aggregate::average;
    if (s == "MIN") return Aggregate::min;
    if (s == "MAX") return Aggregate::max;
    c.unsupported("aggregate_function '" + s + "'");
}

void lower_tree_regressor(LowerCtx& c) {
    const Trees t = legacy_trees(c, "target", "target_weights");
    lower_regression(c, t, c.op().attr_i("n_targets"), aggregate_of(c), floats_or_tensor(c, "base_values"), post_of(c));
}

void lower_tree_ensemble(LowerCtx& c) {
    const Aggregate aggs[] = {Aggregate::average, Aggregate::sum, Aggregate::min, Aggregate::max};
    const Post posts[] = {Post::none, Post::softmax, Post::logistic, Post::softmax_zero, Post::probit};
    lower_regression(c, opset5_trees(c), c.op().attr_i("n_targets"), aggs[c.op().attr_i("aggregate_function")], {},
                     posts[c.op().attr_i("post_transform")]);
}

// Classifier: per-class sums; a binary model (two labels, every weight for one class b)
// gives one score s = acc[b] + base, written as [1 - s, s] (probability-like) or [-s, s].
void lower_tree_classifier(LowerCtx& c) {
    const auto labels = int_labels(c, "classlabels_int64s");
    const auto n_out = static_cast<int64_t>(labels.size());
    const Trees t = legacy_trees(c, "class", "class_weights");
    const auto base = floats_or_tensor(c, "base_values");
    const Post post = post_of(c);
    const auto& ids = c.op().attr_ints("class_ids");
    const std::set<int64_t> distinct(ids.begin(), ids.end());
    rows_cols(c);
    const Tables tb = tables_of(c, t, n_out);
    const bool binary = n_out == 2 && distinct.size() == 1;
    const int B = binary || base.empty() ? -1 : f64_table(c, "base", base);
    const ClassOutputs o = class_outputs(c, labels);
    const int row = c.kernel().add_local("scores", DType::f64, n_out), best = c.kernel().add_local("best", DType::i64, 1);
    std::vector<StmtP> body;
    if (binary) {
        const int64_t b = *distinct.begin();
        bool positive = true;
        for (const auto& w : t.weights)
            for (const auto& [k, v] : w) positive = positive && v >= 0;
        const bool probability = post == Post::probit || (post == Post::none && positive);
        const double bv = base.size() == 1 ? base[0] : base.size() == 2 ? base[static_cast<std::size_t>(b)] : 0.0;
        const int s = c.kernel().add_local("s", DType::f64, 1);
        const ExprP sv = ld(s, kir::imm(0));
        body.push_back(kir::store(s, kir::imm(0), add(ld(row, kir::imm(b)), f64(bv))));
        body.push_back(kir::store(row, kir::imm(0), probability ? sub(f64(1), sv) : kir::unary(Op::Neg, sv)));
        body.push_back(kir::store(row, kir::imm(1), sv));
        for (auto& st : post_transform(c, post, row, 2)) body.push_back(st);
        body.push_back(kir::store(best, kir::imm(0), kir::select(kir::binary(Op::Gt, ld(row, kir::imm(1)), ld(row, kir::imm(0))), kir::imm(1), kir::imm(0))));
    } else {
        if (B >= 0) {
            const int k = c.var("k");
            body.push_back(kir::loop(k, n_out, {kir::store(row, kir::var(k), add(ld(row, kir::var(k)), ld(B, kir::var(k))))}));
        }
        for (auto& st : argmax(c, row, n_out, best)) body.push_back(st);
        for (auto& st : post_transform(c, post, row, n_out)) body.push_back(st);
    }
    lower_blocks(c, tb, Aggregate::sum, n_out, row, [&](ExprP r) {
        for (auto& st : store_classified(c, o, r, kir::load(best, DType::i64, kir::imm(0)), row, n_out)) body.push_back(st);
        return body;
    });
}

ScheduleSpace tree_space(const nlohmann::json&, const CpuInfo&) { return {{"parallel", {0, 1}}, {"rows_per_block", {1, 4, 8, 16}}}; }

}  // namespace

void add_tree_lowerings(LoweringTable& t) {
    t["ai.onnx.ml.TreeEnsemble"] = {lower_tree_ensemble, tree_space};
    t["ai.onnx.ml.TreeEnsembleRegressor"] = {lower_tree_regressor, tree_space};
    t["ai.onnx.ml.TreeEnsembleClassifier"] = {lower_tree_classifier, tree_space};
}

}  // namespace neo::llvm_cpu::ml
