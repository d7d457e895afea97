/* config.c — reading locus.ini into an lp_config, with file:line errors.
 *
 * inih does the ini syntax; this file feeds it one line at a time so it
 * knows the line number of every key (Debian's inih is built without
 * INI_HANDLER_LINENO) and so that a line longer than inih's fixed buffer
 * is an error instead of a value silently cut at 200 bytes.
 */
#include "config.h"

#include "locus/arena.h"
#include "strmap.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* inih reads at most INI_MAX_LINE - 1 bytes per line, newline included. */
#define MAX_LINE_CONTENT (INI_MAX_LINE - 2)

typedef struct line_reader {
    const char *text;
    size_t len;
    size_t pos;
    unsigned line;           /* number of the line last handed to inih */
    unsigned section_line;   /* line of the last [section] header */
    unsigned long_line;      /* first line that was too long, 0 if none */
    size_t long_line_len;
} line_reader;

typedef struct parse_state {
    lp_config *cfg;
    line_reader *reader;
    const char *name;
    int failed;
    lp_error *err;
    char *section;              /* current section header, as written */
    lp_stage_config *stage;     /* current [stage] section, if any */
    lp_source_config *source;   /* current [source] section, if any */
    lp_plugin_config *plugin;   /* current [plugin] section, if any */
    /* keys already seen in the current section, for duplicate detection */
    char **seen;
    size_t n_seen;
} parse_state;

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static char *reader_next(char *str, int num, void *stream)
{
    line_reader *reader = stream;
    if (reader->pos >= reader->len || reader->long_line)
        return NULL;
    const char *start = reader->text + reader->pos;
    const char *nl = memchr(start, '\n', reader->len - reader->pos);
    size_t line_len = nl ? (size_t)(nl - start) + 1 : reader->len - reader->pos;
    reader->line++;
    size_t content = line_len - (nl ? 1 : 0);
    if (content > 0 && start[content - 1] == '\r')
        content--;
    if (content > MAX_LINE_CONTENT || (int)line_len > num - 1) {
        reader->long_line = reader->line;
        reader->long_line_len = content;
        return NULL;
    }
    memcpy(str, start, line_len);
    str[line_len] = '\0';
    const char *first = str;
    while (*first == ' ' || *first == '\t')
        first++;
    if (*first == '[')
        reader->section_line = reader->line;
    reader->pos += line_len;
    return str;
}

static int state_fail(parse_state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int state_fail(parse_state *st, const char *fmt, ...)
{
    if (st->failed)
        return 0;
    char what[LP_ERROR_MAX / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    lp_fail(st->err, "%s:%u: %s", st->name, st->reader->line, what);
    st->failed = 1;
    return 0; /* tells inih to stop at this line */
}

int lp_parse_bool(const char *text)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(text, yes[i]) == 0)
            return 1;
        if (strcasecmp(text, no[i]) == 0)
            return 0;
    }
    return -1;
}

int lp_parse_size(const char *text, uint64_t *bytes)
{
    char *end;
    errno = 0;
    if (!isdigit((unsigned char)text[0]))
        return -1;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno)
        return -1;
    uint64_t unit = 1;
    switch (toupper((unsigned char)*end)) {
    case '\0': break;
    case 'K': unit = 1024ull; end++; break;
    case 'M': unit = 1024ull * 1024; end++; break;
    case 'G': unit = 1024ull * 1024 * 1024; end++; break;
    case 'T': unit = 1024ull * 1024 * 1024 * 1024; end++; break;
    default: return -1;
    }
    if (unit > 1 && (*end == 'B' || *end == 'b'))
        end++;
    if (*end != '\0' || (value && unit > UINT64_MAX / value))
        return -1;
    *bytes = (uint64_t)value * unit;
    return 0;
}

static char **split_words(const char *text)
{
    size_t cap = 4, n = 0;
    char **words = calloc(cap, sizeof *words);
    if (!words)
        return NULL;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *start = p;
        while (*p && *p != ' ' && *p != '\t' && *p != ',')
            p++;
        if (p == start)
            continue;
        if (n + 2 > cap) {
            char **grown = realloc(words, 2 * cap * sizeof *words);
            if (!grown)
                goto fail;
            words = grown;
            cap *= 2;
        }
        words[n] = strndup(start, (size_t)(p - start));
        if (!words[n])
            goto fail;
        words[++n] = NULL;
    }
    return words;
fail:
    for (size_t i = 0; i < n; i++)
        free(words[i]);
    free(words);
    return NULL;
}

static void free_words(char **words)
{
    if (!words)
        return;
    for (char **w = words; *w; w++)
        free(*w);
    free(words);
}

char *lp_abspath(const char *base, const char *path)
{
    char cwd[4096];
    if (path[0] != '/' && !base) {
        if (!getcwd(cwd, sizeof cwd))
            return NULL;
        base = cwd;
    }
    size_t cap = (path[0] == '/' ? 0 : strlen(base)) + strlen(path) + 3;
    char *joined = malloc(cap);
    char *out = malloc(cap);
    if (!joined || !out)
        goto fail;
    if (path[0] == '/')
        snprintf(joined, cap, "%s", path);
    else
        snprintf(joined, cap, "%s/%s", base, path);
    /* Lexical normalisation: drop "." and "", resolve ".." against the
     * components collected so far. */
    size_t out_len = 0;
    char *save = NULL;
    for (char *part = strtok_r(joined, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
        if (strcmp(part, ".") == 0)
            continue;
        if (strcmp(part, "..") == 0) {
            while (out_len > 0 && out[out_len - 1] != '/')
                out_len--;
            if (out_len > 0)
                out_len--;
            continue;
        }
        out[out_len++] = '/';
        size_t part_len = strlen(part);
        memcpy(out + out_len, part, part_len);
        out_len += part_len;
    }
    if (out_len == 0)
        out[out_len++] = '/';
    out[out_len] = '\0';
    free(joined);
    return out;
fail:
    free(joined);
    free(out);
    return NULL;
}

static int seen_key(parse_state *st, const char *key)
{
    for (size_t i = 0; i < st->n_seen; i++)
        if (strcmp(st->seen[i], key) == 0)
            return 1;
    char **grown = realloc(st->seen, (st->n_seen + 1) * sizeof *grown);
    if (!grown)
        return -1;
    st->seen = grown;
    if (!(st->seen[st->n_seen] = strdup(key)))
        return -1;
    st->n_seen++;
    return 0;
}

static void clear_seen(parse_state *st)
{
    for (size_t i = 0; i < st->n_seen; i++)
        free(st->seen[i]);
    st->n_seen = 0;
}

static int set_path(parse_state *st, char **slot, const char *value)
{
    if (!*value)
        return state_fail(st, "empty path");
    free(*slot);
    *slot = lp_abspath(st->cfg->base_dir, value);
    return *slot ? 1 : state_fail(st, "out of memory");
}

static int set_size(parse_state *st, uint64_t *slot, const char *key, const char *value)
{
    if (lp_parse_size(value, slot) != 0)
        return state_fail(st, "bad value '%s' for %s: expected a size such as 1048576, "
                              "512K, 500M or 2G", value, key);
    return 1;
}

/* plugin_path is ':'-separated; each directory is made absolute. */
static int set_plugin_path(parse_state *st, const char *value)
{
    locus_buf joined = LOCUS_BUF_INIT;
    char *copy = strdup(value), *save = NULL;
    int ok = copy != NULL && locus_buf_puts(&joined, "") == 0;
    for (char *dir = ok ? strtok_r(copy, ":", &save) : NULL; ok && dir;
         dir = strtok_r(NULL, ":", &save)) {
        char *abs = lp_abspath(st->cfg->base_dir, dir);
        ok = abs && (joined.len == 0 || locus_buf_putc(&joined, ':') == 0) &&
             locus_buf_puts(&joined, abs) == 0;
        free(abs);
    }
    free(copy);
    if (!ok) {
        locus_buf_free(&joined);
        return state_fail(st, "out of memory");
    }
    free(st->cfg->plugin_path);
    st->cfg->plugin_path = joined.data;
    return 1;
}

static int pipeline_key(parse_state *st, const char *key, const char *value)
{
    lp_config *cfg = st->cfg;
    if (strcmp(key, "src") == 0)
        return set_path(st, &cfg->src, value);
    if (strcmp(key, "out") == 0)
        return set_path(st, &cfg->out, value);
    if (strcmp(key, "cache") == 0)
        return set_path(st, &cfg->cache_dir, value);
    if (strcmp(key, "jobs") == 0) {
        char *end;
        long jobs = strtol(value, &end, 10);
        if (*value == '\0' || *end != '\0' || jobs < 0 || jobs > 1024)
            return state_fail(st, "bad value '%s' for jobs: expected a number from 0 "
                                  "(all CPUs) to 1024", value);
        cfg->jobs = jobs;
        return 1;
    }
    if (strcmp(key, "cache_size") == 0)
        return set_size(st, &cfg->cache_size, key, value);
    if (strcmp(key, "max_memory") == 0)
        return set_size(st, &cfg->max_memory, key, value);
    if (strcmp(key, "max_file_size") == 0)
        return set_size(st, &cfg->max_file_size, key, value);
    if (strcmp(key, "include") == 0) {
        free_words(cfg->include);
        cfg->include = split_words(value);
        if (!cfg->include || !cfg->include[0])
            return state_fail(st, "include needs at least one file name pattern");
        return 1;
    }
    if (strcmp(key, "plugin_path") == 0)
        return set_plugin_path(st, value);
    return state_fail(st, "unknown key '%s' in [pipeline]: expected one of src, out, jobs, "
                          "cache, cache_size, include, plugin_path, max_memory, "
                          "max_file_size", key);
}

static int stage_key(parse_state *st, const char *key, const char *value)
{
    lp_stage_config *stage = st->stage;
    if (strcmp(key, "plugin") == 0) {
        free(stage->plugin);
        if (strchr(value, '/'))
            stage->plugin = lp_abspath(st->cfg->base_dir, value);
        else
            stage->plugin = strdup(value);
        return stage->plugin ? 1 : state_fail(st, "out of memory");
    }
    if (strcmp(key, "stage") == 0) {
        free(stage->stage);
        stage->stage = strdup(value);
        return stage->stage ? 1 : state_fail(st, "out of memory");
    }
    if (strcmp(key, "enabled") == 0) {
        int enabled = lp_parse_bool(value);
        if (enabled < 0)
            return state_fail(st, "bad value '%s' for enabled: expected true or false", value);
        stage->enabled = enabled;
        return 1;
    }
    if (strcmp(key, "timeout") == 0) {
        char *end;
        double seconds = strtod(value, &end);
        if (*value == '\0' || (*end != '\0' && strcmp(end, "s") != 0) || seconds < 0)
            return state_fail(st, "bad value '%s' for timeout: expected seconds, e.g. 30 "
                                  "or 2.5", value);
        stage->timeout_s = seconds;
        return 1;
    }
    /* Anything else is a stage option, checked against the stage's declared
     * options once its plugin is loaded. */
    lp_option *grown = realloc(stage->options, (stage->n_options + 1) * sizeof *grown);
    if (!grown)
        return state_fail(st, "out of memory");
    stage->options = grown;
    lp_option *opt = &stage->options[stage->n_options];
    opt->key = strdup(key);
    opt->value = strdup(value);
    opt->line = st->reader->line;
    if (!opt->key || !opt->value) {
        free(opt->key);
        free(opt->value);
        return state_fail(st, "out of memory");
    }
    stage->n_options++;
    return 1;
}

static int source_key(parse_state *st, const char *key, const char *value)
{
    lp_source_config *source = st->source;
    if (strcmp(key, "include") == 0) {
        free_words(source->include);
        source->include = split_words(value);
        if (!source->include || !source->include[0])
            return state_fail(st, "include needs at least one file name pattern");
        return 1;
    }
    if (strcmp(key, "recursive") == 0) {
        int recursive = lp_parse_bool(value);
        if (recursive < 0)
            return state_fail(st, "bad value '%s' for recursive: expected true or false",
                              value);
        source->recursive = recursive;
        return 1;
    }
    return state_fail(st, "unknown key '%s' in [source %s]: expected include or recursive",
                      key, source->name);
}

static int valid_name(const char *name)
{
    if (!*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
            return 0;
    return 1;
}

static int open_stage(parse_state *st, const char *name)
{
    lp_config *cfg = st->cfg;
    if (lp_config_stage(cfg, name))
        return state_fail(st, "duplicate section [stage %s]", name);
    lp_stage_config *grown = realloc(cfg->stages, (cfg->n_stages + 1) * sizeof *grown);
    if (!grown)
        return state_fail(st, "out of memory");
    cfg->stages = grown;
    st->stage = &cfg->stages[cfg->n_stages++];
    memset(st->stage, 0, sizeof *st->stage);
    st->stage->name = strdup(name);
    st->stage->enabled = 1;
    st->stage->line = st->reader->line;
    return st->stage->name ? 1 : state_fail(st, "out of memory");
}

static int open_source(parse_state *st, const char *name)
{
    lp_config *cfg = st->cfg;
    for (size_t i = 0; i < cfg->n_sources; i++)
        if (strcmp(cfg->sources[i].name, name) == 0)
            return state_fail(st, "duplicate section [source %s]", name);
    if (strcmp(name, "sources") == 0)
        return state_fail(st, "[source sources] is built in: set its patterns with "
                              "include= in [pipeline]");
    lp_source_config *grown = realloc(cfg->sources, (cfg->n_sources + 1) * sizeof *grown);
    if (!grown)
        return state_fail(st, "out of memory");
    cfg->sources = grown;
    st->source = &cfg->sources[cfg->n_sources++];
    memset(st->source, 0, sizeof *st->source);
    st->source->name = strdup(name);
    st->source->recursive = 1;
    st->source->line = st->reader->line;
    return st->source->name ? 1 : state_fail(st, "out of memory");
}

static int open_plugin(parse_state *st, const char *name)
{
    lp_config *cfg = st->cfg;
    lp_plugin_config *grown = realloc(cfg->plugins, (cfg->n_plugins + 1) * sizeof *grown);
    if (!grown)
        return state_fail(st, "out of memory");
    cfg->plugins = grown;
    st->plugin = &cfg->plugins[cfg->n_plugins++];
    memset(st->plugin, 0, sizeof *st->plugin);
    st->plugin->name = strchr(name, '/') ? lp_abspath(cfg->base_dir, name) : strdup(name);
    st->plugin->raw = strdup(name);
    st->plugin->enabled = 1;
    st->plugin->line = st->reader->line;
    return st->plugin->name && st->plugin->raw ? 1 : state_fail(st, "out of memory");
}

static int plugin_key(parse_state *st, const char *key, const char *value)
{
    if (strcmp(key, "enabled") != 0)
        return state_fail(st, "unknown key '%s' in [plugin %s]: expected enabled (configure "
                              "a stage's options in a [stage NAME] section)", key,
                          st->plugin->name);
    int enabled = lp_parse_bool(value);
    if (enabled < 0)
        return state_fail(st, "bad value '%s' for enabled: expected true or false", value);
    st->plugin->enabled = enabled;
    return 1;
}

/* Called by inih for the first key of every section: sections only exist
 * through their keys, so an empty [stage x] is opened in finish_sections. */
static int enter_section(parse_state *st, const char *section)
{
    free(st->section);
    st->section = strdup(section);
    st->stage = NULL;
    st->source = NULL;
    st->plugin = NULL;
    clear_seen(st);
    if (!st->section)
        return state_fail(st, "out of memory");
    if (strcmp(section, "pipeline") == 0)
        return 1;
    const char *space = strchr(section, ' ');
    if (space) {
        const char *name = space + 1;
        size_t kind_len = (size_t)(space - section);
        int is_stage = kind_len == 5 && strncmp(section, "stage", 5) == 0;
        int is_source = kind_len == 6 && strncmp(section, "source", 6) == 0;
        int is_plugin = kind_len == 6 && strncmp(section, "plugin", 6) == 0;
        if ((is_stage || is_source) && !valid_name(name))
            return state_fail(st, "bad section name [%s]: NAME may use letters, digits, "
                                  "'_' and '-'", section);
        if (is_stage)
            return open_stage(st, name);
        if (is_source)
            return open_source(st, name);
        if (is_plugin)
            return open_plugin(st, name);
    }
    return state_fail(st, "unknown section [%s]: expected [pipeline], [stage NAME], "
                          "[source NAME] or [plugin NAME]", section);
}

static int on_key(void *user, const char *section, const char *key, const char *value)
{
    parse_state *st = user;
    if (st->failed)
        return 0;
    if (!*section)
        return state_fail(st, "key '%s' outside any section: put it under [pipeline] or "
                              "[stage NAME]", key);
    if (!st->section || strcmp(st->section, section) != 0) {
        /* Report section errors at the header, not at its first key. */
        unsigned key_line = st->reader->line;
        st->reader->line = st->reader->section_line;
        int ok = enter_section(st, section);
        st->reader->line = key_line;
        if (!ok)
            return 0;
    }
    int seen = seen_key(st, key);
    if (seen < 0)
        return state_fail(st, "out of memory");
    if (seen)
        return state_fail(st, "duplicate key '%s' in [%s]", key, section);
    if (st->stage)
        return stage_key(st, key, value);
    if (st->source)
        return source_key(st, key, value);
    if (st->plugin)
        return plugin_key(st, key, value);
    return pipeline_key(st, key, value);
}

static int section_exists(const lp_config *cfg, const char *section)
{
    if (strcmp(section, "pipeline") == 0)
        return 1;
    if (strncmp(section, "stage ", 6) == 0)
        return lp_config_stage(cfg, section + 6) != NULL;
    if (strncmp(section, "source ", 7) == 0)
        for (size_t i = 0; i < cfg->n_sources; i++)
            if (strcmp(cfg->sources[i].name, section + 7) == 0)
                return 1;
    if (strncmp(section, "plugin ", 7) == 0)
        for (size_t i = 0; i < cfg->n_plugins; i++)
            if (strcmp(cfg->plugins[i].raw, section + 7) == 0)
                return 1;
    return 0;
}

/* inih reports sections only through keys; find headers of empty sections
 * (e.g. "[stage parse]" relying on defaults, or a misspelt [pipline]) and
 * repeated headers with a plain scan. */
static int scan_headers(parse_state *st, const char *text, size_t len)
{
    lp_strmap seen = LP_STRMAP_INIT;
    locus_arena *names = locus_arena_new();
    unsigned line = 0;
    int rc = names ? 0 : -1;
    for (size_t pos = 0; pos < len && rc == 0;) {
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - start) : len - pos;
        pos += line_len + 1;
        line++;
        while (line_len && isspace((unsigned char)*start)) {
            start++;
            line_len--;
        }
        const char *close = line_len && *start == '[' ? memchr(start, ']', line_len) : NULL;
        if (!close)
            continue;
        char *section = locus_arena_strndup(names, start + 1, (size_t)(close - start - 1));
        st->reader->line = line;
        if (!section || (strcmp(section, "pipeline") != 0 && lp_strmap_get(&seen, section)))
            rc = section ? (state_fail(st, "duplicate section [%s]", section), -1) : -1;
        else if (lp_strmap_put(&seen, section, section) != 0)
            rc = -1;
        else if (!section_exists(st->cfg, section) && !enter_section(st, section))
            rc = -1;
    }
    lp_strmap_free(&seen);
    locus_arena_free(names);
    if (rc != 0 && !st->failed)
        state_fail(st, "out of memory");
    return rc;
}

static int fill_defaults(lp_config *cfg, lp_error *err)
{
    if (!cfg->src && !(cfg->src = lp_abspath(cfg->base_dir, ".")))
        return lp_fail(err, "out of memory");
    if (!cfg->include && !(cfg->include = split_words("*")))
        return lp_fail(err, "out of memory");
    for (size_t i = 0; i < cfg->n_stages; i++) {
        lp_stage_config *stage = &cfg->stages[i];
        if (!stage->stage && !(stage->stage = strdup(stage->name)))
            return lp_fail(err, "out of memory");
    }
    for (size_t i = 0; i < cfg->n_sources; i++) {
        if (!cfg->sources[i].include)
            return lp_fail(err, "%s:%u: [source %s] needs include=", cfg->path ? cfg->path : "config",
                           cfg->sources[i].line, cfg->sources[i].name);
    }
    return 0;
}

int lp_config_parse(const char *text, size_t len, const char *name, const char *base_dir,
                    lp_config *cfg, lp_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->cache_size = LP_DEFAULT_CACHE_SIZE;
    cfg->path = xstrdup(name);
    cfg->base_dir = lp_abspath(NULL, base_dir ? base_dir : ".");
    if (!cfg->base_dir || (name && !cfg->path)) {
        lp_config_free(cfg);
        return lp_fail(err, "out of memory");
    }
    line_reader reader = {.text = text, .len = len};
    parse_state st = {.cfg = cfg, .reader = &reader, .name = name ? name : "config", .err = err};
    int rc = ini_parse_stream(reader_next, &reader, on_key, &st);
    if (!st.failed && reader.long_line) {
        lp_fail(err, "%s:%u: line is %zu bytes long; at most %d bytes per line are "
                     "supported", st.name, reader.long_line, reader.long_line_len,
                MAX_LINE_CONTENT);
        st.failed = 1;
    } else if (!st.failed && rc > 0) {
        lp_fail(err, "%s:%d: syntax error: expected [section], key = value, or a ; comment",
                st.name, rc);
        st.failed = 1;
    } else if (!st.failed && rc < 0) {
        lp_fail(err, "%s: cannot read config (inih error %d)", st.name, rc);
        st.failed = 1;
    }
    if (!st.failed && scan_headers(&st, text, len) != 0)
        st.failed = 1;
    clear_seen(&st);
    free(st.seen);
    free(st.section);
    if (st.failed || fill_defaults(cfg, err) != 0) {
        lp_config_free(cfg);
        return -1;
    }
    return 0;
}

int lp_config_load(const char *path, lp_config *cfg, lp_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return lp_fail(err, "%s: cannot open config: %s", path, strerror(errno));
    size_t cap = 8192, len = 0;
    char *text = malloc(cap);
    size_t got;
    while (text && (got = fread(text + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *grown = realloc(text, cap * 2);
            if (!grown) {
                free(text);
                text = NULL;
                break;
            }
            text = grown;
            cap *= 2;
        }
    }
    int read_error = ferror(f);
    fclose(f);
    if (!text || read_error) {
        free(text);
        return lp_fail(err, "%s: cannot read config", path);
    }
    char *abs = lp_abspath(NULL, path);
    char *dir = abs ? strdup(abs) : NULL;
    if (dir) {
        char *slash = strrchr(dir, '/');
        if (slash == dir)
            slash[1] = '\0';
        else if (slash)
            *slash = '\0';
    }
    int rc = dir ? lp_config_parse(text, len, path, dir, cfg, err)
                 : lp_fail(err, "out of memory");
    free(abs);
    free(dir);
    free(text);
    return rc;
}

void lp_config_free(lp_config *cfg)
{
    free(cfg->path);
    free(cfg->base_dir);
    free(cfg->src);
    free(cfg->out);
    free(cfg->cache_dir);
    free(cfg->plugin_path);
    free_words(cfg->include);
    for (size_t i = 0; i < cfg->n_stages; i++) {
        lp_stage_config *stage = &cfg->stages[i];
        free(stage->name);
        free(stage->plugin);
        free(stage->stage);
        for (size_t j = 0; j < stage->n_options; j++) {
            free(stage->options[j].key);
            free(stage->options[j].value);
        }
        free(stage->options);
    }
    free(cfg->stages);
    for (size_t i = 0; i < cfg->n_sources; i++) {
        free(cfg->sources[i].name);
        free_words(cfg->sources[i].include);
    }
    free(cfg->sources);
    for (size_t i = 0; i < cfg->n_plugins; i++) {
        free(cfg->plugins[i].name);
        free(cfg->plugins[i].raw);
    }
    free(cfg->plugins);
    memset(cfg, 0, sizeof *cfg);
}

const lp_stage_config *lp_config_stage(const lp_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->n_stages; i++)
        if (strcmp(cfg->stages[i].name, name) == 0)
            return &cfg->stages[i];
    return NULL;
}

const char *lp_stage_option(const lp_stage_config *stage, const char *key)
{
    for (size_t i = 0; i < stage->n_options; i++)
        if (strcmp(stage->options[i].key, key) == 0)
            return stage->options[i].value;
    return NULL;
}

char *lp_config_cache_dir(const lp_config *cfg, lp_error *err)
{
    const char *env = getenv("LOCUS_CACHE_DIR");
    if (env && *env)
        return lp_abspath(NULL, env);
    if (cfg && cfg->cache_dir)
        return strdup(cfg->cache_dir);
    const char *xdg = getenv("XDG_CACHE_HOME");
    char joined[4096];
    if (xdg && *xdg) {
        snprintf(joined, sizeof joined, "%s/locus-pipeline", xdg);
    } else {
        const char *home = getenv("HOME");
        if (!home || !*home) {
            lp_fail(err, "no cache directory: set LOCUS_CACHE_DIR, XDG_CACHE_HOME or HOME, "
                         "or cache= in [pipeline]");
            return NULL;
        }
        snprintf(joined, sizeof joined, "%s/.cache/locus-pipeline", home);
    }
    return lp_abspath(NULL, joined);
}
