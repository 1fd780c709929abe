/*
 * authenticate - exchanges a username and password for the user's API key
 * (10-request-flow.md §5, 20-users-messages.md §2.3).
 *
 * POST password (never GET or hash), global username. Answers
 * {"url": web root, "apiKey": key, "gcmSenderId": setting}, creating the
 * user's MsgREST key on first use; else "Invalid user detected.".
 *
 * Deviations (docs/compat.md): disabled and expired accounts are refused;
 * with multiple_access_urls on, so is a user who is not a platform admin
 * and does not belong to the current URL.
 * With password_conversion on, the clear password (not the old hash, as in
 * PHP) is re-hashed with the configured scheme.
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "crypto/password.h"
#include "model/api_key.h"
#include "model/user_extra.h"

ACTION_ABOUT(authenticate, "Exchange a username and password for the user's API key",
    "20-users-messages.md §2.3",
    "Checks the global `username` with the `password` sent in the body (never the query string "
    "nor `hash`) and answers the web root, the user's API key (created on first use) and the "
    "push-notification sender id. Disabled and expired accounts are refused.");

/* The password is a $_POST read: never GET or hash. A value bcrypt could
 * not take whole (NUL) or that is not text is never a valid password. */
enum { ARG_PASSWORD };
ACTION_PARAMS(authenticate,
    [ARG_PASSWORD] = {"password", FROM_POST, PK_STRING, P_LOOKUP | P_SCALAR, 0,
                      MSG_InvalideUserDetected});

/* $2: the current URL when its membership counts (multiple_access_urls),
 * else 0: a user who is not a platform admin must belong to it, as Chamilo's
 * web login requires (README "Decisions"; PHP's API never checks). */
DB_STATEMENT(SQL_FIND_USER, "authenticate.find_user", 2,
    "SELECT u.id, u.password, u.salt, u.active,"
    "       u.expiration_date IS NOT NULL AND u.expiration_date <= LOCALTIMESTAMP AS expired,"
    "       $2::int = 0"
    "       OR EXISTS (SELECT 1 FROM access_url_rel_user m"
    "                   WHERE m.user_id = u.id AND m.access_url_id = $2::int)"
    "       OR EXISTS (SELECT 1 FROM admin a WHERE a.user_id = u.id) AS url_member"
    "  FROM \"user\" u WHERE lower(u.username) = lower($1)");

DB_STATEMENT(SQL_UPDATE_PASSWORD, "authenticate.update_password", 3,
    "UPDATE \"user\" SET password = $2, salt = $3 WHERE id = $1::int");

/* Verifies under the configured scheme; with password_conversion, also
 * under the scheme the stored hash looks like, and then re-hashes. */
static bool password_matches(api_call *c, const char *user_id, const char *password,
                             const char *salt, const char *stored, bool *rehashed)
{
    const config *cfg = c->cfg;
    if (password_verify(cfg->password_encryption, password, salt, stored))
        return true;
    if (!cfg->password_conversion)
        return false;
    password_scheme old;
    if (!password_detect_encryption(stored, salt, &old) || old == cfg->password_encryption ||
        !password_verify(old, password, salt, stored))
        return false;
    const char *new_salt = password_new_salt(c->arena);
    const char *hash = new_salt ? password_hash(c->arena, cfg->password_encryption,
                                                cfg->password_bcrypt_cost, password, new_salt)
                                : NULL;
    /* A failed re-hash does not block the login; the old hash still works. */
    if (hash && call_sql(c, &SQL_UPDATE_PASSWORD, user_id, hash, new_salt))
        *rehashed = true;
    return !call_failed(c);
}

ACTION_ANSWER(authenticate, A_OBJECT(A_KEY("url", A_TEXT), A_KEY("apiKey", A_TEXT),
                                     A_KEY("gcmSenderId", A_NULLABLE(A_TEXT))));

action_result action_authenticate(api_call *c)
{
    /* Rest::init: the field exists before the password is even checked,
     * and stays when the password is wrong: when this call creates it, it is
     * committed at once (the usual call finds it and saves two round trips). */
    bool field_created;
    if (!user_extra_ensure_field(c, "gcm_registration_id", &field_created) ||
        (field_created && !call_commit_so_far(c)))
        return ACTION_FAILED;

    const api_arg *password = &c->args[ARG_PASSWORD];
    if (!*c->username || !password->present || strcmp(password->s, "0") == 0)
        return call_fail(c, MSG_InvalideUserDetected);

    PGresult *r = call_sql(c, &SQL_FIND_USER, c->username,
                           c->cfg->multiple_access_urls ? c->url_id_text : "0");
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) != 1) {
        /* As long as a known user's check takes (password.h). */
        password_verify(PASSWORD_BCRYPT, password->s, NULL,
                        password_dummy_hash(c->cfg->password_bcrypt_cost));
        return call_fail(c, MSG_InvalideUserDetected);
    }
    const char *user_id = PQgetvalue(r, 0, 0);
    bool usable = strcmp(PQgetvalue(r, 0, 3), "1") == 0 && strcmp(PQgetvalue(r, 0, 4), "f") == 0 &&
                  strcmp(PQgetvalue(r, 0, 5), "t") == 0;
    bool password_rehashed = false;
    if (!password_matches(c, user_id, password->s, PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 1),
                          &password_rehashed) ||
        !usable)
        return call_fail(c, MSG_InvalideUserDetected);

    call_event(c, "username", c->username, strtoll(user_id, NULL, 10));

    bool created;
    const char *key = api_key_current_or_create(c, user_id, &created);
    if (!key)
        return ACTION_FAILED;
    /* The usual call writes only its event row: no need to wait for the
     * flush (a new key or a converted password does wait). */
    if (!created && !c->cfg->bookkeeping_synchronous_commit && !password_rehashed &&
        !call_commit_without_flush(c))
        return ACTION_FAILED;
    /* A fresh install has no messaging_gdc_project_number: null, as PHP's
     * api_get_setting answers for a missing setting. */
    const char *sender = c->cfg->messaging_gdc_project_number;
    struct json_object *data = reply_object(c);
    reply_set(c, data, "url", reply_str(c, c->web_root));
    reply_set(c, data, "apiKey", reply_str(c, key));
    reply_set(c, data, "gcmSenderId", reply_str(c, *sender ? sender : NULL));
    return call_ok(c, data);
}
