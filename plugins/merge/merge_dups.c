/* merge_dups.c — duplicate definitions (language.md §12.1, M-01…M-06):
 * category by category (entities, pages, components, stores, workflows,
 * uploads), the first name seen twice is reported at its later definition.
 * Then duplicate colour theme names, which the reference merges silently
 * and we reject (decisions.md D-11). */
#include <stdio.h>
#include <string.h>

#include "merge.h"
#include "namemap.h"

static const char *const category_words[LM_NCATEGORIES] = {
    "Entity", "Page", "Component", "Store", "Workflow", "Upload policy"};

/* Fill err for a name node of ast, with the message "<what> '<name>' defined multiple times". */
static void report_at(const locus_ast *ast, locus_node name_node, const char *what,
                      const char *name, size_t name_len, const lm_file *files, uint32_t file,
                      lm_error *err)
{
    locus_span at = locus_ast_span(ast, name_node);
    snprintf(err->message, sizeof err->message, "%s '%.*s' defined multiple times", what,
             (int)name_len, name);
    const char *path = locus_ast_file_path(ast, at.file, NULL);
    err->file = path ? path : files[file].key;
    err->line = at.line;
    err->column = at.column;
    err->length = at.length;
}

static int first_duplicate(const lm_defs *defs, const char *what, const lm_file *files,
                           locus_arena *arena, lm_error *err)
{
    sm_map seen;
    sm_init(&seen, arena);
    for (size_t i = 0; i < defs->count; i++) {
        const lm_def *d = &defs->items[i];
        int rc = sm_put(&seen, d->name, d->name_len, (uint32_t)i, NULL);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            report_at(d->ast, locus_ast_get(d->ast, d->node, LOCUS_F_NAME), what, d->name,
                      d->name_len, files, d->file, err);
            return 1;
        }
    }
    return 0;
}

/* Themes of every colors block of every design_system block, in order. */
static int duplicate_theme(const lm_defs *systems, const lm_file *files, locus_arena *arena,
                           lm_error *err)
{
    sm_map seen;
    sm_init(&seen, arena);
    for (size_t i = 0; i < systems->count; i++) {
        const lm_def *ds = &systems->items[i];
        for (size_t s = 0; s < locus_ast_child_count(ds->ast, ds->node); s++) {
            locus_node colors = locus_ast_child(ds->ast, ds->node, s);
            if (locus_ast_kind_of(ds->ast, colors) != LOCUS_AST_COLORS)
                continue;
            for (size_t t = 0; t < locus_ast_child_count(ds->ast, colors); t++) {
                locus_node theme = locus_ast_child(ds->ast, colors, t);
                size_t len;
                const char *name = locus_ast_name(ds->ast, theme, &len);
                if (!name)
                    continue;
                int rc = sm_put(&seen, name, len, 0, NULL);
                if (rc < 0)
                    return -1;
                if (rc == 0) {
                    report_at(ds->ast, locus_ast_get(ds->ast, theme, LOCUS_F_NAME), "Theme",
                              name, len, files, ds->file, err);
                    return 1;
                }
            }
        }
    }
    return 0;
}

int lm_find_duplicates(const lm_project *proj, const lm_file *files, locus_arena *arena,
                       lm_error *err)
{
    for (int c = 0; c < LM_NCATEGORIES; c++) {
        int rc = first_duplicate(&proj->defs[c], category_words[c], files, arena, err);
        if (rc)
            return rc;
    }
    return duplicate_theme(&proj->design_systems, files, arena, err);
}
