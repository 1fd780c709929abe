#include "model/learnpath.h"

#include <inttypes.h>

#include "core/strbuf.h"
#include "core/urlencode.h"

/* One UTF-8 character's code point at s (valid UTF-8: the parameters'
 * checks and the database guarantee it); *len its byte length. */
static uint32_t utf8_code_point(const unsigned char *s, int *len)
{
    if (s[0] < 0xE0) {
        *len = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0) {
        *len = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* s as a JSON string, with json_encode's default escaping. */
static void json_string_append(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned char ch = *p;
        if (ch >= 0x80) {
            int len;
            uint32_t cp = utf8_code_point(p, &len);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                sb_printf(sb, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
            } else {
                sb_printf(sb, "\\u%04x", cp);
            }
            p += len;
            continue;
        }
        switch (ch) {
        case '"': sb_puts(sb, "\\\""); break;
        case '\\': sb_puts(sb, "\\\\"); break;
        case '/': sb_puts(sb, "\\/"); break;
        case '\b': sb_puts(sb, "\\b"); break;
        case '\f': sb_puts(sb, "\\f"); break;
        case '\n': sb_puts(sb, "\\n"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        default:
            if (ch < 0x20)
                sb_printf(sb, "\\u%04x", ch);
            else
                sb_putc(sb, (char)ch);
        }
        p++;
    }
    sb_putc(sb, '"');
}

const char *learnpath_url(api_call *c, int64_t lp_id)
{
    strbuf json;
    sb_init(&json, c->arena, 192);
    sb_printf(&json, "{\"action\":\"course_learnpath\",\"lp_id\":%" PRId64 ",\"course\":%" PRId64
                     ",\"session\":%" PRId64 ",\"api_key\":",
              lp_id, c->course.id, c->session_id);
    json_string_append(&json, c->user->api_key);
    sb_puts(&json, ",\"username\":");
    json_string_append(&json, c->user->username);
    sb_putc(&json, '}');
    strbuf url;
    sb_init(&url, c->arena, 320);
    sb_printf(&url, "%smain/webservices/api/v2.php?", c->web_root);
    if (!sb_failed(&json))
        http_build_query_append(&url, (const char *const[]){"hash", json.data, NULL});
    if (sb_failed(&json) || sb_failed(&url)) {
        call_fail_oom(c);
        return NULL;
    }
    return url.data;
}
