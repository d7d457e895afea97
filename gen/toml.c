/* toml.c — Locus.toml as the reference reads it (not full TOML). */
#include "toml.h"

#include <stdlib.h>
#include <string.h>

static int is_word(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void trim(const char **start, const char **end)
{
    while (*start < *end && is_space(**start))
        (*start)++;
    while (*end > *start && is_space((*end)[-1]))
        (*end)--;
}

static gen_toml_value make_value(const char *start, const char *end, locus_arena *arena)
{
    gen_toml_value value = {GEN_TOML_STRING, NULL, 0, 0};
    trim(&start, &end);
    size_t len = (size_t)(end - start);
    if (len >= 2 && ((start[0] == '"' && end[-1] == '"') || (start[0] == '\'' && end[-1] == '\''))) {
        start++;
        end--;
        len -= 2;
    }
    value.str = locus_arena_strndup(arena, start, len);
    if (!value.str)
        return value;
    if (len > 5 && strncmp(value.str, "env(", 4) == 0 && value.str[len - 1] == ')') {
        value.type = GEN_TOML_ABSENT;
        return value;
    }
    int all_digits = len > 0;
    for (size_t i = 0; i < len; i++)
        all_digits &= value.str[i] >= '0' && value.str[i] <= '9';
    if (all_digits) {
        value.type = GEN_TOML_NUMBER;
        value.number = strtod(value.str, NULL);
    } else if (strcmp(value.str, "true") == 0 || strcmp(value.str, "false") == 0) {
        value.type = GEN_TOML_BOOL;
        value.boolean = value.str[0] == 't';
    }
    return value;
}

static int push_entry(gen_toml *toml, size_t *cap, gen_toml_entry entry)
{
    if (toml->n_entries == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 8;
        gen_toml_entry *grown = realloc(toml->entries, grown_cap * sizeof *grown);
        if (!grown)
            return -1;
        toml->entries = grown;
        *cap = grown_cap;
    }
    toml->entries[toml->n_entries++] = entry;
    return 0;
}

static int push_section(gen_toml *toml, size_t *cap, const char *name)
{
    if (toml->n_sections == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 4;
        const char **grown = realloc(toml->sections, grown_cap * sizeof *grown);
        if (!grown)
            return -1;
        toml->sections = grown;
        *cap = grown_cap;
    }
    toml->sections[toml->n_sections++] = name;
    return 0;
}

/* The arrays are malloc'd but copied into the arena at the end, so the
 * caller frees nothing but the arena. */
static int move_to_arena(gen_toml *toml, locus_arena *arena)
{
    gen_toml_entry *entries = locus_arena_alloc(arena, (toml->n_entries + 1) * sizeof *entries);
    const char **sections = locus_arena_alloc(arena, (toml->n_sections + 1) * sizeof *sections);
    int ok = entries && sections;
    if (ok) {
        if (toml->n_entries)
            memcpy(entries, toml->entries, toml->n_entries * sizeof *entries);
        if (toml->n_sections)
            memcpy(sections, toml->sections, toml->n_sections * sizeof *sections);
    }
    free(toml->entries);
    free((void *)toml->sections);
    toml->entries = entries;
    toml->sections = sections;
    return ok ? 0 : -1;
}

int gen_toml_parse(const char *text, size_t len, locus_arena *arena, gen_toml *out)
{
    memset(out, 0, sizeof *out);
    size_t entry_cap = 0, section_cap = 0;
    const char *section = "";
    for (size_t pos = 0; text && pos < len;) {
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        const char *end = nl ? nl : text + len;
        pos = (size_t)(end - text) + 1;
        trim(&start, &end);
        if (start == end || *start == '#')
            continue;
        if (*start == '[' && end[-1] == ']') {
            section = locus_arena_strndup(arena, start + 1, (size_t)(end - start - 2));
            if (!section || push_section(out, &section_cap, section) != 0)
                goto fail;
            continue;
        }
        const char *key_end = start;
        while (key_end < end && is_word(*key_end))
            key_end++;
        const char *eq = key_end;
        while (eq < end && is_space(*eq))
            eq++;
        if (key_end == start || eq == end || *eq != '=')
            continue;
        gen_toml_entry entry = {section, locus_arena_strndup(arena, start, (size_t)(key_end - start)),
                                make_value(eq + 1, end, arena)};
        if (!entry.key || !entry.value.str || push_entry(out, &entry_cap, entry) != 0)
            goto fail;
    }
    return move_to_arena(out, arena);
fail:
    free(out->entries);
    free((void *)out->sections);
    memset(out, 0, sizeof *out);
    return -1;
}

int gen_toml_has_section(const gen_toml *toml, const char *section)
{
    for (size_t i = 0; i < toml->n_sections; i++)
        if (strcmp(toml->sections[i], section) == 0)
            return 1;
    return 0;
}

gen_toml_value gen_toml_get(const gen_toml *toml, const char *section, const char *key)
{
    gen_toml_value absent = {GEN_TOML_ABSENT, NULL, 0, 0};
    for (size_t i = toml->n_entries; i-- > 0;) {
        const gen_toml_entry *e = &toml->entries[i];
        if (strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0)
            return e->value;
    }
    return absent;
}

int gen_toml_truthy(gen_toml_value value)
{
    switch (value.type) {
    case GEN_TOML_STRING: return value.str[0] != '\0';
    case GEN_TOML_NUMBER: return value.number != 0;
    case GEN_TOML_BOOL: return value.boolean;
    default: return 0;
    }
}
