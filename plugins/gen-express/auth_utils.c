/* auth_utils.c — auth/authUtils.ts (outputs.md §5.5): HMAC token helpers
 * around the configured jwtSecret. */
#include <string.h>

#include "express.h"

static const char utils_head[] = "import crypto from 'crypto';\n"
                                 "\n"
                                 "const secret = process.env.LOCUS_JWT_SECRET || ";

static const char utils_tail[] =
    ";\n"
    "\n"
    "interface TokenOptions { expSeconds?: number }\n"
    "interface TokenPayload { [k:string]: any; exp?: number }\n"
    "export function generateToken(payload: TokenPayload, opts: TokenOptions = {}): string {\n"
    "  const bodyObj: TokenPayload = { ...payload };\n"
    "  if (opts.expSeconds) { bodyObj.exp = Math.floor(Date.now()/1000) + opts.expSeconds; }\n"
    "  const body = Buffer.from(JSON.stringify(bodyObj)).toString('base64url');\n"
    "  const sig = crypto.createHmac('sha256', secret).update(body).digest('base64url');\n"
    "  return body + '.' + sig;\n"
    "}\n"
    "export function verifyToken(token: string): TokenPayload | null {\n"
    "  const [body, sig] = token.split('.');\n"
    "  if (!body || !sig) return null;\n"
    "  const expected = crypto.createHmac('sha256', secret).update(body).digest('base64url');\n"
    "  if (expected !== sig) return null;\n"
    "  try { const obj: TokenPayload = JSON.parse(Buffer.from(body,'base64url').toString('utf8')); "
    "if (obj.exp && obj.exp < Math.floor(Date.now()/1000)) return null; return obj; } catch { "
    "return null; }\n"
    "}\n";

/* JSON.stringify of the configured value: Locus.toml turns all-digit
 * values into numbers and true/false into booleans. */
static int put_secret_json(locus_buf *out, gen_toml_value secret)
{
    switch (secret.type) {
    case GEN_TOML_NUMBER: return gen_json_number(out, secret.number);
    case GEN_TOML_BOOL: return locus_buf_puts(out, secret.boolean ? "true" : "false");
    default: return gen_json_string(out, secret.str ? secret.str : "", secret.str ? strlen(secret.str) : 0);
    }
}

int gx_auth_utils(locus_buf *out, gen_toml_value secret)
{
    return locus_buf_puts(out, utils_head) | put_secret_json(out, secret) |
                   locus_buf_puts(out, utils_tail)
               ? -1
               : 0;
}
