/* locus/artifact.h — read-only access to the artifacts a task consumes.
 *
 * Every port carries an ordered list of items; an item is a key (a name
 * such as a source path relative to the source directory, or an entity
 * name) and an immutable byte blob identified by its XXH3-128 digest.
 * A port that holds a single value has one item, by convention keyed "".
 *
 * Item bytes are loaded lazily (from memory or the cache) on the first
 * locus_item_data call and stay valid until the task returns. They are
 * shared with other tasks: never write through the pointer.
 */
#ifndef LOCUS_ARTIFACT_H
#define LOCUS_ARTIFACT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct locus_task locus_task;

/* XXH3-128 digest, stored big-endian (high 64 bits first). */
typedef struct locus_digest {
    uint8_t bytes[16];
} locus_digest;

/* The digest of len bytes. */
locus_digest locus_digest_of(const void *data, size_t len);
/* 32 lowercase hex characters + NUL into out (33 bytes). */
void locus_digest_hex(const locus_digest *digest, char out[33]);

typedef struct locus_port locus_port;

/* The input port called name, or NULL if the stage did not declare it. */
const locus_port *locus_input(locus_task *task, const char *name);
/* Number of items in a port. */
size_t locus_port_count(const locus_port *port);
/* Item metadata; index < locus_port_count. Cheap: no data is loaded. */
const char *locus_item_key(const locus_port *port, size_t index);
locus_digest locus_item_digest(const locus_port *port, size_t index);
size_t locus_item_size(const locus_port *port, size_t index);
/* Index of the item with this key, or (size_t)-1. */
size_t locus_port_find(const locus_port *port, const char *key);
/* The item's bytes (*size set when size != NULL). Returns NULL only if the
 * bytes could not be loaded; the core then fails the task with a diagnostic. */
const void *locus_item_data(locus_task *task, const locus_port *port, size_t index,
                            size_t *size);

/* For LOCUS_FANOUT_PER_ITEM stages: the index, in the first input port, of
 * the item this task runs for. (size_t)-1 for LOCUS_FANOUT_ONCE stages. */
size_t locus_task_item(const locus_task *task);

/* Publish an item on one of the stage's output ports. key NULL means the
 * task's own item key (per-item stages) or "" (once stages). The bytes are
 * copied. Returns 0, or -1 if the port is not declared, the key was already
 * emitted on that port by this task, or memory ran out. */
int locus_emit(locus_task *task, const char *port, const char *key, const void *data,
               size_t size);

/* 1 if a stage in this build reads the output port `port` (as an input or
 * waits for it), 0 if nothing does (or the stage did not declare it). A
 * task may skip computing and emitting what nobody reads: `check`, for
 * instance, runs merge without the generators that read its item ports.
 * The core keys the task's result on which of its outputs are read, so a
 * result made without a port is never reused in a build that reads it. */
int locus_output_wanted(locus_task *task, const char *port);

#ifdef __cplusplus
}
#endif
#endif
