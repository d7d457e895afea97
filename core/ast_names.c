/* ast_names.c — printable names of AST kinds and field ids (for dumps and
 * diagnostics); kept in step with the enums of locus/ast.h. */
#include <stddef.h>

#include "locus/ast.h"

const char *locus_ast_kind_name(locus_ast_kind kind)
{
    switch (kind) {
    case LOCUS_AST_FILE: return "FILE";
    case LOCUS_AST_PROJECT: return "PROJECT";
    case LOCUS_AST_TYPE_ALIAS: return "TYPE_ALIAS";
    case LOCUS_AST_RAW: return "RAW";
    case LOCUS_AST_IDENT: return "IDENT";
    case LOCUS_AST_STRING: return "STRING";
    case LOCUS_AST_NUMBER: return "NUMBER";
    case LOCUS_AST_SIZE: return "SIZE";
    case LOCUS_AST_DURATION: return "DURATION";
    case LOCUS_AST_HEX_COLOR: return "HEX_COLOR";
    case LOCUS_AST_ARRAY: return "ARRAY";
    case LOCUS_AST_ENTRY: return "ENTRY";
    case LOCUS_AST_EMPTY: return "EMPTY";
    case LOCUS_AST_MIME: return "MIME";
    case LOCUS_AST_UNARY: return "UNARY";
    case LOCUS_AST_BINARY: return "BINARY";
    case LOCUS_AST_MEMBER: return "MEMBER";
    case LOCUS_AST_CALL: return "CALL";
    case LOCUS_AST_EXPR_ERROR: return "EXPR_ERROR";
    case LOCUS_AST_DATABASE: return "DATABASE";
    case LOCUS_AST_ENTITY: return "ENTITY";
    case LOCUS_AST_FIELD: return "FIELD";
    case LOCUS_AST_TYPE: return "TYPE";
    case LOCUS_AST_RELATION: return "RELATION";
    case LOCUS_AST_ATTRIBUTE: return "ATTRIBUTE";
    case LOCUS_AST_DESIGN_SYSTEM: return "DESIGN_SYSTEM";
    case LOCUS_AST_COLORS: return "COLORS";
    case LOCUS_AST_THEME: return "THEME";
    case LOCUS_AST_TYPOGRAPHY: return "TYPOGRAPHY";
    case LOCUS_AST_WEIGHTS: return "WEIGHTS";
    case LOCUS_AST_SPACING: return "SPACING";
    case LOCUS_AST_RADII: return "RADII";
    case LOCUS_AST_SHADOWS: return "SHADOWS";
    case LOCUS_AST_PAGE: return "PAGE";
    case LOCUS_AST_COMPONENT: return "COMPONENT";
    case LOCUS_AST_STORE: return "STORE";
    case LOCUS_AST_STATE_BLOCK: return "STATE_BLOCK";
    case LOCUS_AST_STATE_DECL: return "STATE_DECL";
    case LOCUS_AST_ON_LOAD: return "ON_LOAD";
    case LOCUS_AST_ACTION: return "ACTION";
    case LOCUS_AST_ACTION_PARAM: return "ACTION_PARAM";
    case LOCUS_AST_PARAM: return "PARAM";
    case LOCUS_AST_UI: return "UI";
    case LOCUS_AST_STYLE_OVERRIDE: return "STYLE_OVERRIDE";
    case LOCUS_AST_UI_ELEMENT: return "UI_ELEMENT";
    case LOCUS_AST_UI_TEXT: return "UI_TEXT";
    case LOCUS_AST_UI_EXPR: return "UI_EXPR";
    case LOCUS_AST_UI_IF: return "UI_IF";
    case LOCUS_AST_UI_ELSEIF: return "UI_ELSEIF";
    case LOCUS_AST_UI_ELSE: return "UI_ELSE";
    case LOCUS_AST_UI_EACH: return "UI_EACH";
    case LOCUS_AST_UI_SLOT: return "UI_SLOT";
    case LOCUS_AST_UI_ATTR: return "UI_ATTR";
    case LOCUS_AST_WORKFLOW: return "WORKFLOW";
    case LOCUS_AST_TRIGGER: return "TRIGGER";
    case LOCUS_AST_TRIGGER_EVENT: return "TRIGGER_EVENT";
    case LOCUS_AST_INPUT: return "INPUT";
    case LOCUS_AST_STEPS: return "STEPS";
    case LOCUS_AST_ON_ERROR: return "ON_ERROR";
    case LOCUS_AST_ON_FAILURE: return "ON_FAILURE";
    case LOCUS_AST_CONCURRENCY: return "CONCURRENCY";
    case LOCUS_AST_RETRY: return "RETRY";
    case LOCUS_AST_BRANCH_ELSE: return "BRANCH_ELSE";
    case LOCUS_AST_STEP_RUN: return "STEP_RUN";
    case LOCUS_AST_STEP_BRANCH: return "STEP_BRANCH";
    case LOCUS_AST_STEP_FOR_EACH: return "STEP_FOR_EACH";
    case LOCUS_AST_STEP_DELAY: return "STEP_DELAY";
    case LOCUS_AST_STEP_HTTP_REQUEST: return "STEP_HTTP_REQUEST";
    case LOCUS_AST_STEP_SEND_EMAIL: return "STEP_SEND_EMAIL";
    case LOCUS_AST_STEP_PARALLEL: return "STEP_PARALLEL";
    case LOCUS_AST_STEP_QUEUE_PUBLISH: return "STEP_QUEUE_PUBLISH";
    case LOCUS_AST_STEP_DB_TX: return "STEP_DB_TX";
    case LOCUS_AST_UPLOAD: return "UPLOAD";
    case LOCUS_AST_UPLOAD_FIELD: return "UPLOAD_FIELD";
    case LOCUS_AST_UPLOAD_STORE: return "UPLOAD_STORE";
    case LOCUS_AST_OK: return "OK";
    default: return NULL;
    }
}

const char *locus_ast_field_name(locus_ast_field field)
{
    switch (field) {
    case LOCUS_F_CHILDREN: return "CHILDREN";
    case LOCUS_F_NAME: return "NAME";
    case LOCUS_F_NUMBER: return "NUMBER";
    case LOCUS_F_TYPE: return "TYPE";
    case LOCUS_F_ATTRS: return "ATTRS";
    case LOCUS_F_ARGS: return "ARGS";
    case LOCUS_F_VALUE: return "VALUE";
    case LOCUS_F_TARGET: return "TARGET";
    case LOCUS_F_ALIAS: return "ALIAS";
    case LOCUS_F_CODE: return "CODE";
    case LOCUS_F_REL_KIND: return "REL_KIND";
    case LOCUS_F_ON_DELETE: return "ON_DELETE";
    case LOCUS_F_INVERSE: return "INVERSE";
    case LOCUS_F_GUARD: return "GUARD";
    case LOCUS_F_INIT: return "INIT";
    case LOCUS_F_PARAMS: return "PARAMS";
    case LOCUS_F_DEFAULT: return "DEFAULT";
    case LOCUS_F_BODY: return "BODY";
    case LOCUS_F_CONTENT: return "CONTENT";
    case LOCUS_F_OP: return "OP";
    case LOCUS_F_OPERAND: return "OPERAND";
    case LOCUS_F_LEFT: return "LEFT";
    case LOCUS_F_RIGHT: return "RIGHT";
    case LOCUS_F_OBJECT: return "OBJECT";
    case LOCUS_F_PROPERTY: return "PROPERTY";
    case LOCUS_F_CALLEE: return "CALLEE";
    case LOCUS_F_ERROR_OFFSET: return "ERROR_OFFSET";
    case LOCUS_F_EXPR: return "EXPR";
    case LOCUS_F_COND: return "COND";
    case LOCUS_F_ELIFS: return "ELIFS";
    case LOCUS_F_ELSE: return "ELSE";
    case LOCUS_F_ITEM: return "ITEM";
    case LOCUS_F_ITERABLE: return "ITERABLE";
    case LOCUS_F_ATTR_KIND: return "ATTR_KIND";
    case LOCUS_F_EVENT: return "EVENT";
    case LOCUS_F_ENTITY: return "ENTITY";
    case LOCUS_F_KEY: return "KEY";
    case LOCUS_F_SECRET: return "SECRET";
    case LOCUS_F_BINDING: return "BINDING";
    case LOCUS_F_BINDING_RAW: return "BINDING_RAW";
    case LOCUS_F_ACTION: return "ACTION";
    case LOCUS_F_ARGS_RAW: return "ARGS_RAW";
    case LOCUS_F_COND_RAW: return "COND_RAW";
    case LOCUS_F_MAX_SIZE: return "MAX_SIZE";
    case LOCUS_F_MAX_COUNT: return "MAX_COUNT";
    case LOCUS_F_MIME: return "MIME";
    case LOCUS_F_DATABASES: return "DATABASES";
    case LOCUS_F_ENTITIES: return "ENTITIES";
    case LOCUS_F_DESIGN_SYSTEMS: return "DESIGN_SYSTEMS";
    case LOCUS_F_PAGES: return "PAGES";
    case LOCUS_F_COMPONENTS: return "COMPONENTS";
    case LOCUS_F_STORES: return "STORES";
    case LOCUS_F_WORKFLOWS: return "WORKFLOWS";
    case LOCUS_F_UPLOADS: return "UPLOADS";
    case LOCUS_F_FILES: return "FILES";
    case LOCUS_F_SORTED_COMPONENTS: return "SORTED_COMPONENTS";
    default: return NULL;
    }
}
