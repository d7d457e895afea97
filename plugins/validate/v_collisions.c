/* v_collisions.c — generated files that two definitions would share,
 * which the reference overwrites silently (outputs.md §22 items 16, 17;
 * decisions.md O-16, O-25). Checked after every reference check, so they
 * never change which reference error wins:
 *   - entities whose route file routes/<lowerFirst(name)>.ts is the same;
 *   - entities named `index` or `all`, whose validation/<name>.ts is the
 *     generated validation index;
 *   - pages whose Next.js route kebab(name) is the same.
 * No reference text exists; the messages follow its style. */
#include <ctype.h>
#include <string.h>

#include "vctx.h"

static char *lower_first(locus_arena *arena, const char *name)
{
    char *s = locus_arena_strdup(arena, name);
    if (s && s[0] >= 'A' && s[0] <= 'Z')
        s[0] = (char)(s[0] - 'A' + 'a');
    return s;
}

/* outputs.md §0.1: `-` between a lower-case letter and the upper-case
 * letter after it (pairs left to right), whitespace runs and `_` become
 * `-`, then everything lower case. */
static char *kebab(locus_arena *arena, const char *name)
{
    size_t len = strlen(name);
    char *out = locus_arena_alloc(arena, 2 * len + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 'a' && c <= 'z' && name[i + 1] >= 'A' && name[i + 1] <= 'Z') {
            out[j++] = (char)c;
            out[j++] = '-';
            out[j++] = (char)tolower((unsigned char)name[++i]);
        } else if (isspace(c)) {
            while (i + 1 < len && isspace((unsigned char)name[i + 1]))
                i++;
            out[j++] = '-';
        } else {
            out[j++] = c == '_' ? '-' : (char)tolower(c);
        }
    }
    out[j] = '\0';
    return out;
}

typedef char *(*derive_fn)(locus_arena *arena, const char *name);

/* The first definition whose derived name an earlier one already has. */
static int first_clash(lv_ctx *ctx, const lv_nodes *defs, derive_fn derive, size_t *earlier,
                       size_t *later, char **derived)
{
    sm_map seen;
    sm_init(&seen, ctx->arena);
    for (size_t i = 0; i < defs->count; i++) {
        char *d = derive(ctx->arena, lv_name(ctx, defs->items[i], NULL));
        uint32_t at;
        int rc = d ? sm_put(&seen, d, strlen(d), (uint32_t)i, &at) : -1;
        if (rc < 0) {
            ctx->oom = 1;
            return 0;
        }
        if (rc == 0) {
            *earlier = at;
            *later = i;
            *derived = d;
            return 1;
        }
    }
    return 0;
}

static int check_entities(lv_ctx *ctx)
{
    const lv_nodes *ents = &ctx->entities;
    for (size_t i = 0; i < ents->count; i++) {
        const char *name = lv_name(ctx, ents->items[i], NULL);
        if (strcmp(name, "index") == 0 || strcmp(name, "all") == 0)
            return lv_error_at(ctx, lv_name_node(ctx, ents->items[i]),
                               "Entity '%s' would overwrite the generated file 'validation/%s.ts'; "
                               "rename the entity.",
                               name, name);
    }
    size_t a, b;
    char *file;
    if (first_clash(ctx, ents, lower_first, &a, &b, &file))
        return lv_error_at(ctx, lv_name_node(ctx, ents->items[b]),
                           "Entities '%s' and '%s' would both generate 'routes/%s.ts'; rename one "
                           "of them.",
                           lv_name(ctx, ents->items[a], NULL), lv_name(ctx, ents->items[b], NULL),
                           file);
    return 0;
}

static int check_pages(lv_ctx *ctx)
{
    size_t a, b;
    char *route;
    if (first_clash(ctx, &ctx->pages, kebab, &a, &b, &route))
        return lv_error_at(ctx, lv_name_node(ctx, ctx->pages.items[b]),
                           "Pages '%s' and '%s' would both generate the Next.js route '/%s'; "
                           "rename one of them.",
                           lv_name(ctx, ctx->pages.items[a], NULL),
                           lv_name(ctx, ctx->pages.items[b], NULL), route);
    return 0;
}

int lv_phase_collisions(lv_ctx *ctx)
{
    return check_entities(ctx) || check_pages(ctx);
}
