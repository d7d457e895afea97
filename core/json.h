/* json.h — writing JSON text: string escaping shared by diagnostics,
 * metrics and traces. */
#ifndef LP_JSON_H
#define LP_JSON_H

#include <stdio.h>

/* Write s as a JSON string literal ("..." with escapes; non-ASCII raw).
 * NULL is written as null. */
void lp_json_string(FILE *out, const char *s);

#endif
