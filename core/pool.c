/* pool.c — worker threads, the FIFO job queue, and parallel-for. */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

typedef struct job {
    lp_job_fn fn;
    void *arg;
    struct job *next;
} job;

struct lp_pool {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    job *head, *tail;
    int stopping;
    int n_workers;
    pthread_t *threads;
    /* Worker identity: each worker stores its index here once. A
     * thread-specific key is owned by the pool, not global state. */
    pthread_key_t worker_key;
};

typedef struct worker_arg {
    lp_pool *pool;
    intptr_t index;
} worker_arg;

uint64_t lp_thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t lp_wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void *worker_main(void *raw)
{
    worker_arg *arg = raw;
    lp_pool *pool = arg->pool;
    pthread_setspecific(pool->worker_key, (void *)(arg->index + 1));
    free(arg);
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (!pool->head && !pool->stopping)
            pthread_cond_wait(&pool->wake, &pool->lock);
        job *next = pool->head;
        if (!next)
            break; /* stopping and drained */
        pool->head = next->next;
        if (!pool->head)
            pool->tail = NULL;
        pthread_mutex_unlock(&pool->lock);
        next->fn(next->arg);
        free(next);
        pthread_mutex_lock(&pool->lock);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

lp_pool *lp_pool_new(int n_workers)
{
    if (n_workers < 1)
        n_workers = 1;
    lp_pool *pool = calloc(1, sizeof *pool);
    if (!pool)
        return NULL;
    pool->threads = calloc((size_t)n_workers, sizeof *pool->threads);
    if (!pool->threads || pthread_key_create(&pool->worker_key, NULL) != 0) {
        free(pool->threads);
        free(pool);
        return NULL;
    }
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->wake, NULL);
    for (int i = 0; i < n_workers; i++) {
        worker_arg *arg = malloc(sizeof *arg);
        if (!arg)
            break;
        arg->pool = pool;
        arg->index = i;
        if (pthread_create(&pool->threads[i], NULL, worker_main, arg) != 0) {
            free(arg);
            break;
        }
        pool->n_workers++;
    }
    if (pool->n_workers == 0) {
        lp_pool_free(pool);
        return NULL;
    }
    return pool;
}

void lp_pool_free(lp_pool *pool)
{
    if (!pool)
        return;
    pthread_mutex_lock(&pool->lock);
    pool->stopping = 1;
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
    for (int i = 0; i < pool->n_workers; i++)
        pthread_join(pool->threads[i], NULL);
    pthread_key_delete(pool->worker_key);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->lock);
    free(pool->threads);
    free(pool);
}

int lp_pool_submit(lp_pool *pool, lp_job_fn fn, void *arg)
{
    job *item = malloc(sizeof *item);
    if (!item)
        return -1;
    item->fn = fn;
    item->arg = arg;
    item->next = NULL;
    pthread_mutex_lock(&pool->lock);
    if (pool->tail)
        pool->tail->next = item;
    else
        pool->head = item;
    pool->tail = item;
    pthread_cond_signal(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
    return 0;
}

int lp_pool_size(const lp_pool *pool)
{
    return pool->n_workers;
}

int lp_pool_worker_index(const lp_pool *pool)
{
    intptr_t stored = (intptr_t)pthread_getspecific(pool->worker_key);
    return stored ? (int)(stored - 1) : pool->n_workers;
}

/* Shared by the caller and its helper jobs; freed by whoever drops the
 * last reference, since helpers may start after the caller has returned. */
typedef struct pfor_batch {
    lp_body_fn body;
    void *ctx;
    size_t n;
    const volatile int *stop;
    atomic_size_t next;
    atomic_size_t done;
    atomic_int refs;
    atomic_uint_fast64_t helper_cpu_ns;
    pthread_mutex_t lock;
    pthread_cond_t finished;
} pfor_batch;

static void batch_release(pfor_batch *batch)
{
    if (atomic_fetch_sub(&batch->refs, 1) != 1)
        return;
    pthread_cond_destroy(&batch->finished);
    pthread_mutex_destroy(&batch->lock);
    free(batch);
}

/* Claim and run indices until none are left; returns how many ran. */
static void batch_work(pfor_batch *batch)
{
    for (;;) {
        size_t index = atomic_fetch_add(&batch->next, 1);
        if (index >= batch->n)
            return;
        if (!(batch->stop && *batch->stop))
            batch->body(batch->ctx, index);
        if (atomic_fetch_add(&batch->done, 1) + 1 == batch->n) {
            pthread_mutex_lock(&batch->lock);
            pthread_cond_broadcast(&batch->finished);
            pthread_mutex_unlock(&batch->lock);
        }
    }
}

static void batch_helper(void *arg)
{
    pfor_batch *batch = arg;
    uint64_t cpu_start = lp_thread_cpu_ns();
    batch_work(batch);
    atomic_fetch_add(&batch->helper_cpu_ns, lp_thread_cpu_ns() - cpu_start);
    batch_release(batch);
}

int lp_pool_parallel_for(lp_pool *pool, size_t n, lp_body_fn body, void *ctx,
                         const volatile int *stop, uint64_t *cpu_ns)
{
    if (n == 0)
        return 0;
    if (n == 1 || pool->n_workers == 1) {
        for (size_t i = 0; i < n; i++) {
            if (stop && *stop)
                return -1;
            body(ctx, i);
        }
        return 0;
    }
    pfor_batch *batch = calloc(1, sizeof *batch);
    if (!batch)
        return -1;
    batch->body = body;
    batch->ctx = ctx;
    batch->n = n;
    batch->stop = stop;
    atomic_init(&batch->refs, 1);
    pthread_mutex_init(&batch->lock, NULL);
    pthread_cond_init(&batch->finished, NULL);
    size_t helpers = (size_t)pool->n_workers < n ? (size_t)pool->n_workers : n - 1;
    for (size_t i = 0; i < helpers; i++) {
        atomic_fetch_add(&batch->refs, 1);
        if (lp_pool_submit(pool, batch_helper, batch) != 0)
            atomic_fetch_sub(&batch->refs, 1);
    }
    batch_work(batch);
    pthread_mutex_lock(&batch->lock);
    while (atomic_load(&batch->done) < n)
        pthread_cond_wait(&batch->finished, &batch->lock);
    pthread_mutex_unlock(&batch->lock);
    if (cpu_ns)
        *cpu_ns += atomic_load(&batch->helper_cpu_ns);
    int stopped = stop && *stop;
    batch_release(batch);
    return stopped ? -1 : 0;
}
