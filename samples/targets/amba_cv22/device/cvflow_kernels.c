/* CVflow kernels of the CV22, emulated on the Cortex-A53 cores (see include/cv22_accel.h). */
#include "cv22_accel.h"

#include <stddef.h>

typedef struct ConvJob {
    const float *x, *w, *b;
    float* y;
    int64_t n, c, h, wd, m, kh, kw, oh, ow;
    int64_t group, sh, sw, pt, pl, dh, dw, per_job;
} ConvJob;

/* Output channels [o0, o1) of image i: each output value as one dot product over the
 * window of its group's input channels. */
static void conv_block(const ConvJob* p, int64_t i, int64_t o0, int64_t o1) {
    const int64_t cg = p->c / p->group, mg = p->m / p->group;
    for (int64_t o = o0; o < o1; ++o) {
        int64_t g = 0;
        while ((g + 1) * mg <= o) ++g;
        const float* wo = p->w + o * cg * p->kh * p->kw;
        float* y = p->y + (i * p->m + o) * p->oh * p->ow;
        for (int64_t r = 0; r < p->oh; ++r)
            for (int64_t q = 0; q < p->ow; ++q) {
                float acc = p->b ? p->b[o] : 0.0f;
                for (int64_t ch = 0; ch < cg; ++ch) {
                    const float* x = p->x + (i * p->c + g * cg + ch) * p->h * p->wd;
                    const float* w = wo + ch * p->kh * p->kw;
                    for (int64_t u = 0; u < p->kh; ++u) {
                        const int64_t ih = r * p->sh - p->pt + u * p->dh;
                        if (ih < 0 || ih >= p->h) continue;
                        for (int64_t v = 0; v < p->kw; ++v) {
                            const int64_t iw = q * p->sw - p->pl + v * p->dw;
                            if (iw >= 0 && iw < p->wd) acc += w[u * p->kw + v] * x[ih * p->wd + iw];
                        }
                    }
                }
                y[r * p->ow + q] = acc;
            }
    }
}

/* Jobs [begin, end): job j covers output channels [j * per_job, (j + 1) * per_job). */
static void conv_jobs(void* closure, int64_t begin, int64_t end) {
    const ConvJob* p = (const ConvJob*)closure;
    for (int64_t j = begin; j < end; ++j) {
        const int64_t o0 = j * p->per_job, o1 = o0 + p->per_job < p->m ? o0 + p->per_job : p->m;
        for (int64_t i = 0; i < p->n; ++i) conv_block(p, i, o0, o1);
    }
}

static int f32_rank(const neo_offload_tensor* t, int32_t ndim) {
    return t->data && t->dtype == NEO_DTYPE_F32 && t->ndim == ndim;
}

int32_t cv22_cvflow_conv2d(const neo_offload_call* call) {
    if (call->abi_version != NEO_OFFLOAD_ABI_VERSION) return CV22_E_ABI;
    if (call->num_inputs < 2 || call->num_outputs != 1 || call->num_ints != CV22_CONV_INTS) return CV22_E_CALL;
    const neo_offload_tensor *x = &call->inputs[0], *w = &call->inputs[1], *y = &call->outputs[0];
    const neo_offload_tensor* b = call->num_inputs > 2 && call->inputs[2].data ? &call->inputs[2] : NULL;
    if (!f32_rank(x, 4) || !f32_rank(w, 4) || !f32_rank(y, 4) || (b && !f32_rank(b, 1))) return CV22_E_CALL;
    const int64_t* k = call->ints;
    ConvJob p = {x->data, w->data, b ? b->data : NULL, y->data,
                 x->shape[0], x->shape[1], x->shape[2], x->shape[3], w->shape[0], w->shape[2], w->shape[3],
                 y->shape[2], y->shape[3], k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]};
    if (p.group < 1 || p.c % p.group || p.m % p.group || w->shape[1] * p.group != p.c || y->shape[1] != p.m ||
        p.sh < 1 || p.sw < 1 || p.dh < 1 || p.dw < 1 || p.per_job < 0)
        return CV22_E_CALL;
    if (p.per_job == 0) p.per_job = p.m / p.group;
    const int64_t jobs = (p.m + p.per_job - 1) / p.per_job;
    call->parallel_for(call->pool, jobs, conv_jobs, &p);
    return 0;
}

typedef struct Dense {
    const float *a, *b, *c;
    float* y;
    int64_t m, k, n, trans_b, c_rows, c_cols; /* C broadcasts: c_rows is 1 or m, c_cols 1 or n */
    float alpha, beta;
} Dense;

static void dense_rows(void* closure, int64_t begin, int64_t end) {
    const Dense* p = (const Dense*)closure;
    for (int64_t r = begin; r < end; ++r)
        for (int64_t col = 0; col < p->n; ++col) {
            float acc = 0.0f;
            for (int64_t t = 0; t < p->k; ++t)
                acc += p->a[r * p->k + t] * (p->trans_b ? p->b[col * p->k + t] : p->b[t * p->n + col]);
            float bias = 0.0f;
            if (p->c) bias = p->c[(p->c_rows == 1 ? 0 : r) * p->c_cols + (p->c_cols == 1 ? 0 : col)];
            p->y[r * p->n + col] = p->alpha * acc + p->beta * bias;
        }
}

int32_t cv22_cvflow_dense(const neo_offload_call* call) {
    if (call->abi_version != NEO_OFFLOAD_ABI_VERSION) return CV22_E_ABI;
    if (call->num_inputs < 2 || call->num_outputs != 1 || call->num_ints != CV22_DENSE_INTS ||
        call->num_floats != CV22_DENSE_FLOATS)
        return CV22_E_CALL;
    const neo_offload_tensor *a = &call->inputs[0], *b = &call->inputs[1], *y = &call->outputs[0];
    const neo_offload_tensor* c = call->num_inputs > 2 && call->inputs[2].data ? &call->inputs[2] : NULL;
    if (!f32_rank(a, 2) || !f32_rank(b, 2) || !f32_rank(y, 2)) return CV22_E_CALL;
    Dense p = {a->data, b->data, c ? c->data : NULL, y->data, a->shape[0], a->shape[1], y->shape[1],
               call->ints[0], 1, 1, call->floats[0], call->floats[1]};
    if ((p.trans_b ? b->shape[1] : b->shape[0]) != p.k || (p.trans_b ? b->shape[0] : b->shape[1]) != p.n ||
        y->shape[0] != p.m)
        return CV22_E_CALL;
    if (c) {
        if (c->dtype != NEO_DTYPE_F32 || c->ndim > 2) return CV22_E_CALL;
        if (c->ndim >= 1) p.c_cols = c->shape[c->ndim - 1];
        if (c->ndim == 2) p.c_rows = c->shape[0];
        if ((p.c_rows != 1 && p.c_rows != p.m) || (p.c_cols != 1 && p.c_cols != p.n)) return CV22_E_CALL;
    }
    call->parallel_for(call->pool, p.m, dense_rows, &p);
    return 0;
}
