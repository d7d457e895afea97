/* ast_build.h — writing Locus AST blobs (the format read by locus/ast.h).
 *
 * The builder writes nodes in post-order straight into the output buffer:
 * a node is "opened", its children and field values are produced (each
 * child is written, and becomes referable, when it is closed), and closing
 * the node writes its record. So every reference points to an earlier
 * node, as locus_ast_open requires, and nothing is re-serialised.
 *
 *     ll_open(b, LOCUS_AST_ENTITY, file, offset);
 *     ll_set_node(b, LOCUS_F_NAME, ll_ident(b, file, name_off, name_len, "User", 4));
 *     size_t mark = ll_list_begin(b);
 *     ... for each field: ll_push(b, <closed FIELD node>);
 *     ll_list_end(b, LOCUS_F_CHILDREN, mark);
 *     locus_node entity = ll_close(b, end_offset);
 *
 * Items pushed while a node is open belong to that node; a list field is a
 * contiguous run of them (ll_list_begin/ll_list_end). Strings are interned.
 * Positions (line, UTF-16 column) are computed from the file's text, which
 * the blob stores (ll_add_file). ll_copy deep-copies a subtree of another
 * blob, importing its file, so the merge stage can build a project blob
 * from many file blobs.
 *
 * Memory errors are sticky: after one, every call is a no-op returning 0
 * and ll_finish reports the failure. Nothing aborts.
 */
#ifndef LL_AST_BUILD_H
#define LL_AST_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "locus/arena.h"
#include "locus/ast.h"

typedef struct ll_builder ll_builder;

ll_builder *ll_builder_new(void);
void ll_builder_free(ll_builder *b);

/* Add a source file (its key and its whole text, which is copied). Returns
 * its file index, or LOCUS_AST_NO_FILE on memory failure. A file whose key
 * was added before returns the earlier index (the text is not compared).
 * has_bom: the text starts with a UTF-8 BOM that occupies no column. */
uint32_t ll_add_file(ll_builder *b, const char *key, size_t key_len, const char *text,
                     size_t text_len, int has_bom);
/* Same, but the caller guarantees text stays alive and unchanged until
 * ll_finish (avoids one copy of large files). */
uint32_t ll_add_file_borrowed(ll_builder *b, const char *key, size_t key_len,
                              const char *text, size_t text_len, int has_bom);

/* Same as ll_add_file_borrowed, with the line-start table already known
 * (ascending, first 0; LF, CRLF and CR end lines; also borrowed) and
 * whether the text is pure ASCII (columns are then byte distances). */
uint32_t ll_add_file_lines(ll_builder *b, const char *key, size_t key_len, const char *text,
                           size_t text_len, int has_bom, const uint32_t *lines, uint32_t nlines,
                           int ascii);

/* Open a node starting at byte `offset` of `file` (LOCUS_AST_NO_FILE for a
 * synthetic node). Nodes nest: the next ll_close closes the innermost. */
void ll_open(ll_builder *b, locus_ast_kind kind, uint32_t file, uint32_t offset);
/* Adjust the open node's start (e.g. when it turns out to start earlier). */
void ll_set_start(ll_builder *b, uint32_t offset);
void ll_set_flags(ll_builder *b, uint32_t flags); /* OR-ed into the open node */
void ll_set_own_str(ll_builder *b, const char *s, size_t len);

/* Field setters for the open node. Setting a field twice keeps the last. */
void ll_set_node(ll_builder *b, locus_ast_field field, locus_node node);
void ll_set_str(ll_builder *b, locus_ast_field field, const char *s, size_t len);
void ll_set_num(ll_builder *b, locus_ast_field field, double value);
void ll_set_int(ll_builder *b, locus_ast_field field, int32_t value);
void ll_set_slice(ll_builder *b, locus_ast_field field, uint32_t offset, uint32_t length);

/* Lists: remember the item mark, push items, then name the run. */
size_t ll_list_begin(const ll_builder *b);
void ll_push(ll_builder *b, locus_node node);
void ll_list_end(ll_builder *b, locus_ast_field field, size_t mark);
/* Drop the items pushed since mark (e.g. when backing out of a list). */
void ll_list_drop(ll_builder *b, size_t mark);

/* Close the innermost open node; its span ends at byte end_offset
 * (exclusive). Returns its handle (0 after a memory failure). */
locus_node ll_close(ll_builder *b, uint32_t end_offset);
/* A point to return to: ll_rollback forgets every node written, node
 * opened and item pushed since ll_checkpoint (strings stay interned).
 * Nothing written before the checkpoint may refer to the dropped nodes. */
typedef struct ll_mark {
    size_t nodes_len, nframes, nitems;
} ll_mark;
ll_mark ll_checkpoint(const ll_builder *b);
void ll_rollback(ll_builder *b, ll_mark mark);

/* Number of open nodes. */
size_t ll_depth(const ll_builder *b);

/* A node without fields, written at once: kind, span, own string. */
locus_node ll_leaf(ll_builder *b, locus_ast_kind kind, uint32_t file, uint32_t offset,
                   uint32_t length, const char *s, size_t slen);
/* Shorthand for an IDENT leaf. */
locus_node ll_ident(ll_builder *b, uint32_t file, uint32_t offset, uint32_t length,
                    const char *s, size_t slen);

/* Deep-copy node (and everything below it) from another blob. Returns the
 * new handle, ready to push or set as a field, or 0 on failure. */
locus_node ll_copy(ll_builder *b, const locus_ast *src, locus_node node);

/* Incremental parsing (ll_parse_file_incremental) keeps each top-level
 * block's nodes in a relocatable form and re-inserts them when the block's
 * bytes recur, at any offset, writing exactly the bytes a parse of the
 * block there would write: same records, and strings interned in the same
 * order (so the string table matches too). */

/* Log every string ref interned from now on, until ll_strlog_end (the
 * parse of one block; a new begin forgets the previous log). */
void ll_strlog_begin(ll_builder *b);
void ll_strlog_end(ll_builder *b);

/* Append to out, in relocatable form, the nodes written since `from`: one
 * subtree whose root (last written) is `root`, all of it within bytes
 * [start, end) of `file`, and the strings logged for it. Returns 0, or -1
 * when a node refers to anything outside the block, a string was interned
 * without logging, or memory ran out (out may then hold a partial value). */
int ll_export_block(ll_builder *b, ll_mark from, locus_node root, uint32_t file,
                    uint32_t start, uint32_t end, locus_buf *out);

/* Write an exported block as the parse of bytes [start, end) of `file`
 * would: intern its strings in order, append its records with positions
 * moved to start. Returns the root's handle, ready to push; or 0 when data
 * is not an export of a block of end - start bytes (nothing changed), or
 * after a memory failure (sticky, as everywhere). */
locus_node ll_import_block(ll_builder *b, uint32_t file, uint32_t start, uint32_t end,
                           const void *data, size_t size);

/* Finish: write the blob with `root` as its root. On success returns 0 and
 * sets *data (malloc'd; free() it) and *size. Fails (-1) after a memory
 * error or if nodes are still open. The builder can be freed afterwards. */
int ll_finish(ll_builder *b, locus_node root, unsigned char **data, size_t *size);

/* Line and UTF-16 column of a byte offset of a builder file (as the reader
 * would report it). */
void ll_position(ll_builder *b, uint32_t file, uint32_t offset, uint32_t *line,
                 uint32_t *column);

#endif
