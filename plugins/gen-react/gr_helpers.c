/* gr_helpers.c — the runtime helpers of translated bodies (gr_helpers.h). */
#include "gr_helpers.h"

static const char *const names[GR_NHELPERS] = {
    "create", "find", "findOne", "log", "navigate", "redirect", "remove", "routeId", "update",
};

const char *gr_helper_name(unsigned i)
{
    return i < GR_NHELPERS ? names[i] : "";
}

int gr_helper_of(gr_str name)
{
    if (gr_str_eq(name, "delete"))
        return GR_HELPER_REMOVE;
    for (unsigned i = 0; i < GR_NHELPERS; i++)
        if (gr_str_eq(name, names[i]))
            return (int)i;
    return -1;
}

int gr_helper_is_data(unsigned i)
{
    return i == GR_HELPER_CREATE || i == GR_HELPER_FIND || i == GR_HELPER_FIND_ONE ||
           i == GR_HELPER_REMOVE || i == GR_HELPER_UPDATE;
}
