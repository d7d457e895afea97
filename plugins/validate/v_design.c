/* v_design.c — phase 12 of validation.md §8, only when the project has a
 * design system: belongs_to foreign keys (V-30, Q-16), token names
 * (V-31), colour values (V-32), typography baseSize (V-33) and weights
 * (V-34). Colours may have 3, 4, 6 or 8 hex digits (decisions.md D-10; the
 * reference accepts 3 or 6). */
#include <string.h>

#include "vmodel.h"
#include "vtext.h"

static int has_field(const lv_entity *e, const char *name, size_t nlen, const char *suffix)
{
    size_t slen = strlen(suffix);
    for (size_t i = 0; i < e->nmembers; i++) {
        const lv_member *f = &e->members[i];
        if (f->is_field && f->name_len == nlen + slen && memcmp(f->name, name, nlen) == 0 &&
            memcmp(f->name + nlen, suffix, slen) == 0)
            return 1;
    }
    return 0;
}

static int check_foreign_keys(lv_ctx *ctx)
{
    for (size_t e = 0; e < ctx->entities.count; e++) {
        const lv_entity *ent = &ctx->model[e];
        for (size_t i = 0; i < ent->nmembers; i++) {
            const lv_member *r = &ent->members[i];
            if (!r->is_field && r->rel_kind == LOCUS_REL_BELONGS_TO &&
                !has_field(ent, r->name, r->name_len, "Id"))
                return lv_error_at(ctx, r->name_node,
                                   "belongs_to '%s' is missing required scalar foreign key '%sId'",
                                   r->name, r->name);
        }
    }
    return 0;
}

/* A token's value as the reference stores it: string contents, the hex
 * image, or a number's image. */
static const char *token_text(const lv_ctx *ctx, locus_node value, size_t *len)
{
    locus_ast_kind k = locus_ast_kind_of(ctx->ast, value);
    const char *s = NULL;
    if (k == LOCUS_AST_STRING || k == LOCUS_AST_HEX_COLOR || k == LOCUS_AST_IDENT)
        s = locus_ast_str(ctx->ast, value, len);
    else
        s = locus_ast_text(ctx->ast, value, len);
    if (!s)
        s = "", *len = 0;
    return s;
}

static locus_node section(const lv_ctx *ctx, locus_node parent, locus_ast_kind kind)
{
    return lv_first_child(ctx, parent, kind);
}

/* ^[a-z][a-z0-9_]*$ */
static int snake_name(const char *s)
{
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (size_t i = 1; s[i]; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

static int check_token_names(lv_ctx *ctx, locus_node ds)
{
    locus_node typo = section(ctx, ds, LOCUS_AST_TYPOGRAPHY);
    locus_node sections[4] = {section(ctx, ds, LOCUS_AST_SPACING), section(ctx, ds, LOCUS_AST_RADII),
                              section(ctx, ds, LOCUS_AST_SHADOWS),
                              typo ? section(ctx, typo, LOCUS_AST_WEIGHTS) : 0};
    for (int s = 0; s < 4; s++) {
        size_t n = locus_ast_child_count(ctx->ast, sections[s]);
        for (size_t i = 0; i < n; i++) {
            locus_node e = locus_ast_child(ctx->ast, sections[s], i);
            const char *key = lv_name(ctx, e, NULL);
            if (!snake_name(key))
                return lv_error_at(ctx, locus_ast_get(ctx->ast, e, LOCUS_F_VALUE),
                                   "Invalid design_system token name '%s'. Use lower_snake_case "
                                   "starting with a letter.",
                                   key);
        }
    }
    return 0;
}

static int hex_colour(const char *s, size_t len)
{
    if (len < 1 || s[0] != '#')
        return 0;
    for (size_t i = 1; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
              (s[i] >= 'A' && s[i] <= 'F')))
            return 0;
    return len == 4 || len == 5 || len == 7 || len == 9;
}

static int check_colours(lv_ctx *ctx, locus_node ds)
{
    locus_node colors = section(ctx, ds, LOCUS_AST_COLORS);
    size_t nthemes = locus_ast_child_count(ctx->ast, colors);
    for (size_t t = 0; t < nthemes; t++) {
        locus_node theme = locus_ast_child(ctx->ast, colors, t);
        size_t n = locus_ast_child_count(ctx->ast, theme);
        for (size_t i = 0; i < n; i++) {
            locus_node e = locus_ast_child(ctx->ast, theme, i);
            locus_node value = locus_ast_get(ctx->ast, e, LOCUS_F_VALUE);
            size_t len;
            const char *v = token_text(ctx, value, &len);
            if (!hex_colour(v, len))
                return lv_error_at(ctx, value,
                                   "Invalid color token %s.%s='%.*s'. Expected hex like #0a84ff.",
                                   lv_name(ctx, theme, NULL), lv_name(ctx, e, NULL), (int)len, v);
        }
    }
    return 0;
}

/* ^[0-9]+(px|rem|em)$ */
static int css_size(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0)
        return 0;
    size_t rest = len - i;
    return (rest == 2 && (memcmp(s + i, "px", 2) == 0 || memcmp(s + i, "em", 2) == 0)) ||
           (rest == 3 && memcmp(s + i, "rem", 3) == 0);
}

static int check_typography(lv_ctx *ctx, locus_node ds)
{
    locus_node typo = section(ctx, ds, LOCUS_AST_TYPOGRAPHY);
    size_t n = locus_ast_child_count(ctx->ast, typo);
    for (size_t i = 0; i < n; i++) {
        locus_node e = locus_ast_child(ctx->ast, typo, i);
        locus_node value = locus_ast_get(ctx->ast, e, LOCUS_F_VALUE);
        size_t len;
        const char *v = token_text(ctx, value, &len);
        if (locus_ast_kind_of(ctx->ast, e) == LOCUS_AST_ENTRY &&
            strcmp(lv_name(ctx, e, NULL), "baseSize") == 0 && !css_size(v, len))
            return lv_error_at(ctx, value, "Invalid typography.baseSize='%.*s'. Use px/rem/em.",
                               (int)len, v);
    }
    locus_node weights = section(ctx, typo, LOCUS_AST_WEIGHTS);
    n = locus_ast_child_count(ctx->ast, weights);
    for (size_t i = 0; i < n; i++) {
        locus_node e = locus_ast_child(ctx->ast, weights, i);
        locus_node value = locus_ast_get(ctx->ast, e, LOCUS_F_VALUE);
        double w = locus_ast_number(ctx->ast, value);
        if (w < 100 || w > 1000)
            return lv_error_at(ctx, value,
                               "Invalid typography.weights.%s='%s'. Expected number 100-1000.",
                               lv_name(ctx, e, NULL), lv_js_number(ctx->arena, w));
    }
    return 0;
}

int lv_phase_design(lv_ctx *ctx)
{
    if (!ctx->design)
        return 0;
    return check_foreign_keys(ctx) || check_token_names(ctx, ctx->design) ||
           check_colours(ctx, ctx->design) || check_typography(ctx, ctx->design);
}
