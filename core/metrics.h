/* metrics.h — the metrics JSON a run writes with --metrics FILE: per stage
 * wall and CPU time, task counts, cache hits and misses, bytes in and out;
 * output-file counts; peak RSS; totals. docs/configuration.md documents
 * every field; the bench suite reads it. */
#ifndef LP_METRICS_H
#define LP_METRICS_H

#include "engine.h"
#include "error.h"

int lp_metrics_write(const char *path, const lp_run_report *report, lp_error *err);
const char *lp_stage_state_name(lp_stage_state state);

#endif
