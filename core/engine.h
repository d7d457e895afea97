/* engine.h — running a checked pipeline graph: one build.
 *
 * lp_run scans the sources (reusing digests of unchanged files), then runs
 * each stage as soon as its input ports are complete: one task (once) or
 * one task per primary item (per item), on the bounded pool. Every task
 * first looks its key up in the cache and replays a hit without running.
 * Files that tasks write go to the output writer as soon as the task is
 * done. A failed task fails its stage; stages downstream are skipped while
 * independent ones run to the end.
 */
#ifndef LP_ENGINE_H
#define LP_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"
#include "graph.h"
#include "locus/diag.h"
#include "outwriter.h"

typedef enum lp_stage_state {
    LP_STAGE_WAITING = 0,
    LP_STAGE_RUNNING,
    LP_STAGE_DONE,
    LP_STAGE_FAILED,
    LP_STAGE_SKIPPED /* an input failed */
} lp_stage_state;

typedef struct lp_stage_metrics {
    const char *name;
    lp_stage_state state;
    uint64_t tasks;
    uint64_t cache_hits;
    uint64_t cache_misses; /* tasks that ran */
    uint64_t failed_tasks;
    uint64_t wall_ns; /* first task start to last task end */
    uint64_t cpu_ns;  /* CPU time of the tasks that ran, helpers included */
    uint64_t bytes_in;
    uint64_t bytes_out;
    uint64_t start_ns; /* since the run started */
} lp_stage_metrics;

typedef struct lp_report_file {
    const char *path; /* relative to the out dir */
    unsigned flags;   /* LOCUS_OUT_* */
    uint64_t size;
} lp_report_file;

/* One task's execution, for traces and profiles. */
typedef struct lp_task_record {
    uint32_t stage;    /* index into stages */
    const char *label; /* the item key, or "" for a once task */
    uint64_t start_ns; /* since the run started */
    uint64_t end_ns;
    int worker;        /* pool thread that ran it */
    int hit;           /* replayed from the cache */
    int failed;
} lp_task_record;

typedef struct lp_run_report {
    lp_stage_metrics *stages; /* graph order */
    size_t n_stages;
    locus_diag *diags;        /* every diagnostic, stage then task order */
    lp_report_file *outputs;  /* every file the tasks produced (also without out=) */
    size_t n_outputs;
    lp_task_record *tasks;    /* every task, stage then item order */
    size_t n_tasks;
    size_t n_diags;
    size_t n_errors;
    size_t n_warnings;
    size_t sources;           /* source files in all source ports */
    size_t sources_read;      /* of which read and hashed this run */
    lp_writer_stats files;
    int wrote_outputs;        /* an out dir was configured */
    uint64_t wall_ns;
    uint64_t cpu_ns;          /* process user + system */
    uint64_t peak_rss_kb;
    int jobs;
    int failed;               /* a task failed or a stage was skipped */
    int abandoned;            /* stopped with a task still running (it ignored the stop):
                                 the caller must exit without freeing the graph or
                                 unloading plugins */
    struct locus_arena *arena; /* owns the strings above */
} lp_run_report;

typedef struct lp_session lp_session;

typedef struct lp_run_options {
    const lp_config *cfg;
    const lp_graph *graph;
    int jobs;       /* 0: from config, else online CPUs */
    int use_cache;  /* 0: run every task (results are still stored) */
    int progress;   /* print a progress line on stderr */
    lp_session *session; /* NULL, or state kept between builds (watch mode) */
} lp_run_options;

/* -1 only when the run could not start or finish its bookkeeping (no
 * cache, unreadable source tree, ...); task failures are in the report. */
int lp_run(const lp_run_options *opts, lp_run_report *report, lp_error *err);
void lp_run_report_free(lp_run_report *report);

#endif
