/* EVE kernels of the AM57x, emulated on the ARM cores (see include/am57x_accel.h). */
#include "am57x_accel.h"

#include <float.h>
#include <stddef.h>

typedef struct Conv {
    const float *x, *w, *b;
    float* y;
    int64_t n, c, h, wd, m, kh, kw, oh, ow, sh, sw, pt, pl, rows;
} Conv;

/* One output plane (image i, channel o), tile by tile of `rows` output rows. */
static void conv_plane(const Conv* p, int64_t i, int64_t o) {
    float* y = p->y + (i * p->m + o) * p->oh * p->ow;
    const float bias = p->b ? p->b[o] : 0.0f;
    for (int64_t r0 = 0; r0 < p->oh; r0 += p->rows) {
        const int64_t r1 = r0 + p->rows < p->oh ? r0 + p->rows : p->oh;
        for (int64_t r = r0; r < r1; ++r)
            for (int64_t q = 0; q < p->ow; ++q) y[r * p->ow + q] = bias;
        for (int64_t ch = 0; ch < p->c; ++ch) {
            const float* x = p->x + (i * p->c + ch) * p->h * p->wd;
            const float* w = p->w + (o * p->c + ch) * p->kh * p->kw;
            for (int64_t r = r0; r < r1; ++r)
                for (int64_t u = 0; u < p->kh; ++u) {
                    const int64_t ih = r * p->sh - p->pt + u;
                    if (ih < 0 || ih >= p->h) continue;
                    for (int64_t v = 0; v < p->kw; ++v) {
                        const float wv = w[u * p->kw + v];
                        for (int64_t q = 0; q < p->ow; ++q) {
                            const int64_t iw = q * p->sw - p->pl + v;
                            if (iw >= 0 && iw < p->wd) y[r * p->ow + q] += wv * x[ih * p->wd + iw];
                        }
                    }
                }
        }
    }
}

/* Output channels [begin, end) of every image. (No 64-bit division: on ARMv7 it would be a
 * call into libgcc, which model.so does not link.) */
static void conv_task(void* closure, int64_t begin, int64_t end) {
    const Conv* p = (const Conv*)closure;
    for (int64_t o = begin; o < end; ++o)
        for (int64_t i = 0; i < p->n; ++i) conv_plane(p, i, o);
}

static int is_f32(const neo_offload_tensor* t, int32_t ndim) {
    return t->data && t->dtype == NEO_DTYPE_F32 && t->ndim == ndim;
}

int32_t am57x_eve_conv2d(const neo_offload_call* call) {
    if (call->abi_version != NEO_OFFLOAD_ABI_VERSION) return AM57X_E_ABI;
    if (call->num_inputs < 2 || call->num_outputs != 1 || call->num_ints != AM57X_CONV_INTS) return AM57X_E_CALL;
    const neo_offload_tensor *x = &call->inputs[0], *w = &call->inputs[1], *y = &call->outputs[0];
    const neo_offload_tensor* b = call->num_inputs > 2 && call->inputs[2].data ? &call->inputs[2] : NULL;
    if (!is_f32(x, 4) || !is_f32(w, 4) || !is_f32(y, 4) || (b && !is_f32(b, 1))) return AM57X_E_CALL;
    Conv p = {x->data, w->data, b ? b->data : NULL, y->data,
              x->shape[0], x->shape[1], x->shape[2], x->shape[3], w->shape[0], w->shape[2], w->shape[3],
              y->shape[2], y->shape[3], call->ints[0], call->ints[1], call->ints[2], call->ints[3], call->ints[4]};
    if (w->shape[1] != p.c || y->shape[0] != p.n || y->shape[1] != p.m || (b && b->shape[0] != p.m) ||
        p.sh < 1 || p.sw < 1 || p.rows < 0)
        return AM57X_E_CALL;
    if (p.rows == 0) p.rows = p.oh;
    call->parallel_for(call->pool, p.m, conv_task, &p);
    return 0;
}

typedef struct Pool {
    const float* x;
    float* y;
    int64_t h, wd, oh, ow, kh, kw, sh, sw, pt, pl;
} Pool;

static void pool_task(void* closure, int64_t begin, int64_t end) {
    const Pool* p = (const Pool*)closure;
    for (int64_t t = begin; t < end; ++t) {
        const float* x = p->x + t * p->h * p->wd;
        float* y = p->y + t * p->oh * p->ow;
        for (int64_t r = 0; r < p->oh; ++r)
            for (int64_t q = 0; q < p->ow; ++q) {
                float best = -FLT_MAX;
                int any = 0;
                for (int64_t u = 0; u < p->kh; ++u) {
                    const int64_t ih = r * p->sh - p->pt + u;
                    if (ih < 0 || ih >= p->h) continue;
                    for (int64_t v = 0; v < p->kw; ++v) {
                        const int64_t iw = q * p->sw - p->pl + v;
                        if (iw < 0 || iw >= p->wd) continue;
                        const float e = x[ih * p->wd + iw];
                        if (!any || e > best || e != e) best = e;  /* NaN propagates */
                        any = 1;
                    }
                }
                y[r * p->ow + q] = best;
            }
    }
}

int32_t am57x_eve_maxpool2d(const neo_offload_call* call) {
    if (call->abi_version != NEO_OFFLOAD_ABI_VERSION) return AM57X_E_ABI;
    if (call->num_inputs != 1 || call->num_outputs != 1 || call->num_ints != AM57X_POOL_INTS) return AM57X_E_CALL;
    const neo_offload_tensor *x = &call->inputs[0], *y = &call->outputs[0];
    if (!is_f32(x, 4) || !is_f32(y, 4) || y->shape[0] != x->shape[0] || y->shape[1] != x->shape[1]) return AM57X_E_CALL;
    Pool p = {x->data, y->data, x->shape[2], x->shape[3], y->shape[2], y->shape[3],
              call->ints[0], call->ints[1], call->ints[2], call->ints[3], call->ints[4], call->ints[5]};
    if (p.kh < 1 || p.kw < 1 || p.sh < 1 || p.sw < 1) return AM57X_E_CALL;
    call->parallel_for(call->pool, x->shape[0] * x->shape[1], pool_task, &p);
    return 0;
}
