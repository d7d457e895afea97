/* toml.h — the reference compiler's minimal Locus.toml reader
 * (outputs.md §1.1): `[section]` headers and `key = value` lines; values
 * lose one pair of quotes, all-digit values become numbers and
 * true/false booleans. `env(NAME)` values are treated as unset: a stage
 * must not read the environment (docs/compat.md). */
#ifndef GEN_TOML_H
#define GEN_TOML_H

#include <stddef.h>

#include "locus/arena.h"

typedef enum gen_toml_type {
    GEN_TOML_ABSENT = 0,
    GEN_TOML_STRING,
    GEN_TOML_NUMBER,
    GEN_TOML_BOOL
} gen_toml_type;

typedef struct gen_toml_value {
    gen_toml_type type;
    const char *str; /* the text after quote removal (also for numbers/bools) */
    double number;
    int boolean;
} gen_toml_value;

typedef struct gen_toml_entry {
    const char *section; /* "" before any header */
    const char *key;
    gen_toml_value value;
} gen_toml_entry;

typedef struct gen_toml {
    gen_toml_entry *entries; /* in file order; later entries win */
    size_t n_entries;
    const char **sections;   /* every header seen, in order */
    size_t n_sections;
} gen_toml;

/* Parse text (NULL/0: no file). Everything lives in arena. */
int gen_toml_parse(const char *text, size_t len, locus_arena *arena, gen_toml *out);
int gen_toml_has_section(const gen_toml *toml, const char *section);
/* The value of section.key (last assignment), or an ABSENT value. */
gen_toml_value gen_toml_get(const gen_toml *toml, const char *section, const char *key);
/* JavaScript truthiness of a value (absent, "", 0 and false are false). */
int gen_toml_truthy(gen_toml_value value);

#endif
