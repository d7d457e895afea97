/* validation_module.c — validation/«E».ts (outputs.md §4.1): the schema
 * object (printed twice: schema and updateSchema), the patch schema, and
 * the fixed validator exports. */
#include "attrs.h"
#include "express.h"

static void json_locations(gen_json *json, const locus_ast *ast, locus_node entity)
{
    gen_json_begin_object(json);
    size_t n = locus_ast_child_count(ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node field = locus_ast_child(ast, entity, i);
        if (locus_ast_kind_of(ast, field) != LOCUS_AST_FIELD)
            continue;
        locus_node name = locus_ast_get(ast, field, LOCUS_F_NAME);
        locus_span at = locus_ast_span(ast, name);
        gen_json_key(json, gen_name(ast, field));
        gen_json_begin_object(json);
        gen_json_key(json, "line");
        gen_json_num(json, at.line);
        gen_json_key(json, "column");
        gen_json_num(json, at.column);
        gen_json_end_object(json);
    }
    gen_json_end_object(json);
}

static void json_members_of_kind(gen_json *json, const locus_ast *ast, locus_node entity,
                                 locus_ast_kind kind, int patch)
{
    gen_json_begin_array(json);
    size_t n = locus_ast_child_count(ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node member = locus_ast_child(ast, entity, i);
        if (locus_ast_kind_of(ast, member) != kind)
            continue;
        if (kind == LOCUS_AST_FIELD)
            gx_rule_object(json, ast, member, patch);
        else
            gen_json_str(json, gen_name(ast, member));
    }
    gen_json_end_array(json);
}

/* The schema object; patch makes every field optional. */
static int schema_json(locus_buf *out, const locus_ast *ast, locus_node entity, int patch)
{
    gen_json json;
    gen_json_init(&json, out);
    gen_json_begin_object(&json);
    gen_json_key(&json, "entity");
    gen_json_str(&json, gen_name(ast, entity));
    gen_json_key(&json, "fields");
    json_members_of_kind(&json, ast, entity, LOCUS_AST_FIELD, patch);
    gen_json_key(&json, "relations");
    json_members_of_kind(&json, ast, entity, LOCUS_AST_RELATION, patch);
    gen_json_key(&json, "locations");
    json_locations(&json, ast, entity);
    gen_json_end_object(&json);
    return gen_json_finish(&json);
}

int gx_validation_body(locus_buf *out, const locus_ast *ast, locus_node entity)
{
    const char *e = gen_name(ast, entity);
    locus_buf schema = LOCUS_BUF_INIT;
    int rc = schema_json(&schema, ast, entity, 0);
    rc |= locus_buf_printf(out, "// Auto-generated validation schema for %s\n", e);
    rc |= locus_buf_puts(out, "export const schema = ");
    rc |= locus_buf_append(out, schema.data, schema.len);
    rc |= locus_buf_puts(out, " as const;\nexport const updateSchema = ");
    rc |= locus_buf_append(out, schema.data, schema.len);
    locus_buf_free(&schema);
    rc |= locus_buf_puts(out, " as const;\nexport const patchSchema = ");
    rc |= schema_json(out, ast, entity, 1);
    rc |= locus_buf_printf(
        out,
        " as const;\n"
        "export type %sValidation = typeof schema;\n"
        "import { validateBodyAgainst } from '../runtime/validateRuntime';\n"
        "import { fastValidate } from '../runtime/jitValidator';\n"
        "const _v = process.env.LOCUS_VALIDATION_JIT==='1' ? fastValidate : validateBodyAgainst;\n"
        "export function validate%sBody(body: any){ return _v(schema, body, 'create'); }\n"
        "export function validate%sUpdate(body: any){ return _v(updateSchema, body, 'update'); }\n"
        "export function validate%sPatch(body: any){ return _v(patchSchema, body, 'patch'); }\n",
        e, e, e, e);
    return rc ? -1 : 0;
}
