/*
 * multipart.c - multipart/form-data bodies (PHP's rfc1867 handler, minus the
 * file uploads, which v2.php never reads).
 *
 * Facts taken from PHP 7.4's main/rfc1867.c:
 *   - the boundary is the text after "boundary" (searched case-sensitively
 *     first, then case-insensitively) and its '=': up to the closing quote
 *     when quoted, else up to the first ',' or ';' (spaces are kept);
 *   - lines end with LF, a CR before the LF is dropped;
 *   - text before the first "--boundary" line is ignored (preamble);
 *   - part headers run up to an empty line; a line starting with whitespace,
 *     or without ':', continues the previous header's value; names compare
 *     case-insensitively, the first Content-Disposition counts;
 *   - Content-Disposition is split at ';' outside quotes; "name=" and
 *     "filename=" compare case-insensitively and the last one wins; a
 *     quoted value ('...' or "...") runs to the same quote, with \\ and
 *     \<quote> unescaped; an unquoted value runs to whitespace;
 *   - a part with a filename (even "") is a file: $_FILES, not $_POST;
 *     a part without Content-Disposition or without a name is skipped;
 *   - a value ends right before "\n--boundary", minus one CR before it;
 *   - the part name follows the same rules as a urlencoded name, but is not
 *     url-decoded.
 *   - without a usable boundary (none, empty, or an unclosed quote) PHP
 *     leaves $_POST empty and carries on: so do we (PARSE_OK, no values);
 * Our choices where PHP is lenient or odd:
 *   - a body that is not empty but has no opening delimiter line, a part
 *     whose headers are not terminated, or a body without the closing
 *     "--boundary--" is PARSE_BAD_BODY (PHP silently keeps what it read);
 *   - a delimiter line may carry trailing spaces or tabs (RFC 2046 transport
 *     padding); "\n--boundary" followed by anything else is data;
 *   - a delimiter right after the blank line that ends the headers is
 *     accepted as an empty value (PHP needs the CRLF of RFC 2046 there);
 *   - PHP stops the whole body at a part with neither name nor filename
 *     ("File Upload Mime headers garbled"); we skip just that part.
 */
#include "request/multipart.h"
#include "request/urlencoded.h"

#include <string.h>
#include <strings.h>

#include "core/strbuf.h"

/* ---- boundary ---- */

static const char *find_nocase(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = haystack; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return p;
    return NULL;
}

bool multipart_boundary(const char *content_type, const char **boundary, size_t *len)
{
    if (!content_type)
        return false;
    const char *p = strstr(content_type, "boundary");
    if (!p)
        p = find_nocase(content_type, "boundary");
    if (!p)
        return false;
    p = strchr(p, '=');
    if (!p)
        return false;
    p++;
    const char *end;
    if (*p == '"') {
        p++;
        end = strchr(p, '"');
        if (!end)
            return false;
    } else {
        end = p + strcspn(p, ",;");
    }
    if (end == p)
        return false;
    *boundary = p;
    *len = (size_t)(end - p);
    return true;
}

/* ---- lines ---- */

/* One line of body[pos..len): its content (without CR LF) and where the
 * next line starts. Returns false at the end of the body or when the line
 * has no LF (a truncated line). */
typedef struct body_line {
    const char *text;
    size_t len;
    size_t next;
} body_line;

static bool read_line(const char *body, size_t len, size_t pos, body_line *out)
{
    if (pos >= len)
        return false;
    const char *lf = memchr(body + pos, '\n', len - pos);
    if (!lf)
        return false;
    size_t end = (size_t)(lf - body);
    out->text = body + pos;
    out->len = end - pos;
    if (out->len && out->text[out->len - 1] == '\r')
        out->len--;
    out->next = end + 1;
    return true;
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static bool is_c_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

typedef enum delimiter_kind { NOT_DELIMITER, DELIMITER, CLOSE_DELIMITER } delimiter_kind;

/* Classifies the text at body[pos..len) that follows "--boundary". For a
 * DELIMITER *next is where the next part starts. A delimiter cut off before
 * its LF sets *truncated. */
static delimiter_kind after_delimiter(const char *body, size_t len, size_t pos, size_t *next,
                                      bool *truncated)
{
    if (pos + 1 < len && body[pos] == '-' && body[pos + 1] == '-')
        return CLOSE_DELIMITER;
    while (pos < len && is_blank((unsigned char)body[pos]))
        pos++;
    if (pos < len && body[pos] == '\r')
        pos++;
    if (pos >= len) {
        *truncated = true;
        return NOT_DELIMITER;
    }
    if (body[pos] != '\n')
        return NOT_DELIMITER;
    *next = pos + 1;
    return DELIMITER;
}

/* ---- Content-Disposition ---- */

/* PHP's php_ap_getword: the text of *line up to `stop` outside quotes; then
 * *line moves past any run of `stop`. Returns an arena string. */
static char *get_word(arena *a, const char **line, char stop)
{
    const char *start = *line;
    const char *pos = start;
    while (*pos && *pos != stop) {
        char quote = *pos;
        if (quote == '"' || quote == '\'') {
            pos++;
            while (*pos && *pos != quote) {
                if (*pos == '\\' && pos[1] == quote)
                    pos += 2;
                else
                    pos++;
            }
            if (*pos)
                pos++;
        } else {
            pos++;
        }
    }
    char *word = arena_strndup(a, start, (size_t)(pos - start));
    while (*pos == stop && stop)
        pos++;
    *line = pos;
    return word;
}

/* PHP's php_ap_getword_conf: a parameter value, quoted or not. */
static char *get_value(arena *a, const char *s)
{
    while (*s && is_c_space((unsigned char)*s))
        s++;
    char quote = 0;
    size_t len;
    if (*s == '"' || *s == '\'') {
        quote = *s++;
        len = strlen(s);
    } else {
        len = 0;
        while (s[len] && !is_c_space((unsigned char)s[len]))
            len++;
    }
    char *out = arena_alloc(a, len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len && s[i] != quote; i++) {
        if (s[i] == '\\' && (s[i + 1] == '\\' || (quote && s[i + 1] == quote)))
            i++;
        out[o++] = s[i];
    }
    out[o] = '\0';
    return out;
}

/* Reads name= and filename= from a Content-Disposition value. Each output
 * stays NULL when absent. Returns false on OOM. */
static bool parse_disposition(arena *a, const char *cd, char **name, char **filename)
{
    *name = NULL;
    *filename = NULL;
    while (is_c_space((unsigned char)*cd))
        cd++;
    while (*cd) {
        char *pair = get_word(a, &cd, ';');
        if (!pair)
            return false;
        while (is_c_space((unsigned char)*cd))
            cd++;
        if (!strchr(pair, '='))
            continue;
        const char *rest = pair;
        char *key = get_word(a, &rest, '=');
        if (!key)
            return false;
        if (strcasecmp(key, "name") == 0) {
            *name = get_value(a, rest);
            if (!*name)
                return false;
        } else if (strcasecmp(key, "filename") == 0) {
            *filename = get_value(a, rest);
            if (!*filename)
                return false;
        }
    }
    return true;
}

/* ---- headers ---- */

/* Reads the part headers starting at *pos, up to and including the empty
 * line. On success *pos is the start of the part body and *disposition the
 * first Content-Disposition value (NULL if none). */
static parse_status read_headers(parse_ctx *ctx, const char *body, size_t len, size_t *pos,
                                 const char **disposition)
{
    static const char wanted[] = "Content-Disposition";
    *disposition = NULL;
    strbuf value = { 0 };
    bool have_header = false; /* a header is open, continuations go to it */
    bool collecting = false;  /* ... and it is the Content-Disposition we keep */
    bool found = false;
    body_line ln;
    size_t p = *pos;
    for (;;) {
        if (!read_line(body, len, p, &ln))
            return parse_fail(ctx, PARSE_BAD_BODY); /* headers cut off */
        p = ln.next;
        if (ln.len == 0)
            break;
        const char *colon = NULL;
        if (!is_c_space((unsigned char)ln.text[0]))
            colon = memchr(ln.text, ':', ln.len);
        if (colon) {
            if (collecting) {
                collecting = false;
                found = true;
            }
            have_header = true;
            size_t name_len = (size_t)(colon - ln.text);
            if (!found && name_len == sizeof wanted - 1 &&
                strncasecmp(ln.text, wanted, name_len) == 0) {
                collecting = true;
                const char *v = colon + 1;
                const char *end = ln.text + ln.len;
                while (v < end && is_c_space((unsigned char)*v))
                    v++;
                sb_init(&value, ctx->a, 128);
                sb_append(&value, v, (size_t)(end - v));
            }
        } else if (have_header && collecting) {
            sb_append(&value, ln.text, ln.len);
        }
    }
    if (collecting || found) {
        if (sb_failed(&value))
            return parse_fail(ctx, PARSE_NO_MEMORY);
        *disposition = value.data;
    }
    *pos = p;
    return PARSE_OK;
}

/* ---- body ---- */

parse_status multipart_parse(parse_ctx *ctx, php_array *dest, const char *content_type,
                             const char *body, size_t len)
{
    const char *boundary;
    size_t boundary_len;
    /* PHP's rfc1867 handler warns "Missing boundary" (or "Invalid boundary"
     * for an unclosed quote) and leaves $_POST empty; the request carries
     * on. A real WordPress integration sends exactly that header around an
     * urlencoded body (10-request-flow.md §3.1), so this is no error. */
    if (!multipart_boundary(content_type, &boundary, &boundary_len))
        return PARSE_OK;
    if (!body || len == 0)
        return PARSE_OK;

    /* "\n--" + boundary: the delimiter as it appears after a value. */
    size_t delim_len = boundary_len + 3;
    char *delim = arena_alloc(ctx->a, delim_len + 1);
    if (!delim)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    memcpy(delim, "\n--", 3);
    memcpy(delim + 3, boundary, boundary_len);
    delim[delim_len] = '\0';

    /* Opening delimiter: the first line that is "--boundary". */
    size_t pos = 0;
    bool opened = false;
    body_line ln;
    while (read_line(body, len, pos, &ln)) {
        pos = ln.next;
        size_t n = ln.len;
        while (n > delim_len - 1 && is_blank((unsigned char)ln.text[n - 1]))
            n--;
        if (n == delim_len - 1 && memcmp(ln.text, delim + 1, n) == 0) {
            opened = true;
            break;
        }
        if (n == delim_len + 1 && memcmp(ln.text, delim + 1, delim_len - 1) == 0 &&
            ln.text[delim_len - 1] == '-' && ln.text[delim_len] == '-')
            return PARSE_OK; /* only a closing delimiter: an empty form */
    }
    if (!opened) {
        /* The last line may lack its LF: "--boundary--" alone is fine. */
        size_t rest = len - pos;
        if (rest >= delim_len + 1 && memcmp(body + pos, delim + 1, delim_len - 1) == 0 &&
            body[pos + delim_len - 1] == '-' && body[pos + delim_len] == '-')
            return PARSE_OK;
        return parse_fail(ctx, PARSE_BAD_BODY);
    }

    for (;;) {
        const char *disposition;
        parse_status st = read_headers(ctx, body, len, &pos, &disposition);
        if (st != PARSE_OK)
            return st;

        /* The value runs to the next real delimiter. */
        size_t value_start = pos;
        size_t value_end = 0, next = 0;
        delimiter_kind kind = NOT_DELIMITER;
        bool truncated = false;
        size_t search = value_start;
        /* A delimiter right at the start: an empty value (see top). */
        if (len - value_start >= delim_len - 1 &&
            memcmp(body + value_start, delim + 1, delim_len - 1) == 0) {
            kind = after_delimiter(body, len, value_start + delim_len - 1, &next, &truncated);
            value_end = value_start;
        }
        while (kind == NOT_DELIMITER && !truncated) {
            const char *hit = search < len ? memmem(body + search, len - search, delim, delim_len)
                                           : NULL;
            if (!hit)
                break;
            size_t at = (size_t)(hit - body);
            kind = after_delimiter(body, len, at + delim_len, &next, &truncated);
            value_end = at;
            search = at + 1;
        }
        if (kind == NOT_DELIMITER)
            return parse_fail(ctx, PARSE_BAD_BODY); /* no closing delimiter */
        if (value_end > value_start && body[value_end - 1] == '\r')
            value_end--;

        if (disposition) {
            char *name, *filename;
            if (!parse_disposition(ctx->a, disposition, &name, &filename))
                return parse_fail(ctx, PARSE_NO_MEMORY);
            if (name && !filename) {
                size_t value_len = value_end - value_start;
                php_value *v = php_string_new(ctx->a, body + value_start, value_len);
                if (!v)
                    return parse_fail(ctx, PARSE_NO_MEMORY);
                st = php_register_variable(ctx, dest, name, strlen(name), v);
                if (st != PARSE_OK)
                    return st;
            }
        }
        if (kind == CLOSE_DELIMITER)
            return PARSE_OK; /* the epilogue is ignored */
        pos = next;
    }
}
