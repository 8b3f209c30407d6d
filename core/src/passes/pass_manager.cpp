#include "neo/core/passes/pass_manager.hpp"

#include <ostream>

#include "neo/core/ir/text_format.hpp"
#include "neo/core/ir/verifier.hpp"
#include "neo/core/passes/constant_folding.hpp"
#include "neo/core/passes/dead_code_elimination.hpp"
#include "neo/core/passes/fold_batch_norm.hpp"
#include "neo/core/passes/subsample_pointwise_conv.hpp"
#include "neo/core/passes/shape_propagation.hpp"
#include "neo/core/util/error.hpp"

namespace neo {

PassManager& PassManager::add(std::string name, std::string description, PassFn run) {
    passes_.push_back(PassEntry{std::move(name), std::move(description), std::move(run)});
    return *this;
}

void PassManager::set_dump(const std::string& spec, std::ostream* out) {
    dump_out_ = out;
    std::string list = spec;
    if (list.rfind("after=", 0) == 0) list = list.substr(6);
    if (list == "all") {
        dump_all_ = true;
        return;
    }
    std::string known;
    for (const auto& p : passes_) known += (known.empty() ? "" : ", ") + p.name;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        std::string name = list.substr(start, comma == std::string::npos ? comma : comma - start);
        bool found = false;
        for (const auto& p : passes_) found |= p.name == name;
        if (!found)
            throw UserError("--dump-ir: unknown pass '" + name + "'; the pipeline's passes are " +
                            known + " (or 'all')");
        dump_after_.insert(name);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
}

bool PassManager::run(Graph& g) const {
    bool changed = false;
    for (const auto& p : passes_) {
        changed |= p.run(g);
        if (dump_out_ && (dump_all_ || dump_after_.count(p.name))) {
            PrintOptions opts;
            opts.elide_constants_over = 16;
            *dump_out_ << "// ---- IR after " << p.name << " ----\n" << print_graph(g, opts);
        }
        if (verify_) verify_or_throw(g, "after pass '" + p.name + "'");
    }
    return changed;
}

PassManager standard_pipeline() {
    PassManager pm;
    pm.add("shape-propagation", "infer every value's dtype and shape",
           [](Graph& g) { return propagate_shapes(g); })
        .add("constant-folding",
             "evaluate nodes whose inputs are all constants; shapes are re-inferred after "
             "each round, so Shape -> Gather -> Reshape chains fold completely",
             [](Graph& g) {
                 // Each round can make more shapes static and so more Shape nodes foldable.
                 constexpr int kMaxRounds = 16;
                 bool changed = false;
                 for (int round = 0; round < kMaxRounds && fold_constants(g); ++round) {
                     changed = true;
                     propagate_shapes(g);
                 }
                 return changed;
             })
        .add("fold-batch-norm", "fold inference batch-norm into the Conv/Gemm before it",
             [](Graph& g) { return fold_batch_norm(g); })
        .add("subsample-pointwise-conv", "run a strided 1x1 Conv as a strided Slice and a unit-stride Conv",
             [](Graph& g) { return subsample_pointwise_conv(g); })
        .add("dead-code-elimination", "remove nodes and constants that reach no output",
             [](Graph& g) { return eliminate_dead_code(g); })
        .add("shape-propagation-final", "re-infer types after the rewrites",
             [](Graph& g) { return propagate_shapes(g); });
    return pm;
}

}  // namespace neo
