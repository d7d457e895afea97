/* express.h — the Express API generator (outputs.md §4, §5): validation
 * modules, route modules, server.ts, and the auth-variant and upload
 * extras, as functions over AST nodes and names. The plugin wrapper
 * (express_plugin.c) feeds them merge's items; the unit tests feed them
 * parsed files. Files leave through a gen_sink.
 *
 * Decisions (docs/compat.md): O-03 MATCH (auth-variant files are raw text:
 * no header, no stabilisation; the manifest keeps the normal text); O-04
 * FIX (upload policies are generated with or without [auth], maxCount and
 * maxSize as written); O-18 FIX (guards without an adapter get a
 * pass-through requireRole); Q-11 (`@enum`, `@discriminator`, `@message`,
 * `@required` reach the validation modules).
 */
#ifndef GX_EXPRESS_H
#define GX_EXPRESS_H

#include <stddef.h>

#include "locus/arena.h"
#include "genutil.h"
#include "locus/ast.h"
#include "sink.h"
#include "toml.h"

/* What Locus.toml says about the auth variant (outputs.md §5.5). */
typedef struct gx_auth {
    int enabled;            /* an [auth] section exists */
    const char *adapter;    /* [auth] adapter when truthy, else NULL */
    int require_auth;       /* truthiness of [auth] requireAuth */
    gen_toml_value secret;  /* [auth] jwtSecret (type ABSENT when unset) */
} gx_auth;

/* Read the auth settings from Locus.toml's text (NULL/0: no file). */
int gx_auth_read(const char *toml_text, size_t len, locus_arena *arena, gx_auth *out);

/* A page declared with `(guard: role)`. */
typedef struct gx_guard {
    const char *page;
    const char *role;
} gx_guard;

/* The guard of a PAGE node: 1 and *out filled, or 0 when it has none. */
int gx_page_guard(const locus_ast *ast, locus_node page, gx_guard *out);

/* What the project-wide files depend on: names only. */
typedef struct gx_project {
    const char *const *entities; /* declaration order */
    size_t n_entities;
    const char *const *uploads;  /* declaration order */
    size_t n_uploads;
    const gx_guard *guards;      /* declaration order */
    size_t n_guards;
    const gx_auth *auth;
} gx_project;

/* --- file bodies (no header line) ----------------------------------- */

/* validation/«E».ts after its header (outputs.md §4.1). */
int gx_validation_body(locus_buf *out, const locus_ast *ast, locus_node entity);
/* One rule object of the schema (§4.1) as JSON2 through json; patch makes
 * every field optional. */
int gx_rule_object(gen_json *json, const locus_ast *ast, locus_node field, int patch);
/* routes/«lowerFirst(E)».ts after its header (§5.1). */
int gx_route_body(locus_buf *out, const char *entity);
/* validation/index.ts and validation/all.ts after their header (§4.2, §4.3). */
int gx_validation_index_body(locus_buf *out, const gx_project *project);
int gx_validation_all_body(locus_buf *out, const gx_project *project);
/* server.ts after its header (§5.3); auth_variant adds «AUTH»/«GUARDS». */
int gx_server_body(locus_buf *out, const gx_project *project, int auth_variant);
/* auth/authUtils.ts (§5.5). */
int gx_auth_utils(locus_buf *out, gen_toml_value secret);
/* uploads/«P».ts, uploads/index.ts, uploads/context.d.ts (§5.6). */
int gx_upload_policy(locus_buf *out, const locus_ast *ast, locus_node upload);
int gx_upload_index(locus_buf *out, const gx_project *project);
int gx_upload_context(locus_buf *out);

/* --- whole files -------------------------------------------------------- */

/* validation/«E».ts and routes/«lowerFirst(E)».ts of one entity. */
int gx_entity_files(const gen_sink *sink, const locus_ast *ast, locus_node entity,
                    const gx_auth *auth);
/* server.ts, validation/index.ts, validation/all.ts, and with [auth]
 * auth/authUtils.ts; uploads/index.ts and uploads/context.d.ts when the
 * project has upload policies. */
int gx_project_files(const gen_sink *sink, const gx_project *project);
/* uploads/«P».ts of one upload policy. */
int gx_upload_file(const gen_sink *sink, const locus_ast *ast, locus_node upload);

/* Hand over an express file whose text starts with a header of
 * header_len bytes: the normal text is stabilised and written; with
 * [auth] the raw text without the header is written instead (O-03), and
 * the manifest keeps the normal text. */
int gx_put_express(const gen_sink *sink, const char *path, const locus_buf *text,
                   size_t header_len, const gx_auth *auth);

#endif
