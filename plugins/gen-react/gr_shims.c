/* gr_shims.c — the fixed text of react/shims.d.ts (outputs.md §14). */
#include "gr_runtime.h"

const char gr_shims_text[] =
    "// AUTO-GENERATED shims for generated React code\n"
    "// eslint-disable-next-line @typescript-eslint/no-explicit-any\n"
    "declare const process: any;\n"
    "// eslint-disable-next-line @typescript-eslint/no-explicit-any\n"
    "declare const Buffer: any;\n"
    "// Minimal module stubs\n"
    "declare module 'fs';\n"
    "declare module 'path';\n"
    "declare module 'crypto';\n"
    "declare module 'http';\n";
