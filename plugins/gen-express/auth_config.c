/* auth_config.c — what the auth variant reads (outputs.md §5.5): the
 * [auth] section of Locus.toml and the guards of pages. */
#include <string.h>

#include "express.h"

int gx_auth_read(const char *toml_text, size_t len, locus_arena *arena, gx_auth *out)
{
    memset(out, 0, sizeof *out);
    gen_toml toml;
    if (gen_toml_parse(toml_text, len, arena, &toml) != 0)
        return -1;
    out->enabled = gen_toml_has_section(&toml, "auth");
    gen_toml_value adapter = gen_toml_get(&toml, "auth", "adapter");
    out->adapter = gen_toml_truthy(adapter) ? adapter.str : NULL;
    out->require_auth = gen_toml_truthy(gen_toml_get(&toml, "auth", "requireAuth"));
    out->secret = gen_toml_get(&toml, "auth", "jwtSecret");
    return 0;
}

int gx_page_guard(const locus_ast *ast, locus_node page, gx_guard *out)
{
    const char *role = locus_ast_str(ast, locus_ast_get(ast, page, LOCUS_F_GUARD), NULL);
    const char *name = locus_ast_name(ast, page, NULL);
    if (!role || !name)
        return 0;
    out->page = name;
    out->role = role;
    return 1;
}
