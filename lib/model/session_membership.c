/*
 * session_membership.c - see session_membership.h.
 *
 * Rows are inserted only where none exists yet (ON CONFLICT stays for
 * safety): a repeated call draws no identity values.
 *
 * Each direction is two statements: the session row locked (FOR UPDATE),
 * then one statement that writes the rows, the counters and the events.
 * The second starts after the lock is held, so its snapshot sees every
 * membership committed before: the counters it writes are exact.
 */
#include "model/session_membership.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arena.h"

DB_STATEMENT(SQL_LOCK_SESSION, "session_membership.lock", 1,
    "SELECT id FROM session WHERE id = $1::int FOR UPDATE");

/* The user_object event value: PHP serialize() of the user's id, login,
 * names and e-mail (docs/compat.md). */
#define SERIALIZED_USER(u)                                                                     \
    "'a:5:{s:7:\"user_id\";i:' || " u ".id || ';' ||"                                          \
    " (SELECT string_agg(format('s:%s:\"%s\";', octet_length(f.k), f.k) ||"                    \
    "     CASE WHEN f.v IS NULL THEN 'N;'"                                                     \
    "          ELSE format('s:%s:\"%s\";', octet_length(f.v), f.v) END, '' ORDER BY f.o)"      \
    "   FROM (VALUES (1, 'username', " u ".username), (2, 'firstname', " u ".firstname),"      \
    "                (3, 'lastname', " u ".lastname), (4, 'email', " u ".email)) AS f(o, k, v))" \
    " || '}'"

/* $1 session, $2 user ids (int[], request order), $3 per-course rows read
 * only, $4 the caller. Events in PHP's order: per course (by position),
 * per user, session_add_user_course then the two user_subscribed; then
 * session_add_user per user. */
DB_STATEMENT(SQL_SUBSCRIBE, "session_membership.subscribe", 4,
    "WITH s AS (SELECT id, CASE WHEN $3::bool OR visibility = 0 THEN 1 ELSE visibility END AS vis"
    "   FROM session WHERE id = $1::int),"
    " u AS (SELECT usr.id, usr.username, usr.firstname, usr.lastname, usr.email, min(l.n) AS n"
    "   FROM unnest($2::int[]) WITH ORDINALITY AS l(id, n) JOIN \"user\" usr ON usr.id = l.id"
    "   GROUP BY usr.id),"
    " courses AS (SELECT src.c_id, src.position, c.code FROM s"
    "   JOIN session_rel_course src ON src.session_id = s.id JOIN course c ON c.id = src.c_id),"
    " new_course_rows AS (INSERT INTO session_rel_course_rel_user"
    "     (session_id, c_id, user_id, visibility, status)"
    "   SELECT s.id, courses.c_id, u.id, s.vis, 0 FROM s CROSS JOIN courses CROSS JOIN u"
    "    WHERE NOT EXISTS (SELECT 1 FROM session_rel_course_rel_user r"
    "                       WHERE r.session_id = s.id AND r.c_id = courses.c_id AND r.user_id = u.id)"
    "   ON CONFLICT (session_id, c_id, user_id) DO NOTHING RETURNING c_id, user_id),"
    " new_session_rows AS (INSERT INTO session_rel_user"
    "     (session_id, user_id, relation_type, registered_at)"
    "   SELECT s.id, u.id, 0, date_trunc('second', now() AT TIME ZONE 'UTC') FROM s CROSS JOIN u"
    "    WHERE NOT EXISTS (SELECT 1 FROM session_rel_user r"
    "                       WHERE r.session_id = s.id AND r.user_id = u.id AND r.relation_type = 0)"
    "   ON CONFLICT (session_id, user_id, relation_type) DO NOTHING RETURNING user_id),"
    " course_counters AS (UPDATE session_rel_course src SET nbr_users = x.total"
    "   FROM (SELECT courses.c_id,"
    "           (SELECT count(*) FROM session_rel_course_rel_user r"
    "             WHERE r.session_id = $1::int AND r.c_id = courses.c_id AND r.status <> 2)"
    "         + (SELECT count(*) FROM new_course_rows n WHERE n.c_id = courses.c_id) AS total"
    "         FROM courses) x"
    "   WHERE src.session_id = $1::int AND src.c_id = x.c_id AND src.nbr_users <> x.total),"
    " session_counter AS (UPDATE session SET nbr_users ="
    "     (SELECT count(*) FROM session_rel_user r WHERE r.session_id = $1::int)"
    "   + (SELECT count(*) FROM new_session_rows)"
    "   WHERE id = $1::int AND EXISTS (SELECT 1 FROM new_session_rows)),"
    " events AS ("
    "   SELECT 0 AS phase, courses.position, cr.c_id, u.n, k.k, k.type, k.value_type,"
    "          CASE k.k WHEN 1 THEN u.id::text WHEN 2 THEN courses.code"
    "                   ELSE " SERIALIZED_USER("u") " END AS value"
    "     FROM new_course_rows cr JOIN u ON u.id = cr.user_id JOIN courses ON courses.c_id = cr.c_id"
    "     CROSS JOIN (VALUES (1, 'session_add_user_course', 'user_id'),"
    "                        (2, 'user_subscribed', 'course_code'),"
    "                        (3, 'user_subscribed', 'user_object')) AS k(k, type, value_type)"
    "   UNION ALL"
    "   SELECT 1, 0, 0, u.n, 1, 'session_add_user', 'user_id', u.id::text"
    "     FROM new_session_rows sr JOIN u ON u.id = sr.user_id)"
    " INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    "   default_value_type, default_value, session_id)"
    " SELECT $4::int, e.c_id, date_trunc('second', now() AT TIME ZONE 'UTC'), e.type,"
    "        e.value_type, e.value, $1::int"
    "   FROM events e ORDER BY e.phase, e.position, e.c_id, e.n, e.k");

/* $1 session, $2 user ids (int[], request order), $3 the caller. Events
 * per user: session_delete_user, then session_delete_user_course per
 * course row removed. */
DB_STATEMENT(SQL_UNSUBSCRIBE, "session_membership.unsubscribe", 3,
    "WITH u AS (SELECT l.id, min(l.n) AS n FROM unnest($2::int[]) WITH ORDINALITY AS l(id, n)"
    "   GROUP BY l.id),"
    " gone_session AS (DELETE FROM session_rel_user r USING u"
    "   WHERE r.session_id = $1::int AND r.user_id = u.id AND r.relation_type <> 1"
    "   RETURNING r.user_id),"
    " gone_course AS (DELETE FROM session_rel_course_rel_user r USING u"
    "   WHERE r.session_id = $1::int AND r.user_id = u.id RETURNING r.c_id, r.user_id),"
    " session_counter AS (UPDATE session"
    "   SET nbr_users = greatest(0, nbr_users - (SELECT count(*) FROM gone_session))"
    "   WHERE id = $1::int AND EXISTS (SELECT 1 FROM gone_session)),"
    " course_counters AS (UPDATE session_rel_course src SET nbr_users = greatest(0, src.nbr_users - g.n)"
    "   FROM (SELECT c_id, count(*) AS n FROM gone_course GROUP BY c_id) g"
    "   WHERE src.session_id = $1::int AND src.c_id = g.c_id),"
    " events AS ("
    "   SELECT u.n, 0 AS c_id, 'session_delete_user' AS type, u.id FROM gone_session g"
    "     JOIN u ON u.id = g.user_id"
    "   UNION ALL"
    "   SELECT u.n, g.c_id, 'session_delete_user_course', u.id FROM gone_course g"
    "     JOIN u ON u.id = g.user_id)"
    " INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    "   default_value_type, default_value, session_id)"
    " SELECT $3::int, e.c_id, date_trunc('second', now() AT TIME ZONE 'UTC'), e.type, 'user_id',"
    "        e.id::text, $1::int"
    "   FROM events e ORDER BY e.n, e.c_id");

/* $1 session, $2 course ids (int[], request order), $3 the caller. Events:
 * the removals by course id, then the additions in list order. */
DB_STATEMENT(SQL_SET_COURSES, "session_membership.set_courses", 3,
    "WITH wanted AS (SELECT c.id, min(l.n) AS n"
    "   FROM unnest($2::int[]) WITH ORDINALITY AS l(id, n) JOIN course c ON c.id = l.id"
    "   GROUP BY c.id),"
    " removed AS (DELETE FROM session_rel_course src"
    "   WHERE src.session_id = $1::int AND src.c_id NOT IN (SELECT id FROM wanted)"
    "   RETURNING src.c_id),"
    " removed_members AS (DELETE FROM session_rel_course_rel_user r USING removed"
    "   WHERE r.session_id = $1::int AND r.c_id = removed.c_id),"
    " added AS (INSERT INTO session_rel_course (session_id, c_id, nbr_users, position)"
    "   SELECT $1::int, w.id, 0, 0 FROM wanted w"
    "    WHERE NOT EXISTS (SELECT 1 FROM session_rel_course src"
    "                       WHERE src.session_id = $1::int AND src.c_id = w.id)"
    "   ON CONFLICT (session_id, c_id) DO NOTHING RETURNING c_id),"
    " counter AS (UPDATE session SET nbr_courses ="
    "     (SELECT count(*) FROM session_rel_course src WHERE src.session_id = $1::int)"
    "   - (SELECT count(*) FROM removed) + (SELECT count(*) FROM added)"
    "   WHERE id = $1::int),"
    " events AS ("
    "   SELECT 0 AS phase, 0 AS n, c_id, 'session_delete_course' AS type FROM removed"
    "   UNION ALL"
    "   SELECT 1, w.n, a.c_id, 'session_add_course' FROM added a JOIN wanted w ON w.id = a.c_id)"
    " INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    "   default_value_type, default_value, session_id)"
    " SELECT $3::int, e.c_id, date_trunc('second', now() AT TIME ZONE 'UTC'), e.type, 'course_id',"
    "        e.c_id::text, $1::int"
    "   FROM events e ORDER BY e.phase, e.n, e.c_id"
    " RETURNING c_id, default_event_type");

/*
 * SessionManager::add_courses_to_session's import_assignments, addDir for
 * each active top-level assignment of the base course (session 0) of the
 * courses $2 (int[]) just added to session $1, by $3 (the caller), the item
 * property in the call's session context $4: a new assignment folder of
 * the session with the same title, description, qualification and
 * document type, active and accepted, sent now, no deadline (a
 * c_student_publication_assignment row without dates, qualification
 * enabled when it has one, has_properties pointing at it), and its item
 * property "DirectoryCreated" (visible). Its url is "/" and the folder
 * name of api_replace_dangerous_char(<base url>_session_<S>) (URLify's
 * file-name filter: characters other than ASCII letters, digits, "_", "-",
 * "." and spaces dropped, trimmed, runs of spaces and "-" made one "-", 250
 * characters, no "-" at the ends, no dots at the end), with the first
 * number from 1 appended when the course already has an assignment at that
 * url (create_unexisting_work_directory, here against the course's rows).
 * Returns the new folders' url and their course's directory, for the
 * folders on disk.
 */
DB_STATEMENT(SQL_IMPORT_ASSIGNMENTS, "session_membership.import_assignments", 4,
    "WITH base AS MATERIALIZED (SELECT w.iid AS base_iid, w.c_id, w.title, w.description,"
    "          w.qualification, w.allow_text_assignment,"
    "          regexp_replace(btrim(left(regexp_replace(regexp_replace(regexp_replace("
    "            COALESCE(w.url, '') || '_session_' || $1::int,"
    "            '[^-_.A-Za-z0-9[:space:]]', '', 'g'), '^[[:space:]]+|[[:space:]]+$', '', 'g'),"
    "            '[-[:space:]]+', '-', 'g'), 250), '-'), '[.]+$', '') AS name"
    "     FROM c_student_publication w"
    "    WHERE w.c_id = ANY($2::int[]) AND w.active = 1 AND w.parent_id = 0"
    "      AND COALESCE(w.session_id, 0) = 0),"
    " named AS MATERIALIZED (SELECT b.*, row_number() OVER (ORDER BY b.c_id, b.base_iid) AS k,"
    "          nextval(pg_get_serial_sequence('c_student_publication', 'iid'))::int AS iid,"
    "          nextval(pg_get_serial_sequence('c_student_publication_assignment', 'iid'))::int AS aiid,"
    "          nextval(pg_get_serial_sequence('c_item_property', 'iid'))::int AS piid,"
    "          '/' || b.name || (SELECT CASE WHEN n = 0 THEN '' ELSE n::text END"
    "                              FROM generate_series(0, 1000000) n"
    "                             WHERE NOT EXISTS (SELECT 1 FROM c_student_publication x"
    "                                   WHERE x.c_id = b.c_id AND x.parent_id = 0"
    "                                     AND x.url = '/' || b.name"
    "                                                 || CASE WHEN n = 0 THEN '' ELSE n::text END)"
    "                             LIMIT 1) AS url"
    "     FROM base b),"
    " folder AS (INSERT INTO c_student_publication (iid, c_id, id, url, url_correction, title,"
    "          title_correction, description, author, active, accepted, post_group_id, sent_date,"
    "          filetype, has_properties, view_properties, qualification, date_of_qualification,"
    "          parent_id, qualificator_id, weight, session_id, user_id, allow_text_assignment,"
    "          contains_file, document_id)"
    "   SELECT iid, c_id, iid, url, NULL, title, NULL, description, NULL, 1, 1, 0,"
    "          date_trunc('second', LOCALTIMESTAMP), 'folder', aiid, 1, qualification, NULL, 0, 0, 0,"
    "          $1::int, $3::int, allow_text_assignment, 0, 0"
    "     FROM named ORDER BY k),"
    " settings AS (INSERT INTO c_student_publication_assignment (iid, c_id, id, expires_on, ends_on,"
    "          add_to_calendar, enable_qualification, publication_id)"
    "   SELECT aiid, c_id, aiid, NULL, NULL, 0, CASE WHEN qualification <> 0 THEN 1 ELSE 0 END, iid"
    "     FROM named ORDER BY k),"
    " property AS (INSERT INTO c_item_property (iid, id, c_id, tool, ref, insert_date, lastedit_date,"
    "          insert_user_id, lastedit_user_id, lastedit_type, to_group_id, to_user_id, visibility,"
    "          session_id)"
    "   SELECT piid, piid, c_id, 'work', iid, date_trunc('second', LOCALTIMESTAMP),"
    "          date_trunc('second', LOCALTIMESTAMP), $3::int, $3::int, 'DirectoryCreated', NULL, NULL,"
    "          1, NULLIF($4::int, 0)"
    "     FROM named ORDER BY k)"
    " SELECT n.url, c.directory FROM named n JOIN course c ON c.id = n.c_id ORDER BY n.k");

/* The learners of a session (session_rel_user, relation type other than 1). */
DB_STATEMENT(SQL_LEARNERS, "session_membership.learners", 1,
    "SELECT user_id FROM session_rel_user WHERE session_id = $1::int AND relation_type <> 1"
    " ORDER BY id");

/* The ids as a PostgreSQL int[] literal. NULL on OOM (recorded). */
static const char *id_array(api_call *c, const int64_t *ids, size_t count)
{
    const char **texts = arena_calloc(c->arena, count ? count : 1, sizeof *texts);
    if (!texts)
        return call_fail_oom(c), NULL;
    for (size_t i = 0; i < count; i++)
        if (!(texts[i] = call_itoa(c, ids[i])))
            return NULL;
    return sql_text_array(c, texts, count);
}

/* Locks the session row for a change of these members. Sets *session and
 * *ids (the values of the change's statement), or leaves *session NULL when
 * there is nothing to change: no such session, or no user. False on a
 * database error or OOM (recorded). */
static bool lock_for_change(api_call *c, int64_t session_id, const int64_t *user_ids, size_t count,
                            const char **session, const char **ids)
{
    *session = NULL;
    if (session_id <= 0 || count == 0)
        return true;
    const char *id_text = call_itoa(c, session_id);
    if (!id_text || !(*ids = id_array(c, user_ids, count)))
        return false;
    PGresult *r = call_sql(c, &SQL_LOCK_SESSION, id_text);
    if (!r)
        return false;
    if (PQntuples(r) > 0)
        *session = id_text;
    return true;
}

bool session_subscribe_users(api_call *c, int64_t session_id, const int64_t *user_ids,
                             size_t count, session_course_visibility visibility)
{
    const char *session, *ids;
    if (!lock_for_change(c, session_id, user_ids, count, &session, &ids))
        return false;
    return !session ||
           call_sql(c, &SQL_SUBSCRIBE, session, ids,
                    visibility == SESSION_COURSE_READ_ONLY ? "t" : "f", c->user->id_text);
}

bool session_unsubscribe_users(api_call *c, int64_t session_id, const int64_t *user_ids,
                               size_t count)
{
    const char *session, *ids;
    if (!lock_for_change(c, session_id, user_ids, count, &session, &ids))
        return false;
    return !session || call_sql(c, &SQL_UNSUBSCRIBE, session, ids, c->user->id_text);
}

/* The assignment folders of the base course on disk (sys_course_path), for
 * the folders SQL_IMPORT_ASSIGNMENTS made (create_unexisting_work_directory
 * makes them before the rows): <root><directory>/work<url>. One that
 * exists already is kept. False (an internal error recorded) when one
 * cannot be made: the call rolls back. */
static bool make_assignment_folders(api_call *c, const PGresult *folders)
{
    const char *root = c->cfg->sys_course_path;
    if (!root || !*root)
        return true;
    for (int row = 0; row < PQntuples(folders); row++) {
        const char *path = arena_printf(c->arena, "%s%s/work%s", root, PQgetvalue(folders, row, 1),
                                        PQgetvalue(folders, row, 0));
        if (!path)
            return call_fail_oom(c), false;
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            call_fail_internal(c, "an assignment folder could not be made");
            return false;
        }
    }
    return true;
}

/* import_assignments for the courses that SQL_SET_COURSES added (its
 * session_add_course rows). */
static bool import_assignments(api_call *c, const char *session, const PGresult *events)
{
    int n = PQntuples(events), added = 0;
    int64_t *course_ids = arena_calloc(c->arena, (size_t)n + 1, sizeof *course_ids);
    if (!course_ids)
        return call_fail_oom(c), false;
    for (int row = 0; row < n; row++)
        if (strcmp(PQgetvalue(events, row, 1), "session_add_course") == 0)
            course_ids[added++] = strtoll(PQgetvalue(events, row, 0), NULL, 10);
    if (!added)
        return true;
    const char *ids = id_array(c, course_ids, (size_t)added);
    PGresult *folders = ids ? call_sql(c, &SQL_IMPORT_ASSIGNMENTS, session, ids, c->user->id_text,
                                       c->session_id_text)
                            : NULL;
    return folders && make_assignment_folders(c, folders);
}

bool session_set_courses(api_call *c, int64_t session_id, const int64_t *course_ids, size_t count,
                         bool with_assignments, bool *exists)
{
    const char *session, *ids;
    *exists = false;
    if (!lock_for_change(c, session_id, course_ids, count, &session, &ids))
        return false;
    if (!session)
        return true;
    *exists = true;
    PGresult *events = call_sql(c, &SQL_SET_COURSES, session, ids, c->user->id_text);
    if (!events || (with_assignments && !import_assignments(c, session, events)))
        return false;
    PGresult *learners = call_sql(c, &SQL_LEARNERS, session);
    if (!learners)
        return false;
    int n = PQntuples(learners);
    int64_t *user_ids = arena_calloc(c->arena, (size_t)n + 1, sizeof *user_ids);
    if (!user_ids)
        return call_fail_oom(c), false;
    for (int row = 0; row < n; row++)
        user_ids[row] = strtoll(PQgetvalue(learners, row, 0), NULL, 10);
    return !n || call_sql(c, &SQL_SUBSCRIBE, session, id_array(c, user_ids, (size_t)n), "f",
                          c->user->id_text);
}
