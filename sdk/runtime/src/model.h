/* The loaded model (internal). */
#ifndef NEO_RUNTIME_MODEL_H
#define NEO_RUNTIME_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "neo/runtime/model_abi.h"
#include "platform.h"
#include "thread_pool.h"

struct neo_model {
    char* dir;  /* the artifact directory as given, for messages */
    void* so;   /* the loaded library (model.so / model.dll) */
    const neo_abi_model* desc;
    neo_mapping params; /* model.params (data NULL when it is empty) */
    uint8_t* workspace;
    void** inputs;  /* num_inputs buffers */
    void** outputs; /* num_outputs buffers */
    char** input_strings; /* per input: the bytes its string views point at (NULL: none) */
    uint64_t* input_nbytes;
    uint64_t* output_nbytes; /* the buffers' sizes (for the largest shape) */
    int64_t* output_dims;    /* every output's current dims, concatenated */
    size_t* output_dims_at;  /* where output i's dims start in output_dims */
    neo_pool* pool;
};

/* Sets every output's current dims to its descriptor shape. */
void neo_reset_output_dims(struct neo_model* m);

/* Bytes of a tensor of the descriptor; 0 and *ok = 0 when it does not fit in memory. */
uint64_t neo_tensor_nbytes(const neo_abi_tensor* t, int* ok);

#endif
