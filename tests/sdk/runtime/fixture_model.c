/* A hand-written model implementing model_abi.h, standing in for generated code:
 *
 *   inputs:  x  f32[4,64]     k  i32[4]
 *   outputs: y  f32[4,64]     y[i] = x[i] * w[i] + b
 *            z  i64[4]        z[r] = k[r] * 1000 + (number of y[r, :] > 0)
 *   params:  w  f32[256] at offset 0, b f32 at offset 1024 (params_size 1088)
 *   workspace: 256 bytes, one flag per element of y (y > 0)
 *
 * y runs as one parallel_for over its elements; z as one over rows, each row counting
 * its flags with a nested parallel_for (which the runtime runs serially).
 * FIXTURE_ABI_VERSION builds a variant that claims another ABI version. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "neo/runtime/model_abi.h"

#ifndef FIXTURE_ABI_VERSION
#define FIXTURE_ABI_VERSION NEO_MODEL_ABI_VERSION
#endif

enum { kRows = 4, kCols = 64, kSize = kRows * kCols, kBiasOffset = 1024, kParamsSize = 1088 };

static const int64_t kShapeX[2] = {kRows, kCols};
static const int64_t kShapeK[1] = {kRows};

static const neo_abi_tensor kInputs[2] = {
    {"x", NEO_DTYPE_F32, 2, kShapeX},
    {"k", NEO_DTYPE_I32, 1, kShapeK},
};
static const neo_abi_tensor kOutputs[2] = {
    {"y", NEO_DTYPE_F32, 2, kShapeX},
    {"z", NEO_DTYPE_I64, 1, kShapeK},
};

typedef struct closure {
    const neo_abi_context* ctx;
    int64_t row;     /* for the nested count */
    int64_t counted; /* flags counted by the nested loop (one thread: no race) */
} closure;

static void affine(void* arg, int64_t begin, int64_t end) {
    const neo_abi_context* ctx = ((const closure*)arg)->ctx;
    const float* x = (const float*)ctx->inputs[0];
    float* y = (float*)ctx->outputs[0];
    float b;
    memcpy(&b, ctx->params + kBiasOffset, sizeof b);
    for (int64_t i = begin; i < end; ++i) {
        float w;
        memcpy(&w, ctx->params + 4 * i, sizeof w);
        y[i] = x[i] * w + b;
        ctx->workspace[i] = y[i] > 0.0f;
    }
}

static void count_flags(void* arg, int64_t begin, int64_t end) {
    closure* c = (closure*)arg;
    for (int64_t j = begin; j < end; ++j) c->counted += c->ctx->workspace[c->row * kCols + j];
}

static void rows(void* arg, int64_t begin, int64_t end) {
    const neo_abi_context* ctx = ((const closure*)arg)->ctx;
    const int32_t* k = (const int32_t*)ctx->inputs[1];
    int64_t* z = (int64_t*)ctx->outputs[1];
    for (int64_t r = begin; r < end; ++r) {
        closure inner = {ctx, r, 0};
        ctx->parallel_for(ctx->pool, kCols, count_flags, &inner);
        z[r] = (int64_t)k[r] * 1000 + inner.counted;
    }
}

/* The two steps of a run. */
static int32_t affine_step(const neo_abi_context* ctx) {
    closure c = {ctx, 0, 0};
    ctx->parallel_for(ctx->pool, kSize, affine, &c);
    return 0;
}
static int32_t rows_step(const neo_abi_context* ctx) {
    closure c = {ctx, 0, 0};
    ctx->parallel_for(ctx->pool, kRows, rows, &c);
    return 0;
}

static int32_t run(const neo_abi_context* ctx) {
    affine_step(ctx);
    rows_step(ctx);
    return 0;
}

static const neo_abi_step kSteps[] = {
    {"affine", "y", "Affine", 2.0 * kSize, affine_step},
    {"rows", "z", "CountFlags", 0, rows_step},
};

static const neo_abi_model kModel = {
    FIXTURE_ABI_VERSION, 2, 2, 0, kInputs, kOutputs, kParamsSize, kSize, run, 2, 0, kSteps,
};

__attribute__((visibility("default"))) const neo_abi_model* neo_model_descriptor(void) { return &kModel; }
