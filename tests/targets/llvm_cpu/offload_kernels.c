/* Host kernels for the offload tests (neo/runtime/offload.h), linked into the test
 * models' model.so. */
#include <stdint.h>

#include "neo/runtime/offload.h"

typedef struct Relu {
    const float* x;
    float* y;
} Relu;

static void relu_range(void* closure, int64_t begin, int64_t end) {
    const Relu* r = (const Relu*)closure;
    for (int64_t i = begin; i < end; ++i) r->y[i] = r->x[i] > 0.0f ? r->x[i] : 0.0f;
}

/* Relu of a float32 tensor; checks that the parameters arrived as the test sent them
 * (ints {11, 22}, floats {0.5}) and the call's layout. */
int32_t test_offload_relu(const neo_offload_call* call) {
    if (call->abi_version != NEO_OFFLOAD_ABI_VERSION || call->num_inputs != 1 || call->num_outputs != 1) return 2;
    if (call->num_ints != 2 || call->ints[0] != 11 || call->ints[1] != 22) return 3;
    if (call->num_floats != 1 || call->floats[0] != 0.5f) return 4;
    const neo_offload_tensor *x = &call->inputs[0], *y = &call->outputs[0];
    if (x->dtype != NEO_DTYPE_F32 || y->dtype != NEO_DTYPE_F32 || x->ndim != y->ndim) return 5;
    int64_t n = 1;
    for (int32_t d = 0; d < x->ndim; ++d) {
        if (x->shape[d] != y->shape[d]) return 5;
        n *= x->shape[d];
    }
    if (!call->node || !call->node[0]) return 6;
    Relu r = {(const float*)x->data, (float*)y->data};
    call->parallel_for(call->pool, n, relu_range, &r);
    return 0;
}

/* Always fails, with status 7. */
int32_t test_offload_fail(const neo_offload_call* call) {
    (void)call;
    return 7;
}
