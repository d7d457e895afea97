/* frontdoor.c — building the standard Locus pipeline for check/build from
 * command-line directories instead of a locus.ini. */
#include "frontdoor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "locus/arena.h"

static const char default_ini[] =
#include "default_ini.h"
    ;

int lp_frontdoor_open(lp_frontdoor *fd, const char *src, const char *out, int generators,
                      const char *extra)
{
    memset(fd, 0, sizeof *fd);
    char *abs_src = lp_abspath(NULL, src);
    char *abs_out = out ? lp_abspath(NULL, out) : NULL;
    locus_buf text = LOCUS_BUF_INIT;
    lp_error err;
    int status = LP_EXIT_USAGE;
    struct stat st;
    if (!abs_src || (out && !abs_out)) {
        lp_cli_error("out of memory");
        goto done;
    }
    if (stat(abs_src, &st) != 0) {
        lp_cli_error("%s: source directory: %s", abs_src, strerror(errno));
        goto done;
    }
    if (!S_ISDIR(st.st_mode)) {
        lp_cli_error("%s: source directory: not a directory", abs_src);
        goto done;
    }
    if (locus_buf_puts(&text, default_ini) != 0 || (extra && locus_buf_puts(&text, extra) != 0)) {
        lp_cli_error("out of memory");
        goto done;
    }
    if (lp_config_parse(text.data, text.len, "(built-in default.ini)", NULL, &fd->cfg, &err) !=
        0) {
        lp_cli_error("%s", err.msg);
        goto done;
    }
    free(fd->cfg.src);
    free(fd->cfg.out);
    fd->cfg.src = abs_src;
    fd->cfg.out = abs_out;
    abs_src = abs_out = NULL;
    for (size_t i = 0; i < fd->cfg.n_plugins && !generators; i++)
        fd->cfg.plugins[i].enabled = 0;
    fd->have_cfg = 1;
    if (lp_registry_init(&fd->reg, NULL, &err) != 0) {
        lp_cli_error("%s", err.msg);
        goto done;
    }
    fd->have_reg = 1;
    if (lp_graph_build(&fd->cfg, &fd->reg, &fd->graph, &err) != 0) {
        lp_cli_error("%s", err.msg);
        goto done;
    }
    fd->have_graph = 1;
    status = LP_EXIT_OK;
done:
    free(abs_src);
    free(abs_out);
    locus_buf_free(&text);
    if (status != LP_EXIT_OK)
        lp_frontdoor_close(fd);
    return status;
}

void lp_frontdoor_close(lp_frontdoor *fd)
{
    if (fd->have_graph)
        lp_graph_free(&fd->graph);
    if (fd->have_reg)
        lp_registry_free(&fd->reg);
    if (fd->have_cfg)
        lp_config_free(&fd->cfg);
    memset(fd, 0, sizeof *fd);
}
