/* Thread pool: a generation counter announces each job; worker i (1..N-1) runs range i
 * of it when there is one, and the last thread to finish wakes the caller. */
#include "thread_pool.h"

#include <errno.h>
#include <stdlib.h>

#include "platform.h"

typedef struct worker {
    struct neo_pool* pool;
    int index; /* 1..threads-1 */
    neo_thread thread;
} worker;

struct neo_pool {
    int threads;
    worker* workers;
    int started; /* workers successfully created */

    neo_mutex submit; /* one job at a time */
    neo_mutex lock;
    neo_cond wake; /* workers wait here for a new generation */
    neo_cond done; /* the caller waits here for pending == 0 */
    uint64_t generation;
    int stop;

    /* the current job */
    neo_abi_task task;
    void* closure;
    int64_t n;
    int ranges;
    int pending; /* ranges not finished yet, the caller's included */
};

/* Set while this thread runs a task: a nested parallel_for runs serially. */
static _Thread_local int tls_in_task;

/* Range i of k over [0, n): sizes differ by at most one, none empty when k <= n. */
static void range_of(int64_t n, int k, int i, int64_t* begin, int64_t* end) {
    int64_t q = n / k, r = n % k;
    *begin = q * i + (i < r ? i : r);
    *end = *begin + q + (i < r ? 1 : 0);
}

static void run_range(neo_pool* p, int i) {
    int64_t b, e;
    range_of(p->n, p->ranges, i, &b, &e);
    tls_in_task = 1;
    p->task(p->closure, b, e);
    tls_in_task = 0;
}

static void finish_range(neo_pool* p) {
    neo_mutex_lock(&p->lock);
    if (--p->pending == 0) neo_cond_signal(&p->done);
    neo_mutex_unlock(&p->lock);
}

static void worker_main(void* arg) {
    worker* w = (worker*)arg;
    neo_pool* p = w->pool;
    /* Generation 0 is the pool's start: a job submitted before this thread got here
     * still counts as new. */
    uint64_t seen = 0;
    neo_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->generation == seen) neo_cond_wait(&p->wake, &p->lock);
        if (p->stop) break;
        seen = p->generation;
        if (w->index >= p->ranges) continue; /* this job has fewer ranges than threads */
        neo_mutex_unlock(&p->lock);
        run_range(p, w->index);
        finish_range(p);
        neo_mutex_lock(&p->lock);
    }
    neo_mutex_unlock(&p->lock);
}

neo_pool* neo_pool_create(int threads) {
    if (threads < 1) {
        errno = EINVAL;
        return NULL;
    }
    neo_pool* p = (neo_pool*)calloc(1, sizeof *p);
    if (!p) return NULL;
    p->threads = threads;
    neo_mutex_init(&p->submit);
    neo_mutex_init(&p->lock);
    neo_cond_init(&p->wake);
    neo_cond_init(&p->done);
    if (threads == 1) return p;

    p->workers = (worker*)calloc((size_t)threads - 1, sizeof *p->workers);
    if (!p->workers) {
        neo_pool_destroy(p);
        errno = ENOMEM;
        return NULL;
    }
    /* Workers receive no signals: those go to the application's own threads. */
    int err = 0;
    for (int i = 0; i < threads - 1; ++i) {
        p->workers[i].pool = p;
        p->workers[i].index = i + 1;
        err = neo_thread_start(&p->workers[i].thread, worker_main, &p->workers[i]);
        if (err) break;
        p->started++;
    }
    if (err) {
        neo_pool_destroy(p);
        errno = err;
        return NULL;
    }
    return p;
}

void neo_pool_destroy(neo_pool* p) {
    if (!p) return;
    neo_mutex_lock(&p->lock);
    p->stop = 1;
    neo_cond_broadcast(&p->wake);
    neo_mutex_unlock(&p->lock);
    for (int i = 0; i < p->started; ++i) neo_thread_join(p->workers[i].thread);
    free(p->workers);
    neo_cond_destroy(&p->done);
    neo_cond_destroy(&p->wake);
    neo_mutex_destroy(&p->lock);
    neo_mutex_destroy(&p->submit);
    free(p);
}

int neo_pool_threads(const neo_pool* p) { return p ? p->threads : 1; }

void neo_pool_parallel_for(void* pool, int64_t n, neo_abi_task task, void* closure) {
    neo_pool* p = (neo_pool*)pool;
    if (n <= 0) return;
    if (!p || p->threads == 1 || n == 1 || tls_in_task) {
        int outer = tls_in_task;
        tls_in_task = 1;
        task(closure, 0, n);
        tls_in_task = outer;
        return;
    }
    neo_mutex_lock(&p->submit);
    neo_mutex_lock(&p->lock);
    p->task = task;
    p->closure = closure;
    p->n = n;
    p->ranges = n < p->threads ? (int)n : p->threads;
    p->pending = p->ranges;
    p->generation++;
    neo_cond_broadcast(&p->wake);
    neo_mutex_unlock(&p->lock);

    run_range(p, 0);
    finish_range(p);

    neo_mutex_lock(&p->lock);
    while (p->pending > 0) neo_cond_wait(&p->done, &p->lock);
    neo_mutex_unlock(&p->lock);
    neo_mutex_unlock(&p->submit);
}
