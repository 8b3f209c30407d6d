/* The kernel interface between a compiled model's CPU code and a vendor's accelerator
 * kernels (offloaded nodes).
 *
 * A target plugin that reuses neo's CPU code generator (neo/sdk/cpu_codegen.hpp) may
 * hand some nodes of the graph to its accelerator. For each such node the generated code
 * calls, in the node's place in the run order, a C function of the vendor's device
 * library, linked into model.so:
 *
 *     int32_t <symbol>(const neo_offload_call* call);
 *
 * which computes the node's outputs from its inputs and returns 0, or a nonzero status
 * that stops the run (the runtime reports the step, its node and the status).
 *
 * The call and everything it points to live only during the call. Input and output
 * buffers are NEO_ABI_ALIGNMENT-aligned, row-major, little-endian, with static shapes;
 * inputs that are weights point into model.params (read-only). `ints` and `floats` are
 * the parameters the plugin chose for this node at compile time (its attributes and
 * schedule, in an order that the plugin and its kernel agree on). The kernel may split
 * its work over the runtime's threads with parallel_for(pool, n, task, closure), as the
 * generated code does; it must not keep pointers after it returns, throw, or call exit.
 *
 * Bump NEO_OFFLOAD_ABI_VERSION when neo_offload_call or neo_offload_tensor changes
 * layout; a kernel should refuse (return nonzero) a call whose abi_version it does not
 * know. */
#ifndef NEO_RUNTIME_OFFLOAD_H
#define NEO_RUNTIME_OFFLOAD_H

#include <stdint.h>

#include "neo/runtime/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NEO_OFFLOAD_ABI_VERSION 1

typedef struct neo_offload_tensor {
    void* data;           /* NULL for an absent optional input */
    int32_t dtype;        /* enum neo_dtype */
    int32_t ndim;
    const int64_t* shape; /* ndim dimensions */
} neo_offload_tensor;

typedef struct neo_offload_call {
    uint32_t abi_version; /* NEO_OFFLOAD_ABI_VERSION */
    uint32_t num_inputs;  /* the node's inputs, in the node's order */
    uint32_t num_outputs;
    uint32_t num_ints;
    uint32_t num_floats;
    uint32_t reserved;    /* 0 */
    const neo_offload_tensor* inputs;
    const neo_offload_tensor* outputs;
    const int64_t* ints;
    const float* floats;
    const char* node;     /* the graph node's name, for messages */
    void* pool;
    neo_abi_parallel_for parallel_for;
} neo_offload_call;

typedef int32_t (*neo_offload_kernel)(const neo_offload_call* call);

#ifdef __cplusplus
}
#endif

#endif /* NEO_RUNTIME_OFFLOAD_H */
