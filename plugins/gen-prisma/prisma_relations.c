/* prisma_relations.c — Prisma lines of relations (outputs.md §2.3).
 *
 * The referential action comes from the `on_delete:` clause (or D-01's
 * `(onDelete: x)`) when its value is one Prisma knows — Q-15 FIX: the
 * clause's own value, not the relation's last identifier — else from the
 * first policy attribute in attribute order: `(policy: x)` and, O-15/Q-14
 * FIX, its `@policy(x)` form. O-15 FIX: an `on_delete:` relation is rendered by its
 * kind like any other (the reference wrote a `belongs_to`-style @relation
 * without the `«name»Id` column for every kind): belongs_to gets its
 * column and the action; has_many/has_one carry no @relation, since the
 * action belongs on the side that holds the foreign key.
 */
#include <string.h>

#include "attrs.h"
#include "prisma.h"

/* Prisma's name for an on_delete / policy value, or NULL. `delete` is the
 * reference's policy spelling of SetNull. */
static const char *prisma_action(const char *value)
{
    if (!value)
        return NULL;
    if (strcmp(value, "cascade") == 0)
        return "Cascade";
    if (strcmp(value, "restrict") == 0)
        return "Restrict";
    if (strcmp(value, "set_null") == 0 || strcmp(value, "delete") == 0)
        return "SetNull";
    return NULL;
}

/* The first attribute called `name`, in attribute order, or NONE. */
static locus_node first_attr(const locus_ast *ast, locus_node relation, const char *name)
{
    gen_attr_iter it;
    gen_attr_iter_init(&it, ast, relation);
    for (locus_node attr; (attr = gen_attr_next(&it)) != LOCUS_NODE_NONE;)
        if (gen_attr_is(ast, attr, name))
            return attr;
    return LOCUS_NODE_NONE;
}

/* `on_delete: x`, or D-01's spelling of it, `(onDelete: x)`. */
static const char *on_delete_action(const locus_ast *ast, locus_node relation)
{
    locus_node value = locus_ast_get(ast, relation, LOCUS_F_ON_DELETE);
    if (!value)
        value = gen_attr_arg(ast, first_attr(ast, relation, "onDelete"), 0);
    return prisma_action(locus_ast_str(ast, value, NULL));
}

/* The first policy attribute decides, even if its value is not one Prisma
 * knows, as the reference's first `(policy: x)` does. */
static const char *policy_action(const locus_ast *ast, locus_node relation)
{
    locus_node attr = first_attr(ast, relation, "policy");
    return prisma_action(locus_ast_str(ast, gen_attr_arg(ast, attr, 0), NULL));
}

static int put_line_start(locus_buf *out, const locus_ast *ast, locus_node relation)
{
    return locus_buf_puts(out, "\n  ") |
           locus_buf_puts(out, gen_name(ast, relation));
}

static int belongs_to_lines(locus_buf *out, const locus_ast *ast, locus_node relation,
                            const char *target)
{
    const char *name = gen_name(ast, relation);
    /* `belongs_to A?` is an optional relation with a nullable column. */
    const char *opt = locus_ast_flags(ast, relation) & LOCUS_FLAG_OPTIONAL ? "?" : "";
    const char *action = on_delete_action(ast, relation);
    int hint = action != NULL;
    if (!action)
        action = policy_action(ast, relation);
    int rc = locus_buf_printf(out, "\n  %sId Int%s", name, opt);
    if (hint)
        rc |= locus_buf_puts(out, "\n    // on_delete hint");
    rc |= locus_buf_printf(out, "\n  %s %s%s @relation(fields: [%sId], references: [id]", name,
                           target, opt, name);
    if (action)
        rc |= locus_buf_printf(out, ", onDelete: %s", action);
    return rc | locus_buf_putc(out, ')');
}

int gp_relation_lines(locus_buf *out, const locus_ast *ast, locus_node relation)
{
    const char *target = locus_ast_str(ast, locus_ast_get(ast, relation, LOCUS_F_TARGET), NULL);
    if (!target)
        target = "";
    int rc;
    switch (locus_ast_get_int(ast, relation, LOCUS_F_REL_KIND, 0)) {
    case LOCUS_REL_BELONGS_TO:
        rc = belongs_to_lines(out, ast, relation, target);
        break;
    case LOCUS_REL_HAS_MANY:
        rc = put_line_start(out, ast, relation) | locus_buf_printf(out, " %s[]", target);
        break;
    case LOCUS_REL_HAS_ONE:
        rc = put_line_start(out, ast, relation) | locus_buf_printf(out, " %s?", target);
        break;
    default:
        rc = 0;
    }
    return rc ? -1 : 0;
}
