#include "ops/common/op_util.hpp"

namespace neo::ops {

namespace ew {
// One per file of this folder.
void register_binary_arith_ops(OpRegistry& r);  // binary_arith.cpp
void register_compare_logic_ops(OpRegistry& r); // compare_logic.cpp
void register_unary_math_ops(OpRegistry& r);    // unary_math.cpp
void register_activation_ops(OpRegistry& r);    // activations.cpp
void register_cast_ops(OpRegistry& r);          // cast.cpp
void register_reduce_ops(OpRegistry& r);        // reduce.cpp
void register_arg_reduce_ops(OpRegistry& r);    // arg_reduce.cpp
void register_bitwise_ops(OpRegistry& r);       // bitwise.cpp
}  // namespace ew

void register_elementwise_ops(OpRegistry& r) {
    ew::register_binary_arith_ops(r);
    ew::register_compare_logic_ops(r);
    ew::register_unary_math_ops(r);
    ew::register_activation_ops(r);
    ew::register_cast_ops(r);
    ew::register_reduce_ops(r);
    ew::register_arg_reduce_ops(r);
    ew::register_bitwise_ops(r);
}

}  // namespace neo::ops
