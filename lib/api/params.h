/*
 * params.h - an action's parameters, declared beside its handler and read
 * by the dispatcher with PHP's rules before the handler runs.
 *
 * In lib/actions/<domain>/<action>.c:
 *
 *   enum { ARG_USER_ID, ARG_LAST };
 *   ACTION_PARAMS(user_messages,
 *       [ARG_USER_ID] = {"user_id", FROM_REQUEST, PK_INT},
 *       [ARG_LAST] = {"last", FROM_POST, PK_INT});
 *
 * and the handler reads c->args[ARG_LAST].i. An action without parameters
 * says ACTION_NO_PARAMS(name). The action table (actions.def) links each row
 * to its declaration, which also feeds the OpenAPI description and the
 * stack-level fuzzer.
 *
 * What the dispatcher does with each declared parameter (args_read):
 *   - reads it from its source (FROM_POST = $_POST, FROM_GET, FROM_REQUEST,
 *     the hash-visible bags FROM_QUERY_BAG / FROM_REQUEST_BAG);
 *   - converts it as PHP would (kind below);
 *   - refuses, before any SQL, what PHP would refuse or crash on and what
 *     the database cannot store: a string that is not valid UTF-8 or holds
 *     a NUL byte, longer than max_len bytes, an array where a scalar is
 *     declared (P_SCALAR), a missing P_REQUIRED value, a malformed date.
 *     The answer is the declared `invalid` message (for example
 *     MSG_UserNotRegistered, as PHP's validation answers for that field),
 *     or MSG_BadParameter followed by a space and the name ("Invalid value for
 *     the parameter user_id").
 */
#ifndef CHAMILO_API_PARAMS_H
#define CHAMILO_API_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "request/request.h"

typedef enum param_kind {
    PK_INT,      /* PHP (int) / intval(): "12abc" -> 12, "abc" -> 0, absent -> 0 */
    PK_INT_LIST, /* an array of ids (list_users[]): each element (int); a scalar is
                    refused (PHP crashes on it) */
    PK_STRING,   /* a string as sent (raw) */
    PK_TEXT,     /* a string through remove_XSS (Security::remove_XSS) */
    PK_DATE,     /* "Y-m-d", "Y-m-d H:i" or "Y-m-d H:i:s", normalized to "Y-m-d H:i:s" */
    PK_BOOL,     /* PHP truthiness: absent, "", "0" and [] are false */
    PK_FILTER_BOOL, /* FILTER_VALIDATE_BOOLEAN (Symfony getBoolean): "1", "true", "on",
                       "yes" (case-insensitive, trimmed) are true; anything else,
                       an array included, is false */
    PK_ARRAY,    /* a PHP array, raw (c->args[i].raw); a scalar is refused */
    PK_ANY,      /* the raw value, whatever it is; the handler decides */
} param_kind;

enum param_flags {
    P_REQUIRED = 1 << 0, /* absent or "" is refused */
    P_SCALAR = 1 << 1,   /* an array is refused (PHP would crash or misbehave) */
    P_TRIM = 1 << 2,     /* PHP trim() before the other checks (strings) */
    P_LOOKUP = 1 << 3,   /* only compared with stored data: a string the database
                            cannot hold (invalid UTF-8, NUL) matches nothing, so it
                            reads as absent instead of being refused */
    P_OWN_CHECKS = 1 << 4, /* the handler reads the raw value (c->args[i].raw only) and
                              runs the row with param_check itself, in PHP's order; the
                              declaration still describes the parameter (OpenAPI,
                              fuzzer). P_REQUIRED still refuses an absent value */
    P_INT64 = 1 << 5,      /* PK_INT that is no column value (a page number, a page
                              size): PHP's full 64-bit (int), the handler checks the
                              range. Without it a PK_INT is clamped to the 32-bit range
                              of the schema's integer columns (php_intval_column) */
};

typedef struct param_def {
    const char *name;
    param_source source;
    param_kind kind;
    unsigned flags;
    size_t max_len;      /* strings: characters, as varchar(n) counts them; 0 = no
                            limit beyond the request's */
    const char *invalid; /* the answer when refused; NULL = MSG_BadParameter */
} param_def;

typedef struct param_list {
    const param_def *defs;
    size_t count;
} param_list;

/* A parameter as the handler receives it. */
typedef struct api_arg {
    bool present;          /* sent and not empty: PHP !empty() for ints and bools, a
                              non-empty string, a non-empty array */
    const php_value *raw;  /* as parsed; NULL when absent */
    int64_t i;             /* PK_INT, PK_BOOL (0/1) */
    const char *s;         /* PK_STRING, PK_TEXT, PK_DATE: NULL when absent */
    size_t len;
    const int64_t *list;   /* PK_INT_LIST */
    size_t count;
} api_arg;

typedef struct api_call api_call;

/* The check every declared string gets, for values a handler finds inside
 * an array (save_user's extra fields, save_user_json): valid UTF-8, no NUL,
 * at most max_chars characters (0 = any). */
bool param_string_acceptable(const char *s, size_t len, size_t max_chars);

/* Runs the declared row d against the value v (NULL: absent), as the
 * dispatcher runs it for every parameter not declared P_OWN_CHECKS: the
 * same conversion, the same refusals, the same answer (d->invalid, or
 * MSG_BadParameter and the name). For handlers that check their fields
 * themselves, in PHP's order, or find them inside an array (a decoded JSON
 * object): they declare rows and run them here instead of restating widths
 * and formats. The flag P_OWN_CHECKS of d is not looked at. *out is
 * overwritten. Returns false when refused or on OOM, with the answer
 * recorded in the call. */
bool param_check(api_call *c, const param_def *d, const php_value *v, api_arg *out);

/* Reads every declared parameter into c->args (in declaration order).
 * Returns false when one is refused or on OOM, with the answer recorded in
 * the call. Called by the dispatcher only. */
bool args_read(api_call *c, const param_list *list);

#define ACTION_PARAMS(action, ...)                                                             \
    static const param_def action##_param_defs[] = {__VA_ARGS__};                               \
    const param_list action_##action##_params = {                                              \
        action##_param_defs, sizeof action##_param_defs / sizeof action##_param_defs[0]}

/* The declaration of an action whose rows are a table shared with other
 * actions (defs: an array of count rows defined once elsewhere). */
#define ACTION_PARAMS_TABLE(action, defs, count)                                                \
    const param_list action_##action##_params = {defs, count}

#define ACTION_NO_PARAMS(action) const param_list action_##action##_params = {NULL, 0}

#endif
