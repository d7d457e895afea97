/* profile.h — explaining where a run's time went: `--profile` prints the
 * per-stage breakdown and the critical path; `--trace FILE` writes every
 * task as Chrome trace events (chrome://tracing, ui.perfetto.dev). */
#ifndef LP_PROFILE_H
#define LP_PROFILE_H

#include <stdio.h>

#include "engine.h"
#include "error.h"
#include "graph.h"

void lp_profile_print(FILE *out, const lp_run_report *report, const lp_graph *graph);
int lp_trace_write(const char *path, const lp_run_report *report, lp_error *err);

#endif
