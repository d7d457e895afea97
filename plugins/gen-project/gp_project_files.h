/* gp_project_files.h — the project scaffolding written only when absent
 * (outputs.md §15): package.json, README.md and tsconfig.json. */
#ifndef GP_PROJECT_FILES_H
#define GP_PROJECT_FILES_H

#include "locus/arena.h"
#include "toml.h"

/* The package name: Locus.toml's `[app] name` when it is a string —
 * trimmed, lower-cased, every UTF-16 code unit outside [a-z0-9-_] made a
 * `-`, leading `-`s removed — if anything is left; else
 * `locus-generated-app`. toml may be NULL (no Locus.toml). */
int gp_app_name(locus_buf *out, const gen_toml *toml);

/* package.json (no final LF); the Next.js scripts and dependencies only
 * when the project has pages. */
int gp_package_json(locus_buf *out, const char *name, int has_pages);
/* README.md (ends with LF). */
int gp_readme(locus_buf *out);
/* tsconfig.json (no final LF). */
int gp_tsconfig(locus_buf *out);

#endif
