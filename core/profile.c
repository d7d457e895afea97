/* profile.c — the per-stage profile, the critical path, and Chrome traces. */
#include "profile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"

static double ms(uint64_t ns)
{
    return (double)ns / 1e6;
}

static void print_stages(FILE *out, const lp_run_report *report)
{
    fprintf(out, "%-20s %7s %7s %6s %10s %10s %12s %12s\n", "stage", "tasks", "cached", "hit%",
            "wall ms", "cpu ms", "bytes in", "bytes out");
    uint64_t tasks = 0, hits = 0, cpu = 0, in = 0, outb = 0;
    for (size_t s = 0; s < report->n_stages; s++) {
        const lp_stage_metrics *m = &report->stages[s];
        double rate = m->tasks ? 100.0 * (double)m->cache_hits / (double)m->tasks : 0;
        fprintf(out, "%-20s %7llu %7llu %5.1f%% %10.2f %10.2f %12llu %12llu%s\n", m->name,
                (unsigned long long)m->tasks, (unsigned long long)m->cache_hits, rate,
                ms(m->wall_ns), ms(m->cpu_ns), (unsigned long long)m->bytes_in,
                (unsigned long long)m->bytes_out,
                m->state == LP_STAGE_DONE ? "" : m->state == LP_STAGE_SKIPPED ? "  (skipped)"
                                                                             : "  (failed)");
        tasks += m->tasks;
        hits += m->cache_hits;
        cpu += m->cpu_ns;
        in += m->bytes_in;
        outb += m->bytes_out;
    }
    fprintf(out, "%-20s %7llu %7llu %5.1f%% %10.2f %10.2f %12llu %12llu\n", "total",
            (unsigned long long)tasks, (unsigned long long)hits,
            tasks ? 100.0 * (double)hits / (double)tasks : 0.0, ms(report->wall_ns), ms(cpu),
            (unsigned long long)in, (unsigned long long)outb);
    fprintf(out, "process: %.2f ms CPU, peak RSS %.1f MB, %d workers; %zu sources (%zu read)\n",
            ms(report->cpu_ns), (double)report->peak_rss_kb / 1024.0, report->jobs,
            report->sources, report->sources_read);
}

static uint64_t stage_end(const lp_stage_metrics *m)
{
    return m->start_ns + m->wall_ns;
}

/* Does stage `consumer` depend on a port that stage `producer` writes? */
static int depends_on(const lp_graph *graph, size_t consumer, size_t producer)
{
    const lp_gstage *c = &graph->stages[consumer];
    for (size_t i = 0; i < c->n_inputs + c->n_after; i++) {
        size_t port = i < c->n_inputs ? c->inputs[i] : c->after[i - c->n_inputs];
        if (graph->ports[port].producer == producer)
            return 1;
    }
    return 0;
}

/* The chain of stages that decided when the run ended: from the stage that
 * ended last, repeatedly the dependency that ended last before it. */
static void print_critical_path(FILE *out, const lp_run_report *report, const lp_graph *graph)
{
    size_t n = report->n_stages, chain[256], length = 0;
    size_t current = n;
    for (size_t s = 0; s < n; s++)
        if (report->stages[s].tasks && (current == n || stage_end(&report->stages[s]) >
                                                             stage_end(&report->stages[current])))
            current = s;
    while (current < n && length < 256) {
        chain[length++] = current;
        size_t next = n;
        for (size_t s = 0; s < n; s++)
            if (depends_on(graph, current, s) && report->stages[s].tasks &&
                (next == n || stage_end(&report->stages[s]) > stage_end(&report->stages[next])))
                next = s;
        current = next;
    }
    fputs("critical path:", out);
    if (length == 0)
        fputs(" (no tasks ran)", out);
    for (size_t k = length; k-- > 0;) {
        const lp_stage_metrics *m = &report->stages[chain[k]];
        fprintf(out, "%s %s [%.1f-%.1f ms]", k + 1 == length ? "" : " ->", m->name,
                ms(m->start_ns), ms(stage_end(m)));
    }
    fputc('\n', out);
}

void lp_profile_print(FILE *out, const lp_run_report *report, const lp_graph *graph)
{
    print_stages(out, report);
    print_critical_path(out, report, graph);
}

int lp_trace_write(const char *path, const lp_run_report *report, lp_error *err)
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
        return lp_fail(err, "%s: cannot write trace: %s", path, strerror(saved));
    }
    fputs("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n", out);
    fputs("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":"
          "\"locus-pipeline\"}}",
          out);
    for (size_t i = 0; i < report->n_tasks; i++) {
        const lp_task_record *t = &report->tasks[i];
        const char *stage = report->stages[t->stage].name;
        fputs(",\n{\"name\":", out);
        if (t->label[0]) {
            size_t n = strlen(stage) + strlen(t->label) + 2;
            char *name = malloc(n);
            if (name)
                snprintf(name, n, "%s %s", stage, t->label);
            lp_json_string(out, name ? name : stage);
            free(name);
        } else {
            lp_json_string(out, stage);
        }
        fputs(",\"cat\":", out);
        lp_json_string(out, stage);
        fprintf(out, ",\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,"
                     "\"args\":{\"cache\":\"%s\",\"status\":\"%s\"}}",
                t->worker, (double)t->start_ns / 1e3,
                (double)(t->end_ns - t->start_ns) / 1e3, t->hit ? "hit" : "miss",
                t->failed ? "failed" : "ok");
    }
    fputs("\n]}\n", out);
    int failed = ferror(out);
    failed |= fclose(out) != 0;
    if (failed || rename(tmp, path) != 0) {
        int saved = errno;
        unlink(tmp);
        free(tmp);
        return lp_fail(err, "%s: cannot write trace: %s", path, strerror(saved));
    }
    free(tmp);
    return 0;
}
