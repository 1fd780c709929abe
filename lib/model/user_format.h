/*
 * user_format.h - how Chamilo shows a user (20-users-messages.md §1.8.1).
 * Results live in the call's arena; NULL on OOM.
 */
#ifndef CHAMILO_MODEL_USER_FORMAT_H
#define CHAMILO_MODEL_USER_FORMAT_H

#include "api/action.h"

/* "Firstname Lastname" (English name order), inner whitespace collapsed,
 * trimmed; NULL parts count as empty. */
const char *user_full_name(api_call *c, const char *firstname, const char *lastname);

/* The avatar URL: {web_root}app/upload/users/[{first digit}/]{id}/{picture}
 * when the user has a picture, else {web_root}main/img/unknown.jpg. */
const char *user_picture_url(api_call *c, const char *user_id, const char *picture_uri);

/* The profile object of Rest::getUserProfile and getUsersProfilesByExtraField,
 * from row `row` of r, which has the columns id, status, firstname, lastname,
 * username, official_code, phone and picture_uri:
 *   {"pictureUri": str, "id": int, "status": int, "fullName": str,
 *    "username": str, "officialCode": str|null, "phone": str|null}
 * id and status come from the User entity's typed getters: numbers under
 * both PHP runtimes. A container of the call (reply.h); NULL on failure,
 * recorded. */
struct json_object *user_profile_object(api_call *c, const PGresult *r, int row);
/* Its keys (ACTION_ANSWER). */
#define USER_PROFILE_KEYS                                                                      \
    A_KEY("pictureUri", A_STRING), A_KEY("id", A_INT), A_KEY("status", A_INT),       \
        A_KEY("fullName", A_STRING), A_KEY("username", A_STRING),         \
        A_KEY("officialCode", A_STRING), A_KEY("phone", A_STRING)

#endif
