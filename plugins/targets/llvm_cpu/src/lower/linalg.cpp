// Linear algebra: Einsum, Det.
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

void add_linalg_lowerings(LoweringTable&) {}

}  // namespace neo::llvm_cpu
