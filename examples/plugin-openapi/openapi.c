/* openapi.c — an example enterprise generator: an OpenAPI 3.0 document
 * (openapi.json) for the REST routes the standard Express generator
 * writes, built from the merged entities.
 *
 * It shows a third-party generator added to the standard Locus pipeline
 * with one config section: it reads the per-entity items of the `entities`
 * port (each a small AST blob whose root is the ENTITY, see docs/ast.md)
 * and waits for `validated`, so it never runs on an invalid program and an
 * edit elsewhere does not invalidate its cache.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/ast.h>
#include <locus/locus.h>

static void json_string(locus_buf *out, const char *s)
{
    locus_buf_putc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            locus_buf_printf(out, "\\%c", c);
        else if (c < 0x20)
            locus_buf_printf(out, "\\u%04x", c);
        else
            locus_buf_putc(out, (char)c);
    }
    locus_buf_putc(out, '"');
}

/* JSON schema of a Locus scalar (language.md §4.2 codes 1..12). */
static const char *scalar_schema(int32_t code)
{
    static const char *const schemas[] = {
        "{\"type\": \"object\"}",                          /* unknown */
        "{\"type\": \"string\"}",                          /* String */
        "{\"type\": \"string\"}",                          /* Text */
        "{\"type\": \"integer\"}",                         /* Integer */
        "{\"type\": \"number\"}",                          /* Decimal */
        "{\"type\": \"boolean\"}",                         /* Boolean */
        "{\"type\": \"string\", \"format\": \"date-time\"}", /* DateTime */
        "{}",                                              /* Json: anything */
        "{\"type\": \"integer\", \"format\": \"int64\"}",  /* BigInt */
        "{\"type\": \"number\", \"format\": \"double\"}",  /* Float */
        "{\"type\": \"string\", \"format\": \"uuid\"}",    /* UUID */
        "{\"type\": \"string\", \"format\": \"email\"}",   /* Email */
        "{\"type\": \"string\", \"format\": \"uri\"}",     /* URL */
    };
    return code >= 1 && code <= 12 ? schemas[code] : schemas[0];
}

static void field_schema(locus_buf *out, const locus_ast *ast, locus_node type)
{
    int32_t code = locus_ast_get_int(ast, type, LOCUS_F_CODE, 0);
    uint32_t flags = locus_ast_flags(ast, type);
    const char *schema = scalar_schema(code);
    if (flags & LOCUS_FLAG_LIST)
        locus_buf_printf(out, "{\"type\": \"array\", \"items\": %s", schema);
    else
        locus_buf_printf(out, "%.*s", (int)strlen(schema) - 1, schema);
    if (flags & (LOCUS_FLAG_NULLABLE | LOCUS_FLAG_NULL_UNION))
        locus_buf_puts(out, strcmp(schema, "{}") == 0 && !(flags & LOCUS_FLAG_LIST)
                                ? "\"nullable\": true}"
                                : ", \"nullable\": true}");
    else
        locus_buf_puts(out, "}");
}

/* components.schemas.<Entity>: an id plus every scalar field; a field
 * without `?` is required. */
static void entity_schema(locus_buf *out, const locus_ast *ast, locus_node entity)
{
    locus_buf required = LOCUS_BUF_INIT;
    locus_buf_puts(&required, "\"id\"");
    json_string(out, locus_ast_name(ast, entity, NULL));
    locus_buf_puts(out, ": {\n        \"type\": \"object\",\n        \"properties\": {\n"
                        "          \"id\": {\"type\": \"integer\", \"readOnly\": true}");
    for (size_t i = 0; i < locus_ast_child_count(ast, entity); i++) {
        locus_node field = locus_ast_child(ast, entity, i);
        if (locus_ast_kind_of(ast, field) != LOCUS_AST_FIELD)
            continue;
        const char *name = locus_ast_name(ast, field, NULL);
        locus_node type = locus_ast_get(ast, field, LOCUS_F_TYPE);
        locus_buf_puts(out, ",\n          ");
        json_string(out, name);
        locus_buf_puts(out, ": ");
        field_schema(out, ast, type);
        if (!(locus_ast_flags(ast, type) & LOCUS_FLAG_OPTIONAL)) {
            locus_buf_puts(&required, ", ");
            json_string(&required, name);
        }
    }
    locus_buf_printf(out, "\n        },\n        \"required\": [%s]\n      }", required.data);
    locus_buf_free(&required);
}

/* The five routes of routes/«b».ts, mounted at /«b» by server.ts. */
static void entity_paths(locus_buf *out, const char *entity, int first)
{
    char base[256];
    snprintf(base, sizeof base, "%c%s", entity[0] >= 'A' && entity[0] <= 'Z'
                                            ? entity[0] - 'A' + 'a' : entity[0], entity + 1);
    const char *ref = "{\"$ref\": \"#/components/schemas/";
    locus_buf_printf(out,
        "%s    \"/%s/%s\": {\n"
        "      \"get\": {\"summary\": \"List %s\", \"parameters\": ["
        "{\"name\": \"skip\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}}, "
        "{\"name\": \"take\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}}, "
        "{\"name\": \"where\", \"in\": \"query\", \"schema\": {\"type\": \"string\"}}], "
        "\"responses\": {\"200\": {\"description\": \"rows\", \"content\": "
        "{\"application/json\": {\"schema\": {\"type\": \"array\", \"items\": %s%s\"}}}}}}},\n"
        "      \"post\": {\"summary\": \"Create %s\", \"requestBody\": {\"content\": "
        "{\"application/json\": {\"schema\": %s%s\"}}}}, \"responses\": "
        "{\"201\": {\"description\": \"created\"}, \"400\": {\"description\": \"invalid\"}}}\n"
        "    },\n"
        "    \"/%s/%s/{id}\": {\n"
        "      \"parameters\": [{\"name\": \"id\", \"in\": \"path\", \"required\": true, "
        "\"schema\": {\"type\": \"integer\"}}],\n"
        "      \"get\": {\"summary\": \"Read %s\", \"responses\": {\"200\": {\"description\": "
        "\"the row\", \"content\": {\"application/json\": {\"schema\": %s%s\"}}}}, "
        "\"404\": {\"description\": \"not found\"}}},\n"
        "      \"put\": {\"summary\": \"Update %s\", \"requestBody\": {\"content\": "
        "{\"application/json\": {\"schema\": %s%s\"}}}}, \"responses\": "
        "{\"200\": {\"description\": \"updated\"}, \"400\": {\"description\": \"invalid\"}}},\n"
        "      \"delete\": {\"summary\": \"Delete %s\", \"responses\": "
        "{\"204\": {\"description\": \"deleted\"}}}\n"
        "    }",
        first ? "" : ",\n", base, base, entity, ref, entity, entity, ref, entity, base, base,
        entity, ref, entity, entity, ref, entity, entity);
}

typedef struct opened {
    locus_ast ast;
    locus_node entity;
} opened;

static int open_entities(locus_task *task, const locus_port *port, opened *items)
{
    for (size_t i = 0; i < locus_port_count(port); i++) {
        size_t len;
        const void *blob = locus_item_data(task, port, i, &len);
        int rc = blob ? locus_ast_open(blob, len, &items[i].ast) : LOCUS_AST_ETRUNCATED;
        if (rc != LOCUS_AST_OK) {
            locus_error(task, NULL, 0, 0, "entity %s: %s", locus_item_key(port, i),
                        locus_ast_strerror(rc));
            return -1;
        }
        items[i].entity = locus_ast_root(&items[i].ast);
    }
    return 0;
}

static int openapi_run(locus_task *task)
{
    const locus_port *entities = locus_input(task, "entities");
    size_t n = locus_port_count(entities);
    opened *items = locus_arena_zalloc(locus_task_arena(task), (n + 1) * sizeof *items);
    if (!items || open_entities(task, entities, items) != 0)
        return -1;
    locus_buf doc = LOCUS_BUF_INIT;
    locus_buf_puts(&doc, "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": ");
    json_string(&doc, locus_task_option(task, "title"));
    locus_buf_puts(&doc, ", \"version\": ");
    json_string(&doc, locus_task_option(task, "version"));
    locus_buf_puts(&doc, "},\n  \"paths\": {\n");
    for (size_t i = 0; i < n; i++)
        entity_paths(&doc, locus_ast_name(&items[i].ast, items[i].entity, NULL), i == 0);
    locus_buf_puts(&doc, "\n  },\n  \"components\": {\n    \"schemas\": {");
    for (size_t i = 0; i < n; i++) {
        locus_buf_puts(&doc, i ? ",\n      " : "\n      ");
        entity_schema(&doc, &items[i].ast, items[i].entity);
    }
    int rc = locus_buf_puts(&doc, "\n    }\n  }\n}\n");
    if (rc == 0)
        rc = locus_write_file(task, "openapi.json", doc.data, doc.len, 0);
    locus_buf_free(&doc);
    return rc;
}

static const char *const inputs[] = {"entities", NULL};
static const char *const after[] = {"validated", NULL};
static const locus_option_desc options[] = {
    {"title", "info.title of the document", "Locus API"},
    {"version", "info.version of the document", "1.0.0"},
    {NULL, NULL, NULL},
};

static const locus_stage_desc stages[] = {
    {.name = "openapi", .version = "1", .help = "openapi.json for the entities' REST routes",
     .inputs = inputs, .outputs = NULL, .fanout = LOCUS_FANOUT_ONCE, .run = openapi_run,
     .options = options, .after = after},
};

LOCUS_PLUGIN("openapi", "1.0.0", stages);
