/* buildlog.h — what `build` does after a successful run: the reference's
 * console warning list, its bookkeeping files (METRICS_SUMMARY.json,
 * METRICS_HISTORY.jsonl, DEPRECATION_STATS.jsonl, AUTO_PAREN_REMOVAL,
 * BUILD_METRICS.json), --dry-run's listing, and the optional external
 * tools. These depend on the clock and the previous files, so they are the
 * front end's work, not a cached stage's (outputs.md §17, §18, §20). */
#ifndef LP_BUILDLOG_H
#define LP_BUILDLOG_H

#include <stdint.h>

#include "config.h"
#include "engine.h"

typedef struct lp_build_args {
    const char *src;
    const char *out;
    int json;
    int suppress_warnings;
    int dry_run;
    int debug;
    int prisma_generate;
    int emit_js;
    int jobs;
    int no_cache;
    const char *metrics;
} lp_build_args;

uint64_t lp_build_clock_ns(void);
/* Print the warnings, write the bookkeeping files, run external tools.
 * Returns the exit status. */
int lp_build_finish(const lp_build_args *args, const lp_config *cfg,
                    const lp_run_report *report, uint64_t start_ns);
/* `[locus][build][dry-run] files that would be written:` and the list. */
int lp_build_print_dry_run(const lp_run_report *report);

#endif
