/* gr_testproject.c — a Locus project parsed from its files (gr_testproject.h). */
#include "gr_testproject.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int grt_init(grt_project *p)
{
    memset(p, 0, sizeof *p);
    p->res = calloc(GRT_MAX_FILES, sizeof *p->res);
    p->ast = calloc(GRT_MAX_FILES, sizeof *p->ast);
    p->names = calloc(GRT_MAX_COMPONENTS, sizeof *p->names);
    p->arena = locus_arena_new();
    p->project.components = p->names;
    return p->res && p->ast && p->names && p->arena ? 0 : -1;
}

void grt_free(grt_project *p)
{
    for (size_t i = 0; p->res && i < p->nfiles; i++)
        free(p->res[i].blob);
    free(p->res), free(p->ast), free(p->names);
    locus_arena_free(p->arena);
    memset(p, 0, sizeof *p);
}

char *grt_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL &&
        fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = 0;
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

static void add_component_names(grt_project *p, const locus_ast *ast)
{
    locus_node root = locus_ast_root(ast);
    for (size_t i = 0; i < locus_ast_child_count(ast, root); i++) {
        locus_node n = locus_ast_child(ast, root, i);
        if (locus_ast_kind_of(ast, n) == LOCUS_AST_COMPONENT &&
            p->project.ncomponents < GRT_MAX_COMPONENTS)
            p->names[p->project.ncomponents++] = gr_name(ast, n);
    }
}

int grt_add_text(grt_project *p, const char *key, const char *text, size_t len)
{
    if (p->nfiles == GRT_MAX_FILES)
        return -1;
    ll_parse_result *r = &p->res[p->nfiles];
    if (ll_parse_file(key, strlen(key), text, len, r) != 0) {
        if (!p->error[0])
            snprintf(p->error, sizeof p->error, "%.200s:%u:%u: %.280s", key, r->diag.line,
                     r->diag.column, r->diag.message);
        return -1;
    }
    if (locus_ast_open(r->blob, r->blob_size, &p->ast[p->nfiles]) != LOCUS_AST_OK) {
        free(r->blob);
        return -1;
    }
    add_component_names(p, &p->ast[p->nfiles]);
    p->nfiles++;
    return 0;
}

static int name_order(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int add_entry(grt_project *p, const char *dir, const char *rel, const char *name)
{
    char path[4096], key[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(key, sizeof key, "%s%s%s", rel, *rel ? "/" : "", name);
    struct stat st;
    size_t l = strlen(name);
    if (name[0] == '.' || stat(path, &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode)) {
        int rc = 0;
        struct dirent **list;
        int n = scandir(path, &list, NULL, name_order);
        for (int i = 0; i < n; i++) {
            rc |= add_entry(p, path, key, list[i]->d_name);
            free(list[i]);
        }
        if (n >= 0)
            free(list);
        return rc;
    }
    if (l <= 6 || strcmp(name + l - 6, ".locus") != 0)
        return 0;
    size_t len;
    char *text = grt_read_file(path, &len);
    int rc = text ? grt_add_text(p, key, text, len) : -1;
    free(text);
    return rc;
}

int grt_add_dir(grt_project *p, const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, name_order);
    if (n < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        rc |= add_entry(p, dir, "", list[i]->d_name);
        free(list[i]);
    }
    free(list);
    return rc;
}

static int is_generated(locus_ast_kind kind)
{
    return kind == LOCUS_AST_PAGE || kind == LOCUS_AST_COMPONENT;
}

locus_node grt_def(const grt_project *p, size_t n, const locus_ast **ast)
{
    for (size_t f = 0; f < p->nfiles; f++) {
        locus_node root = locus_ast_root(&p->ast[f]);
        size_t count = locus_ast_child_count(&p->ast[f], root);
        for (size_t i = 0; i < count; i++) {
            locus_node d = locus_ast_child(&p->ast[f], root, i);
            if (is_generated(locus_ast_kind_of(&p->ast[f], d)) && n-- == 0) {
                *ast = &p->ast[f];
                return d;
            }
        }
    }
    return 0;
}

locus_node grt_find(const grt_project *p, locus_ast_kind kind, const char *name,
                    const locus_ast **ast)
{
    for (size_t f = 0; f < p->nfiles; f++) {
        locus_node root = locus_ast_root(&p->ast[f]);
        for (size_t i = 0; i < locus_ast_child_count(&p->ast[f], root); i++) {
            locus_node d = locus_ast_child(&p->ast[f], root, i);
            if (locus_ast_kind_of(&p->ast[f], d) == kind &&
                (!name || gr_str_eq(gr_name(&p->ast[f], d), name))) {
                *ast = &p->ast[f];
                return d;
            }
        }
    }
    return 0;
}
