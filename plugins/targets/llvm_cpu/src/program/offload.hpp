#pragma once
// Offloaded nodes (neo/sdk/cpu_codegen.hpp, neo/runtime/offload.h): the plugin's choice
// per node, and the function that calls a node's accelerator kernel in its step.
#include <map>
#include <vector>

#include <llvm/IR/Function.h>
#include <llvm/IR/Module.h>

#include "lower/epilogue.hpp"
#include "neo/sdk/cpu_codegen.hpp"

namespace neo::llvm_cpu {

using Offloads = std::map<const Node*, cpu_codegen::OffloadKernel>;

// The nodes of `g` that options.offload hands to the accelerator, with their kernels;
// `schedule_of` gives a node's config. UserError for a kernel without a valid C symbol.
Offloads choose_offloads(const Graph& g, const cpu_codegen::Options& options,
                         const std::function<const nlohmann::json&(const Node&)>& schedule_of);

// The chain cut before its first offloaded node (an offloaded node runs its own kernel).
Epilogue without_offloaded(Epilogue e, const Offloads& offloads);

// The buffers an offloaded node's function takes after ctx: its present inputs, then its
// outputs.
std::vector<const Value*> offload_args(const Node& n);

// int32_t <name>(ptr ctx, ptr arg...): fills a neo_offload_call for the node and returns
// the status of kernel.symbol (declared external: the link inputs define it).
llvm::Function* emit_offload(llvm::Module& m, const std::string& name, const Node& n,
                             const cpu_codegen::OffloadKernel& kernel);

}  // namespace neo::llvm_cpu
