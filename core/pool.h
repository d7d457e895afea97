/* pool.h — the one bounded worker pool every task and parallel-for runs on.
 *
 * Jobs are queued FIFO and run by N worker threads. lp_pool_parallel_for
 * lets a running job split its work: it queues helper jobs and works on
 * the same index range itself, so it always makes progress even when every
 * worker is busy (no deadlock, and nesting is fine).
 */
#ifndef LP_POOL_H
#define LP_POOL_H

#include <stddef.h>
#include <stdint.h>

typedef struct lp_pool lp_pool;
typedef void (*lp_job_fn)(void *arg);

/* n_workers >= 1. NULL if threads cannot be started. */
lp_pool *lp_pool_new(int n_workers);
/* Wait for queued jobs to finish, stop the workers, free. */
void lp_pool_free(lp_pool *pool);
int lp_pool_submit(lp_pool *pool, lp_job_fn fn, void *arg);
int lp_pool_size(const lp_pool *pool);
/* Index of the calling worker thread in [0, size), or size for any thread
 * that is not one of the pool's workers (the main thread). */
int lp_pool_worker_index(const lp_pool *pool);

typedef void (*lp_body_fn)(void *ctx, size_t index);
/* Run body(ctx, i) for i in [0, n) on the pool and the calling thread.
 * stop (may be NULL) is polled between indices: when it becomes non-zero,
 * no new index starts and the call returns -1 after the running ones end.
 * cpu_ns (may be NULL) is increased by the CPU time helper threads spent. */
int lp_pool_parallel_for(lp_pool *pool, size_t n, lp_body_fn body, void *ctx,
                         const volatile int *stop, uint64_t *cpu_ns);

/* CPU time of the calling thread, in nanoseconds. */
uint64_t lp_thread_cpu_ns(void);
/* Monotonic wall clock, in nanoseconds. */
uint64_t lp_wall_ns(void);

#endif
