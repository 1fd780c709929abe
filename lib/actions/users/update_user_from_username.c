/*
 * update_user_from_username - updates the user named by `loginname` with the
 * other POST fields (20-users-messages.md §5.6). Administrators update
 * anyone; other users only themselves. One transaction: the first error
 * leaves nothing changed (PHP keeps the extra values written before it:
 * docs/compat.md, spec README "Decisions: Partial writes").
 *
 * Input: the whole POST body, keys matched case-insensitively, applied in
 * request order:
 *   - the first key equal to loginname names the user (user.username, the
 *     value trimmed; case-insensitive);
 *   - email, lastname, firstname, phone, address, official_code,
 *     picture_uri, competences, diplomas, openarea, teach, productions,
 *     openid, theme, auth_source: the column, as sent (email_canonical
 *     follows email);
 *   - status, creator_id, hr_dept_id: integers; enabled, active,
 *     profile_completed: PHP truthiness. A change of active logs
 *     user_enable / user_disable;
 *   - roles: a list, upper-cased, ROLE_USER dropped, stored serialized;
 *   - language: an available language's folder name, else
 *     "Language unavailable.";
 *   - expiration_date: "Y-m-d", "Y-m-d H:i" or "Y-m-d H:i:s" in the
 *     call's time zone (stored in UTC, as save_user does);
 *   - extra: [{field_name, field_value}, ...] or {variable: value, ...};
 *     each field must exist and the write must change the stored value,
 *     else "Could not update extra field value.: " and the item as PHP's
 *     print_r shows it (or the variable's name);
 *   - username, api_key, action, loginname: ignored;
 *   - anything else: "Unsupported update. '<key>'".
 * Answers [true].
 *
 * Closed holes and crashes (docs/compat.md): a non-administrator cannot
 * change their own status, active, expiration_date or auth_source
 * (NotAllowed; sending the stored value is fine); registration_date, which
 * PHP accepts and then fails to save with Doctrine's error text, is
 * refused, as PHP refuses it, after the other keys; an array where a
 * string is expected, a value the column cannot hold (too long, not an
 * integer, invalid UTF-8) is "Invalid value for the parameter <key>"
 * instead of PHP's database error or crash.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "api/action.h"
#include "core/chamilo_date.h"
#include "core/strbuf.h"
#include "php/php_serialize.h"
#include "model/language.h"
#include "model/user_columns.h"
#include "model/user_extra.h"
#include "php/php_print_r.h"

ACTION_ABOUT(update_user_from_username, "Update the user named by a login name",
    "20-users-messages.md §5.6",
    "Updates the user whose login name is `loginname` with the other fields of the body (profile "
    "columns, status, language, roles, expiration date, extra fields), applied in request order. "
    "Administrators update anyone, other users only themselves.");

/* Declared for the OpenAPI description and the fuzzer; the handler reads
 * the whole POST bag itself, in request order, as PHP does. */
#define OWN(name) {name, FROM_POST, PK_ANY, P_OWN_CHECKS, 0, NULL}
ACTION_PARAMS(update_user_from_username,
    OWN("loginname"), OWN("email"), OWN("enabled"), OWN("lastname"), OWN("firstname"),
    OWN("phone"), OWN("address"), OWN("roles"), OWN("profile_completed"), OWN("auth_source"),
    OWN("status"), OWN("official_code"), OWN("picture_uri"), OWN("creator_id"),
    OWN("competences"), OWN("diplomas"), OWN("openarea"), OWN("teach"), OWN("productions"),
    OWN("language"), OWN("registration_date"), OWN("expiration_date"), OWN("active"),
    OWN("openid"), OWN("theme"), OWN("hr_dept_id"), OWN("extra"));
#undef OWN

/* The columns read and written back, in the order of both statements
 * ($2.. of SQL_SAVE). */
enum column {
    COL_EMAIL, COL_ENABLED, COL_LASTNAME, COL_FIRSTNAME, COL_PHONE, COL_ADDRESS, COL_ROLES,
    COL_PROFILE_COMPLETED, COL_AUTH_SOURCE, COL_STATUS, COL_OFFICIAL_CODE, COL_PICTURE_URI,
    COL_CREATOR_ID, COL_COMPETENCES, COL_DIPLOMAS, COL_OPENAREA, COL_TEACH, COL_PRODUCTIONS,
    COL_LANGUAGE, COL_EXPIRATION_DATE, COL_ACTIVE, COL_OPENID, COL_THEME, COL_HR_DEPT_ID,
    COL_COUNT
};

/* $1 login name. Column 0 is the id, then the columns above. */
DB_STATEMENT(SQL_LOAD, "update_user_from_username.load", 1,
    "SELECT id, email, enabled, lastname, firstname, phone, address, roles, profile_completed,"
    "       auth_source, status, official_code, picture_uri, creator_id, competences, diplomas,"
    "       openarea, teach, productions, language, expiration_date, active, openid, theme,"
    "       hr_dept_id"
    "  FROM \"user\" WHERE lower(username) = lower($1::text)");

DB_STATEMENT(SQL_SAVE, "update_user_from_username.save", 25,
    "UPDATE \"user\" SET email = $2::text, email_canonical = lower($2::text),"
    " enabled = $3::smallint, lastname = $4, firstname = $5, phone = $6, address = $7,"
    " roles = $8, profile_completed = $9::smallint, auth_source = $10, status = $11::int,"
    " official_code = $12, picture_uri = $13, creator_id = $14::int, competences = $15,"
    " diplomas = $16, openarea = $17, teach = $18, productions = $19, language = $20,"
    " expiration_date = $21::timestamp, active = $22::smallint, openid = $23, theme = $24,"
    " hr_dept_id = $25::smallint"
    " WHERE id = $1::int");

typedef enum value_kind {
    V_TEXT,     /* the string as sent, checked by its row */
    V_INT,      /* a decimal integer within [min, max], its text checked by its row */
    V_FLAG,     /* PHP truthiness, stored 1 or 0 */
} value_kind;

/* A string value's row, run by param_check: an array, invalid UTF-8, a NUL
 * byte or more than `chars` characters (0: any) is "Invalid value for the
 * parameter <key>". */
#define STRING(key, chars) {key, FROM_POST, PK_STRING, P_SCALAR, chars, NULL}
#define FLAG(key) {key, FROM_POST, PK_ANY, 0, 0, NULL}

/* The keys that set one column. self_locked: a non-administrator may not
 * change it on their own account (spec README, "Decisions"). */
static const struct simple_key {
    param_def decl;   /* the key (decl.name) and its check */
    enum column col;
    value_kind kind;
    int64_t min, max; /* V_INT range */
    bool self_locked;
} SIMPLE_KEYS[] = {
    {STRING("email", USER_EMAIL_CHARS), COL_EMAIL, V_TEXT, 0, 0, false},
    {FLAG("enabled"), COL_ENABLED, V_FLAG, 0, 0, false},
    {STRING("lastname", USER_LASTNAME_CHARS), COL_LASTNAME, V_TEXT, 0, 0, false},
    {STRING("firstname", USER_FIRSTNAME_CHARS), COL_FIRSTNAME, V_TEXT, 0, 0, false},
    {STRING("phone", USER_PHONE_CHARS), COL_PHONE, V_TEXT, 0, 0, false},
    {STRING("address", USER_ADDRESS_CHARS), COL_ADDRESS, V_TEXT, 0, 0, false},
    {FLAG("profile_completed"), COL_PROFILE_COMPLETED, V_FLAG, 0, 0, false},
    {STRING("auth_source", USER_AUTH_SOURCE_CHARS), COL_AUTH_SOURCE, V_TEXT, 0, 0, true},
    {STRING("status", 0), COL_STATUS, V_INT, USER_STATUS_MIN, USER_STATUS_MAX, true},
    {STRING("official_code", USER_OFFICIAL_CODE_CHARS), COL_OFFICIAL_CODE, V_TEXT, 0, 0, false},
    {STRING("picture_uri", USER_PICTURE_URI_CHARS), COL_PICTURE_URI, V_TEXT, 0, 0, false},
    {STRING("creator_id", 0), COL_CREATOR_ID, V_INT, USER_CREATOR_ID_MIN, USER_CREATOR_ID_MAX,
     false},
    {STRING("competences", 0), COL_COMPETENCES, V_TEXT, 0, 0, false},
    {STRING("diplomas", 0), COL_DIPLOMAS, V_TEXT, 0, 0, false},
    {STRING("openarea", 0), COL_OPENAREA, V_TEXT, 0, 0, false},
    {STRING("teach", 0), COL_TEACH, V_TEXT, 0, 0, false},
    {STRING("productions", USER_PRODUCTIONS_CHARS), COL_PRODUCTIONS, V_TEXT, 0, 0, false},
    {STRING("openid", USER_OPENID_CHARS), COL_OPENID, V_TEXT, 0, 0, false},
    {STRING("theme", USER_THEME_CHARS), COL_THEME, V_TEXT, 0, 0, false},
    {STRING("hr_dept_id", 0), COL_HR_DEPT_ID, V_INT, USER_HR_DEPT_ID_MIN, USER_HR_DEPT_ID_MAX,
     false},
};
#undef FLAG

/* The user is named by its login, trimmed; a name no column could hold
 * reads as absent: no such user. */
static const param_def LOGIN_NAME = {"loginname", FROM_POST, PK_STRING,
                                     P_SCALAR | P_TRIM | P_LOOKUP, USER_USERNAME_CHARS, NULL};
static const param_def LANGUAGE = {"language", FROM_POST, PK_STRING, P_SCALAR,
                                   USER_LANGUAGE_CHARS, MSG_LanguageUnavailable};
static const param_def EXPIRATION_DATE = {"expiration_date", FROM_POST, PK_DATE,
                                          P_SCALAR | P_REQUIRED, 0, NULL};
#undef STRING

/* The keys PHP reads elsewhere in the request: no update. */
static const char *const IGNORED_KEYS[] = {"username", "api_key", "action", "loginname"};

typedef struct update {
    api_call *c;
    const char *user_id;
    bool self_only;                /* the caller is not an administrator */
    const char *values[COL_COUNT]; /* the row as it will be saved (NULL: SQL NULL) */
    const char *stored[COL_COUNT]; /* the row as loaded */
} update;

static action_result bad_value(api_call *c, const char *key)
{
    return call_fail_with(c, MSG_BadParameter, key);
}

/* A canonical decimal integer ("-12", "+3", "007") within [min, max]. */
static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    const char *p = s;
    bool negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    if (!*p)
        return false;
    int64_t value = 0;
    for (; *p; p++) {
        if (!isdigit((unsigned char)*p) || value > (INT64_MAX - 9) / 10)
            return false;
        value = value * 10 + (*p - '0');
    }
    if (negative)
        value = -value;
    if (value < min || value > max)
        return false;
    *out = value;
    return true;
}

/* A non-administrator changing a locked column of their own account. */
static bool locked_change(const update *u, enum column col, const char *new_value)
{
    const char *old = u->stored[col];
    if (!u->self_only)
        return false;
    if (!old || !new_value)
        return old != new_value;
    return strcmp(old, new_value) != 0;
}

static action_result apply_simple(update *u, const struct simple_key *k, const php_value *v)
{
    api_call *c = u->c;
    const char *value;
    api_arg arg;
    if (k->kind == V_FLAG) {
        value = php_truthy(v) ? "1" : "0";
    } else if (!param_check(c, &k->decl, v, &arg)) {
        return ACTION_FAILED;
    } else if (k->kind == V_INT) {
        int64_t n;
        if (!parse_int(arg.s, k->min, k->max, &n))
            return bad_value(c, k->decl.name);
        value = call_itoa(c, n);
        if (!value)
            return ACTION_FAILED;
    } else {
        value = arg.s;
    }
    if (k->self_locked && locked_change(u, k->col, value))
        return call_fail(c, MSG_NotAllowed);
    u->values[k->col] = value;
    return ACTION_OK;
}

/* The characters of one role name: the roles column is text, so this only
 * bounds what one request may store. */
#define ROLE_CHARS 255

/* FOS User::setRoles: each role upper-cased, ROLE_USER (everyone's) left
 * out, no duplicates; stored PHP-serialized. */
static action_result apply_roles(update *u, const php_value *v)
{
    api_call *c = u->c;
    if (v->kind != PHP_ARRAY)
        return bad_value(c, "roles");
    struct json_object *roles = reply_array(c);
    size_t kept = 0;
    const char *seen[64];
    for (const php_entry *e = v->arr->first; e; e = e->next) {
        const php_value *role = e->value;
        if (role->kind != PHP_STRING || !param_string_acceptable(role->str, role->len, ROLE_CHARS))
            return bad_value(c, "roles");
        char *upper = php_strtoupper(c->arena, role->str, role->len);
        if (!upper)
            return call_fail_oom(c);
        if (strcmp(upper, "ROLE_USER") == 0)
            continue;
        bool duplicate = false;
        for (size_t i = 0; i < kept; i++)
            duplicate = duplicate || strcmp(seen[i], upper) == 0;
        if (duplicate)
            continue;
        if (kept == sizeof seen / sizeof seen[0])
            return bad_value(c, "roles");
        seen[kept++] = upper;
        reply_push(c, roles, reply_str(c, upper));
    }
    const char *serialized = roles ? php_serialize(c->arena, roles) : NULL;
    if (!serialized)
        return call_fail_oom(c);
    u->values[COL_ROLES] = serialized;
    return ACTION_OK;
}

static action_result apply_language(update *u, const php_value *v)
{
    api_call *c = u->c;
    api_arg language;
    bool available;
    if (!param_check(c, &LANGUAGE, v, &language) ||
        !language_available(c, language.s, &available))
        return ACTION_FAILED;
    if (!available)
        return call_fail(c, MSG_LanguageUnavailable);
    u->values[COL_LANGUAGE] = language.s;
    return ACTION_OK;
}

static action_result apply_expiration(update *u, const php_value *v)
{
    api_call *c = u->c;
    api_arg expiration;
    if (!param_check(c, &EXPIRATION_DATE, v, &expiration))
        return ACTION_FAILED;
    /* Read in the caller's time zone, stored in UTC (api_get_utc_datetime). */
    const char *date = expiration.s;
    if (expiration.present && !(date = chamilo_date_utc_sql(c->arena, call_timezone(c), date)))
        return call_fail_oom(c);
    if (locked_change(u, COL_EXPIRATION_DATE, date))
        return call_fail(c, MSG_NotAllowed);
    u->values[COL_EXPIRATION_DATE] = date;
    return ACTION_OK;
}

/* UserManager::update_user's rule: a change of `active` is logged. */
static action_result apply_active(update *u, const php_value *v)
{
    api_call *c = u->c;
    bool active = php_truthy(v);
    const char *current = u->values[COL_ACTIVE];
    bool was_active = current && strcmp(current, "0") != 0;
    if (active == was_active)
        return ACTION_OK;
    if (u->self_only)
        return call_fail(c, MSG_NotAllowed);
    u->values[COL_ACTIVE] = active ? "1" : "0";
    call_event_typed(c, active ? "user_enable" : "user_disable", "user_id", u->user_id, -1);
    return ACTION_OK;
}

/* The text an extra value is stored as: a string as sent, an array's
 * strings joined with ';' (a nested array reads "Array", as PHP's implode
 * makes it). NULL when it cannot be stored (error recorded). */
static const char *extra_text(api_call *c, const php_value *v)
{
    if (v->kind == PHP_STRING) {
        if (!param_string_acceptable(v->str, v->len, 0))
            return bad_value(c, "extra"), NULL;
        return v->str;
    }
    strbuf sb;
    sb_init(&sb, c->arena, 64);
    for (const php_entry *e = v->arr->first; e; e = e->next) {
        if (e != v->arr->first)
            sb_putc(&sb, ';');
        if (e->value->kind == PHP_ARRAY)
            sb_append(&sb, "Array", 5);
        else
            sb_append(&sb, e->value->str, e->value->len);
    }
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    if (!param_string_acceptable(sb.data, sb.len, 0))
        return bad_value(c, "extra"), NULL;
    return sb.data;
}

/* UserManager::update_extra_field_value: true when the field exists and
 * the stored value changed. *ok false on an error (recorded). */
static bool extra_written(update *u, const char *variable, const php_value *value, bool *ok)
{
    const char *text = extra_text(u->c, value);
    if (!text)
        return *ok = false;
    if (!param_string_acceptable(variable, strlen(variable), EXTRA_FIELD_VARIABLE_CHARS))
        return false; /* no field has that name */
    user_extra_result r = user_extra_set(u->c, u->user_id, variable, text);
    if (r == USER_EXTRA_ERROR)
        return *ok = false;
    return r == USER_EXTRA_WRITTEN;
}

static action_result apply_extra(update *u, const php_value *v)
{
    api_call *c = u->c;
    if (v->kind != PHP_ARRAY || v->arr->count == 0)
        return ACTION_OK; /* PHP ignores it */
    const php_value *first = php_array_getz(v->arr, "0");
    bool ok = true;
    if (first && first->kind == PHP_ARRAY) {
        /* [{field_name, field_value}, ...] */
        for (const php_entry *e = v->arr->first; e; e = e->next) {
            const php_value *name = NULL, *value = NULL;
            if (e->value->kind == PHP_ARRAY) {
                name = php_array_getz(e->value->arr, "field_name");
                value = php_array_getz(e->value->arr, "field_value");
            }
            if (name && value && name->kind == PHP_STRING && extra_written(u, name->str, value, &ok))
                continue;
            if (!ok)
                return ACTION_FAILED;
            strbuf sb;
            sb_init(&sb, c->arena, 128);
            php_print_r(&sb, e->value);
            if (sb_failed(&sb))
                return call_fail_oom(c);
            return call_fail_with(c, MSG_CouldNotUpdateExtraFieldValueOf, sb.data);
        }
        return ACTION_OK;
    }
    /* {variable: value, ...} */
    for (const php_entry *e = v->arr->first; e; e = e->next) {
        if (extra_written(u, e->key, e->value, &ok))
            continue;
        if (!ok)
            return ACTION_FAILED;
        return call_fail_with(c, MSG_CouldNotUpdateExtraFieldValueOf, e->key);
    }
    return ACTION_OK;
}

/* One POST key. *registration_date is set when that key is seen. */
static action_result apply_key(update *u, const php_entry *e, bool *registration_date)
{
    char *name = php_strtolower(u->c->arena, e->key, e->key_len);
    if (!name)
        return call_fail_oom(u->c);
    for (size_t i = 0; i < sizeof SIMPLE_KEYS / sizeof SIMPLE_KEYS[0]; i++)
        if (strcmp(name, SIMPLE_KEYS[i].decl.name) == 0)
            return apply_simple(u, &SIMPLE_KEYS[i], e->value);
    for (size_t i = 0; i < sizeof IGNORED_KEYS / sizeof IGNORED_KEYS[0]; i++)
        if (strcmp(name, IGNORED_KEYS[i]) == 0)
            return ACTION_OK;
    if (strcmp(name, "roles") == 0)
        return apply_roles(u, e->value);
    if (strcmp(name, "language") == 0)
        return apply_language(u, e->value);
    if (strcmp(name, "expiration_date") == 0)
        return apply_expiration(u, e->value);
    if (strcmp(name, "active") == 0)
        return apply_active(u, e->value);
    if (strcmp(name, "extra") == 0)
        return apply_extra(u, e->value);
    if (strcmp(name, "registration_date") == 0) {
        *registration_date = true;
        return ACTION_OK;
    }
    return call_fail_with(u->c, MSG_UnsupportedUpdateOf, e->key);
}

ACTION_ANSWER(update_user_from_username, A_NOTE("[true]", A_LIST(A_BOOL)));

action_result action_update_user_from_username(api_call *c)
{
    const php_array *post = c->params->post;
    if (post->count == 0)
        return call_fail(c, MSG_NoDataKey); /* PHP's untranslated key */
    const php_value *login = NULL;
    for (const php_entry *e = post->first; e && !login; e = e->next)
        if (e->key_len == 9 && strncasecmp(e->key, "loginname", 9) == 0)
            login = e->value;
    if (!login)
        return call_fail(c, MSG_NoData);
    api_arg name;
    if (!param_check(c, &LOGIN_NAME, login, &name))
        return ACTION_FAILED;
    if (!name.s)
        return call_fail(c, MSG_UserNotFound); /* no stored name is like it */
    PGresult *r = call_sql(c, &SQL_LOAD, name.s);
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) != 1)
        return call_fail(c, MSG_UserNotFound);

    update u = {.c = c, .user_id = PQgetvalue(r, 0, 0)};
    if (!c->user->is_admin && strcmp(u.user_id, c->user->id_text) != 0)
        return call_fail(c, MSG_NotAllowed);
    u.self_only = !c->user->is_admin;
    for (int col = 0; col < COL_COUNT; col++)
        u.values[col] = u.stored[col] = sql_value(r, 0, col + 1);

    bool registration_date = false;
    for (const php_entry *e = post->first; e; e = e->next)
        if (apply_key(&u, e, &registration_date) != ACTION_OK)
            return ACTION_FAILED;
    if (registration_date)
        return bad_value(c, "registration_date");

    const char *const *v = u.values;
    if (!call_sql(c, &SQL_SAVE, u.user_id, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
                  v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19],
                  v[20], v[21], v[22], v[23]))
        return ACTION_FAILED;

    call_event(c, "username", c->username, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_bool(c, true));
    return call_ok(c, data);
}
