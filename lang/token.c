/* token.c — tables for token kinds: names, display text, keyword lookup,
 * raw-safety. Generated once from language.md §2.2 and §3, then kept by hand. */
#include <string.h>

#include "token.h"

static const char *const names[TK_COUNT] = {
    [TK_EOF] = "EOF", [TK_ERROR] = "Error", [TK_UNKNOWN] = "Unknown",
    [TK_IDENT] = "Identifier", [TK_STRING] = "StringLiteral", [TK_NUMBER] = "NumberLiteral",
    [TK_SIZE] = "SizeLiteral", [TK_HEX] = "HexColor", [TK_DURATION] = "Duration",
    [TK_LBRACE] = "LCurly",
    [TK_RBRACE] = "RCurly",
    [TK_COLON] = "Colon",
    [TK_LPAREN] = "LParen",
    [TK_RPAREN] = "RParen",
    [TK_COMMA] = "Comma",
    [TK_QUESTION] = "Question",
    [TK_LT] = "Less",
    [TK_GT] = "Greater",
    [TK_SLASH] = "SlashTok",
    [TK_DOT] = "DotTok",
    [TK_PLUS] = "PlusTok",
    [TK_MINUS] = "HyphenTok",
    [TK_SEMI] = "SemicolonTok",
    [TK_STAR] = "StarTok",
    [TK_PIPE] = "PipeTok",
    [TK_LBRACKET] = "LBracketTok",
    [TK_RBRACKET] = "RBracketTok",
    [TK_QUOTE] = "SingleQuoteTok",
    [TK_AT] = "AtSign",
    [TK_EQEQ] = "EqEq",
    [TK_NOTEQ] = "NotEq",
    [TK_ANDAND] = "AndAnd",
    [TK_OROR] = "OrOr",
    [TK_BANG] = "Bang",
    [TK_EQUALS] = "Equals",
    [TK_KW_DATABASE] = "Database",
    [TK_KW_ENTITY] = "Entity",
    [TK_KW_DESIGN_SYSTEM] = "DesignSystem",
    [TK_KW_COLORS] = "Colors",
    [TK_KW_TYPOGRAPHY] = "Typography",
    [TK_KW_SPACING] = "Spacing",
    [TK_KW_RADII] = "Radii",
    [TK_KW_SHADOWS] = "Shadows",
    [TK_KW_WEIGHTS] = "Weights",
    [TK_KW_HAS_MANY] = "HasMany",
    [TK_KW_BELONGS_TO] = "BelongsTo",
    [TK_KW_HAS_ONE] = "HasOne",
    [TK_KW_GUARD] = "Guard",
    [TK_KW_ELSEIF] = "ElseIf",
    [TK_KW_ELSE] = "Else",
    [TK_KW_IN] = "In",
    [TK_KW_STYLE] = "StyleKw",
    [TK_KW_OVERRIDE] = "OverrideKw",
    [TK_KW_STYLE_OVERRIDE] = "StyleOverride",
    [TK_KW_PAGE] = "Page",
    [TK_KW_COMPONENT] = "Component",
    [TK_KW_STORE] = "Store",
    [TK_KW_STATE] = "State",
    [TK_KW_ACTION] = "Action",
    [TK_KW_ON] = "On",
    [TK_KW_LOAD] = "Load",
    [TK_KW_UNLOAD] = "Unload",
    [TK_KW_UI] = "UI",
    [TK_KW_PARAM] = "Param",
    [TK_KW_LIST] = "List",
    [TK_KW_OF] = "Of",
    [TK_KW_WORKFLOW] = "Workflow",
    [TK_KW_TRIGGER] = "Trigger",
    [TK_KW_INPUT] = "InputKw",
    [TK_KW_STEPS] = "Steps",
    [TK_KW_ON_ERROR] = "OnError",
    [TK_KW_CONCURRENCY] = "Concurrency",
    [TK_KW_RETRY] = "Retry",
    [TK_KW_ON_FAILURE] = "OnFailure",
    [TK_KW_GROUP] = "Group",
    [TK_KW_LIMIT] = "Limit",
    [TK_KW_POLICY] = "Policy",
    [TK_KW_DELAY] = "Delay",
    [TK_KW_BRANCH] = "Branch",
    [TK_KW_FOREACH] = "ForEach",
    [TK_KW_SEND_EMAIL] = "SendEmail",
    [TK_KW_PARALLEL] = "Parallel",
    [TK_KW_QUEUE_PUBLISH] = "QueuePublish",
    [TK_KW_DB_TX] = "DbTx",
    [TK_KW_CREATE] = "CreateKw",
    [TK_KW_UPDATE] = "UpdateKw",
    [TK_KW_DELETE] = "DeleteKw",
    [TK_KW_WEBHOOK] = "WebhookKw",
    [TK_KW_MAX] = "MaxKw",
    [TK_KW_BACKOFF] = "BackoffKw",
    [TK_KW_FACTOR] = "FactorKw",
    [TK_KW_HTTP_REQUEST] = "HttpRequest",
    [TK_KW_CONST] = "ConstKw",
    [TK_KW_RUN] = "RunKw",
    [TK_KW_STRING] = "StringT",
    [TK_KW_TEXT] = "TextT",
    [TK_KW_INTEGER] = "IntegerT",
    [TK_KW_DECIMAL] = "DecimalT",
    [TK_KW_BOOLEAN] = "BooleanT",
    [TK_KW_DATETIME] = "DateTimeT",
    [TK_KW_JSON] = "JsonT",
    [TK_KW_BIGINT] = "BigIntT",
    [TK_KW_FLOAT] = "FloatT",
    [TK_KW_UUID] = "UUIDT",
    [TK_KW_EMAIL] = "EmailT",
    [TK_KW_URL] = "URLT",
    [TK_KW_NULL] = "NullT",
    [TK_KW_ON_DELETE] = "OnDelete",
    [TK_KW_UNIQUE] = "Unique",
    [TK_KW_DEFAULT] = "Default",
    [TK_KW_MAP] = "MapTok",
    [TK_KW_MIN] = "MinTok",
    [TK_KW_LENGTH] = "LengthTok",
    [TK_KW_PATTERN] = "PatternTok",
    [TK_KW_ENUM] = "EnumTok",
    [TK_KW_DISCRIMINATOR] = "DiscriminatorTok",
    [TK_KW_MESSAGE] = "MessageTok",
    [TK_KW_UPLOAD] = "UploadKw",
    [TK_KW_FIELD] = "FieldKw",
    [TK_KW_MAXSIZE] = "MaxSizeKw",
    [TK_KW_MAXCOUNT] = "MaxCountKw",
    [TK_KW_MIME] = "MimeKw",
    [TK_KW_STRATEGY] = "StrategyKw",
    [TK_KW_PATH] = "PathKw",
    [TK_KW_NAMING] = "NamingKw",
    [TK_KW_REQUIRED] = "RequiredKw",
};

static const char *const displays[TK_COUNT] = {
    [TK_EOF] = "end of file", [TK_ERROR] = "an invalid character", [TK_UNKNOWN] = "an unexpected character",
    [TK_IDENT] = "a name", [TK_STRING] = "a string", [TK_NUMBER] = "a number",
    [TK_SIZE] = "a size (like 5MB)", [TK_HEX] = "a hex colour", [TK_DURATION] = "a duration (like 5s)",
    [TK_LBRACE] = "'{'",
    [TK_RBRACE] = "'}'",
    [TK_COLON] = "':'",
    [TK_LPAREN] = "'('",
    [TK_RPAREN] = "')'",
    [TK_COMMA] = "','",
    [TK_QUESTION] = "'?'",
    [TK_LT] = "'<'",
    [TK_GT] = "'>'",
    [TK_SLASH] = "'/'",
    [TK_DOT] = "'.'",
    [TK_PLUS] = "'+'",
    [TK_MINUS] = "'-'",
    [TK_SEMI] = "';'",
    [TK_STAR] = "'*'",
    [TK_PIPE] = "'|'",
    [TK_LBRACKET] = "'['",
    [TK_RBRACKET] = "']'",
    [TK_QUOTE] = "'''",
    [TK_AT] = "'@'",
    [TK_EQEQ] = "'=='",
    [TK_NOTEQ] = "'!='",
    [TK_ANDAND] = "'&&'",
    [TK_OROR] = "'||'",
    [TK_BANG] = "'!'",
    [TK_EQUALS] = "'='",
    [TK_KW_DATABASE] = "'database'",
    [TK_KW_ENTITY] = "'entity'",
    [TK_KW_DESIGN_SYSTEM] = "'design_system'",
    [TK_KW_COLORS] = "'colors'",
    [TK_KW_TYPOGRAPHY] = "'typography'",
    [TK_KW_SPACING] = "'spacing'",
    [TK_KW_RADII] = "'radii'",
    [TK_KW_SHADOWS] = "'shadows'",
    [TK_KW_WEIGHTS] = "'weights'",
    [TK_KW_HAS_MANY] = "'has_many'",
    [TK_KW_BELONGS_TO] = "'belongs_to'",
    [TK_KW_HAS_ONE] = "'has_one'",
    [TK_KW_GUARD] = "'guard'",
    [TK_KW_ELSEIF] = "'elseif'",
    [TK_KW_ELSE] = "'else'",
    [TK_KW_IN] = "'in'",
    [TK_KW_STYLE] = "'style'",
    [TK_KW_OVERRIDE] = "'override'",
    [TK_KW_STYLE_OVERRIDE] = "'style_override'",
    [TK_KW_PAGE] = "'page'",
    [TK_KW_COMPONENT] = "'component'",
    [TK_KW_STORE] = "'store'",
    [TK_KW_STATE] = "'state'",
    [TK_KW_ACTION] = "'action'",
    [TK_KW_ON] = "'on'",
    [TK_KW_LOAD] = "'load'",
    [TK_KW_UNLOAD] = "'unload'",
    [TK_KW_UI] = "'ui'",
    [TK_KW_PARAM] = "'param'",
    [TK_KW_LIST] = "'list'",
    [TK_KW_OF] = "'of'",
    [TK_KW_WORKFLOW] = "'workflow'",
    [TK_KW_TRIGGER] = "'trigger'",
    [TK_KW_INPUT] = "'input'",
    [TK_KW_STEPS] = "'steps'",
    [TK_KW_ON_ERROR] = "'on_error'",
    [TK_KW_CONCURRENCY] = "'concurrency'",
    [TK_KW_RETRY] = "'retry'",
    [TK_KW_ON_FAILURE] = "'on_failure'",
    [TK_KW_GROUP] = "'group'",
    [TK_KW_LIMIT] = "'limit'",
    [TK_KW_POLICY] = "'policy'",
    [TK_KW_DELAY] = "'delay'",
    [TK_KW_BRANCH] = "'branch'",
    [TK_KW_FOREACH] = "'forEach'",
    [TK_KW_SEND_EMAIL] = "'send_email'",
    [TK_KW_PARALLEL] = "'parallel'",
    [TK_KW_QUEUE_PUBLISH] = "'queue_publish'",
    [TK_KW_DB_TX] = "'db_tx'",
    [TK_KW_CREATE] = "'create'",
    [TK_KW_UPDATE] = "'update'",
    [TK_KW_DELETE] = "'delete'",
    [TK_KW_WEBHOOK] = "'webhook'",
    [TK_KW_MAX] = "'max'",
    [TK_KW_BACKOFF] = "'backoff'",
    [TK_KW_FACTOR] = "'factor'",
    [TK_KW_HTTP_REQUEST] = "'http_request'",
    [TK_KW_CONST] = "'const'",
    [TK_KW_RUN] = "'run'",
    [TK_KW_STRING] = "'String'",
    [TK_KW_TEXT] = "'Text'",
    [TK_KW_INTEGER] = "'Integer'",
    [TK_KW_DECIMAL] = "'Decimal'",
    [TK_KW_BOOLEAN] = "'Boolean'",
    [TK_KW_DATETIME] = "'DateTime'",
    [TK_KW_JSON] = "'Json'",
    [TK_KW_BIGINT] = "'BigInt'",
    [TK_KW_FLOAT] = "'Float'",
    [TK_KW_UUID] = "'UUID'",
    [TK_KW_EMAIL] = "'Email'",
    [TK_KW_URL] = "'URL'",
    [TK_KW_NULL] = "'Null'",
    [TK_KW_ON_DELETE] = "'on_delete'",
    [TK_KW_UNIQUE] = "'unique'",
    [TK_KW_DEFAULT] = "'default'",
    [TK_KW_MAP] = "'map'",
    [TK_KW_MIN] = "'min'",
    [TK_KW_LENGTH] = "'length'",
    [TK_KW_PATTERN] = "'pattern'",
    [TK_KW_ENUM] = "'enum'",
    [TK_KW_DISCRIMINATOR] = "'discriminator'",
    [TK_KW_MESSAGE] = "'message'",
    [TK_KW_UPLOAD] = "'upload'",
    [TK_KW_FIELD] = "'field'",
    [TK_KW_MAXSIZE] = "'maxSize'",
    [TK_KW_MAXCOUNT] = "'maxCount'",
    [TK_KW_MIME] = "'mime'",
    [TK_KW_STRATEGY] = "'strategy'",
    [TK_KW_PATH] = "'path'",
    [TK_KW_NAMING] = "'naming'",
    [TK_KW_REQUIRED] = "'required'",
};

const char *ll_tok_name(ll_tok kind)
{
    return kind < TK_COUNT ? names[kind] : "?";
}

const char *ll_tok_display(ll_tok kind)
{
    return kind < TK_COUNT ? displays[kind] : "?";
}

#define KW(s, k) if (memcmp(word, s, sizeof(s) - 1) == 0) return k

ll_tok ll_keyword(const char *word, size_t len)
{
    switch (len) {
    case 2:
        switch (word[0]) {
        case 'i':
            KW("in", TK_KW_IN);
            break;
        case 'o':
            KW("on", TK_KW_ON);
            KW("of", TK_KW_OF);
            break;
        case 'u':
            KW("ui", TK_KW_UI);
            break;
        }
        break;
    case 3:
        switch (word[0]) {
        case 'U':
            KW("URL", TK_KW_URL);
            break;
        case 'm':
            KW("max", TK_KW_MAX);
            KW("map", TK_KW_MAP);
            KW("min", TK_KW_MIN);
            break;
        case 'r':
            KW("run", TK_KW_RUN);
            break;
        }
        break;
    case 4:
        switch (word[0]) {
        case 'J':
            KW("Json", TK_KW_JSON);
            break;
        case 'N':
            KW("Null", TK_KW_NULL);
            break;
        case 'T':
            KW("Text", TK_KW_TEXT);
            break;
        case 'U':
            KW("UUID", TK_KW_UUID);
            break;
        case 'e':
            KW("else", TK_KW_ELSE);
            KW("enum", TK_KW_ENUM);
            break;
        case 'l':
            KW("load", TK_KW_LOAD);
            KW("list", TK_KW_LIST);
            break;
        case 'm':
            KW("mime", TK_KW_MIME);
            break;
        case 'p':
            KW("page", TK_KW_PAGE);
            KW("path", TK_KW_PATH);
            break;
        }
        break;
    case 5:
        switch (word[0]) {
        case 'E':
            KW("Email", TK_KW_EMAIL);
            break;
        case 'F':
            KW("Float", TK_KW_FLOAT);
            break;
        case 'c':
            KW("const", TK_KW_CONST);
            break;
        case 'd':
            KW("delay", TK_KW_DELAY);
            KW("db_tx", TK_KW_DB_TX);
            break;
        case 'f':
            KW("field", TK_KW_FIELD);
            break;
        case 'g':
            KW("guard", TK_KW_GUARD);
            KW("group", TK_KW_GROUP);
            break;
        case 'i':
            KW("input", TK_KW_INPUT);
            break;
        case 'l':
            KW("limit", TK_KW_LIMIT);
            break;
        case 'p':
            KW("param", TK_KW_PARAM);
            break;
        case 'r':
            KW("radii", TK_KW_RADII);
            KW("retry", TK_KW_RETRY);
            break;
        case 's':
            KW("style", TK_KW_STYLE);
            KW("store", TK_KW_STORE);
            KW("state", TK_KW_STATE);
            KW("steps", TK_KW_STEPS);
            break;
        }
        break;
    case 6:
        switch (word[0]) {
        case 'B':
            KW("BigInt", TK_KW_BIGINT);
            break;
        case 'S':
            KW("String", TK_KW_STRING);
            break;
        case 'a':
            KW("action", TK_KW_ACTION);
            break;
        case 'b':
            KW("branch", TK_KW_BRANCH);
            break;
        case 'c':
            KW("colors", TK_KW_COLORS);
            KW("create", TK_KW_CREATE);
            break;
        case 'd':
            KW("delete", TK_KW_DELETE);
            break;
        case 'e':
            KW("entity", TK_KW_ENTITY);
            KW("elseif", TK_KW_ELSEIF);
            break;
        case 'f':
            KW("factor", TK_KW_FACTOR);
            break;
        case 'l':
            KW("length", TK_KW_LENGTH);
            break;
        case 'n':
            KW("naming", TK_KW_NAMING);
            break;
        case 'p':
            KW("policy", TK_KW_POLICY);
            break;
        case 'u':
            KW("unload", TK_KW_UNLOAD);
            KW("update", TK_KW_UPDATE);
            KW("unique", TK_KW_UNIQUE);
            KW("upload", TK_KW_UPLOAD);
            break;
        }
        break;
    case 7:
        switch (word[0]) {
        case 'B':
            KW("Boolean", TK_KW_BOOLEAN);
            break;
        case 'D':
            KW("Decimal", TK_KW_DECIMAL);
            break;
        case 'I':
            KW("Integer", TK_KW_INTEGER);
            break;
        case 'b':
            KW("backoff", TK_KW_BACKOFF);
            break;
        case 'd':
            KW("default", TK_KW_DEFAULT);
            break;
        case 'f':
            KW("forEach", TK_KW_FOREACH);
            break;
        case 'h':
            KW("has_one", TK_KW_HAS_ONE);
            break;
        case 'm':
            KW("message", TK_KW_MESSAGE);
            KW("maxSize", TK_KW_MAXSIZE);
            break;
        case 'p':
            KW("pattern", TK_KW_PATTERN);
            break;
        case 's':
            KW("spacing", TK_KW_SPACING);
            KW("shadows", TK_KW_SHADOWS);
            break;
        case 't':
            KW("trigger", TK_KW_TRIGGER);
            break;
        case 'w':
            KW("weights", TK_KW_WEIGHTS);
            KW("webhook", TK_KW_WEBHOOK);
            break;
        }
        break;
    case 8:
        switch (word[0]) {
        case 'D':
            KW("DateTime", TK_KW_DATETIME);
            break;
        case 'd':
            KW("database", TK_KW_DATABASE);
            break;
        case 'h':
            KW("has_many", TK_KW_HAS_MANY);
            break;
        case 'm':
            KW("maxCount", TK_KW_MAXCOUNT);
            break;
        case 'o':
            KW("override", TK_KW_OVERRIDE);
            KW("on_error", TK_KW_ON_ERROR);
            break;
        case 'p':
            KW("parallel", TK_KW_PARALLEL);
            break;
        case 'r':
            KW("required", TK_KW_REQUIRED);
            break;
        case 's':
            KW("strategy", TK_KW_STRATEGY);
            break;
        case 'w':
            KW("workflow", TK_KW_WORKFLOW);
            break;
        }
        break;
    case 9:
        switch (word[0]) {
        case 'c':
            KW("component", TK_KW_COMPONENT);
            break;
        case 'o':
            KW("on_delete", TK_KW_ON_DELETE);
            break;
        }
        break;
    case 10:
        switch (word[0]) {
        case 'b':
            KW("belongs_to", TK_KW_BELONGS_TO);
            break;
        case 'o':
            KW("on_failure", TK_KW_ON_FAILURE);
            break;
        case 's':
            KW("send_email", TK_KW_SEND_EMAIL);
            break;
        case 't':
            KW("typography", TK_KW_TYPOGRAPHY);
            break;
        }
        break;
    case 11:
        switch (word[0]) {
        case 'c':
            KW("concurrency", TK_KW_CONCURRENCY);
            break;
        }
        break;
    case 12:
        switch (word[0]) {
        case 'h':
            KW("http_request", TK_KW_HTTP_REQUEST);
            break;
        }
        break;
    case 13:
        switch (word[0]) {
        case 'd':
            KW("design_system", TK_KW_DESIGN_SYSTEM);
            KW("discriminator", TK_KW_DISCRIMINATOR);
            break;
        case 'q':
            KW("queue_publish", TK_KW_QUEUE_PUBLISH);
            break;
        }
        break;
    case 14:
        switch (word[0]) {
        case 's':
            KW("style_override", TK_KW_STYLE_OVERRIDE);
            break;
        }
        break;
    }
    return TK_IDENT;
}

int ll_tok_raw_safe(ll_tok kind)
{
    switch (kind) {
    case TK_LBRACE:
    case TK_IDENT:
    case TK_STRING:
    case TK_NUMBER:
    case TK_KW_STRING:
    case TK_KW_TEXT:
    case TK_KW_INTEGER:
    case TK_KW_DECIMAL:
    case TK_KW_BOOLEAN:
    case TK_KW_DATETIME:
    case TK_KW_JSON:
    case TK_KW_LIST:
    case TK_KW_OF:
    case TK_KW_SPACING:
    case TK_KW_ON:
    case TK_KW_LOAD:
    case TK_KW_PAGE:
    case TK_KW_COMPONENT:
    case TK_KW_STORE:
    case TK_KW_STATE:
    case TK_KW_ACTION:
    case TK_KW_UI:
    case TK_KW_ELSEIF:
    case TK_KW_ELSE:
    case TK_KW_IN:
    case TK_LPAREN:
    case TK_RPAREN:
    case TK_COLON:
    case TK_COMMA:
    case TK_EQUALS:
    case TK_QUESTION:
    case TK_LT:
    case TK_GT:
    case TK_SLASH:
    case TK_DOT:
    case TK_PLUS:
    case TK_MINUS:
    case TK_SEMI:
    case TK_LBRACKET:
    case TK_RBRACKET:
    case TK_QUOTE:
    case TK_UNKNOWN:
    case TK_BANG:
    case TK_NOTEQ:
        return 1;
    default:
        return 0;
    }
}

int ll_tok_is_word(ll_tok kind)
{
    return kind == TK_IDENT || (kind >= TK_KW_DATABASE && kind < TK_COUNT);
}
