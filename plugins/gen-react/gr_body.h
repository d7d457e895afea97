/* gr_body.h — an action or `on load` body (Locus's action language, which
 * the reference copies verbatim) as TypeScript that type-checks:
 *   - `count = count + 1` on a state variable → `setCount(count + 1)`
 *     (also `+=`, `-=`); state is immutable in React;
 *   - data calls `find(Product)`, `findOne(User, where: { id: 1 })`,
 *     `create`, `update`, `delete` → the runtime's helpers, awaited, with
 *     the entity name as a string and named arguments as one options
 *     object: `await findOne("User", { where: { id: 1 } })` (D-07);
 *   - named arguments of any call become an options object;
 *   - `if cond {` → `if (cond) {` with `not`/`and`/`or` as `!`/`&&`/`||`;
 *   - `log`, `redirect`, `navigate`, `routeId` come from the runtime.
 * Valid TypeScript that uses none of this is copied byte for byte. */
#ifndef GR_BODY_H
#define GR_BODY_H

#include "gr_out.h"
#include "gr_ui.h"

typedef struct gr_body {
    const gr_scope *scope; /* state (setters) and actions (not helpers) */
    unsigned helpers;      /* out: bit (1u << GR_HELPER_x) per helper used */
    int is_async;          /* out: the translated body awaits */
} gr_body;

/* Append the translation of text. Returns 0, or -1 out of memory. */
int gr_translate_body(gr_out *out, gr_str text, gr_body *body, locus_arena *arena);

#endif
