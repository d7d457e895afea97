/* metrics.c — writing the run report as metrics JSON (temp file + rename,
 * so a reader never sees half a file). */
#include "metrics.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"

const char *lp_stage_state_name(lp_stage_state state)
{
    switch (state) {
    case LP_STAGE_DONE: return "done";
    case LP_STAGE_FAILED: return "failed";
    case LP_STAGE_SKIPPED: return "skipped";
    case LP_STAGE_RUNNING: return "running";
    default: return "waiting";
    }
}

static double ms(uint64_t ns)
{
    return (double)ns / 1e6;
}

static void write_stage(FILE *out, const lp_stage_metrics *m, int last)
{
    fputs("    {\"name\": ", out);
    lp_json_string(out, m->name);
    fprintf(out, ", \"state\": \"%s\", \"tasks\": %llu, \"cache_hits\": %llu, "
                 "\"cache_misses\": %llu, \"failed_tasks\": %llu, \"start_ms\": %.3f, "
                 "\"wall_ms\": %.3f, \"cpu_ms\": %.3f, \"bytes_in\": %llu, "
                 "\"bytes_out\": %llu}%s\n",
            lp_stage_state_name(m->state), (unsigned long long)m->tasks,
            (unsigned long long)m->cache_hits, (unsigned long long)m->cache_misses,
            (unsigned long long)m->failed_tasks, ms(m->start_ns), ms(m->wall_ns),
            ms(m->cpu_ns), (unsigned long long)m->bytes_in, (unsigned long long)m->bytes_out,
            last ? "" : ",");
}

static void write_report(FILE *out, const lp_run_report *r)
{
    lp_stage_metrics total = {0};
    for (size_t s = 0; s < r->n_stages; s++) {
        total.tasks += r->stages[s].tasks;
        total.cache_hits += r->stages[s].cache_hits;
        total.cache_misses += r->stages[s].cache_misses;
        total.failed_tasks += r->stages[s].failed_tasks;
        total.cpu_ns += r->stages[s].cpu_ns;
        total.bytes_in += r->stages[s].bytes_in;
        total.bytes_out += r->stages[s].bytes_out;
    }
    fprintf(out, "{\n  \"version\": 1,\n  \"status\": \"%s\",\n  \"jobs\": %d,\n"
                 "  \"wall_ms\": %.3f,\n  \"cpu_ms\": %.3f,\n  \"peak_rss_kb\": %llu,\n",
            r->failed ? "failed" : "ok", r->jobs, ms(r->wall_ns), ms(r->cpu_ns),
            (unsigned long long)r->peak_rss_kb);
    fprintf(out, "  \"sources\": {\"files\": %zu, \"read\": %zu},\n", r->sources,
            r->sources_read);
    fprintf(out, "  \"outputs\": {\"enabled\": %s, \"files\": %llu, \"written\": %llu, "
                 "\"unchanged\": %llu, \"removed\": %llu, \"bytes_written\": %llu},\n",
            r->wrote_outputs ? "true" : "false", (unsigned long long)r->files.files,
            (unsigned long long)r->files.written, (unsigned long long)r->files.unchanged,
            (unsigned long long)r->files.removed, (unsigned long long)r->files.bytes_written);
    fprintf(out, "  \"diagnostics\": {\"errors\": %zu, \"warnings\": %zu},\n", r->n_errors,
            r->n_warnings);
    fputs("  \"stages\": [\n", out);
    for (size_t s = 0; s < r->n_stages; s++)
        write_stage(out, &r->stages[s], s + 1 == r->n_stages);
    fprintf(out, "  ],\n  \"totals\": {\"tasks\": %llu, \"cache_hits\": %llu, "
                 "\"cache_misses\": %llu, \"failed_tasks\": %llu, \"cpu_ms\": %.3f, "
                 "\"bytes_in\": %llu, \"bytes_out\": %llu}\n}\n",
            (unsigned long long)total.tasks, (unsigned long long)total.cache_hits,
            (unsigned long long)total.cache_misses, (unsigned long long)total.failed_tasks,
            ms(total.cpu_ns), (unsigned long long)total.bytes_in,
            (unsigned long long)total.bytes_out);
}

int lp_metrics_write(const char *path, const lp_run_report *report, lp_error *err)
{
    size_t len = strlen(path) + 16;
    char *tmp = malloc(len);
    if (!tmp)
        return lp_fail(err, "out of memory");
    snprintf(tmp, len, "%s.tmp%ld", path, (long)getpid());
    FILE *out = fopen(tmp, "w");
    if (!out) {
        int saved = errno;
        free(tmp);
        return lp_fail(err, "%s: cannot write metrics: %s", path, strerror(saved));
    }
    write_report(out, report);
    int failed = ferror(out);
    failed |= fclose(out) != 0;
    if (failed || rename(tmp, path) != 0) {
        int saved = errno;
        unlink(tmp);
        free(tmp);
        return lp_fail(err, "%s: cannot write metrics: %s", path, strerror(saved));
    }
    free(tmp);
    return 0;
}
