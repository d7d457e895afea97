/* sdk_task.c — the SDK functions a stage's run function calls (locus/task.h,
 * locus/artifact.h, locus/diag.h, locus/output.h), on top of the engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_int.h"
#include "engine_int.h"

struct locus_outfile {
    locus_task *task;
    char *path;
    unsigned flags;
    locus_buf content;
    int failed;
};

static const lp_gstage *stage_of(const locus_task *task)
{
    return task->task->stage->g;
}

const char *locus_task_stage(const locus_task *task)
{
    return stage_of(task)->cfg->name;
}

const char *locus_task_option(const locus_task *task, const char *name)
{
    const lp_gstage *g = stage_of(task);
    const char *value = lp_stage_option(g->cfg, name);
    if (value)
        return value;
    for (const locus_option_desc *opt = g->desc->options; opt && opt->name; opt++)
        if (strcmp(opt->name, name) == 0)
            return opt->default_value;
    return NULL;
}

locus_arena *locus_task_arena(locus_task *task)
{
    if (!task->arena)
        task->arena = locus_arena_new();
    return task->arena;
}

locus_arena *locus_task_worker_arena(locus_task *task)
{
    int index = lp_pool_worker_index(task->run->pool);
    pthread_mutex_lock(&task->lock);
    if (!task->worker_arenas[index])
        task->worker_arenas[index] = locus_arena_new();
    locus_arena *arena = task->worker_arenas[index];
    pthread_mutex_unlock(&task->lock);
    return arena;
}

int locus_parallel_for(locus_task *task, size_t n, locus_parallel_body body, void *ctx)
{
    uint64_t helper_cpu = 0;
    int rc = lp_pool_parallel_for(task->run->pool, n, body, ctx, &task->run->cancelled,
                                  &helper_cpu);
    __atomic_fetch_add(&task->helper_cpu_ns, helper_cpu, __ATOMIC_RELAXED);
    return rc;
}

int locus_task_cancelled(const locus_task *task)
{
    return task->run->cancelled;
}

const locus_port *locus_input(locus_task *task, const char *name)
{
    const lp_gstage *g = stage_of(task);
    for (size_t i = 0; i < g->n_inputs; i++)
        if (strcmp(g->desc->inputs[i], name) == 0)
            return &task->run->ports[g->inputs[i]];
    return NULL;
}

int locus_output_wanted(locus_task *task, const char *port)
{
    const lp_gstage *g = stage_of(task);
    for (size_t o = 0; o < g->n_outputs; o++)
        if (strcmp(g->desc->outputs[o], port) == 0)
            return task->run->ports[g->outputs[o]].readers > 0;
    return 0;
}

size_t locus_port_count(const locus_port *port)
{
    return port ? port->n : 0;
}

const char *locus_item_key(const locus_port *port, size_t index)
{
    return index < port->n ? port->items[index]->key : NULL;
}

locus_digest locus_item_digest(const locus_port *port, size_t index)
{
    locus_digest none = {{0}};
    return index < port->n ? port->items[index]->digest : none;
}

size_t locus_item_size(const locus_port *port, size_t index)
{
    return index < port->n ? (size_t)port->items[index]->size : 0;
}

size_t locus_port_find(const locus_port *port, const char *key)
{
    eng_item **found = lp_strmap_get(&port->by_key, key);
    return found ? (size_t)(found - port->items) : (size_t)-1;
}

static void internal_error(locus_task *task, const char *message)
{
    locus_diag diag = {.severity = LOCUS_SEV_ERROR, .kind = "internal", .message = message};
    pthread_mutex_lock(&task->lock);
    if (!task->fatal->len)
        locus_buf_puts(task->fatal, message);
    pthread_mutex_unlock(&task->lock);
    lp_rb_diag(task->builder, &diag);
}

const void *locus_item_data(locus_task *task, const locus_port *port, size_t index,
                            size_t *size)
{
    if (!port || index >= port->n)
        return NULL;
    lp_error err;
    eng_item *item = port->items[index];
    const void *data = eng_item_data(task->run, item, &err);
    if (!data) {
        internal_error(task, err.msg);
        return NULL;
    }
    if (size)
        *size = (size_t)item->size;
    return data;
}

int locus_item_ast(locus_task *task, const locus_port *port, size_t index, locus_ast *out)
{
    memset(out, 0, sizeof *out);
    size_t size = 0;
    const void *data = locus_item_data(task, port, index, &size);
    if (!data)
        return LOCUS_AST_ETRUNCATED;
    eng_item *item = port->items[index];
    int status = atomic_load_explicit(&item->ast_status, memory_order_acquire);
    if (status < 0)
        return status;
    int rc = lp_ast_open_as(data, size, status == 0, out);
    if (status == 0)
        atomic_store_explicit(&item->ast_status, rc == LOCUS_AST_OK ? 1 : rc,
                              memory_order_release);
    return rc;
}

size_t locus_task_item(const locus_task *task)
{
    return task->task->item_index;
}

static const char *own_key(const locus_task *task)
{
    const eng_task *t = task->task;
    if (t->item_index == SIZE_MAX)
        return "";
    const lp_gstage *g = t->stage->g;
    return task->run->ports[g->inputs[0]].items[t->item_index]->key;
}

int locus_emit(locus_task *task, const char *port, const char *key, const void *data,
               size_t size)
{
    const lp_gstage *g = stage_of(task);
    int declared = 0;
    for (size_t i = 0; i < g->n_outputs && !declared; i++)
        declared = strcmp(g->desc->outputs[i], port) == 0;
    if (!declared || (!data && size))
        return -1;
    return lp_rb_item(task->builder, port, key ? key : own_key(task), data ? data : "", size);
}

void locus_diag_report(locus_task *task, const locus_diag *diag)
{
    if (lp_rb_diag(task->builder, diag) != 0)
        internal_error(task, "out of memory recording a diagnostic");
}

static void report_v(locus_task *task, locus_severity severity, const char *file,
                     uint32_t line, uint32_t column, const char *fmt, va_list ap)
{
    locus_buf message = LOCUS_BUF_INIT;
    if (locus_buf_vprintf(&message, fmt, ap) != 0) {
        internal_error(task, "out of memory formatting a diagnostic");
        return;
    }
    locus_diag diag = {.severity = severity, .file = file, .line = line, .column = column,
                       .message = message.data};
    locus_diag_report(task, &diag);
    locus_buf_free(&message);
}

void locus_error(locus_task *task, const char *file, uint32_t line, uint32_t column,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(task, LOCUS_SEV_ERROR, file, line, column, fmt, ap);
    va_end(ap);
}

void locus_warning(locus_task *task, const char *file, uint32_t line, uint32_t column,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(task, LOCUS_SEV_WARNING, file, line, column, fmt, ap);
    va_end(ap);
}

locus_outfile *locus_out_open(locus_task *task, const char *path, unsigned flags)
{
    lp_error err;
    if (lp_outpath_check(path ? path : "", &err) != 0) {
        locus_error(task, NULL, 0, 0, "stage '%s' tried to write a file outside the output "
                    "directory: %s", locus_task_stage(task), err.msg);
        return NULL;
    }
    if (lp_rb_has_file(task->builder, path)) {
        locus_error(task, NULL, 0, 0, "stage '%s' wrote '%s' twice", locus_task_stage(task),
                    path);
        return NULL;
    }
    locus_outfile *file = calloc(1, sizeof *file);
    if (!file || !(file->path = strdup(path))) {
        free(file);
        internal_error(task, "out of memory opening an output file");
        return NULL;
    }
    file->task = task;
    file->flags = flags;
    return file;
}

int locus_out_write(locus_outfile *file, const void *data, size_t len)
{
    if (!file)
        return -1;
    if (!file->failed && locus_buf_append(&file->content, data, len) != 0)
        file->failed = 1;
    return file->failed ? -1 : 0;
}

int locus_out_puts(locus_outfile *file, const char *s)
{
    return locus_out_write(file, s, strlen(s));
}

int locus_out_vprintf(locus_outfile *file, const char *fmt, va_list ap)
{
    if (!file)
        return -1;
    if (!file->failed && locus_buf_vprintf(&file->content, fmt, ap) != 0)
        file->failed = 1;
    return file->failed ? -1 : 0;
}

int locus_out_printf(locus_outfile *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = locus_out_vprintf(file, fmt, ap);
    va_end(ap);
    return rc;
}

void locus_out_abort(locus_outfile *file)
{
    if (!file)
        return;
    locus_buf_free(&file->content);
    free(file->path);
    free(file);
}

int locus_out_close(locus_outfile *file)
{
    if (!file)
        return -1;
    int rc = 0;
    if (file->failed) {
        internal_error(file->task, "out of memory writing an output file");
        rc = -1;
    } else if (lp_rb_file(file->task->builder, file->path, file->flags, &file->content) != 0) {
        locus_error(file->task, NULL, 0, 0, "stage '%s' wrote '%s' twice",
                    locus_task_stage(file->task), file->path);
        rc = -1;
    }
    locus_out_abort(file);
    return rc;
}

int locus_write_file(locus_task *task, const char *path, const void *data, size_t len,
                     unsigned flags)
{
    locus_outfile *file = locus_out_open(task, path, flags);
    if (!file)
        return -1;
    if (locus_out_write(file, data, len) != 0) {
        locus_out_abort(file);
        internal_error(task, "out of memory writing an output file");
        return -1;
    }
    return locus_out_close(file);
}

/* The stage's name and the caller's key, so two stages never share entries. */
static locus_digest memo_key(const locus_task *task, const locus_digest *key)
{
    const char *stage = stage_of(task)->desc->name;
    size_t len = strlen(stage);
    unsigned char buf[256 + 16];
    if (len > 256)
        len = 256;
    memcpy(buf, stage, len);
    memcpy(buf + len, key->bytes, sizeof key->bytes);
    return locus_digest_of(buf, len + sizeof key->bytes);
}

const void *locus_memo_get(locus_task *task, const locus_digest *key, size_t *len)
{
    if (!task->run->session)
        return NULL;
    locus_digest full = memo_key(task, key);
    return lp_blobmemo_get(task->run->session, &full, locus_task_worker_arena(task), len);
}

int locus_memo_put(locus_task *task, const locus_digest *key, const void *data, size_t len)
{
    if (!task->run->session)
        return -1;
    locus_digest full = memo_key(task, key);
    return lp_blobmemo_put(task->run->session, &full, data, len);
}
