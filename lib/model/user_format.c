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
