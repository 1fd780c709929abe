/*
 * set_thread_notify - toggles the caller's e-mail subscription to a thread
 * of the course (30-courses.md §7.4): {"message": "You will be notified of
 * new posts by e-mail."} when it subscribes, {"message": "You will no longer
 * be notified of new posts by email"} when it unsubscribes.
 *
 * POST thread is required ((int) 0 or absent: "No data available"); as in PHP, the
 * thread is not looked up. Two calls at once toggle twice: the second waits
 * for the first (an advisory lock on the course and thread) and sees its row.
 */
#include "api/action.h"

ACTION_ABOUT(set_thread_notify, "Toggle the caller's e-mail subscription to a thread",
    "30-courses.md §7.4",
    "Subscribes the caller to new posts of the thread `thread` by e-mail, or unsubscribes them "
    "when they were subscribed, and says which.");

enum { ARG_THREAD };
ACTION_PARAMS(set_thread_notify,
    [ARG_THREAD] = {"thread", FROM_POST, PK_INT, P_REQUIRED | P_SCALAR, 0, MSG_NoData});

/* $1 course, $2 thread: serializes the toggles of one thread until COMMIT. */
DB_STATEMENT(SQL_LOCK_THREAD, "set_thread_notify.lock", 2,
    "SELECT pg_advisory_xact_lock($1::int, $2::int)");

/* $1 course, $2 thread, $3 caller. Deletes the subscription if there is
 * one, else inserts it; answers whether it is now subscribed. */
DB_STATEMENT(SQL_TOGGLE, "set_thread_notify.toggle", 3,
    "WITH gone AS (DELETE FROM c_forum_notification n"
    "               WHERE n.c_id = $1::int AND n.thread_id = $2::int AND n.user_id = $3::int"
    "              RETURNING n.iid),"
    " added AS (INSERT INTO c_forum_notification (c_id, thread_id, user_id)"
    "           SELECT $1::int, $2::int, $3::int WHERE NOT EXISTS (SELECT 1 FROM gone)"
    "           RETURNING iid)"
    " SELECT EXISTS (SELECT 1 FROM added) AS subscribed");

ACTION_ANSWER(set_thread_notify, A_OBJECT(A_KEY("message", A_TEXT)));

action_result action_set_thread_notify(api_call *c)
{
    if (c->args[ARG_THREAD].i == 0)
        return call_fail(c, MSG_NoData); /* (int) "abc" is 0, as empty as "0" */
    const char *thread = call_itoa(c, c->args[ARG_THREAD].i);
    if (!call_sql(c, &SQL_LOCK_THREAD, c->course.id_text, thread))
        return ACTION_FAILED;
    PGresult *r = call_sql(c, &SQL_TOGGLE, c->course.id_text, thread, c->user->id_text);
    if (!r)
        return ACTION_FAILED;
    bool subscribed = PQgetvalue(r, 0, 0)[0] == 't';
    struct json_object *data = reply_object(c);
    reply_set(c, data, "message",
              reply_str(c, call_text(c, subscribed ? MSG_YouWillBeNotifiedOfNewPosts
                                      : MSG_YouWillNoLongerBeNotifiedOfNewPosts)));
    call_event(c, "thread_id", thread, -1);
    return call_ok(c, data);
}
