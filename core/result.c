/* result.c — encoding and decoding task results (see result.h). */
#include "result.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "digest.h"
#include "strmap.h"

#define RESULT_MAGIC 0x3152504cu /* "LPR1" */
#define NO_STRING UINT32_MAX

typedef struct built_item {
    char *port;
    char *key;
    char *id; /* "port\001key": its name in lp_result_builder.item_ids */
    size_t offset; /* of its bytes in lp_result_builder.item_data */
    size_t len;
} built_item;

typedef struct built_file {
    char *path;
    unsigned flags;
    locus_buf content;
    size_t size; /* content.len, kept when lp_rb_finish moves the content */
} built_file;

typedef struct built_diag {
    locus_diag diag; /* strings malloc'd */
} built_diag;

struct lp_result_builder {
    pthread_mutex_t lock;
    built_item *items;
    size_t n_items, cap_items;
    built_file *files;
    size_t n_files, cap_files;
    built_diag *diags;
    size_t n_diags, cap_diags;
    int has_error;
    /* Which items and files were emitted: a task may emit tens of
     * thousands (merge), and a linear duplicate check made that quadratic. */
    lp_strmap item_ids;  /* item id -> 1 */
    /* Every item's bytes, in emit order: the start of the task's data blob,
     * handed over by lp_rb_finish without another copy (each copy of a big
     * result costs a page fault per 4 KB). */
    locus_buf item_data;
    lp_strmap file_paths; /* path (owned by its built_file) -> 1 */
};

static int grow(void **array, size_t *cap, size_t count, size_t elem)
{
    if (count < *cap)
        return 0;
    size_t new_cap = *cap ? *cap * 2 : 8;
    void *grown = realloc(*array, new_cap * elem);
    if (!grown)
        return -1;
    *array = grown;
    *cap = new_cap;
    return 0;
}

lp_result_builder *lp_result_builder_new(void)
{
    lp_result_builder *builder = calloc(1, sizeof *builder);
    if (builder)
        pthread_mutex_init(&builder->lock, NULL);
    return builder;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void lp_result_builder_free(lp_result_builder *builder)
{
    if (!builder)
        return;
    for (size_t i = 0; i < builder->n_items; i++) {
        free(builder->items[i].port);
        free(builder->items[i].key);
        free(builder->items[i].id);
    }
    locus_buf_free(&builder->item_data);
    lp_strmap_free(&builder->item_ids);
    lp_strmap_free(&builder->file_paths);
    for (size_t i = 0; i < builder->n_files; i++) {
        free(builder->files[i].path);
        locus_buf_free(&builder->files[i].content);
    }
    for (size_t i = 0; i < builder->n_diags; i++) {
        locus_diag *d = &builder->diags[i].diag;
        free((char *)d->kind);
        free((char *)d->code);
        free((char *)d->file);
        free((char *)d->message);
    }
    free(builder->items);
    free(builder->files);
    free(builder->diags);
    pthread_mutex_destroy(&builder->lock);
    free(builder);
}

/* "port\001key" (port names are identifiers, so the pair is unambiguous). */
static char *item_id(const char *port, const char *key)
{
    size_t plen = strlen(port), klen = strlen(key);
    char *id = malloc(plen + klen + 2);
    if (!id)
        return NULL;
    memcpy(id, port, plen);
    id[plen] = '\001';
    memcpy(id + plen + 1, key, klen + 1);
    return id;
}

int lp_rb_item(lp_result_builder *builder, const char *port, const char *key,
               const void *data, size_t len)
{
    built_item item = {strdup(port), strdup(key), item_id(port, key), 0, len};
    if (!item.port || !item.key || !item.id)
        goto fail;
    pthread_mutex_lock(&builder->lock);
    int rc = -1;
    item.offset = builder->item_data.len;
    if (!lp_strmap_get(&builder->item_ids, item.id) &&
        grow((void **)&builder->items, &builder->cap_items, builder->n_items,
             sizeof *builder->items) == 0 &&
        locus_buf_append(&builder->item_data, data, len) == 0) {
        if (lp_strmap_put(&builder->item_ids, item.id, (void *)1) == 0) {
            builder->items[builder->n_items++] = item;
            rc = 0;
        } else {
            builder->item_data.len = item.offset;
        }
    }
    pthread_mutex_unlock(&builder->lock);
    if (rc == 0)
        return 0;
fail:
    free(item.port);
    free(item.key);
    free(item.id);
    return -1;
}

static int has_file_locked(lp_result_builder *builder, const char *path)
{
    return lp_strmap_get(&builder->file_paths, path) != NULL;
}

int lp_rb_has_file(lp_result_builder *builder, const char *path)
{
    pthread_mutex_lock(&builder->lock);
    int found = has_file_locked(builder, path);
    pthread_mutex_unlock(&builder->lock);
    return found;
}

int lp_rb_file(lp_result_builder *builder, const char *path, unsigned flags,
               locus_buf *content)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    pthread_mutex_lock(&builder->lock);
    int rc = -1;
    if (!has_file_locked(builder, path) &&
        grow((void **)&builder->files, &builder->cap_files, builder->n_files,
             sizeof *builder->files) == 0 &&
        lp_strmap_put(&builder->file_paths, copy, (void *)1) == 0) {
        built_file *file = &builder->files[builder->n_files++];
        file->path = copy;
        file->flags = flags;
        file->content = *content;
        file->size = content->len;
        memset(content, 0, sizeof *content);
        rc = 0;
    }
    pthread_mutex_unlock(&builder->lock);
    if (rc != 0)
        free(copy);
    return rc;
}

int lp_rb_diag(lp_result_builder *builder, const locus_diag *diag)
{
    built_diag copy = {*diag};
    copy.diag.kind = dup_or_null(diag->kind);
    copy.diag.code = dup_or_null(diag->code);
    copy.diag.file = dup_or_null(diag->file);
    copy.diag.message = strdup(diag->message ? diag->message : "");
    if ((diag->kind && !copy.diag.kind) || (diag->code && !copy.diag.code) ||
        (diag->file && !copy.diag.file) || !copy.diag.message)
        goto fail;
    pthread_mutex_lock(&builder->lock);
    int rc = grow((void **)&builder->diags, &builder->cap_diags, builder->n_diags,
                  sizeof *builder->diags);
    if (rc == 0) {
        builder->diags[builder->n_diags++] = copy;
        if (diag->severity == LOCUS_SEV_ERROR)
            builder->has_error = 1;
    }
    pthread_mutex_unlock(&builder->lock);
    if (rc == 0)
        return 0;
fail:
    free((char *)copy.diag.kind);
    free((char *)copy.diag.code);
    free((char *)copy.diag.file);
    free((char *)copy.diag.message);
    return -1;
}

int lp_rb_has_error(lp_result_builder *builder)
{
    pthread_mutex_lock(&builder->lock);
    int has = builder->has_error;
    pthread_mutex_unlock(&builder->lock);
    return has;
}

/* Strings are stored length-prefixed *and* NUL-terminated so that decoded
 * results can point into the blob. */
static int put_cstr(locus_buf *out, const char *s)
{
    if (!s)
        return lp_put_u32(out, NO_STRING);
    size_t len = strlen(s);
    if (lp_put_u32(out, (uint32_t)len) != 0)
        return -1;
    return locus_buf_append(out, s, len + 1);
}

static const char *get_cstr(lp_reader *reader)
{
    uint32_t len = lp_get_u32(reader);
    if (reader->bad || len == NO_STRING)
        return NULL;
    const char *s = lp_get_bytes(reader, (size_t)len + 1);
    if (s && s[len] != '\0') {
        reader->bad = 1;
        return NULL;
    }
    return s;
}

int lp_rb_finish(lp_result_builder *builder, int failed, locus_buf *meta, locus_buf *data)
{
    size_t data_start = data->len, total = 0;
    if (!data->data) {
        *data = builder->item_data; /* the usual case: no copy at all */
        memset(&builder->item_data, 0, sizeof builder->item_data);
    } else {
        int bad = locus_buf_append(data, builder->item_data.data, builder->item_data.len);
        locus_buf_free(&builder->item_data);
        if (bad)
            return -1;
    }
    for (size_t i = 0; i < builder->n_files; i++)
        total += builder->files[i].content.len;
    if (locus_buf_reserve(data, total) != 0)
        return -1;
    /* Each file moves into data (freed once copied, so it is not held
     * twice); the digests below are taken from there. */
    for (size_t i = 0; i < builder->n_files; i++) {
        locus_buf_append(data, builder->files[i].content.data, builder->files[i].content.len);
        locus_buf_free(&builder->files[i].content);
    }
    const unsigned char *part = (const unsigned char *)data->data + data_start;
    uint64_t data_len = data->len - data_start;
    locus_digest data_digest = locus_digest_of(data->data + data_start, data_len);
    int bad = lp_put_u32(meta, RESULT_MAGIC) || lp_put_u8(meta, (uint8_t)(failed != 0)) ||
              lp_put_u64(meta, data_len) || lp_put_digest(meta, &data_digest) ||
              lp_put_u32(meta, (uint32_t)builder->n_items);
    for (size_t i = 0; !bad && i < builder->n_items; i++) {
        const built_item *item = &builder->items[i];
        locus_digest digest = locus_digest_of(part, item->len);
        part += item->len;
        bad = put_cstr(meta, item->port) || put_cstr(meta, item->key) ||
              lp_put_digest(meta, &digest) || lp_put_u64(meta, item->len);
    }
    bad = bad || lp_put_u32(meta, (uint32_t)builder->n_files);
    for (size_t i = 0; !bad && i < builder->n_files; i++) {
        const built_file *file = &builder->files[i];
        locus_digest digest = locus_digest_of(part, file->size);
        part += file->size;
        bad = put_cstr(meta, file->path) || lp_put_u32(meta, file->flags) ||
              lp_put_digest(meta, &digest) || lp_put_u64(meta, file->size);
    }
    bad = bad || lp_put_u32(meta, (uint32_t)builder->n_diags);
    for (size_t i = 0; !bad && i < builder->n_diags; i++) {
        const locus_diag *d = &builder->diags[i].diag;
        bad = lp_put_u8(meta, (uint8_t)d->severity) || put_cstr(meta, d->kind) ||
              put_cstr(meta, d->code) || put_cstr(meta, d->file) || lp_put_u32(meta, d->line) ||
              lp_put_u32(meta, d->column) || lp_put_u32(meta, d->length) ||
              put_cstr(meta, d->message);
    }
    return bad ? -1 : 0;
}

static int decode_items(lp_reader *reader, lp_result *out, uint64_t *offset)
{
    uint32_t n = lp_get_u32(reader);
    if (reader->bad || n > (size_t)(reader->end - reader->pos))
        return -1;
    out->items = calloc(n ? n : 1, sizeof *out->items);
    if (!out->items)
        return -1;
    for (uint32_t i = 0; i < n && !reader->bad; i++) {
        lp_result_item *item = &out->items[i];
        item->port = get_cstr(reader);
        item->key = get_cstr(reader);
        item->digest = lp_get_digest(reader);
        item->size = lp_get_u64(reader);
        item->offset = *offset;
        *offset += item->size;
        if (!item->port || !item->key || *offset < item->size)
            return -1;
    }
    out->n_items = n;
    return reader->bad ? -1 : 0;
}

static int decode_files(lp_reader *reader, lp_result *out, uint64_t *offset)
{
    uint32_t n = lp_get_u32(reader);
    if (reader->bad || n > (size_t)(reader->end - reader->pos))
        return -1;
    out->files = calloc(n ? n : 1, sizeof *out->files);
    if (!out->files)
        return -1;
    for (uint32_t i = 0; i < n && !reader->bad; i++) {
        lp_result_file *file = &out->files[i];
        file->path = get_cstr(reader);
        file->flags = lp_get_u32(reader);
        file->digest = lp_get_digest(reader);
        file->size = lp_get_u64(reader);
        file->offset = *offset;
        *offset += file->size;
        if (!file->path || *offset < file->size)
            return -1;
    }
    out->n_files = n;
    return reader->bad ? -1 : 0;
}

static int decode_diags(lp_reader *reader, lp_result *out)
{
    uint32_t n = lp_get_u32(reader);
    if (reader->bad || n > (size_t)(reader->end - reader->pos))
        return -1;
    out->diags = calloc(n ? n : 1, sizeof *out->diags);
    if (!out->diags)
        return -1;
    for (uint32_t i = 0; i < n && !reader->bad; i++) {
        locus_diag *d = &out->diags[i];
        uint8_t severity = lp_get_u8(reader);
        if (severity > LOCUS_SEV_NOTE)
            return -1;
        d->severity = (locus_severity)severity;
        d->kind = get_cstr(reader);
        d->code = get_cstr(reader);
        d->file = get_cstr(reader);
        d->line = lp_get_u32(reader);
        d->column = lp_get_u32(reader);
        d->length = lp_get_u32(reader);
        d->message = get_cstr(reader);
        if (!d->message)
            return -1;
    }
    out->n_diags = n;
    return reader->bad ? -1 : 0;
}

int lp_result_decode(void *meta, size_t meta_len, lp_result *out)
{
    memset(out, 0, sizeof *out);
    out->meta = meta;
    out->meta_len = meta_len;
    lp_reader reader;
    lp_reader_init(&reader, meta, meta_len);
    if (lp_get_u32(&reader) != RESULT_MAGIC)
        goto fail;
    out->failed = lp_get_u8(&reader);
    out->data_len = lp_get_u64(&reader);
    out->data_digest = lp_get_digest(&reader);
    uint64_t offset = 0;
    if (decode_items(&reader, out, &offset) != 0 || decode_files(&reader, out, &offset) != 0 ||
        decode_diags(&reader, out) != 0)
        goto fail;
    if (offset != out->data_len || reader.pos != reader.end)
        goto fail;
    return 0;
fail:
    lp_result_free(out);
    return -1;
}

void lp_result_free(lp_result *result)
{
    free(result->meta);
    free(result->items);
    free(result->files);
    free(result->diags);
    memset(result, 0, sizeof *result);
}

uint64_t lp_result_item_bytes(const lp_result *result)
{
    uint64_t total = 0;
    for (size_t i = 0; i < result->n_items; i++)
        total += result->items[i].size;
    return total;
}

uint64_t lp_result_file_bytes(const lp_result *result)
{
    uint64_t total = 0;
    for (size_t i = 0; i < result->n_files; i++)
        total += result->files[i].size;
    return total;
}
