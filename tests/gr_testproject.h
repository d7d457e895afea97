/* gr_testproject.h — a Locus project parsed straight from its files, for
 * the React generator tests and the tsx-check driver (no pipeline): every
 * .locus file of a directory (discovery order, outputs.md §0.3) parsed
 * with lang/'s parser, and the component names the generators need. */
#ifndef GR_TESTPROJECT_H
#define GR_TESTPROJECT_H

#include "gr_imports.h"
#include "locus/ast.h"
#include "locus_parse.h"

#define GRT_MAX_FILES 4096
#define GRT_MAX_COMPONENTS 16384

typedef struct grt_project {
    size_t nfiles;
    ll_parse_result *res; /* GRT_MAX_FILES */
    locus_ast *ast;       /* GRT_MAX_FILES */
    gr_str *names;        /* GRT_MAX_COMPONENTS */
    gr_project project;
    locus_arena *arena;
    char error[512]; /* the first parse error, "" if none */
} grt_project;

/* 0, or -1 out of memory. */
int grt_init(grt_project *p);
void grt_free(grt_project *p);
/* Parse one file's text as source key `key`; a parse error is recorded in
 * p->error (the file is skipped). Returns 0, or -1 on a parse error. */
int grt_add_text(grt_project *p, const char *key, const char *text, size_t len);
/* Parse every .locus file under dir. Returns 0, or -1 if any failed. */
int grt_add_dir(grt_project *p, const char *dir);

/* The n-th page or component definition over all files, in order; *ast is
 * set to its file's AST. Returns 0 past the end. */
locus_node grt_def(const grt_project *p, size_t n, const locus_ast **ast);
/* The definition of kind named name (NULL: the first one of kind). */
locus_node grt_find(const grt_project *p, locus_ast_kind kind, const char *name,
                    const locus_ast **ast);

/* A whole file into malloc'd memory (NUL-terminated), or NULL. */
char *grt_read_file(const char *path, size_t *len);

#endif
