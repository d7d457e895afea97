/* buildlog.c — the build front end's console output, bookkeeping files
 * and external tools. */
#include "buildlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "frontdoor.h"
#include "locus/arena.h"
#include "locus/output.h"

uint64_t lp_build_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- the warning list (outputs.md §18.1) ---------------------------------- */

typedef struct warning_list {
    char **lines;
    size_t n, cap;
} warning_list;

static int add_line(warning_list *list, char *line)
{
    if (!line)
        return -1;
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        char **grown = realloc(list->lines, cap * sizeof *grown);
        if (!grown) {
            free(line);
            return -1;
        }
        list->lines = grown;
        list->cap = cap;
    }
    list->lines[list->n++] = line;
    return 0;
}

static void free_lines(warning_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->lines[i]);
    free(list->lines);
}

static int is_deprecation(const locus_diag *d)
{
    return strncmp(d->message, LP_DEPRECATION_PREFIX, strlen(LP_DEPRECATION_PREFIX)) == 0;
}

static int is_kind(const locus_diag *d, const char *kind)
{
    return d->severity == LOCUS_SEV_WARNING && d->kind && strcmp(d->kind, kind) == 0;
}

/* The deprecation line with today's UTC date in place of the placeholder. */
static char *dated(const char *message)
{
    char date[16];
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(date, sizeof date, "%Y-%m-%d", &utc);
    locus_buf out = LOCUS_BUF_INIT;
    const char *at = strstr(message, LP_DATE_PLACEHOLDER);
    if (!at)
        return strdup(message);
    locus_buf_append(&out, message, (size_t)(at - message));
    locus_buf_puts(&out, date);
    if (locus_buf_puts(&out, at + strlen(LP_DATE_PLACEHOLDER)) != 0) {
        locus_buf_free(&out);
        return NULL;
    }
    return out.data;
}

/* Locus.toml with an `auth` key before any [section] (outputs.md §18.1). */
static int has_top_level_auth(const char *src)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/Locus.toml", src);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[1024];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '[')
            break;
        if (strncmp(p, "auth", 4) == 0) {
            p += 4;
            while (*p == ' ' || *p == '\t')
                p++;
            found = *p == '=';
        }
    }
    fclose(f);
    return found;
}

static int collect_warnings(const lp_run_report *report, const char *src, warning_list *list)
{
    int bad = 0;
    for (size_t i = 0; i < report->n_diags; i++)
        if (is_kind(&report->diags[i], "generation"))
            bad |= add_line(list, strdup(report->diags[i].message));
    if (has_top_level_auth(src))
        bad |= add_line(list, strdup("Deprecated config: top-level auth (use [auth] section)"));
    for (size_t i = 0; i < report->n_diags; i++)
        if (report->diags[i].severity == LOCUS_SEV_WARNING && is_deprecation(&report->diags[i]))
            bad |= add_line(list, dated(report->diags[i].message));
    for (size_t i = 0; i < report->n_diags; i++) {
        const locus_diag *d = &report->diags[i];
        if (!is_kind(d, "validation") || is_deprecation(d))
            continue;
        size_t len = strlen(d->message) + 10;
        char *line = malloc(len);
        if (line)
            snprintf(line, len, "[naming] %s", d->message);
        bad |= add_line(list, line);
    }
    /* Warnings of other stages (third-party plugins) come last. */
    for (size_t i = 0; i < report->n_diags; i++) {
        const locus_diag *d = &report->diags[i];
        if (d->severity == LOCUS_SEV_WARNING && !is_kind(d, "generation") &&
            !is_kind(d, "validation") && !is_deprecation(d))
            bad |= add_line(list, strdup(d->message));
    }
    return bad ? -1 : 0;
}

/* Colour on a terminal or with FORCE_COLOR; every LF is wrapped in
 * close/open codes, as the reference's colouring library does. */
static void print_warning(const char *text, int color)
{
    if (!color) {
        printf("[locus][warn] %s\n", text);
        return;
    }
    fputs("\033[33m[locus][warn] ", stdout);
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            fputs("\033[39m\n\033[33m", stdout);
        else
            fputc(*p, stdout);
    }
    fputs("\033[39m\n\033[33m\033[39m", stdout);
}

/* ---- timings -------------------------------------------------------------- */

typedef struct phase_times {
    uint64_t parse_ms, merge_ms, generate_ms, total_ms;
} phase_times;

static int is_front_stage(const char *name, const char *which)
{
    return strcmp(name, which) == 0;
}

static phase_times measure(const lp_run_report *report, uint64_t start_ns)
{
    phase_times t = {0, 0, 0, 0};
    uint64_t gen_start = UINT64_MAX, gen_end = 0;
    for (size_t s = 0; s < report->n_stages; s++) {
        const lp_stage_metrics *m = &report->stages[s];
        if (is_front_stage(m->name, "parse"))
            t.parse_ms = m->wall_ns / 1000000;
        else if (is_front_stage(m->name, "merge") || is_front_stage(m->name, "validate"))
            t.merge_ms += m->wall_ns / 1000000;
        else if (m->tasks) {
            if (m->start_ns < gen_start)
                gen_start = m->start_ns;
            if (m->start_ns + m->wall_ns > gen_end)
                gen_end = m->start_ns + m->wall_ns;
        }
    }
    if (gen_end > gen_start)
        t.generate_ms = (gen_end - gen_start) / 1000000;
    t.total_ms = (lp_build_clock_ns() - start_ns) / 1000000;
    return t;
}

static size_t source_files(const lp_run_report *report)
{
    for (size_t s = 0; s < report->n_stages; s++)
        if (is_front_stage(report->stages[s].name, "parse"))
            return report->stages[s].tasks;
    return 0;
}

/* ---- bookkeeping files (outputs.md §17) ------------------------------------ */

static void iso_timestamp(char out[32])
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm utc;
    gmtime_r(&now.tv_sec, &utc);
    size_t len = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(out + len, 32 - len, ".%03dZ", (int)(now.tv_nsec / 1000000) % 1000);
}

/* A JavaScript number with at most two decimals, as `Math.round(x*100)/100` prints. */
static void megabytes(char out[32], uint64_t kb)
{
    snprintf(out, 32, "%.2f", (double)kb / 1024.0);
    char *end = out + strlen(out) - 1;
    while (*end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
}

static int write_whole(const char *dir, const char *name, const char *text, int append)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0644);
    if (fd < 0)
        return -1;
    size_t len = strlen(text);
    ssize_t wrote = write(fd, text, len);
    int rc = close(fd);
    return wrote == (ssize_t)len && rc == 0 ? 0 : -1;
}

static int write_summary(const char *out, const char *stamp, size_t files, const phase_times *t,
                         uint64_t rss_kb, size_t warnings)
{
    char mb[32];
    megabytes(mb, rss_kb);
    locus_buf pretty = LOCUS_BUF_INIT, compact = LOCUS_BUF_INIT;
    locus_buf_printf(&pretty,
                     "{\n  \"timestamp\": \"%s\",\n  \"files\": %zu,\n  \"timings\": {\n"
                     "    \"parseMs\": %llu,\n    \"mergeMs\": %llu,\n"
                     "    \"generateMs\": %llu,\n    \"totalMs\": %llu\n  },\n"
                     "  \"memory\": {\n    \"startMB\": %s,\n    \"afterParseMB\": %s,\n"
                     "    \"afterMergeMB\": %s,\n    \"afterGenerateMB\": %s,\n"
                     "    \"endMB\": %s\n  },\n  \"warnings\": %zu\n}",
                     stamp, files, (unsigned long long)t->parse_ms, (unsigned long long)t->merge_ms,
                     (unsigned long long)t->generate_ms, (unsigned long long)t->total_ms, mb, mb,
                     mb, mb, mb, warnings);
    locus_buf_printf(&compact,
                     "{\"timestamp\":\"%s\",\"files\":%zu,\"timings\":{\"parseMs\":%llu,"
                     "\"mergeMs\":%llu,\"generateMs\":%llu,\"totalMs\":%llu},\"memory\":{"
                     "\"startMB\":%s,\"afterParseMB\":%s,\"afterMergeMB\":%s,"
                     "\"afterGenerateMB\":%s,\"endMB\":%s},\"warnings\":%zu}\n",
                     stamp, files, (unsigned long long)t->parse_ms, (unsigned long long)t->merge_ms,
                     (unsigned long long)t->generate_ms, (unsigned long long)t->total_ms, mb, mb,
                     mb, mb, mb, warnings);
    int rc = !pretty.data || !compact.data ||
             write_whole(out, "METRICS_SUMMARY.json", pretty.data, 0) != 0 ||
             write_whole(out, "METRICS_HISTORY.jsonl", compact.data, 1) != 0;
    locus_buf_free(&pretty);
    locus_buf_free(&compact);
    return rc ? -1 : 0;
}

/* paren_attr of one DEPRECATION_STATS.jsonl line; 999 if unreadable. */
static long paren_count(const char *line)
{
    const char *at = strstr(line, "\"paren_attr\":");
    if (!at)
        return 999;
    char *end;
    long n = strtol(at + 13, &end, 10);
    return end == at + 13 ? 999 : n;
}

/* package.json in the current directory has a version that is not 0.x or
 * is >= 0.6 (outputs.md §17.3). */
static int cwd_version_forces_removal(void)
{
    FILE *f = fopen("package.json", "r");
    if (!f)
        return 0;
    char text[8192];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    const char *at = strstr(text, "\"version\"");
    if (!at || !(at = strchr(at + 9, '"')))
        return 0;
    int major = -1, minor = -1;
    if (sscanf(at + 1, "%d.%d", &major, &minor) < 1)
        return 0;
    return major != 0 || minor >= 6;
}

static int write_deprecation_stats(const char *out, const char *stamp, const warning_list *list)
{
    long paren = 0;
    for (size_t i = 0; i < list->n; i++)
        paren += strstr(list->lines[i], "paren attribute") != NULL;
    char line[128];
    snprintf(line, sizeof line, "{\"timestamp\":\"%s\",\"paren_attr\":%ld}\n", stamp, paren);
    if (write_whole(out, "DEPRECATION_STATS.jsonl", line, 1) != 0)
        return -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/DEPRECATION_STATS.jsonl", out);
    FILE *f = fopen(path, "r");
    char *tail[7] = {0};
    size_t n = 0;
    char buf[512];
    while (f && fgets(buf, sizeof buf, f)) {
        free(tail[n % 7]);
        tail[n % 7] = strdup(buf);
        n++;
    }
    if (f)
        fclose(f);
    size_t kept = n < 7 ? n : 7;
    int low = kept >= 3;
    for (size_t i = 0; i < 7; i++) {
        if (tail[i] && paren_count(tail[i]) >= 3)
            low = 0;
        free(tail[i]);
    }
    if ((low || cwd_version_forces_removal()) && !getenv("LEGACY_PAREN_ATTRS"))
        return write_whole(out, "AUTO_PAREN_REMOVAL", "1", 0);
    return 0;
}

static int write_build_metrics(const char *out, size_t files, const phase_times *t,
                               size_t deprecations, size_t diagnostics)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\n  \"timings\": {\n    \"parseMs\": %llu,\n    \"mergeMs\": %llu,\n"
             "    \"generateMs\": %llu\n  },\n  \"suggestionsServed\": 0,\n"
             "  \"deprecationsUsed\": %zu,\n  \"uploadFilesProcessed\": 0,\n"
             "  \"uploadBytesProcessed\": 0,\n  \"uploadFailures\": {},\n"
             "  \"diagnostics\": {\n    \"count\": %zu\n  },\n  \"memory\": {\n"
             "    \"parseDelta\": 0,\n    \"mergeDelta\": 0,\n    \"generateDelta\": 0\n  },\n"
             "  \"files\": %zu,\n  \"parseMs\": %llu,\n  \"mergeMs\": %llu,\n"
             "  \"generateMs\": %llu,\n  \"totalMs\": %llu\n}",
             (unsigned long long)t->parse_ms, (unsigned long long)t->merge_ms,
             (unsigned long long)t->generate_ms, deprecations, diagnostics, files,
             (unsigned long long)t->parse_ms, (unsigned long long)t->merge_ms,
             (unsigned long long)t->generate_ms, (unsigned long long)t->total_ms);
    return write_whole(out, "BUILD_METRICS.json", text, 0);
}

/* ---- external tools (outputs.md §20) --------------------------------------- */

static int run_tool(const char *dir, char *const argv[], int quiet)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (dir && chdir(dir) != 0)
            _exit(127);
        if (quiet) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0) {
                dup2(null, STDOUT_FILENO);
                dup2(null, STDERR_FILENO);
            }
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int on_path(const char *program)
{
    const char *path = getenv("PATH");
    char *copy = path ? strdup(path) : NULL, *save = NULL;
    int found = 0;
    for (char *dir = copy ? strtok_r(copy, ":", &save) : NULL; dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", dir, program);
        found = access(full, X_OK) == 0;
    }
    free(copy);
    return found;
}

static int run_external_tools(const lp_build_args *args, const char *out)
{
    if (!args->prisma_generate && !args->emit_js)
        return LP_EXIT_OK;
    if (!on_path("npx")) {
        lp_cli_error("%s needs npx (Node.js) on PATH", args->emit_js ? "--emit-js"
                                                                     : "--prisma-generate");
        return LP_EXIT_BUILD;
    }
    int status = LP_EXIT_OK;
    char schema[4096];
    snprintf(schema, sizeof schema, "%s/prisma/schema.prisma", out);
    if (args->prisma_generate && access(schema, F_OK) == 0) {
        char *argv[] = {"npx", "prisma", "generate", "--schema", schema, NULL};
        int code = run_tool(NULL, argv, 1);
        if (code != 0) {
            lp_cli_error("npx prisma generate exited with code %d", code);
            status = LP_EXIT_BUILD;
        }
    }
    if (args->emit_js) {
        char project[4096];
        snprintf(project, sizeof project, "%s/tsconfig.json", out);
        char *argv[] = {"npx", "tsc", "--project", project, "--outDir", "dist", "--declaration",
                        "false", "--emitDeclarationOnly", "false", NULL};
        int code = run_tool(out, argv, 0);
        if (code != 0) {
            fprintf(stderr, "[locus][build] tsc exited with code %d\n", code);
            status = LP_EXIT_BUILD;
        }
    }
    return status;
}

/* ---- the two entry points -------------------------------------------------- */

static int by_code_unit(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int lp_build_print_dry_run(const lp_run_report *report)
{
    const char **paths = calloc(report->n_outputs + 1, sizeof *paths);
    if (!paths) {
        lp_cli_error("out of memory");
        return LP_EXIT_BUILD;
    }
    size_t n = 0;
    for (size_t i = 0; i < report->n_outputs; i++)
        if (!(report->outputs[i].flags & LOCUS_OUT_IF_MISSING))
            paths[n++] = report->outputs[i].path;
    qsort(paths, n, sizeof *paths, by_code_unit);
    printf("[locus][build][dry-run] files that would be written:\n");
    for (size_t i = 0; i < n; i++)
        printf(" - %s\n", paths[i]);
    free(paths);
    return LP_EXIT_OK;
}

int lp_build_finish(const lp_build_args *args, const lp_config *cfg,
                    const lp_run_report *report, uint64_t start_ns)
{
    warning_list list = {0};
    if (collect_warnings(report, cfg->src, &list) != 0) {
        free_lines(&list);
        lp_cli_error("out of memory");
        return LP_EXIT_BUILD;
    }
    phase_times times = measure(report, start_ns);
    size_t files = source_files(report);
    if (args->debug) {
        printf("[locus][debug] Parsed %zu files in %llums\n", files,
               (unsigned long long)times.parse_ms);
        printf("[locus][debug] Merged ASTs in %llums\n", (unsigned long long)times.merge_ms);
        printf("[locus][debug] Generated artifacts in %llums\n",
               (unsigned long long)times.generate_ms);
    }
    int color = isatty(STDOUT_FILENO) || getenv("FORCE_COLOR");
    for (size_t i = 0; i < list.n && !args->suppress_warnings; i++)
        print_warning(list.lines[i], color);
    size_t deprecations = 0;
    for (size_t i = 0; i < report->n_diags; i++)
        deprecations += is_deprecation(&report->diags[i]);
    if (args->debug)
        printf("[locus][build][timings] {\"files\":%zu,\"parseMs\":%llu,\"mergeMs\":%llu,"
               "\"generateMs\":%llu,\"totalMs\":%llu}\n",
               files, (unsigned long long)times.parse_ms, (unsigned long long)times.merge_ms,
               (unsigned long long)times.generate_ms, (unsigned long long)times.total_ms);
    fflush(stdout);
    char stamp[32];
    iso_timestamp(stamp);
    mkdir(cfg->out, 0777);
    int rc = write_summary(cfg->out, stamp, files, &times, report->peak_rss_kb, list.n);
    rc |= write_deprecation_stats(cfg->out, stamp, &list);
    if (args->debug)
        rc |= write_build_metrics(cfg->out, files, &times, deprecations, report->n_diags);
    free_lines(&list);
    if (rc != 0) {
        lp_cli_error("%s: cannot write the build's metrics files: %s", cfg->out, strerror(errno));
        return LP_EXIT_BUILD;
    }
    return run_external_tools(args, cfg->out);
}
