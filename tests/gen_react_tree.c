/* gen_react_tree.c — writes the react/ tree of a Locus project with the
 * React generators alone (no pipeline): react/pages, react/components,
 * react/shims.d.ts and react/runtime/. tests/tsx-check.sh uses it when
 * `locus-pipeline build` is not available.
 *
 * Usage: gen_react_tree SRC OUT   (exit 0, 1 on a parse error, 2 usage) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gr_component.h"
#include "gr_page.h"
#include "gr_runtime.h"
#include "gr_testproject.h"

/* mkdir -p of the directory part of path. */
static int make_parents(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *s = buf + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *s = '/';
    }
    return 0;
}

static int write_file(const char *out, const char *rel, const char *head, const char *text,
                      size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", out, rel);
    FILE *f = make_parents(path) == 0 ? fopen(path, "wb") : NULL;
    if (!f) {
        fprintf(stderr, "gen_react_tree: cannot write %s\n", path);
        return -1;
    }
    int ok = fputs(head, f) >= 0 && fwrite(text, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static int write_out(const char *out, const char *dir, gr_str name, const char *ext,
                     const gr_out *text)
{
    char rel[1024];
    snprintf(rel, sizeof rel, "%s%.*s%s", dir, (int)name.len, name.s, ext);
    return text->failed ? -1 : write_file(out, rel, "", gr_text(text), text->buf.len);
}

static int write_def(grt_project *p, const locus_ast *ast, locus_node n, const char *out)
{
    gr_str name = gr_name(ast, n);
    if (locus_ast_kind_of(ast, n) == LOCUS_AST_PAGE) {
        gr_out text = GR_OUT_INIT;
        int rc = gr_generate_page(ast, n, &p->project, p->arena, &text);
        rc = rc ? rc : write_out(out, "react/pages/", name, ".tsx", &text);
        gr_out_free(&text);
        return rc;
    }
    gr_component_out c;
    int rc = gr_generate_component(ast, n, &p->project, p->arena, &c);
    rc = rc ? rc : write_out(out, "react/components/", name, ".tsx", &c.tsx);
    if (rc == 0 && c.css.buf.len)
        rc = write_out(out, "react/components/", name, ".css", &c.css);
    if (rc == 0 && c.warnings.buf.len)
        printf("%s\n", gr_text(&c.warnings));
    gr_component_out_free(&c);
    return rc;
}

static int write_fixed_files(const char *out)
{
    if (write_file(out, "react/shims.d.ts", "", gr_shims_text, strlen(gr_shims_text)))
        return -1;
    for (size_t i = 0; i < gr_runtime_file_count; i++) {
        char rel[1024];
        snprintf(rel, sizeof rel, "react/runtime/%s", gr_runtime_files[i].path);
        if (write_file(out, rel, GR_RUNTIME_HEADER, gr_runtime_files[i].text,
                       gr_runtime_files[i].len))
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: gen_react_tree SRC OUT\n", stderr);
        return 2;
    }
    grt_project p;
    if (grt_init(&p) != 0)
        return 1;
    int rc = grt_add_dir(&p, argv[1]);
    if (rc != 0)
        fprintf(stderr, "gen_react_tree: %s\n", p.error[0] ? p.error : "cannot read sources");
    for (size_t f = 0; rc == 0 && f < p.nfiles; f++) {
        const locus_ast *ast = &p.ast[f];
        locus_node root = locus_ast_root(ast);
        for (size_t i = 0; rc == 0 && i < locus_ast_child_count(ast, root); i++) {
            locus_node n = locus_ast_child(ast, root, i);
            locus_ast_kind kind = locus_ast_kind_of(ast, n);
            if (kind == LOCUS_AST_PAGE || kind == LOCUS_AST_COMPONENT)
                rc = write_def(&p, ast, n, argv[2]);
        }
    }
    if (rc == 0)
        rc = write_fixed_files(argv[2]);
    grt_free(&p);
    return rc ? 1 : 0;
}
