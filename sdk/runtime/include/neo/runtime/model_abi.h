/* The contract between a compiled model's code (model.so, or model.dll for Windows,
 * written by a native target plugin such as llvm_cpu) and the device runtime that loads it.
 *
 * The library exports one C function, neo_model_descriptor(), returning a static
 * descriptor: the ABI version, the graph's inputs and outputs, the size model.params
 * must have, the scratch memory the code needs, and the entry point that runs the
 * whole graph. The runtime owns every buffer: it maps model.params read-only,
 * allocates the workspace and the input/output buffers (all NEO_ABI_ALIGNMENT-aligned,
 * row-major, little-endian) and hands them to run() through a neo_abi_context.
 *
 * Parallel loops in the generated code call ctx->parallel_for(ctx->pool, n, task,
 * closure): the runtime calls task(closure, begin, end) over disjoint ranges covering
 * [0, n), on its thread pool, and returns when all ranges are done. Only C types cross
 * this boundary; no exceptions, no allocation in the generated code.
 *
 * An output whose length depends on the data (the boxes NonMaxSuppression keeps, the
 * positions NonZero finds) has its largest possible shape in the descriptor, and the
 * runtime allocates that much. Before each run the runtime sets ctx->output_dims to every
 * output's descriptor shape (the outputs' dims one after the other); the code writes the
 * actual dims of such an output there, and its elements, row-major for those dims, at
 * the start of its buffer.
 *
 * A string element (NEO_DTYPE_STRING) is a view, neo_abi_string: the address and length of
 * its bytes (UTF-8, not NUL-terminated; the address is never NULL), which live elsewhere:
 * an input's in the runtime's copy of what was set, a constant's in the model's library.
 * The code moves and compares views, never bytes, so an output view points into one of
 * those. A runtime that predates strings refuses such a model (a dtype it does not know). */
#ifndef NEO_RUNTIME_MODEL_ABI_H
#define NEO_RUNTIME_MODEL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NEO_MODEL_ABI_VERSION 3
#define NEO_ABI_ALIGNMENT 64
#define NEO_MODEL_DESCRIPTOR_SYMBOL "neo_model_descriptor"

/* Element types; the numbering is neo's IR numbering (neo::DType). */
enum neo_dtype {
    NEO_DTYPE_F32 = 1,
    NEO_DTYPE_F16 = 2,
    NEO_DTYPE_BF16 = 3,
    NEO_DTYPE_F64 = 4,
    NEO_DTYPE_I8 = 5,
    NEO_DTYPE_U8 = 6,
    NEO_DTYPE_I16 = 7,
    NEO_DTYPE_I32 = 8,
    NEO_DTYPE_I64 = 9,
    NEO_DTYPE_BOOL = 10, /* one byte, 0 or 1 */
    NEO_DTYPE_STRING = 11, /* a neo_abi_string */
    NEO_DTYPE_U16 = 12,
    NEO_DTYPE_U32 = 13,
    NEO_DTYPE_U64 = 14,
    /* The storage-only types: one byte per element. A float8 / float4 element holds its
     * bits (float4 in the low 4); an int4 / int2 element its value, sign-extended, and a
     * uint4 / uint2 element its value (the low 4 or 2 bits are the value either way). */
    NEO_DTYPE_F8E4M3FN = 15,
    NEO_DTYPE_F8E4M3FNUZ = 16,
    NEO_DTYPE_F8E5M2 = 17,
    NEO_DTYPE_F8E5M2FNUZ = 18,
    NEO_DTYPE_U4 = 19,
    NEO_DTYPE_I4 = 20,
    NEO_DTYPE_F4E2M1 = 21,
    NEO_DTYPE_F8E8M0 = 22,
    NEO_DTYPE_U2 = 23,
    NEO_DTYPE_I2 = 24
};

typedef struct neo_abi_string {
    const char* data;
    uint64_t size; /* bytes */
} neo_abi_string;

typedef struct neo_abi_tensor {
    const char* name;
    int32_t dtype;        /* enum neo_dtype */
    int32_t ndim;
    const int64_t* shape; /* ndim static dimensions */
} neo_abi_tensor;

typedef void (*neo_abi_task)(void* closure, int64_t begin, int64_t end);
typedef void (*neo_abi_parallel_for)(void* pool, int64_t n, neo_abi_task task, void* closure);

typedef struct neo_abi_context {
    const void* const* inputs; /* num_inputs buffers */
    void* const* outputs;      /* num_outputs buffers */
    const uint8_t* params;     /* model.params, params_size bytes */
    uint8_t* workspace;        /* workspace_size bytes */
    void* pool;
    neo_abi_parallel_for parallel_for;
    int64_t* output_dims;      /* every output's dims, concatenated (see above) */
} neo_abi_context;

/* One step of a run: a kernel (or the final copy of outputs). run() runs every step in
 * order; a profiling run calls them one by one and times each. */
typedef struct neo_abi_step {
    const char* name; /* the kernel's name */
    const char* node; /* the graph node it computes ("" for the output copy) */
    const char* op;   /* that node's op */
    double flops;     /* floating-point operations of one run; 0 when not meaningful */
    /* 0, or the nonzero status of an offloaded node's kernel (offload.h) */
    int32_t (*run)(const neo_abi_context* ctx);
} neo_abi_step;

typedef struct neo_abi_model {
    uint32_t abi_version; /* NEO_MODEL_ABI_VERSION */
    uint32_t num_inputs;
    uint32_t num_outputs;
    uint32_t reserved;    /* 0 */
    const neo_abi_tensor* inputs;
    const neo_abi_tensor* outputs;
    uint64_t params_size;
    uint64_t workspace_size;
    /* Runs the graph once, every step in order; returns 0, or the first nonzero status
     * of a step (which stops the run). */
    int32_t (*run)(const neo_abi_context* ctx);
    uint32_t num_steps;
    uint32_t reserved2;   /* 0 */
    const neo_abi_step* steps;
} neo_abi_model;

typedef const neo_abi_model* (*neo_model_descriptor_fn)(void);

#ifdef __cplusplus
}
#endif

#endif
