/* next_files.h — the texts of the Next.js app under next-app/
 * (outputs.md §10): one route file per page, the landing page listing
 * every page, and the fixed files (layout, globals.css, tsconfig.json,
 * next.config.js). public/theme.css is theme.css (gen-theme/theme_css.h). */
#ifndef GN_NEXT_FILES_H
#define GN_NEXT_FILES_H

#include <stddef.h>

#include "locus/arena.h"

/* `next-app/app/«kebab(page)»/page.tsx` */
int gn_page_path(locus_buf *out, const char *page);
/* That file's text: it renders react/pages/«page». */
int gn_page_entry(locus_buf *out, const char *page);
/* next-app/app/page.tsx for pages already in name-collation order. */
int gn_landing(locus_buf *out, const char *const *pages, size_t count);

/* A file whose text never changes. */
typedef struct gn_fixed_file {
    const char *path;
    const char *text; /* header included */
} gn_fixed_file;

/* The fixed files, terminated by a {NULL, NULL} entry. */
extern const gn_fixed_file gn_fixed_files[];

#endif
