/*
 * save_course_notebook - writes a note of the caller in the course
 * (30-courses.md §7.1). Course context required (ACT_COURSE); one
 * transaction.
 *
 * POST title (empty: nothing is written, {"registered": false}), POST
 * text. Inserts the c_notebook row (the caller's, of the session context,
 * now as creation and update date, notebook_id = its iid) and its item
 * property (NotebookAdded), and answers {"registered": <iid>}.
 *
 * Deviation (docs/compat.md): an empty text is stored as "" (PHP sends
 * NULL to a NOT NULL column); no tool-access tracking row.
 * Event: access_ws_save_course_notebook (notebook_id, the iid; "" when
 * nothing was written).
 */
#include "api/action.h"
#include "model/course_columns.h"
#include "model/item_property.h"

ACTION_ABOUT(save_course_notebook, "Write a note of the caller in the course", "30-courses.md §7.1",
    "Saves a notebook entry `title` / `text` of the caller in the context course and answers its "
    "id; an empty title writes nothing.");

enum { ARG_TITLE, ARG_TEXT };
ACTION_PARAMS(save_course_notebook,
    [ARG_TITLE] = {"title", FROM_POST, PK_STRING, P_SCALAR, NOTEBOOK_TITLE_CHARS},
    [ARG_TEXT] = {"text", FROM_POST, PK_STRING, P_SCALAR});
ACTION_TOOL(save_course_notebook, TOOL_NOTEBOOK);

/* $1 course, $2 caller, $3 course code, $4 session, $5 title, $6 text.
 * notebook_id is the row's own iid (the identity's next value, taken once). */
DB_STATEMENT(SQL_SAVE_NOTE, "save_course_notebook.insert", 6,
    "INSERT INTO c_notebook (iid, notebook_id, c_id, user_id, course, session_id, title,"
    "                        description, creation_date, update_date, status)"
    " SELECT n.iid, n.iid, $1::int, $2::int, $3, $4::int, $5, $6,"
    "        date_trunc('second', LOCALTIMESTAMP), date_trunc('second', LOCALTIMESTAMP), 0"
    "   FROM (SELECT nextval(pg_get_serial_sequence('c_notebook', 'iid')) AS iid) n"
    " RETURNING iid");

ACTION_ANSWER(save_course_notebook,
              A_OBJECT(A_KEY("registered", A_NOTE("the note's iid; false: nothing written",
                                                  A_ONE_OF(A_INT, A_BOOL)))));

action_result action_save_course_notebook(api_call *c)
{
    const api_arg *title = &c->args[ARG_TITLE], *text = &c->args[ARG_TEXT];
    struct json_object *data = reply_object(c);
    if (!title->present) {
        call_event(c, "notebook_id", "", -1);
        reply_set(c, data, "registered", reply_bool(c, false));
        return call_ok(c, data);
    }
    PGresult *r = call_sql(c, &SQL_SAVE_NOTE, c->course.id_text, c->user->id_text, c->course.code,
                           c->session_id_text, title->s, text->present ? text->s : "");
    if (!r)
        return ACTION_FAILED;
    const char *iid = PQgetvalue(r, 0, 0);
    if (!item_property_add(c, "notebook", iid, "NotebookAdded"))
        return ACTION_FAILED;
    call_event(c, "notebook_id", iid, -1);
    reply_set(c, data, "registered", reply_value(c, FK_INT, iid));
    return call_ok(c, data);
}
