/*
 * course_membership.c - course subscription and unsubscription of one user,
 * each in one statement (course_membership.h).
 */
#include <stdlib.h>
#include <string.h>

#include "model/course_membership.h"

/* ---- the user_object event value, built by the statement itself ---- */

/* PHP serialize() of a nullable text / integer expression. */
#define SER_STRING(e)                                                                          \
    "CASE WHEN " e " IS NULL THEN 'N;'"                                                        \
    " ELSE 's:' || octet_length(" e ") || ':\"' || " e " || '\";' END"
#define SER_INT(e) "CASE WHEN " e " IS NULL THEN 'N;' ELSE 'i:' || " e " || ';' END"

/* MySQL's string escaping, which Chamilo's event log applies before storing
 * (25-groups-audit.md §2.2). */
#define MYSQL_ESCAPED(e)                                                                       \
    "replace(replace(replace(replace(replace(replace(" e ", '\\', '\\\\'), '''', '\\'''),"       \
    " '\"', '\\\"'), chr(10), '\\n'), chr(13), '\\r'), chr(26), '\\Z')"

/* The subscribed user's main fields as api_get_user_info() names them. */
#define USER_OBJECT(u)                                                                         \
    MYSQL_ESCAPED(                                                                             \
        "'a:12:{s:2:\"id\";' || " SER_INT(u ".id")                                             \
        " || 's:7:\"user_id\";' || " SER_INT(u ".id")                                          \
        " || 's:8:\"username\";' || " SER_STRING(u ".username")                                \
        " || 's:9:\"firstname\";' || " SER_STRING(u ".firstname")                              \
        " || 's:8:\"lastname\";' || " SER_STRING(u ".lastname")                                \
        " || 's:13:\"complete_name\";' || " SER_STRING(                                        \
            "btrim(regexp_replace(concat_ws(' ', " u ".firstname, " u ".lastname), '\\s+', ' ', 'g'))") \
        " || 's:5:\"email\";' || " SER_STRING(u ".email")                                      \
        " || 's:13:\"official_code\";' || " SER_STRING(u ".official_code")                     \
        " || 's:6:\"status\";' || " SER_INT(u ".status")                                       \
        " || 's:6:\"active\";' || " SER_INT(u ".active")                                       \
        " || 's:8:\"language\";' || " SER_STRING(u ".language")                                \
        " || 's:5:\"phone\";' || " SER_STRING(u ".phone") " || '}'")

/* The two library event rows of the users in `rows` (a CTE with c_id, code,
 * user_object), when $LOG is true; written in this order. */
#define EVENT_ROWS(type, rows, caller, log, session)                                           \
    "INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"    \
    " default_value_type, default_value, session_id)"                                          \
    " SELECT " caller "::int, t.c_id, date_trunc('second', LOCALTIMESTAMP), '" type "',"        \
    "        e.value_type, e.value, " session "::int"                                          \
    "   FROM " rows " t CROSS JOIN LATERAL (VALUES (1, 'course_code', " MYSQL_ESCAPED("t.code") "),"\
    "                                          (2, 'user_object', t.user_object))"             \
    "        e(n, value_type, value)"                                                          \
    "  WHERE " log "::bool ORDER BY t.user_id, e.n"

/* ---- subscribe ---- */

/* Outside a session. $1 course, $2 user, $3 status (1 or 5), $4 respect the
 * subscribe flag, $5 the caller, $6 the caller is admin or session admin,
 * $7 log events, $8 the event's session id. The NOT EXISTS is the answer's
 * "already a member"; the ON CONFLICT the guard against a concurrent
 * subscription of the same user. */
DB_STATEMENT(SQL_SUBSCRIBE, "course_membership.subscribe", 8,
    "WITH target AS ("
    "  SELECT c.id AS c_id, c.code, u.id AS user_id, " USER_OBJECT("u") " AS user_object"
    "    FROM course c JOIN \"user\" u ON u.id = $2::int"
    "   WHERE c.id = $1::int"
    "     AND NOT ($4::bool AND NOT $6::bool AND c.subscribe = 0)"
    "     AND NOT EXISTS (SELECT 1 FROM course_rel_user m"
    "                      WHERE m.c_id = c.id AND m.user_id = u.id AND m.relation_type <> 1)"
    "     AND ($3::int = 1 OR NOT EXISTS ("
    "          SELECT 1 FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
    "           WHERE f.extra_field_type = 2 AND f.variable = 'max_subscribed_students'"
    "             AND v.item_id = c.id AND v.value ~ '^\\s*[0-9]{1,9}\\s*$'"
    "             AND btrim(v.value)::int > 0"
    "             AND (SELECT count(*) FROM course_rel_user s"
    "                   WHERE s.c_id = c.id AND s.status = 5 AND s.relation_type <> 1)"
    "                 >= btrim(v.value)::int))"
    "),"
    " added AS ("
    "  INSERT INTO course_rel_user (c_id, user_id, status, relation_type, sort, user_course_cat)"
    "  SELECT t.c_id, t.user_id, $3::int, 0,"
    "         COALESCE((SELECT max(s.sort) FROM course_rel_user s"
    "                    WHERE s.user_id = t.user_id AND s.user_course_cat = 0), 0) + 1, 0"
    "    FROM target t"
    "  ON CONFLICT DO NOTHING RETURNING c_id, user_id),"
    " events AS (" EVENT_ROWS("user_subscribed",
                              "(SELECT t.* FROM target t JOIN added a USING (c_id, user_id))",
                              "$5", "$7", "$8") ")"
    " SELECT count(*) FROM added");

/* Into the course of session $3 (which must contain it). $1 course, $2
 * user, $4 respect the subscribe flag, $5 the caller, $6 admin or session
 * admin, $7 log events. Counters as SessionManager recomputes them: the
 * session course's non-coach members, the session's members. */
DB_STATEMENT(SQL_SUBSCRIBE_SESSION, "course_membership.subscribe_session", 7,
    "WITH target AS ("
    "  SELECT c.id AS c_id, c.code, u.id AS user_id, s.id AS session_id,"
    "         CASE WHEN s.visibility = 0 THEN 1 ELSE s.visibility END AS visibility,"
    "         " USER_OBJECT("u") " AS user_object"
    "    FROM session_rel_course sc JOIN session s ON s.id = sc.session_id"
    "    JOIN course c ON c.id = sc.c_id JOIN \"user\" u ON u.id = $2::int"
    "   WHERE sc.session_id = $3::int AND sc.c_id = $1::int"
    "     AND NOT ($4::bool AND NOT $6::bool AND c.subscribe = 0)"
    "),"
    " added AS ("
    "  INSERT INTO session_rel_course_rel_user (session_id, c_id, user_id, visibility, status,"
    "                                           legal_agreement)"
    "  SELECT t.session_id, t.c_id, t.user_id, t.visibility, 0, 0 FROM target t"
    "  ON CONFLICT DO NOTHING RETURNING session_id, c_id, user_id),"
    " member AS ("
    "  INSERT INTO session_rel_user (session_id, user_id, relation_type, registered_at)"
    "  SELECT a.session_id, a.user_id, 0, date_trunc('second', LOCALTIMESTAMP) FROM added a"
    "  ON CONFLICT DO NOTHING RETURNING session_id),"
    " course_count AS ("
    "  UPDATE session_rel_course sc SET nbr_users = 1 + (SELECT count(*)"
    "      FROM session_rel_course_rel_user x"
    "     WHERE x.session_id = a.session_id AND x.c_id = a.c_id AND x.status <> 2)"
    "    FROM added a WHERE sc.session_id = a.session_id AND sc.c_id = a.c_id),"
    " session_count AS ("
    "  UPDATE session s SET nbr_users = 1 + (SELECT count(*) FROM session_rel_user r"
    "                                         WHERE r.session_id = m.session_id)"
    "    FROM member m WHERE s.id = m.session_id),"
    " events AS (" EVENT_ROWS("user_subscribed",
                              "(SELECT t.* FROM target t JOIN added a USING (c_id, user_id))",
                              "$5", "$7", "$3") ")"
    " SELECT count(*) FROM added");

/* ---- unsubscribe ---- */

/* Outside a session. $1 course, $2 user, $3 the caller, $4 log events, $5
 * the event's session id. Submissions are c_student_publication rows with a
 * parent (the assignment); the assignments themselves stay. */
DB_STATEMENT(SQL_UNSUBSCRIBE, "course_membership.unsubscribe", 5,
    "WITH target AS ("
    "  SELECT c.id AS c_id, c.code, u.id AS user_id, " USER_OBJECT("u") " AS user_object"
    "    FROM course c JOIN \"user\" u ON u.id = $2::int WHERE c.id = $1::int),"
    " removed AS ("
    "  DELETE FROM course_rel_user m USING target t"
    "   WHERE m.c_id = t.c_id AND m.user_id = t.user_id AND m.relation_type <> 1"
    "  RETURNING m.c_id),"
    " course_groups AS (DELETE FROM c_group_rel_user g USING target t"
    "   WHERE g.c_id = t.c_id AND g.user_id = t.user_id),"
    " tutorships AS (DELETE FROM c_group_rel_tutor g USING target t"
    "   WHERE g.c_id = t.c_id AND g.user_id = t.user_id),"
    " submissions AS (DELETE FROM c_student_publication w USING target t"
    "   WHERE w.c_id = t.c_id AND w.user_id = t.user_id AND w.parent_id <> 0),"
    " notifications AS (DELETE FROM c_forum_notification n USING target t"
    "   WHERE n.c_id = t.c_id AND n.user_id = t.user_id),"
    " mail_queue AS (DELETE FROM c_forum_mailcue q USING target t"
    "   WHERE q.c_id = t.c_id AND q.user_id = t.user_id),"
    " events AS (" EVENT_ROWS("user_unsubscribed",
                              "(SELECT t.* FROM target t WHERE EXISTS (SELECT 1 FROM removed))",
                              "$3", "$4", "$5") ")"
    " SELECT count(*) FROM removed");

/* From the course of session $3. $1 course, $2 user, $4 the caller, $5 log
 * events. The user leaves the session when no other course of it keeps
 * them. One event (course_code), as SessionManager writes it. */
DB_STATEMENT(SQL_UNSUBSCRIBE_SESSION, "course_membership.unsubscribe_session", 5,
    "WITH removed AS ("
    "  DELETE FROM session_rel_course_rel_user x"
    "   WHERE x.session_id = $3::int AND x.c_id = $1::int AND x.user_id = $2::int"
    "  RETURNING x.session_id, x.c_id, x.user_id),"
    " left_session AS ("
    "  DELETE FROM session_rel_user r USING removed d"
    "   WHERE r.session_id = d.session_id AND r.user_id = d.user_id AND r.relation_type = 0"
    "     AND NOT EXISTS (SELECT 1 FROM session_rel_course_rel_user o"
    "                      WHERE o.session_id = d.session_id AND o.user_id = d.user_id"
    "                        AND o.c_id <> d.c_id)"
    "  RETURNING r.session_id),"
    " course_count AS ("
    "  UPDATE session_rel_course sc SET nbr_users = GREATEST(sc.nbr_users - 1, 0)"
    "    FROM removed d WHERE sc.session_id = d.session_id AND sc.c_id = d.c_id),"
    " session_count AS ("
    "  UPDATE session s SET nbr_users = GREATEST(s.nbr_users - 1, 0)"
    "    FROM left_session l WHERE s.id = l.session_id),"
    " events AS ("
    "  INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    "                               default_value_type, default_value, session_id)"
    "  SELECT $4::int, c.id, date_trunc('second', LOCALTIMESTAMP), 'user_unsubscribed',"
    "         'course_code', " MYSQL_ESCAPED("c.code") ", d.session_id"
    "    FROM removed d JOIN course c ON c.id = d.c_id WHERE $5::bool)"
    " SELECT count(*) FROM removed");

static membership_result rows_changed(PGresult *r)
{
    if (!r)
        return MEMBERSHIP_FAILED;
    return strtol(PQgetvalue(r, 0, 0), NULL, 10) > 0 ? MEMBERSHIP_CHANGED : MEMBERSHIP_UNCHANGED;
}

membership_result course_subscribe(api_call *c, const course_subscription *s)
{
    const char *status = s->status == COURSE_STATUS_TEACHER ? "1" : "5";
    const char *respect = s->respect_subscribe_flag ? "t" : "f";
    const char *privileged = c->user && (c->user->is_admin || c->user->status == 3) ? "t" : "f";
    const char *log = c->cfg->log_events ? "t" : "f";
    const char *caller = c->user ? c->user->id_text : "0";
    if (c->session_id)
        return rows_changed(call_sql(c, &SQL_SUBSCRIBE_SESSION, s->course_id, s->user_id,
                                     c->session_id_text, respect, caller, privileged, log));
    return rows_changed(call_sql(c, &SQL_SUBSCRIBE, s->course_id, s->user_id, status, respect,
                                 caller, privileged, log, c->session_id_text));
}

membership_result course_unsubscribe(api_call *c, const char *course_id, const char *user_id)
{
    const char *log = c->cfg->log_events ? "t" : "f";
    const char *caller = c->user ? c->user->id_text : "0";
    if (c->session_id)
        return rows_changed(call_sql(c, &SQL_UNSUBSCRIBE_SESSION, course_id, user_id,
                                     c->session_id_text, caller, log));
    return rows_changed(
        call_sql(c, &SQL_UNSUBSCRIBE, course_id, user_id, caller, log, c->session_id_text));
}

/* $1 a code (or ''), $2 an id. */
DB_STATEMENT(SQL_FIND_COURSE, "course_membership.find_course", 2,
    "SELECT id, subscribe = 1 FROM course WHERE $1 <> '' AND lower(code) = lower($1)"
    " UNION ALL"
    " SELECT id, subscribe = 1 FROM course WHERE $1 = '' AND id = $2::int");

bool membership_course_find(api_call *c, const char *code, int64_t id, membership_course *out)
{
    *out = (membership_course){0};
    if ((!code || !*code) && id == 0)
        return true; /* nothing named: not found, no statement */
    PGresult *r = call_sql(c, &SQL_FIND_COURSE, code ? code : "", call_itoa(c, id));
    if (!r)
        return false;
    if (PQntuples(r) > 0) {
        out->found = true;
        out->id = PQgetvalue(r, 0, 0);
        out->self_registration = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
    }
    return true;
}

action_result membership_answer(api_call *c, int64_t course_id, int64_t user_id, bool done)
{
    const char *value =
        arena_printf(c->arena, "%lld:%lld", (long long)course_id, (long long)user_id);
    if (!value)
        return call_fail_oom(c);
    call_event(c, "course_id-user_id", value, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_bool(c, done));
    return call_ok(c, data);
}
