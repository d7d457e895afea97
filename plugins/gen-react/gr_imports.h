/* gr_imports.h — which names a page or component imports (outputs.md
 * §7.1, from the whole UI tree: O-05): built-in UI components and body
 * helpers from the runtime, user components from their own files. */
#ifndef GR_IMPORTS_H
#define GR_IMPORTS_H

#include "gr_names.h"
#include "gr_out.h"
#include "gr_uses.h"

/* The project's component names: an array (tests), or the COMPONENTS
 * list of merge's `index` blob, read in place (the plugin). */
typedef struct gr_project {
    const gr_str *components;
    size_t ncomponents;
    const locus_ast *index; /* when set, the names are its root's COMPONENTS */
} gr_project;

/* found[j] = whether tags[j] names a component, in one pass over the
 * names (a page uses few tags; the project may have thousands). */
void gr_project_lookup(const gr_project *project, const gr_str *tags, size_t ntags,
                       unsigned char *found);

typedef struct gr_imports {
    gr_names runtime; /* built-ins Button, Input, Stack, Text */
    gr_names user;    /* user components, first use first */
} gr_imports;

/* Sort the tags of uses into runtime and user imports, skipping self. */
void gr_resolve_imports(const gr_uses *uses, gr_str self, const gr_project *project,
                        locus_arena *arena, gr_imports *out);

/* `import { A, b } from '../runtime/_locusRuntime';⏎` for the runtime
 * components plus the helpers (GR_HELPER bits), in code-unit order;
 * nothing when both are empty. */
void gr_put_runtime_import(gr_out *out, const gr_names *runtime, unsigned helpers);

/* `import N from '«dir»N'⏎` per user component (no semicolon, as the
 * reference writes them). */
void gr_put_user_imports(gr_out *out, const gr_names *user, const char *dir);

#endif
