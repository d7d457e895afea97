/* watch.c — the inotify loop of watch mode. */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "diagprint.h"
#include "engine.h"
#include "pool.h"
#include "session.h"

#define WATCH_MASK                                                                          \
    (IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM |       \
     IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)
#define QUIET_MS 8     /* a burst is over when nothing happened for this long */
#define MAX_DELAY_MS 100

typedef struct watcher {
    int inotify_fd;
    int signal_fd;
    char **dirs;       /* indexed by watch descriptor: directory relative to src */
    size_t n_dirs;
    const lp_config *cfg;
    lp_session *session;
} watcher;

static int remember_dir(watcher *w, int wd, const char *rel)
{
    if ((size_t)wd >= w->n_dirs) {
        size_t n = (size_t)wd * 2 + 16;
        char **grown = realloc(w->dirs, n * sizeof *grown);
        if (!grown)
            return -1;
        memset(grown + w->n_dirs, 0, (n - w->n_dirs) * sizeof *grown);
        w->dirs = grown;
        w->n_dirs = n;
    }
    free(w->dirs[wd]);
    return (w->dirs[wd] = strdup(rel)) ? 0 : -1;
}

static int excluded(const watcher *w, const char *abs)
{
    return w->cfg->out && strcmp(abs, w->cfg->out) == 0;
}

/* Watch src/rel and every directory below it. */
static int watch_tree(watcher *w, const char *rel)
{
    char abs[8192];
    snprintf(abs, sizeof abs, "%s%s%s", w->cfg->src, rel[0] ? "/" : "", rel);
    if (excluded(w, abs))
        return 0;
    int wd = inotify_add_watch(w->inotify_fd, abs, WATCH_MASK | IN_ONLYDIR | IN_DONT_FOLLOW);
    if (wd < 0)
        return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
    if (remember_dir(w, wd, rel) != 0)
        return -1;
    DIR *dir = opendir(abs);
    if (!dir)
        return 0;
    struct dirent *entry;
    int rc = 0;
    while (rc == 0 && (entry = readdir(dir))) {
        if (entry->d_name[0] == '.' && (!entry->d_name[1] || strcmp(entry->d_name, "..") == 0))
            continue;
        if (entry->d_type != DT_DIR && entry->d_type != DT_UNKNOWN)
            continue;
        char child[8192];
        snprintf(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", entry->d_name);
        char child_abs[16400];
        snprintf(child_abs, sizeof child_abs, "%s/%s", w->cfg->src, child);
        struct stat st;
        if (lstat(child_abs, &st) == 0 && S_ISDIR(st.st_mode))
            rc = watch_tree(w, child);
    }
    closedir(dir);
    return rc;
}

/* Turn pending events into dirty paths. Returns the number of events. */
static int drain_events(watcher *w)
{
    char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    int events = 0;
    for (;;) {
        ssize_t len = read(w->inotify_fd, buf, sizeof buf);
        if (len <= 0)
            return events;
        for (char *p = buf; p < buf + len;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            events++;
            if (ev->mask & IN_Q_OVERFLOW) {
                lp_session_mark_all_dirty(w->session);
                continue;
            }
            if (ev->wd < 0 || (size_t)ev->wd >= w->n_dirs || !w->dirs[ev->wd] || !ev->len)
                continue;
            char rel[8192];
            const char *dir = w->dirs[ev->wd];
            snprintf(rel, sizeof rel, "%s%s%s", dir, dir[0] ? "/" : "", ev->name);
            if (ev->mask & IN_ISDIR) {
                /* A directory appeared or went: its files too. */
                if (ev->mask & (IN_CREATE | IN_MOVED_TO))
                    watch_tree(w, rel);
                lp_session_mark_all_dirty(w->session);
            } else {
                lp_session_mark_dirty(w->session, rel);
            }
        }
    }
}

static int64_t now_ms(void)
{
    return (int64_t)(lp_wall_ns() / 1000000);
}

/* Wait for the first event, then until the burst is over. Returns 1 when
 * there is something to rebuild, 0 on a signal, -1 on error. */
static int wait_for_changes(watcher *w, uint64_t *first_event_ns)
{
    struct pollfd fds[2] = {{w->inotify_fd, POLLIN, 0}, {w->signal_fd, POLLIN, 0}};
    for (;;) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (fds[1].revents)
            return 0;
        *first_event_ns = lp_wall_ns();
        if (drain_events(w) > 0)
            break;
    }
    int64_t start = now_ms();
    for (;;) {
        int waited = (int)(now_ms() - start);
        if (waited >= MAX_DELAY_MS)
            return 1;
        int timeout = MAX_DELAY_MS - waited < QUIET_MS ? MAX_DELAY_MS - waited : QUIET_MS;
        int ready = poll(fds, 2, timeout);
        if (ready == 0)
            return 1;
        if (ready > 0 && fds[1].revents)
            return 0;
        if (ready > 0)
            drain_events(w);
    }
}

static void print_build(const lp_watch_options *opts, const lp_run_report *report, int number,
                        uint64_t event_ns)
{
    if (opts->json) {
        if (report->n_diags)
            lp_diag_print_json(stderr, report->diags, report->n_diags, LOCUS_SEV_NOTE,
                               opts->cfg->src);
    } else {
        lp_diag_print_all(stderr, report->diags, report->n_diags, LOCUS_SEV_NOTE,
                          opts->cfg->src, isatty(STDERR_FILENO));
    }
    uint64_t ran = 0;
    for (size_t s = 0; s < report->n_stages; s++)
        ran += report->stages[s].cache_misses;
    printf("watch: build %d %s in %.1f ms", number, report->failed ? "FAILED" : "ok",
           (double)report->wall_ns / 1e6);
    if (event_ns)
        printf(" (%.1f ms after the change)", (double)(lp_wall_ns() - event_ns) / 1e6);
    printf(": %llu tasks ran, %llu files written, %llu removed%s\n", (unsigned long long)ran,
           (unsigned long long)report->files.written, (unsigned long long)report->files.removed,
           report->failed ? "; keeping the last good outputs" : "");
    fflush(stdout);
}

static int build_once(const lp_watch_options *opts, lp_session *session, int number,
                      uint64_t event_ns)
{
    lp_run_options run = {opts->cfg, opts->graph, opts->jobs, 1, 0, session};
    lp_run_report report;
    lp_error err;
    if (lp_run(&run, &report, &err) != 0) {
        lp_cli_error("%s", err.msg);
        if (report.abandoned)
            return -2; /* a plugin thread is still running: stop watching */
        lp_run_report_free(&report);
        lp_session_mark_all_dirty(session);
        return -1;
    }
    print_build(opts, &report, number, event_ns);
    lp_run_report_free(&report);
    return 0;
}

static int open_watcher(watcher *w, const lp_config *cfg, lp_session *session)
{
    memset(w, 0, sizeof *w);
    w->cfg = cfg;
    w->session = session;
    w->signal_fd = -1;
    w->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->inotify_fd < 0)
        return -1;
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    /* Worker threads inherit this mask, so only the signalfd sees them. */
    if (pthread_sigmask(SIG_BLOCK, &signals, NULL) != 0)
        return -1;
    w->signal_fd = signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
    if (w->signal_fd < 0)
        return -1;
    return watch_tree(w, "");
}

static void close_watcher(watcher *w)
{
    if (w->inotify_fd >= 0)
        close(w->inotify_fd);
    if (w->signal_fd >= 0)
        close(w->signal_fd);
    for (size_t i = 0; i < w->n_dirs; i++)
        free(w->dirs[i]);
    free(w->dirs);
}

int lp_watch(const lp_watch_options *opts)
{
    lp_session *session = lp_session_new();
    watcher w;
    if (!session || open_watcher(&w, opts->cfg, session) != 0) {
        lp_cli_error("cannot watch %s: %s", opts->cfg->src, strerror(errno));
        if (session)
            close_watcher(&w);
        lp_session_free(session, NULL);
        return LP_EXIT_BUILD;
    }
    printf("watch: watching %s (Ctrl-C to stop)\n", opts->cfg->src);
    int number = 1, status = LP_EXIT_OK;
    if (build_once(opts, session, number, 0) == -2)
        return LP_EXIT_BUILD;
    while (!opts->max_builds || number < opts->max_builds) {
        uint64_t event_ns = 0;
        int changed = wait_for_changes(&w, &event_ns);
        if (changed < 0)
            status = LP_EXIT_BUILD;
        if (changed <= 0)
            break;
        if (build_once(opts, session, ++number, event_ns) == -2)
            return LP_EXIT_BUILD; /* exit without freeing what the thread uses */
    }
    lp_error err;
    if (lp_session_free(session, &err) != 0) {
        lp_cli_error("%s", err.msg);
        status = LP_EXIT_BUILD;
    }
    close_watcher(&w);
    printf("watch: stopped after %d builds\n", number);
    return status;
}
