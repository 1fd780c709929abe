/*
 * save_course - creates a course (30-courses.md §8.1). Administrators only
 * (gate ADMIN); one transaction.
 *
 * POST title, wanted_code, id_campus (default 1), disk_quota (default 100;
 * 0 or not a number: 100000000, the platform's default quota), visibility
 * (default 2, open to the platform; outside 0..4: failure),
 * remove_campus_id_from_wanted_code, language (default the platform's).
 *
 * The code: "CAMPUS_<id_campus>_<wanted_code>" (or wanted_code alone when
 * remove_campus_id_from_wanted_code is 1), transliterated to ASCII,
 * upper-cased, only A-Z and 0-9 kept, at most 40 characters. A course with
 * that code already existing, an empty title or an empty code: failure,
 *   {"status": false, "message": "The course has not been created due to an internal error."}
 * Otherwise, in one statement: the course row (subscribe = 1 only when
 * open to the platform, expiration a year after creation), the caller as
 * its teacher, its campus link, the default tools (c_tool), course settings
 * (c_course_setting), the default group category, the three system folders
 * (c_document, with their hidden item properties), an empty value of every
 * course extra field, then the values POST extra_<variable> gives (saved as
 * ExtraField::saveFieldValues does), and the course_created event; then the course folder
 * and its sub-folders under sys_course_path when that is set:
 *   {"status": true, "id": int, "code_course", "title_course",
 *    "extra_fields": [...], "message": "Course <CODE> added"}
 * extra_fields: the course's extra values of filter fields that are not
 * empty.
 *
 * Not reproduced (docs/compat.md): the campus course limits, the settings courses_default_creation_visibility,
 * default_document_quotum and course_create_active_tools (their defaults
 * are used), the e-mail to the admin, the course plugins.
 *
 * Event: access_ws_save_course (course_id, the new id or "").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "api/action.h"
#include "model/extra_values.h"
#include "model/course_columns.h"
#include "core/strbuf.h"
#include "model/course.h"

ACTION_ABOUT(save_course, "Create a course", "30-courses.md §8.1",
    "Creates a course from `title` and `wanted_code` on the campus `id_campus`, with its quota, "
    "visibility, language and course extra field values, with the caller as its teacher, and "
    "answers its id and code.");

enum { ARG_TITLE, ARG_WANTED_CODE, ARG_ID_CAMPUS, ARG_DISK_QUOTA, ARG_VISIBILITY,
       ARG_REMOVE_CAMPUS_ID, ARG_LANGUAGE };
ACTION_PARAMS(save_course,
    [ARG_TITLE] = {"title", FROM_POST, PK_STRING, P_SCALAR, COURSE_TITLE_CHARS},
    [ARG_WANTED_CODE] = {"wanted_code", FROM_POST, PK_STRING, P_SCALAR},
    [ARG_ID_CAMPUS] = {"id_campus", FROM_POST, PK_INT, P_SCALAR},
    [ARG_DISK_QUOTA] = {"disk_quota", FROM_POST, PK_INT, P_SCALAR | P_INT64},
    [ARG_VISIBILITY] = {"visibility", FROM_POST, PK_INT, P_SCALAR},
    [ARG_REMOVE_CAMPUS_ID] = {"remove_campus_id_from_wanted_code", FROM_POST, PK_INT, P_SCALAR},
    [ARG_LANGUAGE] = {"language", FROM_POST, PK_STRING, P_SCALAR, COURSE_LANGUAGE_CHARS});

/* The tools a new course gets (AddCourse::fill_db_course): id, name, link,
 * image, visibility, admin, address, category. */
#define DEFAULT_TOOLS                                                                          \
    "(VALUES (1, 'course_description', 'course_description/index.php', 'info.gif', 1, '0',"   \
    "         'squaregrey.gif', 'authoring'),"                                                 \
    " (2, 'calendar_event', 'calendar/agenda.php', 'agenda.gif', 1, '0', 'squaregrey.gif', 'interaction')," \
    " (3, 'document', 'document/document.php', 'folder_document.gif', 1, '0', 'squaregrey.gif', 'authoring')," \
    " (4, 'learnpath', 'lp/lp_controller.php', 'scorms.gif', 1, '0', 'squaregrey.gif', 'authoring')," \
    " (5, 'link', 'link/link.php', 'links.gif', 1, '0', 'squaregrey.gif', 'authoring'),"       \
    " (6, 'quiz', 'exercise/exercise.php', 'quiz.gif', 1, '0', 'squaregrey.gif', 'authoring')," \
    " (7, 'announcement', 'announcements/announcements.php', 'valves.gif', 1, '0', 'squaregrey.gif', 'authoring')," \
    " (8, 'forum', 'forum/index.php', 'forum.gif', 1, '0', 'squaregrey.gif', 'interaction'),"  \
    " (9, 'dropbox', 'dropbox/index.php', 'dropbox.gif', 1, '0', 'squaregrey.gif', 'interaction')," \
    " (10, 'user', 'user/user.php', 'members.gif', 1, '0', 'squaregrey.gif', 'interaction'),"  \
    " (11, 'group', 'group/group.php', 'group.gif', 1, '0', 'squaregrey.gif', 'interaction'),"  \
    " (12, 'chat', 'chat/chat.php', 'chat.gif', 1, '0', 'squaregrey.gif', 'interaction'),"     \
    " (13, 'student_publication', 'work/work.php', 'works.gif', 1, '0', 'squaregrey.gif', 'interaction')," \
    " (14, 'survey', 'survey/survey_list.php', 'survey.gif', 1, '0', 'squaregrey.gif', 'interaction')," \
    " (15, 'wiki', 'wiki/index.php', 'wiki.gif', 1, '0', 'squaregrey.gif', 'interaction'),"    \
    " (16, 'gradebook', 'gradebook/index.php', 'gradebook.gif', 1, '0', 'squaregrey.gif', 'authoring')," \
    " (17, 'glossary', 'glossary/index.php', 'glossary.gif', 1, '0', 'squaregrey.gif', 'authoring')," \
    " (18, 'notebook', 'notebook/index.php', 'notebook.gif', 1, '0', 'squaregrey.gif', 'interaction')," \
    " (19, 'attendance', 'attendance/index.php', 'attendance.gif', 0, '0', 'squaregrey.gif', 'authoring')," \
    " (20, 'course_progress', 'course_progress/index.php', 'course_progress.gif', 0, '0', 'squaregrey.gif', 'authoring')," \
    " (24, 'blog_management', 'blog/blog_admin.php', 'blog_admin.gif', 0, '1', 'squaregrey.gif', 'admin')," \
    " (25, 'tracking', 'tracking/courseLog.php', 'statistics.gif', 0, '1', '', 'admin'),"      \
    " (26, 'course_setting', 'course_info/infocours.php', 'reference.gif', 0, '1', 'squaregrey.gif', 'admin')," \
    " (27, 'course_maintenance', 'course_info/maintenance.php', 'backup.gif', 0, '1', 'squaregrey.gif', 'admin'))" \
    " AS t(id, name, link, image, visibility, admin, address, category)"

/* The course settings a new course gets: id, variable, value, category. */
#define DEFAULT_SETTINGS                                                                       \
    "(VALUES (1, 'email_alert_manager_on_new_doc', '0', 'work'),"                              \
    " (2, 'email_alert_on_new_doc_dropbox', '0', 'dropbox'),"                                  \
    " (3, 'allow_user_edit_agenda', '0', 'agenda'),"                                           \
    " (4, 'allow_user_edit_announcement', '0', 'announcement'),"                               \
    " (5, 'email_alert_manager_on_new_quiz', '0', 'quiz'),"                                    \
    " (6, 'allow_user_image_forum', '1', 'forum'), (7, 'course_theme', '', 'theme'),"          \
    " (8, 'allow_learning_path_theme', '1', 'theme'), (9, 'allow_open_chat_window', '1', 'chat')," \
    " (10, 'email_alert_to_teacher_on_new_user_in_course', '0', 'registration'),"              \
    " (11, 'allow_user_view_user_list', '1', 'user'),"                                         \
    " (12, 'display_info_advance_inside_homecourse', '1', 'thematic_advance'),"                \
    " (13, 'email_alert_students_on_new_homework', '0', 'work'),"                              \
    " (14, 'enable_lp_auto_launch', '0', 'learning_path'),"                                    \
    " (15, 'enable_exercise_auto_launch', '0', 'exercise'),"                                   \
    " (16, 'enable_document_auto_launch', '0', 'document'),"                                   \
    " (17, 'pdf_export_watermark_text', '', 'learning_path'),"                                 \
    " (18, 'allow_public_certificates', '', 'certificates'),"                                  \
    " (19, 'documents_default_visibility', 'visible', 'document'),"                            \
    " (20, 'show_course_in_user_language', '2', ''),"                                          \
    " (21, 'email_to_teachers_on_new_work_feedback', '1', ''),"                                \
    " (22, 'email_alert_teachers_new_post', '1', 'portfolio'),"                                \
    " (23, 'email_alert_teachers_student_new_comment', '1', 'portfolio'),"                     \
    " (24, 'agenda_share_events_in_sessions', '0', 'agenda'))"                                 \
    " AS s(id, variable, value, category)"

/* $1 code, $2 directory, $3 language, $4 title, $5 visibility, $6 disk
 * quota, $7 the caller, $8 campus, $9 log events. Nothing when the code is
 * taken (also by a concurrent call: ON CONFLICT). */
DB_STATEMENT(SQL_CREATE, "save_course.create", 9,
    "WITH new_course AS ("
    "  INSERT INTO course (code, directory, course_language, title, description, category_code,"
    "                      visibility, show_score, disk_quota, creation_date, expiration_date,"
    "                      last_edit, last_visit, tutor_name, department_name, department_url,"
    "                      subscribe, unsubscribe, visual_code)"
    "  SELECT $1::text, $2::text, $3::text, $4::text, 'Course Description', '', $5::int, 1, $6::bigint,"
    "         date_trunc('second', LOCALTIMESTAMP),"
    "         date_trunc('second', LOCALTIMESTAMP) + interval '1 year',"
    "         date_trunc('second', LOCALTIMESTAMP), NULL, NULL, NULL, '',"
    "         CASE WHEN $5::int = 2 THEN 1 ELSE 0 END, 0, $1::text"
    "   WHERE NOT EXISTS (SELECT 1 FROM course WHERE lower(code) = lower($1::text))"
    "  ON CONFLICT DO NOTHING RETURNING id, code),"
    " teacher AS ("
    "  INSERT INTO course_rel_user (c_id, user_id, status, is_tutor, sort, relation_type,"
    "                               user_course_cat)"
    "  SELECT n.id, $7::int, 1, 0, COALESCE((SELECT max(s.sort) FROM course_rel_user s"
    "                                         WHERE s.user_id = $7::int AND s.user_course_cat = 0),"
    "                                        0) + 1, 0, 0 FROM new_course n),"
    " campus AS (INSERT INTO access_url_rel_course (c_id, access_url_id)"
    "            SELECT n.id, $8::int FROM new_course n),"
    " tools AS ("
    "  INSERT INTO c_tool (id, c_id, name, link, image, visibility, admin, address, added_tool,"
    "                      target, category, session_id)"
    "  SELECT t.id, n.id, t.name, t.link, t.image, t.visibility, t.admin, t.address, 0, '_self',"
    "         t.category, 0 FROM new_course n CROSS JOIN " DEFAULT_TOOLS "),"
    " settings AS ("
    "  INSERT INTO c_course_setting (id, c_id, title, variable, value, category)"
    "  SELECT s.id, n.id, '', s.variable, s.value, s.category"
    "    FROM new_course n CROSS JOIN " DEFAULT_SETTINGS "),"
    " group_category AS ("
    "  INSERT INTO c_group_category (c_id, id, title, description, max_student, self_reg_allowed,"
    "                                self_unreg_allowed, groups_per_user, display_order,"
    "                                doc_state, calendar_state, work_state, announcements_state,"
    "                                forum_state, wiki_state, chat_state)"
    "  SELECT n.id, 2, 'Default groups', '', 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1"
    "    FROM new_course n),"
    " folders AS ("
    "  INSERT INTO c_document (iid, id, c_id, path, title, filetype, size, readonly, session_id)"
    "  SELECT f.iid, f.iid, n.id, f.path, f.title, 'folder', 0, 0, 0 FROM new_course n"
    "   CROSS JOIN LATERAL (SELECT nextval(pg_get_serial_sequence('c_document', 'iid')) AS iid,"
    "                              v.path, v.title, v.pos"
    "                         FROM (VALUES (1, '/shared_folder', 'Folders of users'),"
    "                                      (2, '/chat_files', 'Chat conversations history'),"
    "                                      (3, '/certificates', 'Certificates'))"
    "                              AS v(pos, path, title) ORDER BY v.pos) f"
    "  RETURNING c_id, id),"
    " folder_properties AS ("
    "  INSERT INTO c_item_property (iid, id, c_id, tool, ref, insert_date, lastedit_date,"
    "                               insert_user_id, lastedit_user_id, lastedit_type, to_group_id,"
    "                               to_user_id, visibility, session_id)"
    "  SELECT p.iid, p.iid, p.c_id, 'document', p.id, date_trunc('second', LOCALTIMESTAMP),"
    "         date_trunc('second', LOCALTIMESTAMP), $7::int, $7::int, 'DocumentAdded', NULL,"
    "         NULL, 0, NULL"
    "    FROM (SELECT nextval(pg_get_serial_sequence('c_item_property', 'iid')) AS iid, d.*"
    "            FROM folders d) p),"
    " extra_values AS ("
    "  INSERT INTO extra_field_values (field_id, item_id, value)"
    "  SELECT f.id, n.id, '' FROM new_course n CROSS JOIN extra_field f"
    "   WHERE f.extra_field_type = 2),"
    " event AS ("
    "  INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    "                               default_value_type, default_value, session_id)"
    "  SELECT $7::int, n.id, date_trunc('second', LOCALTIMESTAMP), 'course_created',"
    "         'course_code', n.code, 0 FROM new_course n WHERE $9::bool)"
    " SELECT id, code FROM new_course");

/* The course's extra values shown in the answer: filter fields, not empty. */
DB_STATEMENT(SQL_EXTRA_FIELDS, "save_course.extra_fields", 1,
    "SELECT v.value, f.variable, f.field_type, f.id, f.display_text"
    "  FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
    " WHERE v.item_id = $1::int AND f.extra_field_type = 2 AND f.filter = 1"
    "   AND COALESCE(v.value, '') <> '' ORDER BY f.field_order, f.id");

static const json_field EXTRA_FIELD[] = {
    {"value", "value", FK_STRING},
    {"variable", "variable", FK_STRING},
    {"field_type", "field_type", FK_STRING},
    {"id", "id", FK_STRING},
    {"display_text", "display_text", FK_STRING},
};

/* GEN of §8.1: wanted transliterated (common Latin letters), upper-cased,
 * only A-Z0-9 kept, at most 40 characters. NULL on OOM. */
static const char *course_code_from(api_call *c, const char *wanted)
{
    static const struct {
        const char *utf8, *ascii;
    } LATIN[] = {
        {"À", "A"}, {"Á", "A"}, {"Â", "A"}, {"Ã", "A"}, {"Ä", "A"}, {"Å", "A"}, {"à", "A"},
        {"á", "A"}, {"â", "A"}, {"ã", "A"}, {"ä", "A"}, {"å", "A"}, {"Æ", "AE"}, {"æ", "AE"},
        {"Ç", "C"}, {"ç", "C"}, {"È", "E"}, {"É", "E"}, {"Ê", "E"}, {"Ë", "E"}, {"è", "E"},
        {"é", "E"}, {"ê", "E"}, {"ë", "E"}, {"Ì", "I"}, {"Í", "I"}, {"Î", "I"}, {"Ï", "I"},
        {"ì", "I"}, {"í", "I"}, {"î", "I"}, {"ï", "I"}, {"Ñ", "N"}, {"ñ", "N"}, {"Ò", "O"},
        {"Ó", "O"}, {"Ô", "O"}, {"Õ", "O"}, {"Ö", "O"}, {"Ø", "O"}, {"ò", "O"}, {"ó", "O"},
        {"ô", "O"}, {"õ", "O"}, {"ö", "O"}, {"ø", "O"}, {"Œ", "OE"}, {"œ", "OE"}, {"Ù", "U"},
        {"Ú", "U"}, {"Û", "U"}, {"Ü", "U"}, {"ù", "U"}, {"ú", "U"}, {"û", "U"}, {"ü", "U"},
        {"Ý", "Y"}, {"ý", "Y"}, {"ÿ", "Y"}, {"ß", "SS"},
    };
    strbuf sb;
    sb_init(&sb, c->arena, 48);
    for (const char *p = wanted; *p && sb.len < 40;) {
        char ch = *p;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
            sb_putc(&sb, ch);
            p++;
            continue;
        }
        if (ch >= 'a' && ch <= 'z') {
            sb_putc(&sb, (char)(ch - 'a' + 'A'));
            p++;
            continue;
        }
        size_t skip = 1;
        for (size_t i = 0; i < sizeof LATIN / sizeof LATIN[0]; i++) {
            size_t n = strlen(LATIN[i].utf8);
            if (strncmp(p, LATIN[i].utf8, n) == 0) {
                sb_puts(&sb, LATIN[i].ascii);
                skip = n;
                break;
            }
        }
        p += skip;
    }
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    if (sb.len > 40)
        sb.data[40] = '\0';
    return sb.data;
}

/* The course folder's name: the code, with 4 random hex digits appended
 * while a folder of that name exists. NULL on OOM. */
static const char *free_directory(api_call *c, const char *code)
{
    const char *root = c->cfg->sys_course_path, *name = code;
    for (int attempt = 0; root && *root && attempt < 100; attempt++) {
        struct stat st;
        const char *path = arena_printf(c->arena, "%s/%s", root, name);
        if (!path)
            return call_fail_oom(c), NULL;
        if (stat(path, &st) != 0)
            break;
        unsigned char r[2] = {0, 0};
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
            r[0] = (unsigned char)attempt;
        name = arena_printf(c->arena, "%s%02x%02x", code, r[0], r[1]);
        if (!name)
            return call_fail_oom(c), NULL;
    }
    return name;
}

/* The course folder and its sub-folders (AddCourse::prepare_course_repository),
 * each with a "Not authorized" index.html. False when one cannot be made. */
static bool make_course_folder(api_call *c, const char *directory)
{
    static const char *const FOLDERS[] = {
        "", "/document", "/document/chat_files", "/dropbox", "/exercises", "/group", "/page",
        "/scorm", "/upload", "/upload/announcements", "/upload/announcements/images",
        "/upload/blog", "/upload/calendar", "/upload/calendar/images", "/upload/forum",
        "/upload/forum/images", "/upload/learning_path", "/upload/learning_path/images",
        "/upload/test", "/work",
    };
    const char *root = c->cfg->sys_course_path;
    if (!root || !*root)
        return true;
    for (size_t i = 0; i < sizeof FOLDERS / sizeof FOLDERS[0]; i++) {
        const char *path = arena_printf(c->arena, "%s/%s%s", root, directory, FOLDERS[i]);
        const char *index = arena_printf(c->arena, "%s/index.html", path ? path : "");
        if (!path || !index)
            return call_fail_oom(c), false;
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return false;
        FILE *f = fopen(index, "w");
        if (!f)
            return false;
        fputs("<html><head></head><body>Not authorized</body></html>", f);
        if (fclose(f) != 0)
            return false;
    }
    const char *htaccess = arena_printf(c->arena, "%s/%s/dropbox/.htaccess", root, directory);
    FILE *f = htaccess ? fopen(htaccess, "w") : NULL;
    if (!f)
        return false;
    fputs("order deny,allow\ndeny from all\n", f);
    return fclose(f) == 0;
}

static action_result failed_creation(api_call *c)
{
    call_event(c, "course_id", "", -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, false));
    reply_set(c, data, "message", reply_str(c, call_text(c, MSG_CourseCreationFailed)));
    return call_ok(c, data);
}

ACTION_ANSWER(save_course,
              A_ONE_OF(A_OBJECT(A_KEY("status", A_BOOL), A_KEY("id", A_COLUMN_INT),
                                A_KEY("code_course", A_TEXT), A_KEY("title_course", A_STRING),
                                A_KEY("extra_fields", A_LIST(A_ROW(EXTRA_FIELD))),
                                A_KEY("message", A_TEXT)),
                       A_OBJECT(A_KEY("status", A_BOOL), A_KEY("message", A_TEXT))));

action_result action_save_course(api_call *c)
{
    const api_arg *title = &c->args[ARG_TITLE], *wanted_code = &c->args[ARG_WANTED_CODE];
    int64_t campus = c->args[ARG_ID_CAMPUS].raw ? c->args[ARG_ID_CAMPUS].i : 1;
    const char *wanted =
        c->args[ARG_REMOVE_CAMPUS_ID].i == 1
            ? (wanted_code->s ? wanted_code->s : "")
            : arena_printf(c->arena, "CAMPUS_%lld_%s", (long long)campus,
                           wanted_code->s ? wanted_code->s : "");
    if (!wanted)
        return call_fail_oom(c);
    if (!title->present)
        return failed_creation(c);
    if (!*wanted)
        wanted = arena_printf(c->arena, "%.40s", title->s);
    const char *code = wanted ? course_code_from(c, wanted) : NULL;
    if (!code)
        return call_fail_oom(c);
    int64_t visibility = c->args[ARG_VISIBILITY].raw ? c->args[ARG_VISIBILITY].i : 2;
    if (!*code || visibility < 0 || visibility > 4)
        return failed_creation(c);
    int64_t quota = c->args[ARG_DISK_QUOTA].raw ? c->args[ARG_DISK_QUOTA].i : 100;
    if (quota <= 0)
        quota = 100000000;
    const char *directory = free_directory(c, code);
    const char *title_text = course_replace_all(c, title->s, "&amp;", "&");
    if (!directory || !title_text)
        return ACTION_FAILED;
    PGresult *r = call_sql(c, &SQL_CREATE, code, directory,
                           c->args[ARG_LANGUAGE].present ? c->args[ARG_LANGUAGE].s
                                                         : c->cfg->platform_language,
                           title_text, call_itoa(c, visibility), call_itoa(c, quota),
                           c->user->id_text, call_itoa(c, campus),
                           c->cfg->log_events ? "t" : "f");
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) == 0)
        return failed_creation(c);
    const char *id = PQgetvalue(r, 0, 0);
    const php_value post = {.kind = PHP_ARRAY, .arr = c->params->post};
    if (!extra_values_save(c, EXTRA_ITEM_COURSE, id, c->params->post ? &post : NULL, "extra_",
                           true))
        return ACTION_FAILED;
    PGresult *extra = call_sql(c, &SQL_EXTRA_FIELDS, id);
    if (!extra)
        return ACTION_FAILED;
    if (!make_course_folder(c, directory)) /* the rows roll back with the error */
        return call_failed(c) ? ACTION_FAILED
                              : call_fail_internal(c, "could not create the course folder");
    call_event(c, "course_id", id, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    reply_set(c, data, "id", reply_value(c, FK_COLUMN_INT, id));
    reply_set(c, data, "code_course", reply_str(c, code));
    reply_set(c, data, "title_course", reply_str(c, title_text));
    reply_set(c, data, "extra_fields", reply_rows(c, extra, FIELDS(EXTRA_FIELD)));
    reply_set(c, data, "message", reply_str(c, call_message(c, MSG_CourseXAdded, code)));
    return call_ok(c, data);
}
