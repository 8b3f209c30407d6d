#include "ops/common/op_util.hpp"
#include "ops/nn/nn_util.hpp"

namespace neo::ops {

void register_nn_ops(OpRegistry& r) {
    nn::register_conv(r);
    nn::register_pool(r);
    nn::register_global_pool(r);
    nn::register_gemm(r);
    nn::register_matmul(r);
    nn::register_batch_norm(r);
    nn::register_layer_norm(r);
    nn::register_instance_norm(r);
    nn::register_softmax(r);
    nn::register_rnn(r);
    nn::register_gru(r);
    nn::register_lstm(r);
    nn::register_hardmax(r);
    nn::register_conv_transpose(r);
    nn::register_max_unpool(r);
    nn::register_deform_conv(r);
    nn::register_blocked_conv(r);
}

}  // namespace neo::ops
