/* validation_rules.c — the rule object of one field in a validation
 * module (outputs.md §4.1): name, type, optional, list, then one member
 * per constraint in attribute order. As in the reference's JavaScript
 * object, a member produced twice keeps its first position and takes the
 * later value, and a member assigned "undefined" (`@length(3)` has no
 * max) holds its position but is not printed.
 *
 * `@enum([...])` -> "enum", `@discriminator` -> "discriminator",
 * `@message("m")` -> "message" (the keys the runtime validator reads) and
 * `@required` -> "optional": false. D-01: `@length(min: a, max: b)`.
 */
#include <string.h>

#include "attrs.h"
#include "express.h"

typedef enum member_kind {
    M_UNDEFINED = 0, /* assigned, not printed */
    M_NUMBER,
    M_TRUE,
    M_STRING,        /* a string literal's raw text */
    M_DEFAULT,       /* node: a default value */
    M_ENUM           /* node: the enum attribute */
} member_kind;

typedef struct member {
    const char *key;
    member_kind kind;
    double number;
    locus_node node;
} member;

/* Every constraint key appears at most once; there are 12 of them. */
#define MAX_MEMBERS 16

typedef struct rule {
    member members[MAX_MEMBERS];
    size_t count;
    int required; /* @required seen */
} rule;

static member *slot(rule *r, const char *key)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->members[i].key, key) == 0)
            return &r->members[i];
    if (r->count == MAX_MEMBERS)
        return NULL; /* cannot happen: keys are a fixed set */
    member *m = &r->members[r->count++];
    memset(m, 0, sizeof *m);
    m->key = key;
    return m;
}

static void set_number(rule *r, const char *key, int present, double value)
{
    member *m = slot(r, key);
    if (m) {
        m->kind = present ? M_NUMBER : M_UNDEFINED;
        m->number = value;
    }
}

static void set_node(rule *r, const char *key, member_kind kind, locus_node node)
{
    member *m = slot(r, key);
    if (m) {
        m->kind = kind;
        m->node = node;
    }
}

/* The index-th NUMBER among the positional arguments (strings and
 * identifiers do not count, as in the reference). */
static int nth_number(const locus_ast *ast, locus_node attr, size_t index, double *value)
{
    size_t n = gen_attr_argc(ast, attr);
    for (size_t i = 0; i < n; i++) {
        locus_node arg = gen_attr_arg(ast, attr, i);
        if (locus_ast_kind_of(ast, arg) == LOCUS_AST_NUMBER && index-- == 0) {
            *value = locus_ast_number(ast, arg);
            return 1;
        }
    }
    return 0;
}

/* D-01: a named `min: a` / `max: b` argument. */
static int named_number(const locus_ast *ast, locus_node attr, const char *name, double *value)
{
    size_t n = gen_attr_argc(ast, attr);
    for (size_t i = 0; i < n; i++) {
        locus_node arg = gen_attr_arg(ast, attr, i);
        const char *key = locus_ast_name(ast, arg, NULL);
        locus_node v = locus_ast_get(ast, arg, LOCUS_F_VALUE);
        if (locus_ast_kind_of(ast, arg) == LOCUS_AST_ENTRY && key && strcmp(key, name) == 0 &&
            locus_ast_kind_of(ast, v) == LOCUS_AST_NUMBER) {
            *value = locus_ast_number(ast, v);
            return 1;
        }
    }
    return 0;
}

static void apply_length(rule *r, const locus_ast *ast, locus_node attr)
{
    double lo = 0, hi = 0;
    int has_lo = named_number(ast, attr, "min", &lo) || nth_number(ast, attr, 0, &lo);
    int has_hi = named_number(ast, attr, "max", &hi) || nth_number(ast, attr, 1, &hi);
    set_number(r, "lenMin", has_lo, lo);
    set_number(r, "lenMax", has_hi, hi);
}

/* A string argument that is present and not empty. */
static locus_node nonempty_string(const locus_ast *ast, locus_node attr)
{
    locus_node s = gen_attr_first_of(ast, attr, LOCUS_AST_STRING);
    size_t len = 0;
    return s && locus_ast_str(ast, s, &len) && len > 0 ? s : LOCUS_NODE_NONE;
}

static void apply_attribute(rule *r, const locus_ast *ast, locus_node attr)
{
    double value;
    locus_node node;
    if ((gen_attr_is(ast, attr, "min") || gen_attr_is(ast, attr, "max")) &&
        nth_number(ast, attr, 0, &value))
        set_number(r, gen_attr_is(ast, attr, "min") ? "min" : "max", 1, value);
    else if (gen_attr_is(ast, attr, "length"))
        apply_length(r, ast, attr);
    else if (gen_attr_is(ast, attr, "pattern") && (node = nonempty_string(ast, attr)))
        set_node(r, "pattern", M_STRING, node);
    else if (gen_attr_is(ast, attr, "email") || gen_attr_is(ast, attr, "Email"))
        set_node(r, "email", M_TRUE, 0);
    else if (gen_attr_is(ast, attr, "enum"))
        set_node(r, "enum", M_ENUM, attr);
    else if (gen_attr_is(ast, attr, "default") && (node = gen_attr_arg(ast, attr, 0)))
        set_node(r, "defaultValue", M_DEFAULT, node);
    else if (gen_attr_is(ast, attr, "json"))
        set_node(r, "json", M_TRUE, 0);
    else if (gen_attr_is(ast, attr, "opaque"))
        set_node(r, "opaque", M_TRUE, 0);
    else if (gen_attr_is(ast, attr, "discriminator"))
        set_node(r, "discriminator", M_TRUE, 0);
    else if (gen_attr_is(ast, attr, "message") && (node = gen_attr_first_of(ast, attr, LOCUS_AST_STRING)))
        set_node(r, "message", M_STRING, node);
    else if (gen_attr_is(ast, attr, "required"))
        r->required = 1;
}

static void json_node_str(gen_json *json, const locus_ast *ast, locus_node node)
{
    size_t len = 0;
    const char *s = locus_ast_str(ast, node, &len);
    gen_json_strn(json, s ? s : "", s ? len : 0);
}

static void json_literal(gen_json *json, const locus_ast *ast, locus_node value);

/* `{"call": "f", "args": [...]}` */
static void json_call(gen_json *json, const locus_ast *ast, locus_node call)
{
    locus_node callee = locus_ast_get(ast, call, LOCUS_F_CALLEE);
    size_t len = 0;
    const char *name = locus_ast_kind_of(ast, callee) == LOCUS_AST_IDENT
                           ? locus_ast_str(ast, callee, &len)
                           : locus_ast_text(ast, callee, &len);
    gen_json_begin_object(json);
    gen_json_key(json, "call");
    gen_json_strn(json, name ? name : "", name ? len : 0);
    gen_json_key(json, "args");
    gen_json_begin_array(json);
    size_t n = locus_ast_list_count(ast, call, LOCUS_F_ARGS);
    for (size_t i = 0; i < n; i++)
        json_literal(json, ast, locus_ast_list_at(ast, call, LOCUS_F_ARGS, i));
    gen_json_end_array(json);
    gen_json_end_object(json);
}

/* A default or enum value: strings keep their raw text, identifiers are
 * strings except true/false, numbers are numbers. */
static void json_literal(gen_json *json, const locus_ast *ast, locus_node value)
{
    switch (locus_ast_kind_of(ast, value)) {
    case LOCUS_AST_STRING:
        json_node_str(json, ast, value);
        return;
    case LOCUS_AST_IDENT: {
        const char *s = locus_ast_str(ast, value, NULL);
        if (s && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0))
            gen_json_bool(json, s[0] == 't');
        else
            json_node_str(json, ast, value);
        return;
    }
    case LOCUS_AST_NUMBER:
        gen_json_num(json, locus_ast_number(ast, value));
        return;
    case LOCUS_AST_CALL:
        json_call(json, ast, value);
        return;
    case LOCUS_AST_ARRAY:
        gen_json_begin_array(json);
        for (size_t i = 0; i < locus_ast_child_count(ast, value); i++)
            json_literal(json, ast, locus_ast_child(ast, value, i));
        gen_json_end_array(json);
        return;
    default:
        gen_json_null(json);
    }
}

/* `@enum(["a", "b"])` or `@enum("a", "b")`: the values as an array. */
static void json_enum(gen_json *json, const locus_ast *ast, locus_node attr)
{
    size_t n = gen_attr_argc(ast, attr);
    locus_node first = gen_attr_arg(ast, attr, 0);
    if (n == 1 && locus_ast_kind_of(ast, first) == LOCUS_AST_ARRAY) {
        json_literal(json, ast, first);
        return;
    }
    gen_json_begin_array(json);
    for (size_t i = 0; i < n; i++)
        json_literal(json, ast, gen_attr_arg(ast, attr, i));
    gen_json_end_array(json);
}

static void json_member(gen_json *json, const locus_ast *ast, const member *m)
{
    if (m->kind == M_UNDEFINED)
        return;
    gen_json_key(json, m->key);
    switch (m->kind) {
    case M_NUMBER: gen_json_num(json, m->number); break;
    case M_TRUE: gen_json_bool(json, 1); break;
    case M_STRING: json_node_str(json, ast, m->node); break;
    case M_DEFAULT: json_literal(json, ast, m->node); break;
    case M_ENUM: json_enum(json, ast, m->node); break;
    default: break;
    }
}

static void lowercase_type(gen_json *json, const locus_ast *ast, locus_node type)
{
    size_t len = 0;
    const char *name = locus_ast_name(ast, type, &len);
    char small[32];
    if (!name || len >= sizeof small) { /* no scalar name is this long */
        gen_json_strn(json, name ? name : "", name ? len : 0);
        return;
    }
    for (size_t i = 0; i < len; i++)
        small[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    gen_json_strn(json, small, len);
}

int gx_rule_object(gen_json *json, const locus_ast *ast, locus_node field, int patch)
{
    locus_node type = locus_ast_get(ast, field, LOCUS_F_TYPE);
    uint32_t flags = locus_ast_flags(ast, type);
    int list = (flags & LOCUS_FLAG_LIST) != 0;
    rule r = {.count = 0, .required = 0};
    gen_attr_iter it;
    gen_attr_iter_init(&it, ast, field);
    for (locus_node attr; (attr = gen_attr_next(&it)) != LOCUS_NODE_NONE;)
        apply_attribute(&r, ast, attr);
    int optional = !list && (flags & LOCUS_FLAG_OPTIONAL) && !r.required;
    gen_json_begin_object(json);
    gen_json_key(json, "name");
    json_node_str(json, ast, locus_ast_get(ast, field, LOCUS_F_NAME));
    gen_json_key(json, "type");
    lowercase_type(json, ast, type);
    gen_json_key(json, "optional");
    gen_json_bool(json, patch || optional);
    if (list) {
        gen_json_key(json, "list");
        gen_json_bool(json, 1);
    }
    for (size_t i = 0; i < r.count; i++)
        json_member(json, ast, &r.members[i]);
    gen_json_end_object(json);
    return json->failed ? -1 : 0;
}
