/*
 * fuzz_request.c - libFuzzer entry point for request_parse(), and for
 * json_decode_value() on the same body.
 *
 * Built and run by `make fuzz` (FUZZ_SECONDS per harness, ASan + UBSan with
 * UBSan findings fatal; t/fuzz/run.sh), and for a few seconds by `make
 * test`. Seeds: t/fuzz/corpus/fuzz_request/.
 *
 * Input layout: byte 0 chooses the method (bits 0-2), the Content-Type
 * (bits 3-5) and tight or default limits (bit 6); the rest is split at the
 * first two 0xFF bytes into query string | Content-Type | body. A non-empty
 * Content-Type segment replaces the chosen one, so the fuzzer can also
 * mutate boundaries and parameters.
 *
 * Besides the sanitizers, it checks two properties and aborts when they
 * fail: on PARSE_OK the four bags exist and a failure always comes with a
 * detail sentence; xss_sanitize_str is idempotent on the body bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "request/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "post",
                                       "OPTIONS", NULL };

static const char *const content_types[] = {
    NULL,
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=B",
    "multipart/form-data; boundary=\"a b\"",
    "application/json",
    "application/json; charset=utf-8",
    "application/x-www-form-urlencoded; charset=UTF-8",
    "text/plain",
};

/* The next segment of data[*pos..size) up to a 0xFF byte (consumed). */
static const uint8_t *segment(const uint8_t *data, size_t size, size_t *pos, size_t *len)
{
    const uint8_t *start = data + *pos;
    const uint8_t *end = memchr(start, 0xFF, size - *pos);
    if (!end) {
        *len = size - *pos;
        *pos = size;
        return start;
    }
    *len = (size_t)(end - start);
    *pos += *len + 1;
    return start;
}

static void check_idempotent(arena *a, const char *s, size_t len)
{
    size_t n1, n2;
    const char *once = xss_sanitize_str(a, s, len, &n1);
    if (!once)
        return;
    const char *twice = xss_sanitize_str(a, once, n1, &n2);
    if (!twice)
        return;
    if (n1 != n2 || memcmp(once, twice, n1) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arena *a;
    if (!a) {
        a = arena_create(1 << 16);
        if (!a)
            return 0;
    }
    if (size == 0)
        return 0;

    uint8_t control = data[0];
    size_t pos = 1;
    size_t query_len, type_len, body_len;
    const uint8_t *query = segment(data, size, &pos, &query_len);
    const uint8_t *type = segment(data, size, &pos, &type_len);
    const uint8_t *body = data + pos;
    body_len = size - pos;

    http_in in = { 0 };
    in.method = methods[control & 7];
    /* Strings are NUL-terminated copies, as the FastCGI layer hands them. */
    in.query_string = arena_strndup(a, (const char *)query, query_len);
    in.content_type = type_len ? arena_strndup(a, (const char *)type, type_len)
                               : content_types[(control >> 3) & 7];
    in.body = arena_strndup(a, (const char *)body, body_len);
    in.body_len = body_len;
    if (!in.query_string || !in.body || (type_len && !in.content_type)) {
        arena_reset(a);
        return 0;
    }

    parse_limits tight = { 20, 16, 3 };
    api_params params;
    const char *detail = NULL;
    parse_status st = request_parse(a, &in, (control & 0x40) ? &tight : NULL, &params, &detail);
    if (st == PARSE_OK) {
        if (!params.get || !params.post || !params.query_bag || !params.request_bag || detail)
            abort();
        /* Exercise lookups on every source. */
        for (int src = FROM_GET; src <= FROM_REQUEST_BAG; src++)
            (void)php_intval(param_get(&params, (param_source)src, "action"));
    } else if (!detail) {
        abort();
    }

    check_idempotent(a, in.body, body_len);

    /* The body as save_user_json's `json`: a value on PARSE_OK only. */
    php_value *decoded = NULL;
    parse_status js = json_decode_value(a, in.body, body_len, (control & 0x40) ? &tight : NULL,
                                        &decoded);
    if (js != PARSE_OK && decoded)
        abort();
    if (decoded)
        (void)php_value_dump(a, decoded);
    arena_reset(a);
    return 0;
}
