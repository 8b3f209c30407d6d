/* Thread pool: a job is published under a new generation; every thread (the caller
 * included) claims chunks of its range from one atomic word holding the generation and
 * the next unclaimed index, so a thread that arrives late, or a stale one still holding an
 * older generation, can never run another job's indices. Between jobs the word is closed
 * before the next job's fields are written (with a release fence that pairs with the
 * claimer's acquire fence), so a claimer that read a newer job's fields fails its claim.
 * The thread that completes the last index wakes the caller if it sleeps.
 *
 * Waiting: after a job, workers poll for the next one for a bounded time (NEO_POOL_SPIN
 * pauses, tens of microseconds) before sleeping on the condition variable, so that the
 * kernels of a model, which follow each other within microseconds, find them awake; the
 * caller polls the same way for the last chunks. An idle pool sleeps. */
#include "thread_pool.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "platform.h"

#ifndef NEO_POOL_SPIN
#define NEO_POOL_SPIN 2000
#endif

typedef struct worker {
    struct neo_pool* pool;
    neo_thread thread;
} worker;

struct neo_pool {
    int threads;
    worker* workers;
    int started; /* workers successfully created */

    neo_mutex submit; /* one job at a time */
    neo_mutex lock;
    neo_cond wake; /* workers sleep here until a new generation */
    neo_cond done; /* the caller sleeps here until `left` is 0 */
    int stop;

    /* The current job, written by the caller while the claim word is closed. */
    _Atomic(neo_abi_task) task;
    _Atomic(void*) closure;
    _Atomic int64_t n, grain;
    _Atomic uint64_t generation; /* 32 bits used, never 0 once a job ran */
    _Atomic uint64_t claim;      /* generation << 32 | next unclaimed index, or CLOSED */
    _Atomic int64_t left;        /* indices not finished yet */
    int caller_sleeps;           /* under `lock` */
};

/* Set while this thread runs a task: a nested parallel_for runs serially. */
static _Thread_local int tls_in_task;

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

#define CLOSED 0xffffffffu

/* Claims and runs chunks of generation `gen` until none is left. */
static void run_chunks(neo_pool* p, uint64_t gen) {
    for (;;) {
        uint64_t c = atomic_load_explicit(&p->claim, memory_order_acquire);
        if ((c >> 32) != gen || (c & 0xffffffffu) == CLOSED) return;
        neo_abi_task task = atomic_load_explicit(&p->task, memory_order_relaxed);
        void* closure = atomic_load_explicit(&p->closure, memory_order_relaxed);
        const int64_t n = atomic_load_explicit(&p->n, memory_order_relaxed);
        const int64_t grain = atomic_load_explicit(&p->grain, memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire); /* newer fields seen: the claim is closed */
        const int64_t begin = (int64_t)(c & 0xffffffffu);
        if (begin >= n) return;
        const int64_t end = begin + grain < n ? begin + grain : n;
        if (!atomic_compare_exchange_strong_explicit(&p->claim, &c, (gen << 32) | (uint64_t)end, memory_order_acq_rel,
                                                     memory_order_acquire))
            continue;
        tls_in_task = 1;
        task(closure, begin, end);
        tls_in_task = 0;
        if (atomic_fetch_sub_explicit(&p->left, end - begin, memory_order_acq_rel) == end - begin) {
            neo_mutex_lock(&p->lock);
            if (p->caller_sleeps) neo_cond_signal(&p->done);
            neo_mutex_unlock(&p->lock);
        }
    }
}

static void worker_main(void* arg) {
    worker* w = (worker*)arg;
    neo_pool* p = w->pool;
    /* Generation 0 is the pool's start: a job submitted before this thread got here
     * still counts as new. */
    uint64_t seen = 0;
    for (;;) {
        uint64_t gen = atomic_load_explicit(&p->generation, memory_order_acquire);
        for (int i = 0; i < NEO_POOL_SPIN && gen == seen; ++i) {
            cpu_relax();
            gen = atomic_load_explicit(&p->generation, memory_order_acquire);
        }
        if (gen == seen) {
            neo_mutex_lock(&p->lock);
            while (!p->stop && (gen = atomic_load_explicit(&p->generation, memory_order_acquire)) == seen)
                neo_cond_wait(&p->wake, &p->lock);
            const int stop = p->stop;
            neo_mutex_unlock(&p->lock);
            if (stop) return;
        }
        seen = gen;
        run_chunks(p, gen & 0xffffffffu);
    }
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
    atomic_init(&p->generation, 0);
    atomic_init(&p->claim, CLOSED);
    atomic_init(&p->left, 0);
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
    /* Serial: one thread, one index, a nested call, or more indices than a claim holds. */
    if (!p || p->threads == 1 || n == 1 || tls_in_task || n > 0x7fffffff) {
        int outer = tls_in_task;
        tls_in_task = 1;
        task(closure, 0, n);
        tls_in_task = outer;
        return;
    }
    neo_mutex_lock(&p->submit);
    /* About 16 chunks per thread: late threads and uneven tasks even out (with 4, the
     * CNNs of bench/ ran 1.03-1.18x slower at 2 threads, median over interleaved rounds). */
    const int64_t chunks = 16 * (int64_t)p->threads;
    uint64_t gen = (atomic_load_explicit(&p->generation, memory_order_relaxed) + 1) & 0xffffffffu;
    if (gen == 0) gen = 1;
    atomic_store_explicit(&p->task, task, memory_order_relaxed);
    atomic_store_explicit(&p->closure, closure, memory_order_relaxed);
    atomic_store_explicit(&p->n, n, memory_order_relaxed);
    atomic_store_explicit(&p->grain, n < chunks ? 1 : (n + chunks - 1) / chunks, memory_order_relaxed);
    atomic_store_explicit(&p->left, n, memory_order_relaxed);
    atomic_store_explicit(&p->claim, gen << 32, memory_order_release);
    neo_mutex_lock(&p->lock);
    atomic_store_explicit(&p->generation, gen, memory_order_release);
    neo_cond_broadcast(&p->wake);
    neo_mutex_unlock(&p->lock);

    run_chunks(p, gen);

    for (int i = 0; i < NEO_POOL_SPIN && atomic_load_explicit(&p->left, memory_order_acquire) > 0; ++i) cpu_relax();
    if (atomic_load_explicit(&p->left, memory_order_acquire) > 0) {
        neo_mutex_lock(&p->lock);
        p->caller_sleeps = 1;
        while (atomic_load_explicit(&p->left, memory_order_acquire) > 0) neo_cond_wait(&p->done, &p->lock);
        p->caller_sleeps = 0;
        neo_mutex_unlock(&p->lock);
    }
    /* Close the claim word before the next job's fields are written. */
    atomic_store_explicit(&p->claim, (gen << 32) | CLOSED, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    neo_mutex_unlock(&p->submit);
}

/* A job of one index per thread, each waiting (bounded) in its task until all have arrived,
 * so that no thread can take two indices unless a wait ran out. */
typedef struct wake_job {
    _Atomic int arrived;
    _Atomic int late; /* a wait ran out */
    int threads;
} wake_job;

#define WAKE_WAIT_SECONDS 0.005

static void wake_task(void* closure, int64_t begin, int64_t end) {
    wake_job* w = (wake_job*)closure;
    atomic_fetch_add_explicit(&w->arrived, (int)(end - begin), memory_order_acq_rel);
    const double until = neo_now_seconds() + WAKE_WAIT_SECONDS;
    while (atomic_load_explicit(&w->arrived, memory_order_acquire) < w->threads) {
        if (neo_now_seconds() > until) {
            atomic_store_explicit(&w->late, 1, memory_order_relaxed);
            return;
        }
        for (int i = 0; i < 16; ++i) cpu_relax();
    }
}

int neo_pool_wake(neo_pool* p) {
    if (!p || p->threads == 1 || tls_in_task) return 1;
    wake_job w;
    atomic_init(&w.arrived, 0);
    atomic_init(&w.late, 0);
    w.threads = p->threads;
    neo_pool_parallel_for(p, p->threads, wake_task, &w);
    return atomic_load_explicit(&w.late, memory_order_relaxed) ? 0 : 1;
}
