// Selection and indexing: TopK, OneHot, ReverseSequence, GatherND, Compress.
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

void add_select_lowerings(LoweringTable&) {}

}  // namespace neo::llvm_cpu
