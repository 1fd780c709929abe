#include "model/quiz.h"

#include <string.h>

#include "php/php_value.h"

DB_STATEMENT(SQL_QUIZ_EXTRA_VALUES, "quiz.extra_values", 2,
    "SELECT q.iid::text AS iid, n.name, COALESCE((SELECT v.value FROM extra_field_values v"
    "          WHERE v.field_id = f.id"
    "            AND v.item_id = CASE WHEN f.extra_field_type = 17 THEN q.iid ELSE q.c_id END"
    "          ORDER BY v.id LIMIT 1), '') AS value"
    "  FROM c_quiz q"
    " CROSS JOIN unnest($2::text[]) WITH ORDINALITY n(name, ord)"
    "  JOIN LATERAL (SELECT f.id, f.extra_field_type FROM extra_field f"
    "                 WHERE lower(f.variable) = lower(n.name) AND f.extra_field_type IN (17, 2)"
    "                 ORDER BY f.extra_field_type = 17 DESC, f.id LIMIT 1) f ON true"
    " WHERE q.iid = ANY ($1::int[])"
    " ORDER BY q.iid, n.ord");

bool quiz_fields_read(api_call *c, const api_arg *arg, quiz_fields *out)
{
    *out = (quiz_fields){0};
    if (!arg->raw || arg->raw->kind != PHP_ARRAY)
        return true;
    const php_array *arr = arg->raw->arr;
    out->names = arena_calloc(c->arena, arr->count ? arr->count : 1, sizeof *out->names);
    if (!out->names)
        return call_fail_oom(c), false;
    for (const php_entry *e = arr->first; e; e = e->next) {
        const php_value *v = e->value;
        if (v->kind != PHP_STRING || !param_string_acceptable(v->str, v->len, 0))
            continue;
        out->names[out->count++] = v->str;
    }
    return true;
}

bool quiz_extra_values(api_call *c, const quiz_fields *fields, const PGresult *quizzes, int count,
                       int iid_column, const PGresult **out)
{
    *out = NULL;
    if (fields->count == 0 || count == 0)
        return true;
    const char **iids = arena_calloc(c->arena, (size_t)count, sizeof *iids);
    if (!iids)
        return call_fail_oom(c), false;
    for (int row = 0; row < count; row++)
        iids[row] = PQgetvalue(quizzes, row, iid_column);
    *out = call_sql(c, &SQL_QUIZ_EXTRA_VALUES, sql_text_array(c, iids, (size_t)count),
                    sql_text_array(c, fields->names, fields->count));
    return *out != NULL;
}

void quiz_set_extras(api_call *c, struct json_object *obj, const char *iid, const PGresult *values)
{
    if (!values)
        return;
    int quiz = PQfnumber(values, "iid"), name = PQfnumber(values, "name"),
        value = PQfnumber(values, "value");
    for (int row = 0; row < PQntuples(values); row++) {
        if (strcmp(PQgetvalue(values, row, quiz), iid) != 0)
            continue;
        const char *key = arena_printf(c->arena, "extra_%s", PQgetvalue(values, row, name));
        if (!key) {
            call_fail_oom(c);
            return;
        }
        reply_set(c, obj, key, reply_str(c, PQgetvalue(values, row, value)));
    }
}
