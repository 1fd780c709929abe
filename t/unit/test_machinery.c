/*
 * test_machinery.c - what every handler relies on, without a database:
 * the error channel of the dispatcher, the typed replies under both
 * php_types settings, the declared parameters read with PHP's rules, and
 * the statement registry with its value counts.
 *
 * PGresults are built in memory (PQmakeEmptyPGresult + PQsetvalue), so the
 * row mappers see exactly what libpq hands them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "api/action_table.h"
#include "api/call_state.h"
#include "api/flow.h"
#include "core/chamilo_date.h"
#include "json/php_json.h"

typedef struct fixture {
    arena *a;
    config cfg;
    api_params params;
    call_state s; /* its call is what handlers see */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a = arena_create(4096);
    config_defaults(&f->cfg);
    f->s.call.arena = f->a;
    f->s.call.cfg = &f->cfg;
    f->s.call.action_name = "test_action";
    *state = f;
    return f->a ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    arena_destroy(f->a);
    free(f);
    return 0;
}

/* The answer's data encoded as PHP would. */
static const char *encode(fixture *f, struct json_object *v)
{
    const char *out = NULL;
    assert_int_equal(php_json_encode(f->a, v, false, &out, NULL), PHP_JSON_OK);
    return out;
}

/* A one-row result with the named text columns (NULL value = SQL NULL). */
static PGresult *one_row(const char *const *names, const char *const *values, int n)
{
    PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    PGresAttDesc attrs[16];
    memset(attrs, 0, sizeof attrs);
    for (int i = 0; i < n; i++) {
        attrs[i].name = (char *)(uintptr_t)names[i];
        attrs[i].format = 0;
    }
    assert_true(PQsetResultAttrs(r, n, attrs));
    for (int i = 0; i < n; i++)
        assert_true(PQsetvalue(r, 0, i, (char *)(uintptr_t)values[i],
                               values[i] ? (int)strlen(values[i]) : -1));
    return r;
}

/* ---- the error channel ---- */

static action_result handler_fails_silently(api_call *c)
{
    (void)c;
    return ACTION_FAILED; /* the bug the dispatcher must catch */
}

static action_result handler_ignores_a_builder_error(api_call *c)
{
    call_fail_oom(c); /* as a failed reply_* builder records it */
    return ACTION_OK;
}

static action_result handler_fails_with_a_message(api_call *c)
{
    return call_fail(c, MSG_NotAllowed);
}

static const param_list no_params = {NULL, 0};

static void silent_failure_becomes_internal_error(void **state)
{
    fixture *f = *state;
    action_def act = {"test_action", handler_fails_silently, {GATE_KEY, FROM_GET, NULL}, 0,
                      &no_params};
    flow_run_handler(&f->s.call, &act);
    assert_int_equal(f->s.answer.error, API_ERROR_INTERNAL);
}

static void ignored_builder_error_is_answered(void **state)
{
    fixture *f = *state;
    action_def act = {"test_action", handler_ignores_a_builder_error,
                      {GATE_KEY, FROM_GET, NULL}, 0, &no_params};
    flow_run_handler(&f->s.call, &act);
    assert_int_equal(f->s.answer.error, API_ERROR_NO_MEMORY);
}

static void message_failure_stays_a_message(void **state)
{
    fixture *f = *state;
    action_def act = {"test_action", handler_fails_with_a_message, {GATE_KEY, FROM_GET, NULL}, 0,
                      &no_params};
    flow_run_handler(&f->s.call, &act);
    assert_int_equal(f->s.answer.error, API_ERROR_MESSAGE);
    assert_string_equal(f->s.answer.message, MSG_NotAllowed);
}

static void first_error_stands(void **state)
{
    fixture *f = *state;
    call_fail_oom(&f->s.call);
    call_fail(&f->s.call, MSG_NotAllowed);
    assert_int_equal(f->s.answer.error, API_ERROR_NO_MEMORY);
    assert_int_equal(call_ok(&f->s.call, NULL), ACTION_FAILED);
}

/* ---- replies and types ---- */

static const json_field USER[] = {
    {"id", "id", FK_COLUMN_INT},     {"cast", "id", FK_INT},
    {"name", "name", FK_STRING},     {"missing", "nothing", FK_STRING},
    {"empty", "nothing", FK_STRING_EMPTY}, {"flag", "flag", FK_BOOL},
    {"score", "score", FK_COLUMN_FLOAT},
};

static const char *user_row(fixture *f)
{
    static const char *const names[] = {"id", "name", "nothing", "flag", "score"};
    static const char *const values[] = {"42", "Ana/\xc3\xa9", NULL, "t", "0.5"};
    PGresult *r = one_row(names, values, 5);
    struct json_object *list = reply_rows(&f->s.call, r, FIELDS(USER));
    const char *out = encode(f, list);
    PQclear(r);
    return out;
}

static void php8_types(void **state)
{
    fixture *f = *state;
    f->cfg.php_types = "8";
    assert_string_equal(user_row(f), "[{\"id\":42,\"cast\":42,\"name\":\"Ana\\/\\u00e9\","
                                     "\"missing\":null,\"empty\":\"\",\"flag\":true,\"score\":0.5}]");
    assert_int_equal(f->s.answer.error, API_ERROR_NONE);
}

static void php74_types(void **state)
{
    fixture *f = *state;
    f->cfg.php_types = "7.4";
    assert_string_equal(user_row(f), "[{\"id\":\"42\",\"cast\":42,\"name\":\"Ana\\/\\u00e9\","
                                     "\"missing\":null,\"empty\":\"\",\"flag\":true,\"score\":\"0.5\"}]");
}

static void missing_column_is_an_internal_error(void **state)
{
    fixture *f = *state;
    static const char *const names[] = {"id"};
    static const char *const values[] = {"1"};
    PGresult *r = one_row(names, values, 1);
    static const json_field wrong[] = {{"id", "idd", FK_INT}};
    assert_null(reply_row(&f->s.call, r, 0, FIELDS(wrong)));
    assert_int_equal(f->s.answer.error, API_ERROR_INTERNAL);
    PQclear(r);
}

static void containers_are_shared_scalars_consumed(void **state)
{
    fixture *f = *state;
    struct json_object *inner = reply_array(&f->s.call);
    reply_push(&f->s.call, inner, reply_int(&f->s.call, 1));
    struct json_object *outer = reply_object(&f->s.call);
    reply_set(&f->s.call, outer, "a", inner);
    reply_set(&f->s.call, outer, "b", inner); /* the same container twice */
    reply_set(&f->s.call, outer, "a", reply_str(&f->s.call, "x")); /* replaces in place */
    reply_set(&f->s.call, NULL, "lost", reply_str(&f->s.call, "freed, not leaked"));
    reply_push(&f->s.call, NULL, reply_bool(&f->s.call, true));
    assert_string_equal(encode(f, outer), "{\"a\":\"x\",\"b\":[1]}");
    /* The arena owns the containers: resetting it releases everything (ASan
     * and the leak checker of `make asan` watch this). */
    arena_reset(f->a);
}

/* ---- declared parameters ---- */

static void parse_body(fixture *f, const char *body)
{
    http_in in = {.method = "POST", .content_type = "application/x-www-form-urlencoded",
                  .body = body, .body_len = strlen(body)};
    assert_int_equal(request_parse(f->a, &in, NULL, &f->params, NULL), PARSE_OK);
    f->s.call.params = &f->params;
}

enum { ARG_ID, ARG_IDS, ARG_NAME, ARG_DAY, ARG_FLAG, ARG_LOOKUP };
static const param_def defs[] = {
    [ARG_ID] = {"id", FROM_POST, PK_INT, P_SCALAR, 0, NULL},
    [ARG_IDS] = {"ids", FROM_POST, PK_INT_LIST, 0, 0, NULL},
    [ARG_NAME] = {"name", FROM_POST, PK_STRING, P_TRIM, 5, MSG_UserNotRegistered},
    [ARG_DAY] = {"day", FROM_POST, PK_DATE, 0, 0, NULL},
    [ARG_FLAG] = {"flag", FROM_POST, PK_BOOL, 0, 0, NULL},
    [ARG_LOOKUP] = {"login", FROM_POST, PK_STRING, P_LOOKUP, 0, NULL},
};
static const param_list list = {defs, sizeof defs / sizeof defs[0]};

static void params_follow_php(void **state)
{
    fixture *f = *state;
    parse_body(f, "id=12abc&ids[]=3&ids[]=x4&name=+%C3%A9t%C3%A9+&day=2024-02-29&flag=0&login=a%00b");
    assert_true(args_read(&f->s.call, &list));
    const api_arg *a = f->s.call.args;
    assert_int_equal(a[ARG_ID].i, 12);
    assert_int_equal(a[ARG_IDS].count, 2);
    assert_int_equal(a[ARG_IDS].list[0], 3);
    assert_int_equal(a[ARG_IDS].list[1], 0);
    assert_string_equal(a[ARG_NAME].s, "\xc3\xa9t\xc3\xa9"); /* trimmed; 3 characters */
    assert_string_equal(a[ARG_DAY].s, "2024-02-29 00:00:00");
    assert_false(a[ARG_FLAG].i);
    assert_null(a[ARG_LOOKUP].s); /* a NUL: matches nothing */
    assert_false(a[ARG_LOOKUP].present);
}

static void refused(fixture *f, const char *body, const char *message)
{
    parse_body(f, body);
    f->s.answer.error = API_ERROR_NONE;
    assert_false(args_read(&f->s.call, &list));
    assert_int_equal(f->s.answer.error, API_ERROR_MESSAGE);
    assert_string_equal(f->s.answer.message, message);
}

static void params_refuse_what_php_cannot_take(void **state)
{
    fixture *f = *state;
    refused(f, "id[]=1", "Invalid value for the parameter id");
    refused(f, "ids=3", "Invalid value for the parameter ids");
    refused(f, "name=toolong", MSG_UserNotRegistered);
    refused(f, "name=%C0%AE", MSG_UserNotRegistered);
    refused(f, "name=a%00b", MSG_UserNotRegistered);
    refused(f, "day=2023-02-29", "Invalid value for the parameter day");
    refused(f, "day=2024-13-01", "Invalid value for the parameter day");
}

/* ---- statements ---- */

/* A registered statement that does not carry the key check. */
static db_stmt *plain_statement(void)
{
    size_t count;
    db_stmt *const *all = db_statements(&count);
    for (size_t i = 0; i < count; i++)
        if (!all[i]->carries_key_check)
            return all[i];
    fail_msg("no plain statement registered");
    return NULL;
}

static void every_statement_is_registered_once(void **state)
{
    (void)state;
    size_t count;
    db_stmt *const *all = db_statements(&count);
    assert_true(count >= 20);
    for (size_t i = 0; i < count; i++) {
        assert_non_null(all[i]->name);
        assert_non_null(all[i]->sql);
        for (size_t j = 0; j < i; j++)
            assert_true(strcmp(all[i]->name, all[j]->name) != 0);
    }
}

static void a_wrong_value_count_is_refused_before_sending(void **state)
{
    fixture *f = *state;
    db_conn *db = db_create(&f->cfg);
    db_stmt *stmt = plain_statement();
    const char *values[8] = {0};
    assert_null(db_exec(db, stmt, values, stmt->nparams + 1));
    assert_true(db_misuse(db));
    assert_non_null(strstr(db_error(db), stmt->name));
    db_destroy(db);
}

/* ---- dates as Chamilo prints them ---- */

static void chamilo_dates(void **state)
{
    fixture *f = *state;
    assert_string_equal(chamilo_date_sql(f->a, NULL, "2024-01-05 14:30:07.123456"), "2024-01-05 14:30:07");
    assert_string_equal(chamilo_date_long(f->a, NULL, "2024-01-05 14:30:00"),
                        "January 05, 2024 at 02:30 PM");
    assert_string_equal(chamilo_date_long(f->a, NULL, "2024-01-05 00:05:00"),
                        "January 05, 2024 at 12:05 AM");
    assert_string_equal(chamilo_date_long_24h(f->a, NULL, "2024-03-05 14:00:00"),
                        "March 05, 2024 at 14:00");
    assert_string_equal(chamilo_date_range(f->a, NULL, "2024-03-05 14:00:00", "2024-06-30 23:59:59"),
                        "From March 05, 2024 at 14:00 to June 30, 2024 at 23:59");
    assert_string_equal(chamilo_date_range(f->a, NULL, "2024-03-05 14:00:00", NULL),
                        "From March 05, 2024 at 14:00");
    assert_string_equal(chamilo_date_range(f->a, NULL, "0000-00-00 00:00:00", "2024-06-30 23:59:59"),
                        "Until June 30, 2024 at 23:59");
    assert_string_equal(chamilo_date_range(f->a, NULL, NULL, "0000-00-00 00:00:00"), "");
    assert_null(chamilo_date_sql(f->a, NULL, "yesterday"));
    assert_string_equal(chamilo_date_short(f->a, "UTC", "2025-03-05 23:30:00"), "Mar 05, 2025");
    /* In a zone: Madrid is +01 in winter and +02 from the last Sunday of
     * March, 01:00 UTC, to the last Sunday of October, 01:00 UTC. */
    assert_string_equal(chamilo_date_sql(f->a, "Europe/Madrid", "2025-03-30 00:59:59"),
                        "2025-03-30 01:59:59");
    assert_string_equal(chamilo_date_sql(f->a, "Europe/Madrid", "2025-03-30 01:00:00"),
                        "2025-03-30 03:00:00");
    assert_string_equal(chamilo_date_long(f->a, "Europe/Madrid", "2025-10-26 00:30:00"),
                        "October 26, 2025 at 02:30 AM");
    assert_string_equal(chamilo_date_long(f->a, "Europe/Madrid", "2025-10-26 01:30:00"),
                        "October 26, 2025 at 02:30 AM");
    assert_string_equal(chamilo_date_short(f->a, "Europe/Madrid", "2025-03-05 23:30:00"),
                        "Mar 06, 2025");
    assert_string_equal(chamilo_date_range(f->a, "America/Sao_Paulo", "2024-03-05 14:00:00", NULL),
                        "From March 05, 2024 at 11:00");
    /* date_to_str_ago at the edges of its ranges; now = 2024-01-31 00:00:00 UTC. */
    time_t now = 1706659200;
    static const struct {
        const char *when, *words;
    } AGO[] = {
        {"2024-01-30 23:59:31", "less than a minute ago"}, {"2024-01-30 23:59:30", "1 minute ago"},
        {"2024-01-30 23:58:31", "1 minute ago"},           {"2024-01-30 23:58:30", "1 minutes ago"},
        {"2024-01-30 23:57:59", "2 minutes ago"},
        {"2024-01-30 23:15:31", "44 minutes ago"},         {"2024-01-30 23:15:30", "about 1 hour ago"},
        {"2024-01-30 22:30:30", "1 hours ago"},            {"2024-01-30 21:00:00", "3 hours ago"},
        {"2024-01-30 00:00:31", "23 hours ago"},           {"2024-01-30 00:00:30", "1 day ago"},
        {"2024-01-28 00:00:00", "3 days ago"},             {"2023-12-20 00:00:00", "about 1 month ago"},
        {"2023-10-31 00:00:00", "3 months ago"},           {"2023-01-01 00:00:00", "about 1 year ago"},
        {"2020-01-31 00:00:00", "over 4 years ago"},       {"2024-02-01 00:00:00", "less than a minute ago"},
    };
    for (size_t i = 0; i < sizeof AGO / sizeof AGO[0]; i++)
        assert_string_equal(chamilo_date_ago(f->a, AGO[i].when, now), AGO[i].words);
    assert_null(chamilo_date_ago(f->a, "0000-00-00 00:00:00", now));
}

/* ---- the prefetched statement (ACTION_PREFETCH) ---- */

static void prefetched_result_is_handed_over_once(void **state)
{
    fixture *f = *state;
    f->cfg.db_conninfo = "host=/nonexistent-chamilo-test dbname=none";
    f->cfg.db_connect_timeout = 1;
    f->s.db = db_create(&f->cfg);
    db_stmt *stmt = plain_statement();
    const char *values[8] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    PGresult *planned = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    assert_true(call_plan_set(&f->s.call, &f->s.plan, stmt, values, stmt->nparams));
    f->s.plan.result = planned;

    /* The planned statement has one reader: running it with call_sql,
     * with whatever values, is a programming error. */
    assert_null(call_sql_values(&f->s.call, stmt, values, stmt->nparams));
    assert_int_equal(f->s.answer.error, API_ERROR_INTERNAL);
    f->s.answer.error = API_ERROR_NONE;
    /* The handler reads it without restating its values, once, without a
     * round trip. */
    sql_rows rows = call_prefetched(&f->s.call);
    assert_ptr_equal(rows.result, planned);
    assert_int_equal(rows.count, 0);
    assert_null(f->s.plan.result);
    /* A second read runs it again, with the planned values (the database
     * is unreachable here). */
    assert_null(call_prefetched(&f->s.call).result);
    assert_int_equal(f->s.answer.error, API_ERROR_UNAVAILABLE);
    PQclear(planned);
    db_destroy(f->s.db);
}

/* ---- a statement that carries the key check (DB_KEYED_STATEMENT) ---- */

DB_KEYED_STATEMENT(SQL_TEST_KEYED, "test.keyed", 1, "x.value",
                   "LEFT JOIN extra_field_values x ON x.item_id = u.id AND x.field_id = $3::int",
                   "ORDER BY x.id");

static void keyed_statement_gets_the_key_check_values_in_front(void **state)
{
    fixture *f = *state;
    f->s.call.username = "student1";
    f->s.call.url_id_text = "2";
    assert_true(SQL_TEST_KEYED.carries_key_check);
    assert_int_equal(SQL_TEST_KEYED.nparams, KEY_CHECK_PARAMS + 1);
    /* The key check's columns first, then the action's, from the caller's row. */
    assert_non_null(strstr(SQL_TEST_KEYED.sql, "AS key_timezone, x.value FROM \"user\" u LEFT JOIN"));
    assert_non_null(strstr(SQL_TEST_KEYED.sql, "WHERE " KEY_CHECK_CALLER " ORDER BY x.id"));

    const char *out[CALL_MAX_VALUES];
    const char *own[] = {"7"};
    /* Single-URL: every user belongs, the campus value is "0". */
    f->cfg.multiple_access_urls = false;
    assert_int_equal(call_statement_values(&f->s.call, &SQL_TEST_KEYED, own, 1, out), 3);
    assert_string_equal(out[0], "student1");
    assert_string_equal(out[1], "0");
    assert_string_equal(out[2], "7");
    /* Multi-URL: the current campus. */
    f->cfg.multiple_access_urls = true;
    assert_int_equal(call_statement_values(&f->s.call, &SQL_TEST_KEYED, own, 1, out), 3);
    assert_string_equal(out[1], "2");
    /* A plain statement is sent with its own values only. */
    db_stmt *plain = plain_statement();
    assert_false(plain->carries_key_check);
    assert_int_equal(call_statement_values(&f->s.call, plain, own, 1, out), 1);
    assert_string_equal(out[0], "7");
    /* Too many values: refused, nothing written past the end. */
    const char *many[CALL_MAX_VALUES] = {0};
    assert_int_equal(call_statement_values(&f->s.call, &SQL_TEST_KEYED, many, CALL_MAX_VALUES, out),
                     -1);

    /* The handler gets the result the dispatcher ran in place of the key
     * check; the caller's row alone (its first own column NULL) stands
     * for an empty list and is not counted. */
    const char *names[KEY_CHECK_COLUMN_COUNT + 1] = {
        "key_user_id", "key_username", "key_status", "key_active", "key_expired",
        "key_api_key", "key_is_admin", "key_url_member", "key_language", "key_timezone", "value"};
    const char *caller_alone[KEY_CHECK_COLUMN_COUNT + 1] = {"4", "student1", "5", "1", "f",
                                                            "k", "f", "t", "english", NULL, NULL};
    PGresult *planned = one_row(names, caller_alone, KEY_CHECK_COLUMN_COUNT + 1);
    assert_true(call_plan_set(&f->s.call, &f->s.plan, &SQL_TEST_KEYED, own, 1));
    f->s.plan.result = planned;
    sql_rows rows = call_prefetched(&f->s.call);
    assert_ptr_equal(rows.result, planned);
    assert_int_equal(rows.count, 0);
    assert_null(f->s.plan.result);
    /* A listed row counts. */
    const char *listed[KEY_CHECK_COLUMN_COUNT + 1] = {"4", "student1", "5", "1", "f",
                                                      "k", "f", "t", "english", NULL, "v"};
    PGresult *one = one_row(names, listed, KEY_CHECK_COLUMN_COUNT + 1);
    f->s.plan.result = one;
    assert_int_equal(call_prefetched(&f->s.call).count, 1);
    /* A keyed statement is read only through call_prefetched. */
    assert_null(call_sql(&f->s.call, &SQL_TEST_KEYED, "7"));
    assert_int_equal(f->s.answer.error, API_ERROR_INTERNAL);
    PQclear(planned);
    PQclear(one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(silent_failure_becomes_internal_error, setup, teardown),
        cmocka_unit_test_setup_teardown(ignored_builder_error_is_answered, setup, teardown),
        cmocka_unit_test_setup_teardown(message_failure_stays_a_message, setup, teardown),
        cmocka_unit_test_setup_teardown(first_error_stands, setup, teardown),
        cmocka_unit_test_setup_teardown(php8_types, setup, teardown),
        cmocka_unit_test_setup_teardown(php74_types, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_column_is_an_internal_error, setup, teardown),
        cmocka_unit_test_setup_teardown(containers_are_shared_scalars_consumed, setup, teardown),
        cmocka_unit_test_setup_teardown(params_follow_php, setup, teardown),
        cmocka_unit_test_setup_teardown(params_refuse_what_php_cannot_take, setup, teardown),
        cmocka_unit_test_setup_teardown(every_statement_is_registered_once, setup, teardown),
        cmocka_unit_test_setup_teardown(a_wrong_value_count_is_refused_before_sending, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(prefetched_result_is_handed_over_once, setup, teardown),
        cmocka_unit_test_setup_teardown(keyed_statement_gets_the_key_check_values_in_front, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(chamilo_dates, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
