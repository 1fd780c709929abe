#include "model/forum.h"

#include <string.h>

#include "core/strbuf.h"

const char *forum_image_url(api_call *c, const char *image)
{
    if (!image || !*image)
        return "";
    const char *url = arena_printf(c->arena, "%scourses/%s/upload/forum/images/%s", c->web_root,
                                   c->course.directory ? c->course.directory : "", image);
    if (!url)
        call_fail_oom(c);
    return url;
}

const char *forum_post_text(api_call *c, const char *title, const char *text)
{
    if (strcmp(title, "0") == 0 || strcmp(text, "0") == 0) {
        call_refuse(c, MSG_NoData); /* v2.php's empty() check */
        return NULL;
    }
    strbuf sb;
    sb_init(&sb, c->arena, strlen(text) + 64);
    for (const char *p = text; *p; p++) {
        if (*p == '\r' || *p == '\n') {
            sb_puts(&sb, "<br />");
            sb_putc(&sb, *p);
            /* \r\n and \n\r are one break */
            if ((p[1] == '\r' || p[1] == '\n') && p[1] != *p)
                sb_putc(&sb, *++p);
            continue;
        }
        sb_putc(&sb, *p);
    }
    if (sb_failed(&sb)) {
        call_fail_oom(c);
        return NULL;
    }
    return sb.data;
}
