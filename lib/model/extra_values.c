/*
 * extra_values.c - see extra_values.h.
 */
#include "model/extra_values.h"

#include <string.h>

#include "core/strbuf.h"
#include "model/user_extra.h"

/* Chamilo's ExtraField field types left alone: tag, file image, file. The
 * statement also reads 6 (date), 7 (datetime) and 13 (checkbox). */
#define FIELD_TYPES_SKIPPED "10, 16, 18"

/* $1 item, $2 variables, $3 values (text[], same order; later entries
 * win), $4 only the given fields, $5 the item type (extra_field_type). */
DB_STATEMENT(SQL_SAVE, "extra_values.save", 5,
    "WITH given AS (SELECT DISTINCT ON (lower(g.variable)) lower(g.variable) AS variable, g.value"
    "   FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS g(variable, value, n)"
    "   ORDER BY lower(g.variable), g.n DESC),"
    " fields AS (SELECT f.id, f.field_type, g.value, g.variable IS NOT NULL AS sent"
    "   FROM extra_field f LEFT JOIN given g ON g.variable = lower(f.variable)"
    "  WHERE f.extra_field_type = $5::int AND f.field_type NOT IN (" FIELD_TYPES_SKIPPED ")),"
    " vals AS (SELECT id, CASE field_type"
    "     WHEN 13 THEN CASE WHEN value = '1' THEN '1' ELSE '0' END"
    "     ELSE COALESCE(value, '') END AS value"
    "   FROM fields"
    "  WHERE (sent OR NOT $4::bool)"
    "    AND (field_type <> 6 OR value ~ '^\\d{4}-\\d{2}-\\d{2}$')"
    "    AND (field_type <> 7 OR value ~ '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$')),"
    " updated AS (UPDATE extra_field_values v SET value = vals.value,"
    "     updated_at = date_trunc('second', now() AT TIME ZONE 'UTC')"
    "   FROM vals WHERE v.field_id = vals.id AND v.item_id = $1::int"
    "   AND v.value IS DISTINCT FROM vals.value)"
    " INSERT INTO extra_field_values (field_id, item_id, value)"
    " SELECT id, $1::int, value FROM vals"
    "  WHERE NOT EXISTS (SELECT 1 FROM extra_field_values v"
    "                     WHERE v.field_id = vals.id AND v.item_id = $1::int)"
    " ON CONFLICT (field_id, item_id) DO UPDATE SET value = EXCLUDED.value,"
    "   updated_at = date_trunc('second', now() AT TIME ZONE 'UTC')"
    " WHERE extra_field_values.value IS DISTINCT FROM EXCLUDED.value");

/* The value a form entry stands for: a string as sent; an array holding its
 * own key (a checkbox) "1"; another array its string values joined with
 * ';'. NULL on OOM. */
static const char *entry_value(api_call *c, const php_entry *e)
{
    const php_value *v = e->value;
    if (v->kind == PHP_STRING)
        return v->str;
    if (php_array_get(v->arr, e->key, e->key_len))
        return "1";
    strbuf sb;
    sb_init(&sb, c->arena, 32);
    for (const php_entry *item = v->arr->first; item; item = item->next) {
        if (item->value->kind != PHP_STRING)
            continue;
        if (sb.len)
            sb_putc(&sb, ';');
        sb_append(&sb, item->value->str, item->value->len);
    }
    return sb_failed(&sb) ? NULL : sb.data;
}

bool extra_values_save(api_call *c, extra_item_type type, const char *item_id,
                       const php_value *extra, const char *prefix, bool only_given)
{
    size_t count = extra && extra->kind == PHP_ARRAY ? extra->arr->count : 0;
    const char **variables = arena_calloc(c->arena, count + 1, sizeof *variables);
    const char **values = arena_calloc(c->arena, count + 1, sizeof *values);
    if (!variables || !values)
        return call_fail_oom(c), false;
    size_t n = 0, prefix_len = strlen(prefix);
    for (const php_entry *e = count ? extra->arr->first : NULL; e; e = e->next) {
        if (e->key_len <= prefix_len || strncmp(e->key, prefix, prefix_len) != 0 ||
            !param_string_acceptable(e->key, e->key_len, EXTRA_FIELD_VARIABLE_CHARS))
            continue;
        const char *value = entry_value(c, e);
        if (!value)
            return call_fail_oom(c), false;
        if (!param_string_acceptable(value, strlen(value), 0))
            continue; /* no text the database can hold: not a value of any field */
        variables[n] = e->key + prefix_len;
        values[n++] = value;
    }
    return call_sql(c, &SQL_SAVE, item_id, sql_text_array(c, variables, n),
                    sql_text_array(c, values, n), only_given ? "t" : "f",
                    call_itoa(c, type)) != NULL;
}
