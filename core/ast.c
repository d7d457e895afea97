/* ast.c — the AST blob reader of locus/ast.h: full validation on open,
 * then bounds-safe accessors.
 *
 * Byte layout (little-endian; docs/ast.md has the full description):
 *   header (64 bytes) · node area · string table · file table · file texts ·
 *   line-start table.
 * Validation is one sequential walk over the node area: every node record
 * must fit, every reference must name the start of an earlier node that no
 * other node references, and every string/slice/list range must fit. That
 * makes the node graph a tree with finite depth, which is checked too.
 */
#include <stdlib.h>
#include <string.h>

#include "ast_int.h"

#define HEADER_SIZE 64u
#define NODE_HEADER 36u
#define FIELD_SIZE 12u
#define FILE_ENTRY 24u

static const unsigned char magic[8] = {'L', 'O', 'C', 'U', 'S', 'A', 'S', 'T'};

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */
/* ------------------------------------------------------------------ */

typedef struct checker {
    const locus_ast *ast;
    uint32_t *starts;   /* node offsets, ascending */
    uint16_t *depth;    /* per node index */
    unsigned char *used;/* per node index: referenced already */
    size_t count;
} checker;

static int section_ok(size_t size, uint32_t off, uint64_t len)
{
    return off >= HEADER_SIZE && (uint64_t)off + len <= size;
}

/* Index of the node starting at ref, or -1. */
static long node_index(const checker *c, uint32_t ref)
{
    size_t lo = 0, hi = c->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->starts[mid] < ref)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->count && c->starts[lo] == ref ? (long)lo : -1;
}

static int string_ok(const locus_ast *ast, uint32_t ref)
{
    if (ref == 0)
        return 1;
    if (ref < 4 || (uint64_t)ref + 5 > ast->strings_len)
        return 0;
    const unsigned char *s = ast->data + ast->strings_off;
    uint64_t len = rd32(s + ref);
    return (uint64_t)ref + 4 + len + 1 <= ast->strings_len && s[ref + 4 + len] == 0;
}

static uint32_t file_text_len(const locus_ast *ast, uint32_t file)
{
    return rd32(ast->data + ast->files_off + file * FILE_ENTRY + 8);
}

static int files_ok(const locus_ast *ast)
{
    for (uint32_t i = 0; i < ast->nfiles; i++) {
        const unsigned char *e = ast->data + ast->files_off + i * FILE_ENTRY;
        uint32_t path = rd32(e), toff = rd32(e + 4), tlen = rd32(e + 8);
        uint32_t lfirst = rd32(e + 12), nlines = rd32(e + 16);
        if (path == 0 || !string_ok(ast, path))
            return 0;
        if ((uint64_t)toff + tlen > ast->text_len)
            return 0;
        if (nlines == 0 || (uint64_t)lfirst + nlines > ast->nlines)
            return 0;
        const unsigned char *lines = ast->data + ast->lines_off + (size_t)lfirst * 4;
        uint32_t prev = 0;
        for (uint32_t l = 0; l < nlines; l++) {
            uint32_t start = rd32(lines + (size_t)l * 4);
            if ((l == 0 && start != 0) || (l > 0 && start <= prev) || start > tlen)
                return 0;
            prev = start;
        }
    }
    return 1;
}

/* Collect node starts by walking the node area. */
static int collect_nodes(checker *c)
{
    const locus_ast *ast = c->ast;
    const unsigned char *area = ast->data + ast->nodes_off;
    size_t cap = 64;
    c->starts = malloc(cap * sizeof *c->starts);
    if (!c->starts)
        return LOCUS_AST_ENOMEM;
    uint32_t off = 4;
    while (off < ast->nodes_len) {
        if ((uint64_t)off + NODE_HEADER > ast->nodes_len)
            return LOCUS_AST_ECORRUPT;
        const unsigned char *n = area + off;
        uint64_t size = NODE_HEADER + (uint64_t)rd16(n + 28) * FIELD_SIZE +
                        (uint64_t)rd32(n + 32) * 4;
        if (off + size > ast->nodes_len)
            return LOCUS_AST_ECORRUPT;
        if (c->count == cap) {
            cap *= 2;
            uint32_t *grown = realloc(c->starts, cap * sizeof *grown);
            if (!grown)
                return LOCUS_AST_ENOMEM;
            c->starts = grown;
        }
        c->starts[c->count++] = off;
        off += (uint32_t)size;
    }
    return off == ast->nodes_len ? LOCUS_AST_OK : LOCUS_AST_ECORRUPT;
}

/* A reference from the node at index `self`: valid, earlier, unshared. */
static int link_ok(checker *c, size_t self, uint32_t ref, unsigned *depth)
{
    if (ref == 0)
        return 1;
    long idx = node_index(c, ref);
    if (idx < 0 || (size_t)idx >= self || c->used[idx])
        return 0;
    c->used[idx] = 1;
    if (c->depth[idx] + 1u > *depth)
        *depth = c->depth[idx] + 1u;
    return 1;
}

/* A record's file index: low half at byte 2, high half at byte 30. */
static uint32_t node_file(const unsigned char *n)
{
    return (uint32_t)rd16(n + 2) | (uint32_t)rd16(n + 30) << 16;
}

static int span_ok(const locus_ast *ast, const unsigned char *n)
{
    uint32_t file = node_file(n), off = rd32(n + 8), len = rd32(n + 12);
    if (file == LOCUS_AST_NO_FILE)
        return 1;
    if (file >= ast->nfiles)
        return 0;
    return (uint64_t)off + len <= file_text_len(ast, file);
}

static int field_ok(checker *c, size_t self, const unsigned char *n, const unsigned char *f,
                    unsigned *depth)
{
    uint32_t nitems = rd32(n + 32);
    uint32_t a = rd32(f + 4), b = rd32(f + 8);
    uint32_t file = node_file(n);
    switch (rd16(f + 2)) {
    case LOCUS_FT_NODE:
        return link_ok(c, self, a, depth);
    case LOCUS_FT_LIST:
        return (uint64_t)a + b <= nitems;
    case LOCUS_FT_STR:
        return string_ok(c->ast, a);
    case LOCUS_FT_NUM:
    case LOCUS_FT_INT:
        return 1;
    case LOCUS_FT_SLICE:
        return file != LOCUS_AST_NO_FILE && file < c->ast->nfiles &&
               (uint64_t)a + b <= file_text_len(c->ast, file);
    default:
        return 0;
    }
}

static int node_ok(checker *c, size_t self)
{
    const locus_ast *ast = c->ast;
    const unsigned char *n = ast->data + ast->nodes_off + c->starts[self];
    if (rd16(n) == 0 || !span_ok(ast, n) || !string_ok(ast, rd32(n + 24)))
        return 0;
    uint16_t nfields = rd16(n + 28);
    uint32_t nitems = rd32(n + 32);
    unsigned depth = 1;
    uint16_t prev_id = 0;
    for (uint16_t i = 0; i < nfields; i++) {
        const unsigned char *f = n + NODE_HEADER + (size_t)i * FIELD_SIZE;
        uint16_t id = rd16(f);
        if (id <= prev_id || !field_ok(c, self, n, f, &depth))
            return 0;
        prev_id = id;
    }
    const unsigned char *items = n + NODE_HEADER + (size_t)nfields * FIELD_SIZE;
    for (uint32_t i = 0; i < nitems; i++)
        if (rd32(items + (size_t)i * 4) == 0 || !link_ok(c, self, rd32(items + (size_t)i * 4), &depth))
            return 0;
    if (depth > LOCUS_AST_MAX_DEPTH)
        return 0;
    c->depth[self] = (uint16_t)depth;
    return 1;
}

static int check_nodes(const locus_ast *ast)
{
    checker c = {ast, NULL, NULL, NULL, 0};
    int rc = collect_nodes(&c);
    if (rc == LOCUS_AST_OK) {
        c.depth = calloc(c.count ? c.count : 1, sizeof *c.depth);
        c.used = calloc(c.count ? c.count : 1, 1);
        if (!c.depth || !c.used)
            rc = LOCUS_AST_ENOMEM;
    }
    for (size_t i = 0; rc == LOCUS_AST_OK && i < c.count; i++)
        if (!node_ok(&c, i))
            rc = LOCUS_AST_ECORRUPT;
    if (rc == LOCUS_AST_OK && (ast->root == 0 || node_index(&c, ast->root) < 0))
        rc = LOCUS_AST_ECORRUPT;
    free(c.starts);
    free(c.depth);
    free(c.used);
    return rc;
}

static int read_header(const unsigned char *d, size_t len, locus_ast *a)
{
    if (len < HEADER_SIZE)
        return len >= 8 && memcmp(d, magic, 8) != 0 ? LOCUS_AST_EMAGIC : LOCUS_AST_ETRUNCATED;
    if (memcmp(d, magic, 8) != 0)
        return LOCUS_AST_EMAGIC;
    if (rd32(d + 8) != LOCUS_AST_VERSION)
        return LOCUS_AST_EVERSION;
    if (rd32(d + 16) > len)
        return LOCUS_AST_ETRUNCATED;
    if (rd32(d + 12) != HEADER_SIZE || rd32(d + 16) != len)
        return LOCUS_AST_ECORRUPT;
    a->data = d;
    a->size = len;
    a->root = rd32(d + 20);
    a->nodes_off = rd32(d + 24), a->nodes_len = rd32(d + 28);
    a->strings_off = rd32(d + 32), a->strings_len = rd32(d + 36);
    a->files_off = rd32(d + 40), a->nfiles = rd32(d + 44);
    a->text_off = rd32(d + 48), a->text_len = rd32(d + 52);
    a->lines_off = rd32(d + 56), a->nlines = rd32(d + 60);
    if (!section_ok(len, a->nodes_off, a->nodes_len) || a->nodes_len < 4 ||
        !section_ok(len, a->strings_off, a->strings_len) || a->strings_len < 4 ||
        !section_ok(len, a->files_off, (uint64_t)a->nfiles * FILE_ENTRY) ||
        !section_ok(len, a->text_off, a->text_len) ||
        !section_ok(len, a->lines_off, (uint64_t)a->nlines * 4) || a->nfiles >= LOCUS_AST_NO_FILE)
        return LOCUS_AST_ECORRUPT;
    return LOCUS_AST_OK;
}

int lp_ast_open_as(const void *data, size_t len, int walk_nodes, locus_ast *out)
{
    locus_ast a;
    memset(&a, 0, sizeof a);
    memset(out, 0, sizeof *out);
    if (!data)
        return LOCUS_AST_ETRUNCATED;
    if (len > UINT32_MAX)
        return LOCUS_AST_ECORRUPT;
    int rc = read_header(data, len, &a);
    if (rc == LOCUS_AST_OK && !files_ok(&a))
        rc = LOCUS_AST_ECORRUPT;
    if (rc == LOCUS_AST_OK && walk_nodes)
        rc = check_nodes(&a);
    if (rc == LOCUS_AST_OK)
        *out = a;
    return rc;
}

int locus_ast_open(const void *data, size_t len, locus_ast *out)
{
    return lp_ast_open_as(data, len, 1, out);
}

const char *locus_ast_strerror(int code)
{
    switch (code) {
    case LOCUS_AST_OK: return "ok";
    case LOCUS_AST_ETRUNCATED: return "AST blob is truncated";
    case LOCUS_AST_EMAGIC: return "not an AST blob";
    case LOCUS_AST_EVERSION: return "AST blob has an unsupported version";
    case LOCUS_AST_ECORRUPT: return "AST blob is corrupt";
    case LOCUS_AST_ENOMEM: return "out of memory while validating an AST blob";
    default: return "unknown AST error";
    }
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

/* The node record, or NULL for NONE / a handle outside the node area. */
static const unsigned char *rec(const locus_ast *ast, locus_node n)
{
    if (!ast || !ast->data || n < 4 || (uint64_t)n + NODE_HEADER > ast->nodes_len)
        return NULL;
    return ast->data + ast->nodes_off + n;
}

locus_node locus_ast_root(const locus_ast *ast)
{
    return ast && ast->data ? ast->root : LOCUS_NODE_NONE;
}

locus_ast_kind locus_ast_kind_of(const locus_ast *ast, locus_node node)
{
    const unsigned char *n = rec(ast, node);
    return n ? (locus_ast_kind)rd16(n) : LOCUS_AST_NONE;
}

uint32_t locus_ast_flags(const locus_ast *ast, locus_node node)
{
    const unsigned char *n = rec(ast, node);
    return n ? rd32(n + 4) : 0;
}

locus_span locus_ast_span(const locus_ast *ast, locus_node node)
{
    locus_span s = {0, 0, 0, 0, 0};
    const unsigned char *n = rec(ast, node);
    if (n) {
        s.file = node_file(n);
        s.offset = rd32(n + 8);
        s.length = rd32(n + 12);
        s.line = rd32(n + 16);
        s.column = rd32(n + 20);
    }
    return s;
}

static const char *string_at(const locus_ast *ast, uint32_t ref, size_t *len)
{
    if (len)
        *len = 0;
    if (ref == 0 || (uint64_t)ref + 5 > ast->strings_len)
        return NULL;
    const unsigned char *s = ast->data + ast->strings_off + ref;
    uint64_t n = rd32(s);
    if ((uint64_t)ref + 4 + n + 1 > ast->strings_len || s[4 + n] != 0)
        return NULL; /* only for handles that are not from this blob */
    if (len)
        *len = (size_t)n;
    return (const char *)s + 4;
}

static const char *file_text(const locus_ast *ast, uint32_t file, size_t *len)
{
    if (len)
        *len = 0;
    if (!ast || !ast->data || file >= ast->nfiles)
        return NULL;
    const unsigned char *e = ast->data + ast->files_off + (size_t)file * FILE_ENTRY;
    if (len)
        *len = rd32(e + 8);
    return (const char *)ast->data + ast->text_off + rd32(e + 4);
}

const char *locus_ast_text(const locus_ast *ast, locus_node node, size_t *len)
{
    locus_span s = locus_ast_span(ast, node);
    size_t tlen;
    const char *t = file_text(ast, s.file, &tlen);
    if (len)
        *len = 0;
    if (!t || (uint64_t)s.offset + s.length > tlen)
        return NULL;
    if (len)
        *len = s.length;
    return t + s.offset;
}

const char *locus_ast_str(const locus_ast *ast, locus_node node, size_t *len)
{
    const unsigned char *n = rec(ast, node);
    if (len)
        *len = 0;
    return n ? string_at(ast, rd32(n + 24), len) : NULL;
}

/* The number of field entries of the record at n that lie inside the node
 * area (all of them, for handles from this blob). */
static uint16_t field_count(const locus_ast *ast, locus_node node, const unsigned char *n)
{
    uint64_t room = (ast->nodes_len - (uint64_t)node - NODE_HEADER) / FIELD_SIZE;
    uint16_t count = rd16(n + 28);
    return count <= room ? count : (uint16_t)room;
}

/* The field entry with this id and type, or NULL. */
static const unsigned char *field(const locus_ast *ast, locus_node node, locus_ast_field id,
                                  locus_ast_ftype type)
{
    const unsigned char *n = rec(ast, node);
    if (!n)
        return NULL;
    size_t lo = 0, hi = field_count(ast, node, n);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const unsigned char *f = n + NODE_HEADER + mid * FIELD_SIZE;
        uint16_t fid = rd16(f);
        if (fid == (uint16_t)id)
            return rd16(f + 2) == (uint16_t)type ? f : NULL;
        if (fid < (uint16_t)id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int locus_ast_has(const locus_ast *ast, locus_node node, locus_ast_field id)
{
    const unsigned char *n = rec(ast, node);
    if (!n)
        return 0;
    for (uint16_t i = 0; i < field_count(ast, node, n); i++)
        if (rd16(n + NODE_HEADER + (size_t)i * FIELD_SIZE) == (uint16_t)id)
            return 1;
    return 0;
}

locus_node locus_ast_get(const locus_ast *ast, locus_node node, locus_ast_field id)
{
    const unsigned char *f = field(ast, node, id, LOCUS_FT_NODE);
    return f ? rd32(f + 4) : LOCUS_NODE_NONE;
}

const char *locus_ast_name(const locus_ast *ast, locus_node node, size_t *len)
{
    return locus_ast_str(ast, locus_ast_get(ast, node, LOCUS_F_NAME), len);
}

size_t locus_ast_list_count(const locus_ast *ast, locus_node node, locus_ast_field id)
{
    const unsigned char *f = field(ast, node, id, LOCUS_FT_LIST);
    return f ? rd32(f + 8) : 0;
}

locus_node locus_ast_list_at(const locus_ast *ast, locus_node node, locus_ast_field id,
                             size_t index)
{
    const unsigned char *f = field(ast, node, id, LOCUS_FT_LIST);
    if (!f || index >= rd32(f + 8))
        return LOCUS_NODE_NONE;
    const unsigned char *n = rec(ast, node);
    size_t item = rd32(f + 4) + index;
    size_t pos = NODE_HEADER + (size_t)rd16(n + 28) * FIELD_SIZE + item * 4;
    if (item >= rd32(n + 32) || (uint64_t)node + pos + 4 > ast->nodes_len)
        return LOCUS_NODE_NONE;
    return rd32(n + pos);
}

size_t locus_ast_child_count(const locus_ast *ast, locus_node node)
{
    return locus_ast_list_count(ast, node, LOCUS_F_CHILDREN);
}

locus_node locus_ast_child(const locus_ast *ast, locus_node node, size_t index)
{
    return locus_ast_list_at(ast, node, LOCUS_F_CHILDREN, index);
}

const char *locus_ast_get_str(const locus_ast *ast, locus_node node, locus_ast_field id,
                              size_t *len)
{
    const unsigned char *f = field(ast, node, id, LOCUS_FT_STR);
    if (len)
        *len = 0;
    return f ? string_at(ast, rd32(f + 4), len) : NULL;
}

int locus_ast_get_num(const locus_ast *ast, locus_node node, locus_ast_field id,
                      double *value)
{
    const unsigned char *f = field(ast, node, id, LOCUS_FT_NUM);
    if (!f)
        return 0;
    uint64_t bits = (uint64_t)rd32(f + 4) | (uint64_t)rd32(f + 8) << 32;
    memcpy(value, &bits, sizeof *value);
    return 1;
}

double locus_ast_number(const locus_ast *ast, locus_node node)
{
    double v = 0;
    return locus_ast_get_num(ast, node, LOCUS_F_NUMBER, &v) ? v : 0;
}

int32_t locus_ast_get_int(const locus_ast *ast, locus_node node, locus_ast_field id,
                          int32_t dflt)
{
    const unsigned char *f = field(ast, node, id, LOCUS_FT_INT);
    return f ? (int32_t)rd32(f + 4) : dflt;
}

int locus_ast_get_slice(const locus_ast *ast, locus_node node, locus_ast_field id,
                        locus_slice *out)
{
    const unsigned char *f = field(ast, node, id, LOCUS_FT_SLICE);
    memset(out, 0, sizeof *out);
    if (!f)
        return 0;
    size_t tlen;
    uint32_t file = node_file(rec(ast, node));
    const char *t = file_text(ast, file, &tlen);
    uint32_t off = rd32(f + 4), len = rd32(f + 8);
    if (!t || (uint64_t)off + len > tlen)
        return 0;
    out->text = t + off;
    out->file = file;
    out->offset = off;
    out->length = len;
    return 1;
}

size_t locus_ast_field_count(const locus_ast *ast, locus_node node)
{
    const unsigned char *n = rec(ast, node);
    return n ? field_count(ast, node, n) : 0;
}

locus_field_info locus_ast_field_at(const locus_ast *ast, locus_node node, size_t index)
{
    locus_field_info info = {LOCUS_F_NONE, (locus_ast_ftype)0};
    const unsigned char *n = rec(ast, node);
    if (!n || index >= field_count(ast, node, n))
        return info;
    const unsigned char *f = n + NODE_HEADER + index * FIELD_SIZE;
    info.id = (locus_ast_field)rd16(f);
    info.type = (locus_ast_ftype)rd16(f + 2);
    return info;
}

uint32_t locus_ast_file_count(const locus_ast *ast)
{
    return ast && ast->data ? ast->nfiles : 0;
}

const char *locus_ast_file_path(const locus_ast *ast, uint32_t file, size_t *len)
{
    if (len)
        *len = 0;
    if (!ast || !ast->data || file >= ast->nfiles)
        return NULL;
    return string_at(ast, rd32(ast->data + ast->files_off + (size_t)file * FILE_ENTRY), len);
}

const char *locus_ast_file_text(const locus_ast *ast, uint32_t file, size_t *len)
{
    return file_text(ast, file, len);
}

/* UTF-16 code units in bytes [from, to) of valid-or-not UTF-8. */
static uint32_t utf16_units(const unsigned char *t, uint32_t from, uint32_t to)
{
    uint32_t units = 0;
    for (uint32_t i = from; i < to; i++) {
        unsigned char c = t[i];
        if ((c & 0xC0) != 0x80)
            units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

int locus_ast_position(const locus_ast *ast, uint32_t file, uint32_t offset, uint32_t *line,
                       uint32_t *column)
{
    size_t tlen;
    const char *t = file_text(ast, file, &tlen);
    if (!t || offset > tlen)
        return 0;
    const unsigned char *e = ast->data + ast->files_off + (size_t)file * FILE_ENTRY;
    const unsigned char *lines = ast->data + ast->lines_off + (size_t)rd32(e + 12) * 4;
    uint32_t lo = 0, hi = rd32(e + 16);
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (rd32(lines + (size_t)mid * 4) <= offset)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t start = rd32(lines + (size_t)lo * 4);
    uint32_t col = utf16_units((const unsigned char *)t, start, offset) + 1;
    if (lo == 0 && (rd32(e + 20) & 1u) && offset >= 3)
        col -= 1;
    *line = lo + 1;
    *column = col;
    return 1;
}
