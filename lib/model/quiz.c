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

/* The extra-field variables asked for, in order; elements that are not
 * text the database can hold are skipped. */
static bool fields_read(api_call *c, const api_arg *arg, const char ***names, size_t *count)
{
    *names = NULL;
    *count = 0;
    if (!arg->raw || arg->raw->kind != PHP_ARRAY)
        return true;
    const php_array *arr = arg->raw->arr;
    *names = arena_calloc(c->arena, arr->count ? arr->count : 1, sizeof **names);
    if (!*names)
        return call_fail_oom(c), false;
    for (const php_entry *e = arr->first; e; e = e->next) {
        const php_value *v = e->value;
        if (v->kind == PHP_STRING && param_string_acceptable(v->str, v->len, 0))
            (*names)[(*count)++] = v->str;
    }
    return true;
}

bool quiz_list_read(api_call *c, const api_arg *fields, quiz_list *out)
{
    *out = (quiz_list){0};
    const char **names;
    size_t name_count;
    if (!fields_read(c, fields, &names, &name_count))
        return false;
    sql_rows rows = call_prefetched(c);
    if (!rows.result)
        return false;
    out->quizzes = rows.result;
    out->count = rows.count;
    if (name_count == 0 || rows.count == 0)
        return true;
    const char **iids = arena_calloc(c->arena, (size_t)rows.count, sizeof *iids);
    if (!iids)
        return call_fail_oom(c), false;
    int iid = PQfnumber(rows.result, "iid");
    for (int row = 0; row < rows.count; row++)
        iids[row] = PQgetvalue(rows.result, row, iid);
    out->extras = call_sql(c, &SQL_QUIZ_EXTRA_VALUES, sql_text_array(c, iids, (size_t)rows.count),
                           sql_text_array(c, names, name_count));
    return out->extras != NULL;
}

struct json_object *quiz_list_item(api_call *c, const quiz_list *list, int row,
                                   const json_field *columns, size_t count)
{
    const PGresult *r = list->quizzes;
    struct json_object *quiz = reply_row(c, r, row, columns, count);
    const char *iid = PQgetvalue(r, row, PQfnumber(r, "iid"));
    const PGresult *values = list->extras;
    for (int v = 0; values && v < PQntuples(values); v++) {
        if (strcmp(PQgetvalue(values, v, 0), iid) != 0)
            continue;
        const char *key = arena_printf(c->arena, "extra_%s", PQgetvalue(values, v, 1));
        if (!key)
            return call_fail_oom(c), NULL;
        reply_set(c, quiz, key, reply_str(c, PQgetvalue(values, v, 2)));
    }
    reply_set(c, quiz, "created_by", reply_str(c, PQgetvalue(r, row, PQfnumber(r, "created_by"))));
    reply_set(c, quiz, "updated_by", reply_str(c, PQgetvalue(r, row, PQfnumber(r, "updated_by"))));
    return quiz;
}
