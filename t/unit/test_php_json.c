/*
 * test_php_json.c - php_json_encode / php_serialize / php_format_double
 * against PHP.
 *
 * Every expected string below was produced by PHP 8.2.36 (Debian 12 php-cli)
 * with json_encode($v), json_encode($v, JSON_PRETTY_PRINT) and serialize($v);
 * PHP 8.2 and 7.4 agree on these with serialize_precision = -1 (the default).
 * The inputs are the same PHP values written as JSON (json_encode with
 * JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION)
 * so that json-c parses them into the equivalent tree: a PHP list becomes a
 * json-c array, a stdClass / associative array a json-c object, a float a
 * json-c double. php-cli is not needed to run the tests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "json/php_json.h"
#include "php/php_number.h"

/* {input for json_tokener, json_encode($v), json_encode($v, JSON_PRETTY_PRINT)} */
static const struct {
    const char *input;
    const char *compact;
    const char *pretty;
} encode_vectors[] = {
    {"\"a/b\"",
     "\"a\\/b\"",
     "\"a\\/b\""},
    {"\"</script>\"",
     "\"<\\/script>\"",
     "\"<\\/script>\""},
    {"\"é\"",
     "\"\\u00e9\"",
     "\"\\u00e9\""},
    {"\"àéîõü ç\"",
     "\"\\u00e0\\u00e9\\u00ee\\u00f5\\u00fc \\u00e7\"",
     "\"\\u00e0\\u00e9\\u00ee\\u00f5\\u00fc \\u00e7\""},
    {"\"日本語\"",
     "\"\\u65e5\\u672c\\u8a9e\"",
     "\"\\u65e5\\u672c\\u8a9e\""},
    {"\"😀\"",
     "\"\\ud83d\\ude00\"",
     "\"\\ud83d\\ude00\""},
    {"\"a😀b€\"",
     "\"a\\ud83d\\ude00b\\u20ac\"",
     "\"a\\ud83d\\ude00b\\u20ac\""},
    {"\"\\udbff\\udfff\"",
     "\"\\udbff\\udfff\"",
     "\"\\udbff\\udfff\""},
    {"\"\\uffff\"",
     "\"\\uffff\"",
     "\"\\uffff\""},
    {"\"\\ue000\"",
     "\"\\ue000\"",
     "\"\\ue000\""},
    {"\"\\u2028\"",
     "\"\\u2028\"",
     "\"\\u2028\""},
    {"\"\\u0000\"",
     "\"\\u0000\"",
     "\"\\u0000\""},
    {"\"a\\u0000b\"",
     "\"a\\u0000b\"",
     "\"a\\u0000b\""},
    {"\"\\b\\f\\n\\r\\t\"",
     "\"\\b\\f\\n\\r\\t\"",
     "\"\\b\\f\\n\\r\\t\""},
    {"\"\\u0001\\u000b\\u001f\"",
     "\"\\u0001\\u000b\\u001f\"",
     "\"\\u0001\\u000b\\u001f\""},
    {"\"\177\"",
     "\"\177\"",
     "\"\177\""},
    {"\"\\\"quoted\\\" back\\\\slash\"",
     "\"\\\"quoted\\\" back\\\\slash\"",
     "\"\\\"quoted\\\" back\\\\slash\""},
    {"\"\"",
     "\"\"",
     "\"\""},
    {"\"plain ascii text\"",
     "\"plain ascii text\"",
     "\"plain ascii text\""},
    {"0.1",
     "0.1",
     "0.1"},
    {"0.3333333333333333",
     "0.3333333333333333",
     "0.3333333333333333"},
    {"85.0",
     "85",
     "85"},
    {"1.0e+25",
     "1.0e+25",
     "1.0e+25"},
    {"1.0e-7",
     "1.0e-7",
     "1.0e-7"},
    {"-0.0",
     "-0",
     "-0"},
    {"0.0",
     "0",
     "0"},
    {"1000000000000000.0",
     "1000000000000000",
     "1000000000000000"},
    {"1.2345678901234568e+17",
     "1.2345678901234568e+17",
     "1.2345678901234568e+17"},
    {"0.30000000000000004",
     "0.30000000000000004",
     "0.30000000000000004"},
    {"0.0001",
     "0.0001",
     "0.0001"},
    {"1.0e-5",
     "1.0e-5",
     "1.0e-5"},
    {"10000000000000000.0",
     "10000000000000000",
     "10000000000000000"},
    {"1.0e+17",
     "1.0e+17",
     "1.0e+17"},
    {"1.5e-7",
     "1.5e-7",
     "1.5e-7"},
    {"-2.5",
     "-2.5",
     "-2.5"},
    {"1.0e+22",
     "1.0e+22",
     "1.0e+22"},
    {"5.0e-324",
     "5.0e-324",
     "5.0e-324"},
    {"1.7976931348623157e+308",
     "1.7976931348623157e+308",
     "1.7976931348623157e+308"},
    {"2.2250738585072014e-308",
     "2.2250738585072014e-308",
     "2.2250738585072014e-308"},
    {"100.0",
     "100",
     "100"},
    {"12345.678",
     "12345.678",
     "12345.678"},
    {"9007199254740992.0",
     "9007199254740992",
     "9007199254740992"},
    {"0",
     "0",
     "0"},
    {"-1",
     "-1",
     "-1"},
    {"42",
     "42",
     "42"},
    {"9223372036854775807",
     "9223372036854775807",
     "9223372036854775807"},
    {"-9223372036854775808",
     "-9223372036854775808",
     "-9223372036854775808"},
    {"true",
     "true",
     "true"},
    {"false",
     "false",
     "false"},
    {"null",
     "null",
     "null"},
    {"[]",
     "[]",
     "[]"},
    {"{}",
     "{}",
     "{}"},
    {"[[]]",
     "[[]]",
     "[\n    []\n]"},
    {"[{}]",
     "[{}]",
     "[\n    {}\n]"},
    {"[1,2,3]",
     "[1,2,3]",
     "[\n    1,\n    2,\n    3\n]"},
    {"{\"a\":1,\"b\":\"x/y\"}",
     "{\"a\":1,\"b\":\"x\\/y\"}",
     "{\n    \"a\": 1,\n    \"b\": \"x\\/y\"\n}"},
    {"{\"error\":false,\"data\":{\"url\":\"http://localhost/\",\"apiKey\":\"0123456789abcdef0123456789abcdef\",\"gcmSenderId\":null}}",
     "{\"error\":false,\"data\":{\"url\":\"http:\\/\\/localhost\\/\",\"apiKey\":\"0123456789abcdef0123456789abcdef\",\"gcmSenderId\":null}}",
     "{\n    \"error\": false,\n    \"data\": {\n        \"url\": \"http:\\/\\/localhost\\/\",\n        \"apiKey\": \"0123456789abcdef0123456789abcdef\",\n        \"gcmSenderId\": null\n    }\n}"},
    {"{\"error\":true,\"message\":\"Invalid user detected.\"}",
     "{\"error\":true,\"message\":\"Invalid user detected.\"}",
     "{\n    \"error\": true,\n    \"message\": \"Invalid user detected.\"\n}"},
    {"{\"a\":[1,[2,[3,[]]]],\"b\":{\"c\":{\"d\":{}}},\"é/k\":[true,null,1.5,\"ü\"]}",
     "{\"a\":[1,[2,[3,[]]]],\"b\":{\"c\":{\"d\":{}}},\"\\u00e9\\/k\":[true,null,1.5,\"\\u00fc\"]}",
     "{\n    \"a\": [\n        1,\n        [\n            2,\n            [\n                3,\n                []\n            ]\n        ]\n    ],\n    \"b\": {\n        \"c\": {\n            \"d\": {}\n        }\n    },\n    \"\\u00e9\\/k\": [\n        true,\n        null,\n        1.5,\n        \"\\u00fc\"\n    ]\n}"},
    {"[{\"id\":1,\"title\":\"Curso de introducción\",\"progress\":33.3,\"score\":85.0},{\"id\":2,\"title\":\"日本\",\"progress\":0.0,\"score\":null}]",
     "[{\"id\":1,\"title\":\"Curso de introducci\\u00f3n\",\"progress\":33.3,\"score\":85},{\"id\":2,\"title\":\"\\u65e5\\u672c\",\"progress\":0,\"score\":null}]",
     "[\n    {\n        \"id\": 1,\n        \"title\": \"Curso de introducci\\u00f3n\",\n        \"progress\": 33.3,\n        \"score\": 85\n    },\n    {\n        \"id\": 2,\n        \"title\": \"\\u65e5\\u672c\",\n        \"progress\": 0,\n        \"score\": null\n    }\n]"},
};

/* {input for json_tokener (decoded by PHP with assoc = true), serialize($v)};
 * the length is kept because a vector holds a NUL byte. */
#define SV(in, out) {in, out, sizeof(out) - 1}
static const struct {
    const char *input;
    const char *serialized;
    size_t serialized_len;
} serialize_vectors[] = {
    SV("[5]",
       "a:1:{i:0;i:5;}"),
    SV("{\"a\":\"é\"}",
       "a:1:{s:1:\"a\";s:2:\"é\";}"),
    SV("\"a\\u0000b\"",
       "s:3:\"a\000b\";"),
    SV("\"\"",
       "s:0:\"\";"),
    SV("\"日本\"",
       "s:6:\"日本\";"),
    SV("1.5",
       "d:1.5;"),
    SV("0.1",
       "d:0.1;"),
    SV("85.0",
       "d:85;"),
    SV("1.0e+25",
       "d:1.0E+25;"),
    SV("1.0e-7",
       "d:1.0E-7;"),
    SV("-0.0",
       "d:-0;"),
    SV("0.30000000000000004",
       "d:0.30000000000000004;"),
    SV("true",
       "b:1;"),
    SV("false",
       "b:0;"),
    SV("null",
       "N;"),
    SV("42",
       "i:42;"),
    SV("-9223372036854775808",
       "i:-9223372036854775808;"),
    SV("[]",
       "a:0:{}"),
    SV("{}",
       "a:0:{}"),
    SV("[[],{}]",
       "a:2:{i:0;a:0:{}i:1;a:0:{}}"),
    SV("{\"5\":1,\"-3\":2,\"05\":3,\"-0\":4,\"0\":5,\"9223372036854775808\":6,\"x\":[1,{\"y\":null}]}",
       "a:7:{i:5;i:1;i:-3;i:2;s:2:\"05\";i:3;s:2:\"-0\";i:4;i:0;i:5;s:19:\"9223372036854775808\";i:6;s:1:\"x\";a:2:{i:0;i:1;i:1;a:1:{s:1:\"y\";N;}}}"),
    SV("{\"username\":\"admin\",\"api_key\":\"0123456789abcdef0123456789abcdef\",\"ratio\":33.3,\"ok\":true}",
       "a:4:{s:8:\"username\";s:5:\"admin\";s:7:\"api_key\";s:32:\"0123456789abcdef0123456789abcdef\";s:5:\"ratio\";d:33.3;s:2:\"ok\";b:1;}"),
};

/* {IEEE-754 bits, json_encode($d), serialize($d) without "d:" and ";"}.
 * The first six are powers of two whose shortest form lies above the
 * correctly rounded 16-digit candidate (asymmetric rounding interval). */
static const struct {
    uint64_t bits;
    const char *json;
    const char *serialized;
} double_vectors[] = {
    {UINT64_C(0x20f0000000000000), "4.887898181599368e-150", "4.887898181599368E-150"},
    {UINT64_C(0x2800000000000000), "5.075883674631299e-116", "5.075883674631299E-116"},
    {UINT64_C(0x1690000000000000), "5.225680706521042e-200", "5.225680706521042E-200"},
    {UINT64_C(0x77f0000000000000), "5.282945311356653e+269", "5.282945311356653E+269"},
    {UINT64_C(0x4790000000000000), "5.316911983139664e+36", "5.316911983139664E+36"},
    {UINT64_C(0x7220000000000000), "5.334411546303884e+241", "5.334411546303884E+241"},
    {UINT64_C(0x0000000000000001), "5.0e-324", "5.0E-324"},
    {UINT64_C(0x0010000000000000), "2.2250738585072014e-308", "2.2250738585072014E-308"},
    {UINT64_C(0x000fffffffffffff), "2.225073858507201e-308", "2.225073858507201E-308"},
    {UINT64_C(0x7fefffffffffffff), "1.7976931348623157e+308", "1.7976931348623157E+308"},
    {UINT64_C(0x0000000000000003), "1.5e-323", "1.5E-323"},
    {UINT64_C(0x4340000000000000), "9007199254740992", "9007199254740992"},
    {UINT64_C(0x4340000000000001), "9007199254740994", "9007199254740994"},
    {UINT64_C(0x444b1ae4d6e2ef50), "1.0e+21", "1.0E+21"},
    {UINT64_C(0x44b52d02c7e14af6), "1.0e+23", "1.0E+23"},
    {UINT64_C(0x4011666666666666), "4.35", "4.35"},
    {UINT64_C(0x3fd3333333333334), "0.30000000000000004", "0.30000000000000004"},
    {UINT64_C(0x3fd5555555555555), "0.3333333333333333", "0.3333333333333333"},
    {UINT64_C(0xbfd5555555555555), "-0.3333333333333333", "-0.3333333333333333"},
    {UINT64_C(0x3fe5555555555555), "0.6666666666666666", "0.6666666666666666"},
    {UINT64_C(0x4040aaaaaaaaaaab), "33.333333333333336", "33.333333333333336"},
    {UINT64_C(0x3f0179ec9cbd821e), "3.3333333333333335e-5", "3.3333333333333335E-5"},
    {UINT64_C(0x3c36b082c2148b8e), "1.23e-18", "1.23E-18"},
    {UINT64_C(0x3f0a36e2eb1c432d), "5.0e-5", "5.0E-5"},
    {UINT64_C(0x3f50624dd2f1a9fc), "0.001", "0.001"},
    {UINT64_C(0x44b52d02c7e14af6), "1.0e+23", "1.0E+23"},
    {UINT64_C(0x4430000000000000), "2.9514790517935283e+20", "2.9514790517935283E+20"},
};

/* Byte strings json_encode refuses (JSON_ERROR_UTF8) and boundary sequences
 * it accepts, from PHP 8.2. */
static const struct {
    const char *bytes;
    const char *json; /* NULL: json_encode returned false */
} utf8_vectors[] = {
    {"\xc0\x80", NULL},           /* overlong NUL */
    {"\xc1\xbf", NULL},           /* overlong */
    {"\xe0\x80\x80", NULL},       /* overlong */
    {"\xe0\x9f\xbf", NULL},       /* overlong */
    {"\xed\xa0\x80", NULL},       /* UTF-16 surrogate */
    {"\xed\xbf\xbf", NULL},       /* UTF-16 surrogate */
    {"\xf0\x8f\xbf\xbf", NULL},   /* overlong */
    {"\xf4\x90\x80\x80", NULL},   /* above U+10FFFF */
    {"\xf5\x80\x80\x80", NULL},   /* invalid lead byte */
    {"\xf8\x88\x80\x80\x80", NULL}, /* 5-byte form */
    {"\x80", NULL},               /* lone continuation */
    {"\xbf", NULL},
    {"\xc3", NULL},               /* truncated at the end */
    {"\xe2\x82", NULL},
    {"\xf0\x9f\x98", NULL},
    {"a\xff" "b", NULL},
    {"\xfe", NULL},
    {"\xc3\xa9\xc3", NULL},       /* valid then truncated */
    {"\xc2\x80", "\"\\u0080\""},
    {"\xdf\xbf", "\"\\u07ff\""},
    {"\xe0\xa0\x80", "\"\\u0800\""},
    {"\xed\x9f\xbf", "\"\\ud7ff\""},
    {"\xee\x80\x80", "\"\\ue000\""},
    {"\xef\xbf\xbf", "\"\\uffff\""},
    {"\xf0\x90\x80\x80", "\"\\ud800\\udc00\""},
    {"\xf4\x8f\xbf\xbf", "\"\\udbff\\udfff\""},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int setup_arena(void **state)
{
    /* Small blocks so that output growth and dedicated blocks are exercised. */
    arena *a = arena_create(1024);
    if (!a)
        return -1;
    *state = a;
    return 0;
}

static int teardown_arena(void **state)
{
    arena_destroy(*state);
    return 0;
}

static struct json_object *parse_or_fail(const char *text)
{
    enum json_tokener_error err = json_tokener_success;
    struct json_object *v = json_tokener_parse_verbose(text, &err);
    if (err != json_tokener_success)
        fail_msg("json-c cannot parse test input %s: %s", text, json_tokener_error_desc(err));
    return v;
}

static void assert_encodes(arena *a, struct json_object *v, bool pretty, const char *want)
{
    const char *out = NULL;
    size_t len = 0;
    assert_int_equal(php_json_encode(a, v, pretty, &out, &len), PHP_JSON_OK);
    assert_non_null(out);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
}

static void test_encode_vectors(void **state)
{
    arena *a = *state;
    for (size_t i = 0; i < COUNT(encode_vectors); i++) {
        struct json_object *v = parse_or_fail(encode_vectors[i].input);
        assert_encodes(a, v, false, encode_vectors[i].compact);
        assert_encodes(a, v, true, encode_vectors[i].pretty);
        json_object_put(v);
        arena_reset(a);
    }
}

/* A value encoded at depth 2 is the text it has inside {"w":[value]}, for
 * every vector, compact and pretty: a list can be written item by item. */
static void test_nested_is_the_text_at_its_place(void **state)
{
    arena *a = *state;
    static const char *const open[2] = {"{\"w\":[", "{\n    \"w\": [\n        "};
    static const char *const close[2] = {"]}", "\n    ]\n}"};
    for (size_t i = 0; i < COUNT(encode_vectors); i++) {
        struct json_object *v = parse_or_fail(encode_vectors[i].input);
        struct json_object *outer = json_object_new_object();
        struct json_object *list = json_object_new_array();
        json_object_array_add(list, json_object_get(v));
        json_object_object_add(outer, "w", list);
        for (int pretty = 0; pretty < 2; pretty++) {
            const char *whole = NULL, *item = NULL;
            assert_int_equal(php_json_encode(a, outer, pretty, &whole, NULL), PHP_JSON_OK);
            assert_int_equal(php_json_encode_nested(a, v, pretty, 2, &item, NULL), PHP_JSON_OK);
            char *joined = arena_printf(a, "%s%s%s", open[pretty], item, close[pretty]);
            assert_string_equal(joined, whole);
        }
        json_object_put(outer);
        json_object_put(v);
        arena_reset(a);
    }
}

static void test_string_with_nul_bytes(void **state)
{
    arena *a = *state;
    /* PHP: json_encode("a\0b/\xc3\xa9\0") */
    struct json_object *v = json_object_new_string_len("a\0b/\xc3\xa9\0", 7);
    assert_encodes(a, v, false, "\"a\\u0000b\\/\\u00e9\\u0000\"");
    json_object_put(v);
}

static void test_every_ascii_byte(void **state)
{
    arena *a = *state;
    /* PHP: json_encode(implode(array_map('chr', range(0, 127)))) */
    char bytes[128];
    for (int i = 0; i < 128; i++)
        bytes[i] = (char)i;
    struct json_object *v = json_object_new_string_len(bytes, 128);
    assert_encodes(a, v, false,
                   "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                   "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
                   "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f !\\\"#$%&'()*+,-.\\/0123456789"
                   ":;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\177\"");
    json_object_put(v);
}

static void test_utf8_validation(void **state)
{
    arena *a = *state;
    for (size_t i = 0; i < COUNT(utf8_vectors); i++) {
        struct json_object *v = json_object_new_string(utf8_vectors[i].bytes);
        const char *out = "untouched";
        size_t len = 12345;
        php_json_status st = php_json_encode(a, v, false, &out, &len);
        if (utf8_vectors[i].json) {
            assert_int_equal(st, PHP_JSON_OK);
            assert_string_equal(out, utf8_vectors[i].json);
        } else {
            assert_int_equal(st, PHP_JSON_INVALID_UTF8);
            assert_string_equal(out, "untouched");
            assert_int_equal(len, 12345);
        }
        json_object_put(v);
        arena_reset(a);
    }
}

static void test_invalid_utf8_anywhere_fails(void **state)
{
    arena *a = *state;
    const char *out;
    /* PHP: json_encode([1, "ok", ["x" => "\xc3"]]) === false */
    struct json_object *v = parse_or_fail("[1,\"ok\",{}]");
    json_object_object_add(json_object_array_get_idx(v, 2), "x", json_object_new_string("\xc3"));
    assert_int_equal(php_json_encode(a, v, false, &out, NULL), PHP_JSON_INVALID_UTF8);
    assert_int_equal(php_json_encode(a, v, true, &out, NULL), PHP_JSON_INVALID_UTF8);
    json_object_put(v);

    /* PHP: json_encode(["a\xff" => 1]) === false (keys are checked too) */
    v = json_object_new_object();
    json_object_object_add(v, "a\xff", json_object_new_int(1));
    assert_int_equal(php_json_encode(a, v, false, &out, NULL), PHP_JSON_INVALID_UTF8);
    json_object_put(v);
}

static void test_nan_and_inf_fail(void **state)
{
    arena *a = *state;
    /* PHP: json_encode(NAN), json_encode(INF), json_encode(-INF) === false
     * ("Inf and NaN cannot be JSON encoded"). */
    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < COUNT(bad); i++) {
        struct json_object *v = json_object_new_array();
        json_object_array_add(v, json_object_new_double(bad[i]));
        const char *out = NULL;
        assert_int_equal(php_json_encode(a, v, false, &out, NULL), PHP_JSON_UNSUPPORTED);
        assert_null(out);
        json_object_put(v);
    }
}

/* n nested containers around 1, alternating arrays and objects. */
static struct json_object *nest(int n)
{
    struct json_object *v = json_object_new_int(1);
    for (int i = 0; i < n; i++) {
        struct json_object *c;
        if (i % 2) {
            c = json_object_new_object();
            json_object_object_add(c, "k", v);
        } else {
            c = json_object_new_array();
            json_object_array_add(c, v);
        }
        v = c;
    }
    return v;
}

static void test_depth_limit(void **state)
{
    arena *a = *state;
    const char *out;
    size_t len;
    /* PHP: 512 nested arrays encode, 513 give "Maximum stack depth exceeded". */
    struct json_object *v = nest(PHP_JSON_MAX_DEPTH);
    assert_int_equal(php_json_encode(a, v, false, &out, &len), PHP_JSON_OK);
    assert_int_equal(len, 1 + 256 * 2 + 256 * 6); /* "1" + 256 x "[" "]" + 256 x "{\"k\":" "}" */
    assert_int_equal(php_json_encode(a, v, true, &out, &len), PHP_JSON_OK);
    json_object_put(v);
    arena_reset(a);

    v = nest(PHP_JSON_MAX_DEPTH + 1);
    assert_int_equal(php_json_encode(a, v, false, &out, &len), PHP_JSON_TOO_DEEP);
    assert_null(php_serialize(a, v));
    json_object_put(v);

    /* Empty containers count as a level too (PHP: 512 x [] inside [] fails at 513). */
    v = json_object_new_array();
    struct json_object *inner = v;
    for (int i = 0; i < PHP_JSON_MAX_DEPTH; i++) {
        struct json_object *c = json_object_new_array();
        json_object_array_add(inner, c);
        inner = c;
    }
    assert_int_equal(php_json_encode(a, v, false, &out, &len), PHP_JSON_TOO_DEEP);
    json_object_put(v);
}

static void test_null_root_and_out_len_optional(void **state)
{
    arena *a = *state;
    const char *out = NULL;
    assert_int_equal(php_json_encode(a, NULL, false, &out, NULL), PHP_JSON_OK);
    assert_string_equal(out, "null");
    assert_string_equal(php_serialize(a, NULL), "N;");
}

static void test_uint64_beyond_int64(void **state)
{
    arena *a = *state;
    /* json-c only: PHP has no such integer; the decimal value is written. */
    struct json_object *v = json_object_new_uint64(UINT64_MAX);
    assert_encodes(a, v, false, "18446744073709551615");
    assert_string_equal(php_serialize(a, v), "i:18446744073709551615;");
    json_object_put(v);
    v = json_object_new_int64(INT64_MAX);
    assert_encodes(a, v, false, "9223372036854775807");
    json_object_put(v);
}

static void test_empty_containers_pretty(void **state)
{
    arena *a = *state;
    /* PHP: json_encode([], JSON_PRETTY_PRINT), json_encode(new stdClass, ...) */
    struct json_object *v = json_object_new_array();
    assert_encodes(a, v, true, "[]");
    json_object_put(v);
    v = json_object_new_object();
    assert_encodes(a, v, true, "{}");
    json_object_put(v);
    /* PHP: json_encode("x", JSON_PRETTY_PRINT), json_encode(1.5, JSON_PRETTY_PRINT) */
    v = json_object_new_string("x");
    assert_encodes(a, v, true, "\"x\"");
    json_object_put(v);
    v = json_object_new_double(1.5);
    assert_encodes(a, v, true, "1.5");
    json_object_put(v);
}

static void test_long_string_growth(void **state)
{
    arena *a = *state;
    /* 200 000 bytes: runs of ASCII, a slash, an accent and an emoji, so the
     * output buffer grows far beyond the arena block size. */
    static const char unit[] = "abcdefghij/\xc3\xa9\xf0\x9f\x98\x80\n"; /* 18 bytes */
    static const char unit_json[] = "abcdefghij\\/\\u00e9\\ud83d\\ude00\\n"; /* 33 bytes */
    enum { REPEAT = 11111 };
    size_t n = (sizeof unit - 1) * REPEAT;
    char *in = malloc(n);
    char *want = malloc((sizeof unit_json - 1) * REPEAT + 3);
    assert_non_null(in);
    assert_non_null(want);
    char *w = want;
    *w++ = '"';
    for (int i = 0; i < REPEAT; i++) {
        memcpy(in + i * (sizeof unit - 1), unit, sizeof unit - 1);
        memcpy(w, unit_json, sizeof unit_json - 1);
        w += sizeof unit_json - 1;
    }
    *w++ = '"';
    *w = '\0';
    struct json_object *v = json_object_new_string_len(in, (int)n);
    assert_encodes(a, v, false, want);
    json_object_put(v);
    free(in);
    free(want);
}

static void test_format_double_vectors(void **state)
{
    (void)state;
    char buf[PHP_DOUBLE_REPR_SIZE];
    for (size_t i = 0; i < COUNT(double_vectors); i++) {
        double d;
        memcpy(&d, &double_vectors[i].bits, sizeof d);
        size_t n = php_format_double(d, 'e', buf);
        assert_string_equal(buf, double_vectors[i].json);
        assert_int_equal(n, strlen(buf));
        php_format_double(d, 'E', buf);
        assert_string_equal(buf, double_vectors[i].serialized);
    }
    /* PHP: serialize(INF), serialize(-INF), serialize(NAN) */
    php_format_double(INFINITY, 'E', buf);
    assert_string_equal(buf, "INF");
    php_format_double(-INFINITY, 'E', buf);
    assert_string_equal(buf, "-INF");
    php_format_double(NAN, 'E', buf);
    assert_string_equal(buf, "NAN");
}

static void test_serialize_vectors(void **state)
{
    arena *a = *state;
    for (size_t i = 0; i < COUNT(serialize_vectors); i++) {
        struct json_object *v = parse_or_fail(serialize_vectors[i].input);
        size_t got_len = 0;
        const char *got = php_serialize_len(a, v, &got_len);
        assert_non_null(got);
        assert_int_equal(got_len, serialize_vectors[i].serialized_len);
        assert_memory_equal(got, serialize_vectors[i].serialized, got_len);
        assert_int_equal(got[got_len], '\0');
        if (got_len == strlen(got)) /* no NUL inside: the plain form agrees */
            assert_string_equal(php_serialize(a, v), got);
        json_object_put(v);
        arena_reset(a);
    }
}

static void test_serialize_non_finite(void **state)
{
    arena *a = *state;
    /* PHP: serialize([INF, -INF, NAN]) */
    struct json_object *v = json_object_new_array();
    json_object_array_add(v, json_object_new_double(INFINITY));
    json_object_array_add(v, json_object_new_double(-INFINITY));
    json_object_array_add(v, json_object_new_double(NAN));
    assert_string_equal(php_serialize(a, v), "a:3:{i:0;d:INF;i:1;d:-INF;i:2;d:NAN;}");
    json_object_put(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_encode_vectors, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_nested_is_the_text_at_its_place, setup_arena,
                                        teardown_arena),
        cmocka_unit_test_setup_teardown(test_string_with_nul_bytes, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_every_ascii_byte, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_utf8_validation, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_anywhere_fails, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_nan_and_inf_fail, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_depth_limit, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_null_root_and_out_len_optional, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_uint64_beyond_int64, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_empty_containers_pretty, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_long_string_growth, setup_arena, teardown_arena),
        cmocka_unit_test(test_format_double_vectors),
        cmocka_unit_test_setup_teardown(test_serialize_vectors, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_serialize_non_finite, setup_arena, teardown_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
