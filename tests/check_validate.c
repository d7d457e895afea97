/* check_validate.c — tests of the validate stage (plugins/validate): every
 * check of validation.md §8 with its exact text and position, the warnings
 * of §9 and their order, the deprecation records, and the behaviours
 * decisions.md fixes. Sources are parsed with liblocuslang and merged with
 * the merge stage's code (plugins/merge/testkit.h). */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"
#include "validate.h"
#include "vtext.h"

/* One validation run over parsed and merged sources. */
typedef struct run {
    tk_project proj;
    locus_arena *arena;
    lv_result res;
} run;

static void run_sources(run *r, const tk_source *src, size_t n, const lv_options *opts)
{
    memset(r, 0, sizeof *r);
    ck_assert_int_eq(tk_build(src, n, &r->proj), 0);
    if (r->proj.parse_failed)
        ck_abort_msg("%s does not parse: %u:%u %s", r->proj.failed_key, r->proj.diag.line,
                     r->proj.diag.column, r->proj.diag.message);
    if (r->proj.merge.has_error)
        ck_abort_msg("merge error: %s", r->proj.merge.error.message);
    r->arena = locus_arena_new();
    ck_assert_int_eq(lv_validate(&r->proj.project, opts, r->arena, &r->res), 0);
}

static void run_text(run *r, const char *text)
{
    tk_source s = {"main.locus", text};
    run_sources(r, &s, 1, NULL);
}

static void run_free(run *r)
{
    locus_arena_free(r->arena);
    tk_free(&r->proj);
}

/* The error must be `message`, at line:column when line is not 0. */
static void expect_error_at(const char *text, const char *message, uint32_t line,
                            uint32_t column)
{
    run r;
    run_text(&r, text);
    ck_assert_msg(r.res.has_error, "no error for: %s (want %s)", text, message);
    ck_assert_str_eq(r.res.error.message, message);
    ck_assert_ptr_nonnull(r.res.error.file);
    ck_assert_str_eq(r.res.error.file, "main.locus");
    ck_assert_uint_gt(r.res.error.line, 0);
    if (line) {
        ck_assert_uint_eq(r.res.error.line, line);
        ck_assert_uint_eq(r.res.error.column, column);
    }
    run_free(&r);
}

static void expect_error(const char *text, const char *message)
{
    expect_error_at(text, message, 0, 0);
}

/* No error, and exactly these warnings in this order (NULL-terminated). */
static void expect_warnings(const char *text, ...)
{
    run r;
    run_text(&r, text);
    ck_assert_msg(!r.res.has_error, "unexpected error: %s", r.res.error.message);
    va_list ap;
    va_start(ap, text);
    size_t i = 0;
    for (const char *w; (w = va_arg(ap, const char *)); i++) {
        ck_assert_msg(i < r.res.warnings.count, "missing warning %zu: %s", i, w);
        ck_assert_str_eq(r.res.warnings.items[i].message, w);
    }
    va_end(ap);
    ck_assert_msg(i == r.res.warnings.count, "extra warning: %s",
                  i < r.res.warnings.count ? r.res.warnings.items[i].message : "");
    run_free(&r);
}

#define NO_WARNINGS NULL

/* ---------------------------------------------------------------- phase 1 */

START_TEST(entity_field_checks)
{
    expect_error("database { entity U { n: Integer? @default(null) } }",
                 "Field 'n' cannot have default null when optional-only (mark as nullable or "
                 "remove default).");
    expect_warnings("database { entity U { n: Integer nullable @default(null) } }", NO_WARNINGS);
    expect_error_at("database { entity U { n: Integer? nullable } }",
                    "Field 'n' cannot be both optional and nullable", 1, 23);
    expect_error("database { entity U { n: Integer? | Null } }",
                 "Field 'n' cannot be both optional and nullable");
    expect_error("database { entity U { n: String @min(1) } }",
                 "@min constraint only valid on numeric fields (Integer, Decimal, Float, BigInt).");
    expect_error("database { entity U { n: Integer[] @max(1) } }",
                 "@max constraint only valid on numeric fields (Integer, Decimal, Float, BigInt).");
    /* without a numeric argument the reference records no constraint */
    expect_warnings("database { entity U { n: String @min @min(\"a\") } }", NO_WARNINGS);
    expect_error("database { entity U { n: Integer @length(1, 5) } }",
                 "@length constraint only valid on String/Text fields.");
    expect_warnings("database { entity U { n: Text @length(1, 5) m: Float @min(0) } }",
                    NO_WARNINGS);
}
END_TEST

START_TEST(entity_relation_checks)
{
    expect_error("database { entity A { id: Integer } entity B { r1: has_one A r2: has_one A } }",
                 "duplicate has_one relations to 'A' on entity 'B'");
    /* the target that appears first wins, not the first one repeated */
    expect_error("database { entity A { id: Integer } entity C { id: Integer } entity B { "
                 "a: has_one A c: has_one C c2: has_one C a2: has_one A } }",
                 "duplicate has_one relations to 'A' on entity 'B'");
    expect_error("database { entity B { id: Integer a: has_one Zed inverse: bs } }",
                 "Relation 'a' references missing target entity 'Zed'.");
    expect_error("database { entity A { id: Integer } entity B { a: has_one A inverse: bs } }",
                 "Relation 'a' declares inverse 'bs' not found on target 'A'.");
    expect_warnings("database { entity A { bs: has_many B } entity B { a: has_one A inverse: bs } }",
                    NO_WARNINGS);
    /* the inverse's own target must be the declaring entity */
    expect_error("database { entity A { bs: has_many A } entity B { a: has_one A inverse: bs } }",
                 "Relation 'a' declares inverse 'bs' not found on target 'A'.");
}
END_TEST

START_TEST(entity_warnings)
{
    expect_warnings("database { entity user { id: Integer } }",
                    "Entity 'user' should use PascalCase.", NO_WARNINGS);
    expect_warnings(
        "database { entity User { name: String (unique) } }",
        "Deprecated attribute syntax '(attr)' on field 'name' in entity 'User'. Use '@attr'. "
        "(removal: TBD)",
        "Deprecated (legacy) attribute syntax '(...)' on field 'name'. Use '@' form. (removal: "
        "0.4.0)\n  e.g. change: name String (unique) -> name String @unique",
        NO_WARNINGS);
}
END_TEST

/* ---------------------------------------------------------- phases 2 to 5 */

START_TEST(naming_warnings)
{
    expect_warnings("page p_x { } component c { } workflow w { trigger { t } steps { } } "
                    "upload u { field a mime: [pdf] }",
                    "Page 'p_x' should use PascalCase.", "Component 'c' should use PascalCase.",
                    "Workflow 'w' should use PascalCase.",
                    "Upload policy 'u' should use PascalCase.", NO_WARNINGS);
    locus_buf text = LOCUS_BUF_INIT;
    locus_buf_puts(&text, "page P { action a() {} } workflow W { trigger { t } steps {");
    for (int i = 0; i < 51; i++)
        locus_buf_puts(&text, " run a()");
    locus_buf_puts(&text, " } }");
    expect_warnings(text.data, "Workflow 'W' complexity warning: 51 steps exceeds threshold 50.",
                    NO_WARNINGS);
    locus_buf_free(&text);
}
END_TEST

START_TEST(component_cycles)
{
    expect_error_at("component C { ui { <B/> } } component B { ui { <C/> } }",
                    "Circular component dependency detected: C -> B -> C", 1, 11);
    expect_error("component X { ui { <div><A/></div> } } component A { ui { <B/> } } "
                 "component B { ui { <A/> } }",
                 "Circular component dependency detected: X -> A -> B -> A");
    expect_error("component A { ui { <if condition={x}><B/></if><else><span/></else> } } "
                 "component B { ui { <A/> } }",
                 "Circular component dependency detected: A -> B -> A");
    /* self-use and loops are not followed (as the reference) */
    expect_warnings("component C { ui { <C/> } }", NO_WARNINGS);
    expect_warnings("component A { ui { <li for:each={x in xs}><B/></li> } } "
                    "component B { ui { <A/> } }",
                    "Bounds checking: unbounded iteration over 'xs' in UI forEach; consider "
                    "validating length.",
                    NO_WARNINGS);
}
END_TEST

/* ----------------------------------------------------------------- phase 6 */

START_TEST(workflow_blocks)
{
    expect_error_at("workflow W { steps { } }",
                    "Workflow 'W' is missing required 'trigger' block.", 1, 10);
    expect_error_at("workflow W { trigger { t } }",
                    "Workflow 'W' is missing required 'steps' block.", 1, 10);
    expect_error_at("workflow W { trigger { on:webhook on:create(A) } steps { } }",
                    "Workflow 'W' cannot mix webhook and entity triggers.", 1, 10);
    expect_error_at("workflow W { trigger { on webhook() } steps { } }",
                    "Workflow 'W' webhook trigger missing secret reference.", 1, 10);
    expect_warnings("workflow W { trigger { on webhook(secret: S) } steps { } }", NO_WARNINGS);
    expect_error_at("workflow W { trigger { t } concurrency { limit: 0 } steps { } }",
                    "Workflow 'W' concurrency.limit must be 1..10000.", 1, 49);
    expect_warnings("workflow W { trigger { t } concurrency { limit: 10000 } steps { } }",
                    NO_WARNINGS);
}
END_TEST

START_TEST(workflow_retry)
{
    expect_error_at("workflow W { trigger { t } retry {\n  foo: 2 } steps { } }",
                    "Workflow 'W' retry.foo is not supported.", 2, 3);
    expect_error_at("workflow W { trigger { t } retry { max: 1\n  foo: 2 } steps { } }",
                    "Workflow 'W' retry.foo is not supported.", 1, 10);
    expect_error("workflow W { trigger { t } retry { max: -1 } steps { } }",
                 "Workflow 'W' retry.max must be 0..100.");
    expect_error("workflow W { trigger { t } retry { max: 101 } steps { } }",
                 "Workflow 'W' retry.max must be 0..100.");
    expect_error("workflow W { trigger { t } retry { backoff: linear } steps { } }",
                 "Workflow 'W' retry.backoff must be fixed|exponential.");
    expect_error_at("workflow W { trigger { t } retry { backoff: exponential factor: 1 } steps { } }",
                    "Workflow 'W' retry.factor must be >1 for exponential.", 1, 10);
    /* factor <= 1 without exponential, and a non-integer max, are fine */
    expect_warnings("workflow W { trigger { t } retry { max: 2.5, backoff: fixed, factor: 1, "
                    "delay: 5s } steps { } }",
                    NO_WARNINGS);
}
END_TEST

START_TEST(workflow_bindings)
{
    expect_error_at("page P { action a {} } workflow W { input { x } trigger { t } steps { "
                    "const x = run a() } }",
                    "Workflow 'W' binding 'x' shadows reserved input/state name.", 1, 33);
    expect_error("page P { action a {} } workflow W { state { n: Integer = 0 } trigger { t } "
                 "steps { const n = run a() } }",
                 "Workflow 'W' binding 'n' shadows reserved input/state name.");
    expect_error("page P { action a {} } workflow W { trigger { t } steps { const x = run a() "
                 "const x = run a() } }",
                 "Workflow 'W' redeclares binding 'x'.");
}
END_TEST

START_TEST(workflow_actions)
{
    expect_error_at("workflow W { trigger { t } steps { run missing() } }",
                    "Workflow 'W' references unknown action 'missing'.", 1, 40);
    /* Q-37 fixed: nested run steps are checked, store actions count */
    expect_error("workflow W { trigger { t } steps { branch { condition: x steps { run "
                 "missing() } } } }",
                 "Workflow 'W' references unknown action 'missing'.");
    expect_error("workflow W { trigger { t } steps { forEach i in xs { run missing(i) } } }",
                 "Workflow 'W' references unknown action 'missing'.");
    expect_warnings("store S { action save() { x() } } workflow W { trigger { t } steps { run "
                    "save() } }",
                    NO_WARNINGS);
}
END_TEST

START_TEST(workflow_send_email)
{
    expect_error_at("workflow W { trigger { t } steps { send_email { subject: Hi } } }",
                    "Workflow 'W' send_email missing 'to'.", 1, 36);
    expect_error("workflow W { trigger { t } steps { send_email { to: someone } } }",
                 "Workflow 'W' send_email requires 'subject' or 'template'.");
    expect_error("workflow W { trigger { t } steps { send_email { to: \"a@b.c\" subject: "
                 "\"Hello\nWorld\" } } }",
                 "Workflow 'W' send_email subject contains newline characters.");
    expect_error_at("workflow W { trigger { t } steps { send_email { to: \"a b\", subject: x } } }",
                    "Workflow 'W' send_email 'to' appears invalid: 'a b'.", 1, 36);
    expect_error("workflow W { trigger { t } steps { send_email { to: \"user@example.com\" "
                 "template: \"/etc/passwd\" } } }",
                 "Workflow 'W' send_email template path '/etc/passwd' must be relative and not "
                 "contain '..'.");
    expect_error("workflow W { trigger { t } steps { send_email { to: a, template: \"x/../y\" } } }",
                 "Workflow 'W' send_email template path 'x/../y' must be relative and not contain "
                 "'..'.");
    /* Q-25 fixed: keys are whole keys, `total` is not `to` */
    expect_error("workflow W { trigger { t } steps { send_email { total: 5, subject: x } } }",
                 "Workflow 'W' send_email missing 'to'.");
    expect_warnings("workflow W { trigger { t } steps { send_email { to: userEmail, subject: "
                    "Welcome, template: welcome.html } } }",
                    NO_WARNINGS);
}
END_TEST

START_TEST(workflow_http)
{
    expect_error_at("workflow W { trigger { t } steps { http_request { url: \"http://x\" } } }",
                    "Workflow 'W' http_request must use HTTPS (add allow_insecure: true to "
                    "override).",
                    1, 36);
    expect_warnings("workflow W { trigger { t } steps { http_request { url: \"http://x\", "
                    "allow_insecure: true } http_request { url: \"https://x\" } } }",
                    NO_WARNINGS);
}
END_TEST

/* ----------------------------------------------------------------- phase 7 */

START_TEST(workflow_order_and_w08)
{
    expect_error_at("page P { action a {} action b {} } workflow W { trigger { t } steps { run "
                    "a(x: later) const later = run b() } }",
                    "Workflow 'W' step dependency error: binding 'later' referenced before "
                    "declaration.",
                    1, 75);
    /* Q-31 fixed: a used binding gets no W-08 */
    expect_warnings("page P { action a() {} } workflow W { trigger { t } steps { const x = run "
                    "a() run a(x) } }",
                    NO_WARNINGS);
    expect_warnings("page P { action a() {} } workflow W { trigger { t } steps { const x = run "
                    "a() branch { condition: x > 1 steps { run a() } } } }",
                    NO_WARNINGS);
    /* unused: run-step bindings first, then the others, each in step order */
    expect_warnings("page P { action a() {} } workflow W { trigger { t } steps { const m = "
                    "send_email { to: a, subject: b } const x = run a() const y = run a() } }",
                    "unused workflow binding 'x'.", "unused workflow binding 'y'.",
                    "unused workflow binding 'm'.", NO_WARNINGS);
    expect_warnings("workflow W { trigger { t } steps { http_request { url: \"https://x/${ "
                    "input.id}\" } } }",
                    "Potential unsafe interpolation in http_request step of workflow 'W'. "
                    "Consider sanitizing inputs.",
                    NO_WARNINGS);
}
END_TEST

/* ----------------------------------------------------------------- phase 8 */

START_TEST(ui_warnings)
{
    expect_warnings("page P { state { items: list of String = [] } ui { <ul><li for:each={item "
                    "in items}>{item}</li></ul> } }",
                    "Bounds checking: unbounded iteration over 'items' in UI forEach; consider "
                    "validating length.",
                    NO_WARNINGS);
    expect_warnings("page P { ui { <ul><li for:each={item in order.items} title={item.x}>x</li>"
                    "</ul> } }",
                    "Bounds checking: unbounded iteration over 'order.items' in UI forEach; "
                    "consider validating length.",
                    NO_WARNINGS);
    expect_warnings("page P { ui { <li for:each={items}>x</li> } }",
                    "Bounds checking: unbounded iteration over 'items' in UI forEach; consider "
                    "validating length.",
                    "Unknown identifier 'items' in UI expression (page/component).", NO_WARNINGS);
    expect_warnings("page P { state { a: Integer = 1 } ui { <div title={a} x={f(b, c.d, now)} "
                    "y={b}>{zz}</div> } }",
                    "Unknown identifier 'f' in UI expression (page/component).",
                    "Unknown identifier 'b' in UI expression (page/component).",
                    "Unknown identifier 'c' in UI expression (page/component).",
                    "Unknown identifier 'b' in UI expression (page/component).", NO_WARNINGS);
    /* Q-34 fixed: component parameters are known */
    expect_warnings("component C { param a: String ui { <div title={a} x={q}>{a}</div> } }",
                    "Unknown identifier 'q' in UI expression (page/component).", NO_WARNINGS);
}
END_TEST

/* ------------------------------------------------------------ phases 9-13 */

START_TEST(relation_hints)
{
    expect_warnings("database { entity A { id: Integer } entity B { id: Integer a: belongs_to A "
                    "b: belongs_to A } }",
                    "Relation indexing hint: entity 'B' has multiple belongs_to without explicit "
                    "indexing. Consider adding @unique/@index.",
                    NO_WARNINGS);
    /* Q-35 fixed: @unique (or @index) counts as explicit indexing */
    expect_warnings("database { entity A { id: Integer } entity B { id: Integer a: belongs_to A "
                    "@unique b: belongs_to A } }",
                    NO_WARNINGS);
    /* Q-36/D-12 fixed: set_null needs a nullable relation */
    expect_error("database { entity A { id: Integer } entity B { aId: Integer a: belongs_to A "
                 "on_delete: set_null } }",
                 "on_delete: set_null requires nullable or optional relation field 'a' on entity "
                 "'B'.");
    expect_warnings("database { entity A { id: Integer } entity B { aId: Integer? a: belongs_to "
                    "A on_delete: set_null } }",
                    NO_WARNINGS);
    expect_warnings("database { entity A { id: Integer } entity B { a: belongs_to A? on_delete: "
                    "set_null } }",
                    NO_WARNINGS);
}
END_TEST

START_TEST(page_hints_and_unused_actions)
{
    expect_warnings("page P { on load { onLoad { x() } } }",
                    "Use canonical 'on load' instead of 'onLoad' in page 'P'.", NO_WARNINGS);
    expect_warnings("page P { action a() {} action b() {} action a() {} } workflow W { trigger "
                    "{ t } steps { run b() } }",
                    "Unused action 'a'. Remove it or reference it from a workflow.",
                    "Unused action 'a'. Remove it or reference it from a workflow.", NO_WARNINGS);
    /* Q-37 fixed: nested run steps count as references */
    expect_warnings("page P { action a() {} } workflow W { trigger { t } steps { branch { "
                    "condition: x steps { run a() } } } }",
                    NO_WARNINGS);
}
END_TEST

START_TEST(upload_checks)
{
    expect_error_at("upload U { store strategy: local path: \"u/\" naming: uuid }",
                    "Upload policy 'U' must declare at least one field.", 1, 8);
    expect_error_at("upload U { field a mime: [pdf] field a mime: [png] }",
                    "Upload policy 'U' duplicate field 'a'.", 1, 8);
    expect_error_at("upload U { field a mime: [pdf] store strategy: local }",
                    "Upload policy 'U' storage path required.", 1, 8);
    expect_error("upload U { field a mime: [pdf] store strategy: local path: \"\" naming: uuid }",
                 "Upload policy 'U' storage path required.");
    expect_error("upload U { field a mime: [pdf] store path: \"u/\" }",
                 "Upload policy 'U' storage naming required.");
    expect_warnings("upload U { field a maxSize: 5MB maxCount: 3 mime: [image/png] required store "
                    "strategy: local path: \"u/\" naming: uuid }",
                    NO_WARNINGS);
}
END_TEST

START_TEST(design_system_checks)
{
    expect_error("database { entity A { id: Integer } entity B { a: belongs_to A } } "
                 "design_system { spacing { } }",
                 "belongs_to 'a' is missing required scalar foreign key 'aId'");
    expect_warnings("database { entity A { id: Integer } entity B { a: belongs_to A } }",
                    NO_WARNINGS);
    expect_error_at("design_system { spacing { Sm: 4 } }",
                    "Invalid design_system token name 'Sm'. Use lower_snake_case starting with a "
                    "letter.",
                    1, 31);
    expect_error("design_system { typography { weights { Bold: 700 } } }",
                 "Invalid design_system token name 'Bold'. Use lower_snake_case starting with a "
                 "letter.");
    expect_error_at("design_system { colors { light { primary: \"red\" } } }",
                    "Invalid color token light.primary='red'. Expected hex like #0a84ff.", 1, 43);
    /* D-10 fixed: 4- and 8-digit hex colours are valid */
    expect_warnings("design_system { colors { light { a: #abcd b: \"#aabbccdd\" c: #fff d: "
                    "\"#0a84ff\" } } }",
                    NO_WARNINGS);
    expect_error("design_system { typography { baseSize: 16 } }",
                 "Invalid typography.baseSize='16'. Use px/rem/em.");
    expect_error("design_system { typography { baseSize: \"\" } }",
                 "Invalid typography.baseSize=''. Use px/rem/em.");
    expect_error_at("design_system { typography { weights { bold: 50 } } }",
                    "Invalid typography.weights.bold='50'. Expected number 100-1000.", 1, 46);
    expect_warnings("design_system { typography { fontFamily: \"Inter\" baseSize: \"16px\" "
                    "weights { bold: 700 } } }",
                    NO_WARNINGS);
}
END_TEST

/* ---------------------------------------------------------- phases 14-16 */

START_TEST(database_pass)
{
    expect_error_at("database { entity U { id: Integer\n  id: Integer } }",
                    "Duplicate field name 'id' in entity 'U'.", 2, 3);
    expect_error_at("database { entity U { a: Integer @default(foo()) } }",
                    "Default function 'foo' not allowed. Allowed: now, uuid, cuid, nanoid, "
                    "autoincrement.",
                    1, 23);
    expect_error("database { entity A { name: String } entity B { a: has_many A (policy: "
                 "cascade) } }",
                 "Policy attribute only supported on belongs_to relation 'a'");
    expect_error("database { entity A { name: String } entity B { a: belongs_to A (policy: "
                 "nuke) } }",
                 "Unsupported relation policy 'nuke' on 'a'. Allowed: cascade, restrict, delete.");
    expect_error_at("database { entity B { a: belongs_to Zed x: has_many Zed y: has_one Q } }",
                    "Missing relation target(s): 'Zed' referenced by B.a, B.x; 'Q' referenced by "
                    "B.y",
                    1, 19);
}
END_TEST

START_TEST(field_defaults)
{
    expect_error("database { entity U { t: String[] @default(\"a\") } }",
                 "List field 't' cannot have a default value.");
    expect_error("database { entity U { n: Integer @default(1.5) } }",
                 "Integer default overflow: field 'n' value (1.5) outside range "
                 "-2147483648..2147483647.");
    expect_error("database { entity U { n: Integer @default(99999999999) } }",
                 "Integer default overflow: field 'n' value (99999999999) outside range "
                 "-2147483648..2147483647.");
    /* Q-38 fixed: nanoid() is on the one whitelist; Q-41: negative defaults */
    expect_warnings("database { entity U { n: String @default(nanoid()) m: Integer @default(-5) "
                    "k: Integer @default(2147483647) } }",
                    NO_WARNINGS);
}
END_TEST

/* ----------------------------------------------------------------- phase 19 */

START_TEST(component_ui_checks)
{
    expect_error("component C { ui { <div>{missingVar}</div> } }",
                 "Unknown identifier in UI expression: 'missingVar'");
    expect_warnings("component C { param title: String ui { <div>{title}{children}<ul><li "
                    "for:each={i in xs}>{i.name}</li></ul></div> } }",
                    "Bounds checking: unbounded iteration over 'xs' in UI forEach; consider "
                    "validating length.",
                    NO_WARNINGS);
    expect_error("component C { param a: String ui { <div>{a +}</div> } }",
                 "Invalid expression 'a +': Unexpected EOF");
    expect_error("component C { param a: String ui { <div bind:Value={a}>{a}</div> } }",
                 "Invalid bind target 'Value' on <div>.");
    expect_warnings("component C { param a: String ui { <div on:hover={a} onclick={a}>{a}</div> "
                    "} }",
                    "Warning: Unrecognized event 'onHover' on <div> (will pass through).",
                    "Warning: Event handler 'onclick' should be capitalized as 'onClick' on "
                    "<div>.",
                    NO_WARNINGS);
    /* D-06 fixed: kebab event names are camel-cased */
    expect_warnings("component C { param a: String ui { <div on:mouse-enter={a}>{a}</div> } }",
                    "Warning: Unrecognized event 'onMouseEnter' on <div> (will pass through).",
                    NO_WARNINGS);
    /* pages are not checked strictly (Q-39) */
    expect_warnings("page P { ui { <div>{missingVar}</div> } }", NO_WARNINGS);
}
END_TEST

/* ------------------------------------------- order, collisions, deprecations */

START_TEST(phase_precedence)
{
    expect_error("database { entity U { id: Integer id: Integer } } workflow W { steps { } }",
                 "Workflow 'W' is missing required 'trigger' block.");
    expect_error("database { entity B { a: has_many Zed } } design_system { colors { light { p: "
                 "\"red\" } } }",
                 "Invalid color token light.p='red'. Expected hex like #0a84ff.");
}
END_TEST

START_TEST(output_collisions)
{
    expect_error("database { entity User { id: Integer } entity user { id: Integer } }",
                 "Entities 'User' and 'user' would both generate 'routes/user.ts'; rename one of "
                 "them.");
    expect_error("database { entity index { id: Integer } }",
                 "Entity 'index' would overwrite the generated file 'validation/index.ts'; "
                 "rename the entity.");
    expect_error("page UserList { } page User_List { }",
                 "Pages 'UserList' and 'User_List' would both generate the Next.js route "
                 "'/user-list'; rename one of them.");
}
END_TEST

START_TEST(deprecation_records)
{
    run r;
    run_text(&r, "database { entity A { x: String (unique) t: list of String } }");
    ck_assert(!r.res.has_error);
    ck_assert_uint_eq(r.res.deprecations.count, 4);
    ck_assert_str_eq(r.res.deprecations.items[0].message,
                     "[deprecation] 'list of Type' syntax is deprecated; use 'Type[]' (removal: "
                     "0.5.0 | scheduled {date}) -> Replace 'list of String' with 'String[]'");
    ck_assert_str_eq(r.res.deprecations.items[1].message,
                     "[deprecation] Deprecated (legacy) attribute syntax '(...)' on field 'x'. "
                     "Use '@' form. (removal: 0.4.0 | scheduled {date}) -> Replace '(unique)' "
                     "with '@unique'");
    ck_assert_str_eq(r.res.deprecations.items[2].message,
                     "[deprecation] Legacy paren attribute syntax is deprecated (removal: v1.0.0 "
                     "| scheduled {date}) -> Use @attribute form");
    ck_assert_str_eq(r.res.deprecations.items[3].message,
                     "[deprecation-summary] list_of_syntax x1, paren_attr_field x1, paren_attr "
                     "x1");
    ck_assert_uint_eq(r.res.warnings.count, 2);
    run_free(&r);

    lv_options quiet = {1};
    tk_source s = {"main.locus", "database { entity A { x: String (unique) } }"};
    run_sources(&r, &s, 1, &quiet);
    ck_assert_uint_eq(r.res.deprecations.count, 0);
    ck_assert_uint_eq(r.res.warnings.count, 2);
    run_free(&r);
}
END_TEST

START_TEST(legacy_warnings_deduplicated)
{
    /* the same field name in two entities: one W-15 (phase 18 drops duplicates) */
    expect_warnings(
        "database { entity A { x: String (unique) } entity B { x: String (unique) r: belongs_to "
        "A (policy: cascade) } }",
        "Deprecated attribute syntax '(attr)' on field 'x' in entity 'A'. Use '@attr'. "
        "(removal: TBD)",
        "Deprecated attribute syntax '(attr)' on field 'x' in entity 'B'. Use '@attr'. "
        "(removal: TBD)",
        "Deprecated (legacy) attribute syntax '(...)' on field 'x'. Use '@' form. (removal: "
        "0.4.0)\n  e.g. change: name String (unique) -> name String @unique",
        "Deprecated (legacy) attribute syntax '(...)' on relation 'r'. Use '@' form. (removal: "
        "0.4.0)\n  e.g. change: belongs_to user User (policy: cascade) -> belongs_to user User "
        "@policy(cascade)",
        NO_WARNINGS);
}
END_TEST

START_TEST(toml_switch)
{
    const char *yes = "# cfg\n[auth]\nx = 1\n[deprecations]\n  suppressDeprecated = true # quiet\n";
    ck_assert(lv_toml_suppress_deprecated(yes, strlen(yes)));
    const char *no = "[deprecations]\nsuppressDeprecated = false\n";
    ck_assert(!lv_toml_suppress_deprecated(no, strlen(no)));
    const char *other = "[other]\nsuppressDeprecated = true\n";
    ck_assert(!lv_toml_suppress_deprecated(other, strlen(other)));
}
END_TEST

START_TEST(js_numbers)
{
    locus_arena *a = locus_arena_new();
    ck_assert_str_eq(lv_js_number(a, 50), "50");
    ck_assert_str_eq(lv_js_number(a, 1.5), "1.5");
    ck_assert_str_eq(lv_js_number(a, 99999999999.0), "99999999999");
    ck_assert_str_eq(lv_js_number(a, 1e21), "1e+21");
    ck_assert_str_eq(lv_js_number(a, 1e-7), "1e-7");
    ck_assert_str_eq(lv_js_number(a, 0.000001), "0.000001");
    ck_assert_str_eq(lv_js_number(a, -2147483649.0), "-2147483649");
    ck_assert_str_eq(lv_js_number(a, 0.1 + 0.2), "0.30000000000000004");
    ck_assert_str_eq(lv_js_number(a, 123e20), "1.23e+22");
    ck_assert_str_eq(lv_js_number(a, 0), "0");
    locus_arena_free(a);
}
END_TEST

START_TEST(errors_name_their_file)
{
    tk_source src[2] = {{"a.locus", "page P { action go() {} }"},
                        {"sub/b.locus", "workflow W {\n  trigger { t }\n  steps { run nope() } }"}};
    run r;
    run_sources(&r, src, 2, NULL);
    ck_assert(r.res.has_error);
    ck_assert_str_eq(r.res.error.message, "Workflow 'W' references unknown action 'nope'.");
    ck_assert_str_eq(r.res.error.file, "sub/b.locus");
    ck_assert_uint_eq(r.res.error.line, 3);
    ck_assert_uint_eq(r.res.error.column, 15);
    run_free(&r);
}
END_TEST

static Suite *validate_suite(void)
{
    Suite *s = suite_create("validate");
    TCase *tc = tcase_create("checks");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, entity_field_checks);
    tcase_add_test(tc, entity_relation_checks);
    tcase_add_test(tc, entity_warnings);
    tcase_add_test(tc, naming_warnings);
    tcase_add_test(tc, component_cycles);
    tcase_add_test(tc, workflow_blocks);
    tcase_add_test(tc, workflow_retry);
    tcase_add_test(tc, workflow_bindings);
    tcase_add_test(tc, workflow_actions);
    tcase_add_test(tc, workflow_send_email);
    tcase_add_test(tc, workflow_http);
    tcase_add_test(tc, workflow_order_and_w08);
    tcase_add_test(tc, ui_warnings);
    tcase_add_test(tc, relation_hints);
    tcase_add_test(tc, page_hints_and_unused_actions);
    tcase_add_test(tc, upload_checks);
    tcase_add_test(tc, design_system_checks);
    tcase_add_test(tc, database_pass);
    tcase_add_test(tc, field_defaults);
    tcase_add_test(tc, component_ui_checks);
    tcase_add_test(tc, phase_precedence);
    tcase_add_test(tc, output_collisions);
    tcase_add_test(tc, deprecation_records);
    tcase_add_test(tc, legacy_warnings_deduplicated);
    tcase_add_test(tc, toml_switch);
    tcase_add_test(tc, js_numbers);
    tcase_add_test(tc, errors_name_their_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(validate_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
