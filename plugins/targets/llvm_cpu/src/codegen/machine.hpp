#pragma once
// The LLVM side of a build: a TargetMachine for the target's triple, CPU and features,
// the optimization pipeline and object emission (link.hpp makes the library).
#include <memory>
#include <string>
#include <vector>

#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include "neo/core/catalog/target_spec.hpp"

namespace neo::llvm_cpu {

// What the code generator needs to know about the CPU to choose default schedules.
struct CpuInfo {
    std::string triple, cpu, features;  // as given to LLVM
    int vector_bits = 128;              // widest SIMD register for floats
    int vector_registers = 16;
    bool is_64bit = true;
};

// A TargetMachine for `target` (PIC, aggressive optimization). An empty or "generic"
// CPU on the host's architecture is not replaced: the target is always explicit.
// UserError when LLVM does not know the triple or CPU.
std::unique_ptr<llvm::TargetMachine> make_target_machine(const TargetSpec& target);
CpuInfo cpu_info(const llvm::TargetMachine& tm);

// Runs LLVM's O3 pipeline for the machine over `m`.
void optimize(llvm::Module& m, llvm::TargetMachine& tm);
// The module as an object file for the machine.
std::string emit_object(llvm::Module& m, llvm::TargetMachine& tm);
// Textual LLVM IR (for --dump and tests).
std::string module_text(const llvm::Module& m);

}  // namespace neo::llvm_cpu
