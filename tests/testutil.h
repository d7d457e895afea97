/* testutil.h — helpers shared by the Check test programs: temp dirs, files. */
#ifndef LP_TESTUTIL_H
#define LP_TESTUTIL_H

#include <stddef.h>

/* A fresh empty directory under $TMPDIR (or /tmp); the returned path is
 * malloc'd. Aborts the test on failure. */
char *tu_mkdtemp(void);
/* rm -rf path (refuses "/" and ""). */
void tu_rmtree(const char *path);
/* Write / read a whole file (paths joined as dir/name; parents created). */
void tu_write(const char *dir, const char *name, const char *content);
char *tu_read(const char *dir, const char *name, size_t *len);
/* dir/name as a malloc'd string. */
char *tu_path(const char *dir, const char *name);

#endif
