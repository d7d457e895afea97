/* validation_barrels.c — validation/index.ts and validation/all.ts
 * (outputs.md §4.2, §4.3): one line per entity, declaration order. */
#include "express.h"

int gx_validation_index_body(locus_buf *out, const gx_project *p)
{
    int rc = 0;
    for (size_t i = 0; i < p->n_entities; i++)
        rc |= locus_buf_printf(out, "%sexport * from './%s';", i ? "\n" : "", p->entities[i]);
    return rc ? -1 : 0; /* no final newline, as in the reference */
}

int gx_validation_all_body(locus_buf *out, const gx_project *p)
{
    int rc = 0;
    for (size_t i = 0; i < p->n_entities; i++)
        rc |= locus_buf_printf(out, "%simport * as %sVal from './%s';", i ? "\n" : "",
                               p->entities[i], p->entities[i]);
    rc |= locus_buf_puts(out, "\n\nexport const AllEntityValidators = {\n");
    for (size_t i = 0; i < p->n_entities; i++) {
        const char *e = p->entities[i];
        rc |= locus_buf_printf(out,
                               "%s  %s: { schema: %sVal.schema, updateSchema: %sVal.updateSchema, "
                               "patchSchema: %sVal.patchSchema, validate: %sVal.validate%sBody, "
                               "validateUpdate: %sVal.validate%sUpdate, validatePatch: "
                               "%sVal.validate%sPatch }",
                               i ? ",\n" : "", e, e, e, e, e, e, e, e, e, e);
    }
    rc |= locus_buf_puts(out, "\n} as const;\n");
    return rc ? -1 : 0;
}
