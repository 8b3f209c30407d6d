#include "ops/attention/attention_ops.hpp"
#include "ops/common/op_util.hpp"

namespace neo::ops {

void register_attention_ops(OpRegistry& r) {
    attention::register_attention(r);
    attention::register_rotary_embedding(r);
}

}  // namespace neo::ops
