/* prisma.h — the Prisma schema generator (outputs.md §2) and .env.example
 * (§3), as functions over entity nodes of any AST blob: the plugin wrapper
 * (prisma_plugin.c) feeds them merge's per-entity blobs, the unit tests
 * feed them parsed files.
 *
 * Decisions (docs/compat.md): O-15 FIX — ` // nullable` goes after the
 * attributes; an `on_delete:` relation keeps its kind (belongs_to gets its
 * `«name»Id` column, has_many/has_one no @relation); `@policy(x)` counts
 * like `(policy: x)`. MATCH: repeated attributes, paren attributes first.
 * D-02: `@map("c")` -> `@map("c")`. Q-41: `belongs_to A?` is optional.
 */
#ifndef GP_PRISMA_H
#define GP_PRISMA_H

#include "locus/ast.h"
#include "locus/arena.h"
#include "sink.h"

/* One entity definition. */
typedef struct gp_entity {
    const locus_ast *ast;
    locus_node node; /* ENTITY */
    const char *name;
} gp_entity;

/* `«name» «type»«attrs»[ // nullable]` for a FIELD. */
int gp_field_line(locus_buf *out, const locus_ast *ast, locus_node field);
/* A default value as Prisma's @default(...) argument. */
int gp_default_value(locus_buf *out, const locus_ast *ast, locus_node value);
/* The line(s) of a RELATION, each preceded by "\n  ". */
int gp_relation_lines(locus_buf *out, const locus_ast *ast, locus_node relation);
/* `model «E» { … }` without a trailing newline. */
int gp_model(locus_buf *out, const locus_ast *ast, locus_node entity);

/* Write prisma/schema.prisma and .env.example. entities are sorted in
 * place by name collation (outputs.md §0.2a). */
int gp_generate(const gen_sink *sink, gp_entity *entities, size_t n);

#endif
