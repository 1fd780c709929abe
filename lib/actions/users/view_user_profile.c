/*
 * view_user_profile - redirects to a user's social profile page on the web
 * platform (20-users-messages.md §4.2): HTTP 302 to
 * {web root}main/social/profile.php?u={user_id}, or to
 * {web root}main/social/profile.php when user_id is 0 or absent. Any user
 * with a key; the page itself applies Chamilo's visibility rules.
 *
 * GET user_id (PHP (int)). PHP also logs the caller into its web session
 * through the cookie of the same response; we keep no PHP session
 * (docs/compat.md, "Redirect actions").
 */
#include "api/action.h"

ACTION_ABOUT(view_user_profile, "Redirect to a user's social profile page",
    "20-users-messages.md §4.2",
    "Answers a 302 to the social profile page of `user_id` (absent or 0: the caller's) on the "
    "web platform, which applies Chamilo's visibility rules.");

enum { ARG_USER_ID };
ACTION_PARAMS(view_user_profile, [ARG_USER_ID] = {"user_id", FROM_GET, PK_INT});

ACTION_ANSWER(view_user_profile, A_REDIRECT);

action_result action_view_user_profile(api_call *c)
{
    int64_t user_id = c->args[ARG_USER_ID].i;
    const char *user_id_text = call_itoa(c, user_id);
    if (!user_id_text)
        return ACTION_FAILED;
    call_event(c, "user_id", user_id_text, -1);
    const char *url = user_id != 0
        ? arena_printf(c->arena, "%smain/social/profile.php?u=%s", c->web_root, user_id_text)
        : arena_printf(c->arena, "%smain/social/profile.php", c->web_root);
    if (!url)
        return call_fail_oom(c);
    return call_redirect(c, url);
}
