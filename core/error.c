/* error.c — filling lp_error values. */
#include "error.h"

#include <stdio.h>

int lp_vfail(lp_error *err, const char *fmt, va_list ap)
{
    if (err)
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return -1;
}

int lp_fail(lp_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lp_vfail(err, fmt, ap);
    va_end(ap);
    return -1;
}
