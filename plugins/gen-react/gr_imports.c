/* gr_imports.c — imports of generated pages and components (gr_imports.h). */
#include "gr_imports.h"

#include <stdlib.h>
#include <string.h>

#include "gr_helpers.h"

static const char *const builtins[] = {"Button", "Input", "Stack", "Text"};

static size_t project_count(const gr_project *project)
{
    if (!project)
        return 0;
    if (!project->index)
        return project->ncomponents;
    return locus_ast_list_count(project->index, locus_ast_root(project->index),
                                LOCUS_F_COMPONENTS);
}

static gr_str project_name(const gr_project *project, size_t i)
{
    if (!project->index)
        return project->components[i];
    const locus_ast *ix = project->index;
    gr_str s = {"", 0};
    const char *name = locus_ast_str(ix, locus_ast_list_at(ix, locus_ast_root(ix),
                                                            LOCUS_F_COMPONENTS, i), &s.len);
    if (name)
        s.s = name;
    else
        s.len = 0;
    return s;
}

/* Whether name is in the index's SORTED_COMPONENTS list (binary search). */
static int sorted_has(const locus_ast *ix, size_t n, gr_str name)
{
    locus_node root = locus_ast_root(ix);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, len = 0;
        const char *s = locus_ast_str(ix, locus_ast_list_at(ix, root,
                                                            LOCUS_F_SORTED_COMPONENTS, mid), &len);
        if (!s)
            return 0;
        size_t common = len < name.len ? len : name.len;
        int c = memcmp(s, name.s, common);
        if (c == 0)
            c = (len > name.len) - (len < name.len);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

void gr_project_lookup(const gr_project *project, const gr_str *tags, size_t ntags,
                       unsigned char *found)
{
    memset(found, 0, ntags);
    size_t nsorted = project && project->index
                         ? locus_ast_list_count(project->index, locus_ast_root(project->index),
                                                LOCUS_F_SORTED_COMPONENTS)
                         : 0;
    if (nsorted && nsorted == project_count(project)) {
        for (size_t j = 0; j < ntags; j++)
            found[j] = (unsigned char)sorted_has(project->index, nsorted, tags[j]);
        return;
    }
    size_t n = project_count(project), left = ntags;
    for (size_t i = 0; i < n && left; i++) {
        gr_str name = project_name(project, i);
        for (size_t j = 0; j < ntags; j++) {
            if (!found[j] && tags[j].len == name.len &&
                memcmp(tags[j].s, name.s, name.len) == 0) {
                found[j] = 1;
                left--;
            }
        }
    }
}

static int is_builtin(gr_str name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (gr_str_eq(name, builtins[i]))
            return 1;
    return 0;
}

void gr_resolve_imports(const gr_uses *uses, gr_str self, const gr_project *project,
                        locus_arena *arena, gr_imports *out)
{
    gr_names_init(&out->runtime, arena);
    gr_names_init(&out->user, arena);
    size_t n = uses->tags.count;
    unsigned char *found = locus_arena_alloc(arena, n ? n : 1);
    if (!found) {
        out->user.failed = 1;
        return;
    }
    gr_project_lookup(project, uses->tags.items, n, found);
    for (size_t i = 0; i < n; i++) {
        gr_str tag = uses->tags.items[i];
        if (gr_str_same(tag, self))
            continue;
        if (found[i])
            gr_names_add(&out->user, tag);
        else if (is_builtin(tag))
            gr_names_add(&out->runtime, tag);
    }
}

static int str_order(const void *pa, const void *pb)
{
    const gr_str *a = pa, *b = pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, n);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

void gr_put_runtime_import(gr_out *out, const gr_names *runtime, unsigned helpers)
{
    gr_str names[sizeof builtins / sizeof builtins[0] + GR_NHELPERS];
    size_t n = 0;
    for (size_t i = 0; i < runtime->count && n < 4; i++)
        names[n++] = runtime->items[i];
    for (unsigned h = 0; h < GR_NHELPERS; h++)
        if (helpers & (1u << h))
            names[n++] = (gr_str){gr_helper_name(h), strlen(gr_helper_name(h))};
    if (!n)
        return;
    qsort(names, n, sizeof names[0], str_order);
    gr_puts(out, "import { ");
    for (size_t i = 0; i < n; i++) {
        if (i)
            gr_puts(out, ", ");
        gr_put_str(out, names[i]);
    }
    gr_puts(out, " } from '../runtime/_locusRuntime';\n");
}

void gr_put_user_imports(gr_out *out, const gr_names *user, const char *dir)
{
    for (size_t i = 0; i < user->count; i++) {
        gr_puts(out, "import ");
        gr_put_str(out, user->items[i]);
        gr_puts(out, " from '");
        gr_puts(out, dir);
        gr_put_str(out, user->items[i]);
        gr_puts(out, "'\n");
    }
}
