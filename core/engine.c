/* engine.c — one build: source scan, scheduling on the pool, cache lookups,
 * lazy data, output writing, and the report. */
#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "engine_int.h"
#include "tasklog.h"

#define PROGRESS_INTERVAL_NS (100ull * 1000 * 1000)
/* How long a stopped build waits for running tasks to notice. */
#define CANCEL_GRACE_NS (5ull * 1000 * 1000 * 1000)

void eng_fatal(eng_run *run, const char *fmt, ...)
{
    char message[LP_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&run->lock);
    if (!run->fatal_error)
        run->fatal_error = strdup(message);
    run->cancelled = 1;
    pthread_cond_broadcast(&run->changed);
    pthread_mutex_unlock(&run->lock);
}

static pthread_mutex_t *item_lock(eng_run *run, const eng_item *item)
{
    uintptr_t slot = ((uintptr_t)item >> 6) % 64;
    return &run->item_locks[slot];
}

const void *eng_item_data(eng_run *run, eng_item *item, lp_error *err)
{
    if (item->producer) {
        const char *blob = eng_task_data(run, item->producer, err);
        return blob ? blob + item->offset : NULL;
    }
    pthread_mutex_t *lock = item_lock(run, item);
    pthread_mutex_lock(lock);
    if (!item->source_data) {
        size_t len;
        if (lp_source_read(item->source_root, item->source, &item->source_data, &len, err) != 0)
            item->source_data = NULL;
    }
    void *data = item->source_data;
    pthread_mutex_unlock(lock);
    return data;
}

static void exec_free(locus_task *exec)
{
    lp_result_builder_free(exec->builder);
    locus_arena_free(exec->arena);
    if (exec->worker_arenas)
        for (int i = 0; i <= lp_pool_size(exec->run->pool); i++)
            locus_arena_free(exec->worker_arenas[i]);
    free(exec->worker_arenas);
    pthread_mutex_destroy(&exec->lock);
}

int eng_execute(eng_run *run, eng_task *task, lp_result *result, void **data, int *cancelled,
                lp_error *err)
{
    locus_buf fatal = LOCUS_BUF_INIT, meta = LOCUS_BUF_INIT, blob = LOCUS_BUF_INIT;
    locus_task exec = {.run = run, .task = task, .fatal = &fatal};
    pthread_mutex_init(&exec.lock, NULL);
    exec.builder = lp_result_builder_new();
    exec.worker_arenas = calloc((size_t)lp_pool_size(run->pool) + 1, sizeof(locus_arena *));
    if (!exec.builder || !exec.worker_arenas) {
        exec_free(&exec);
        return lp_fail(err, "out of memory");
    }
    uint64_t cpu_start = lp_thread_cpu_ns();
    int rc = task->stage->g->desc->run(&exec);
    task->cpu_ns += lp_thread_cpu_ns() - cpu_start + exec.helper_cpu_ns;
    int failed = rc != 0 || lp_rb_has_error(exec.builder);
    /* Internal errors and cancellation say nothing about the inputs, so
     * such a result must not be cached; the caller checks *cancelled. */
    *cancelled = run->cancelled || fatal.len > 0;
    if (failed && !lp_rb_has_error(exec.builder)) {
        locus_diag diag = {.severity = LOCUS_SEV_ERROR, .kind = "build",
                           .message = *cancelled ? "cancelled" : "the stage failed without "
                                                                 "reporting why"};
        lp_rb_diag(exec.builder, &diag);
    }
    int bad = lp_rb_finish(exec.builder, failed, &meta, &blob) != 0;
    exec_free(&exec);
    locus_buf_free(&fatal);
    if (bad || lp_result_decode(meta.data, meta.len, result) != 0) {
        if (bad)
            locus_buf_free(&meta);
        locus_buf_free(&blob);
        return lp_fail(err, "out of memory storing the result of stage '%s'",
                       task->stage->g->cfg->name);
    }
    *data = blob.data ? blob.data : calloc(1, 1);
    return *data ? 0 : lp_fail(err, "out of memory");
}

/* Rebuild a task's data when the cache no longer has it (evicted or
 * corrupt since the lookup, or --no-cache after it was dropped). */
static void *regenerate(eng_run *run, eng_task *task, lp_error *err)
{
    lp_result again;
    void *data = NULL;
    int cancelled;
    if (eng_execute(run, task, &again, &data, &cancelled, err) != 0)
        return NULL;
    int same = !cancelled && lp_digest_eq(&again.data_digest, &task->result.data_digest);
    lp_result_free(&again);
    if (!same) {
        free(data);
        lp_fail(err, cancelled ? "cancelled while regenerating the output of stage '%s'"
                               : "stage '%s' gave different output for the same input (it "
                                 "must be deterministic)", task->stage->g->cfg->name);
        return NULL;
    }
    return data;
}

const void *eng_task_data(eng_run *run, eng_task *task, lp_error *err)
{
    pthread_mutex_lock(&task->data_lock);
    if (!task->data && run->cache) {
        locus_buf blob = LOCUS_BUF_INIT;
        int hit = lp_cache_get_data(run->cache, &task->key, &blob, err);
        if (hit == 1 && blob.len == task->result.data_len) {
            locus_digest digest = locus_digest_of(blob.data, blob.len);
            if (lp_digest_eq(&digest, &task->result.data_digest))
                task->data = blob.data ? blob.data : calloc(1, 1);
        }
        if (!task->data)
            locus_buf_free(&blob);
    }
    if (!task->data)
        task->data = regenerate(run, task, err);
    void *data = task->data;
    pthread_mutex_unlock(&task->data_lock);
    return data;
}

/* ---- keys and ports ---------------------------------------------------- */

static locus_digest port_digest(const struct locus_port *port)
{
    lp_hasher *hasher = lp_hasher_new();
    locus_digest digest = {{0}};
    if (!hasher)
        return digest;
    lp_hasher_u64(hasher, port->n);
    for (size_t i = 0; i < port->n; i++) {
        lp_hasher_str(hasher, port->items[i]->key);
        lp_hasher_digest(hasher, &port->items[i]->digest);
    }
    digest = lp_hasher_finish(hasher);
    lp_hasher_free(hasher);
    return digest;
}

static int task_key(eng_run *run, eng_task *task)
{
    const lp_gstage *g = task->stage->g;
    lp_hasher *hasher = lp_hasher_new();
    if (!hasher)
        return -1;
    lp_hasher_str(hasher, "locus-task-1");
    lp_hasher_digest(hasher, &g->config_digest);
    for (size_t i = 0; i < g->n_inputs; i++) {
        const struct locus_port *port = &run->ports[g->inputs[i]];
        lp_hasher_str(hasher, g->desc->inputs[i]);
        if (i == 0 && task->item_index != SIZE_MAX) {
            const eng_item *item = port->items[task->item_index];
            lp_hasher_str(hasher, item->key);
            lp_hasher_digest(hasher, &item->digest);
        } else {
            lp_hasher_digest(hasher, &port->digest);
        }
    }
    /* Outputs nothing reads may be skipped (locus_output_wanted): such a
     * result must not serve a build that reads them. Full graphs hash
     * nothing here, so their keys are as before. */
    for (size_t o = 0; o < g->n_outputs; o++)
        if (run->ports[g->outputs[o]].readers == 0) {
            lp_hasher_str(hasher, "unread-output");
            lp_hasher_str(hasher, g->desc->outputs[o]);
        }
    task->key = lp_hasher_finish(hasher);
    lp_hasher_free(hasher);
    return 0;
}

/* Complete a port: its digest, its size, and the key map (already built
 * by assemble_outputs for produced ports, which checked duplicates). */
static int port_ready(struct locus_port *port)
{
    port->digest = port_digest(port);
    int map_built = port->by_key.count == port->n;
    for (size_t i = 0; i < port->n; i++) {
        port->bytes += port->items[i]->size;
        if (!map_built && lp_strmap_put(&port->by_key, port->items[i]->key, &port->items[i]) != 0)
            return -1;
    }
    port->state = PORT_READY;
    return 0;
}

static eng_item *new_item(void)
{
    return calloc(1, sizeof(eng_item));
}

/* Gather a finished stage's items into its output ports, in task order. */
static int assemble_outputs(eng_run *run, eng_stage *stage)
{
    const lp_gstage *g = stage->g;
    for (size_t o = 0; o < g->n_outputs; o++) {
        struct locus_port *port = &run->ports[g->outputs[o]];
        size_t count = 0;
        for (size_t t = 0; t < stage->n_tasks; t++)
            for (size_t i = 0; i < stage->tasks[t].result.n_items; i++)
                count += strcmp(stage->tasks[t].result.items[i].port, port->name) == 0;
        port->items = calloc(count + 1, sizeof *port->items);
        if (!port->items)
            return -1;
        for (size_t t = 0; t < stage->n_tasks; t++) {
            eng_task *task = &stage->tasks[t];
            for (size_t i = 0; i < task->result.n_items; i++) {
                const lp_result_item *ri = &task->result.items[i];
                if (strcmp(ri->port, port->name) != 0)
                    continue;
                eng_item *item = new_item();
                if (!item)
                    return -1;
                item->key = ri->key;
                item->digest = ri->digest;
                item->size = ri->size;
                item->producer = task;
                item->offset = ri->offset;
                port->items[port->n++] = item;
                if (lp_strmap_get(&port->by_key, item->key)) {
                    eng_fatal(run, "stage '%s' emitted the key '%s' twice on port '%s'",
                              g->cfg->name, item->key, port->name);
                    return -1;
                }
                if (lp_strmap_put(&port->by_key, item->key, &port->items[port->n - 1]) != 0)
                    return -1;
            }
        }
        if (port_ready(port) != 0)
            return -1;
    }
    return 0;
}

/* ---- output files ------------------------------------------------------ */

static int lock_out_dir(eng_run *run, lp_error *err)
{
    char *cache_dir = lp_config_cache_dir(run->cfg, err);
    if (!cache_dir)
        return -1;
    char hex[33], path[4096];
    locus_digest id = locus_digest_of(run->cfg->out, strlen(run->cfg->out));
    locus_digest_hex(&id, hex);
    snprintf(path, sizeof path, "%s/locks", cache_dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/locks/%s.lock", cache_dir, hex);
    free(cache_dir);
    run->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (run->lock_fd < 0)
        return lp_fail(err, "%s: cannot create lock file: %s", path, strerror(errno));
    if (flock(run->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (run->opts->progress)
            fprintf(stderr, "waiting for another locus-pipeline run writing %s...\n",
                    run->cfg->out);
        while (flock(run->lock_fd, LOCK_EX) != 0)
            if (errno != EINTR)
                return lp_fail(err, "%s: cannot lock: %s", path, strerror(errno));
    }
    return 0;
}

static char *state_name(const char *kind, const char *path)
{
    size_t len = strlen(kind) + strlen(path) + 2;
    char *name = malloc(len);
    if (name)
        snprintf(name, len, "%s:%s", kind, path);
    return name;
}

/* Take the out-dir lock and read the previous build's manifest (once). */
static int load_previous_manifest(eng_run *run, lp_error *err)
{
    if (run->lock_fd >= 0)
        return 0;
    if (lock_out_dir(run, err) != 0)
        return -1;
    lp_session *session = run->session;
    if (session && session->manifest && session->out && strcmp(session->out, run->cfg->out) == 0) {
        run->previous_manifest = session->manifest; /* borrowed: the session owns it */
        return 0;
    }
    char *name = state_name("out", run->cfg->out);
    locus_buf blob = LOCUS_BUF_INIT;
    if (!name)
        return lp_fail(err, "out of memory");
    int found = lp_cache_state_get(run->cache, name, &blob, err);
    free(name);
    if (found < 0) {
        locus_buf_free(&blob);
        return -1;
    }
    if (found == 1 && lp_manifest_decode(blob.data, blob.len, &run->previous_manifest, err) != 0)
        run->previous_manifest = NULL; /* unreadable: behave as a first build */
    locus_buf_free(&blob);
    return 0;
}

/* The writer is opened for the commit phase (or at the end, to remove
 * stale files), under a lock on the out dir so that two runs on one
 * project take turns writing. */
static int open_writer_locked(eng_run *run, lp_error *err)
{
    if (run->writer)
        return 0;
    if (load_previous_manifest(run, err) != 0)
        return -1;
    return lp_writer_open(run->cfg->out, run->previous_manifest, &run->writer, err);
}

typedef struct fetch_ctx {
    eng_run *run;
    eng_task *task;
    uint64_t offset;
    uint64_t size;
} fetch_ctx;

static const void *fetch_file(void *raw, size_t *len, lp_error *err)
{
    fetch_ctx *ctx = raw;
    const char *blob = eng_task_data(ctx->run, ctx->task, err);
    *len = (size_t)ctx->size;
    return blob ? blob + ctx->offset : NULL;
}

/* One file of one task, for the commit phase's parallel-for. */
typedef struct commit_item {
    eng_task *task;
    size_t file;
} commit_item;

typedef struct commit_job {
    eng_run *run;
    commit_item *items;
} commit_job;

static void commit_one(void *raw, size_t index)
{
    commit_job *job = raw;
    eng_task *task = job->items[index].task;
    const lp_result_file *file = &task->result.files[job->items[index].file];
    fetch_ctx ctx = {job->run, task, file->offset, file->size};
    lp_error err;
    if (job->run->cancelled)
        return;
    if (lp_writer_submit(job->run->writer, file->path, &file->digest, file->size, file->flags,
                         NULL, fetch_file, &ctx, &err) != 0)
        eng_fatal(job->run, "stage '%s': %s", task->stage->g->cfg->name, err.msg);
}

/* Write the files of every task, once every task has succeeded: a build
 * that fails writes nothing (no partial output), and the out-dir lock is
 * held only while writing. Files are written in parallel on the pool;
 * each one's bytes are loaded (from memory or the cache) only if it
 * changed. */
static int commit_outputs(eng_run *run, lp_error *err)
{
    size_t n = 0;
    for (size_t s = 0; s < run->graph->n_stages; s++)
        for (size_t t = 0; t < run->stages[s].n_tasks; t++)
            n += run->stages[s].tasks[t].result.n_files;
    if (n == 0)
        return 0;
    commit_job job = {run, calloc(n, sizeof(commit_item))};
    if (!job.items)
        return lp_fail(err, "out of memory");
    size_t k = 0;
    for (size_t s = 0; s < run->graph->n_stages; s++)
        for (size_t t = 0; t < run->stages[s].n_tasks; t++)
            for (size_t f = 0; f < run->stages[s].tasks[t].result.n_files; f++)
                job.items[k++] = (commit_item){&run->stages[s].tasks[t], f};
    int rc = open_writer_locked(run, err);
    if (rc == 0)
        lp_pool_parallel_for(run->pool, n, commit_one, &job, &run->cancelled, NULL);
    free(job.items);
    return rc;
}

static int run_failed(const eng_run *run)
{
    if (run->fatal_error)
        return 1;
    for (size_t s = 0; s < run->graph->n_stages; s++)
        if (run->stages[s].state != LP_STAGE_DONE)
            return 1;
    return 0;
}

/* ---- scheduling -------------------------------------------------------- */

static void run_task(void *arg);
static void finish_stage_locked(eng_run *run, eng_stage *stage);
static int lookup_memo(eng_run *run, eng_task *task);
static int lookup_log(eng_run *run, eng_task *task);
static void wake_consumers_locked(eng_run *run, const eng_stage *stage);

static void close_stage_locked(eng_run *run, eng_stage *stage, lp_stage_state state)
{
    stage->state = state;
    run->stages_open--;
    pthread_cond_broadcast(&run->changed);
}

static void release_port_locked(eng_run *run, struct locus_port *port)
{
    if (port->consumers_left == 0 || --port->consumers_left > 0 || port->state != PORT_READY)
        return;
    const eng_task *previous = NULL;
    for (size_t i = 0; i < port->n; i++) {
        eng_item *item = port->items[i];
        free(item->source_data);
        item->source_data = NULL;
        eng_task *producer = item->producer;
        /* One port is one of the producer's outputs, however many items it
         * has there (they are contiguous: assemble_outputs goes task by
         * task). Counting items freed a producer's data while another of
         * its ports was still being read. */
        if (producer == previous)
            continue;
        previous = producer;
        if (producer && producer->outputs_unconsumed > 0 && --producer->outputs_unconsumed == 0 &&
            run->cache && !run->session) {
            /* Nobody reads it any more in this build; the cache has it. */
            pthread_mutex_lock(&producer->data_lock);
            free(producer->data);
            producer->data = NULL;
            pthread_mutex_unlock(&producer->data_lock);
        }
    }
}

/* A task whose result is in memory (the watch session, or the task log)
 * is completed right here, without a trip through the pool: a no-op or
 * small incremental build then costs a hash lookup per task. */
static int replay_in_memory(eng_run *run, eng_task *task)
{
    if (run->cancelled || !run->opts->use_cache)
        return 0;
    int hit = run->session ? lookup_memo(run, task) : lookup_log(run, task);
    if (!hit)
        return 0;
    eng_stage *stage = task->stage;
    task->hit = 1;
    task->cacheable = 1;
    task->state = task->result.failed ? TASK_FAILED : TASK_DONE;
    task->start_ns = task->end_ns = lp_wall_ns() - run->start_ns;
    task->worker = lp_pool_size(run->pool);
    if (stage->n_tasks == stage->remaining)
        stage->first_start_ns = task->start_ns;
    stage->last_end_ns = task->end_ns;
    stage->remaining--;
    run->tasks_done++;
    return 1;
}

static void expand_stage_locked(eng_run *run, eng_stage *stage)
{
    const lp_gstage *g = stage->g;
    for (size_t i = 0; i < g->n_inputs + g->n_after; i++) {
        size_t port = i < g->n_inputs ? g->inputs[i] : g->after[i - g->n_inputs];
        int state = run->ports[port].state;
        if (state == PORT_PENDING)
            return;
        if (state == PORT_FAILED) {
            for (size_t o = 0; o < g->n_outputs; o++)
                run->ports[g->outputs[o]].state = PORT_FAILED;
            for (size_t k = 0; k < g->n_inputs; k++)
                release_port_locked(run, &run->ports[g->inputs[k]]);
            close_stage_locked(run, stage, LP_STAGE_SKIPPED);
            wake_consumers_locked(run, stage);
            return;
        }
    }
    int per_item = g->desc->fanout == LOCUS_FANOUT_PER_ITEM;
    size_t n = per_item ? run->ports[g->inputs[0]].n : 1;
    stage->tasks = calloc(n ? n : 1, sizeof *stage->tasks);
    if (!stage->tasks) {
        eng_fatal(run, "out of memory");
        close_stage_locked(run, stage, LP_STAGE_FAILED);
        return;
    }
    stage->n_tasks = n;
    stage->remaining = n;
    stage->state = LP_STAGE_RUNNING;
    run->tasks_known += n;
    for (size_t i = 0; i < n; i++) {
        eng_task *task = &stage->tasks[i];
        task->stage = stage;
        task->item_index = per_item ? i : SIZE_MAX;
        task->outputs_unconsumed = g->n_outputs;
        pthread_mutex_init(&task->data_lock, NULL);
        if (task_key(run, task) != 0) {
            eng_fatal(run, "out of memory");
            task->state = TASK_FAILED;
            stage->remaining--;
        } else if (!replay_in_memory(run, task) && lp_pool_submit(run->pool, run_task, task) != 0) {
            eng_fatal(run, "out of memory");
            task->state = TASK_FAILED;
            stage->remaining--;
        }
    }
    if (stage->remaining == 0)
        finish_stage_locked(run, stage);
}

static void wake_consumers_locked(eng_run *run, const eng_stage *stage)
{
    for (size_t s = stage->index + 1; s < run->graph->n_stages; s++) {
        eng_stage *next = &run->stages[s];
        if (next->state != LP_STAGE_WAITING)
            continue;
        const lp_gstage *g = next->g;
        int reads = 0;
        for (size_t i = 0; i < g->n_inputs + g->n_after && !reads; i++) {
            size_t port = i < g->n_inputs ? g->inputs[i] : g->after[i - g->n_inputs];
            for (size_t o = 0; o < stage->g->n_outputs && !reads; o++)
                reads = port == stage->g->outputs[o];
        }
        if (reads)
            expand_stage_locked(run, next);
    }
}

static void finish_stage_locked(eng_run *run, eng_stage *stage)
{
    const lp_gstage *g = stage->g;
    int failed = 0;
    for (size_t t = 0; t < stage->n_tasks; t++)
        failed |= stage->tasks[t].state != TASK_DONE;
    if (!failed && assemble_outputs(run, stage) != 0) {
        eng_fatal(run, "stage '%s': could not collect its outputs", g->cfg->name);
        failed = 1;
    }
    for (size_t o = 0; o < g->n_outputs && failed; o++)
        run->ports[g->outputs[o]].state = PORT_FAILED;
    for (size_t o = 0; o < g->n_outputs; o++)
        if (run->ports[g->outputs[o]].consumers_left == 0)
            for (size_t t = 0; t < stage->n_tasks; t++)
                if (stage->tasks[t].outputs_unconsumed > 0)
                    stage->tasks[t].outputs_unconsumed--;
    for (size_t i = 0; i < g->n_inputs; i++)
        release_port_locked(run, &run->ports[g->inputs[i]]);
    close_stage_locked(run, stage, failed ? LP_STAGE_FAILED : LP_STAGE_DONE);
    wake_consumers_locked(run, stage);
}

/* A result the session kept in memory: moved into the task, and moved
 * back (with any new ones) when the build ends. */
static int lookup_memo(eng_run *run, eng_task *task)
{
    memo_entry *entry = lp_memo_find(&run->session->results, &task->key);
    if (!entry || !entry->result.meta)
        return 0;
    task->result = entry->result;
    task->data = entry->data;
    memset(&entry->result, 0, sizeof entry->result);
    entry->data = NULL;
    return 1;
}

/* The last build's result for this key, from the task log: moved into
 * the task (each key occurs once per build); its bytes stay in the cache. */
static int lookup_log(eng_run *run, eng_task *task)
{
    memo_entry *entry = lp_memo_find(&run->log, &task->key);
    if (!entry || !entry->result.meta)
        return 0;
    task->result = entry->result;
    memset(&entry->result, 0, sizeof entry->result);
    return 1;
}

static int lookup_cache(eng_run *run, eng_task *task)
{
    if (!run->opts->use_cache)
        return 0;
    if (run->session && lookup_memo(run, task))
        return 1;
    if (!run->session && lookup_log(run, task))
        return 1;
    if (!run->cache)
        return 0;
    locus_buf meta = LOCUS_BUF_INIT;
    lp_error err;
    int hit = lp_cache_get_meta(run->cache, &task->key, &meta, &err);
    if (hit < 0) {
        locus_buf_free(&meta);
        eng_fatal(run, "%s", err.msg);
        return -1;
    }
    if (hit == 0) {
        locus_buf_free(&meta);
        return 0;
    }
    if (lp_result_decode(meta.data, meta.len, &task->result) != 0)
        return 0; /* not a result we understand: run the task */
    return 1;
}

static void execute_and_store(eng_run *run, eng_task *task)
{
    lp_error err;
    int cancelled = 0;
    if (eng_execute(run, task, &task->result, &task->data, &cancelled, &err) != 0) {
        eng_fatal(run, "%s", err.msg);
        task->state = TASK_FAILED;
        return;
    }
    task->cacheable = !cancelled;
    if (!cancelled && run->cache &&
        lp_cache_put(run->cache, &task->key, task->result.meta, task->result.meta_len,
                     task->data, task->result.data_len, &err) != 0)
        eng_fatal(run, "%s", err.msg);
}

static void run_task(void *arg)
{
    eng_task *task = arg;
    eng_stage *stage = task->stage;
    eng_run *run = stage->run;
    task->start_ns = lp_wall_ns() - run->start_ns;
    task->worker = lp_pool_worker_index(run->pool);
    __atomic_store_n(&task->state, TASK_RUNNING, __ATOMIC_RELEASE);
    int hit = 0;
    if (run->cancelled) {
        task->state = TASK_FAILED;
    } else {
        hit = lookup_cache(run, task);
        if (hit == 0) {
            task->ran = 1;
            execute_and_store(run, task);
        }
        if (hit >= 0 && task->state != TASK_FAILED)
            task->state = task->result.failed ? TASK_FAILED : TASK_DONE;
        else
            task->state = TASK_FAILED;
    }
    task->hit = hit == 1;
    if (task->hit)
        task->cacheable = 1;
    task->end_ns = lp_wall_ns() - run->start_ns;
    pthread_mutex_lock(&run->lock);
    if (stage->n_tasks == stage->remaining || task->start_ns < stage->first_start_ns)
        stage->first_start_ns = task->start_ns;
    if (task->end_ns > stage->last_end_ns)
        stage->last_end_ns = task->end_ns;
    run->tasks_done++;
    if (--stage->remaining == 0)
        finish_stage_locked(run, stage);
    pthread_cond_broadcast(&run->changed);
    pthread_mutex_unlock(&run->lock);
}

/* ---- the run ----------------------------------------------------------- */

static int scan_port(eng_run *run, size_t port_index, lp_source_list *list, lp_error *err)
{
    const lp_config *cfg = run->cfg;
    const lp_gport *gp = &run->graph->ports[port_index];
    char *const *include = cfg->include;
    int recursive = 1;
    if (gp->source_index > 0) {
        include = cfg->sources[gp->source_index - 1].include;
        recursive = cfg->sources[gp->source_index - 1].recursive;
    }
    char *cache_dir = lp_config_cache_dir(cfg, NULL);
    const char *exclude[] = {cfg->out, cache_dir, NULL};
    if (!cfg->out) {
        exclude[0] = cache_dir;
        exclude[1] = NULL;
    }
    int rc = lp_sources_scan(cfg->src, include, recursive, exclude, cfg->max_file_size, list,
                             err);
    free(cache_dir);
    return rc;
}

/* Watch mode: only the paths the watcher reported are looked at again. */
static int refresh_port(eng_run *run, size_t port_index, lp_source_list *list, lp_error *err)
{
    const lp_config *cfg = run->cfg;
    const lp_gport *gp = &run->graph->ports[port_index];
    char *const *include = cfg->include;
    int recursive = 1;
    if (gp->source_index > 0) {
        include = cfg->sources[gp->source_index - 1].include;
        recursive = cfg->sources[gp->source_index - 1].recursive;
    }
    return lp_session_refresh_list(run->session, list, cfg->src, include, recursive,
                                   cfg->max_file_size, err);
}

/* The source lists: the session's (kept between builds), or this run's. */
static int source_lists(eng_run *run, lp_error *err)
{
    lp_session *session = run->session;
    size_t n = run->graph->n_ports + 1;
    if (!session) {
        run->source_lists = calloc(n, sizeof *run->source_lists);
        return run->source_lists ? 0 : lp_fail(err, "out of memory");
    }
    if (session->lists_valid && session->src && strcmp(session->src, run->cfg->src) == 0 &&
        session->n_lists == n && !session->all_dirty) {
        run->source_lists = session->lists;
        return 0;
    }
    for (size_t i = 0; i < session->n_lists; i++)
        lp_source_list_free(&session->lists[i]);
    free(session->lists);
    free(session->src);
    session->lists = calloc(n, sizeof *session->lists);
    session->src = strdup(run->cfg->src);
    session->n_lists = n;
    session->lists_valid = 0;
    session->all_dirty = 1;
    if (!session->lists || !session->src)
        return lp_fail(err, "out of memory");
    run->source_lists = session->lists;
    return 0;
}

static int load_sources(eng_run *run, lp_run_report *report, lp_error *err)
{
    const lp_graph *graph = run->graph;
    if (source_lists(run, err) != 0)
        return -1;
    char *name = state_name("src", run->cfg->src);
    locus_buf blob = LOCUS_BUF_INIT;
    lp_statcache *previous = NULL;
    if (!name)
        return lp_fail(err, "out of memory");
    int need_statcache = !run->session || !run->session->lists_valid;
    if (need_statcache && run->cache && lp_cache_state_get(run->cache, name, &blob, err) == 1)
        lp_statcache_decode(blob.data, blob.len, &previous);
    locus_buf_free(&blob);
    int64_t scan_time = 0;
    {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        scan_time = (int64_t)now.tv_sec * 1000000000ll + now.tv_nsec;
    }
    const lp_source_list *lists[graph->n_ports + 1];
    size_t n_lists = 0;
    int rc = 0;
    int incremental = run->session && run->session->lists_valid && !run->session->all_dirty;
    for (size_t p = 0; p < graph->n_ports && rc == 0; p++) {
        if (!graph->ports[p].is_source)
            continue;
        lp_source_list *list = &run->source_lists[p];
        size_t read = 0;
        rc = incremental ? refresh_port(run, p, list, err) : scan_port(run, p, list, err);
        if (rc == 0)
            rc = lp_sources_digest(run->cfg->src, list, previous, &read, err);
        report->sources += list->n;
        report->sources_read += read;
        lists[n_lists++] = list;
        struct locus_port *port = &run->ports[p];
        port->items = calloc(list->n + 1, sizeof *port->items);
        for (size_t i = 0; rc == 0 && i < list->n; i++) {
            eng_item *item = port->items ? new_item() : NULL;
            if (!item) {
                rc = lp_fail(err, "out of memory");
                break;
            }
            item->key = list->files[i].key;
            item->digest = list->files[i].digest;
            item->size = list->files[i].size;
            item->source = &list->files[i];
            item->source_root = run->cfg->src;
            port->items[port->n++] = item;
        }
        if (rc == 0 && port_ready(port) != 0)
            rc = lp_fail(err, "out of memory");
    }
    size_t previous_count = lp_statcache_count(previous);
    lp_statcache_free(previous);
    if (run->session) {
        /* The session writes the stat cache when it ends. */
        run->session->lists_valid = rc == 0;
        run->session->scan_time_ns = scan_time;
        lp_session_clear_dirty(run->session);
        free(name);
        return rc;
    }
    /* Nothing read and the same files as before: the stored stat cache is
     * still right (and its older scan time keeps trusting these files). */
    int unchanged = previous_count == report->sources && report->sources_read == 0;
    if (rc == 0 && run->cache && !unchanged) {
        locus_buf encoded = LOCUS_BUF_INIT;
        if (lp_statcache_encode(lists, n_lists, scan_time, &encoded) != 0 ||
            lp_cache_state_put(run->cache, name, encoded.data, encoded.len, err) != 0)
            rc = -1;
        locus_buf_free(&encoded);
    }
    free(name);
    return rc;
}

/* The task log is decoded on its own thread while the sources are
 * scanned: each is about a tenth of a no-op build at 10,000 files. */
typedef struct log_decoding {
    eng_run *run;
    locus_buf blob;
    pthread_t thread;
    int started;
} log_decoding;

static void *decode_log(void *arg)
{
    log_decoding *d = arg;
    lp_tasklog_decode(&d->blob, &d->run->log, &d->run->log_digest);
    return NULL;
}

static void decode_log_start(log_decoding *d)
{
    if (!d->blob.data)
        return;
    d->started = pthread_create(&d->thread, NULL, decode_log, d) == 0;
    if (!d->started)
        decode_log(d);
}

static void decode_log_finish(log_decoding *d)
{
    if (d->started)
        pthread_join(d->thread, NULL);
    d->started = 0;
}

/* Names the task log and fetches its bytes (decoded by decode_log). One
 * log per pipeline: the source and out dirs and every stage's identity
 * (plugin build, version, options) name it. */
static int open_task_log(eng_run *run, log_decoding *decoding, lp_error *err)
{
    lp_hasher *hasher = lp_hasher_new();
    if (!hasher)
        return lp_fail(err, "out of memory");
    lp_hasher_str(hasher, run->cfg->src);
    lp_hasher_str(hasher, run->cfg->out);
    for (size_t s = 0; s < run->graph->n_stages; s++)
        lp_hasher_digest(hasher, &run->graph->stages[s].config_digest);
    locus_digest id = lp_hasher_finish(hasher);
    lp_hasher_free(hasher);
    char hex[33];
    locus_digest_hex(&id, hex);
    run->log_name = state_name("log", hex);
    if (!run->log_name)
        return lp_fail(err, "out of memory");
    decoding->run = run;
    return lp_tasklog_fetch(run->cache, run->log_name, &decoding->blob, err) < 0 ? -1 : 0;
}

/* Store this build's results as the log the next build starts from. */
static void save_task_log(eng_run *run)
{
    if (!run->log_name || !run->cache)
        return;
    lp_tasklog_writer writer;
    lp_tasklog_begin(&writer);
    int bad = 0;
    for (size_t s = 0; s < run->graph->n_stages && !bad; s++)
        for (size_t t = 0; t < run->stages[s].n_tasks && !bad; t++) {
            const eng_task *task = &run->stages[s].tasks[t];
            if (task->cacheable && task->result.meta)
                bad = lp_tasklog_add(&writer, &task->key, task->result.meta,
                                     task->result.meta_len) != 0;
        }
    lp_error err;
    if (bad) {
        locus_buf_free(&writer.blob);
        return; /* out of memory: the next build just queries the cache */
    }
    if (lp_tasklog_finish(&writer, run->cache, run->log_name, &run->log_digest, &err) != 0)
        eng_fatal(run, "%s", err.msg);
}

static int setup(eng_run *run, lp_run_report *report, lp_error *err)
{
    const lp_graph *graph = run->graph;
    pthread_mutex_init(&run->lock, NULL);
    pthread_cond_init(&run->changed, NULL);
    for (size_t i = 0; i < 64; i++)
        pthread_mutex_init(&run->item_locks[i], NULL);
    run->lock_fd = -1;
    run->ports = calloc(graph->n_ports + 1, sizeof *run->ports);
    run->stages = calloc(graph->n_stages + 1, sizeof *run->stages);
    if (!run->ports || !run->stages)
        return lp_fail(err, "out of memory");
    for (size_t p = 0; p < graph->n_ports; p++)
        run->ports[p].name = graph->ports[p].name;
    for (size_t s = 0; s < graph->n_stages; s++) {
        run->stages[s].run = run;
        run->stages[s].g = &graph->stages[s];
        run->stages[s].index = s;
        for (size_t i = 0; i < graph->stages[s].n_inputs; i++) {
            run->ports[graph->stages[s].inputs[i]].consumers_left++;
            run->ports[graph->stages[s].inputs[i]].readers++;
        }
        for (size_t i = 0; i < graph->stages[s].n_after; i++)
            run->ports[graph->stages[s].after[i]].readers++;
    }
    run->stages_open = graph->n_stages;
    if (run->session && run->session->cache) {
        run->cache = run->session->cache;
    } else {
        char *cache_dir = lp_config_cache_dir(run->cfg, err);
        if (!cache_dir)
            return -1;
        int rc = lp_cache_open(cache_dir, run->cfg->cache_size, &run->cache, err);
        free(cache_dir);
        if (rc != 0)
            return -1;
        if (run->session)
            run->session->cache = run->cache;
    }
    log_decoding decoding = {0};
    if (!run->session && run->opts->use_cache && open_task_log(run, &decoding, err) != 0)
        return -1;
    decode_log_start(&decoding);
    int scanned = load_sources(run, report, err);
    decode_log_finish(&decoding);
    if (scanned != 0)
        return -1;
    int jobs = run->opts->jobs > 0 ? run->opts->jobs : (int)run->cfg->jobs;
    if (jobs <= 0)
        jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
    report->jobs = jobs > 0 ? jobs : 1;
    if (run->session && run->session->pool) {
        run->pool = run->session->pool;
        report->jobs = lp_pool_size(run->pool);
        return 0;
    }
    run->pool = lp_pool_new(report->jobs);
    if (run->session)
        run->session->pool = run->pool;
    return run->pool ? 0 : lp_fail(err, "cannot start %d worker threads", report->jobs);
}

static void print_progress(eng_run *run, int final)
{
    if (!run->opts->progress)
        return;
    if (final) {
        fputs("\r\033[K", stderr);
        return;
    }
    const char *current = "";
    for (size_t s = 0; s < run->graph->n_stages; s++)
        if (run->stages[s].state == LP_STAGE_RUNNING) {
            current = run->stages[s].g->cfg->name;
            break;
        }
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", run->tasks_done, run->tasks_known, current);
    fflush(stderr);
}

/* Resident memory of the process, in bytes (0 if unknown). */
static uint64_t resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long size = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%llu %llu", &size, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

static const char *running_stage_locked(const eng_run *run)
{
    for (size_t s = 0; s < run->graph->n_stages; s++)
        if (run->stages[s].state == LP_STAGE_RUNNING)
            return run->stages[s].g->cfg->name;
    return "(none)";
}

/* max_memory and per-stage timeout= (checked every progress tick): a
 * breach stops the build; nothing is written since the build fails. */
static void check_limits_locked(eng_run *run)
{
    if (run->cancelled)
        return;
    uint64_t limit = run->cfg->max_memory;
    uint64_t resident = limit ? resident_bytes() : 0;
    if (limit && resident > limit) {
        char *stage = strdup(running_stage_locked(run));
        pthread_mutex_unlock(&run->lock);
        eng_fatal(run, "memory limit: the build uses %.1f MB, more than max_memory (%.1f MB), "
                       "while running stage '%s'", (double)resident / 1048576.0,
                  (double)limit / 1048576.0, stage ? stage : "?");
        free(stage);
        pthread_mutex_lock(&run->lock);
        return;
    }
    uint64_t now = lp_wall_ns() - run->start_ns;
    for (size_t s = 0; s < run->graph->n_stages; s++) {
        const eng_stage *stage = &run->stages[s];
        double timeout = stage->g->cfg->timeout_s;
        if (timeout <= 0 || stage->state != LP_STAGE_RUNNING)
            continue;
        for (size_t t = 0; t < stage->n_tasks; t++) {
            const eng_task *task = &stage->tasks[t];
            if (__atomic_load_n(&task->state, __ATOMIC_ACQUIRE) != TASK_RUNNING ||
                (double)(now - task->start_ns) / 1e9 <= timeout)
                continue;
            const char *item = task->item_index == SIZE_MAX
                                   ? ""
                                   : run->ports[stage->g->inputs[0]].items[task->item_index]->key;
            char what[512];
            snprintf(what, sizeof what, "stage '%s'%s%s%s ran longer than its timeout (%g s)",
                     stage->g->cfg->name, item[0] ? " (item '" : "", item, item[0] ? "')" : "",
                     timeout);
            pthread_mutex_unlock(&run->lock);
            eng_fatal(run, "%s", what);
            pthread_mutex_lock(&run->lock);
            return;
        }
    }
}

/* Waits until every stage is closed. Returns -1 if the build was stopped
 * and a task did not return within the grace period (it ignores
 * cancellation): the caller must then not free what that task may use. */
static int wait_for_stages(eng_run *run)
{
    uint64_t cancelled_at = 0;
    pthread_mutex_lock(&run->lock);
    for (size_t s = 0; s < run->graph->n_stages; s++)
        if (run->stages[s].state == LP_STAGE_WAITING)
            expand_stage_locked(run, &run->stages[s]);
    while (run->stages_open > 0) {
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_nsec += (long)PROGRESS_INTERVAL_NS;
        if (deadline.tv_nsec >= 1000000000l) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000l;
        }
        pthread_cond_timedwait(&run->changed, &run->lock, &deadline);
        print_progress(run, 0);
        check_limits_locked(run);
        if (run->cancelled && !cancelled_at)
            cancelled_at = lp_wall_ns();
        if (cancelled_at && lp_wall_ns() - cancelled_at > CANCEL_GRACE_NS) {
            pthread_mutex_unlock(&run->lock);
            print_progress(run, 1);
            return -1;
        }
    }
    pthread_mutex_unlock(&run->lock);
    print_progress(run, 1);
    return 0;
}

/* Watch mode: the session keeps the manifest and stores it when it ends. */
static int keep_manifest(eng_run *run, lp_manifest *manifest, lp_error *err)
{
    lp_session *session = run->session;
    if (run->previous_manifest == session->manifest)
        run->previous_manifest = NULL; /* borrowed: freed below, not by teardown */
    lp_manifest_free(session->manifest);
    session->manifest = manifest;
    if (!session->out || strcmp(session->out, run->cfg->out) != 0) {
        free(session->out);
        if (!(session->out = strdup(run->cfg->out)))
            return lp_fail(err, "out of memory");
    }
    return 0;
}

static int finish_outputs(eng_run *run, int build_failed, lp_run_report *report, lp_error *err)
{
    if (!run->cfg->out)
        return 0;
    report->wrote_outputs = 1;
    if (!run->writer) {
        /* No file was written. A failed build then changes nothing; a
         * successful one may still have stale files to remove, but a first
         * build must not even create the out dir. */
        if (build_failed)
            return 0;
        if (load_previous_manifest(run, err) != 0)
            return -1;
        if (!run->previous_manifest || lp_manifest_count(run->previous_manifest) == 0)
            return 0;
        if (open_writer_locked(run, err) != 0)
            return -1;
    }
    lp_manifest *manifest = NULL;
    /* A stale file that cannot be removed fails the build, but the manifest
     * still lists it (a later build retries): store it either way. */
    int finished = lp_writer_finish(run->writer, !build_failed, &manifest, &report->files, err);
    if (!manifest)
        return -1;
    lp_error store_err;
    if (run->session)
        return keep_manifest(run, manifest, finished == 0 ? err : &store_err) != 0 || finished
                   ? -1
                   : 0;
    lp_error *store_to = finished == 0 ? err : &store_err;
    if (finished == 0 && report->files.written == 0 && report->files.removed == 0 &&
        run->previous_manifest &&
        lp_manifest_count(run->previous_manifest) == lp_manifest_count(manifest)) {
        /* Same files, none written or removed: the stored manifest holds. */
        lp_manifest_free(manifest);
        return 0;
    }
    char *name = state_name("out", run->cfg->out);
    locus_buf blob = LOCUS_BUF_INIT;
    int rc = 0;
    if (!name || lp_manifest_encode(manifest, &blob) != 0)
        rc = lp_fail(store_to, "out of memory");
    else
        rc = lp_cache_state_put(run->cache, name, blob.data, blob.len, store_to);
    free(name);
    locus_buf_free(&blob);
    lp_manifest_free(manifest);
    return rc != 0 || finished != 0 ? -1 : 0;
}

static const char *keep(lp_run_report *report, const char *s)
{
    return s ? locus_arena_strdup(report->arena, s) : NULL;
}

/* The report's diagnostics as they are copied in, with the last kind,
 * code and file kept: consecutive diagnostics mostly share them (a
 * 10,000-file project replays 62,000 warnings on every build). */
typedef struct diag_copier {
    size_t cap;
    const char *kind, *code, *file;
} diag_copier;

static const char *keep_like(lp_run_report *report, const char *s, const char **last)
{
    if (!s || (*last && strcmp(s, *last) == 0))
        return s ? *last : NULL;
    return *last = keep(report, s);
}

static int add_diag(lp_run_report *report, diag_copier *copier, const locus_diag *d)
{
    if (report->n_diags == copier->cap) {
        size_t grown_cap = copier->cap ? copier->cap * 2 : 16;
        locus_diag *grown = realloc(report->diags, grown_cap * sizeof *grown);
        if (!grown)
            return -1;
        report->diags = grown;
        copier->cap = grown_cap;
    }
    locus_diag copy = *d;
    copy.kind = keep_like(report, d->kind, &copier->kind);
    copy.code = keep_like(report, d->code, &copier->code);
    copy.file = keep_like(report, d->file, &copier->file);
    copy.message = keep(report, d->message);
    report->diags[report->n_diags++] = copy;
    if (d->severity == LOCUS_SEV_ERROR)
        report->n_errors++;
    else if (d->severity == LOCUS_SEV_WARNING)
        report->n_warnings++;
    return 0;
}

static void stage_metrics(eng_run *run, const eng_stage *stage, lp_stage_metrics *m)
{
    m->state = stage->state;
    m->tasks = stage->n_tasks;
    if (stage->n_tasks) {
        m->start_ns = stage->first_start_ns;
        m->wall_ns = stage->last_end_ns - stage->first_start_ns;
    }
    for (size_t t = 0; t < stage->n_tasks; t++) {
        const eng_task *task = &stage->tasks[t];
        m->cache_hits += task->hit;
        m->cache_misses += task->ran;
        m->failed_tasks += task->state != TASK_DONE;
        m->cpu_ns += task->cpu_ns;
        m->bytes_out += lp_result_item_bytes(&task->result) +
                        lp_result_file_bytes(&task->result);
        const lp_gstage *g = stage->g;
        for (size_t i = 0; i < g->n_inputs; i++) {
            const struct locus_port *port = &run->ports[g->inputs[i]];
            if (i == 0 && task->item_index != SIZE_MAX)
                m->bytes_in += port->items[task->item_index]->size;
            else
                m->bytes_in += port->bytes;
        }
    }
}

static int add_files(lp_run_report *report, size_t *cap, const eng_task *task)
{
    for (size_t i = 0; i < task->result.n_files; i++) {
        if (report->n_outputs == *cap) {
            size_t grown_cap = *cap ? *cap * 2 : 64;
            lp_report_file *grown = realloc(report->outputs, grown_cap * sizeof *grown);
            if (!grown)
                return -1;
            report->outputs = grown;
            *cap = grown_cap;
        }
        lp_report_file *file = &report->outputs[report->n_outputs++];
        file->path = keep(report, task->result.files[i].path);
        file->flags = task->result.files[i].flags;
        file->size = task->result.files[i].size;
        if (!file->path)
            return -1;
    }
    return 0;
}

static int add_task_records(eng_run *run, lp_run_report *report)
{
    size_t n = 0;
    for (size_t s = 0; s < run->graph->n_stages; s++)
        n += run->stages[s].n_tasks;
    report->tasks = calloc(n + 1, sizeof *report->tasks);
    if (!report->tasks)
        return -1;
    for (size_t s = 0; s < run->graph->n_stages; s++) {
        const eng_stage *stage = &run->stages[s];
        const struct locus_port *primary =
            stage->g->n_inputs ? &run->ports[stage->g->inputs[0]] : NULL;
        for (size_t t = 0; t < stage->n_tasks; t++) {
            const eng_task *task = &stage->tasks[t];
            lp_task_record *rec = &report->tasks[report->n_tasks++];
            rec->stage = (uint32_t)s;
            rec->label = task->item_index == SIZE_MAX
                             ? ""
                             : keep(report, primary->items[task->item_index]->key);
            rec->start_ns = task->start_ns;
            rec->end_ns = task->end_ns;
            rec->worker = task->worker;
            rec->hit = task->hit;
            rec->failed = task->state != TASK_DONE;
            if (!rec->label)
                return -1;
        }
    }
    return 0;
}

static int fill_report(eng_run *run, lp_run_report *report)
{
    if (add_task_records(run, report) != 0)
        return -1;
    diag_copier copier = {0};
    size_t files_cap = 0;
    report->n_stages = run->graph->n_stages;
    report->stages = calloc(report->n_stages + 1, sizeof *report->stages);
    if (!report->stages)
        return -1;
    for (size_t s = 0; s < run->graph->n_stages; s++) {
        const eng_stage *stage = &run->stages[s];
        stage_metrics(run, stage, &report->stages[s]);
        report->stages[s].name = keep(report, stage->g->cfg->name);
        report->failed |= stage->state != LP_STAGE_DONE;
        for (size_t t = 0; t < stage->n_tasks; t++) {
            for (size_t d = 0; d < stage->tasks[t].result.n_diags; d++)
                if (add_diag(report, &copier, &stage->tasks[t].result.diags[d]) != 0)
                    return -1;
            if (stage->tasks[t].state == TASK_DONE &&
                add_files(report, &files_cap, &stage->tasks[t]) != 0)
                return -1;
        }
    }
    if (run->fatal_error) {
        locus_diag diag = {.severity = LOCUS_SEV_ERROR, .kind = "internal",
                           .message = run->fatal_error};
        report->failed = 1;
        if (add_diag(report, &copier, &diag) != 0)
            return -1;
    }
    return 0;
}

/* Watch mode: every result of this build goes (back) into the session's
 * memo with its bytes; results of earlier builds nothing used are dropped. */
static void memoize_results(eng_run *run)
{
    for (size_t s = 0; run->stages && s < run->graph->n_stages; s++) {
        eng_stage *stage = &run->stages[s];
        for (size_t t = 0; t < stage->n_tasks; t++) {
            eng_task *task = &stage->tasks[t];
            if (!task->cacheable || !task->result.meta)
                continue;
            if (lp_memo_put(&run->session->results, &task->key, &task->result, task->data) == 0)
                task->data = NULL;
        }
    }
    lp_memo_evict_unused(&run->session->results);
    lp_blobmemo_evict_unused(run->session);
}

static void teardown(eng_run *run)
{
    if (!run->session)
        lp_pool_free(run->pool);
    for (size_t p = 0; run->ports && p < run->graph->n_ports; p++) {
        struct locus_port *port = &run->ports[p];
        for (size_t i = 0; i < port->n; i++) {
            free(port->items[i]->source_data);
            free(port->items[i]);
        }
        free(port->items);
        lp_strmap_free(&port->by_key);
    }
    if (run->session)
        memoize_results(run);
    for (size_t s = 0; run->stages && s < run->graph->n_stages; s++) {
        eng_stage *stage = &run->stages[s];
        for (size_t t = 0; t < stage->n_tasks; t++) {
            lp_result_free(&stage->tasks[t].result);
            free(stage->tasks[t].data);
            pthread_mutex_destroy(&stage->tasks[t].data_lock);
        }
        free(stage->tasks);
    }
    if (!run->session) {
        for (size_t p = 0; run->source_lists && p < run->graph->n_ports; p++)
            lp_source_list_free(&run->source_lists[p]);
        free(run->source_lists);
    }
    free(run->ports);
    free(run->stages);
    lp_writer_free(run->writer);
    if (!run->session || run->previous_manifest != run->session->manifest)
        lp_manifest_free(run->previous_manifest);
    if (run->lock_fd >= 0)
        close(run->lock_fd);
    free(run->fatal_error);
    lp_memo_free(&run->log);
    free(run->log_name);
    for (size_t i = 0; i < 64; i++)
        pthread_mutex_destroy(&run->item_locks[i]);
    pthread_cond_destroy(&run->changed);
    pthread_mutex_destroy(&run->lock);
}

static uint64_t process_cpu_ns(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return ((uint64_t)usage.ru_utime.tv_sec + (uint64_t)usage.ru_stime.tv_sec) * 1000000000ull +
           ((uint64_t)usage.ru_utime.tv_usec + (uint64_t)usage.ru_stime.tv_usec) * 1000ull;
}

int lp_run(const lp_run_options *opts, lp_run_report *report, lp_error *err)
{
    memset(report, 0, sizeof *report);
    report->arena = locus_arena_new();
    /* On the heap: an abandoned task (below) may still reach it after we
     * return. */
    eng_run *run = calloc(1, sizeof *run);
    if (!run) {
        locus_arena_free(report->arena);
        report->arena = NULL;
        return lp_fail(err, "out of memory");
    }
    *run = (eng_run){.opts = opts, .cfg = opts->cfg, .graph = opts->graph,
                     .session = opts->session};
    if (run->session) {
        lp_memo_begin_build(&run->session->results);
        lp_blobmemo_begin_build(run->session);
    }
    run->start_ns = lp_wall_ns();
    uint64_t cpu_start = process_cpu_ns();
    int rc = report->arena ? setup(run, report, err) : lp_fail(err, "out of memory");
    if (rc == 0 && wait_for_stages(run) != 0) {
        /* A task ignores cancellation and may still use the run's memory:
         * give up without freeing it (deliberately leaked: the process is
         * about to exit, and the thread must not find it freed). */
        lp_fail(err, "%s; a task did not stop within 5 s", run->fatal_error ? run->fatal_error
                                                                          : "the build stopped");
        report->abandoned = 1;
        return -1;
    }
    if (rc == 0) {
        lp_error commit_err;
        if (run->cfg->out && !run_failed(run) && commit_outputs(run, &commit_err) != 0)
            eng_fatal(run, "%s", commit_err.msg);
        if (!run->session)
            lp_pool_free(run->pool);
        run->pool = run->session ? run->pool : NULL;
        rc = fill_report(run, report) == 0 ? 0 : lp_fail(err, "out of memory");
    }
    if (rc == 0 && finish_outputs(run, report->failed, report, err) != 0)
        rc = -1;
    if (rc == 0 && !run->session)
        save_task_log(run);
    if (run->session) {
        if (run->cache && lp_cache_flush(run->cache, rc == 0 ? err : NULL) != 0)
            rc = -1;
    } else if (run->cache && lp_cache_close(run->cache, rc == 0 ? err : NULL) != 0) {
        rc = -1;
    }
    run->cache = NULL;
    teardown(run);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    report->peak_rss_kb = (uint64_t)usage.ru_maxrss;
    report->wall_ns = lp_wall_ns() - run->start_ns;
    report->cpu_ns = process_cpu_ns() - cpu_start;
    free(run);
    return rc;
}

void lp_run_report_free(lp_run_report *report)
{
    free(report->tasks);
    free(report->outputs);
    free(report->stages);
    free(report->diags);
    locus_arena_free(report->arena);
    memset(report, 0, sizeof *report);
}
