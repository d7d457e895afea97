/* engine_int.h — the engine's internal structures, shared by engine.c (the
 * scheduler) and sdk_task.c (the SDK functions a running task calls). */
#ifndef LP_ENGINE_INT_H
#define LP_ENGINE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "cache.h"
#include "engine.h"
#include "locus/locus.h"
#include "memo.h"
#include "outwriter.h"
#include "pool.h"
#include "result.h"
#include "session.h"
#include "sources.h"
#include "strmap.h"

/* A stage's own in-memory blob (locus_memo_get/put), keyed by the digest
 * of (stage name, the stage's key). */
typedef struct blob_entry {
    locus_digest key;
    void *data;
    size_t len;
    unsigned idle;  /* builds since one last got or put it */
    int occupied;
} blob_entry;

struct lp_session {
    pthread_mutex_t blobs_lock;
    blob_entry *blobs;
    size_t blobs_cap, blobs_count;
    lp_cache *cache;
    lp_pool *pool;
    char *src;                /* the source dir the lists describe */
    lp_source_list *lists;    /* per graph port (only source ports used) */
    size_t n_lists;
    int lists_valid;
    lp_strmap dirty;          /* reported paths; keys owned */
    int all_dirty;
    int64_t scan_time_ns;
    lp_memo results;
    char *out;                /* the out dir the manifest describes */
    lp_manifest *manifest;    /* the last build's */
};

/* session.c */
/* Bring one source list up to date with the reported paths. */
int lp_session_refresh_list(lp_session *session, lp_source_list *list, const char *root,
                            char *const *include, int recursive, uint64_t max_file_size,
                            lp_error *err);
void lp_session_clear_dirty(lp_session *session);
/* Stage memos (locus_memo_get/put): a copy into arena, or NULL. */
void *lp_blobmemo_get(lp_session *session, const locus_digest *key, locus_arena *arena,
                      size_t *len);
int lp_blobmemo_put(lp_session *session, const locus_digest *key, const void *data, size_t len);
/* Clear the used marks before a build / drop unused entries after it. */
void lp_blobmemo_begin_build(lp_session *session);
/* Builds in a row an entry may go unused before evict_unused drops it. */
#define LP_MEMO_IDLE_BUILDS 16u
void lp_blobmemo_evict_unused(lp_session *session);

typedef struct eng_run eng_run;
typedef struct eng_task eng_task;
typedef struct eng_stage eng_stage;

typedef struct eng_item {
    const char *key;
    locus_digest digest;
    uint64_t size;
    eng_task *producer;          /* NULL for a source file */
    uint64_t offset;             /* in the producer's data blob */
    const lp_source_file *source;
    const char *source_root;
    void *source_data;           /* loaded source bytes (owned) */
    /* locus_item_ast's verdict on the bytes: 0 not checked yet, 1 a valid
     * AST blob, else the negative error code. Tasks race to set it; they
     * all compute the same value. */
    _Atomic int ast_status;
} eng_item;

enum { PORT_PENDING = 0, PORT_READY, PORT_FAILED };

/* The SDK's locus_port: one port's value in this build. */
struct locus_port {
    const char *name;
    eng_item **items;
    size_t n;
    locus_digest digest;
    int state;
    lp_strmap by_key;
    size_t consumers_left; /* stages still to finish reading it */
    size_t readers;        /* stages that read it or wait for it (fixed) */
    uint64_t bytes;
};

enum { TASK_PENDING = 0, TASK_RUNNING, TASK_DONE, TASK_FAILED };
/* (a task's state is written by its worker and read by the limit checks) */

struct eng_task {
    eng_stage *stage;
    size_t item_index;   /* primary item, or SIZE_MAX */
    locus_digest key;
    int state;
    int hit;
    int ran;
    lp_result result;
    /* The data blob: items then files. Loaded lazily for cache hits,
     * dropped once every consumer is done. */
    pthread_mutex_t data_lock;
    void *data;
    size_t outputs_unconsumed; /* output ports whose consumers are not all done */
    uint64_t start_ns, end_ns, cpu_ns;
    int worker;
    int cacheable; /* its result says something about its inputs (not cancelled) */
};

struct eng_stage {
    eng_run *run;
    const lp_gstage *g;
    size_t index;
    eng_task *tasks;
    size_t n_tasks;
    size_t remaining;
    lp_stage_state state;
    uint64_t first_start_ns, last_end_ns;
};

/* The SDK's locus_task: the context of one execution of a task's run
 * function (a task can be executed again to regenerate evicted data). */
struct locus_task {
    eng_run *run;
    eng_task *task;
    lp_result_builder *builder;
    locus_arena *arena;
    locus_arena **worker_arenas; /* one per pool thread + 1 */
    pthread_mutex_t lock;        /* guards worker_arenas creation */
    uint64_t helper_cpu_ns;
    locus_buf *fatal;            /* first internal error, reported as a diag */
};

struct eng_run {
    const lp_run_options *opts;
    lp_session *session;      /* NULL outside watch mode */
    lp_memo log;              /* the last build's results (tasklog.h), outside watch mode */
    char *log_name;
    locus_digest log_digest;
    const lp_config *cfg;
    const lp_graph *graph;
    lp_cache *cache;
    lp_pool *pool;
    struct locus_port *ports; /* graph port order */
    eng_stage *stages;        /* graph stage order */
    lp_source_list *source_lists; /* per source port */
    pthread_mutex_t lock;     /* scheduling state */
    pthread_cond_t changed;
    size_t stages_open;       /* not yet done/failed/skipped */
    size_t tasks_known, tasks_done;
    volatile int cancelled;
    pthread_mutex_t item_locks[64];
    /* output writing (the commit phase) */
    lp_writer *writer;
    lp_manifest *previous_manifest;
    int lock_fd;
    char *fatal_error;        /* first infrastructure error */
    uint64_t start_ns;
};

/* Make sure the task's data blob is in memory (from the cache, or by
 * running the task again). Returns the blob or NULL with err set. */
const void *eng_task_data(eng_run *run, eng_task *task, lp_error *err);
/* Bytes of one input item (loading them if needed). */
const void *eng_item_data(eng_run *run, eng_item *item, lp_error *err);
/* Run a task's run function into a fresh builder; fills result + data. */
int eng_execute(eng_run *run, eng_task *task, lp_result *result, void **data, int *cancelled,
                lp_error *err);
/* Record the first infrastructure failure and stop the build. */
void eng_fatal(eng_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
