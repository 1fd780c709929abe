/*
 * course.h - what the course actions share (30-courses.md §1.6, §2.7): the
 * course pictures, the URLs into a course, the teachers' names, dates in
 * the platform's formats and the COURSE-INFO object.
 *
 * Results live in the call's arena. Functions returning a string return
 * NULL on OOM (recorded in the call) unless they say otherwise.
 */
#ifndef CHAMILO_MODEL_COURSE_H
#define CHAMILO_MODEL_COURSE_H

#include <stdbool.h>

#include "api/action.h"
#include "core/strbuf.h"
#include "model/course_teachers.h"

/* ---- SQL pieces ---- */

/* PERSON(first, last) of §1.6 for the user alias `u`: "First Last",
 * whitespace collapsed and trimmed ("" when both are empty). */
#define COURSE_PERSON_SQL(u)                                                                   \
    "regexp_replace(btrim(concat_ws(' ', " u ".firstname, " u ".lastname)), '\\s+', ' ', 'g')"

/* The ids of the course groups (c_group_rel_user.group_id) of user
 * expression `uid` in course expression `cid`, as a subquery. */
#define COURSE_USER_GROUPS_SQL(cid, uid)                                                       \
    "(SELECT g.group_id FROM c_group_rel_user g WHERE g.c_id = " cid " AND g.user_id = " uid ")"

/* The campus's "special" courses (course extra field special_course = '1'
 * with at least one member), listed first for everybody (30 §2.1): their
 * ids, as a SELECT (to join with UNION ALL: an index serves each part of
 * an IN over a union, none serves an OR of two INs) and as a subquery. */
#define COURSE_SPECIAL_IDS_SELECT                                                              \
    "SELECT v.item_id FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"        \
    " WHERE f.extra_field_type = 2 AND lower(f.variable) = 'special_course' AND v.value = '1'"  \
    "   AND EXISTS (SELECT 1 FROM course_rel_user m WHERE m.c_id = v.item_id)"
#define COURSE_SPECIAL_IDS_SQL "(" COURSE_SPECIAL_IDS_SELECT ")"

/* The columns course_info_object() reads, from `course c LEFT JOIN
 * course_category cat ON cat.code = c.category_code`. */
#define COURSE_INFO_COLUMNS                                                                    \
    "c.id, c.code, c.title, c.visual_code, c.directory, c.creation_date, c.tutor_name,"        \
    " c.course_language, c.department_url, c.department_name, cat.code AS cat_code,"           \
    " c.category_code, cat.name AS cat_name, c.visibility, c.subscribe, c.unsubscribe,"        \
    " c.activate_legal, c.legal, c.show_score, c.registration_code,"                          \
    " c.disk_quota, c.add_teachers_to_sessions_courses"
#define COURSE_INFO_JOIN "course c LEFT JOIN course_category cat ON cat.code = c.category_code"

/* ---- roles ---- */

/* "Editor" of §1.3 for a stateless client: a platform admin, or a coach
 * of the course in the call's session context. Course teachers are not
 * editors (except where an action checks teacher-ness itself). */
bool course_caller_edits(const api_call *c);

/* The courses whose extra field `var` (a course field, matched
 * case-insensitively) has exactly the value `value`, as one row alone with
 * found = false when there is no such field, else found = true and, per
 * matching course (by id), COURSE_INFO_COLUMNS and the columns `more`
 * (a list starting with a comma, or ""), then `rest` (after the WHERE of
 * the matches: more conditions and the ORDER BY). NULL course columns on
 * found's row alone when nothing matches. */
#define COURSES_BY_EXTRA_VALUE_SQL(var, value, more, rest)                                     \
    "WITH field AS (SELECT id FROM extra_field WHERE extra_field_type = 2"                      \
    "                AND lower(variable) = lower(" var ") ORDER BY id LIMIT 1)"                   \
    " SELECT EXISTS (SELECT 1 FROM field) AS found, x.*"                                      \
    "   FROM (SELECT 1) one LEFT JOIN LATERAL ("                                              \
    "     SELECT " COURSE_INFO_COLUMNS more                                                    \
    "       FROM field fd JOIN extra_field_values v ON v.field_id = fd.id"                     \
    "       JOIN (" COURSE_INFO_JOIN ") ON c.id = v.item_id"                                  \
    "      WHERE v.value = " value " " rest ") x ON true"

/* ---- pictures and URLs ---- */

/* WEB_COURSE_PATH/<directory>/course-pic.png when the course has a picture
 * (its 85x85 thumbnail exists in the courses folder), else NULL: check
 * call_failed() to tell an OOM. */
const char *course_picture_url(api_call *c, const char *directory);

/* The same, with the course lists' fallback WEB_CODE_PATH/img/session_default.png. */
const char *course_list_picture_url(api_call *c, const char *directory);

/* The course home on the web platform:
 * WEB_COURSE_PATH/<directory>/index.php?id_session=<S>&gidReq=0. */
const char *course_home_url(api_call *c, const char *directory);

/* Appends CIDREQ of §1.6 for the call's course and session:
 * cidReq=<code>&id_session=<S>&gidReq=0&gradebook=0&origin=<origin>. */
void course_cidreq_append(api_call *c, strbuf *sb, const char *origin);

/* WEB_CODE_PATH + page + "?" + the `before` pairs, CIDREQ with this
 * origin, then the `after` pairs (http_build_query; each list {k, v, ...,
 * NULL}, NULL for none): the course tool URLs of §3. */
const char *course_tool_url(api_call *c, const char *page, const char *const *before,
                            const char *origin, const char *const *after);

/* ---- dates ---- */

typedef enum course_date_format {
    COURSE_DATE_SQL,      /* LOCAL_SQL: 2024-01-05 14:30:00 */
    COURSE_DATE_LONG,     /* FMT_LONG: January 05, 2024 at 02:30 PM */
    COURSE_DATE_LONG_24H, /* FMT_LONG_24H: January 05, 2024 at 14:30 */
} course_date_format;

/* A stored (UTC) timestamp as the platform shows it, for the JSON answer:
 * the string, or JSON null when the column is NULL, empty or no date. */
struct json_object *course_date(api_call *c, course_date_format format, const char *stored);

/* ---- texts ---- */

/* text with every occurrence of `from` replaced by `to` (to NULL: "").
 * NULL text stays NULL. */
const char *course_replace_all(api_call *c, const char *text, const char *from, const char *to);

/* html with every `src="/` made absolute (`src="` + WEB_PATH), as the
 * course readers hand out stored HTML (§4.1, §4.5). NULL stays NULL. */
const char *course_absolute_src(api_call *c, const char *html);

/* SIZE(n) of §1.6: 1.5M, 2G, 10.25k, 512B. */
const char *course_size_text(api_call *c, const char *bytes);

/* ---- lists ---- */

/* A list that PHP filtered keeping its keys ("LIST-OR-OBJECT", §1.5): the
 * items with their positions in the unfiltered list, ascending. A JSON
 * array when the positions are 0..n-1, else an object keyed by position. */
typedef struct course_keyed_list {
    struct json_object **items;
    int *positions;
    int count;
} course_keyed_list;
/* Room for `capacity` items; false on OOM (recorded). */
bool course_keyed_list_init(api_call *c, course_keyed_list *list, int capacity);
void course_keyed_list_add(course_keyed_list *list, int position, struct json_object *item);
struct json_object *course_keyed_list_json(api_call *c, const course_keyed_list *list);

/* ---- extra fields of a course ---- */

/* The course extra fields named in `fields` (POST fields[]: an array of
 * variable names; NULL or no strings: none, and no statement), for
 * course_id: *out = rows (name as given, value or NULL), in the order
 * given, unknown names left out; NULL when no name was given. False on
 * failure (recorded). */
bool course_extra_values(api_call *c, const char *course_id, const php_value *fields,
                         const PGresult **out);

/* obj["extra_<name>"] = value ("" when the course has none) for each row
 * of values (NULL: none). */
void course_extra_set(api_call *c, struct json_object *obj, const PGresult *values);

/* ---- events ---- */

/* The access_ws event (course_id, POST `course` as PHP casts it) that most
 * course readers write. */
void course_event_post_course(api_call *c);

/* ---- COURSE-INFO ---- */

/* The COURSE-INFO object of §2.7 (api_get_course_info) from row `row` of r,
 * which has COURSE_INFO_COLUMNS. Keys in Chamilo's order; integer columns
 * typed as FK_COLUMN_INT. For a caller who is not a platform admin the
 * secrets are left out (spec README, "Decisions: Secrets in answers"):
 * registration_code, course_sys_path and every *_source path. A container
 * of the call; NULL on failure, recorded. */
struct json_object *course_info_object(api_call *c, const PGresult *r, int row);
/* Its shape (ACTION_ANSWER); the secrets are there for admins only. */
#define COURSE_INFO_KEYS                                                                       \
    A_KEY("id", A_STRING), A_KEY("real_id", A_COLUMN_INT),                 \
        A_KEY("code", A_STRING), A_KEY("name", A_STRING),                  \
        A_KEY("title", A_STRING), A_KEY("official_code", A_STRING),        \
        A_KEY("visual_code", A_STRING), A_KEY("sysCode", A_STRING),        \
        A_KEY("path", A_STRING), A_KEY("directory", A_STRING),             \
        A_KEY("creation_date", A_STRING), A_KEY("titular", A_STRING),      \
        A_KEY("tutor_name", A_STRING), A_KEY("language", A_STRING),        \
        A_KEY("extLink", A_OBJECT(A_KEY("url", A_STRING), A_KEY("name", A_STRING))), \
        A_KEY("categoryCode", A_STRING), A_KEY("category_code", A_STRING), \
        A_KEY("categoryName", A_STRING), A_KEY("visibility", A_COLUMN_INT), \
        A_KEY("subscribe_allowed", A_COLUMN_INT), A_KEY("subscribe", A_COLUMN_INT), \
        A_KEY("unsubscribe", A_COLUMN_INT), A_KEY("course_language", A_STRING), \
        A_KEY("activate_legal", A_COLUMN_INT), A_KEY("legal", A_STRING),   \
        A_KEY("show_score", A_COLUMN_INT), A_KEY("department_name", A_STRING), \
        A_KEY("department_url", A_STRING), A_KEY_OPT("registration_code", A_STRING), \
        A_KEY("disk_quota", A_COLUMN_INT), A_KEY("course_public_url", A_STRING), \
        A_KEY_OPT("course_sys_path", A_STRING),                                      \
        A_KEY("add_teachers_to_sessions_courses", A_COLUMN_INT),                     \
        A_KEY_OPT("course_image_source", A_TEXT), A_KEY("course_image", A_STRING),   \
        A_KEY_OPT("course_image_large_source", A_TEXT), A_KEY("course_image_large", A_STRING), \
        A_KEY_OPT("course_email_image_source", A_TEXT), A_KEY("course_email_image", A_STRING), \
        A_KEY_OPT("course_email_image_large_source", A_TEXT),                                  \
        A_KEY("course_email_image_large", A_STRING)

#endif
