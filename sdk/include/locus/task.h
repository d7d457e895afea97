/* locus/task.h — the context a stage's run function receives.
 *
 * A task must be a pure function of its inputs and options: the core
 * caches its outputs, diagnostics and files under a key made from the
 * stage's name, version and plugin build, its config section and its input
 * digests, and replays them on the next build with the same key. So a
 * task must not read the clock, the environment, random numbers, files
 * outside its inputs, or absolute paths.
 *
 * Task functions may be called from any worker thread; the ones below are
 * safe to call concurrently from inside locus_parallel_for bodies, except
 * where noted.
 */
#ifndef LOCUS_TASK_H
#define LOCUS_TASK_H

#include <stddef.h>

#include "arena.h"
#include "artifact.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct locus_task locus_task;

/* The stage's name as configured (the [stage NAME] section). */
const char *locus_task_stage(const locus_task *task);

/* The value of a declared option: the config value, else its default,
 * else NULL. The returned string lives as long as the task. */
const char *locus_task_option(const locus_task *task, const char *name);

/* An arena that lives until the task returns. Not thread-safe: inside a
 * parallel_for body use locus_task_worker_arena instead. */
locus_arena *locus_task_arena(locus_task *task);

/* Split work across the core's worker pool: calls body(ctx, i) for every i
 * in [0, n), in any order, on any worker (the calling thread helps). Returns
 * when all calls have returned: 0, or -1 if the task was cancelled before
 * every index ran. Nested calls are allowed. Bodies must not call
 * locus_emit on the same key twice; locus_emit, locus_diag_report and the
 * output writer are safe to call from bodies. */
typedef void (*locus_parallel_body)(void *ctx, size_t index);
int locus_parallel_for(locus_task *task, size_t n, locus_parallel_body body, void *ctx);

/* An arena private to the calling thread for the rest of the task (useful
 * inside parallel_for bodies). Freed when the task returns. */
locus_arena *locus_task_worker_arena(locus_task *task);

/* Non-zero once the build is stopping (another task failed fatally, a
 * timeout or a memory limit hit). Long tasks should poll it and return -1. */
int locus_task_cancelled(const locus_task *task);

/* A memory a stage keeps between builds of one long-running process
 * (watch mode), for work finer than a task: e.g. the parse stage keeps
 * each top-level block's parse, keyed by the digest of its bytes, and a
 * re-parse of an edited file reuses the blocks that did not change.
 * Entries are per stage; a value is a byte blob the core copies. Outside
 * watch mode there is no memory: get finds nothing and put does nothing.
 * The result of a task must not depend on what the memo holds (it is only
 * a shortcut), or cached results would depend on history. Thread-safe.
 *
 * locus_memo_get returns the bytes (valid until the task returns) and sets
 * *len, or NULL. locus_memo_put returns 0, or -1 if there is no memory or
 * it ran out. An entry that 16 builds in a row did not get or put is
 * dropped. */
const void *locus_memo_get(locus_task *task, const locus_digest *key, size_t *len);
int locus_memo_put(locus_task *task, const locus_digest *key, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
