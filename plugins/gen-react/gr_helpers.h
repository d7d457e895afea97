/* gr_helpers.h — the runtime helpers that translated action and `on load`
 * bodies may call (react/runtime/_locusRuntime.ts exports them): data
 * access (find, findOne, create, update, remove), log, navigation. */
#ifndef GR_HELPERS_H
#define GR_HELPERS_H

#include "gr_text.h"

enum {
    GR_HELPER_CREATE,
    GR_HELPER_FIND,
    GR_HELPER_FIND_ONE,
    GR_HELPER_LOG,
    GR_HELPER_NAVIGATE,
    GR_HELPER_REDIRECT,
    GR_HELPER_REMOVE,
    GR_HELPER_ROUTE_ID,
    GR_HELPER_UPDATE,
    GR_NHELPERS
};

/* Exported name of helper i (the enum is in code-unit order of names). */
const char *gr_helper_name(unsigned i);
/* The helper a name calls, or -1. `delete` is `remove` (a JavaScript
 * keyword cannot be a function name). */
int gr_helper_of(gr_str name);
/* Data helpers are awaited and take an entity name first. */
int gr_helper_is_data(unsigned i);

#endif
