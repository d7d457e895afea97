/* check_gen_react.c — tests of the React generators (plugins/gen-react):
 * byte-identical output on the conformance cases the reference gets
 * right, the FIXed shapes of decisions.md on the spec's examples, the
 * body translation and the slot warnings. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gr_body.h"
#include "gr_helpers.h"
#include "gr_component.h"
#include "gr_page.h"
#include "gr_runtime.h"
#include "gr_testproject.h"
#include "locus_parse.h"

typedef grt_project project;

static void parse_source(project *p, const char *source)
{
    ck_assert_int_eq(grt_init(p), 0);
    ck_assert_msg(grt_add_text(p, "main.locus", source, strlen(source)) == 0,
                  "source does not parse: %s", p->error);
}

/* ------------------------------------------------------------------ */
/* Generating                                                          */
/* ------------------------------------------------------------------ */

static char *page_text(project *p, const char *name)
{
    const locus_ast *ast;
    locus_node n = grt_find(p, LOCUS_AST_PAGE, name, &ast);
    ck_assert_msg(n, "no page %s", name ? name : "");
    gr_out out = GR_OUT_INIT;
    ck_assert_int_eq(gr_generate_page(ast, n, &p->project, p->arena, &out), 0);
    char *s = strdup(gr_text(&out));
    gr_out_free(&out);
    return s;
}

typedef struct comp_text {
    char *tsx, *css, *warnings;
} comp_text;

static comp_text component_text(project *p, const char *name)
{
    const locus_ast *ast;
    locus_node n = grt_find(p, LOCUS_AST_COMPONENT, name, &ast);
    ck_assert_msg(n, "no component %s", name ? name : "");
    gr_component_out out;
    ck_assert_int_eq(gr_generate_component(ast, n, &p->project, p->arena, &out), 0);
    comp_text t = {strdup(gr_text(&out.tsx)), strdup(gr_text(&out.css)),
                   strdup(gr_text(&out.warnings))};
    gr_component_out_free(&out);
    return t;
}

static void comp_text_free(comp_text *t)
{
    free(t->tsx), free(t->css), free(t->warnings);
}

#define EXPECT_STR(got, want)                                                               \
    ck_assert_msg(strcmp((got), (want)) == 0, "\n--- got:\n%s\n--- want:\n%s", (got), (want))

/* The page's UI part alone: the text between `    ` and `\n  );`. */
static char *ui_of(const char *page)
{
    const char *from = strstr(page, "  return (\n    ");
    ck_assert(from);
    from += strlen("  return (\n    ");
    const char *to = strstr(from, "\n  );\n}\n");
    ck_assert(to);
    return strndup(from, (size_t)(to - from));
}

static void expect_ui(const char *markup, const char *want)
{
    char *src = NULL;
    ck_assert(asprintf(&src, "page P { ui { %s } }", markup) >= 0);
    project p;
    parse_source(&p, src);
    char *page = page_text(&p, "P");
    char *ui = ui_of(page);
    EXPECT_STR(ui, want);
    free(ui), free(page), free(src);
    grt_free(&p);
}

static void expect_page(const char *source, const char *name, const char *want)
{
    project p;
    parse_source(&p, source);
    char *got = page_text(&p, name);
    EXPECT_STR(got, want);
    free(got);
    grt_free(&p);
}

static void expect_component(const char *source, const char *name, const char *want,
                             const char *warnings)
{
    project p;
    parse_source(&p, source);
    comp_text t = component_text(&p, name);
    EXPECT_STR(t.tsx, want);
    EXPECT_STR(t.warnings, warnings);
    comp_text_free(&t);
    grt_free(&p);
}

/* ------------------------------------------------------------------ */
/* The conformance corpus                                              */
/* ------------------------------------------------------------------ */

typedef struct tally {
    int files, same;
} tally;

/* Compare one generated file with the case's expected file (if any). */
static void compare(const char *casedir, const char *rel, const char *got, tally *t,
                    int verbose)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/expected/%s", casedir, rel);
    char *want = grt_read_file(path, NULL);
    if (!want)
        return;
    t->files++;
    if (strcmp(want, got) == 0)
        t->same++;
    else if (verbose)
        printf("DIFF %s %s\n--- got:\n%s--- want:\n%s", casedir, rel, got, want);
    free(want);
}

static void gen_case_file(project *p, const locus_ast *ast, locus_node n, const char *casedir,
                          tally *t, int verbose)
{
    char rel[512];
    gr_str name = gr_name(ast, n);
    if (locus_ast_kind_of(ast, n) == LOCUS_AST_PAGE) {
        gr_out out = GR_OUT_INIT;
        ck_assert_int_eq(gr_generate_page(ast, n, &p->project, p->arena, &out), 0);
        snprintf(rel, sizeof rel, "react/pages/%.*s.tsx", (int)name.len, name.s);
        compare(casedir, rel, gr_text(&out), t, verbose);
        gr_out_free(&out);
        return;
    }
    gr_component_out out;
    ck_assert_int_eq(gr_generate_component(ast, n, &p->project, p->arena, &out), 0);
    snprintf(rel, sizeof rel, "react/components/%.*s.tsx", (int)name.len, name.s);
    compare(casedir, rel, gr_text(&out.tsx), t, verbose);
    snprintf(rel, sizeof rel, "react/components/%.*s.css", (int)name.len, name.s);
    compare(casedir, rel, gr_text(&out.css), t, verbose);
    gr_component_out_free(&out);
}

static const char *conformance_dir(void)
{
    const char *env = getenv("LOCUS_CONFORMANCE_CASES");
    return env ? env : CONFORMANCE_DIR;
}

/* Generate every page and component of a case; count identical files. */
static tally run_case(const char *name, int verbose)
{
    char dir[1024], input[1100];
    snprintf(dir, sizeof dir, "%s/%s", conformance_dir(), name);
    snprintf(input, sizeof input, "%s/input", dir);
    project p;
    ck_assert_int_eq(grt_init(&p), 0);
    tally t = {0, 0};
    if (grt_add_dir(&p, input) == 0) {
        const locus_ast *ast;
        locus_node n;
        for (size_t k = 0; (n = grt_def(&p, k, &ast)) != 0; k++)
            gen_case_file(&p, ast, n, dir, &t, verbose);
    }
    grt_free(&p);
    return t;
}

static int name_order(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Cases whose React files differ from the reference only by FIXes
 * (tests/conformance/deviations.tsv says which). */
static const char *const fixed_cases[] = {
    "d-authentication-f15143e3", /* Q-21 root text in a fragment; D-07 `if not` */
    "d-readme-7986c714",         /* Q-18, D-07 find/where, O-13 tag-form loop */
    "d-ui_syntax-3bceedc4",      /* O-01 log from the runtime */
    "d-ui_syntax-49e0f410",      /* O-06 named slot bound */
    "d-ui_syntax-fa68a347",      /* O-12 bind:value */
    "dm-authentication-45030b9e",
    "dm-readme-d742ebe9",
    "dm-ui_syntax-4f76a18d",
    "h-application_logic-942db49a", /* Q-08 ui kept, O-06, O-07 */
    "h-getting_started-c28e59df",   /* */
    "h-ui_syntax-64c6ac0c",         /* Q-08, O-12 */
    "t-features-543443bf",          /* D-07 bodies, O-12 */
    "t-features-f41bb04a",          /* Q-08, O-06, O-07 */
    "t-features_cst-c9f25c43",      /* D-07 state assignment */
    "t-features_full-30de54f3",     /* Q-18, D-07 */
    "t-features_full-4d5a5f4a",     /* O-06 */
    "t-grammar_modules-6c3de28f",   /* O-06 component imports */
    "t-state_helpers_parity-4e14f659", /* */
    "t-state_helpers_parity-c2998e28", /* */
    "t-ui_loop_var_expr-3b6bbccd",     /* O-13 */
    "t-ui_loop_var_expr-ddfe7253",     /* O-13 */
    NULL,
};

static int is_fixed_case(const char *name)
{
    for (const char *const *c = fixed_cases; *c; c++)
        if (strcmp(*c, name) == 0)
            return 1;
    return 0;
}

/* Every other case's pages and components are byte-identical. */
START_TEST(corpus_identical)
{
    struct dirent **list;
    int n = scandir(conformance_dir(), &list, NULL, name_order);
    int files = 0;
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (name[0] != '.' && !is_fixed_case(name)) {
            tally t = run_case(name, 0);
            ck_assert_msg(t.same == t.files, "%s: %d of %d React files differ (GR_CONFORMANCE=1 "
                          "shows the diffs)", name, t.files - t.same, t.files);
            files += t.files;
        }
        free(list[i]);
    }
    if (n >= 0)
        free(list);
    if (n < 0)
        fprintf(stderr, "conformance corpus not found at %s: not compared\n", conformance_dir());
    else
        ck_assert_int_gt(files, 40);
}
END_TEST

/* The fixed text of react/shims.d.ts is the reference's (outputs.md §14). */
START_TEST(shims_text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/t-ts_compile_smoke-9b530044/expected/react/shims.d.ts",
             conformance_dir());
    char *want = grt_read_file(path, NULL);
    if (want)
        EXPECT_STR(gr_shims_text, want);
    ck_assert_uint_eq(strlen(gr_shims_text), 346);
    free(want);
}
END_TEST

/* GR_CONFORMANCE=1 prints every case's tally and diffs (development aid). */
START_TEST(corpus_report)
{
    if (!getenv("GR_CONFORMANCE"))
        return;
    struct dirent **list;
    int n = scandir(conformance_dir(), &list, NULL, name_order);
    int files = 0, same = 0;
    for (int i = 0; i < n; i++) {
        if (list[i]->d_name[0] != '.') {
            tally t = run_case(list[i]->d_name, 1);
            if (t.files)
                printf("CASE %s %d/%d\n", list[i]->d_name, t.same, t.files);
            files += t.files, same += t.same;
        }
        free(list[i]);
    }
    free(list);
    printf("TOTAL %d/%d identical\n", same, files);
}
END_TEST


/* ------------------------------------------------------------------ */
/* UI markup (outputs.md §8.6 examples U1–U24)                          */
/* ------------------------------------------------------------------ */

START_TEST(ui_same_as_reference)
{
    /* shapes the reference gets right are kept byte for byte */
    expect_ui("<Text value=\"x\" />", "<Text value=\"x\" />");
    expect_ui("<div><if condition={a}><p>A</p></if><if condition={b}><p>B</p></if>"
              "<else><p>notB</p></else></div>",
              "<div>{a ? (\n<p>A</p>\n) : null}{b ? (\n<p>B</p>\n) : (\n<p>notB</p>\n)}</div>");
    expect_ui("<ul><Row for:each={r in rows} data={r} /></ul>",
              "<ul>{rows.map((r, index) => (\n<Row data={r}  key={index} />\n))}</ul>");
    expect_ui("<span><slot name=\"icon\"/><slot/>{children}</span>",
              "<span>{icon}{children}{children}</span>");
    expect_ui("<div><else>stray</else><elseif condition={z}>s2</elseif><p>k</p></div>",
              "<div>strays2<p>k</p></div>");
    expect_ui("<Stack>\n  <Text>\n    Hello\n    world\n  </Text>\n</Stack>",
              "<Stack><Text>Hello\n    world</Text></Stack>");
    expect_ui("<div>{}</div>", "<div>{}</div>");
    expect_ui("<form on:submit={save} class=\"f\"></form>",
              "<form onSubmit={save} className=\"f\" />");
}
END_TEST

START_TEST(ui_text_keeps_jsx_spaces)
{
    /* O-09: the blanks JSX keeps stay; blanks running into a line break go */
    expect_ui("<div>Hello   world {a}  tail<span>x</span></div>",
              "<div>Hello   world {a}  tail<span>x</span></div>");
    expect_ui("<p>{!done} {count}</p>", "<p>{!done} {count}</p>");
    expect_ui("<p>\n  Clicks: {count}\n</p>", "<p>Clicks: {count}</p>");
    /* characters JSX reserves in text are escaped */
    expect_ui("<p>a > b</p>", "<p>a {'>'} b</p>");
}
END_TEST

START_TEST(ui_roots_in_fragment)
{
    /* Q-21, O-10: several roots, top-level text, a root chain or loop */
    expect_ui("Just some text {x}", "<>Just some text {x}</>");
    expect_ui("Hello <b>x</b> bye", "<>Hello <b>x</b> bye</>");
    expect_ui("<p>a</p><p>b</p>", "<><p>a</p><p>b</p></>");
    expect_ui("<div><p>a</p></div><br/>", "<><div><p>a</p></div><br /></>");
    expect_ui("<div for:each={q in qs}>{q}</div>",
              "<>{qs.map((q, index) => (\n<div key={index}>{q}</div>\n))}</>");
    expect_ui("<if condition={a}><p>A</p></if><else><p>B</p></else>",
              "<>{a ? (\n<p>A</p>\n) : (\n<p>B</p>\n)}</>");
}
END_TEST

START_TEST(ui_attributes)
{
    /* O-11, O-12, D-06, D-08 */
    expect_ui("<form on:submit={save} class=\"f\" data-id=\"7\" title={v} alt=\"{v}\" "
              "width=100 hidden xlink:href=\"u\"></form>",
              "<form onSubmit={save} className=\"f\" data-id=\"7\" title={v} alt={v} "
              "width=\"100\" hidden xlinkHref=\"u\" />");
    expect_ui("<div sx={{color: 'red'}}>s</div>", "<div sx={{color: 'red'}}>s</div>");
    expect_ui("<Button on:click={() => go()}>Go</Button>",
              "<Button onClick={() => go()}>Go</Button>");
    expect_ui("<Button on:click={greet(\"World\")}>Hi</Button>",
              "<Button onClick={() => greet(\"World\")}>Hi</Button>");
    expect_ui("<div on:mouse-enter={hover}>x</div>", "<div onMouseEnter={hover}>x</div>");
    expect_ui("<label for=\"n\" tabindex=\"1\">x</label>",
              "<label htmlFor=\"n\" tabIndex=\"1\">x</label>");
    expect_ui("<p style=\"color: red; font-size: 2px\">x</p>",
              "<p style={{ color: 'red', fontSize: '2px' }}>x</p>");
    expect_ui("<Input bind:value={name} />",
              "<Input value={name} onChange={(e) => setName(e.target.value)} />");
    expect_ui("<Input bind:checked={on} bind:disabled={off} bind:foo={v} />",
              "<Input checked={on} onChange={(e) => setV(e.target?.value ?? e.target?.checked)} "
              "disabled={off} foo={v} />");
    expect_ui("<p class=\"a\" class=\"b\">x</p>", "<p className=\"b\">x</p>");
}
END_TEST

START_TEST(ui_loops_and_branches)
{
    /* O-13: the key goes on each item's root element */
    expect_ui("<ul><li for:each={item in items} class=\"row\">{item.name}</li></ul>",
              "<ul>{items.map((item, index) => (\n<li className=\"row\" key={index}>"
              "{item.name}</li>\n))}</ul>");
    expect_ui("<ul><li for:each=\"{x in xs}\"><Badge /><b>{x}</b></li></ul>",
              "<ul>{xs.map((x, index) => (\n<li key={index}><Badge /><b>{x}</b></li>\n))}</ul>");
    expect_ui("<ul><li for:each={x in xs} key={x.id}>{x}</li></ul>",
              "<ul>{xs.map((x, index) => (\n<li key={x.id}>{x}</li>\n))}</ul>");
    /* D-04 directives; several items in a keyed fragment */
    expect_ui("<div>{#each p in posts}<h2>{p.t}</h2><p>{p.b}</p>{/each}</div>",
              "<div>{posts.map((p, index) => (\n<React.Fragment key={index}><h2>{p.t}</h2>"
              "<p>{p.b}</p></React.Fragment>\n))}</div>");
    /* O-14, Q-22: every branch is one expression, nested chains keep all */
    expect_ui("<div><if condition={a}>A</if><elseif condition=\"b\">B</elseif>"
              "<elseif condition={c}>C</elseif></div>",
              "<div>{a ? (\n<>A</>\n) : b ? (\n<>B</>\n) : c ? (\n<>C</>\n) : null}</div>");
    expect_ui("<div><if condition={a}>A</if><else><section><if condition={b}>B</if>"
              "<else>C</else></section></else></div>",
              "<div>{a ? (\n<>A</>\n) : (\n<section>{b ? (\n<>B</>\n) : (\n<>C</>\n)}"
              "</section>\n)}</div>");
    expect_ui("<div><if condition={a}>A{:else}B{/if}</div>",
              "<div>{a ? (\n<>A</>\n) : (\n<>B</>\n)}</div>");
    expect_ui("<div>{#if n == 0}<p>none</p>{:elseif n > 9}<p>many</p>{/if}</div>",
              "<div>{n == 0 ? (\n<p>none</p>\n) : n > 9 ? (\n<p>many</p>\n) : null}</div>");
    expect_ui("<ul><li for:each={i in xs}><if condition={i.a}>X</if>"
              "<elseif condition={i.b}><Icon /></elseif><else>Y</else></li></ul>",
              "<ul>{xs.map((i, index) => (\n<li key={index}>{i.a ? (\n<>X</>\n) : i.b ? (\n"
              "<Icon />\n) : (\n<>Y</>\n)}</li>\n))}</ul>");
    expect_ui("<div><if condition={a}><Badge for:each={t in ts} /></if></div>",
              "<div>{a ? (\n<>{ts.map((t, index) => (\n<Badge  key={index} />\n))}</>\n) : "
              "null}</div>");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Pages (outputs.md §7.3)                                             */
/* ------------------------------------------------------------------ */

START_TEST(page_r1)
{
    expect_page("page Home {\n  state {\n    count: Integer = 0\n  }\n  action bump() {\n"
                "    count = count + 1\n  }\n  ui {\n    <Stack>\n      <Text>Clicks: {count}"
                "</Text>\n      <Button on:click={bump}>More</Button>\n      <PostCard title="
                "\"Hello\" />\n    </Stack>\n  }\n}\ncomponent PostCard {\n  param title: String\n"
                "  ui {\n    <div class=\"card\"><h2>{title}</h2>{children}</div>\n  }\n}\n",
                "Home",
                "// AUTO-GENERATED by Locus. DO NOT EDIT. (react page)\n"
                "'use client';\n"
                "import React, { useState } from 'react';\n"
                "import { Button, Stack, Text } from '../runtime/_locusRuntime';\n"
                "import PostCard from '../components/PostCard'\n"
                "\n"
                "export default function Home() {\n"
                "  const [count, setCount] = useState(0);\n"
                "  function bump() {\n"
                "    setCount(count + 1)\n"
                "  }\n"
                "  return (\n"
                "    <Stack><Text>Clicks: {count}</Text><Button onClick={bump}>More</Button>"
                "<PostCard title=\"Hello\" /></Stack>\n"
                "  );\n"
                "}\n");
}
END_TEST

START_TEST(page_r2)
{
    expect_page(
        "page TaskBoard {\n  state {\n    tasks: list of String = []\n    filter: String = \"all\"\n"
        "    loading: Boolean = true\n  }\n  on load {\n    loading = false\n  }\n"
        "  action clear() {\n    tasks = []\n  }\n  ui {\n    <Stack>\n"
        "      <Input bind:checked={loading} on:change={clear} />\n      <ul>\n"
        "        <li for:each={task in tasks}>{task}</li>\n      </ul>\n"
        "      <if condition={loading}>\n        <Text>Loading...</Text>\n      </if>\n"
        "      <elseif condition={filter}>\n        <p>Nothing</p>\n      </elseif>\n"
        "      <else>\n        <Badge for:each={t in tasks} label={t} />\n      </else>\n"
        "    </Stack>\n  }\n}\n\ncomponent Badge {\n  param label: String\n  ui {\n"
        "    <span class=\"badge\">{label}</span>\n  }\n}\n",
        "TaskBoard",
        "// AUTO-GENERATED by Locus. DO NOT EDIT. (react page)\n"
        "'use client';\n"
        "import React, { useState, useEffect } from 'react';\n"
        "import { Input, Stack, Text } from '../runtime/_locusRuntime';\n"
        "import Badge from '../components/Badge'\n"
        "\n"
        "export default function TaskBoard() {\n"
        "  const [tasks, setTasks] = useState<string[]>([]);\n"
        "  const [filter, setFilter] = useState(\"all\");\n"
        "  const [loading, setLoading] = useState(true);\n"
        "\n"
        "  useEffect(() => {\n"
        "    setLoading(false)\n"
        "  }, []);\n"
        "  function clear() {\n"
        "    setTasks([])\n"
        "  }\n"
        "  return (\n"
        "    <Stack><Input checked={loading} onChange={(e) => { setLoading(e.target.checked); "
        "clear(); }} /><ul>{tasks.map((task, index) => (\n"
        "<li key={index}>{task}</li>\n"
        "))}</ul>{loading ? (\n"
        "<Text>Loading...</Text>\n"
        ") : filter ? (\n"
        "<p>Nothing</p>\n"
        ") : (\n"
        "<>{tasks.map((t, index) => (\n"
        "<Badge label={t}  key={index} />\n"
        "))}</>\n"
        ")}</Stack>\n"
        "  );\n"
        "}\n");
}
END_TEST

START_TEST(page_r3_imports_whole_ui)
{
    /* O-05: tags after a line-ending `}` are imported too */
    const char *src = "page Trunc {\n  state {\n    n: Integer = 1\n  }\n  ui {\n    <Stack>\n"
                      "      {n}\n      <Button>Go</Button>\n      <Trunc />\n    </Stack>\n  }\n}\n"
                      "page Shadow {\n  ui {\n    <Stack><Button>x</Button><Text>y</Text></Stack>\n"
                      "  }\n}\ncomponent Button {\n  param label: String\n  ui {\n"
                      "    <button>{label}</button>\n  }\n}\n";
    expect_page(src, "Trunc",
                "// AUTO-GENERATED by Locus. DO NOT EDIT. (react page)\n"
                "'use client';\n"
                "import React, { useState } from 'react';\n"
                "import { Stack } from '../runtime/_locusRuntime';\n"
                "import Button from '../components/Button'\n"
                "\n"
                "export default function Trunc() {\n"
                "  const [n, setN] = useState(1);\n"
                "  return (\n"
                "    <Stack>{n}<Button>Go</Button><Trunc /></Stack>\n"
                "  );\n"
                "}\n");
    expect_page(src, "Shadow",
                "// AUTO-GENERATED by Locus. DO NOT EDIT. (react page)\n"
                "import React from 'react';\n"
                "import { Stack, Text } from '../runtime/_locusRuntime';\n"
                "import Button from '../components/Button'\n"
                "\n"
                "export default function Shadow() {\n"
                "  return (\n"
                "    <Stack><Button>x</Button><Text>y</Text></Stack>\n"
                "  );\n"
                "}\n");
}
END_TEST

START_TEST(page_r4_and_actions)
{
    const char *src = "page OnlyLoad {\n  on load { init() }\n  ui { <div>y</div> }\n}\n"
                      "page EmptyLoad {\n  on load { }\n}\n"
                      "page Act {\n  action rename(newName: String, n: Integer?, x) { }\n"
                      "  action pick(u: User) { log(u) }\n}\n";
    expect_page(src, "OnlyLoad",
                "// AUTO-GENERATED by Locus. DO NOT EDIT. (react page)\n"
                "'use client';\n"
                "import React, { useEffect } from 'react';\n"
                "\n"
                "export default function OnlyLoad() {\n"
                "\n"
                "  useEffect(() => {\n"
                "    init()\n"
                "  }, []);\n"
                "  return (\n"
                "    <div>y</div>\n"
                "  );\n"
                "}\n");
    expect_page(src, "EmptyLoad",
                "// AUTO-GENERATED by Locus. DO NOT EDIT. (react page)\n"
                "import React from 'react';\n"
                "\n"
                "export default function EmptyLoad() {\n"
                "  return (\n"
                "    <div />\n"
                "  );\n"
                "}\n");
    /* O-08: parameters kept, typed */
    expect_page(src, "Act",
                "// AUTO-GENERATED by Locus. DO NOT EDIT. (react page)\n"
                "'use client';\n"
                "import React from 'react';\n"
                "import { log } from '../runtime/_locusRuntime';\n"
                "\n"
                "export default function Act() {\n"
                "  function rename(newName: string, n?: number | null, x: any) {\n"
                "    \n"
                "  }\n"
                "\n"
                "  function pick(u: any) {\n"
                "    log(u)\n"
                "  }\n"
                "  return (\n"
                "    <div />\n"
                "  );\n"
                "}\n");
}
END_TEST

START_TEST(page_state_types)
{
    /* the declared type where the default alone does not give it */
    expect_page("page S {\n  state {\n    a: String = \"x\"\n    b: Decimal = 1.50\n"
                "    c: Boolean = false\n    d: list of User = []\n    e: User? = null\n"
                "    f: String? = null\n    g: Json = null\n    h: Integer? = 0\n  }\n}\n",
                "S",
                "// AUTO-GENERATED by Locus. DO NOT EDIT. (react page)\n"
                "'use client';\n"
                "import React, { useState } from 'react';\n"
                "\n"
                "export default function S() {\n"
                "  const [a, setA] = useState(\"x\");\n"
                "  const [b, setB] = useState(1.50);\n"
                "  const [c, setC] = useState(false);\n"
                "  const [d, setD] = useState<any[]>([]);\n"
                "  const [e, setE] = useState<any>(null);\n"
                "  const [f, setF] = useState<string | null>(null);\n"
                "  const [g, setG] = useState<any>(null);\n"
                "  const [h, setH] = useState<number | null>(0);\n"
                "  return (\n"
                "    <div />\n"
                "  );\n"
                "}\n");
}
END_TEST

START_TEST(page_async_load_and_typed_bindings)
{
    expect_page("page L {\n  state {\n    rows: list of Row = []\n    n: Integer = 0\n"
                "    flag: Boolean = false\n  }\n  on load {\n    rows = find(Row)\n  }\n"
                "  ui {\n    <div><Input bind:value={n} /><Input bind:value={flag} /></div>\n  }\n}\n",
                "L",
                "// AUTO-GENERATED by Locus. DO NOT EDIT. (react page)\n"
                "'use client';\n"
                "import React, { useState, useEffect } from 'react';\n"
                "import { Input, find } from '../runtime/_locusRuntime';\n"
                "\n"
                "export default function L() {\n"
                "  const [rows, setRows] = useState<any[]>([]);\n"
                "  const [n, setN] = useState(0);\n"
                "  const [flag, setFlag] = useState(false);\n"
                "\n"
                "  useEffect(() => {\n"
                "    (async () => {\n"
                "    setRows(await find(\"Row\"))\n"
                "    })();\n"
                "  }, []);\n"
                "  return (\n"
                "    <div><Input value={n} onChange={(e) => setN(Number(e.target.value))} />"
                "<Input checked={flag} onChange={(e) => setFlag(e.target.checked)} /></div>\n"
                "  );\n"
                "}\n");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Components (outputs.md §6.4)                                        */
/* ------------------------------------------------------------------ */

START_TEST(component_c1_children)
{
    expect_component(
        "component PostCard {\n  param title: String\n  ui {\n"
        "    <div class=\"card\"><h2>{title}</h2>{children}</div>\n  }\n}\n",
        "PostCard",
        "// AUTO-GENERATED by Locus. DO NOT EDIT. (react component)\n"
        "\n"
        "import React from 'react';\n"
        "\n"
        "interface PostCardProps { title: string; children: React.ReactNode }\n"
        "\n"
        "/* NOTE: One or more slot params were auto-added based on UI usage. Consider declaring "
        "them explicitly in the component definition for clarity. */\n"
        "\n"
        "export default function PostCard({ title, children, ...rest }: PostCardProps) {\n"
        "  return (\n"
        "    <div className=\"card\"><h2>{title}</h2>{children}</div>\n"
        "  );\n"
        "}\n",
        "Component PostCard: auto-added slot param 'children' (referenced in UI but not "
        "declared).");
}
END_TEST

START_TEST(component_c2_whole_ui_is_scanned)
{
    /* O-05: `{children}` ending a line is seen */
    expect_component(
        "component Card {\n  param title: String\n  ui {\n    <div class=\"card\">\n"
        "      <h2>{title}</h2>\n      {children}\n    </div>\n  }\n}\n",
        "Card",
        "// AUTO-GENERATED by Locus. DO NOT EDIT. (react component)\n"
        "\n"
        "import React from 'react';\n"
        "\n"
        "interface CardProps { title: string; children: React.ReactNode }\n"
        "\n"
        "/* NOTE: One or more slot params were auto-added based on UI usage. Consider declaring "
        "them explicitly in the component definition for clarity. */\n"
        "\n"
        "export default function Card({ title, children, ...rest }: CardProps) {\n"
        "  return (\n"
        "    <div className=\"card\"><h2>{title}</h2>{children}</div>\n"
        "  );\n"
        "}\n",
        "Component Card: auto-added slot param 'children' (referenced in UI but not "
        "declared).");
}
END_TEST

START_TEST(component_c3_style_and_empty)
{
    const char *src = "component Fancy {\n  param label: String\n  style_override {\n"
                      "    .fancy { color: red; }\n    .x { margin: 0 }\n  }\n  ui {\n"
                      "    <div class=\"fancy\">{label}</div>\n  }\n}\ncomponent Empty {\n}\n";
    project p;
    parse_source(&p, src);
    comp_text t = component_text(&p, "Fancy");
    EXPECT_STR(t.css, "/* AUTO-GENERATED by Locus. DO NOT EDIT. (component style) */\n"
                      ".fancy { color: red; }\n    .x { margin: 0 }\n");
    EXPECT_STR(t.tsx, "// AUTO-GENERATED by Locus. DO NOT EDIT. (react component)\n"
                      "\n"
                      "import React from 'react';\n"
                      "import './Fancy.css';\n"
                      "\n"
                      "interface FancyProps { label: string }\n"
                      "\n"
                      "\n"
                      "export default function Fancy({ label }: FancyProps) {\n"
                      "  return (\n"
                      "    <div className=\"fancy\">{label}</div>\n"
                      "  );\n"
                      "}\n");
    comp_text_free(&t);
    t = component_text(&p, "Empty");
    EXPECT_STR(t.tsx, "// AUTO-GENERATED by Locus. DO NOT EDIT. (react component)\n"
                      "\n"
                      "import React from 'react';\n"
                      "\n"
                      "\n"
                      "\n"
                      "export default function Empty() {\n"
                      "  return (\n"
                      "    <div />\n"
                      "  );\n"
                      "}\n");
    EXPECT_STR(t.css, "");
    comp_text_free(&t);
    grt_free(&p);
}
END_TEST

START_TEST(component_params_and_slots)
{
    /* O-07 types, optional and defaulted params, named slots, imports */
    expect_component(
        "component Tile {\n  param title: String = \"Untitled\"\n  param n: Decimal\n"
        "  param at: DateTime?\n  param meta: Json\n  param unused: Integer\n"
        "  param items: list of Item = []\n  ui {\n    <Panel x={headerSlot}>\n"
        "      <slot name=\"icon\"/>\n      <Text>{title} {n} {at} {meta}</Text>\n"
        "      <Badge for:each={i in items} />\n    </Panel>\n  }\n}\n"
        "component Panel { ui { <div/> } }\ncomponent Badge { ui { <b/> } }\n",
        "Tile",
        "// AUTO-GENERATED by Locus. DO NOT EDIT. (react component)\n"
        "\n"
        "import React from 'react';\n"
        "import { Text } from '../runtime/_locusRuntime';\n"
        "import Panel from './Panel'\n"
        "import Badge from './Badge'\n"
        "\n"
        "interface TileProps { title?: string; n: number; at?: string; meta: any; unused: "
        "number; items?: any[]; headerSlot?: React.ReactNode; icon?: React.ReactNode }\n"
        "\n"
        "/* NOTE: One or more slot params were auto-added based on UI usage. Consider declaring "
        "them explicitly in the component definition for clarity. */\n"
        "\n"
        "export default function Tile({ title = \"Untitled\", n, at, meta, items = [], "
        "headerSlot, icon }: TileProps) {\n"
        "  return (\n"
        "    <Panel x={headerSlot}>{icon}<Text>{title} {n} {at} {meta}</Text>"
        "{items.map((i, index) => (\n<Badge  key={index} />\n))}</Panel>\n"
        "  );\n"
        "}\n",
        "Component Tile: auto-added named slot param 'headerSlot' (referenced in UI).\n"
        "Component Tile: auto-added named slot param 'icon' (referenced in UI).");
    /* unbound params keep the reference's signature */
    expect_component("component Logo {\n  param size: Integer\n  ui { <img src=\"l.png\"/> }\n}\n",
                     "Logo",
                     "// AUTO-GENERATED by Locus. DO NOT EDIT. (react component)\n"
                     "\n"
                     "import React from 'react';\n"
                     "\n"
                     "interface LogoProps { size: number }\n"
                     "\n"
                     "\n"
                     "export default function Logo(logoProps: LogoProps) {\n"
                     "  return (\n"
                     "    <img src=\"l.png\" />\n"
                     "  );\n"
                     "}\n",
                     "");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Action and on-load bodies (gr_body.h)                                */
/* ------------------------------------------------------------------ */

static const gr_state_var body_states[] = {
    {{"count", 5}, GR_TS_NUMBER, 0}, {{"items", 5}, GR_TS_ANY, 1}, {{"error", 5}, GR_TS_STRING, 0}};
static const gr_action_ref body_actions[] = {{{"update", 6}, 0}};

static void expect_body(const char *body, const char *want, int want_async)
{
    gr_scope scope = {body_states, 3, NULL, 0};
    gr_body b = {&scope, 0, 0};
    gr_out out = GR_OUT_INIT;
    locus_arena *arena = locus_arena_new();
    ck_assert_int_eq(gr_translate_body(&out, (gr_str){body, strlen(body)}, &b, arena), 0);
    EXPECT_STR(gr_text(&out), want);
    ck_assert_int_eq(b.is_async, want_async);
    gr_out_free(&out);
    locus_arena_free(arena);
}

START_TEST(body_translation)
{
    /* valid TypeScript that uses no Locus idiom is copied as is */
    expect_body("console.log('loaded')", "console.log('loaded')", 0);
    expect_body("setCount(count + 1) // more\nconst x = { a: 1, b: f(2) }",
                "setCount(count + 1) // more\nconst x = { a: 1, b: f(2) }", 0);
    expect_body("if (count > 0) {\n  setCount(count - 1)\n}", "if (count > 0) {\n  setCount(count - 1)\n}",
                0);
    /* state assignments become setter calls */
    expect_body("count = count + 1", "setCount(count + 1)", 0);
    expect_body("error = null // Clear previous errors\ncount += 2",
                "setError(null) // Clear previous errors\nsetCount(count + (2))", 0);
    expect_body("items = [\n  1,\n  2\n]\ncount = 0", "setItems([\n  1,\n  2\n])\nsetCount(0)", 0);
    expect_body("if (ok) count = 1", "if (ok) setCount(1)", 0);
    expect_body("count = a +\n  b", "setCount(a +\n  b)", 0);
    expect_body("const count = 1\nitems.x = 2", "const count = 1\nitems.x = 2", 0);
    /* statements side by side */
    expect_body("items = find(Customer) count = 0",
                "setItems(await find(\"Customer\")); setCount(0)", 1);
    /* data calls: awaited, entity quoted, named arguments as options */
    expect_body("const p = await create(Product, {\n  name: n\n})",
                "const p = await create(\"Product\", {\n  name: n\n})", 1);
    expect_body("items = find(Post, where: { published: true }, orderBy: { at: \"desc\" })",
                "setItems(await find(\"Post\", { where: { published: true }, orderBy: { at: "
                "\"desc\" } }))",
                1);
    expect_body("delete(item)", "await remove(item)", 1);
    expect_body("update(task, { done: true })", "await update(task, { done: true })", 1);
    expect_body("f(a ? b : c)", "f(a ? b : c)", 0);
    /* `if cond {` */
    expect_body("if not ok or count < 8 {\n  error = \"short\"\n  return\n}",
                "if (!ok || count < 8) {\n  setError(\"short\")\n  return\n}", 0);
}
END_TEST

START_TEST(body_helpers)
{
    gr_scope scope = {body_states, 3, body_actions, 1};
    gr_body b = {&scope, 0, 0};
    gr_out out = GR_OUT_INIT;
    locus_arena *arena = locus_arena_new();
    const char *text = "log(\"x\")\nredirect(\"/\")\nx = findOne(User, where: { id: routeId })\n"
                       "update(x)\nconsole.log(1)";
    ck_assert_int_eq(gr_translate_body(&out, (gr_str){text, strlen(text)}, &b, arena), 0);
    EXPECT_STR(gr_text(&out), "log(\"x\")\nredirect(\"/\")\nx = await findOne(\"User\", { where: "
                              "{ id: routeId } })\nupdate(x)\nconsole.log(1)");
    ck_assert_uint_eq(b.helpers, (1u << GR_HELPER_LOG) | (1u << GR_HELPER_REDIRECT) |
                                     (1u << GR_HELPER_FIND_ONE) | (1u << GR_HELPER_ROUTE_ID));
    gr_out_free(&out);
    locus_arena_free(arena);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gen_react");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ui_same_as_reference);
    tcase_add_test(tc, ui_text_keeps_jsx_spaces);
    tcase_add_test(tc, ui_roots_in_fragment);
    tcase_add_test(tc, ui_attributes);
    tcase_add_test(tc, ui_loops_and_branches);
    tcase_add_test(tc, page_r1);
    tcase_add_test(tc, page_r2);
    tcase_add_test(tc, page_r3_imports_whole_ui);
    tcase_add_test(tc, page_r4_and_actions);
    tcase_add_test(tc, page_state_types);
    tcase_add_test(tc, page_async_load_and_typed_bindings);
    tcase_add_test(tc, component_c1_children);
    tcase_add_test(tc, component_c2_whole_ui_is_scanned);
    tcase_add_test(tc, component_c3_style_and_empty);
    tcase_add_test(tc, component_params_and_slots);
    tcase_add_test(tc, body_translation);
    tcase_add_test(tc, body_helpers);
    tcase_add_test(tc, corpus_identical);
    tcase_add_test(tc, shims_text);
    tcase_add_test(tc, corpus_report);
    suite_add_tcase(s, tc);
    SRunner *runner = srunner_create(s);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
