/* locus/ast.h — reading a Locus AST blob (the "ast" artifact).
 *
 * Part of the locus-pipeline plugin SDK. The parse stage turns each .locus
 * file into one AST blob; merge combines file blobs into project blobs;
 * validation, optimisation and every generator read them in place through
 * the functions below. docs/ast.md describes the byte format and walks
 * through an example.
 *
 * The blob is relocatable: one byte string, no pointers. Nodes are linked by
 * 32-bit offsets, kinds and field ids are the numeric enums below, strings
 * are interned in a string table, and the blob carries its own file table
 * (source keys and the full text of every source file it has nodes from),
 * so source slices are always available and positions can be recomputed.
 *
 * Safety: locus_ast_open validates the whole blob (every offset, length,
 * string, list range and field type) before it returns 0. After that no
 * accessor can read outside the blob; the node graph is a tree (each node
 * has at most one parent, every reference points to an earlier node) and no
 * deeper than LOCUS_AST_MAX_DEPTH, so recursive walks terminate and need a
 * bounded stack. Accessors given LOCUS_NODE_NONE, a wrong field or a node
 * of another kind return the "absent" value (0, NULL, empty) and never fail.
 * Even a handle that did not come from this blob is read safely (the result
 * is then meaningless).
 *
 * Versioning: LOCUS_AST_VERSION is stored in every blob. It changes when
 * the meaning of an existing kind, field or flag changes, or the byte
 * layout changes; locus_ast_open refuses other versions. Adding new kinds,
 * fields or flags does not change it: readers must ignore fields they do
 * not know and treat unknown kinds as opaque.
 *
 * Positions: every node has a span — file index, byte offset and byte
 * length in that file's text (as written: type aliases and a UTF-8 BOM do
 * not move positions), plus the 1-based line and 1-based column of its
 * first byte. Columns count UTF-16 code units (a non-BMP character counts
 * 2); a line ends at LF, CRLF or a lone CR; a leading BOM occupies no
 * column.
 *
 * Strings are UTF-8, length-counted and also NUL-terminated. They contain
 * a NUL byte only if the source had one inside a string literal, comment
 * or raw block; use the length when that matters.
 *
 * Thread safety: a locus_ast is read-only; any number of threads may use
 * the same one concurrently.
 */
#ifndef LOCUS_AST_H
#define LOCUS_AST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the blob format and of the meaning of kinds/fields/flags. */
#define LOCUS_AST_VERSION 2u
/* No valid blob nests deeper than this (root = depth 1). */
#define LOCUS_AST_MAX_DEPTH 1024u

/* The file index of synthetic nodes that have no source position (e.g. a
 * merged PROJECT root): their span is all zeros apart from this. */
#define LOCUS_AST_NO_FILE 0xFFFFFFFFu

/* A node handle: an offset into the blob's node area. 0 means "no node". */
typedef uint32_t locus_node;
#define LOCUS_NODE_NONE ((locus_node)0)

/* ---------------------------------------------------------------------
 * Node kinds. Values are stable; new kinds are appended.
 * "name" below means the LOCUS_F_NAME field (an IDENT node), "children"
 * the LOCUS_F_CHILDREN list, "str" the node's own string (locus_ast_str).
 * ------------------------------------------------------------------- */
typedef enum locus_ast_kind {
    LOCUS_AST_NONE = 0,

    /* --- structure -------------------------------------------------- */
    LOCUS_AST_FILE = 1,        /* children: top-level blocks and TYPE_ALIASes, in source order */
    LOCUS_AST_PROJECT = 2,     /* root of merged blobs; its fields are defined by the merge stage */
    LOCUS_AST_TYPE_ALIAS = 3,  /* `type Name = Target`: name, TARGET (IDENT) */
    LOCUS_AST_RAW = 4,         /* free-form text the grammar skips or keeps verbatim; text = span */

    /* --- literals and names (also expression operands) -------------- */
    LOCUS_AST_IDENT = 10,      /* str = identifier text (an alias is already replaced by its target) */
    LOCUS_AST_STRING = 11,     /* str = text between the quotes, escapes NOT decoded; span includes quotes */
    LOCUS_AST_NUMBER = 12,     /* str = digits as written; NUMBER = value; flag NEGATIVE when `-` was written (value negated, span includes it) */
    LOCUS_AST_SIZE = 13,       /* `5MB`: str = image; NUMBER = bytes (B/KB/MB/GB, factor 1024) */
    LOCUS_AST_DURATION = 14,   /* `5s`: str = image; NUMBER = milliseconds */
    LOCUS_AST_HEX_COLOR = 15,  /* `#0a84ff`: str = image including '#' */
    LOCUS_AST_ARRAY = 16,      /* `[ a, b ]`: children = elements (`[]` has none) */
    LOCUS_AST_ENTRY = 17,      /* `key: value`: name, VALUE (any value node) */
    LOCUS_AST_EMPTY = 18,      /* an omitted argument, e.g. the first one of `@length(, 20)` */
    LOCUS_AST_MIME = 19,       /* upload mime value: str = "type/sub" or "type" */

    /* --- expressions (language.md §11; `!` is logical not) ----------- */
    LOCUS_AST_UNARY = 30,      /* OP (LOCUS_OP_NOT / LOCUS_OP_NEG), OPERAND */
    LOCUS_AST_BINARY = 31,     /* OP, LEFT, RIGHT */
    LOCUS_AST_MEMBER = 32,     /* OBJECT, PROPERTY (IDENT; any token text after '.') */
    LOCUS_AST_CALL = 33,       /* CALLEE (IDENT or MEMBER), ARGS */
    LOCUS_AST_EXPR_ERROR = 34, /* text that is not a valid expression: span = the whole
                                  expression text, str = message, ERROR_OFFSET = byte
                                  offset (in the file) where parsing failed */

    /* --- database ---------------------------------------------------- */
    LOCUS_AST_DATABASE = 40,   /* children: ENTITY */
    LOCUS_AST_ENTITY = 41,     /* name; children: FIELD and RELATION in source order */
    LOCUS_AST_FIELD = 42,      /* name, TYPE (TYPE node), ATTRS (ATTRIBUTE, source order) */
    LOCUS_AST_TYPE = 43,       /* name (IDENT: the type as declared — scalar keyword or
                                  identifier; an alias resolved to its target), ALIAS
                                  (IDENT as written, when an alias was used), CODE (INT,
                                  scalar code 1..12 of language.md §4.2, 0 = not a scalar),
                                  flags OPTIONAL, NULLABLE, NULL_UNION, LIST, LIST_OF */
    LOCUS_AST_RELATION = 44,   /* name, REL_KIND (INT locus_relation_kind), TARGET (IDENT),
                                  ATTRS, ON_DELETE (IDENT, the on_delete value), INVERSE
                                  (IDENT), flag OPTIONAL (`belongs_to A?`) */
    LOCUS_AST_ATTRIBUTE = 45,  /* name (IDENT: `unique`, `default`, `map`, `min`, `length`,
                                  `onDelete`, `id`, ... as written), ARGS (values, ENTRY for
                                  `k: v`, EMPTY for an omitted argument); flag PAREN for the
                                  legacy `( name: value )` form, else it was `@name(...)`.
                                  HAS_PARENS when `@name(...)` had parentheses. */

    /* --- design system ------------------------------------------------ */
    LOCUS_AST_DESIGN_SYSTEM = 50, /* children: COLORS, TYPOGRAPHY, SPACING, RADII, SHADOWS */
    LOCUS_AST_COLORS = 51,     /* children: THEME */
    LOCUS_AST_THEME = 52,      /* name (IDENT, or STRING when quoted); children: ENTRY */
    LOCUS_AST_TYPOGRAPHY = 53, /* children: ENTRY and WEIGHTS */
    LOCUS_AST_WEIGHTS = 54,    /* children: ENTRY (values are NUMBER) */
    LOCUS_AST_SPACING = 55,    /* children: ENTRY */
    LOCUS_AST_RADII = 56,      /* children: ENTRY */
    LOCUS_AST_SHADOWS = 57,    /* children: ENTRY */

    /* --- pages, components, stores ------------------------------------ */
    LOCUS_AST_PAGE = 60,       /* name, GUARD (IDENT role); children: STATE_BLOCK, ON_LOAD,
                                  ACTION, UI, RAW (unrecognised items) in source order */
    LOCUS_AST_COMPONENT = 61,  /* name; children: PARAM, UI, STYLE_OVERRIDE, RAW */
    LOCUS_AST_STORE = 62,      /* name; children: STATE_BLOCK, ACTION, RAW */
    LOCUS_AST_STATE_BLOCK = 63,/* children: STATE_DECL; BODY/CONTENT slices (also the
                                  `state { }` of workflows) */
    LOCUS_AST_STATE_DECL = 64, /* name, TYPE (TYPE node), INIT (STRING, NUMBER, IDENT,
                                  ARRAY, or RAW for other initialisers such as `!x`, `(…)`);
                                  the default text is locus_ast_text(INIT) */
    LOCUS_AST_ON_LOAD = 65,    /* BODY/CONTENT slices */
    LOCUS_AST_ACTION = 66,     /* name, PARAMS (ACTION_PARAM), BODY/CONTENT slices;
                                  flag HAS_PARENS */
    LOCUS_AST_ACTION_PARAM = 67, /* name, TYPE (TYPE node; absent when untyped) */
    LOCUS_AST_PARAM = 68,      /* component `param`: name, TYPE, DEFAULT (RAW: the text
                                  after `=`) */
    LOCUS_AST_UI = 69,         /* BODY/CONTENT slices; children: the UI nodes (several
                                  roots allowed) */
    LOCUS_AST_STYLE_OVERRIDE = 70, /* BODY/CONTENT slices; flag COLON_SYNTAX for the
                                  `style: override { }` spelling */

    /* --- UI markup (language.md §7; positions are file positions) ------ */
    LOCUS_AST_UI_ELEMENT = 80, /* name (IDENT tag, e.g. `div`, `Button`), ATTRS (UI_ATTR),
                                  children: UI nodes; flag SELF_CLOSING; span from `<`
                                  to the end of the closing tag */
    LOCUS_AST_UI_TEXT = 81,    /* literal text between tags/interpolations, untrimmed;
                                  text = span (`//` comments in UI are text, Q-23) */
    LOCUS_AST_UI_EXPR = 82,    /* `{ … }` interpolation: EXPR (expression root or
                                  EXPR_ERROR; its span is the trimmed inner text);
                                  span = the braces */
    LOCUS_AST_UI_IF = 83,      /* COND (expression root), children: consequent,
                                  ELIFS (UI_ELSEIF), ELSE (UI_ELSE); flag DIRECTIVE for
                                  the `{#if}` form, else `<if condition=…>` */
    LOCUS_AST_UI_ELSEIF = 84,  /* COND, children */
    LOCUS_AST_UI_ELSE = 85,    /* children */
    LOCUS_AST_UI_EACH = 86,    /* ITEM (IDENT), ITERABLE (expression root), children:
                                  the repeated content. `{#each x in xs}…{/each}`
                                  (flag DIRECTIVE) or `<li for:each={x in xs}>…</li>`,
                                  whose single child is that element without the
                                  for:each attribute */
    LOCUS_AST_UI_SLOT = 87,    /* `<slot name="n"/>`: str = name ("default" if none) */
    LOCUS_AST_UI_ATTR = 88,    /* name (IDENT: the key as written, e.g. `on:click`,
                                  `bind:value`, `class`), ATTR_KIND (INT locus_attr_kind),
                                  VALUE: STRING (quoted; flag QUOTED), IDENT-like bare
                                  word as STRING (flag BARE), or an expression root for
                                  `{…}` / `"{…}"` (flag QUOTED for the latter); no VALUE
                                  for a valueless attribute */

    /* --- workflows (language.md §8) ---------------------------------- */
    LOCUS_AST_WORKFLOW = 100,  /* name; children: TRIGGER, INPUT, STATE_BLOCK, STEPS,
                                  ON_ERROR, ON_FAILURE, CONCURRENCY, RETRY, RAW */
    LOCUS_AST_TRIGGER = 101,   /* children: TRIGGER_EVENT; BODY/CONTENT slices (a body
                                  that does not start with `on` has no events) */
    LOCUS_AST_TRIGGER_EVENT = 102, /* EVENT (INT locus_trigger_event), ENTITY (IDENT),
                                  KEY and SECRET (IDENTs of `webhook(key: SECRET)`);
                                  flags COLON_SYNTAX (`on:`), HAS_PARENS */
    LOCUS_AST_INPUT = 103,     /* BODY/CONTENT slices */
    LOCUS_AST_STEPS = 104,     /* children: steps (also the `steps { }` of a branch) */
    LOCUS_AST_ON_ERROR = 105,  /* BODY/CONTENT slices */
    LOCUS_AST_ON_FAILURE = 106,/* BODY/CONTENT slices */
    LOCUS_AST_CONCURRENCY = 107, /* children: ENTRY (`limit: N`, `group: G`) */
    LOCUS_AST_RETRY = 108,     /* children: ENTRY (values NUMBER, IDENT or DURATION) */
    LOCUS_AST_BRANCH_ELSE = 109, /* `else { }` inside a branch: children: steps */

    /* Steps. All may carry BINDING (IDENT of `const x =`) and BINDING_RAW
     * (slice from `const` through `=`); the span starts at the step keyword
     * (the action name's position is name/ACTION's span). */
    LOCUS_AST_STEP_RUN = 120,      /* ACTION (IDENT), ARGS (expression roots or ENTRY
                                      `k: v`), ARGS_RAW (slice between the parentheses);
                                      flag HAS_PARENS */
    LOCUS_AST_STEP_BRANCH = 121,   /* COND_RAW (slice of the leading text), COND (expression
                                      root for the text after `condition:`, braces stripped),
                                      children: STEPS and BRANCH_ELSE in source order */
    LOCUS_AST_STEP_FOR_EACH = 122, /* ITEM (IDENT), ITERABLE (IDENT/MEMBER/STRING/NUMBER),
                                      children: steps */
    LOCUS_AST_STEP_DELAY = 123,    /* BODY/CONTENT slices */
    LOCUS_AST_STEP_HTTP_REQUEST = 124, /* name (optional IDENT), BODY/CONTENT slices */
    LOCUS_AST_STEP_SEND_EMAIL = 125,   /* BODY/CONTENT slices; children: ENTRY for each
                                      `key: value` the body consists of (none if the body
                                      is not such a list) */
    LOCUS_AST_STEP_PARALLEL = 126,     /* children: steps */
    LOCUS_AST_STEP_QUEUE_PUBLISH = 127,/* BODY/CONTENT slices */
    LOCUS_AST_STEP_DB_TX = 128,        /* children: steps */

    /* --- uploads (language.md §9) ------------------------------------ */
    LOCUS_AST_UPLOAD = 140,       /* name, BODY/CONTENT slices; children: UPLOAD_FIELD,
                                     UPLOAD_STORE */
    LOCUS_AST_UPLOAD_FIELD = 141, /* name, MAX_SIZE (SIZE), MAX_COUNT (NUMBER), MIME list
                                     (MIME); flag REQUIRED */
    LOCUS_AST_UPLOAD_STORE = 142, /* children: ENTRY (`strategy`, `path`, `naming`) */

    LOCUS_AST_KIND_LIMIT = 160    /* all kinds are below this */
} locus_ast_kind;

/* ---------------------------------------------------------------------
 * Field ids. A node has at most one field per id. Values are stable.
 * The type of each field is fixed (shown in brackets).
 * ------------------------------------------------------------------- */
typedef enum locus_ast_field {
    LOCUS_F_NONE = 0,
    LOCUS_F_CHILDREN = 1,     /* [list] the node's main ordered contents */
    LOCUS_F_NAME = 2,         /* [node IDENT] the declared name, with its position */
    LOCUS_F_NUMBER = 3,       /* [num] numeric value of NUMBER/SIZE/DURATION */
    LOCUS_F_TYPE = 4,         /* [node TYPE] */
    LOCUS_F_ATTRS = 5,        /* [list] */
    LOCUS_F_ARGS = 6,         /* [list] */
    LOCUS_F_VALUE = 7,        /* [node] */
    LOCUS_F_TARGET = 8,       /* [node IDENT] */
    LOCUS_F_ALIAS = 9,        /* [node IDENT] */
    LOCUS_F_CODE = 10,        /* [int] */
    LOCUS_F_REL_KIND = 11,    /* [int] locus_relation_kind */
    LOCUS_F_ON_DELETE = 12,   /* [node IDENT] */
    LOCUS_F_INVERSE = 13,     /* [node IDENT] */
    LOCUS_F_GUARD = 14,       /* [node IDENT] */
    LOCUS_F_INIT = 15,        /* [node] */
    LOCUS_F_PARAMS = 16,      /* [list] */
    LOCUS_F_DEFAULT = 17,     /* [node RAW] */
    /* Raw block texts. BODY is the exact text between the braces; CONTENT
     * is the text from the first to the last token inside them (leading and
     * trailing whitespace and comments removed, interior kept verbatim). */
    LOCUS_F_BODY = 18,        /* [slice] */
    LOCUS_F_CONTENT = 19,     /* [slice] */
    LOCUS_F_OP = 20,          /* [int] locus_op */
    LOCUS_F_OPERAND = 21,     /* [node] */
    LOCUS_F_LEFT = 22,        /* [node] */
    LOCUS_F_RIGHT = 23,       /* [node] */
    LOCUS_F_OBJECT = 24,      /* [node] */
    LOCUS_F_PROPERTY = 25,    /* [node IDENT] */
    LOCUS_F_CALLEE = 26,      /* [node] */
    LOCUS_F_ERROR_OFFSET = 27,/* [int] */
    LOCUS_F_EXPR = 28,        /* [node] */
    LOCUS_F_COND = 29,        /* [node] */
    LOCUS_F_ELIFS = 30,       /* [list] */
    LOCUS_F_ELSE = 31,        /* [node] */
    LOCUS_F_ITEM = 32,        /* [node IDENT] */
    LOCUS_F_ITERABLE = 33,    /* [node] */
    LOCUS_F_ATTR_KIND = 34,   /* [int] locus_attr_kind */
    LOCUS_F_EVENT = 35,       /* [int] locus_trigger_event */
    LOCUS_F_ENTITY = 36,      /* [node IDENT] */
    LOCUS_F_KEY = 37,         /* [node IDENT] */
    LOCUS_F_SECRET = 38,      /* [node IDENT] */
    LOCUS_F_BINDING = 39,     /* [node IDENT] */
    LOCUS_F_BINDING_RAW = 40, /* [slice] */
    LOCUS_F_ACTION = 41,      /* [node IDENT] */
    LOCUS_F_ARGS_RAW = 42,    /* [slice] */
    LOCUS_F_COND_RAW = 43,    /* [slice] */
    LOCUS_F_MAX_SIZE = 44,    /* [node SIZE] */
    LOCUS_F_MAX_COUNT = 45,   /* [node NUMBER] */
    LOCUS_F_MIME = 46,        /* [list] */
    /* Reserved for the merge stage's PROJECT node (lists of nodes). */
    LOCUS_F_DATABASES = 60,   /* [list] */
    LOCUS_F_ENTITIES = 61,    /* [list] */
    LOCUS_F_DESIGN_SYSTEMS = 62, /* [list] */
    LOCUS_F_PAGES = 63,       /* [list] */
    LOCUS_F_COMPONENTS = 64,  /* [list] */
    LOCUS_F_STORES = 65,      /* [list] */
    LOCUS_F_WORKFLOWS = 66,   /* [list] */
    LOCUS_F_UPLOADS = 67,     /* [list] */
    LOCUS_F_FILES = 68,       /* [list] */
    LOCUS_F_SORTED_COMPONENTS = 69, /* [list] merge's index: COMPONENTS' IDENTs in byte
                                       order of their names (binary search) */
    LOCUS_F_LIMIT = 128       /* all field ids are below this */
} locus_ast_field;

/* Types of field values (stored in the blob, checked by locus_ast_open). */
typedef enum locus_ast_ftype {
    LOCUS_FT_NODE = 1,  /* a node reference */
    LOCUS_FT_LIST = 2,  /* an ordered list of node references */
    LOCUS_FT_STR = 3,   /* an interned string */
    LOCUS_FT_NUM = 4,   /* an IEEE double */
    LOCUS_FT_INT = 5,   /* a signed 32-bit integer */
    LOCUS_FT_SLICE = 6  /* (offset, length) in the node's file text */
} locus_ast_ftype;

/* ---------------------------------------------------------------------
 * Flags (locus_ast_flags). Each applies to the kinds listed.
 * ------------------------------------------------------------------- */
enum {
    LOCUS_FLAG_OPTIONAL = 1u << 0,      /* TYPE, RELATION: `?` written */
    LOCUS_FLAG_NULLABLE = 1u << 1,      /* TYPE: `nullable` written */
    LOCUS_FLAG_NULL_UNION = 1u << 2,    /* TYPE: `| Null` written */
    LOCUS_FLAG_LIST = 1u << 3,          /* TYPE: a list (`list of T` or `T[]`) */
    LOCUS_FLAG_LIST_OF = 1u << 4,       /* TYPE: written `list of T` (deprecated form) */
    LOCUS_FLAG_PAREN = 1u << 5,         /* ATTRIBUTE: legacy `( … )` form */
    LOCUS_FLAG_HAS_PARENS = 1u << 6,    /* ATTRIBUTE, ACTION, STEP_RUN, TRIGGER_EVENT */
    LOCUS_FLAG_SELF_CLOSING = 1u << 7,  /* UI_ELEMENT: `<x/>` (or an HTML void element) */
    LOCUS_FLAG_DIRECTIVE = 1u << 8,     /* UI_IF, UI_ELSEIF, UI_ELSE, UI_EACH: `{#…}` form */
    LOCUS_FLAG_QUOTED = 1u << 9,        /* UI_ATTR: value in double quotes */
    LOCUS_FLAG_BARE = 1u << 10,         /* UI_ATTR: unquoted word value */
    LOCUS_FLAG_NEGATIVE = 1u << 11,     /* NUMBER: written with a leading `-` */
    LOCUS_FLAG_COLON_SYNTAX = 1u << 12, /* TRIGGER_EVENT `on:`, STYLE_OVERRIDE `style: override` */
    LOCUS_FLAG_REQUIRED = 1u << 13,     /* UPLOAD_FIELD */
    LOCUS_FLAG_ATTR_FORM = 1u << 14     /* UI_EACH from a `for:each` attribute, UI_IF/UI_ELSEIF/UI_ELSE from tags */
};

typedef enum locus_relation_kind {
    LOCUS_REL_HAS_MANY = 1,
    LOCUS_REL_BELONGS_TO = 2,
    LOCUS_REL_HAS_ONE = 3
} locus_relation_kind;

typedef enum locus_op {
    LOCUS_OP_OR = 1,  /* || */
    LOCUS_OP_AND = 2, /* && */
    LOCUS_OP_EQ = 3,  /* == */
    LOCUS_OP_NE = 4,  /* != */
    LOCUS_OP_LT = 5,  /* <  */
    LOCUS_OP_GT = 6,  /* >  */
    LOCUS_OP_ADD = 7, /* +  */
    LOCUS_OP_SUB = 8, /* -  */
    LOCUS_OP_MUL = 9, /* *  */
    LOCUS_OP_DIV = 10,/* /  */
    LOCUS_OP_NOT = 11,/* unary ! */
    LOCUS_OP_NEG = 12 /* unary - */
} locus_op;

typedef enum locus_attr_kind {
    LOCUS_ATTR_PLAIN = 1,   /* `class="x"`, `onclick={f}`, `xlink:href="…"` */
    LOCUS_ATTR_EVENT = 2,   /* `on:click={f}`, `on:mouse-enter={f}` */
    LOCUS_ATTR_BIND = 3,    /* `bind:value={v}` */
    LOCUS_ATTR_FOR_EACH = 4 /* `for:each={items}` left as an attribute (no `x in`) */
} locus_attr_kind;

typedef enum locus_trigger_event {
    LOCUS_EVENT_CREATE = 1,
    LOCUS_EVENT_UPDATE = 2,
    LOCUS_EVENT_DELETE = 3,
    LOCUS_EVENT_WEBHOOK = 4
} locus_trigger_event;

/* ---------------------------------------------------------------------
 * The reader.
 * ------------------------------------------------------------------- */

/* An opened blob. Fill it with locus_ast_open; the members are private
 * (read them only through the functions below). It points into the
 * caller's bytes, which must outlive it; nothing needs freeing. */
typedef struct locus_ast {
    const unsigned char *data;
    size_t size;
    uint32_t nodes_off, nodes_len;
    uint32_t strings_off, strings_len;
    uint32_t files_off, nfiles;
    uint32_t text_off, text_len;
    uint32_t lines_off, nlines;
    locus_node root;
} locus_ast;

/* Error codes of locus_ast_open (all negative). */
enum {
    LOCUS_AST_OK = 0,
    LOCUS_AST_ETRUNCATED = -1, /* shorter than its header says */
    LOCUS_AST_EMAGIC = -2,     /* not an AST blob */
    LOCUS_AST_EVERSION = -3,   /* another LOCUS_AST_VERSION */
    LOCUS_AST_ECORRUPT = -4,   /* an offset, length, kind, type or link is invalid */
    LOCUS_AST_ENOMEM = -5      /* validation ran out of memory */
};

/* Validate len bytes at data and fill *out. Returns LOCUS_AST_OK or one of
 * the negative codes; on failure *out is zeroed (every accessor then
 * returns "absent"). data need not be aligned. */
int locus_ast_open(const void *data, size_t len, locus_ast *out);
/* A short English description of an error code. */
const char *locus_ast_strerror(int code);

/* Open item `index` of an input port of a task as an AST blob: the bytes of
 * locus_item_data, validated as locus_ast_open does, except that the walk
 * over every node happens once per item per build, however many tasks open
 * it (a name index read by every page's task stays one check, not one per
 * page). Returns LOCUS_AST_OK or an error code (LOCUS_AST_ETRUNCATED when
 * the bytes could not be loaded; the core has then reported why). */
struct locus_task;
struct locus_port;
int locus_item_ast(struct locus_task *task, const struct locus_port *port, size_t index,
                   locus_ast *out);

/* The root node (FILE for a parsed file, PROJECT after merge). */
locus_node locus_ast_root(const locus_ast *ast);

/* Kind of a node; LOCUS_AST_NONE for LOCUS_NODE_NONE. */
locus_ast_kind locus_ast_kind_of(const locus_ast *ast, locus_node node);
uint32_t locus_ast_flags(const locus_ast *ast, locus_node node);

/* Where a node is. */
typedef struct locus_span {
    uint32_t file;   /* index into the file table, or LOCUS_AST_NO_FILE */
    uint32_t offset; /* byte offset in the file text */
    uint32_t length; /* bytes */
    uint32_t line;   /* 1-based; 0 only for LOCUS_NODE_NONE */
    uint32_t column; /* 1-based, UTF-16 code units */
} locus_span;
locus_span locus_ast_span(const locus_ast *ast, locus_node node);

/* The node's source text (its span), not NUL-terminated; *len set. */
const char *locus_ast_text(const locus_ast *ast, locus_node node, size_t *len);

/* The node's own string (see the kinds), NUL-terminated, or NULL.
 * len may be NULL. */
const char *locus_ast_str(const locus_ast *ast, locus_node node, size_t *len);

/* The string of the node's LOCUS_F_NAME IDENT (or STRING, for themes),
 * or NULL. */
const char *locus_ast_name(const locus_ast *ast, locus_node node, size_t *len);

/* Children (the LOCUS_F_CHILDREN list). */
size_t locus_ast_child_count(const locus_ast *ast, locus_node node);
locus_node locus_ast_child(const locus_ast *ast, locus_node node, size_t index);

/* Fields. Each returns the absent value when the node has no such field
 * or it has another type. */
int locus_ast_has(const locus_ast *ast, locus_node node, locus_ast_field field);
locus_node locus_ast_get(const locus_ast *ast, locus_node node, locus_ast_field field);
size_t locus_ast_list_count(const locus_ast *ast, locus_node node, locus_ast_field field);
locus_node locus_ast_list_at(const locus_ast *ast, locus_node node, locus_ast_field field,
                             size_t index);
const char *locus_ast_get_str(const locus_ast *ast, locus_node node, locus_ast_field field,
                              size_t *len);
/* NUM fields: returns 1 and sets *value, or 0. Shorthand for LOCUS_F_NUMBER:
 * locus_ast_number. */
int locus_ast_get_num(const locus_ast *ast, locus_node node, locus_ast_field field,
                      double *value);
double locus_ast_number(const locus_ast *ast, locus_node node);
/* INT fields: the value, or dflt when absent. */
int32_t locus_ast_get_int(const locus_ast *ast, locus_node node, locus_ast_field field,
                          int32_t dflt);

/* SLICE fields: the exact source bytes. Returns 1 and fills *out, or 0. */
typedef struct locus_slice {
    const char *text; /* into the file text; not NUL-terminated */
    uint32_t file;
    uint32_t offset;
    uint32_t length;
} locus_slice;
int locus_ast_get_slice(const locus_ast *ast, locus_node node, locus_ast_field field,
                        locus_slice *out);

/* Visit every field of a node in id order (including CHILDREN). */
typedef struct locus_field_info {
    locus_ast_field id;
    locus_ast_ftype type;
} locus_field_info;
size_t locus_ast_field_count(const locus_ast *ast, locus_node node);
locus_field_info locus_ast_field_at(const locus_ast *ast, locus_node node, size_t index);

/* The file table. Paths are source keys (relative to the source dir). */
uint32_t locus_ast_file_count(const locus_ast *ast);
const char *locus_ast_file_path(const locus_ast *ast, uint32_t file, size_t *len);
/* The whole text of the file exactly as read (BOM included). */
const char *locus_ast_file_text(const locus_ast *ast, uint32_t file, size_t *len);
/* Line and UTF-16 column of any byte offset of a file (e.g. a span's end).
 * Returns 1, or 0 if file/offset are out of range. */
int locus_ast_position(const locus_ast *ast, uint32_t file, uint32_t offset, uint32_t *line,
                       uint32_t *column);

/* Names for debugging and dumps: "ENTITY", "NAME", ... (NULL if unknown). */
const char *locus_ast_kind_name(locus_ast_kind kind);
const char *locus_ast_field_name(locus_ast_field field);

#ifdef __cplusplus
}
#endif
#endif
