/* parse_fallback.c — the "anything else" item of page, component, store
 * and workflow bodies, and component parameter defaults (language.md §3).
 *
 * These keep the reference's token-level Raw rule: a run of raw-safe
 * tokens, where `{ … }` groups must contain raw-safe tokens too. What we
 * change is Q-08: the run stops before the start of a real item (e.g.
 * `state {`, `ui {`), so later items are no longer swallowed. Errors sit
 * where the reference puts them: a `{` followed by neither `}` nor a
 * raw-safe token fails at the `{` (no alternative of RawItem matches);
 * inside a group, a non-raw-safe token fails as a missing `}`.
 */
#include "parser.h"

static int group_can_open(ll_parser *p)
{
    ll_tok next = ll_p_kind(p, 1);
    return next == TK_RBRACE || ll_tok_raw_safe(next);
}

locus_node ll_parse_fallback_raw(ll_parser *p, int (*stop_at)(ll_parser *p))
{
    const ll_token *first = ll_p_peek(p, 0);
    uint32_t start = first->off;
    unsigned depth = 0;
    for (;;) {
        if (p->failed)
            return 0;
        const ll_token *t = ll_p_peek(p, 0);
        if (t->kind == TK_LBRACE) {
            if (!group_can_open(p)) {
                ll_p_error_expected(p, t, "raw text");
                return 0;
            }
            depth++;
        } else if (t->kind == TK_RBRACE) {
            if (depth == 0)
                break;
            depth--;
        } else if (depth == 0 && (!ll_tok_raw_safe(t->kind) || (t->off != start && stop_at(p)))) {
            break;
        } else if (depth > 0 && !ll_tok_raw_safe(t->kind)) {
            ll_p_error_expected(p, t, "'}'");
            return 0;
        }
        ll_p_next(p);
    }
    uint32_t end = p->lx.prev_end;
    return ll_leaf(p->b, LOCUS_AST_RAW, p->file, start, end > start ? end - start : 0, NULL, 0);
}
