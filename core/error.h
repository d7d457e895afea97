/* error.h — the error value core functions return through an out-parameter.
 *
 * Core functions return 0 on success and -1 on failure, filling an
 * lp_error with one line that says what failed and where (a path,
 * file:line, a plugin). No heap: an lp_error lives on the caller's stack.
 */
#ifndef LP_ERROR_H
#define LP_ERROR_H

#include <stdarg.h>

#define LP_ERROR_MAX 1024

typedef struct lp_error {
    char msg[LP_ERROR_MAX];
} lp_error;

/* Set err (if not NULL) and return -1, so callers can `return lp_fail(...)`. */
int lp_fail(lp_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int lp_vfail(lp_error *err, const char *fmt, va_list ap);

#endif
