/*
 * get_users - lists users for administrators (20-users-messages.md §5.1).
 *
 * POST status ("*" = everybody, else an exact user.status; missing or not a
 * number matches nobody), id_campus, extra_fields (comma-separated user
 * field names). Answers a list, ordered by first name, of
 * {"id", "firstname", "lastname", "email", "username", "active"} (id and
 * active are integer columns: numbers under PHP 8, strings under 7.4) plus,
 * per requested field
 * that exists, a key named as requested: the stored value, "" when none, or
 * for select-multiple fields the list of ';'-separated options.
 *
 * Deviations (docs/compat.md): id_campus selects that campus (PHP turns any
 * non-empty id_campus into campus 1); field names are SQL parameters (PHP
 * pastes them into the SQL).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api/action.h"

ACTION_ABOUT(get_users, "List users", "20-users-messages.md §5.1",
    "Lists the users with the platform status `status` (\"*\": everybody) of the campus "
    "`id_campus`, by first name, with the values of the user extra fields named in "
    "`extra_fields`.");

enum { ARG_STATUS, ARG_ID_CAMPUS, ARG_EXTRA_FIELDS };
ACTION_PARAMS(get_users,
    [ARG_STATUS] = {"status", FROM_POST, PK_STRING},
    [ARG_ID_CAMPUS] = {"id_campus", FROM_POST, PK_INT},
    [ARG_EXTRA_FIELDS] = {"extra_fields", FROM_POST, PK_STRING});

static const json_field USER[] = {
    {"id", "id", FK_COLUMN_INT},
    {"firstname", "firstname", FK_STRING},
    {"lastname", "lastname", FK_STRING},
    {"email", "email", FK_STRING},
    {"username", "username", FK_STRING},
    {"active", "active", FK_COLUMN_INT},
};

/* The list, in the answer's order. On a campus of its own (one access
 * URL), by status or everybody, each statement walks an index that holds
 * the order and the columns (user__status_firstname_list,
 * user__firstname_list): no sort, so a streamed answer's first row leaves
 * at once. A statement of its own each, so that each generic plan is that
 * walk (one statement for both, with an OR on the status, sorted the whole
 * list first). Filtered by campus (multiple access URLs), the campus's
 * members are joined and sorted: $1 everybody?, $2 status, $3 campus id. */
#define LIST_USERS(where)                                                                         \
    "SELECT u.id, u.firstname, u.lastname, u.email, u.username, u.active FROM \"user\" u"        \
    " WHERE " where " ORDER BY lower(u.firstname) NULLS FIRST, u.id"
DB_STATEMENT(SQL_LIST_USERS, "get_users.list", 1, LIST_USERS("u.status = $1::int"));
DB_STATEMENT(SQL_LIST_EVERYBODY, "get_users.list_everybody", 0, LIST_USERS("true"));
DB_STATEMENT(SQL_LIST_CAMPUS_USERS, "get_users.list_of_campus", 3,
    LIST_USERS("($1::bool OR u.status = $2::int)"
               " AND EXISTS (SELECT 1 FROM access_url_rel_user r"
               "              WHERE r.user_id = u.id AND r.access_url_id = $3::int)"));

/* The values of the requested fields that exist, field by field in request
 * order, each sorted by user id (a field without values gives one row with
 * NULL item_id). */
DB_STATEMENT(SQL_EXTRA_VALUES, "get_users.extra_values", 1,
    "SELECT req.pos, f.field_type, v.item_id, v.value"
    "  FROM unnest($1::text[]) WITH ORDINALITY AS req(name, pos)"
    "  JOIN LATERAL (SELECT id, field_type FROM extra_field"
    "                 WHERE extra_field_type = 1 AND lower(variable) = lower(req.name)"
    "                 ORDER BY id LIMIT 1) f ON true"
    "  LEFT JOIN extra_field_values v ON v.field_id = f.id"
    " ORDER BY req.pos, v.item_id");

typedef struct requested_field {
    const char *name;
    bool exists;
    bool multiple;     /* select multiple: the value becomes a list */
    int first_row;     /* rows [first_row, first_row + row_count) of the values result */
    int row_count;
} requested_field;

/* Splits the comma-separated list into trimmed, non-empty names. */
static size_t split_field_names(api_call *c, const char *list, const char ***names)
{
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == ',';
    *names = arena_calloc(c->arena, cap, sizeof **names);
    if (!*names)
        return 0;
    size_t n = 0;
    const char *p = list;
    while (true) {
        size_t len = strcspn(p, ",");
        const char *start = p;
        const char *end = p + len;
        while (start < end && isspace((unsigned char)*start))
            start++;
        while (end > start && isspace((unsigned char)end[-1]))
            end--;
        if (end > start) {
            const char *name = arena_strndup(c->arena, start, (size_t)(end - start));
            if (name)
                (*names)[n++] = name;
        }
        if (!p[len])
            break;
        p += len + 1;
    }
    return n;
}

/* The row of `user_id` among rows [f->first_row, +row_count) sorted by
 * item_id, or -1. */
static int find_value_row(const PGresult *r, const requested_field *f, long long user_id)
{
    int lo = f->first_row, hi = f->first_row + f->row_count;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        long long item = PQgetisnull(r, mid, 2) ? -1 : strtoll(PQgetvalue(r, mid, 2), NULL, 10);
        if (item == user_id)
            return mid;
        if (item < user_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static struct json_object *extra_value_json(api_call *c, const PGresult *r, int row,
                                            bool multiple)
{
    const char *value = row >= 0 ? sql_value(r, row, 3) : NULL;
    if (!value)
        return reply_str(c, "");
    if (!multiple)
        return reply_str(c, value);
    struct json_object *list = reply_array(c);
    for (const char *p = value;;) {
        size_t len = strcspn(p, ";");
        reply_push(c, list, reply_strn(c, p, len));
        if (!p[len])
            break;
        p += len + 1;
    }
    return list;
}

ACTION_ANSWER(get_users, A_LIST(A_ROW_WITH(USER, A_MORE(A_NOTE("a requested extra field",
                                                      A_ONE_OF(A_TEXT, A_LIST(A_TEXT)))))));

action_result action_get_users(api_call *c)
{
    call_event(c, "username", c->username, -1);

    const char *status = c->args[ARG_STATUS].s;
    bool everybody = status && strcmp(status, "*") == 0;
    const char *status_id = NULL;
    if (!everybody) {
        /* A status that is not a number matches nobody, as in MySQL. */
        char *end;
        if (!status || !*status)
            return call_ok(c, reply_array(c));
        long long n = strtoll(status, &end, 10);
        if (*end || n < -2147483647LL || n > 2147483647LL)
            return call_ok(c, reply_array(c));
        status_id = call_itoa(c, n);
    }
    const api_arg *campus = &c->args[ARG_ID_CAMPUS];
    const char *campus_id = campus->present ? call_itoa(c, campus->i) : c->url_id_text;
    db_stmt *list_stmt = &SQL_LIST_USERS;
    const char *list_values[3] = {status_id};
    int nvalues = 1;
    if (c->cfg->multiple_access_urls) {
        list_stmt = &SQL_LIST_CAMPUS_USERS;
        list_values[0] = everybody ? "t" : "f";
        list_values[1] = status_id;
        list_values[2] = campus_id;
        nvalues = 3;
    } else if (everybody) {
        list_stmt = &SQL_LIST_EVERYBODY;
        nvalues = 0;
    }
    const char *list = c->args[ARG_EXTRA_FIELDS].s;
    const char **names = NULL;
    size_t name_count = list ? split_field_names(c, list, &names) : 0;
    /* The whole campus's users, written as they are read; with extra
     * fields, each user is completed from a second result, built whole. */
    if (!name_count)
        return call_ok_rows(c, list_stmt, FIELDS(USER), list_values, nvalues);
    PGresult *users = call_sql_values(c, list_stmt, list_values, nvalues);
    if (!users)
        return ACTION_FAILED;
    requested_field *fields = arena_calloc(c->arena, name_count, sizeof *fields);
    if (!fields)
        return call_fail_oom(c);
    PGresult *values = call_sql(c, &SQL_EXTRA_VALUES, sql_text_array(c, names, name_count));
    if (!values)
        return ACTION_FAILED;
    for (size_t i = 0; i < name_count; i++)
        fields[i].name = names[i];
    for (int row = 0; row < PQntuples(values); row++) {
        size_t pos = (size_t)strtoul(PQgetvalue(values, row, 0), NULL, 10) - 1;
        if (pos >= name_count)
            continue;
        requested_field *f = &fields[pos];
        if (!f->exists) {
            f->exists = true;
            f->first_row = row;
            f->multiple = strcmp(PQgetvalue(values, row, 1), "5") == 0;
        }
        f->row_count++;
    }

    struct json_object *data = reply_array(c);
    for (int row = 0; row < PQntuples(users) && !call_failed(c); row++) {
        struct json_object *user = reply_row(c, users, row, FIELDS(USER));
        long long user_id = strtoll(PQgetvalue(users, row, 0), NULL, 10);
        for (size_t i = 0; i < name_count; i++) {
            if (!fields[i].exists)
                continue;
            int value_row = find_value_row(values, &fields[i], user_id);
            reply_set(c, user, fields[i].name,
                      extra_value_json(c, values, value_row, fields[i].multiple));
        }
        reply_push(c, data, user);
    }
    return call_ok(c, data);
}
