/*
 * user_create.c - see user_create.h.
 *
 * The checks, in PHP's order (admin is the action's gate):
 *   1. loginname available (case-insensitive; empty is never available)
 *        else "This login is not available"
 *   2. UserManager::create_user's checks, each failing with "User not
 *      registered.": a valid login name, an e-mail (a valid one when the
 *      platform requires it, else empty or valid), a platform password, a
 *      status, a valid expiration date, the hosting limits of the campus.
 *
 * Deviations (docs/compat.md): a missing email or status is "User not
 * registered." (PHP answers the raw SQL error); the teacher limit applies
 * to "1" as well as 1; an empty extra-field name creates no field, and a
 * name with spaces stores its value (PHP writes nothing).
 */
#include "actions/users/user_create.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/chamilo_date.h"
#include "crypto/password.h"
#include "php/php_serialize.h"
#include "model/language.h"
#include "model/user_columns.h"
#include "model/user_extra.h"
#include "model/user_login.h"

#define FIELD(name, kind, max_len)                                                             \
    {name, FROM_POST, kind, P_OWN_CHECKS, max_len, MSG_UserNotRegistered}
const param_def USER_CREATE_FIELDS[UF_COUNT] = {
    [UF_LOGINNAME] = FIELD("loginname", PK_STRING, USER_USERNAME_CHARS),
    [UF_PASSWORD] = FIELD("password", PK_STRING, 0),
    [UF_FIRSTNAME] = FIELD("firstname", PK_STRING, USER_FIRSTNAME_CHARS),
    [UF_LASTNAME] = FIELD("lastname", PK_STRING, USER_LASTNAME_CHARS),
    [UF_EMAIL] = FIELD("email", PK_STRING, USER_EMAIL_CHARS),
    [UF_STATUS] = FIELD("status", PK_INT, 0),
    [UF_AUTH_SOURCE] = FIELD("auth_source", PK_STRING, USER_AUTH_SOURCE_CHARS),
    [UF_LANGUAGE] = FIELD("language", PK_STRING, USER_LANGUAGE_CHARS),
    [UF_PHONE] = FIELD("phone", PK_STRING, USER_PHONE_CHARS),
    [UF_OFFICIAL_CODE] = FIELD("official_code", PK_STRING, USER_OFFICIAL_CODE_CHARS),
    [UF_EXPIRATION_DATE] = FIELD("expiration_date", PK_DATE, 0),
    [UF_ORIGINAL_USER_ID_NAME] =
        FIELD("original_user_id_name", PK_STRING, EXTRA_FIELD_VARIABLE_CHARS),
    [UF_ORIGINAL_USER_ID_VALUE] = FIELD("original_user_id_value", PK_STRING, 0),
    [UF_EXTRA] = {"extra", FROM_POST, PK_ARRAY, P_OWN_CHECKS, 0, NULL},
};

/* The members of each item of `extra` ([{field_name, field_value}, ...]). */
static const param_def EXTRA_NAME = FIELD("field_name", PK_STRING, EXTRA_FIELD_VARIABLE_CHARS);
static const param_def EXTRA_VALUE = FIELD("field_value", PK_STRING, 0);
#undef FIELD

/* Runs the declared row `field` against the request's value into *out.
 * False when refused (the row's answer recorded) or on OOM. */
static bool check_field(api_call *c, const php_array *fields, enum user_create_field field,
                        api_arg *out)
{
    const param_def *d = &USER_CREATE_FIELDS[field];
    return param_check(c, d, php_array_getz(fields, d->name), out);
}

/* True when every name and value of the `extra` list can be stored (an
 * item that is no array is skipped, as when writing). */
static bool extra_storable(api_call *c, const php_value *extra)
{
    if (!extra || extra->kind != PHP_ARRAY)
        return true;
    for (const php_entry *e = extra->arr->first; e; e = e->next) {
        if (e->value->kind != PHP_ARRAY)
            continue;
        const php_array *item = e->value->arr;
        api_arg ignored;
        if (!param_check(c, &EXTRA_NAME, php_array_getz(item, EXTRA_NAME.name), &ignored) ||
            !param_check(c, &EXTRA_VALUE, php_array_getz(item, EXTRA_VALUE.name), &ignored))
            return false;
    }
    return true;
}

/* $1 campus: its active users, and how many of them are teachers. */
DB_STATEMENT(SQL_CAMPUS_COUNTS, "user_create.campus_counts", 1,
    "SELECT count(*), count(*) FILTER (WHERE u.status = 1)"
    "  FROM access_url_rel_user r JOIN \"user\" u ON u.id = r.user_id"
    " WHERE r.access_url_id = $1::int AND u.active = 1");

/* user_id = id in the same statement: the id is drawn first. */
DB_STATEMENT(SQL_INSERT_USER, "user_create.insert", 14,
    "INSERT INTO \"user\" (id, user_id, username, username_canonical, email, email_canonical,"
    " firstname, lastname, status, password, salt, official_code, picture_uri, creator_id,"
    " auth_source, phone, address, language, registration_date, hr_dept_id, active, enabled,"
    " expiration_date, roles, locked, expired, credentials_expired, created_at, updated_at)"
    " SELECT n, n, $1::text, lower($1::text), $2::text, lower($2::text), $3, $4, $5::int, $6, $7,"
    "        COALESCE($14, ''), '', $8::int,"
    "        $9, $10, '', $11, date_trunc('second', LOCALTIMESTAMP), 0, 1, 1,"
    "        CASE WHEN $12::text IS NOT NULL THEN $12::timestamp"
    "             WHEN $13::int > 0 THEN date_trunc('second', LOCALTIMESTAMP) + make_interval(days => $13::int) END,"
    "        'a:0:{}', 0, 0, 0, date_trunc('second', LOCALTIMESTAMP), date_trunc('second', LOCALTIMESTAMP)"
    "   FROM (SELECT nextval(pg_get_serial_sequence('\"user\"', 'id')) AS n) AS new_id"
    " RETURNING id");

DB_STATEMENT(SQL_ADD_TO_CAMPUS, "user_create.add_to_campus", 2,
    "INSERT INTO access_url_rel_user (access_url_id, user_id) VALUES ($1::int, $2::int)"
    " ON CONFLICT DO NOTHING");

/* A string field of the request, NULL when absent or not a string. */
static const char *field_str(const php_array *fields, const char *name)
{
    return php_strval(php_array_getz(fields, name));
}

/* UserManager::is_username_valid: letters, digits and _.@$- only. */
static bool valid_login_name(const config *cfg, const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > (cfg->login_is_email ? 100u : 50u))
        return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_.@$-", *p))
            return false;
    return true;
}

/* A practical e-mail check (PHP: FILTER_VALIDATE_EMAIL): one '@', a local
 * part of printable characters, a domain of dot-separated labels. */
static bool valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
        return false;
    for (const char *p = s; p < at; p++)
        if (!isgraph((unsigned char)*p) || strchr("()<>[]:;,\\\"", *p))
            return false;
    const char *domain = at + 1;
    if (!strchr(domain, '.') || *domain == '.' || domain[strlen(domain) - 1] == '.')
        return false;
    for (const char *p = domain; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
            return false;
        if (*p == '.' && p[1] == '.')
            return false;
    }
    return true;
}

/* The interface language: lower-cased, and the platform language when it is
 * not an available language. */
static const char *choose_language(api_call *c, const char *requested)
{
    if (!requested || !*requested)
        return c->cfg->platform_language;
    char *lower = php_strtolower(c->arena, requested, strlen(requested));
    if (!lower)
        return call_fail_oom(c), NULL;
    bool available;
    if (!language_available(c, lower, &available))
        return NULL;
    return available ? lower : c->cfg->platform_language;
}

static bool within_hosting_limits(api_call *c, int64_t status)
{
    const config *cfg = c->cfg;
    if (cfg->hosting_limit_users <= 0 && cfg->hosting_limit_teachers <= 0)
        return true;
    PGresult *r = call_sql(c, &SQL_CAMPUS_COUNTS, c->url_id_text);
    if (!r)
        return false;
    long users = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    long teachers = strtol(PQgetvalue(r, 0, 1), NULL, 10);
    if ((cfg->hosting_limit_users > 0 && users >= cfg->hosting_limit_users) ||
        (status == 1 && cfg->hosting_limit_teachers > 0 && teachers >= cfg->hosting_limit_teachers))
        return call_fail(c, MSG_UserNotRegistered), false;
    return true;
}

/* Creates the field if needed, then writes the value. */
static bool write_extra(api_call *c, const char *user_id, const char *name, const char *value)
{
    const char *variable = user_extra_ensure_field(c, name ? name : "", NULL);
    if (!variable)
        return false;
    if (!*variable)
        return true;
    return user_extra_set(c, user_id, variable, value) != USER_EXTRA_ERROR;
}

/* The `extra` list: [{field_name, field_value}, ...]. Anything else is
 * ignored, as PHP ignores a non-list. */
static bool write_extra_list(api_call *c, const char *user_id, const php_value *extra)
{
    if (!extra || extra->kind != PHP_ARRAY || !php_array_is_list(extra->arr))
        return true;
    for (const php_entry *e = extra->arr->first; e; e = e->next) {
        if (e->value->kind != PHP_ARRAY)
            continue;
        const char *name = field_str(e->value->arr, EXTRA_NAME.name);
        const char *value = field_str(e->value->arr, EXTRA_VALUE.name);
        if (!write_extra(c, user_id, name, value))
            return false;
    }
    return true;
}

int64_t user_create_from_fields(api_call *c, const php_array *fields)
{
    const config *cfg = c->cfg;
    api_arg f[UF_COUNT];
    /* PHP: a login the column cannot hold is free, then refused. */
    if (!check_field(c, fields, UF_LOGINNAME, &f[UF_LOGINNAME]))
        return 0;
    const char *login = f[UF_LOGINNAME].s;
    bool taken = true;
    if (login && *login && !user_login_exists(c, login, &taken))
        return 0;
    if (taken)
        return call_fail(c, MSG_UserNameNotAvailable), 0;
    for (int field = UF_LOGINNAME + 1; field < UF_EXTRA; field++)
        if (!check_field(c, fields, field, &f[field]))
            return 0;
    const php_value *extra = php_array_getz(fields, USER_CREATE_FIELDS[UF_EXTRA].name);
    if (!extra_storable(c, extra))
        return 0;

    const char *auth_source = f[UF_AUTH_SOURCE].s;
    if (!auth_source || !*auth_source)
        auth_source = "platform";
    const char *password = f[UF_PASSWORD].s;
    const char *email = f[UF_EMAIL].s;
    const php_value *status_value = f[UF_STATUS].raw;
    /* Read in the caller's time zone, stored in UTC (api_get_utc_datetime). */
    const char *expiration = f[UF_EXPIRATION_DATE].present ? f[UF_EXPIRATION_DATE].s : NULL;
    if (expiration && !(expiration = chamilo_date_utc_sql(c->arena, call_timezone(c), expiration)))
        return call_fail_oom(c), 0;
    if (password && !*password)
        password = NULL;
    if (!password && strcmp(auth_source, "platform") != 0)
        password = auth_source; /* UserManager stores the auth source's name */

    bool email_ok = email && (*email ? valid_email(email) : !cfg->registration_email_required);
    if (!valid_login_name(cfg, login) || (cfg->login_is_email && !valid_email(login)) ||
        !email_ok || !password || strlen(password) > PASSWORD_MAX_LENGTH || php_empty(status_value))
        return call_fail(c, MSG_UserNotRegistered), 0;
    /* A status the integer column cannot hold (found by the stack fuzzer:
     * HTTP 500 from the INSERT) is refused like the other fields. */
    int64_t status = php_intval(status_value);
    if (status < USER_STATUS_MIN || status > USER_STATUS_MAX)
        return call_fail(c, MSG_UserNotRegistered), 0;
    if (!within_hosting_limits(c, status))
        return 0;

    const char *language = choose_language(c, f[UF_LANGUAGE].s);
    if (!language)
        return 0;
    const char *phone = f[UF_PHONE].s;
    const char *salt = password_new_salt(c->arena);
    const char *hash = salt ? password_hash(c->arena, cfg->password_encryption,
                                            cfg->password_bcrypt_cost, password, salt)
                            : NULL;
    const char *status_text = call_itoa(c, status);
    const char *valid_days = call_itoa(c, cfg->account_valid_duration);
    if (!hash || !status_text || !valid_days)
        return call_fail(c, MSG_UserNotRegistered), 0;

    PGresult *r = call_sql(c, &SQL_INSERT_USER, login, email, f[UF_FIRSTNAME].s, f[UF_LASTNAME].s,
                           status_text, hash, salt, c->user->id_text, auth_source,
                           phone ? phone : "", language, expiration, valid_days,
                           f[UF_OFFICIAL_CODE].s);
    if (!r)
        return 0;
    const char *user_id = PQgetvalue(r, 0, 0);
    const char *campus = cfg->multiple_access_urls && c->url_id > 0 ? c->url_id_text : "1";
    if (!call_sql(c, &SQL_ADD_TO_CAMPUS, campus, user_id))
        return 0;
    /* UserManager::create_user marks the new account as never logged in. */
    if (user_extra_set(c, user_id, "already_logged_in", "false") == USER_EXTRA_ERROR)
        return 0;
    if (f[UF_ORIGINAL_USER_ID_NAME].raw &&
        !write_extra(c, user_id, f[UF_ORIGINAL_USER_ID_NAME].s, f[UF_ORIGINAL_USER_ID_VALUE].s))
        return 0;
    if (!write_extra_list(c, user_id, extra))
        return 0;

    call_event_typed(c, "user_created", "user_id", user_id, -1);
    return strtoll(user_id, NULL, 10);
}

action_result user_create_reply(api_call *c, int64_t id)
{
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_int(c, id));
    /* PHP logs the whole answer, [id], serialized. */
    const char *logged = data ? php_serialize(c->arena, data) : NULL;
    if (!logged)
        return call_fail_oom(c);
    call_event(c, "user_id", logged, -1);
    return call_ok(c, data);
}
