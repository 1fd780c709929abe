/*
 * api_key.c - see api_key.h.
 */
#include "model/api_key.h"

#include <stdlib.h>

#include "crypto/password.h"

DB_STATEMENT(SQL_CURRENT_KEY, "api_key.current", 1,
    "SELECT api_key, count(*) OVER () FROM user_api_key"
    " WHERE user_id = $1::int AND api_service = 'MsgREST' ORDER BY id LIMIT 1");

/* Serializes key creation per user (the row lock lasts until the end of the
 * action's transaction). */
DB_STATEMENT(SQL_LOCK_USER, "api_key.lock_user", 1,
    "SELECT id FROM \"user\" WHERE id = $1::int FOR UPDATE");

/* PHP leaves the other columns NULL; so do we. */
DB_STATEMENT(SQL_INSERT_KEY, "api_key.insert", 2,
    "INSERT INTO user_api_key (user_id, api_key, api_service) VALUES ($1::int, $2, 'MsgREST')");

DB_STATEMENT(SQL_DELETE_KEYS, "api_key.delete", 1,
    "DELETE FROM user_api_key WHERE user_id = $1::int AND api_service = 'MsgREST'");

static bool current_key_and_count(api_call *c, const char *user_id, const char **key, int *count)
{
    PGresult *r = call_sql(c, &SQL_CURRENT_KEY, user_id);
    if (!r)
        return false;
    *key = PQntuples(r) ? PQgetvalue(r, 0, 0) : NULL;
    *count = PQntuples(r) ? (int)strtol(PQgetvalue(r, 0, 1), NULL, 10) : 0;
    return true;
}

bool api_key_current(api_call *c, const char *user_id, const char **key)
{
    int count;
    return current_key_and_count(c, user_id, key, &count);
}

bool api_key_current_for_update(api_call *c, const char *user_id, const char **key)
{
    *key = NULL;
    return call_sql(c, &SQL_LOCK_USER, user_id) && api_key_current(c, user_id, key);
}

const char *api_key_create(api_call *c, const char *user_id)
{
    char *key = arena_alloc(c->arena, API_KEY_HEX_LENGTH + 1);
    if (!key)
        return call_fail_oom(c), NULL;
    if (!api_key_generate(key))
        return call_fail(c, "Could not generate an API key"), NULL;
    if (!call_sql(c, &SQL_INSERT_KEY, user_id, key))
        return NULL;
    return key;
}

const char *api_key_current_or_create(api_call *c, const char *user_id, bool *created)
{
    *created = false;
    const char *key;
    if (!api_key_current(c, user_id, &key))
        return NULL;
    if (key)
        return key;
    /* None yet: lock the user and look again, so that two concurrent calls
     * cannot both create one. */
    if (!call_sql(c, &SQL_LOCK_USER, user_id) ||
        !api_key_current(c, user_id, &key))
        return NULL;
    if (key)
        return key;
    *created = true;
    return api_key_create(c, user_id);
}

const char *api_key_regenerate(api_call *c, const char *user_id)
{
    if (!call_sql(c, &SQL_LOCK_USER, user_id))
        return NULL;
    const char *key;
    int count;
    if (!current_key_and_count(c, user_id, &key, &count))
        return NULL;
    if (count > 1)
        return key;
    if (count == 1 && !call_sql(c, &SQL_DELETE_KEYS, user_id))
        return NULL;
    return api_key_create(c, user_id);
}
