/*
 * api_key.h - the MsgREST API keys of users (table user_api_key,
 * 20-users-messages.md §1.8.3).
 *
 * "The" key of a user is the first MsgREST row by id. New keys come from
 * the CSPRNG (crypto/password.h), never from the time and the user id as in
 * PHP. All functions record their error in the call and return NULL/false.
 * Call them inside the action's transaction (ACT_WRITE) when they write.
 */
#ifndef CHAMILO_MODEL_API_KEY_H
#define CHAMILO_MODEL_API_KEY_H

#include "api/action.h"

/* The user's current key. Returns true and sets *key (NULL when the user has
 * none); false on a database error. */
bool api_key_current(api_call *c, const char *user_id, const char **key);

/* The user's current key, read after locking the user's row until the end
 * of the action's transaction: a call that compares a key with it and then
 * replaces it (update_user_apikey) is serialized with every other such
 * call, so that a key stays current from the comparison to the commit.
 * Returns as api_key_current; *key is NULL when the user does not exist. */
bool api_key_current_for_update(api_call *c, const char *user_id, const char **key);

/* The current key, created first when the user has none (authenticate,
 * Rest::findUserApiKey); *created says which. Only creation locks the user
 * row, so two concurrent calls cannot create two keys. NULL on failure. */
const char *api_key_current_or_create(api_call *c, const char *user_id, bool *created);

/* Inserts a new key for the user and returns it. NULL on failure. */
const char *api_key_create(api_call *c, const char *user_id);

/* UserManager::update_api_key: exactly one key -> replaced by a new one;
 * none -> one is created; several -> nothing changes. Returns the current
 * key afterwards. NULL on failure. */
const char *api_key_regenerate(api_call *c, const char *user_id);

#endif
