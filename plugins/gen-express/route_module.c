/* route_module.c — routes/«b».ts, the CRUD router of one entity
 * (outputs.md §5.1). The text is fixed apart from the entity name «E» and
 * its lowerFirst form «b»; the uneven indentation is the reference's. The
 * template is a list of constant pieces, each followed by a name slot. */
#include "express.h"

typedef enum slot {
    SLOT_NONE = 0,
    SLOT_BASE,  /* «b» */
    SLOT_ENTITY /* «E» */
} slot;

typedef struct piece {
    const char *text;
    slot after;
} piece;

static const piece route_template[] = {
    {"import { Router } from 'express'\n"
     "import { PrismaClient } from '@prisma/client'\n"
     "import { validate", SLOT_ENTITY},
    {"Body, validate", SLOT_ENTITY},
    {"Update } from '../validation/", SLOT_ENTITY},
    {"'\n"
     "import { validationErrorEnvelope } from '../runtime/validateRuntime'\n"
     "const prisma = new PrismaClient()\n"
     "export const router = Router()\n"
     "\n"
     "// GET /", SLOT_BASE},
    {"\nrouter.get('/", SLOT_BASE},
    {"', async (req, res) => {\n"
     "  try {\n"
     "  const skip = req.query.skip !== undefined ? Number(req.query.skip) : undefined\n"
     "  const take = req.query.take !== undefined ? Number(req.query.take) : undefined\n"
     "    let where: any = undefined\n"
     "    if (req.query.where) {\n"
     "      try { where = typeof req.query.where === 'string' ? JSON.parse(req.query.where) : "
     "req.query.where } catch { return res.status(400).json({ error: 'Invalid where JSON' }) }\n"
     "    }\n"
     "  if (skip !== undefined && Number.isNaN(skip)) return res.status(400).json({ error: 'skip "
     "must be a number' })\n"
     "  if (take !== undefined && Number.isNaN(take)) return res.status(400).json({ error: 'take "
     "must be a number' })\n"
     "  const rows = await prisma.", SLOT_BASE},
    {".findMany({ where, skip, take })\n"
     "    res.json(rows)\n"
     "  } catch (err: any) {\n"
     "    res.status(500).json({ error: err?.message || 'Server error' })\n"
     "  }\n"
     "})\n"
     "\n"
     "// GET /", SLOT_BASE},
    {"/:id\nrouter.get('/", SLOT_BASE},
    {"/:id', async (req, res) => {\n"
     "  try {\n"
     "    const id = Number(req.params.id)\n"
     "  const row = await prisma.", SLOT_BASE},
    {".findUnique({ where: { id } })\n"
     "    if (!row) return res.status(404).end()\n"
     "    res.json(row)\n"
     "  } catch (err: any) {\n"
     "    res.status(500).json({ error: err?.message || 'Server error' })\n"
     "  }\n"
     "})\n"
     "\n"
     "// POST /", SLOT_BASE},
    {"\nrouter.post('/", SLOT_BASE},
    {"', async (req, res) => {\n"
     "  try {\n"
     "  const validation = validate", SLOT_ENTITY},
    {"Body(req.body, 'create');\n"
     "  if (!validation.ok) return res.status(400).json(validationErrorEnvelope(validation.errors!));\n"
     "  const created = await prisma.", SLOT_BASE},
    {".create({ data: req.body })\n"
     "    res.status(201).json(created)\n"
     "  } catch (err: any) {\n"
     "    res.status(400).json({ error: err?.message || 'Create failed' })\n"
     "  }\n"
     "})\n"
     "\n"
     "// PUT /", SLOT_BASE},
    {"/:id\nrouter.put('/", SLOT_BASE},
    {"/:id', async (req, res) => {\n"
     "  try {\n"
     "    const id = Number(req.params.id)\n"
     "  if (Number.isNaN(id)) return res.status(400).json({ error: 'id must be a number' })\n"
     "  const validation = validate", SLOT_ENTITY},
    {"Update(req.body);\n"
     "  if (!validation.ok) return res.status(400).json(validationErrorEnvelope(validation.errors!));\n"
     "  const updated = await prisma.", SLOT_BASE},
    {".update({ where: { id }, data: req.body })\n"
     "    res.json(updated)\n"
     "  } catch (err: any) {\n"
     "    res.status(400).json({ error: err?.message || 'Update failed' })\n"
     "  }\n"
     "})\n"
     "\n"
     "// DELETE /", SLOT_BASE},
    {"/:id\nrouter.delete('/", SLOT_BASE},
    {"/:id', async (req, res) => {\n"
     "  try {\n"
     "    const id = Number(req.params.id)\n"
     "  if (Number.isNaN(id)) return res.status(400).json({ error: 'id must be a number' })\n"
     "  await prisma.", SLOT_BASE},
    {".delete({ where: { id } })\n"
     "    res.status(204).end()\n"
     "  } catch (err: any) {\n"
     "    res.status(400).json({ error: err?.message || 'Delete failed' })\n"
     "  }\n"
     "})\n", SLOT_NONE},
};

int gx_route_body(locus_buf *out, const char *entity)
{
    locus_buf base = LOCUS_BUF_INIT;
    int rc = gen_lower_first(&base, entity);
    for (size_t i = 0; rc == 0 && i < sizeof route_template / sizeof route_template[0]; i++) {
        rc |= locus_buf_puts(out, route_template[i].text);
        if (route_template[i].after == SLOT_BASE)
            rc |= locus_buf_append(out, base.data, base.len);
        else if (route_template[i].after == SLOT_ENTITY)
            rc |= locus_buf_puts(out, entity);
    }
    locus_buf_free(&base);
    return rc ? -1 : 0;
}
