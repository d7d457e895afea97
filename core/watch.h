/* watch.h — watch mode: build, then rebuild on every change to the source
 * tree (inotify), reusing everything unchanged from memory.
 *
 * Bursts of events (an editor's write-temp-and-rename, several files
 * saved at once, delete and re-create) are debounced: a rebuild starts
 * once the tree has been quiet for a few milliseconds (or at most 100 ms
 * after the first event). A build that fails keeps the last good outputs
 * (nothing is written) and prints its errors; the next good build
 * recovers. SIGINT/SIGTERM end the loop cleanly.
 */
#ifndef LP_WATCH_H
#define LP_WATCH_H

#include "config.h"
#include "graph.h"

typedef struct lp_watch_options {
    lp_config *cfg;
    const lp_graph *graph;
    int jobs;
    int json;        /* diagnostics as JSON lines */
    int max_builds;  /* stop after this many builds (0: until a signal); for tests */
} lp_watch_options;

/* Returns an exit status: 0 after a signal, 1 if the watcher failed. */
int lp_watch(const lp_watch_options *opts);

#endif
