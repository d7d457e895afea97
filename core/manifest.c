/* manifest.c — the output manifest: a path -> (digest, size, mtime, inode,
 * flags) table with O(1) lookups, and its compact binary encoding.
 *
 * Encoding, version 1 (all integers little-endian; "varint" is unsigned
 * LEB128, at most 10 bytes):
 *
 *     "LPmf"            4 bytes magic
 *     version           u32 (1)
 *     count             varint
 *     count entries, in the manifest's order, each:
 *         shared        varint  bytes shared with the previous entry's path
 *                               (at most its own length - 1)
 *         suffix_len    varint  (>= 1)
 *         suffix        suffix_len bytes; path = prev[0, shared) + suffix
 *         digest        16 bytes
 *         size          varint
 *         mtime_ns      u64 (two's complement of the signed value)
 *         inode         varint
 *         flags         varint  (LOCUS_OUT_* bits only)
 *     checksum          u64, XXH3-64 of every byte before it
 *
 * Entries keep the order they were added in: the writer adds a task's
 * files one after another, so neighbours share their directories and the
 * shared prefix keeps the blob small without a sort (sorting 49,000 paths
 * costs more than the rest of the encoding). The checksum lets decode reject
 * a damaged blob outright; the decoder still checks every field, because the
 * blob drives file removal: a path that fails lp_outpath_check or appears
 * twice makes the whole blob invalid.
 */
#include "manifest.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "locus/output.h"

#define MANIFEST_MAGIC "LPmf"
#define MANIFEST_VERSION 1u
#define HEADER_LEN 8u
#define CHECKSUM_LEN 8u
#define VARINT_MAX 10u
/* 1 + 1 + 1 (shortest suffix) + 16 + 1 + 8 + 1 + 1 */
#define ENTRY_MIN_LEN 30u
/* Everything but the suffix, at its longest. */
#define ENTRY_MAX_FIXED (VARINT_MAX * 5u + 16u + 8u)
#define KNOWN_FLAGS ((uint64_t)LOCUS_OUT_IF_MISSING)
#define FIRST_SLOTS 64u

/* ---- the table ---------------------------------------------------------- */

uint64_t manifest_hash(const char *path, size_t len)
{
    return XXH3_64bits(path, len);
}

lp_manifest *lp_manifest_new(void)
{
    lp_manifest *manifest = calloc(1, sizeof *manifest);
    if (!manifest)
        return NULL;
    manifest->paths = locus_arena_new();
    if (!manifest->paths) {
        free(manifest);
        return NULL;
    }
    return manifest;
}

void lp_manifest_free(lp_manifest *manifest)
{
    if (!manifest)
        return;
    free(manifest->entries);
    free(manifest->slots);
    locus_arena_free(manifest->paths);
    free(manifest);
}

size_t lp_manifest_count(const lp_manifest *manifest)
{
    return manifest ? manifest->count : 0;
}

manifest_entry *manifest_find(const lp_manifest *manifest, const char *path, size_t len,
                              uint64_t hash)
{
    if (!manifest || !manifest->slots)
        return NULL;
    /* The table is at most half full, so the probe always meets an empty slot. */
    for (size_t i = hash & manifest->slot_mask;; i = (i + 1) & manifest->slot_mask) {
        uint32_t slot = manifest->slots[i];
        if (!slot)
            return NULL;
        manifest_entry *entry = &manifest->entries[slot - 1];
        if (entry->hash == hash && entry->path_len == len && memcmp(entry->path, path, len) == 0)
            return entry;
    }
}

manifest_entry *manifest_get(const lp_manifest *manifest, const char *path)
{
    size_t len = strlen(path);
    return manifest_find(manifest, path, len, manifest_hash(path, len));
}

int lp_manifest_lookup(const lp_manifest *manifest, const char *path, locus_digest *digest)
{
    const manifest_entry *entry = manifest_get(manifest, path);
    if (!entry)
        return 0;
    if (digest)
        *digest = entry->digest;
    return 1;
}

static void slot_insert(uint32_t *slots, size_t mask, uint64_t hash, size_t index)
{
    size_t i = hash & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = (uint32_t)(index + 1);
}

static int rehash(lp_manifest *manifest, size_t slot_count)
{
    uint32_t *slots = calloc(slot_count, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t n = 0; n < manifest->count; n++)
        slot_insert(slots, slot_count - 1, manifest->entries[n].hash, n);
    free(manifest->slots);
    manifest->slots = slots;
    manifest->slot_mask = slot_count - 1;
    return 0;
}

/* Room for `more` entries without another allocation. */
static int reserve(lp_manifest *manifest, size_t more)
{
    size_t need = manifest->count + more;
    if (need < more || need >= UINT32_MAX / 2)
        return -1;
    if (need > manifest->cap) {
        size_t cap = manifest->cap ? manifest->cap : FIRST_SLOTS / 2;
        while (cap < need)
            cap *= 2;
        manifest_entry *entries = realloc(manifest->entries, cap * sizeof *entries);
        if (!entries)
            return -1;
        manifest->entries = entries;
        manifest->cap = cap;
    }
    size_t slot_count = manifest->slots ? manifest->slot_mask + 1 : 0;
    if (need * 2 <= slot_count)
        return 0;
    size_t grown = FIRST_SLOTS;
    while (grown < need * 2)
        grown *= 2;
    return rehash(manifest, grown);
}

manifest_entry *manifest_add(lp_manifest *manifest, const char *path, size_t len,
                             uint64_t hash)
{
    if (len > UINT32_MAX || reserve(manifest, 1) != 0)
        return NULL;
    char *copy = locus_arena_strndup(manifest->paths, path, len);
    if (!copy)
        return NULL;
    manifest_entry *entry = &manifest->entries[manifest->count];
    *entry = (manifest_entry){.path = copy, .hash = hash, .path_len = (uint32_t)len};
    slot_insert(manifest->slots, manifest->slot_mask, hash, manifest->count);
    manifest->count++;
    return entry;
}

int manifest_add_copy(lp_manifest *manifest, const manifest_entry *source)
{
    manifest_entry *entry = manifest_add(manifest, source->path, source->path_len, source->hash);
    if (!entry)
        return -1;
    const char *path = entry->path;
    *entry = *source;
    entry->path = path;
    entry->state = MANIFEST_DONE;
    return 0;
}

/* ---- encoding ----------------------------------------------------------- */

static uint8_t *put_varint(uint8_t *p, uint64_t value)
{
    while (value >= 0x80) {
        *p++ = (uint8_t)(value | 0x80);
        value >>= 7;
    }
    *p++ = (uint8_t)value;
    return p;
}

static uint8_t *put_le(uint8_t *p, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; i++)
        *p++ = (uint8_t)(value >> (8 * i));
    return p;
}

/* Bytes of entry's path shared with prev's, leaving at least one to store. */
static size_t shared_prefix(const manifest_entry *prev, const manifest_entry *entry)
{
    size_t n = 0;
    if (!prev)
        return 0;
    while (n < prev->path_len && n + 1 < entry->path_len && prev->path[n] == entry->path[n])
        n++;
    return n;
}

static uint8_t *put_entry(uint8_t *p, const manifest_entry *prev, const manifest_entry *entry)
{
    size_t shared = shared_prefix(prev, entry);
    size_t suffix_len = entry->path_len - shared;
    p = put_varint(p, shared);
    p = put_varint(p, suffix_len);
    memcpy(p, entry->path + shared, suffix_len);
    p += suffix_len;
    memcpy(p, entry->digest.bytes, sizeof entry->digest.bytes);
    p += sizeof entry->digest.bytes;
    p = put_varint(p, entry->size);
    p = put_le(p, (uint64_t)entry->mtime_ns, 8);
    p = put_varint(p, entry->inode);
    return put_varint(p, entry->flags);
}

int lp_manifest_encode(const lp_manifest *manifest, locus_buf *out)
{
    if (!manifest)
        return -1;
    size_t bound = HEADER_LEN + VARINT_MAX + CHECKSUM_LEN;
    for (size_t i = 0; i < manifest->count; i++)
        bound += ENTRY_MAX_FIXED + manifest->entries[i].path_len;
    if (locus_buf_reserve(out, bound) != 0)
        return -1;
    uint8_t *start = (uint8_t *)out->data + out->len;
    uint8_t *p = start;
    memcpy(p, MANIFEST_MAGIC, 4);
    p = put_le(p + 4, MANIFEST_VERSION, 4);
    p = put_varint(p, manifest->count);
    for (size_t i = 0; i < manifest->count; i++)
        p = put_entry(p, i ? &manifest->entries[i - 1] : NULL, &manifest->entries[i]);
    p = put_le(p, XXH3_64bits(start, (size_t)(p - start)), 8);
    out->len += (size_t)(p - start);
    out->data[out->len] = '\0';
    return 0;
}

/* ---- decoding ----------------------------------------------------------- */

typedef struct reader {
    const uint8_t *p;
    const uint8_t *end;
} reader;

static int get_varint(reader *r, uint64_t *value)
{
    uint64_t result = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->p == r->end)
            return -1;
        uint8_t byte = *r->p++;
        if (shift == 63 && byte > 1)
            return -1;
        result |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *value = result;
            return 0;
        }
    }
    return -1;
}

static uint64_t read_le(const uint8_t *p, int bytes)
{
    uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; i--)
        value = (value << 8) | p[i];
    return value;
}

static int get_u64(reader *r, uint64_t *value)
{
    if (r->end - r->p < 8)
        return -1;
    *value = read_le(r->p, 8);
    r->p += 8;
    return 0;
}

static int get_bytes(reader *r, void *dest, size_t len)
{
    if ((size_t)(r->end - r->p) < len)
        return -1;
    memcpy(dest, r->p, len);
    r->p += len;
    return 0;
}

/* Read the next path into path[], which holds the previous one (*len bytes). */
static const char *get_path(reader *r, char path[PATH_MAX], size_t *len)
{
    uint64_t shared, suffix_len;
    if (get_varint(r, &shared) != 0 || get_varint(r, &suffix_len) != 0)
        return "truncated entry";
    if (shared > *len || suffix_len == 0 || suffix_len >= PATH_MAX - shared)
        return "bad path length";
    if ((uint64_t)(r->end - r->p) < suffix_len)
        return "truncated path";
    if (memchr(r->p, '\0', suffix_len))
        return "NUL in path";
    memcpy(path + shared, r->p, suffix_len);
    *len = shared + suffix_len;
    path[*len] = '\0';
    r->p += suffix_len;
    return NULL;
}

static const char *get_entry(reader *r, lp_manifest *manifest, char path[PATH_MAX],
                             size_t *path_len)
{
    const char *problem = get_path(r, path, path_len);
    if (problem)
        return problem;
    if (lp_outpath_check(path, NULL) != 0)
        return "path refused by the output path policy";
    locus_digest digest;
    uint64_t size, mtime, inode, flags;
    if (get_bytes(r, digest.bytes, sizeof digest.bytes) != 0 || get_varint(r, &size) != 0 ||
        get_u64(r, &mtime) != 0 || get_varint(r, &inode) != 0 || get_varint(r, &flags) != 0)
        return "truncated entry";
    if (flags & ~KNOWN_FLAGS)
        return "unknown flags";
    uint64_t hash = manifest_hash(path, *path_len);
    if (manifest_find(manifest, path, *path_len, hash))
        return "path listed twice";
    manifest_entry *entry = manifest_add(manifest, path, *path_len, hash);
    if (!entry)
        return "out of memory";
    entry->digest = digest;
    entry->size = size;
    entry->mtime_ns = (int64_t)mtime;
    entry->inode = inode;
    entry->flags = (uint8_t)flags;
    return NULL;
}

/* Header and checksum; leaves r on the entries and *count set. */
static const char *open_blob(const uint8_t *data, size_t len, reader *r, uint64_t *count)
{
    if (len < HEADER_LEN + 1 + CHECKSUM_LEN)
        return "too short";
    if (memcmp(data, MANIFEST_MAGIC, 4) != 0)
        return "bad magic";
    if (read_le(data + 4, 4) != MANIFEST_VERSION)
        return "unsupported version";
    if (read_le(data + len - CHECKSUM_LEN, 8) != XXH3_64bits(data, len - CHECKSUM_LEN))
        return "checksum mismatch";
    r->p = data + HEADER_LEN;
    r->end = data + len - CHECKSUM_LEN;
    if (get_varint(r, count) != 0)
        return "truncated header";
    if (*count > (uint64_t)(r->end - r->p) / ENTRY_MIN_LEN)
        return "entry count larger than the blob";
    return NULL;
}

int lp_manifest_decode(const void *data, size_t len, lp_manifest **out, lp_error *err)
{
    *out = NULL;
    reader r;
    uint64_t count = 0;
    char *path = NULL;
    lp_manifest *manifest = NULL;
    const char *problem = open_blob(data, len, &r, &count);
    if (problem)
        goto fail;
    problem = "out of memory";
    path = malloc(PATH_MAX);
    manifest = lp_manifest_new();
    if (!path || !manifest || reserve(manifest, (size_t)count) != 0)
        goto fail;
    problem = NULL;
    size_t path_len = 0;
    path[0] = '\0';
    for (uint64_t i = 0; i < count && !problem; i++)
        problem = get_entry(&r, manifest, path, &path_len);
    if (!problem && r.p != r.end)
        problem = "trailing bytes";
    if (problem)
        goto fail;
    free(path);
    *out = manifest;
    return 0;
fail:
    free(path);
    lp_manifest_free(manifest);
    return lp_fail(err, "corrupt output manifest (%zu bytes): %s", len, problem);
}
