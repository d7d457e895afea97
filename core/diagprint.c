/* diagprint.c — pretty and JSON forms of diagnostics. */
#include "diagprint.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"

const char *lp_severity_name(locus_severity severity)
{
    switch (severity) {
    case LOCUS_SEV_ERROR: return "error";
    case LOCUS_SEV_WARNING: return "warning";
    default: return "note";
    }
}

static void print_path(FILE *out, const char *root, const char *file)
{
    if (root && file[0] != '/')
        fprintf(out, "%s/%s", root, file);
    else
        fputs(file, out);
}

static int load_source(lp_source_cache *cache, const char *path)
{
    if (cache->path && strcmp(cache->path, path) == 0)
        return cache->text ? 0 : -1;
    lp_source_cache_free(cache);
    cache->path = strdup(path);
    FILE *f = fopen(path, "rb");
    if (!f || !cache->path) {
        if (f)
            fclose(f);
        return -1;
    }
    size_t cap = 65536;
    cache->text = malloc(cap);
    size_t got;
    while (cache->text && (got = fread(cache->text + cache->len, 1, cap - cache->len, f)) > 0) {
        cache->len += got;
        if (cache->len == cap) {
            char *grown = realloc(cache->text, cap *= 2);
            if (!grown) {
                free(cache->text);
                cache->text = NULL;
            } else {
                cache->text = grown;
            }
        }
    }
    fclose(f);
    return cache->text ? 0 : -1;
}

void lp_source_cache_free(lp_source_cache *cache)
{
    free(cache->path);
    free(cache->text);
    memset(cache, 0, sizeof *cache);
}

/* The text of line `line` (1-based) of a file; malloc'd, or NULL. */
static char *source_line(lp_source_cache *cache, const char *root, const char *file,
                         unsigned line)
{
    char path[8192];
    snprintf(path, sizeof path, "%s%s%s", root && file[0] != '/' ? root : "",
             root && file[0] != '/' ? "/" : "", file);
    lp_source_cache local = {0};
    lp_source_cache *use = cache ? cache : &local;
    char *result = NULL;
    if (load_source(use, path) == 0) {
        const char *p = use->text, *end = use->text + use->len;
        for (unsigned n = 1; n < line && p; n++) {
            p = memchr(p, '\n', (size_t)(end - p));
            p = p ? p + 1 : NULL;
        }
        if (p && p <= end) {
            const char *eol = memchr(p, '\n', (size_t)(end - p));
            size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
            while (len > 0 && p[len - 1] == '\r')
                len--;
            result = strndup(p, len);
        }
    }
    if (!cache)
        lp_source_cache_free(&local);
    return result;
}

/* Spaces (tabs kept) up to UTF-16 column `column` of text. */
static void print_caret(FILE *out, const char *text, unsigned column, int color)
{
    unsigned units = 1;
    for (const unsigned char *p = (const unsigned char *)text; *p && units < column;) {
        fputc(*p == '\t' ? '\t' : ' ', out);
        int bytes = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        units += bytes == 4 ? 2 : 1;
        while (bytes-- > 0 && *p)
            p++;
    }
    fprintf(out, "%s^%s\n", color ? "\033[1;32m" : "", color ? "\033[0m" : "");
}

void lp_diag_print_pretty(FILE *out, const locus_diag *diag, const lp_diag_style *style)
{
    static const char *const colors[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    int color = style && style->color;
    const char *root = style ? style->src_root : NULL;
    if (color)
        fputs("\033[1m", out);
    if (diag->file) {
        print_path(out, root, diag->file);
        if (diag->line)
            fprintf(out, ":%u", diag->line);
        if (diag->line && diag->column)
            fprintf(out, ":%u", diag->column);
        fputs(": ", out);
    }
    fprintf(out, "%s%s:%s %s\n", color ? colors[diag->severity] : "",
            lp_severity_name(diag->severity), color ? "\033[0m" : "", diag->message);
    if (!style || !style->show_source || !diag->file || !diag->line)
        return;
    char *text = source_line(style->cache, root, diag->file, diag->line);
    if (!text)
        return;
    fprintf(out, "%s\n", text);
    if (diag->column)
        print_caret(out, text, diag->column, color);
    free(text);
}

void lp_diag_print_all(FILE *out, const locus_diag *diags, size_t n, locus_severity max_severity,
                       const char *src_root, int color)
{
    /* stderr is unbuffered, which costs a write() per piece of every
     * diagnostic: write through a fully buffered stream on a copy of its
     * descriptor instead. */
    fflush(out);
    int fd = dup(fileno(out));
    FILE *buffered = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!buffered && fd >= 0)
        close(fd);
    FILE *to = buffered ? buffered : out;
    if (buffered)
        setvbuf(buffered, NULL, _IOFBF, 1 << 16);
    lp_source_cache cache = {0};
    lp_diag_style style = {src_root, color, 1, &cache};
    for (size_t i = 0; i < n; i++)
        if (diags[i].severity <= max_severity)
            lp_diag_print_pretty(to, &diags[i], &style);
    if (buffered)
        fclose(buffered);
    lp_source_cache_free(&cache);
}

static void print_number_or_null(FILE *out, unsigned value)
{
    if (value)
        fprintf(out, "%u", value);
    else
        fputs("null", out);
}

void lp_diag_print_json(FILE *out, const locus_diag *diags, size_t n,
                        locus_severity max_severity, const char *src_root)
{
    fputs("{\"diagnostics\":[", out);
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        const locus_diag *d = &diags[i];
        if (d->severity > max_severity)
            continue;
        fputs(first ? "{" : ",{", out);
        first = 0;
        fputs("\"kind\":", out);
        lp_json_string(out, d->kind ? d->kind : "build");
        fputs(",\"code\":", out);
        lp_json_string(out, d->code ? d->code : "BUILD_ERROR");
        fputs(",\"message\":", out);
        lp_json_string(out, d->message);
        fputs(",\"filePath\":", out);
        if (d->file) {
            char *path = NULL;
            size_t len = (src_root ? strlen(src_root) : 0) + strlen(d->file) + 2;
            if ((path = malloc(len)) != NULL) {
                snprintf(path, len, "%s%s%s", src_root && d->file[0] != '/' ? src_root : "",
                         src_root && d->file[0] != '/' ? "/" : "", d->file);
                lp_json_string(out, path);
                free(path);
            }
        } else {
            fputs("null", out);
        }
        fputs(",\"line\":", out);
        print_number_or_null(out, d->line);
        fputs(",\"column\":", out);
        print_number_or_null(out, d->column);
        fputs(",\"length\":", out);
        print_number_or_null(out, d->length);
        fputs(",\"severity\":", out);
        lp_json_string(out, lp_severity_name(d->severity));
        fputc('}', out);
    }
    fputs("]}\n", out);
}
