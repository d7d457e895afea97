/* prisma_schema.c — model blocks, prisma/schema.prisma and .env.example
 * (outputs.md §2.1, §3). */
#include <stdlib.h>
#include <string.h>

#include "attrs.h"
#include "emit.h"
#include "genutil.h"
#include "prisma.h"

static const char schema_head[] =
    "generator client {\n"
    "  provider = \"prisma-client-js\"\n"
    "}\n"
    "\n"
    "datasource db {\n"
    "  provider = \"postgresql\"\n"
    "  url      = env(\"DATABASE_URL\")\n"
    "}\n"
    "\n";

static const char env_example_body[] =
    "DATABASE_URL=postgresql://user:password@localhost:5432/mydb?schema=public\n";

/* Fields in declaration order, then relations in declaration order. */
int gp_model(locus_buf *out, const locus_ast *ast, locus_node entity)
{
    int rc = locus_buf_printf(out, "model %s {\n  id Int @id @default(autoincrement())",
                              gen_name(ast, entity));
    size_t n = locus_ast_child_count(ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node member = locus_ast_child(ast, entity, i);
        if (locus_ast_kind_of(ast, member) == LOCUS_AST_FIELD)
            rc |= locus_buf_puts(out, "\n  ") | gp_field_line(out, ast, member);
    }
    for (size_t i = 0; i < n; i++) {
        locus_node member = locus_ast_child(ast, entity, i);
        if (locus_ast_kind_of(ast, member) == LOCUS_AST_RELATION)
            rc |= gp_relation_lines(out, ast, member);
    }
    return rc | locus_buf_puts(out, "\n}") ? -1 : 0;
}

static int by_collation(const void *a, const void *b)
{
    return gen_collate(((const gp_entity *)a)->name, ((const gp_entity *)b)->name);
}

static int schema_text(locus_buf *out, const gp_entity *entities, size_t n)
{
    int rc = gen_header(out, "prisma schema") | locus_buf_puts(out, schema_head);
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (i)
            rc |= locus_buf_puts(out, "\n\n");
        rc |= gp_model(out, entities[i].ast, entities[i].node);
    }
    return rc | locus_buf_putc(out, '\n');
}

static int put_file(const gen_sink *sink, const char *path, const locus_buf *text)
{
    gen_file file = {path, text->data, text->len, NULL, 0, GEN_STABILIZE};
    return gen_sink_put(sink, &file);
}

int gp_generate(const gen_sink *sink, gp_entity *entities, size_t n)
{
    if (n > 1)
        qsort(entities, n, sizeof *entities, by_collation);
    locus_buf text = LOCUS_BUF_INIT;
    int rc = schema_text(&text, entities, n);
    if (rc == 0)
        rc = put_file(sink, "prisma/schema.prisma", &text);
    locus_buf_clear(&text);
    if (rc == 0)
        rc = gen_header(&text, NULL) | locus_buf_puts(&text, env_example_body);
    if (rc == 0)
        rc = put_file(sink, ".env.example", &text);
    locus_buf_free(&text);
    return rc ? -1 : 0;
}
