#include "model/user_format.h"

#include <ctype.h>
#include <string.h>

#include "core/strbuf.h"

static void append_words(strbuf *sb, const char *s, bool *pending_space)
{
    for (; s && *s; s++) {
        if (isspace((unsigned char)*s)) {
            *pending_space = sb->len > 0;
            continue;
        }
        if (*pending_space)
            sb_putc(sb, ' ');
        *pending_space = false;
        sb_putc(sb, *s);
    }
}

const char *user_full_name(api_call *c, const char *firstname, const char *lastname)
{
    strbuf sb;
    sb_init(&sb, c->arena, 64);
    bool pending_space = false;
    append_words(&sb, firstname, &pending_space);
    pending_space = sb.len > 0;
    append_words(&sb, lastname, &pending_space);
    return sb_failed(&sb) ? NULL : sb.data;
}

const char *user_picture_url(api_call *c, const char *user_id, const char *picture_uri)
{
    if (!picture_uri || !*picture_uri)
        return arena_printf(c->arena, "%smain/img/unknown.jpg", c->web_root);
    if (c->cfg->split_users_upload_directory)
        return arena_printf(c->arena, "%sapp/upload/users/%c/%s/%s", c->web_root, user_id[0],
                            user_id, picture_uri);
    return arena_printf(c->arena, "%sapp/upload/users/%s/%s", c->web_root, user_id, picture_uri);
}

/* The named column's value, NULL for SQL NULL; a missing column is a
 * programming error. */
static const char *column(const PGresult *r, int row, const char *name, bool *ok)
{
    int col = PQfnumber(r, name);
    if (col < 0) {
        *ok = false;
        return NULL;
    }
    return sql_value(r, row, col);
}

struct json_object *user_profile_object(api_call *c, const PGresult *r, int row)
{
    bool ok = true;
    const char *id = column(r, row, "id", &ok);
    const char *status = column(r, row, "status", &ok);
    const char *firstname = column(r, row, "firstname", &ok);
    const char *lastname = column(r, row, "lastname", &ok);
    const char *username = column(r, row, "username", &ok);
    const char *official_code = column(r, row, "official_code", &ok);
    const char *phone = column(r, row, "phone", &ok);
    const char *picture_uri = column(r, row, "picture_uri", &ok);
    if (!ok || !id) {
        call_fail_internal(c, "user_profile_object: a profile column is missing");
        return NULL;
    }
    struct json_object *profile = reply_object(c);
    reply_set(c, profile, "pictureUri", reply_str(c, user_picture_url(c, id, picture_uri)));
    reply_set(c, profile, "id", reply_value(c, FK_INT, id));
    reply_set(c, profile, "status", reply_value(c, FK_INT, status));
    reply_set(c, profile, "fullName", reply_str(c, user_full_name(c, firstname, lastname)));
    reply_set(c, profile, "username", reply_str(c, username));
    reply_set(c, profile, "officialCode", reply_str(c, official_code));
    reply_set(c, profile, "phone", reply_str(c, phone));
    return profile;
}
