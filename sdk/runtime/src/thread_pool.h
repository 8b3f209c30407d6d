/* The runtime's thread pool: N-1 persistent workers plus the calling thread.
 *
 * neo_pool_parallel_for splits [0, n) into contiguous, non-empty chunks of about n / (4N)
 * indices, which the threads (the caller among them) claim one after another until none
 * is left, so a thread that starts late or draws slow indices takes fewer; it returns when
 * all are done. Workers poll for a new job for some tens of microseconds after each one,
 * then sleep on a condition variable. A parallel_for called from inside a task (on any
 * pool) runs the whole range serially on the calling thread. One parallel_for runs at a
 * time per pool; concurrent callers wait their turn. */
#ifndef NEO_RUNTIME_THREAD_POOL_H
#define NEO_RUNTIME_THREAD_POOL_H

#include <stdint.h>

#include "neo/runtime/model_abi.h"

typedef struct neo_pool neo_pool;

/* A pool of `threads` threads in all (>= 1), the caller included; NULL with errno set
 * when memory or threads run out. */
neo_pool* neo_pool_create(int threads);
void neo_pool_destroy(neo_pool* pool); /* NULL ok; joins the workers */
int neo_pool_threads(const neo_pool* pool);

/* neo_abi_parallel_for: `pool` is a neo_pool*. */
void neo_pool_parallel_for(void* pool, int64_t n, neo_abi_task task, void* closure);

/* Wakes the workers: returns once each has taken part in a job, or a bounded wait (5 ms) has
 * run out. They then poll for the next job as after any other, so that one submitted within
 * some tens of microseconds finds them awake. 1 when every worker took part in time (always
 * for one thread), else 0. */
int neo_pool_wake(neo_pool* pool);

#endif
