#pragma once
// The run entry points and the descriptor of a compiled model (model_abi.h): one step
// function per kernel (computing its arguments' addresses from the context, then calling
// it), a last step copying the outputs not written in place, neo_run calling every step
// in order, and neo_model_descriptor() returning the static descriptor with the step
// table (name, node, op, FLOPs) that profiling runs use.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <llvm/IR/Function.h>
#include <llvm/IR/Module.h>

#include "neo/core/ir/graph.hpp"

namespace neo::llvm_cpu {

// Where a tensor lives when the model runs: input / output i, an offset into model.params
// or the workspace, (dims) an offset into ctx->output_dims, or (strings) a constant string
// tensor: a table of views into bytes of the library itself.
enum class Home { input, output, param, workspace, dims, strings };
struct Place {
    Home home;
    int64_t index_or_offset;
};

struct Step {
    std::string name, node, op;
    double flops = 0;
    llvm::Function* kernel = nullptr;
    std::vector<const Value*> args;
};

struct EntryInfo {
    const Graph& graph;
    const std::vector<Step>& steps;
    const std::map<const Value*, Place>& place;
    std::function<std::vector<int64_t>(const Value*)> dims_of;  // static or largest dims
    uint64_t params_size = 0, workspace_size = 0;
    std::function<uint64_t(DType)> element_bytes;  // in the target's memory (string: a view)
};

void emit_entry(llvm::Module& m, const EntryInfo& info);

}  // namespace neo::llvm_cpu
