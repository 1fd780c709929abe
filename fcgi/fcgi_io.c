/*
 * fcgi_io.c - see fcgi_io.h for the contract.
 */
#include "fcgi_io.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------- parameter map */

/* A parameter with its position in envp, so that sorting keeps equal
 * names in arrival order and the last one can be picked. */
typedef struct indexed_param {
    fcgi_param param;
    size_t position;
} indexed_param;

static int indexed_param_compare(const void *left, const void *right)
{
    const indexed_param *l = left;
    const indexed_param *r = right;
    int c = strcmp(l->param.name, r->param.name);
    if (c != 0)
        return c;
    return (l->position > r->position) - (l->position < r->position);
}

int fcgi_params_build(arena *a, const char *const *envp, fcgi_params *out)
{
    out->items = NULL;
    out->count = 0;
    if (!envp)
        return 0;

    size_t total = 0;
    while (envp[total])
        total++;
    if (total == 0)
        return 0;

    /* Sort-and-pick instead of a look-up per insert: a client controls the
     * number of HTTP_* headers, and this stays O(n log n). */
    indexed_param *all = arena_calloc(a, total, sizeof *all);
    if (!all)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < total; i++) {
        const char *eq = strchr(envp[i], '=');
        if (!eq)
            continue;
        char *copy = arena_strdup(a, envp[i]);
        if (!copy)
            return -1;
        copy[eq - envp[i]] = '\0';
        all[n].param.name = copy;
        all[n].param.value = copy + (eq - envp[i]) + 1;
        all[n].position = i;
        n++;
    }
    if (n == 0)
        return 0;
    qsort(all, n, sizeof *all, indexed_param_compare);

    fcgi_param *unique = arena_calloc(a, n, sizeof *unique);
    if (!unique)
        return -1;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        /* Within a run of equal names the last element arrived last. */
        if (i + 1 < n && strcmp(all[i].param.name, all[i + 1].param.name) == 0)
            continue;
        unique[count++] = all[i].param;
    }
    out->items = unique;
    out->count = count;
    return 0;
}

static int param_name_compare(const void *key, const void *elem)
{
    return strcmp(key, ((const fcgi_param *)elem)->name);
}

const char *fcgi_params_get(const fcgi_params *p, const char *name)
{
    if (!p->items)
        return NULL;
    const fcgi_param *found =
        bsearch(name, p->items, p->count, sizeof p->items[0], param_name_compare);
    return found ? found->value : NULL;
}

void fcgi_http_in_from_params(const fcgi_params *p, http_in *in)
{
    in->method = fcgi_params_get(p, "REQUEST_METHOD");
    in->query_string = fcgi_params_get(p, "QUERY_STRING");
    in->content_type = fcgi_params_get(p, "CONTENT_TYPE");
    in->host = fcgi_params_get(p, "HTTP_HOST");
    in->request_uri = fcgi_params_get(p, "REQUEST_URI");
    in->remote_addr = fcgi_params_get(p, "REMOTE_ADDR");
    in->https = fcgi_params_get(p, "HTTPS");
    in->forwarded_proto = fcgi_params_get(p, "HTTP_X_FORWARDED_PROTO");
    in->forwarded_for = fcgi_params_get(p, "HTTP_X_FORWARDED_FOR");
    in->referer = fcgi_params_get(p, "HTTP_REFERER");
}

bool fcgi_parse_content_length(const char *text, size_t *out)
{
    size_t n = 0;
    if (text) {
        for (const char *p = text; *p; p++) {
            if (*p < '0' || *p > '9')
                return false;
            size_t digit = (size_t)(*p - '0');
            if (n > (SIZE_MAX - digit) / 10)
                return false;
            n = n * 10 + digit;
        }
    }
    *out = n;
    return true;
}

/* ------------------------------------------------------- response head */

const char *fcgi_status_reason(int status)
{
    static const struct {
        int status;
        const char *reason;
    } reasons[] = {
        {200, "OK"},
        {201, "Created"},
        {204, "No Content"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {303, "See Other"},
        {304, "Not Modified"},
        {307, "Temporary Redirect"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {413, "Payload Too Large"},
        {429, "Too Many Requests"},
        {500, "Internal Server Error"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (reasons[i].status == status)
            return reasons[i].reason;
    return NULL;
}

/* A header value must not end the header early (CR, LF) nor carry other
 * control characters; NULL and "" mean "no header". */
static bool header_value_ok(const char *v)
{
    if (!v)
        return true;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static bool has_text(const char *s)
{
    return s && s[0] != '\0';
}

/* Appends with snprintf; *used stays <= cap - 1 and overflow is reported by
 * returning false (the caller sized buf, so this only guards a bug). */
static bool append(char *buf, size_t cap, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool append(char *buf, size_t cap, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, cap - *used, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap - *used)
        return false;
    *used += (size_t)n;
    return true;
}

const char *fcgi_format_head(arena *a, const http_out *out, size_t *len)
{
    if (out->status < 100 || out->status > 599)
        return NULL;
    if (!header_value_ok(out->content_type) || !header_value_ok(out->location) ||
        !header_value_ok(out->cors_origin))
        return NULL;

    /* Fixed text (status line, cache headers, Content-Length digits, names)
     * stays well under 512 bytes; the variable values are added on top. */
    size_t cap = 512;
    if (out->content_type)
        cap += strlen(out->content_type);
    if (out->location)
        cap += strlen(out->location);
    if (out->cors_origin)
        cap += strlen(out->cors_origin);
    char *buf = arena_alloc(a, cap);
    if (!buf)
        return NULL;

    size_t used = 0;
    const char *reason = fcgi_status_reason(out->status);
    bool ok = reason ? append(buf, cap, &used, "Status: %d %s\r\n", out->status, reason)
                     : append(buf, cap, &used, "Status: %d\r\n", out->status);
    if (ok && has_text(out->content_type))
        ok = append(buf, cap, &used, "Content-Type: %s\r\n", out->content_type);
    if (ok && has_text(out->location))
        ok = append(buf, cap, &used, "Location: %s\r\n", out->location);
    if (ok && has_text(out->cors_origin))
        ok = append(buf, cap, &used, "Access-Control-Allow-Origin: %s\r\n", out->cors_origin);
    if (ok && out->no_cache)
        ok = append(buf, cap, &used,
                    "Expires: Thu, 19 Nov 1981 08:52:00 GMT\r\n"
                    "Cache-Control: no-store, no-cache, must-revalidate\r\n"
                    "Pragma: no-cache\r\n");
    if (ok && out->streamed)
        ok = append(buf, cap, &used, "\r\n");
    else if (ok)
        ok = append(buf, cap, &used, "Content-Length: %zu\r\n\r\n",
                    out->body ? out->body_len : (size_t)0);
    if (!ok)
        return NULL;
    *len = used;
    return buf;
}

/* ------------------------------------------------------- error envelope */

void fcgi_json_error(arena *a, http_out *out, int status, const char *cors_origin,
                     const char *message)
{
    memset(out, 0, sizeof *out);
    out->status = status;
    out->content_type = "application/json";
    out->cors_origin = cors_origin && *cors_origin ? cors_origin : NULL;
    char *body = arena_printf(a, "{\"error\":true,\"message\":\"%s\"}", message);
    out->body = body ? body : "";
    out->body_len = body ? strlen(body) : 0;
}

/* ------------------------------------------------------------- libfcgi */

/* FCGX_GetStr and FCGX_PutStr take an int count. */
#define FCGI_IO_CHUNK (1 << 20)

fcgi_read_status fcgi_read_request(arena *a, FCGX_Request *req, size_t max_body_size, http_in *in,
                                   size_t *content_length)
{
    memset(in, 0, sizeof *in);
    in->body = "";
    if (content_length)
        *content_length = 0;

    fcgi_params params;
    /* The cast only adds const: libfcgi's envp is char ** for historical
     * reasons and we never write through it. */
    if (fcgi_params_build(a, (const char *const *)req->envp, &params) != 0)
        return FCGI_READ_NO_MEMORY;
    fcgi_http_in_from_params(&params, in);

    size_t length;
    if (!fcgi_parse_content_length(fcgi_params_get(&params, "CONTENT_LENGTH"), &length))
        return FCGI_READ_BAD_LENGTH;
    if (content_length)
        *content_length = length;
    if (length > max_body_size)
        return FCGI_READ_TOO_LARGE;
    if (length == 0)
        return FCGI_READ_OK;

    char *body = arena_alloc(a, length + 1);
    if (!body)
        return FCGI_READ_NO_MEMORY;
    size_t got = 0;
    while (got < length) {
        size_t want = length - got;
        int chunk = want > FCGI_IO_CHUNK ? FCGI_IO_CHUNK : (int)want;
        int n = FCGX_GetStr(body + got, chunk, req->in);
        if (n <= 0)
            break;
        got += (size_t)n;
        if (n < chunk) /* FCGX_GetStr only returns short at end of stream */
            break;
    }
    if (got != length)
        return FCGI_READ_CLIENT_GONE;
    body[length] = '\0';
    in->body = body;
    in->body_len = length;
    return FCGI_READ_OK;
}

bool fcgi_drain_input(FCGX_Request *req, size_t limit)
{
    char scratch[4096];
    size_t drained = 0;
    for (;;) {
        int n = FCGX_GetStr(scratch, (int)sizeof scratch, req->in);
        if (n <= 0)
            return FCGX_HasSeenEOF(req->in) == EOF && FCGX_GetError(req->in) == 0;
        drained += (size_t)n;
        if (drained > limit)
            return false;
    }
}

/* Writes len bytes in pieces FCGX_PutStr takes. False when the stream failed. */
static bool put_all(FCGX_Stream *stream, const char *p, size_t len)
{
    while (len > 0) {
        int chunk = len > FCGI_IO_CHUNK ? FCGI_IO_CHUNK : (int)len;
        if (FCGX_PutStr(p, chunk, stream) != chunk)
            return false;
        p += chunk;
        len -= (size_t)chunk;
    }
    return true;
}

fcgi_write_status fcgi_write_response(arena *a, FCGX_Stream *stream, const http_out *resp)
{
    size_t head_len;
    const char *head = fcgi_format_head(a, resp, &head_len);
    if (!head || head_len > INT_MAX)
        return FCGI_WRITE_BAD_RESPONSE;
    if (!put_all(stream, head, head_len) ||
        !put_all(stream, resp->body, resp->body ? resp->body_len : 0))
        return FCGI_WRITE_CLIENT_GONE;
    return FCGI_WRITE_OK;
}

/* ------------------------------------------------------------ streaming */

static bool stream_head(void *ctx, const http_out *out)
{
    fcgi_stream *s = ctx;
    size_t len;
    const char *head = fcgi_format_head(s->arena, out, &len);
    return head && put_all(s->req->out, head, len);
}

static bool stream_body(void *ctx, const char *data, size_t len)
{
    fcgi_stream *s = ctx;
    /* Each piece goes to the web server now, not when libfcgi's buffer
     * fills: the client sees the answer grow as the rows are read. */
    return put_all(s->req->out, data, len) && FCGX_FFlush(s->req->out) == 0;
}

http_stream fcgi_stream_of(fcgi_stream *s, arena *a, FCGX_Request *req)
{
    s->arena = a;
    s->req = req;
    return (http_stream){.ctx = s, .head = stream_head, .body = stream_body};
}

/* The header of a record of protocol version 0, which no FastCGI client
 * accepts: nginx ends the upstream response as failed. */
static const unsigned char INVALID_RECORD[8] = {0};

void fcgi_abort_request(FCGX_Request *req)
{
    /* The records written so far go out whole; then the invalid one, not
     * through libfcgi, which only writes valid records. A web server that
     * takes the end of the connection as the end of the answer (nginx with
     * fastcgi_keep_conn off) would otherwise end the client's response as
     * complete. FCGX_Finish_r would write the end-of-request record: the
     * streams are released without it and the connection closed. Nothing
     * to do when the write fails: the connection is closed all the same. */
    if (FCGX_FFlush(req->out) == 0 && req->ipcFd >= 0) {
        ssize_t written = write(req->ipcFd, INVALID_RECORD, sizeof INVALID_RECORD);
        (void)written;
    }
    req->keepConnection = 0;
    FCGX_Free(req, 1);
}
