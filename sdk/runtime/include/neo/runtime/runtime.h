/* neo's device runtime: loads a compiled model artifact and runs it.
 *
 * An artifact is a directory written by neo-build for a native target: model.so (the
 * model's code, see model_abi.h; model.dll for Windows), model.params (its weights),
 * model.json and manifest.json (the sha256 of every file). neo_model_load() checks every
 * digest, loads the library, maps model.params read-only and allocates every buffer; afterwards
 * a run allocates nothing.
 *
 *     neo_model* m = neo_model_load("out/");
 *     if (!m) { fprintf(stderr, "%s\n", neo_last_error()); return 1; }
 *     int x = neo_model_input_index(m, "data");
 *     neo_model_set_input(m, x, pixels, NEO_DTYPE_F32, 4, shape);
 *     if (neo_model_run(m) != 0) ...;
 *     const float* y = (const float*)neo_model_output_data(m, 0);
 *     neo_model_free(m);
 *
 * Functions that can fail return NULL or -1 and leave a message in neo_last_error()
 * naming the artifact file, tensor or value concerned and what to do; when they
 * succeed they clear it. One model may be used by one thread at a time; different models
 * are independent. The shape arrays and names handed out stay valid until
 * neo_model_free(). */
#ifndef NEO_RUNTIME_RUNTIME_H
#define NEO_RUNTIME_RUNTIME_H

#include <stdint.h>

#include "neo/runtime/model_abi.h"

#if defined(_WIN32) && defined(NEO_RUNTIME_BUILDING)
#define NEO_RUNTIME_API __declspec(dllexport)
#elif defined(_WIN32)
#define NEO_RUNTIME_API __declspec(dllimport)
#elif defined(NEO_RUNTIME_BUILDING) && defined(__GNUC__)
#define NEO_RUNTIME_API __attribute__((visibility("default")))
#else
#define NEO_RUNTIME_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct neo_model neo_model;

typedef struct neo_tensor_info {
    const char* name;
    int32_t dtype; /* enum neo_dtype */
    int32_t ndim;
    const int64_t* shape;
    uint64_t nbytes; /* size of the tensor's buffer in bytes */
} neo_tensor_info;

/* Loads the artifact in `artifact_dir`; NULL on error, see neo_last_error(). The model
 * starts with one thread per online CPU. */
NEO_RUNTIME_API neo_model* neo_model_load(const char* artifact_dir);
NEO_RUNTIME_API void neo_model_free(neo_model* m); /* NULL ok */

NEO_RUNTIME_API int neo_model_num_inputs(const neo_model* m);
NEO_RUNTIME_API int neo_model_num_outputs(const neo_model* m);
/* 0 ok, -1 error (bad index). An output whose length depends on the data (model.json
 * gives its "max_shape") reports the shape and nbytes of the last run's result (before
 * the first run: the largest shape); its elements are at the start of its buffer. */
NEO_RUNTIME_API int neo_model_input_info(const neo_model* m, int index, neo_tensor_info* out);
NEO_RUNTIME_API int neo_model_output_info(const neo_model* m, int index, neo_tensor_info* out);
/* The index of the input called `name`; -1 with an error listing the model's inputs. */
NEO_RUNTIME_API int neo_model_input_index(const neo_model* m, const char* name);

/* Copies `data` (row-major, little-endian) into input `index`; -1 when dtype, ndim or
 * shape differ from the input's, the error naming the input, what it expects and what
 * was given. For a string input `data` is an array of neo_abi_string, whose bytes are
 * copied too; the views of a string output point into those copies or into the model's
 * library, valid until the input is set again or the model is freed. */
NEO_RUNTIME_API int neo_model_set_input(neo_model* m, int index, const void* data, int32_t dtype,
                                        int32_t ndim, const int64_t* shape);
/* The input's own buffer (nbytes long, NEO_ABI_ALIGNMENT-aligned), to fill in place;
 * NULL on a bad index. Inputs start zero-filled (strings: empty). String views written
 * here must stay valid while the model runs. */
NEO_RUNTIME_API void* neo_model_input_data(neo_model* m, int index);

/* Runs the model once on the current inputs; 0 ok, -1 error. */
NEO_RUNTIME_API int neo_model_run(neo_model* m);
/* Output `index`'s buffer (nbytes long), valid until the next run; NULL on a bad index. */
NEO_RUNTIME_API const void* neo_model_output_data(const neo_model* m, int index);

/* Profiling: a run is a sequence of steps, one per compiled kernel (plus a last one that
 * copies outputs not written in place). */
typedef struct neo_step_info {
    const char* name; /* the kernel's name */
    const char* node; /* the graph node it computes ("" for the output copy) */
    const char* op;
    double flops;     /* floating-point operations of one run; 0 when not meaningful */
} neo_step_info;
NEO_RUNTIME_API int neo_model_num_steps(const neo_model* m);
/* 0 ok, -1 error (bad index). */
NEO_RUNTIME_API int neo_model_step_info(const neo_model* m, int index, neo_step_info* out);
/* Runs the model once, step by step, and stores each step's wall time in seconds[i]
 * (neo_model_num_steps() entries); the outputs are those of neo_model_run(). 0 ok. */
NEO_RUNTIME_API int neo_model_run_profiled(neo_model* m, double* seconds);

/* Uses n threads (the caller and n-1 workers) from now on; 0 means one per online CPU.
 * 0 ok, -1 error. */
NEO_RUNTIME_API int neo_model_set_threads(neo_model* m, int n);
NEO_RUNTIME_API int neo_model_threads(const neo_model* m);
/* Wakes the model's worker threads, which sleep when no run has come for a while: they
 * then wait for work as between the kernels of a run, so that a run started right after
 * (within some tens of microseconds) does not wait for them to wake. For timing a single
 * kernel as it runs inside a model. 1 when every worker answered within 5 ms (always
 * with one thread), 0 when not, -1 error (NULL). */
NEO_RUNTIME_API int neo_model_wake_threads(neo_model* m);

/* The calling thread's last error; "" when the last call succeeded. */
NEO_RUNTIME_API const char* neo_last_error(void);
/* "f32", "bool", ... as neo names dtypes; "?" for an unknown one. */
NEO_RUNTIME_API const char* neo_dtype_name(int32_t dtype);
/* Bytes per element; 0 for an unknown dtype. */
NEO_RUNTIME_API uint64_t neo_dtype_size(int32_t dtype);
/* The runtime's version, "MAJOR.MINOR.PATCH". */
NEO_RUNTIME_API const char* neo_runtime_version(void);

#ifdef __cplusplus
}
#endif

#endif
