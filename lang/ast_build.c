/* ast_build.c — the AST blob writer of ast_build.h.
 *
 * Nodes are serialised when they close, so the node area is written once,
 * in post-order, straight into one growable buffer. Open nodes live on a
 * small frame stack; the items (child references) of all open nodes share
 * one stack, each node owning the run above its base. Strings are interned
 * in an open-addressing table. Line/column of node starts come from a
 * per-file line table plus a forward-moving cursor, so positions cost one
 * pass over the text overall.
 */
#include <stdlib.h>
#include <string.h>

#include "ast_build.h"
#include "locus/arena.h"

#define HEADER_SIZE 64u
#define NODE_HEADER 36u
#define FIELD_SIZE 12u
#define FILE_ENTRY 24u
#define MAX_FIELDS 24

typedef struct field_val {
    uint16_t id, type;
    uint32_t a, b;
} field_val;

typedef struct frame {
    uint16_t kind;
    uint32_t file;
    uint32_t flags, offset, line, column, str;
    size_t item_base;
    int nfields;
    field_val fields[MAX_FIELDS];
} frame;

typedef struct src_file {
    uint32_t key;          /* string ref */
    const char *text;
    char *owned;           /* text when copied */
    uint32_t len;
    int bom;
    uint32_t *lines;       /* line starts */
    uint32_t nlines;
    int borrowed_lines;
    int ascii;             /* no byte >= 0x80: a column is a byte distance */
} src_file;

typedef struct cursor {
    uint32_t file, offset, line, line_start, line_end, column;
} cursor;

struct ll_builder {
    locus_buf nodes, strings;
    uint32_t *table;       /* interned string refs; 0 = empty slot */
    uint32_t table_cap, table_used;
    src_file *files;
    uint32_t nfiles;
    size_t files_cap;
    /* file index + 1 by key ref (0 = empty slot): a merged project adds
     * every file of the project, and a scan per file was quadratic */
    uint32_t *file_slots;
    uint32_t file_slots_cap;
    frame *frames;
    size_t nframes, frames_cap;
    uint32_t *items;
    size_t nitems, items_cap;
    cursor cur;
    int failed;
    /* last file imported by ll_copy: (source blob, its file) -> our file,
     * so deep copies do not look the key up for every node */
    const locus_ast *imp_src;
    uint32_t imp_src_file, imp_file;
    /* while logging (ll_strlog_begin): every ref intern returned, in call
     * order, so ll_export_block can replay a block's interning exactly */
    uint32_t *strlog;
    size_t nstrlog, strlog_cap;
    int logging, log_failed;
};

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void wr16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static int grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *p = realloc(*ptr, n * elem);
    if (!p)
        return -1;
    *ptr = p;
    *cap = n;
    return 0;
}

ll_builder *ll_builder_new(void)
{
    ll_builder *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    /* The node area is built where it will sit in the blob, after the
     * header, so finishing copies no nodes. Offset 0 of both the node
     * area and the string table is reserved so that 0 can mean "none". */
    static const unsigned char zero[HEADER_SIZE + 4] = {0};
    if (locus_buf_append(&b->nodes, zero, HEADER_SIZE + 4) ||
        locus_buf_append(&b->strings, zero, 4)) {
        ll_builder_free(b);
        return NULL;
    }
    b->cur.file = LOCUS_AST_NO_FILE;
    return b;
}

void ll_builder_free(ll_builder *b)
{
    if (!b)
        return;
    locus_buf_free(&b->nodes);
    locus_buf_free(&b->strings);
    free(b->table);
    for (uint32_t i = 0; i < b->nfiles; i++) {
        free(b->files[i].owned);
        if (!b->files[i].borrowed_lines)
            free(b->files[i].lines);
    }
    free(b->files);
    free(b->file_slots);
    free(b->frames);
    free(b->items);
    free(b->strlog);
    free(b);
}

/* ------------------------------------------------------------------ */
/* Strings                                                             */
/* ------------------------------------------------------------------ */

static uint32_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = (len + 1) * 0x9E3779B97F4A7C15ull, w;
    while (len >= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        s += 8, len -= 8;
    }
    if (len >= 4) {
        /* two overlapping 4-byte loads cover 4..7 bytes */
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + len - 4, 4);
        w = (uint64_t)hi << 32 | lo;
    } else {
        w = 0;
        for (size_t i = 0; i < len; i++)
            w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    }
    h = (h ^ w) * 0x94D049BB133111EBull;
    return (uint32_t)(h ^ (h >> 29));
}

static uint32_t rd32(const void *p)
{
    const unsigned char *q = p;
    return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
}

static int string_eq(const ll_builder *b, uint32_t ref, const char *s, size_t len)
{
    const unsigned char *e = (const unsigned char *)b->strings.data + ref;
    return rd32(e) == len && memcmp(e + 4, s, len) == 0;
}

static int table_grow(ll_builder *b)
{
    uint32_t cap = b->table_cap ? b->table_cap * 2 : 256;
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (uint32_t i = 0; i < b->table_cap; i++) {
        uint32_t ref = b->table[i];
        if (!ref)
            continue;
        const unsigned char *e = (const unsigned char *)b->strings.data + ref;
        uint32_t elen = rd32(e);
        uint32_t h = hash_bytes((const char *)e + 4, elen) & (cap - 1);
        while (t[h])
            h = (h + 1) & (cap - 1);
        t[h] = ref;
    }
    free(b->table);
    b->table = t;
    b->table_cap = cap;
    return 0;
}

/* The string's ref, adding it if new; 0 on failure. */
static uint32_t intern_ref(ll_builder *b, const char *s, size_t len)
{
    if (b->failed || len > UINT32_MAX - 16)
        return 0;
    if ((b->table_used + 1) * 2 > b->table_cap && table_grow(b)) {
        b->failed = 1;
        return 0;
    }
    uint32_t h = hash_bytes(s, len) & (b->table_cap - 1);
    while (b->table[h]) {
        if (string_eq(b, b->table[h], s, len))
            return b->table[h];
        h = (h + 1) & (b->table_cap - 1);
    }
    size_t ref = b->strings.len;
    size_t entry = (4 + len + 1 + 3) & ~(size_t)3; /* length, bytes, NUL, padding */
    if (ref > UINT32_MAX - entry - 16 ||
        (ref + entry > b->strings.cap && locus_buf_reserve(&b->strings, entry))) {
        b->failed = 1;
        return 0;
    }
    unsigned char *e = (unsigned char *)b->strings.data + ref;
    wr32(e, (uint32_t)len);
    memcpy(e + 4, s, len);
    memset(e + 4 + len, 0, entry - 4 - len);
    b->strings.len += entry;
    b->table[h] = (uint32_t)ref;
    b->table_used++;
    return (uint32_t)ref;
}

/* A log failure only makes the block being logged not exportable. */
static void log_ref(ll_builder *b, uint32_t ref)
{
    if (grow((void **)&b->strlog, &b->strlog_cap, b->nstrlog + 1, sizeof *b->strlog)) {
        b->log_failed = 1;
        return;
    }
    b->strlog[b->nstrlog++] = ref;
}

static uint32_t intern(ll_builder *b, const char *s, size_t len)
{
    uint32_t ref = intern_ref(b, s, len);
    if (b->logging && ref)
        log_ref(b, ref);
    return ref;
}

/* ------------------------------------------------------------------ */
/* Files and positions                                                 */
/* ------------------------------------------------------------------ */

/* Line starts: a line ends at LF, CRLF or a lone CR. */
static int build_lines(src_file *f)
{
    size_t cap = 64, n = 0;
    uint32_t *lines = malloc(cap * sizeof *lines);
    if (!lines)
        return -1;
    lines[n++] = 0;
    const char *t = f->text;
    int has_cr = memchr(t, '\r', f->len) != NULL;
    for (uint32_t i = 0; i < f->len; i++) {
        if (!has_cr) {
            const char *nl = memchr(t + i, '\n', f->len - i);
            if (!nl)
                break;
            i = (uint32_t)(nl - t);
        } else if (t[i] == '\r') {
            if (i + 1 < f->len && t[i + 1] == '\n')
                i++;
        } else if (t[i] != '\n') {
            continue;
        }
        if (n == cap) {
            cap *= 2;
            uint32_t *g = realloc(lines, cap * sizeof *g);
            if (!g) {
                free(lines);
                return -1;
            }
            lines = g;
        }
        lines[n++] = i + 1;
    }
    f->lines = lines;
    f->nlines = (uint32_t)n;
    return 0;
}

static uint32_t *probe_file_slot(uint32_t *slots, uint32_t cap, uint32_t kref,
                                 const src_file *files)
{
    uint32_t h = (kref * 0x9E3779B1u) & (cap - 1);
    while (slots[h] && files[slots[h] - 1].key != kref)
        h = (h + 1) & (cap - 1);
    return &slots[h];
}

/* The slot of key ref kref in the file map (holding its index + 1, or 0
 * when the key is new), growing the map first; NULL without memory. */
static uint32_t *file_slot(ll_builder *b, uint32_t kref)
{
    if ((b->nfiles + 1) * 2 > b->file_slots_cap) {
        if (b->file_slots_cap > UINT32_MAX / 4)
            return NULL;
        uint32_t cap = b->file_slots_cap ? b->file_slots_cap * 2 : 16;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return NULL;
        for (uint32_t i = 0; i < b->nfiles; i++)
            *probe_file_slot(slots, cap, b->files[i].key, b->files) = i + 1;
        free(b->file_slots);
        b->file_slots = slots;
        b->file_slots_cap = cap;
    }
    return probe_file_slot(b->file_slots, b->file_slots_cap, kref, b->files);
}

static uint32_t add_file(ll_builder *b, const char *key, size_t key_len, const char *text,
                         size_t text_len, int has_bom, int copy, const uint32_t *lines,
                         uint32_t nlines, int ascii)
{
    if (b->failed || text_len > UINT32_MAX / 2)
        goto fail;
    uint32_t kref = intern(b, key, key_len);
    if (!kref)
        goto fail;
    uint32_t *slot = file_slot(b, kref);
    if (!slot)
        goto fail;
    if (*slot)
        return *slot - 1;
    if (b->nfiles >= LOCUS_AST_NO_FILE - 1 ||
        grow((void **)&b->files, &b->files_cap, b->nfiles + 1, sizeof *b->files))
        goto fail;
    *slot = b->nfiles + 1;
    src_file *f = &b->files[b->nfiles];
    memset(f, 0, sizeof *f);
    f->key = kref;
    f->len = (uint32_t)text_len;
    f->bom = has_bom;
    f->ascii = ascii && !has_bom;
    if (copy) {
        f->owned = malloc(text_len ? text_len : 1);
        if (!f->owned)
            goto fail;
        memcpy(f->owned, text, text_len);
        f->text = f->owned;
    } else {
        f->text = text;
    }
    if (lines) {
        f->lines = (uint32_t *)lines;
        f->nlines = nlines;
        f->borrowed_lines = 1;
    } else if (build_lines(f)) {
        free(f->owned);
        goto fail;
    }
    /* A parsed file's AST is typically 5-7 times its size: reserve once
     * instead of growing by doubling. */
    if (b->nfiles == 0 && text_len < (64u << 20) &&
        (locus_buf_reserve(&b->nodes, text_len * 6 + 256) ||
         locus_buf_reserve(&b->strings, text_len / 2 + 256))) {
        free(f->owned);
        if (!f->borrowed_lines)
            free(f->lines);
        goto fail;
    }
    return b->nfiles++;
fail:
    b->failed = 1;
    return LOCUS_AST_NO_FILE;
}

uint32_t ll_add_file(ll_builder *b, const char *key, size_t key_len, const char *text,
                     size_t text_len, int has_bom)
{
    return add_file(b, key, key_len, text, text_len, has_bom, 1, NULL, 0, 0);
}

uint32_t ll_add_file_borrowed(ll_builder *b, const char *key, size_t key_len,
                              const char *text, size_t text_len, int has_bom)
{
    return add_file(b, key, key_len, text, text_len, has_bom, 0, NULL, 0, 0);
}

uint32_t ll_add_file_lines(ll_builder *b, const char *key, size_t key_len, const char *text,
                           size_t text_len, int has_bom, const uint32_t *lines, uint32_t nlines,
                           int ascii)
{
    if (!lines || nlines == 0 || lines[0] != 0)
        return add_file(b, key, key_len, text, text_len, has_bom, 0, NULL, 0, 0);
    return add_file(b, key, key_len, text, text_len, has_bom, 0, lines, nlines, ascii);
}

/* UTF-16 units in t[from, to): one per UTF-8 lead byte, two for 4-byte
 * sequences; ASCII is counted 8 bytes at a time. */
static uint32_t units(const char *t, uint32_t from, uint32_t to)
{
    uint32_t u = 0, i = from;
    for (; i + 8 <= to; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        if (w & 0x8080808080808080ull)
            break;
        u += 8;
    }
    for (; i < to; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c & 0xC0) != 0x80)
            u += c >= 0xF0 ? 2 : 1;
    }
    return u;
}

/* Move the cursor to (file, offset). */
static void seek(ll_builder *b, uint32_t file, uint32_t offset)
{
    cursor *c = &b->cur;
    src_file *f = &b->files[file];
    if (offset > f->len)
        offset = f->len;
    if (c->file == file && offset >= c->line_start && offset < c->line_end) {
        if (f->ascii)
            c->column = offset - c->line_start + 1;
        else if (offset >= c->offset)
            c->column += units(f->text, c->offset, offset);
        else
            c->column -= units(f->text, offset, c->offset);
        c->offset = offset;
        return;
    }
    uint32_t lo = 0, hi = f->nlines;
    if (c->file == file && offset >= c->offset) {
        /* forward, usually by a line or two: walk before searching */
        lo = c->line - 1;
        for (int step = 0; step < 8 && lo + 1 < hi && f->lines[lo + 1] <= offset; step++)
            lo++;
        if (lo + 1 >= hi || f->lines[lo + 1] > offset)
            hi = lo + 1;
    }
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (f->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    c->file = file;
    c->line = lo + 1;
    c->line_start = f->lines[lo];
    c->line_end = lo + 1 < f->nlines ? f->lines[lo + 1] : f->len + 1;
    c->column = (f->ascii ? offset - c->line_start : units(f->text, c->line_start, offset)) + 1;
    if (lo == 0 && f->bom && offset >= 3)
        c->column -= 1;
    c->offset = offset;
}

void ll_position(ll_builder *b, uint32_t file, uint32_t offset, uint32_t *line,
                 uint32_t *column)
{
    if (file >= b->nfiles) {
        *line = *column = 0;
        return;
    }
    seek(b, file, offset);
    *line = b->cur.line;
    *column = b->cur.column;
}

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

static frame *top(ll_builder *b)
{
    return b->nframes && !b->failed ? &b->frames[b->nframes - 1] : NULL;
}

void ll_open(ll_builder *b, locus_ast_kind kind, uint32_t file, uint32_t offset)
{
    if (b->failed)
        return;
    if (grow((void **)&b->frames, &b->frames_cap, b->nframes + 1, sizeof *b->frames)) {
        b->failed = 1;
        return;
    }
    frame *f = &b->frames[b->nframes++];
    f->kind = (uint16_t)kind;
    f->file = file < b->nfiles ? file : LOCUS_AST_NO_FILE;
    f->flags = 0;
    f->str = 0;
    f->nfields = 0;
    f->item_base = b->nitems;
    f->offset = f->line = f->column = 0;
    if (f->file != LOCUS_AST_NO_FILE) {
        seek(b, file, offset);
        f->offset = b->cur.offset;
        f->line = b->cur.line;
        f->column = b->cur.column;
    }
}

void ll_set_start(ll_builder *b, uint32_t offset)
{
    frame *f = top(b);
    if (!f || f->file == LOCUS_AST_NO_FILE)
        return;
    seek(b, f->file, offset);
    f->offset = b->cur.offset;
    f->line = b->cur.line;
    f->column = b->cur.column;
}

void ll_set_flags(ll_builder *b, uint32_t flags)
{
    frame *f = top(b);
    if (f)
        f->flags |= flags;
}

void ll_set_own_str(ll_builder *b, const char *s, size_t len)
{
    frame *f = top(b);
    if (f)
        f->str = intern(b, s, len);
}

/* Record a field of the open node. A field set twice is resolved when the
 * node closes (the later value wins), which keeps this path short. */
static void set_field(ll_builder *b, uint16_t id, uint16_t type, uint32_t a, uint32_t v)
{
    if (!b->nframes || b->failed)
        return;
    frame *f = &b->frames[b->nframes - 1];
    if (f->nfields == MAX_FIELDS) {
        b->failed = 1;
        return;
    }
    f->fields[f->nfields++] = (field_val){id, type, a, v};
}

void ll_set_node(ll_builder *b, locus_ast_field field, locus_node node)
{
    if (node)
        set_field(b, (uint16_t)field, LOCUS_FT_NODE, node, 0);
}

void ll_set_str(ll_builder *b, locus_ast_field field, const char *s, size_t len)
{
    uint32_t ref = intern(b, s, len);
    if (ref)
        set_field(b, (uint16_t)field, LOCUS_FT_STR, ref, 0);
}

void ll_set_num(ll_builder *b, locus_ast_field field, double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    set_field(b, (uint16_t)field, LOCUS_FT_NUM, (uint32_t)bits, (uint32_t)(bits >> 32));
}

void ll_set_int(ll_builder *b, locus_ast_field field, int32_t value)
{
    set_field(b, (uint16_t)field, LOCUS_FT_INT, (uint32_t)value, 0);
}

void ll_set_slice(ll_builder *b, locus_ast_field field, uint32_t offset, uint32_t length)
{
    frame *f = top(b);
    if (!f || f->file == LOCUS_AST_NO_FILE)
        return;
    uint32_t flen = b->files[f->file].len;
    if (offset > flen)
        offset = flen;
    if (length > flen - offset)
        length = flen - offset;
    set_field(b, (uint16_t)field, LOCUS_FT_SLICE, offset, length);
}

size_t ll_list_begin(const ll_builder *b)
{
    return b->nitems;
}

void ll_push(ll_builder *b, locus_node node)
{
    if (b->failed || !node)
        return;
    if (grow((void **)&b->items, &b->items_cap, b->nitems + 1, sizeof *b->items)) {
        b->failed = 1;
        return;
    }
    b->items[b->nitems++] = node;
}

void ll_list_end(ll_builder *b, locus_ast_field field, size_t mark)
{
    frame *f = top(b);
    if (!f || mark < f->item_base || mark > b->nitems)
        return;
    set_field(b, (uint16_t)field, LOCUS_FT_LIST, (uint32_t)(mark - f->item_base),
              (uint32_t)(b->nitems - mark));
}

void ll_list_drop(ll_builder *b, size_t mark)
{
    if (mark <= b->nitems)
        b->nitems = mark;
}

/* Sort the fields by id (insertion sort: nodes have a handful) and drop
 * all but the last value of an id set twice. */
static void sort_fields(frame *f)
{
    int dups = 0;
    for (int i = 1; i < f->nfields; i++) {
        field_val v = f->fields[i];
        int j = i;
        while (j > 0 && f->fields[j - 1].id > v.id) {
            f->fields[j] = f->fields[j - 1];
            j--;
        }
        f->fields[j] = v;
        dups |= j > 0 && f->fields[j - 1].id == v.id;
    }
    if (!dups)
        return;
    int out = 0;
    for (int i = 0; i < f->nfields; i++) {
        if (out > 0 && f->fields[out - 1].id == f->fields[i].id)
            out--;
        f->fields[out++] = f->fields[i];
    }
    f->nfields = out;
}

/* The node record header, laid out as in the blob (little-endian). */
/* The file index is split in two 16-bit halves, at bytes 2 and 30. */
typedef struct node_header {
    uint16_t kind, file_lo;
    uint32_t flags, offset, length, line, column, str;
    uint16_t nfields, file_hi;
    uint32_t nitems;
} node_header;

static void set_file(node_header *h, uint32_t file)
{
    h->file_lo = (uint16_t)file;
    h->file_hi = (uint16_t)(file >> 16);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_IS_BLOB_ORDER 1
#else
#define HOST_IS_BLOB_ORDER 0
#endif

/* Store h, fields and items at p in blob byte order. */
static void put_record(unsigned char *p, const node_header *h, const field_val *fields,
                       const uint32_t *items)
{
    size_t fbytes = (size_t)h->nfields * FIELD_SIZE;
    if (HOST_IS_BLOB_ORDER && sizeof *h == NODE_HEADER && sizeof *fields == FIELD_SIZE) {
        /* fixed-size copies the compiler inlines; records are small */
        memcpy(p, h, NODE_HEADER);
        p += NODE_HEADER;
        for (int i = 0; i < h->nfields; i++, p += FIELD_SIZE)
            memcpy(p, &fields[i], FIELD_SIZE);
        for (uint32_t i = 0; i < h->nitems; i++, p += 4)
            memcpy(p, &items[i], 4);
        (void)fbytes;
        return;
    }
    wr16(p, h->kind);
    wr16(p + 2, h->file_lo);
    wr32(p + 4, h->flags);
    wr32(p + 8, h->offset);
    wr32(p + 12, h->length);
    wr32(p + 16, h->line);
    wr32(p + 20, h->column);
    wr32(p + 24, h->str);
    wr16(p + 28, h->nfields);
    wr16(p + 30, h->file_hi);
    wr32(p + 32, h->nitems);
    unsigned char *q = p + NODE_HEADER;
    for (int i = 0; i < h->nfields; i++, q += FIELD_SIZE) {
        wr16(q, fields[i].id);
        wr16(q + 2, fields[i].type);
        wr32(q + 4, fields[i].a);
        wr32(q + 8, fields[i].b);
    }
    for (uint32_t i = 0; i < h->nitems; i++, q += 4)
        wr32(q, items[i]);
}

/* Append a record to the node area; returns its handle or 0. */
static locus_node append_record(ll_builder *b, const node_header *h, const field_val *fields,
                                const uint32_t *items)
{
    size_t size = NODE_HEADER + (size_t)h->nfields * FIELD_SIZE + (size_t)h->nitems * 4;
    size_t at = b->nodes.len;
    if (at + size >= b->nodes.cap && (at + size > UINT32_MAX - 1024 || locus_buf_reserve(&b->nodes, size))) {
        b->failed = 1;
        return 0;
    }
    put_record((unsigned char *)b->nodes.data + at, h, fields, items);
    b->nodes.len += size;
    return (locus_node)(at - HEADER_SIZE);
}

static locus_node write_node(ll_builder *b, frame *f, uint32_t length)
{
    sort_fields(f);
    node_header h = {f->kind, 0, f->flags, f->offset, length, f->line, f->column,
                     f->str, (uint16_t)f->nfields, 0, (uint32_t)(b->nitems - f->item_base)};
    set_file(&h, f->file);
    /* items is NULL until some node has items (adding 0 to NULL is UB). */
    return append_record(b, &h, f->fields, b->items ? b->items + f->item_base : NULL);
}

locus_node ll_close(ll_builder *b, uint32_t end_offset)
{
    frame *f = top(b);
    if (!f)
        return 0;
    uint32_t length = 0;
    if (f->file != LOCUS_AST_NO_FILE) {
        uint32_t flen = b->files[f->file].len;
        if (end_offset > flen)
            end_offset = flen;
        length = end_offset > f->offset ? end_offset - f->offset : 0;
    }
    locus_node n = write_node(b, f, length);
    b->nitems = f->item_base;
    b->nframes--;
    return n;
}

ll_mark ll_checkpoint(const ll_builder *b)
{
    ll_mark m = {b->nodes.len, b->nframes, b->nitems};
    return m;
}

void ll_rollback(ll_builder *b, ll_mark mark)
{
    if (b->failed || mark.nodes_len > b->nodes.len || mark.nframes > b->nframes)
        return;
    b->nodes.len = mark.nodes_len;
    b->nframes = mark.nframes;
    b->nitems = mark.nitems;
}

size_t ll_depth(const ll_builder *b)
{
    return b->nframes;
}

locus_node ll_leaf(ll_builder *b, locus_ast_kind kind, uint32_t file, uint32_t offset,
                   uint32_t length, const char *s, size_t slen)
{
    if (b->failed)
        return 0;
    node_header h = {(uint16_t)kind, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    set_file(&h, LOCUS_AST_NO_FILE);
    if (file < b->nfiles) {
        seek(b, file, offset);
        uint32_t flen = b->files[file].len;
        set_file(&h, file);
        h.offset = b->cur.offset;
        h.length = length > flen - h.offset ? flen - h.offset : length;
        h.line = b->cur.line;
        h.column = b->cur.column;
    }
    if (s && !(h.str = intern(b, s, slen)))
        return 0;
    return append_record(b, &h, NULL, NULL);
}

locus_node ll_ident(ll_builder *b, uint32_t file, uint32_t offset, uint32_t length,
                    const char *s, size_t slen)
{
    return ll_leaf(b, LOCUS_AST_IDENT, file, offset, length, s, slen);
}

/* ------------------------------------------------------------------ */
/* Deep copy                                                           */
/* ------------------------------------------------------------------ */

static uint32_t import_file(ll_builder *b, const locus_ast *src, uint32_t file)
{
    if (file == LOCUS_AST_NO_FILE || file >= locus_ast_file_count(src))
        return LOCUS_AST_NO_FILE;
    if (b->imp_src == src && b->imp_src_file == file)
        return b->imp_file;
    size_t klen, tlen;
    const char *key = locus_ast_file_path(src, file, &klen);
    const char *text = locus_ast_file_text(src, file, &tlen);
    uint32_t line, col;
    /* A BOM is the only way column 1 can sit at byte 3 of line 1. */
    int bom = tlen >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 &&
              locus_ast_position(src, file, 3, &line, &col) && col == 1;
    uint32_t mine = ll_add_file(b, key, klen, text, tlen, bom);
    if (mine != LOCUS_AST_NO_FILE) {
        b->imp_src = src;
        b->imp_src_file = file;
        b->imp_file = mine;
    }
    return mine;
}

static void copy_field(ll_builder *b, const locus_ast *src, locus_node node,
                       locus_field_info fi)
{
    switch (fi.type) {
    case LOCUS_FT_NODE:
        ll_set_node(b, fi.id, ll_copy(b, src, locus_ast_get(src, node, fi.id)));
        break;
    case LOCUS_FT_LIST: {
        size_t mark = ll_list_begin(b);
        size_t n = locus_ast_list_count(src, node, fi.id);
        for (size_t i = 0; i < n; i++)
            ll_push(b, ll_copy(b, src, locus_ast_list_at(src, node, fi.id, i)));
        ll_list_end(b, fi.id, mark);
        break;
    }
    case LOCUS_FT_STR: {
        size_t len;
        const char *s = locus_ast_get_str(src, node, fi.id, &len);
        if (s)
            ll_set_str(b, fi.id, s, len);
        break;
    }
    case LOCUS_FT_NUM: {
        double v;
        if (locus_ast_get_num(src, node, fi.id, &v))
            ll_set_num(b, fi.id, v);
        break;
    }
    case LOCUS_FT_INT:
        ll_set_int(b, fi.id, locus_ast_get_int(src, node, fi.id, 0));
        break;
    case LOCUS_FT_SLICE: {
        locus_slice sl;
        if (locus_ast_get_slice(src, node, fi.id, &sl))
            ll_set_slice(b, fi.id, sl.offset, sl.length);
        break;
    }
    }
}

locus_node ll_copy(ll_builder *b, const locus_ast *src, locus_node node)
{
    if (b->failed || !node || locus_ast_kind_of(src, node) == LOCUS_AST_NONE)
        return 0;
    locus_span sp = locus_ast_span(src, node);
    uint32_t file = import_file(b, src, sp.file);
    ll_open(b, locus_ast_kind_of(src, node), file, sp.offset);
    ll_set_flags(b, locus_ast_flags(src, node));
    size_t slen;
    const char *s = locus_ast_str(src, node, &slen);
    if (s)
        ll_set_own_str(b, s, slen);
    size_t nf = locus_ast_field_count(src, node);
    for (size_t i = 0; i < nf; i++)
        copy_field(b, src, node, locus_ast_field_at(src, node, i));
    return ll_close(b, sp.offset + sp.length);
}

/* ------------------------------------------------------------------ */
/* Output helpers                                                      */
/* ------------------------------------------------------------------ */

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* Append n bytes to the blob buffer (zeros when src is NULL). */
static int put(locus_buf *out, const void *src, size_t n)
{
    static const unsigned char zeros[4] = {0, 0, 0, 0};
    if (src)
        return locus_buf_append(out, src, n);
    return locus_buf_append(out, zeros, n);
}

/* ------------------------------------------------------------------ */
/* Relocatable blocks (incremental parsing)                           */
/* ------------------------------------------------------------------ */

/* An exported block (all u32 little-endian):
 *   "LLB1", block length, string count, record bytes, root (relative),
 *   strings (u32 length, bytes, padding to 4) in first-intern order,
 *   records as in the node area, with positions made relative:
 *     file        0 for a node of the block's file, else LOCUS_AST_NO_FILE
 *     offset      from the block start; slices likewise
 *     line        from the start's line
 *     column      from the start's column on the start's line, else as is
 *     str, STR    string index + 1 (0: none)
 *     handles     handle - first record + 1 (0: none)
 * Relative columns are exact because a node on the start's line is
 * units(start..offset) columns right of the start, and one on a later line
 * counts from a line start inside the block. */
#define BLOCK_MAGIC 0x31424C4Cu /* "LLB1" */
#define BLOCK_HEADER 20u

void ll_strlog_begin(ll_builder *b)
{
    b->nstrlog = 0;
    b->log_failed = 0;
    b->logging = 1;
}

void ll_strlog_end(ll_builder *b)
{
    b->logging = 0;
}

/* The logged refs, deduplicated in first-occurrence order: ref -> index
 * in a small open-addressing map. */
typedef struct ref_map {
    uint32_t *keys, *vals, cap;
    uint32_t *order, n;
} ref_map;

static void ref_map_free(ref_map *m)
{
    free(m->keys);
    free(m->vals);
    free(m->order);
}

static uint32_t ref_slot(const ref_map *m, uint32_t ref)
{
    uint32_t h = (ref * 0x9E3779B1u) & (m->cap - 1);
    while (m->keys[h] && m->keys[h] != ref)
        h = (h + 1) & (m->cap - 1);
    return h;
}

static int ref_map_build(ref_map *m, const uint32_t *log, size_t n)
{
    memset(m, 0, sizeof *m);
    uint32_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    m->cap = cap;
    m->keys = calloc(cap, sizeof *m->keys);
    m->vals = calloc(cap, sizeof *m->vals);
    m->order = malloc((n ? n : 1) * sizeof *m->order);
    if (!m->keys || !m->vals || !m->order)
        return -1;
    for (size_t i = 0; i < n; i++) {
        uint32_t h = ref_slot(m, log[i]);
        if (m->keys[h])
            continue;
        m->keys[h] = log[i];
        m->vals[h] = m->n;
        m->order[m->n++] = log[i];
    }
    return 0;
}

/* Index + 1 of a string ref, 0 for none, UINT32_MAX if not logged. */
static uint32_t ref_index(const ref_map *m, uint32_t ref)
{
    if (!ref)
        return 0;
    uint32_t h = ref_slot(m, ref);
    return m->keys[h] ? m->vals[h] + 1 : UINT32_MAX;
}

/* Where a block sits: its byte range, the position of its start, and its
 * first record. */
typedef struct block_frame {
    uint32_t file, start, end, line0, col0, base;
} block_frame;

/* Make record q (at relative handle `self`) relative; -1 if it refers to
 * anything outside the block. */
static int export_record(unsigned char *q, const block_frame *bf, const ref_map *m,
                         uint32_t self)
{
    uint32_t file = (uint32_t)q[2] | (uint32_t)q[3] << 8 | (uint32_t)q[30] << 16 |
                    (uint32_t)q[31] << 24;
    uint32_t off = rd32(q + 8), len = rd32(q + 12), line = rd32(q + 16), col = rd32(q + 20);
    uint32_t nfields = (uint32_t)q[28] | (uint32_t)q[29] << 8, nitems = rd32(q + 32);
    if (file != LOCUS_AST_NO_FILE) {
        if (file != bf->file || off < bf->start || len > bf->end - off || off > bf->end ||
            line < bf->line0 || (line == bf->line0 && col < bf->col0))
            return -1;
        wr16(q + 2, 0);
        wr16(q + 30, 0);
        wr32(q + 8, off - bf->start);
        wr32(q + 16, line - bf->line0);
        if (line == bf->line0)
            wr32(q + 20, col - bf->col0);
    }
    uint32_t s = ref_index(m, rd32(q + 24));
    if (s == UINT32_MAX)
        return -1;
    wr32(q + 24, s);
    unsigned char *f = q + NODE_HEADER;
    for (uint32_t i = 0; i < nfields; i++, f += FIELD_SIZE) {
        uint16_t type = (uint16_t)(f[2] | f[3] << 8);
        uint32_t a = rd32(f + 4), v = rd32(f + 8);
        if (type == LOCUS_FT_NODE) {
            if (a && (a < bf->base || a - bf->base >= self))
                return -1;
            wr32(f + 4, a ? a - bf->base + 1 : 0);
        } else if (type == LOCUS_FT_STR) {
            if ((s = ref_index(m, a)) == UINT32_MAX)
                return -1;
            wr32(f + 4, s);
        } else if (type == LOCUS_FT_SLICE) {
            if (file == LOCUS_AST_NO_FILE || a < bf->start || a > bf->end || v > bf->end - a)
                return -1;
            wr32(f + 4, a - bf->start);
        } else if (type != LOCUS_FT_LIST && type != LOCUS_FT_NUM && type != LOCUS_FT_INT) {
            return -1;
        }
    }
    for (uint32_t i = 0; i < nitems; i++, f += 4) {
        uint32_t h = rd32(f);
        if (h < bf->base || h - bf->base >= self)
            return -1;
        wr32(f, h - bf->base + 1);
    }
    return 0;
}

static int put32(locus_buf *out, uint32_t v)
{
    unsigned char w[4];
    wr32(w, v);
    return locus_buf_append(out, w, 4);
}

static int export_strings(const ll_builder *b, const ref_map *m, locus_buf *out)
{
    for (uint32_t i = 0; i < m->n; i++) {
        const unsigned char *e = (const unsigned char *)b->strings.data + m->order[i];
        uint32_t len = rd32(e);
        if (put32(out, len) || locus_buf_append(out, e + 4, len) ||
            put(out, NULL, pad4(len) - len))
            return -1;
    }
    return 0;
}

static size_t record_size(const unsigned char *q)
{
    size_t nfields = (size_t)q[28] | (size_t)q[29] << 8;
    return NODE_HEADER + nfields * FIELD_SIZE + (size_t)rd32(q + 32) * 4;
}

int ll_export_block(ll_builder *b, ll_mark from, locus_node root, uint32_t file,
                    uint32_t start, uint32_t end, locus_buf *out)
{
    ref_map m;
    memset(&m, 0, sizeof m);
    if (b->failed || b->log_failed || b->nframes != from.nframes || file >= b->nfiles ||
        start >= end || end > b->files[file].len || from.nodes_len >= b->nodes.len ||
        root < from.nodes_len - HEADER_SIZE || ref_map_build(&m, b->strlog, b->nstrlog))
        goto fail;
    block_frame bf = {file, start, end, 0, 0, (uint32_t)(from.nodes_len - HEADER_SIZE)};
    seek(b, file, start);
    bf.line0 = b->cur.line;
    bf.col0 = b->cur.column;
    size_t nbytes = b->nodes.len - from.nodes_len;
    if (put32(out, BLOCK_MAGIC) || put32(out, end - start) || put32(out, m.n) ||
        put32(out, (uint32_t)nbytes) || put32(out, root - bf.base) || export_strings(b, &m, out))
        goto fail;
    size_t at = out->len;
    if (locus_buf_append(out, b->nodes.data + from.nodes_len, nbytes))
        goto fail;
    unsigned char *q = (unsigned char *)out->data + at, *q_end = q + nbytes;
    uint32_t self = 0, last = 0;
    while (q < q_end) {
        size_t size = record_size(q);
        if (size > (size_t)(q_end - q) || export_record(q, &bf, &m, self))
            goto fail;
        last = self;
        self += (uint32_t)size;
        q += size;
    }
    if (last != root - bf.base)
        goto fail; /* the root must be the block's last record */
    ref_map_free(&m);
    return 0;
fail:
    ref_map_free(&m);
    return -1;
}

/* A read-only view of an exported block, checked before anything changes. */
typedef struct block_view {
    const unsigned char *p;
    uint32_t len, nstrings, nbytes, root;
    const unsigned char *strings, *records;
} block_view;

static int view_block(const void *data, size_t size, uint32_t block_len, block_view *v)
{
    const unsigned char *p = data;
    if (!p || size < BLOCK_HEADER || rd32(p) != BLOCK_MAGIC || rd32(p + 4) != block_len)
        return -1;
    v->nstrings = rd32(p + 8);
    v->nbytes = rd32(p + 12);
    v->root = rd32(p + 16);
    v->strings = p + BLOCK_HEADER;
    size_t at = BLOCK_HEADER;
    for (uint32_t i = 0; i < v->nstrings; i++) {
        if (size - at < 4 || pad4(rd32(p + at)) > size - at - 4)
            return -1;
        at += 4 + pad4(rd32(p + at));
    }
    if (size - at != v->nbytes || v->root >= v->nbytes)
        return -1;
    v->records = p + at;
    return 0;
}

/* Check one exported record at relative handle self: its size fits, its
 * string indexes, handles and ranges are in bounds. */
static int check_record(const block_view *v, uint32_t self, uint32_t block_len, size_t *size)
{
    const unsigned char *q = v->records + self;
    if (v->nbytes - self < NODE_HEADER || (*size = record_size(q)) > v->nbytes - self)
        return -1;
    uint32_t file = (uint32_t)q[2] | (uint32_t)q[3] << 8;
    uint32_t nfields = (uint32_t)q[28] | (uint32_t)q[29] << 8, nitems = rd32(q + 32);
    if ((file != 0 && file != LOCUS_AST_NO_FILE) || rd32(q + 24) > v->nstrings ||
        (file == 0 && (rd32(q + 8) > block_len || rd32(q + 12) > block_len - rd32(q + 8))))
        return -1;
    const unsigned char *f = q + NODE_HEADER;
    for (uint32_t i = 0; i < nfields; i++, f += FIELD_SIZE) {
        uint16_t type = (uint16_t)(f[2] | f[3] << 8);
        uint32_t a = rd32(f + 4), b = rd32(f + 8);
        if ((type == LOCUS_FT_NODE && a > self) ||
            (type == LOCUS_FT_STR && (a == 0 || a > v->nstrings)) ||
            (type == LOCUS_FT_SLICE && (file != 0 || a > block_len || b > block_len - a)))
            return -1;
    }
    for (uint32_t i = 0; i < nitems; i++, f += 4)
        if (rd32(f) == 0 || rd32(f) > self)
            return -1;
    return 0;
}

static int check_records(const block_view *v, uint32_t block_len)
{
    uint32_t self = 0;
    int root_seen = 0;
    while (self < v->nbytes) {
        size_t size;
        if (check_record(v, self, block_len, &size))
            return -1;
        root_seen = self == v->root;
        self += (uint32_t)size;
    }
    return root_seen ? 0 : -1;
}

/* Re-intern the block's strings in their original order: the string
 * table then grows exactly as a parse of the block would have grown it. */
static uint32_t *import_strings(ll_builder *b, const block_view *v)
{
    uint32_t *refs = malloc((v->nstrings ? v->nstrings : 1) * sizeof *refs);
    if (!refs) {
        b->failed = 1;
        return NULL;
    }
    const unsigned char *e = v->strings;
    for (uint32_t i = 0; i < v->nstrings; i++) {
        uint32_t len = rd32(e);
        refs[i] = intern(b, (const char *)e + 4, len);
        if (!refs[i]) {
            free(refs);
            return NULL;
        }
        e += 4 + pad4(len);
    }
    return refs;
}

/* The inverse of export_record, for a record already copied to q. */
static void import_record(unsigned char *q, const block_frame *bf, const uint32_t *refs)
{
    uint32_t nfields = (uint32_t)q[28] | (uint32_t)q[29] << 8, nitems = rd32(q + 32);
    int in_file = q[2] == 0 && q[3] == 0 && q[30] == 0 && q[31] == 0;
    if (in_file) {
        wr16(q + 2, (uint16_t)bf->file);
        wr16(q + 30, (uint16_t)(bf->file >> 16));
        wr32(q + 8, rd32(q + 8) + bf->start);
        if (rd32(q + 16) == 0)
            wr32(q + 20, rd32(q + 20) + bf->col0);
        wr32(q + 16, rd32(q + 16) + bf->line0);
    }
    if (rd32(q + 24))
        wr32(q + 24, refs[rd32(q + 24) - 1]);
    unsigned char *f = q + NODE_HEADER;
    for (uint32_t i = 0; i < nfields; i++, f += FIELD_SIZE) {
        uint16_t type = (uint16_t)(f[2] | f[3] << 8);
        uint32_t a = rd32(f + 4);
        if (type == LOCUS_FT_NODE && a)
            wr32(f + 4, a - 1 + bf->base);
        else if (type == LOCUS_FT_STR)
            wr32(f + 4, refs[a - 1]);
        else if (type == LOCUS_FT_SLICE)
            wr32(f + 4, a + bf->start);
    }
    for (uint32_t i = 0; i < nitems; i++, f += 4)
        wr32(f, rd32(f) - 1 + bf->base);
}

locus_node ll_import_block(ll_builder *b, uint32_t file, uint32_t start, uint32_t end,
                           const void *data, size_t size)
{
    block_view v;
    if (b->failed || file >= b->nfiles || start > end || end > b->files[file].len ||
        view_block(data, size, end - start, &v) || check_records(&v, end - start))
        return 0;
    uint32_t *refs = import_strings(b, &v);
    if (!refs)
        return 0;
    size_t at = b->nodes.len;
    if (at + v.nbytes > UINT32_MAX - 1024 || locus_buf_reserve(&b->nodes, v.nbytes)) {
        free(refs);
        b->failed = 1;
        return 0;
    }
    seek(b, file, start);
    block_frame bf = {file, start, end, b->cur.line, b->cur.column, (uint32_t)(at - HEADER_SIZE)};
    unsigned char *q = (unsigned char *)b->nodes.data + at;
    memcpy(q, v.records, v.nbytes);
    for (uint32_t self = 0; self < v.nbytes; self += (uint32_t)record_size(q + self))
        import_record(q + self, &bf, refs);
    b->nodes.len += v.nbytes;
    free(refs);
    return (locus_node)(bf.base + v.root);
}

/* ------------------------------------------------------------------ */
/* Finish                                                              */
/* ------------------------------------------------------------------ */

int ll_finish(ll_builder *b, locus_node root, unsigned char **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    if (b->failed || b->nframes || !root)
        return -1;
    locus_buf *out = &b->nodes;
    size_t nodes_len = out->len - HEADER_SIZE;
    size_t text_len = 0, nlines = 0;
    for (uint32_t i = 0; i < b->nfiles; i++) {
        text_len += pad4(b->files[i].len);
        nlines += b->files[i].nlines;
    }
    size_t strings_off = HEADER_SIZE + pad4(nodes_len);
    size_t files_off = strings_off + pad4(b->strings.len);
    size_t text_off = files_off + (size_t)b->nfiles * FILE_ENTRY;
    size_t lines_off = text_off + text_len;
    size_t total = lines_off + nlines * 4;
    if (total > UINT32_MAX || locus_buf_reserve(out, total - out->len))
        return -1;
    int rc = put(out, NULL, pad4(nodes_len) - nodes_len) ||
             put(out, b->strings.data, b->strings.len) ||
             put(out, NULL, pad4(b->strings.len) - b->strings.len);
    size_t toff = 0, loff = 0;
    for (uint32_t i = 0; i < b->nfiles && !rc; i++) {
        src_file *f = &b->files[i];
        unsigned char e[FILE_ENTRY];
        wr32(e, f->key);
        wr32(e + 4, (uint32_t)toff);
        wr32(e + 8, f->len);
        wr32(e + 12, (uint32_t)loff);
        wr32(e + 16, f->nlines);
        wr32(e + 20, f->bom ? 1u : 0u);
        rc = put(out, e, FILE_ENTRY);
        toff += pad4(f->len);
        loff += f->nlines;
    }
    for (uint32_t i = 0; i < b->nfiles && !rc; i++)
        rc = put(out, b->files[i].text, b->files[i].len) ||
             put(out, NULL, pad4(b->files[i].len) - b->files[i].len);
    for (uint32_t i = 0; i < b->nfiles && !rc; i++) {
        src_file *f = &b->files[i];
        if (HOST_IS_BLOB_ORDER) {
            rc = put(out, f->lines, (size_t)f->nlines * 4);
            continue;
        }
        for (uint32_t l = 0; l < f->nlines && !rc; l++) {
            unsigned char w[4];
            wr32(w, f->lines[l]);
            rc = put(out, w, 4);
        }
    }
    if (rc || out->len != total)
        return -1;
    unsigned char *blob = (unsigned char *)out->data;
    memcpy(blob, "LOCUSAST", 8);
    uint32_t hdr[14] = {LOCUS_AST_VERSION, HEADER_SIZE, (uint32_t)total, root,
                        HEADER_SIZE, (uint32_t)nodes_len,
                        (uint32_t)strings_off, (uint32_t)b->strings.len,
                        (uint32_t)files_off, b->nfiles,
                        (uint32_t)text_off, (uint32_t)text_len,
                        (uint32_t)lines_off, (uint32_t)nlines};
    for (int i = 0; i < 14; i++)
        wr32(blob + 8 + 4 * i, hdr[i]);
    *data = blob;
    *size = total;
    out->data = NULL;
    out->len = out->cap = 0;
    b->failed = 1; /* the node area is gone: no more building */
    return 0;
}
