/* cli.h — the subcommands of the locus-pipeline command line. Each returns
 * the process exit status: 0 ok, 1 build errors, 2 usage/config errors. */
#ifndef LP_CLI_H
#define LP_CLI_H

#include "config.h"

enum { LP_EXIT_OK = 0, LP_EXIT_BUILD = 1, LP_EXIT_USAGE = 2 };

int lp_cmd_run(int argc, char **argv);
int lp_cmd_plugins(int argc, char **argv);
int lp_cmd_cache(int argc, char **argv);
int lp_cmd_check(int argc, char **argv);
int lp_cmd_build(int argc, char **argv);
/* watch (dev = 0) or dev (dev = 1). */
int lp_cmd_watch(int argc, char **argv, int dev);

/* Load the config named by -c, or ./locus.ini. With optional set, a
 * missing default file is not an error: *loaded is 0 and 0 is returned. */
int lp_cli_load_config(const char *path, int optional, lp_config *cfg, int *loaded);
/* "locus-pipeline: " + message on stderr. */
void lp_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
