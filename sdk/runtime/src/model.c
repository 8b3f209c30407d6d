/* The runtime's C API over a loaded model (loading itself is in load.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "model.h"
#include "neo/runtime/runtime.h"

#ifndef NEO_RUNTIME_VERSION
#define NEO_RUNTIME_VERSION "0.0.0"
#endif

void neo_model_free(neo_model* m) {
    if (!m) return;
    neo_pool_destroy(m->pool);
    if (m->desc) {
        for (uint32_t i = 0; i < m->desc->num_inputs && m->inputs; ++i) neo_aligned_free(m->inputs[i]);
        for (uint32_t i = 0; i < m->desc->num_outputs && m->outputs; ++i) neo_aligned_free(m->outputs[i]);
    }
    if (m->desc && m->input_strings)
        for (uint32_t i = 0; i < m->desc->num_inputs; ++i) free(m->input_strings[i]);
    free(m->input_strings);
    free(m->inputs);
    free(m->outputs);
    free(m->input_nbytes);
    free(m->output_nbytes);
    free(m->output_dims);
    free(m->output_dims_at);
    neo_aligned_free(m->workspace);
    neo_unmap_file(&m->params);
    neo_library_close(m->so);
    free(m->dir);
    free(m);
}

int neo_model_num_inputs(const neo_model* m) { return m ? (int)m->desc->num_inputs : 0; }
int neo_model_num_outputs(const neo_model* m) { return m ? (int)m->desc->num_outputs : 0; }

/* Checks the model and an index; -1 with an error naming the call otherwise. */
static int check_index(const char* fn, const neo_model* m, int index, uint32_t count, const char* kind) {
    if (!m) {
        neo_set_error("%s: no model (NULL)", fn);
        return -1;
    }
    if (index < 0 || (uint32_t)index >= count) {
        neo_set_error("%s: %s index %d is out of range; %s/%s has %u %s%s", fn, kind, index, m->dir,
                      neo_library_file, count, kind, count == 1 ? "" : "s");
        return -1;
    }
    return 0;
}

static void fill_info(const neo_abi_tensor* t, uint64_t nbytes, neo_tensor_info* out) {
    out->name = t->name;
    out->dtype = t->dtype;
    out->ndim = t->ndim;
    out->shape = t->shape;
    out->nbytes = nbytes;
}

int neo_model_input_info(const neo_model* m, int index, neo_tensor_info* out) {
    neo_clear_error();
    if (check_index("neo_model_input_info", m, index, m ? m->desc->num_inputs : 0, "input") != 0) return -1;
    if (!out) return neo_set_error("neo_model_input_info: no neo_tensor_info to fill (NULL)"), -1;
    fill_info(&m->desc->inputs[index], m->input_nbytes[index], out);
    return 0;
}

int neo_model_output_info(const neo_model* m, int index, neo_tensor_info* out) {
    neo_clear_error();
    if (check_index("neo_model_output_info", m, index, m ? m->desc->num_outputs : 0, "output") != 0)
        return -1;
    if (!out) return neo_set_error("neo_model_output_info: no neo_tensor_info to fill (NULL)"), -1;
    /* The current dims: those the last run wrote for an output of data-dependent length. */
    const neo_abi_tensor* t = &m->desc->outputs[index];
    const int64_t* dims = m->output_dims + m->output_dims_at[index];
    uint64_t nbytes = neo_dtype_size(t->dtype);
    for (int32_t i = 0; i < t->ndim; ++i) nbytes *= (uint64_t)dims[i];
    fill_info(t, nbytes, out);
    out->shape = dims;
    return 0;
}

int neo_model_input_index(const neo_model* m, const char* name) {
    neo_clear_error();
    if (!m) return neo_set_error("neo_model_input_index: no model (NULL)"), -1;
    for (uint32_t i = 0; i < m->desc->num_inputs; ++i)
        if (name && strcmp(m->desc->inputs[i].name, name) == 0) return (int)i;
    char list[1024] = "";
    size_t used = 0;
    for (uint32_t i = 0; i < m->desc->num_inputs && used < sizeof list; ++i) {
        int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", m->desc->inputs[i].name);
        if (n < 0) break;
        used += (size_t)n;
    }
    neo_set_error("the model has no input named '%s' (inputs: %s)", name ? name : "(null)",
                  m->desc->num_inputs ? list : "none");
    return -1;
}

/* "f32[1,3,224,224]" into buf. */
static void describe(char* buf, size_t size, int32_t dtype, int32_t ndim, const int64_t* shape) {
    int n = snprintf(buf, size, "%s[", neo_dtype_name(dtype));
    for (int32_t i = 0; i < ndim && n >= 0 && (size_t)n < size; ++i)
        n += snprintf(buf + n, size - (size_t)n, "%s%lld", i ? "," : "", (long long)shape[i]);
    if (n >= 0 && (size_t)n < size) snprintf(buf + n, size - (size_t)n, "]");
}

/* A string input: its bytes are copied into one block the model owns (replacing the last
 * one), and its views point there. */
static int set_strings(neo_model* m, int index, const neo_abi_string* data) {
    const size_t n = (size_t)(m->input_nbytes[index] / sizeof(neo_abi_string));
    size_t total = 1;
    for (size_t i = 0; i < n; ++i) {
        if (!data[i].data && data[i].size)
            return neo_set_error("neo_model_set_input: string %llu of input '%s' has no bytes (NULL)", (unsigned long long)i,
                                 m->desc->inputs[index].name), -1;
        if (data[i].size > SIZE_MAX - total)
            return neo_set_error("neo_model_set_input: the strings of input '%s' are too long", m->desc->inputs[index].name), -1;
        total += (size_t)data[i].size;
    }
    char* block = (char*)malloc(total);
    if (!block)
        return neo_set_error("out of memory: the strings of input '%s' take %llu bytes", m->desc->inputs[index].name,
                             (unsigned long long)total), -1;
    neo_abi_string* views = (neo_abi_string*)m->inputs[index];
    size_t at = 0;
    for (size_t i = 0; i < n; ++i) {
        if (data[i].size) memcpy(block + at, data[i].data, (size_t)data[i].size);
        views[i].data = block + at;
        views[i].size = data[i].size;
        at += (size_t)data[i].size;
    }
    block[at] = '\0';
    free(m->input_strings[index]);
    m->input_strings[index] = block;
    return 0;
}

int neo_model_set_input(neo_model* m, int index, const void* data, int32_t dtype, int32_t ndim,
                        const int64_t* shape) {
    neo_clear_error();
    if (check_index("neo_model_set_input", m, index, m ? m->desc->num_inputs : 0, "input") != 0) return -1;
    const neo_abi_tensor* t = &m->desc->inputs[index];
    int same = dtype == t->dtype && ndim == t->ndim && (ndim == 0 || shape);
    for (int32_t i = 0; same && i < ndim; ++i) same = shape[i] == t->shape[i];
    if (!same) {
        char want[256], got[256];
        describe(want, sizeof want, t->dtype, t->ndim, t->shape);
        if (ndim < 0 || (ndim > 0 && !shape)) snprintf(got, sizeof got, "%s with a bad shape (rank %d)",
                                                       neo_dtype_name(dtype), (int)ndim);
        else describe(got, sizeof got, dtype, ndim, shape);
        neo_set_error("input '%s' expects %s, got %s", t->name, want, got);
        return -1;
    }
    if (!data && m->input_nbytes[index])
        return neo_set_error("neo_model_set_input: no data (NULL) for input '%s'", t->name), -1;
    if (t->dtype == NEO_DTYPE_STRING) return set_strings(m, index, (const neo_abi_string*)data);
    if (m->input_nbytes[index]) memcpy(m->inputs[index], data, (size_t)m->input_nbytes[index]);
    return 0;
}

void* neo_model_input_data(neo_model* m, int index) {
    neo_clear_error();
    if (check_index("neo_model_input_data", m, index, m ? m->desc->num_inputs : 0, "input") != 0) return NULL;
    return m->inputs[index];
}

const void* neo_model_output_data(const neo_model* m, int index) {
    neo_clear_error();
    if (check_index("neo_model_output_data", m, index, m ? m->desc->num_outputs : 0, "output") != 0)
        return NULL;
    return m->outputs[index];
}

void neo_reset_output_dims(neo_model* m) {
    for (uint32_t i = 0; i < m->desc->num_outputs; ++i) {
        const neo_abi_tensor* t = &m->desc->outputs[i];
        if (t->ndim > 0) memcpy(m->output_dims + m->output_dims_at[i], t->shape, (size_t)t->ndim * sizeof(int64_t));
    }
}

static _Alignas(NEO_ABI_ALIGNMENT) const uint8_t kNoParams[NEO_ABI_ALIGNMENT] = {0};

static neo_abi_context context_of(neo_model* m) {
    neo_abi_context ctx = {
        .inputs = (const void* const*)m->inputs,
        .outputs = m->outputs,
        .params = m->params.data ? (const uint8_t*)m->params.data : kNoParams,
        .workspace = m->workspace,
        .pool = m->pool,
        .parallel_for = neo_pool_parallel_for,
        .output_dims = m->output_dims,
    };
    neo_reset_output_dims(m);
    return ctx;
}

/* A step returned a nonzero status: the status of an accelerator kernel the model calls
 * (neo/runtime/offload.h), as code neo generates for the CPU never fails. */
static int step_failed(const neo_model* m, uint32_t index, int32_t rc) {
    const neo_abi_step* s = &m->desc->steps[index];
    neo_set_error("%s/%s: step %u of the run (kernel %s, node '%s', op %s) failed with status %d; "
                  "that is the status of the kernel the node runs on (see its vendor's documentation)",
                  m->dir, neo_library_file, (unsigned)index, s->name, s->node, s->op, (int)rc);
    return -1;
}

int neo_model_run(neo_model* m) {
    neo_clear_error();
    if (!m) return neo_set_error("neo_model_run: no model (NULL)"), -1;
    neo_abi_context ctx = context_of(m);
    /* Step by step, as run() does, so that a failure names its step. */
    for (uint32_t i = 0; i < m->desc->num_steps; ++i) {
        int32_t rc = m->desc->steps[i].run(&ctx);
        if (rc != 0) return step_failed(m, i, rc);
    }
    return 0;
}

int neo_model_num_steps(const neo_model* m) { return m ? (int)m->desc->num_steps : 0; }

int neo_model_step_info(const neo_model* m, int index, neo_step_info* out) {
    neo_clear_error();
    if (check_index("neo_model_step_info", m, index, m ? m->desc->num_steps : 0, "step") != 0) return -1;
    if (!out) return neo_set_error("neo_model_step_info: no neo_step_info to fill (NULL)"), -1;
    const neo_abi_step* s = &m->desc->steps[index];
    out->name = s->name;
    out->node = s->node;
    out->op = s->op;
    out->flops = s->flops;
    return 0;
}

int neo_model_run_profiled(neo_model* m, double* seconds) {
    neo_clear_error();
    if (!m) return neo_set_error("neo_model_run_profiled: no model (NULL)"), -1;
    if (!seconds && m->desc->num_steps)
        return neo_set_error("neo_model_run_profiled: no array for the step times (NULL)"), -1;
    neo_abi_context ctx = context_of(m);
    for (uint32_t i = 0; i < m->desc->num_steps; ++i) {
        const double t0 = neo_now_seconds();
        int32_t rc = m->desc->steps[i].run(&ctx);
        seconds[i] = neo_now_seconds() - t0;
        if (rc != 0) return step_failed(m, i, rc);
    }
    return 0;
}

int neo_model_set_threads(neo_model* m, int n) {
    neo_clear_error();
    if (!m) return neo_set_error("neo_model_set_threads: no model (NULL)"), -1;
    if (n < 0 || n > 1024) {
        neo_set_error("neo_model_set_threads: %d threads; give 1 to 1024, or 0 for one per online CPU", n);
        return -1;
    }
    if (n == 0) n = neo_online_cpus();
    if (n == neo_pool_threads(m->pool)) return 0;
    neo_pool* p = neo_pool_create(n);
    if (!p) {
        neo_set_error("neo_model_set_threads: cannot start %d threads; the model keeps its %d", n,
                      neo_pool_threads(m->pool));
        return -1;
    }
    neo_pool_destroy(m->pool);
    m->pool = p;
    return 0;
}

int neo_model_threads(const neo_model* m) { return m ? neo_pool_threads(m->pool) : 0; }

int neo_model_wake_threads(neo_model* m) {
    neo_clear_error();
    if (!m) return neo_set_error("neo_model_wake_threads: no model (NULL)"), -1;
    return neo_pool_wake(m->pool);
}

const char* neo_last_error(void) { return neo_get_error(); }

/* Indexed by enum neo_dtype (neo's IR numbering). */
static const struct {
    const char* name;
    uint8_t size;
} kDTypes[] = {{"?", 0},   {"f32", 4}, {"f16", 2}, {"bf16", 2}, {"f64", 8}, {"i8", 1},  {"u8", 1},
               {"i16", 2}, {"i32", 4}, {"i64", 8}, {"bool", 1}, {"string", sizeof(neo_abi_string)}, {"u16", 2}, {"u32", 4},
               {"u64", 8}, {"f8e4m3fn", 1}, {"f8e4m3fnuz", 1}, {"f8e5m2", 1}, {"f8e5m2fnuz", 1},
               {"u4", 1},  {"i4", 1},   {"f4e2m1", 1}, {"f8e8m0", 1}, {"u2", 1}, {"i2", 1}};

const char* neo_dtype_name(int32_t dtype) {
    return dtype >= 0 && dtype < (int32_t)(sizeof kDTypes / sizeof kDTypes[0]) ? kDTypes[dtype].name : "?";
}

uint64_t neo_dtype_size(int32_t dtype) {
    return dtype >= 0 && dtype < (int32_t)(sizeof kDTypes / sizeof kDTypes[0]) ? kDTypes[dtype].size : 0;
}

const char* neo_runtime_version(void) { return NEO_RUNTIME_VERSION; }
