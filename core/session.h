/* session.h — state kept between builds of one long-running process
 * (watch mode): the cache handle and worker pool, the source lists (so a
 * rebuild only looks at the paths the file watcher reported), every task's
 * last result with its bytes (so an unchanged task costs a hash lookup,
 * not a database read), and the output manifest.
 */
#ifndef LP_SESSION_H
#define LP_SESSION_H

#include <stddef.h>

#include "error.h"

typedef struct lp_session lp_session;

lp_session *lp_session_new(void);
/* Flush what the session holds (results, stat cache, manifest) to the
 * cache and free everything. NULL is a no-op. */
int lp_session_free(lp_session *session, lp_error *err);

/* A source path (relative to the source directory) that may have been
 * created, changed or removed since the last build. */
int lp_session_mark_dirty(lp_session *session, const char *rel_path);
/* Forget what is known about the source tree: the next build rescans it. */
void lp_session_mark_all_dirty(lp_session *session);
/* Number of results the session holds in memory. */
size_t lp_session_results(const lp_session *session);

#endif
