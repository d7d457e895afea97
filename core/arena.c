/* arena.c — bump-pointer arenas and growable byte buffers (locus/arena.h). */
#include "locus/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16u
#define ARENA_FIRST_BLOCK (16u * 1024u)
#define ARENA_MAX_BLOCK (4u * 1024u * 1024u)

typedef struct arena_block {
    struct arena_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(16) unsigned char data[];
} arena_block;

struct locus_arena {
    arena_block *head;   /* block being filled; older blocks follow */
    size_t total_bytes;  /* sum of block sizes */
    size_t next_size;    /* size of the next block to allocate */
};

static arena_block *block_new(size_t size)
{
    arena_block *block = malloc(sizeof *block + size);
    if (!block)
        return NULL;
    block->next = NULL;
    block->size = size;
    block->used = 0;
    return block;
}

locus_arena *locus_arena_new(void)
{
    locus_arena *arena = calloc(1, sizeof *arena);
    if (arena)
        arena->next_size = ARENA_FIRST_BLOCK;
    return arena;
}

static void free_blocks(arena_block *block)
{
    while (block) {
        arena_block *next = block->next;
        free(block);
        block = next;
    }
}

void locus_arena_free(locus_arena *arena)
{
    if (!arena)
        return;
    free_blocks(arena->head);
    free(arena);
}

void locus_arena_reset(locus_arena *arena)
{
    if (!arena || !arena->head)
        return;
    /* Keep the most recent (largest) block, drop the rest. */
    free_blocks(arena->head->next);
    arena->head->next = NULL;
    arena->head->used = 0;
    arena->total_bytes = arena->head->size;
}

void *locus_arena_alloc(locus_arena *arena, size_t size)
{
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (rounded < size)
        return NULL;
    arena_block *head = arena->head;
    if (!head || head->size - head->used < rounded) {
        size_t block_size = arena->next_size;
        if (block_size < rounded)
            block_size = rounded;
        arena_block *block = block_new(block_size);
        if (!block)
            return NULL;
        if (head && head->size - head->used >= ARENA_ALIGN && rounded > arena->next_size) {
            /* A big one-off: keep filling the current block afterwards. */
            block->next = head->next;
            head->next = block;
            block->used = rounded;
            arena->total_bytes += block_size;
            return block->data;
        }
        block->next = head;
        arena->head = block;
        arena->total_bytes += block_size;
        if (arena->next_size < ARENA_MAX_BLOCK)
            arena->next_size *= 2;
        head = block;
    }
    void *ptr = head->data + head->used;
    head->used += rounded;
    return ptr;
}

void *locus_arena_zalloc(locus_arena *arena, size_t size)
{
    void *ptr = locus_arena_alloc(arena, size);
    if (ptr)
        memset(ptr, 0, size);
    return ptr;
}

char *locus_arena_strndup(locus_arena *arena, const char *s, size_t n)
{
    char *copy = locus_arena_alloc(arena, n + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *locus_arena_strdup(locus_arena *arena, const char *s)
{
    return locus_arena_strndup(arena, s, strlen(s));
}

char *locus_arena_vprintf(locus_arena *arena, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (len < 0)
        return NULL;
    char *out = locus_arena_alloc(arena, (size_t)len + 1);
    if (out)
        vsnprintf(out, (size_t)len + 1, fmt, ap);
    return out;
}

char *locus_arena_printf(locus_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = locus_arena_vprintf(arena, fmt, ap);
    va_end(ap);
    return out;
}

size_t locus_arena_bytes(const locus_arena *arena)
{
    return arena ? arena->total_bytes : 0;
}

int locus_buf_reserve(locus_buf *buf, size_t extra)
{
    size_t need = buf->len + extra + 1;
    if (need < buf->len)
        return -1;
    if (need <= buf->cap)
        return 0;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    char *data = realloc(buf->data, cap);
    if (!data)
        return -1;
    buf->data = data;
    buf->cap = cap;
    return 0;
}

int locus_buf_append(locus_buf *buf, const void *data, size_t len)
{
    if (locus_buf_reserve(buf, len) != 0)
        return -1;
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return 0;
}

int locus_buf_puts(locus_buf *buf, const char *s)
{
    return locus_buf_append(buf, s, strlen(s));
}

int locus_buf_putc(locus_buf *buf, char c)
{
    return locus_buf_append(buf, &c, 1);
}

int locus_buf_vprintf(locus_buf *buf, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int len = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (len < 0)
        return -1;
    if ((size_t)len < sizeof small)
        return locus_buf_append(buf, small, (size_t)len);
    if (locus_buf_reserve(buf, (size_t)len) != 0)
        return -1;
    vsnprintf(buf->data + buf->len, (size_t)len + 1, fmt, ap);
    buf->len += (size_t)len;
    return 0;
}

int locus_buf_printf(locus_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = locus_buf_vprintf(buf, fmt, ap);
    va_end(ap);
    return rc;
}

void locus_buf_clear(locus_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

void locus_buf_free(locus_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}
