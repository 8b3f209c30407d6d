// Recurrent layers: RNN, GRU, LSTM.
#include "lower/lowering.hpp"

namespace neo::llvm_cpu {

void add_recurrent_lowerings(LoweringTable&) {}

}  // namespace neo::llvm_cpu
