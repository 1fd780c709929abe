/*
 * test_request.c - request_parse(): which source feeds which bag, POST and
 * PUT rules, $_REQUEST precedence, the `hash` parameter, JSON bodies,
 * limits across sources.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "core/strbuf.h"
#include "php/php_number.h"
#include "request/json_input.h"
#include "request/request.h"

static int setup(void **state)
{
    *state = arena_create(1 << 16);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    arena_destroy(*state);
    return 0;
}

/* The four bags as dumps, for whole-result assertions. */
typedef struct parsed {
    parse_status status;
    const char *detail;
    api_params params;
    const char *get, *post, *query_bag, *request_bag;
} parsed;

static parsed run_limited(arena *a, const char *method, const char *query,
                          const char *content_type, const char *body,
                          const parse_limits *limits)
{
    http_in in = { 0 };
    in.method = method;
    in.query_string = query;
    in.content_type = content_type;
    in.body = body;
    in.body_len = body ? strlen(body) : 0;
    parsed p = { 0 };
    p.detail = "unset";
    p.status = request_parse(a, &in, limits, &p.params, &p.detail);
    if (p.status == PARSE_OK) {
        p.get = php_array_dump(a, p.params.get);
        p.post = php_array_dump(a, p.params.post);
        p.query_bag = php_array_dump(a, p.params.query_bag);
        p.request_bag = php_array_dump(a, p.params.request_bag);
    }
    return p;
}

static parsed run(arena *a, const char *method, const char *query, const char *content_type,
                  const char *body)
{
    parsed p = run_limited(a, method, query, content_type, body, NULL);
    assert_int_equal(p.status, PARSE_OK);
    assert_null(p.detail);
    return p;
}

/* Only hash's query string: ?hash=<json> (url-encoding the few characters
 * that matter). */
static const char *hash_query(arena *a, const char *json)
{
    strbuf sb;
    sb_init(&sb, a, 64);
    sb_puts(&sb, "hash=");
    for (const char *p = json; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '&' || c == '+' || c == '%' || c == '=' || c == '#' || c == ' ' || c >= 0x80)
            sb_printf(&sb, "%%%02X", c);
        else
            sb_putc(&sb, (char)c);
    }
    return sb.data;
}

/* The query bag after ?x=url&hash=<json> (the hash entry itself removed
 * from the comparison by leading with it). */
static const char *query_bag_with_hash(arena *a, const char *json)
{
    return run(a, "GET", hash_query(a, json), NULL, NULL).query_bag;
}

/* ---- sources and bags ---- */

static void test_empty_request(void **state)
{
    arena *a = *state;
    http_in in = { 0 };
    api_params p;
    const char *detail = "unset";
    assert_int_equal(request_parse(a, &in, NULL, &p, &detail), PARSE_OK);
    assert_null(detail);
    assert_non_null(p.get);
    assert_non_null(p.post);
    assert_non_null(p.query_bag);
    assert_non_null(p.request_bag);
    assert_int_equal(p.get->count + p.post->count + p.query_bag->count + p.request_bag->count, 0);
    /* detail may be NULL. */
    assert_int_equal(request_parse(a, &in, NULL, &p, NULL), PARSE_OK);
}

static void test_get_only(void **state)
{
    arena *a = *state;
    parsed p = run(a, "GET", "action=x&a[]=1", NULL, NULL);
    assert_string_equal(p.get, "[action=x,a=[#0=1]]");
    assert_string_equal(p.query_bag, "[action=x,a=[#0=1]]");
    assert_string_equal(p.post, "[]");
    assert_string_equal(p.request_bag, "[]");
    /* The query bag is a separate array. */
    assert_ptr_not_equal(p.params.get, p.params.query_bag);
}

static void test_post_urlencoded(void **state)
{
    arena *a = *state;
    parsed p = run(a, "POST", "action=q", "application/x-www-form-urlencoded",
                   "username=u&action=p");
    assert_string_equal(p.get, "[action=q]");
    assert_string_equal(p.post, "[username=u,action=p]");
    assert_string_equal(p.request_bag, "[username=u,action=p]");
    assert_string_equal(p.query_bag, "[action=q]");
    assert_ptr_not_equal(p.params.post, p.params.request_bag);

    /* Parameters and case in the Content-Type do not matter for POST. */
    p = run(a, "POST", NULL, "Application/X-WWW-Form-URLEncoded; charset=UTF-8", "a=1");
    assert_string_equal(p.post, "[a=1]");
    p = run(a, "POST", NULL, "application/x-www-form-urlencoded,x", "a=1");
    assert_string_equal(p.post, "[a=1]");
    /* PHP fills $_POST only for the method "POST", exactly. */
    p = run(a, "post", NULL, "application/x-www-form-urlencoded", "a=1");
    assert_string_equal(p.post, "[]");
    assert_string_equal(p.request_bag, "[]");
    /* Other content types leave POST empty. */
    p = run(a, "POST", NULL, "text/plain", "a=1");
    assert_string_equal(p.post, "[]");
    p = run(a, "POST", NULL, NULL, "a=1");
    assert_string_equal(p.post, "[]");
    p = run(a, "POST", NULL, " application/x-www-form-urlencoded", "a=1");
    assert_string_equal(p.post, "[]");
    /* A body on GET is not read. */
    p = run(a, "GET", NULL, "application/x-www-form-urlencoded", "a=1");
    assert_string_equal(p.post, "[]");
    assert_string_equal(p.request_bag, "[]");
}

static void test_post_multipart(void **state)
{
    arena *a = *state;
    const char *body = "--B\r\n"
                       "Content-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n"
                       "--B\r\n"
                       "Content-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n\r\nF\r\n"
                       "--B--\r\n";
    parsed p = run(a, "POST", "course=3", "multipart/form-data; boundary=B", body);
    assert_string_equal(p.post, "[title=T]");
    assert_string_equal(p.request_bag, "[title=T]");
    assert_string_equal(p.get, "[course=3]");

    p = run_limited(a, "POST", NULL, "multipart/form-data; boundary=B", "--B\r\nbroken", NULL);
    assert_int_equal(p.status, PARSE_BAD_BODY);
    assert_string_equal(p.detail, "Malformed request body");
    /* No boundary: PHP leaves $_POST empty; the query string still counts. */
    p = run_limited(a, "POST", "course=3", "multipart/form-data", "action=x&y=1", NULL);
    assert_int_equal(p.status, PARSE_OK);
    assert_string_equal(p.post, "[]");
    assert_string_equal(p.get, "[course=3]");

    /* Multipart on PUT is not read. */
    p = run(a, "PUT", NULL, "multipart/form-data; boundary=B", body);
    assert_string_equal(p.post, "[]");
    assert_string_equal(p.request_bag, "[]");
}

static void test_put_patch_delete(void **state)
{
    arena *a = *state;
    const char *methods[] = { "PUT", "PATCH", "DELETE", "put", "Patch", "delete" };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        parsed p = run(a, methods[i], "a=g", "application/x-www-form-urlencoded", "a=b&c[]=1");
        assert_string_equal(p.request_bag, "[a=b,c=[#0=1]]");
        assert_string_equal(p.post, "[]");
        assert_string_equal(p.get, "[a=g]");
        assert_string_equal(p.query_bag, "[a=g]");
    }
    /* Symfony tests the prefix, case-sensitively. */
    parsed p = run(a, "PUT", NULL, "application/x-www-form-urlencoded;charset=UTF-8", "a=1");
    assert_string_equal(p.request_bag, "[a=1]");
    p = run(a, "PUT", NULL, "application/x-www-form-urlencodedXYZ", "a=1");
    assert_string_equal(p.request_bag, "[a=1]");
    p = run(a, "PUT", NULL, "Application/x-www-form-urlencoded", "a=1");
    assert_string_equal(p.request_bag, "[]");
    p = run(a, "PUT", NULL, "text/plain", "a=1");
    assert_string_equal(p.request_bag, "[]");
    p = run(a, "OPTIONS", NULL, "application/x-www-form-urlencoded", "a=1");
    assert_string_equal(p.request_bag, "[]");
}

static void test_param_get(void **state)
{
    arena *a = *state;
    parsed p = run(a, "POST", "both=g&only_get=g&hash=%7B%22h%22%3A%22x%22%7D",
                   "application/x-www-form-urlencoded", "both=p&only_post=p");
    const api_params *ap = &p.params;
    assert_string_equal(php_strval(param_get(ap, FROM_GET, "both")), "g");
    assert_string_equal(php_strval(param_get(ap, FROM_POST, "both")), "p");
    assert_string_equal(php_strval(param_get(ap, FROM_REQUEST, "both")), "p");
    assert_string_equal(php_strval(param_get(ap, FROM_REQUEST, "only_get")), "g");
    assert_string_equal(php_strval(param_get(ap, FROM_REQUEST, "only_post")), "p");
    assert_null(param_get(ap, FROM_REQUEST, "absent"));
    assert_null(param_get(ap, FROM_POST, "only_get"));
    assert_string_equal(php_strval(param_get(ap, FROM_QUERY_BAG, "both")), "g");
    assert_string_equal(php_strval(param_get(ap, FROM_REQUEST_BAG, "both")), "p");
    /* Hash values: only in the query bag. */
    assert_string_equal(php_strval(param_get(ap, FROM_QUERY_BAG, "h")), "x");
    assert_null(param_get(ap, FROM_GET, "h"));
    assert_null(param_get(ap, FROM_REQUEST, "h"));
    assert_null(param_get(ap, FROM_REQUEST_BAG, "h"));
    assert_null(param_get(NULL, FROM_GET, "both"));
    assert_null(param_get(ap, FROM_GET, NULL));
}

/* ---- hash ---- */

static void test_hash_visibility(void **state)
{
    arena *a = *state;
    const char *q = "action=url&keep=1&hash=%7B%22action%22%3A%22from_hash%22%2C"
                    "%22username%22%3A%22%3Cb%3Eu%3C%2Fb%3E%22%7D";
    parsed p = run(a, "POST", q, "application/x-www-form-urlencoded", "action=post");
    assert_string_equal(p.query_bag, "[action=from_hash,keep=1,"
                                     "hash={\"action\":\"from_hash\"\\x2C\"username\":"
                                     "\"<b>u</b>\"},username=u]");
    /* $_GET, $_POST and the request bag do not see hash values. */
    assert_string_equal(php_strval(param_get(&p.params, FROM_GET, "action")), "url");
    assert_null(param_get(&p.params, FROM_GET, "username"));
    assert_string_equal(p.post, "[action=post]");
    assert_string_equal(p.request_bag, "[action=post]");
}

static void test_hash_in_body_is_ignored(void **state)
{
    arena *a = *state;
    parsed p = run(a, "POST", NULL, "application/x-www-form-urlencoded",
                   "hash=%7B%22action%22%3A%22x%22%7D");
    assert_null(param_get(&p.params, FROM_QUERY_BAG, "action"));
    assert_null(param_get(&p.params, FROM_REQUEST_BAG, "action"));
}

static void test_hash_ignored_values(void **state)
{
    arena *a = *state;
    const char *ignored[] = {
        "null", "[]", "{}", "\"\"", "0", "false", "true", "5", "\"str\"", "{bad json",
        "{'a':'single quotes'}", "{\"a\":1,}", "[1,2,]", "{\"a\":NaN}", "{\"a\":1.}",
        "{\"a\":01}", "{\"a\":\"raw\ttab\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\x\"}",
        "{\"\\u0000a\":1}", "{\"a\":1} x", "{\"a\":1}{}", "{\"a\":TRUE}", " ", "{\"a\":\"\xff\"}",
        "{\"a\":\"\xc0\xaf\"}", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":-}", "\xef\xbb\xbf{}",
    };
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        const char *q = hash_query(a, ignored[i]);
        parsed p = run(a, "GET", q, NULL, NULL);
        assert_string_equal(p.query_bag, p.get);
    }
    /* Empty hash parameter, array-valued hash. */
    parsed p = run(a, "GET", "hash=&a=1", NULL, NULL);
    assert_string_equal(p.query_bag, "[hash=,a=1]");
    p = run(a, "GET", "hash[]=%7B%22a%22%3A1%7D", NULL, NULL);
    assert_string_equal(p.query_bag, p.get);
}

static void test_hash_scalars(void **state)
{
    arena *a = *state;
    const char *bag = query_bag_with_hash(
        a, "{\"i\":5,\"neg\":-42,\"f\":1.5,\"t\":true,\"fa\":false,\"n\":null,\"big\":1e25,"
           "\"small\":0.0001,\"tiny\":1e-5,\"third\":0.1,\"whole\":5.0,\"nz\":-0.0,\"z\":-0,"
           "\"i64\":9223372036854775807,\"over\":12345678901234567890,"
           "\"min\":-9223372036854775808,\"under\":-9223372036854775809,"
           "\"huge\":1e400,\"p14\":123456789012345,\"p13\":12345678901234.5}");
    assert_string_equal(strchr(bag, ',') + 1,
                        "i=5,neg=-42,f=1.5,t=1,fa=,n=,big=1.0E+25,small=0.0001,tiny=1.0E-5,"
                        "third=0.1,whole=5,nz=-0,z=0,i64=9223372036854775807,"
                        "over=1.2345678901235E+19,min=-9223372036854775808,"
                        "under=-9.2233720368548E+18,huge=INF,p14=123456789012345,"
                        "p13=12345678901234]");
}

static void test_hash_arrays_objects_keys(void **state)
{
    arena *a = *state;
    const char *bag = query_bag_with_hash(a, "[\"first\",\"second\"]");
    assert_string_equal(strchr(bag, ',') + 1, "#0=first,#1=second]");

    bag = query_bag_with_hash(
        a, "{\"a\":[1,\"x&y\",[true,null],{}],\"o\":{\"k\":\"<i>v</i>\",\"5\":\"five\"},"
           "\"5\":\"int key\",\"05\":\"string key\",\"\":\"empty key\",\"dup\":1,\"dup\":2}");
    assert_string_equal(strchr(bag, ',') + 1,
                        "a=[#0=1,#1=x&amp;y,#2=[#0=1,#1=],#3=[]],o=[k=v,#5=five],"
                        "#5=int key,05=string key,=empty key,dup=2]");
}

static void test_hash_overrides_and_sanitizes(void **state)
{
    arena *a = *state;
    parsed p = run(a, "GET",
                   "username=url&hash=%7B%22username%22%3A%22%3Cscript%3Ex%3C%2Fscript%3E"
                   "bob%20%26%20co%22%2C%22api_key%22%3A%22k%22%7D&api_key=late",
                   NULL, NULL);
    /* The hash is applied after the whole query string. */
    assert_string_equal(php_strval(param_get(&p.params, FROM_QUERY_BAG, "username")),
                        "bob &amp; co");
    assert_string_equal(php_strval(param_get(&p.params, FROM_QUERY_BAG, "api_key")), "k");
    assert_string_equal(php_strval(param_get(&p.params, FROM_GET, "api_key")), "late");
    assert_string_equal(php_strval(param_get(&p.params, FROM_GET, "username")), "url");
}

static void test_hash_deep_nesting(void **state)
{
    arena *a = *state;
    strbuf sb;
    /* 512 levels decode in PHP; our max_depth then applies. */
    sb_init(&sb, a, 2048);
    sb_puts(&sb, "{\"a\":");
    for (int i = 0; i < 511; i++)
        sb_putc(&sb, '[');
    for (int i = 0; i < 511; i++)
        sb_putc(&sb, ']');
    sb_putc(&sb, '}');
    parse_limits deep = { 1000, 256, 1024 };
    parsed p = run_limited(a, "GET", hash_query(a, sb.data), NULL, NULL, &deep);
    assert_int_equal(p.status, PARSE_OK);
    assert_non_null(param_get(&p.params, FROM_QUERY_BAG, "a"));
    p = run_limited(a, "GET", hash_query(a, sb.data), NULL, NULL, NULL);
    assert_int_equal(p.status, PARSE_TOO_DEEP);
    assert_string_equal(p.detail, "Parameters nested too deeply");

    /* 513 levels: json_decode fails, the hash is ignored. */
    sb_init(&sb, a, 2048);
    sb_puts(&sb, "{\"a\":");
    for (int i = 0; i < 512; i++)
        sb_putc(&sb, '[');
    for (int i = 0; i < 512; i++)
        sb_putc(&sb, ']');
    sb_putc(&sb, '}');
    p = run_limited(a, "GET", hash_query(a, sb.data), NULL, NULL, &deep);
    assert_int_equal(p.status, PARSE_OK);
    assert_null(param_get(&p.params, FROM_QUERY_BAG, "a"));
    /* ... but deeper than max_depth too: refused like a decodable one,
     * whatever PHP's json_decode makes of it (one rule for nesting). */
    p = run_limited(a, "GET", hash_query(a, sb.data), NULL, NULL, NULL);
    assert_int_equal(p.status, PARSE_TOO_DEEP);
    assert_string_equal(p.detail, "Parameters nested too deeply");
    /* A broken text nested too deep: the same. */
    p = run_limited(a, "GET", hash_query(a, "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x"),
                    NULL, NULL, NULL);
    assert_int_equal(p.status, PARSE_TOO_DEEP);
}

/* ---- JSON body ---- */

static void test_json_body_sets_all_bags(void **state)
{
    arena *a = *state;
    parsed p = run(a, "POST", "action=url&keep=1", "application/json",
                   "{\"action\":\"json\",\"id\":5,\"list\":[1,\"<b>x</b>\"],"
                   "\"obj\":{\"k\":true}}");
    assert_string_equal(p.get, "[action=json,keep=1,id=5,list=[#0=1,#1=x],obj=[k=1]]");
    assert_string_equal(p.query_bag, p.get);
    assert_string_equal(p.post, "[action=json,id=5,list=[#0=1,#1=x],obj=[k=1]]");
    assert_string_equal(p.request_bag, p.post);
    assert_string_equal(php_strval(param_get(&p.params, FROM_REQUEST, "action")), "json");
    assert_string_equal(php_strval(param_get(&p.params, FROM_REQUEST, "keep")), "1");
}

static void test_json_body_content_type_exact(void **state)
{
    arena *a = *state;
    const char *body = "{\"a\":1}";
    const char *ignored[] = { "application/json; charset=utf-8", "Application/json",
                              "application/json ", "text/json" };
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        parsed p = run(a, "POST", NULL, ignored[i], body);
        assert_string_equal(p.get, "[]");
        assert_string_equal(p.post, "[]");
        assert_string_equal(p.query_bag, "[]");
        assert_string_equal(p.request_bag, "[]");
    }
    /* Any method. */
    parsed p = run(a, "PUT", NULL, "application/json", body);
    assert_string_equal(p.request_bag, "[a=1]");
    p = run(a, "GET", NULL, "application/json", body);
    assert_string_equal(p.get, "[a=1]");
}

static void test_json_body_non_objects(void **state)
{
    arena *a = *state;
    parsed p = run(a, "POST", NULL, "application/json", "[\"x\",{\"k\":\"v\"}]");
    assert_string_equal(p.post, "[#0=x,#1=[k=v]]");
    assert_string_equal(p.get, "[#0=x,#1=[k=v]]");
    const char *ignored[] = { "5", "\"s\"", "null", "true", "{bad", "", "[1,]", "{}", "[]" };
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        p = run(a, "POST", "q=1", "application/json", ignored[i]);
        assert_string_equal(p.get, "[q=1]");
        assert_string_equal(p.post, "[]");
        assert_string_equal(p.query_bag, "[q=1]");
        assert_string_equal(p.request_bag, "[]");
    }
    /* A NUL byte in the body makes the JSON invalid. */
    http_in in = { 0 };
    in.method = "POST";
    in.content_type = "application/json";
    in.body = "{\"a\":1}\0";
    in.body_len = 8;
    api_params ap;
    assert_int_equal(request_parse(a, &in, NULL, &ap, NULL), PARSE_OK);
    assert_int_equal(ap.post->count, 0);
    /* A body that is not NUL-terminated is fine. */
    in.body = "{\"a\":12}garbage";
    in.body_len = 8;
    assert_int_equal(request_parse(a, &in, NULL, &ap, NULL), PARSE_OK);
    assert_string_equal(php_array_dump(a, ap.post), "[a=12]");
}

static void test_json_body_then_hash(void **state)
{
    arena *a = *state;
    /* The hash runs after the body and wins in the query bag. */
    parsed p = run(a, "POST", "hash=%7B%22action%22%3A%22from_hash%22%7D", "application/json",
                   "{\"action\":\"from_body\"}");
    assert_string_equal(php_strval(param_get(&p.params, FROM_QUERY_BAG, "action")), "from_hash");
    assert_string_equal(php_strval(param_get(&p.params, FROM_GET, "action")), "from_body");
    assert_string_equal(php_strval(param_get(&p.params, FROM_REQUEST_BAG, "action")),
                        "from_body");
    /* A "hash" member of the body lands in the query bag and is applied. */
    p = run(a, "POST", NULL, "application/json", "{\"hash\":\"{\\\"action\\\":\\\"z\\\"}\"}");
    assert_string_equal(php_strval(param_get(&p.params, FROM_QUERY_BAG, "action")), "z");
    assert_null(param_get(&p.params, FROM_GET, "action"));
}

static void test_json_body_sanitized(void **state)
{
    arena *a = *state;
    parsed p = run(a, "POST", NULL, "application/json",
                   "{\"name\":\"<script>x</script>Bob & Co\\r\\n\",\"id\":\"user@example.org\","
                   "\"esc\":\"\\u00e9\\u003c\"}");
    assert_string_equal(p.post, "[name=Bob &amp; Co\\x0A,id=user@example.org,"
                                "esc=\\xC3\\xA9&lt;]");
}

/* ---- limits over all sources ---- */

static void test_limits_across_sources(void **state)
{
    arena *a = *state;
    parse_limits three = { 3, 256, 64 };
    parsed p = run_limited(a, "POST", "a=1&b=2", "application/x-www-form-urlencoded", "c=3",
                           &three);
    assert_int_equal(p.status, PARSE_OK);
    p = run_limited(a, "POST", "a=1&b=2", "application/x-www-form-urlencoded", "c=3&d=4",
                    &three);
    assert_int_equal(p.status, PARSE_TOO_MANY_PARAMS);
    assert_string_equal(p.detail, "Too many parameters");
    /* JSON leaves count: scalars and empty arrays. */
    p = run_limited(a, "POST", "a=1", "application/json", "{\"b\":[1,[]]}", &three);
    assert_int_equal(p.status, PARSE_OK);
    p = run_limited(a, "POST", "a=1", "application/json", "{\"b\":[1,2,3]}", &three);
    assert_int_equal(p.status, PARSE_TOO_MANY_PARAMS);
    /* Hash members count. */
    p = run_limited(a, "GET", "a=1&hash=%5B1%2C2%5D", NULL, NULL, &three);
    assert_int_equal(p.status, PARSE_TOO_MANY_PARAMS);
    /* PUT bodies count. */
    p = run_limited(a, "PUT", "a=1&b=2", "application/x-www-form-urlencoded", "c=3&d=4",
                    &three);
    assert_int_equal(p.status, PARSE_TOO_MANY_PARAMS);

    parse_limits short_keys = { 100, 4, 64 };
    p = run_limited(a, "GET", "abcde=1", NULL, NULL, &short_keys);
    assert_int_equal(p.status, PARSE_KEY_TOO_LONG);
    assert_string_equal(p.detail, "Parameter name too long");
    p = run_limited(a, "POST", NULL, "application/json", "{\"abcde\":1}", &short_keys);
    assert_int_equal(p.status, PARSE_KEY_TOO_LONG);
    p = run_limited(a, "POST", NULL, "application/json", "{\"a\":{\"bcdef\":1}}", &short_keys);
    assert_int_equal(p.status, PARSE_KEY_TOO_LONG);

    parse_limits shallow = { 100, 256, 1 };
    p = run_limited(a, "POST", NULL, "application/json", "{\"a\":{\"b\":1}}", &shallow);
    assert_int_equal(p.status, PARSE_OK);
    p = run_limited(a, "POST", NULL, "application/json", "{\"a\":{\"b\":{\"c\":1}}}", &shallow);
    assert_int_equal(p.status, PARSE_TOO_DEEP);
    p = run_limited(a, "GET", "a[b][c]=1", NULL, NULL, &shallow);
    assert_int_equal(p.status, PARSE_TOO_DEEP);
}

static void test_default_limits(void **state)
{
    arena *a = *state;
    strbuf sb;
    sb_init(&sb, a, 1 << 14);
    for (int i = 0; i < 1000; i++)
        sb_printf(&sb, "%sp%d=%d", i ? "&" : "", i, i);
    parsed p = run_limited(a, "GET", sb.data, NULL, NULL, NULL);
    assert_int_equal(p.status, PARSE_OK);
    assert_int_equal(p.params.get->count, 1000);
    sb_puts(&sb, "&one=more");
    p = run_limited(a, "GET", sb.data, NULL, NULL, NULL);
    assert_int_equal(p.status, PARSE_TOO_MANY_PARAMS);
}

static void test_double_to_string(void **state)
{
    (void)state;
    static const struct {
        double d;
        const char *s;
    } cases[] = {
        { 1.5, "1.5" },         { 0.1, "0.1" },          { 5.0, "5" },
        { -2.25, "-2.25" },     { 1e25, "1.0E+25" },     { 1e14, "1.0E+14" },
        { 1e13, "10000000000000" }, { 0.0001, "0.0001" }, { 0.00001, "1.0E-5" },
        { 1.5e-7, "1.5E-7" },   { 123456789.12345678, "123456789.12346" },
        { 0.1 + 0.2, "0.3" },   { 1.0 / 3, "0.33333333333333" }, { -1e100, "-1.0E+100" },
        { 0.0, "0" },           { -0.0, "-0" },          { 99999999999999.9, "1.0E+14" },
        { 3.0e-5, "3.0E-5" },   { 2.5e15, "2.5E+15" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        size_t n = php_double_to_string(cases[i].d, buf);
        assert_string_equal(buf, cases[i].s);
        assert_int_equal(n, strlen(cases[i].s));
    }
}

/* ---- json_decode_value (save_user_json's `json`) ---- */

static const char *decoded(arena *a, const char *json, parse_status *st)
{
    php_value *v = (php_value *)1;
    *st = json_decode_value(a, json, strlen(json), NULL, &v);
    return v ? php_value_dump(a, v) : NULL;
}

static void test_json_decode_value(void **state)
{
    arena *a = *state;
    parse_status st;
    /* Strings raw (no remove_XSS), numbers as PHP strings, true "1", false "",
     * null left out (the next list element keeps its index). */
    assert_string_equal(decoded(a, "{\"a\":\"<b>x</b> & y\",\"n\":5,\"d\":1.5,\"t\":true,"
                                   "\"f\":false,\"z\":null,\"l\":[1,null,\"c\"],"
                                   "\"o\":{\"k\":{}}}", &st),
                        "[a=<b>x</b> & y,n=5,d=1.5,t=1,f=,l=[#0=1,#2=c],o=[k=[]]]");
    assert_int_equal(st, PARSE_OK);
    assert_string_equal(decoded(a, "[\"\\u0141\"]", &st), "[#0=\\xC5\\x81]");
    assert_string_equal(decoded(a, "12345678901234567890", &st), "1.2345678901235E+19");
    assert_string_equal(decoded(a, "\"s\"", &st), "s");
    /* What PHP's json_decode answers null for. */
    static const char *const nulls[] = {"null", " null ", "", "{", "{'a':1}", "[1,]", "nul",
                                        "\"\\ud800\"", "{\"a\":1}x", "NaN"};
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++) {
        assert_null(decoded(a, nulls[i], &st));
        assert_int_equal(st, PARSE_OK);
    }
    /* The request limits apply. */
    parse_limits limits = {.max_params = 2, .max_key_length = 256, .max_depth = 2};
    php_value *v;
    assert_int_equal(json_decode_value(a, "[1,2,3]", 7, &limits, &v), PARSE_TOO_MANY_PARAMS);
    assert_null(v);
    assert_int_equal(json_decode_value(a, "[[[1]]]", 7, &limits, &v), PARSE_TOO_DEEP);
    assert_int_equal(json_decode_value(a, "[[1]]", 5, &limits, &v), PARSE_OK);
    assert_non_null(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_request, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_post_urlencoded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_post_multipart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_patch_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_param_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_visibility, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_in_body_is_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_ignored_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_arrays_objects_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_overrides_and_sanitizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_deep_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_body_sets_all_bags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_body_content_type_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_body_non_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_body_then_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_body_sanitized, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits_across_sources, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_double_to_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_decode_value, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
