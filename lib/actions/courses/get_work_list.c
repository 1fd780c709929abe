/*
 * get_work_list - the submissions handed in to an assignment, as the web
 * tool's list builds them (30-courses.md §9: Rest::getWorkList over
 * get_work_user_list): a list, by title, of
 *
 *   user_id, id, title (HTML), description, url, sent_date (HTML),
 *   contains_file, has_properties, view_properties, qualification (HTML),
 *   weight, allow_text_assignment, firstname, lastname, username,
 *   parent_id, accepted, qualificator_id (the review label), url_correction,
 *   title_correction, qualification_score, fullname, title_clean, type,
 *   qualification_only, formatted_date, expiry_note, sent_date_from_db,
 *   status, has_correction, actions, correction, feedback, feedback_clean,
 *   comments
 *
 * GET work is required ("Action not allowed"); any member of the course
 * calls it. The course's teachers see every submission (active or not, not
 * deleted, of no group, of the session context or the base course, by
 * users who are not invitees); anybody else only their own, and a learner
 * only those accepted or not (accepted 0 or 1). An assignment id that is
 * no row of the course answers "No data available" (PHP dies on it). The
 * HTML is Chamilo's Display helpers' (Display::tag: attributes unescaped,
 * " >" after them), icons as return_icon finds them in a stock install,
 * dates in the platform's time zone; `comments` are the submission's
 * comments by date with their author (docs/compat.md: no file paths).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/action.h"
#include "core/chamilo_date.h"
#include "core/strbuf.h"
#include "model/course.h"
#include "model/document_icon.h"
#include "model/user_format.h"

ACTION_ABOUT(get_work_list,
    "The submissions handed in to an assignment",
    "30-courses.md §9.1",
    "Answers the submissions of the assignment `work`, by title, as the web tool's list builds "
    "them: the submission's columns, its HTML fields (title, date, score, the teacher's action "
    "links), its feedback count and its comments with their authors. The course's teachers see "
    "every submission; anybody else only their own.");

enum { ARG_WORK };
ACTION_PARAMS(get_work_list,
    [ARG_WORK] = {"work", FROM_GET, PK_INT, P_SCALAR, 0, MSG_ActionNotAllowed});
ACTION_TOOL(get_work_list, TOOL_STUDENT_PUBLICATION);

/* $1 course, $2 session context, $3 assignment id, $4 the caller's
 * username. No row when the assignment is no row of the course (in a
 * session context, of the session or the base course); else the
 * assignment's settings on every row, then its submissions (id NULL on the
 * one row of an assignment without any), by title. */
DB_STATEMENT(SQL_WORK_LIST, "get_work_list.list", 4,
    "WITH me AS (SELECT u.id FROM \"user\" u WHERE lower(u.username) = lower($4)"
    "             ORDER BY u.id LIMIT 1),"
    " folder AS (SELECT f.id, f.qualification,"
    "                   (SELECT a.expires_on FROM c_student_publication_assignment a"
    "                     WHERE a.c_id = f.c_id AND a.publication_id = $3::int"
    "                     ORDER BY a.iid LIMIT 1) AS expires_on,"
    "                   EXISTS (SELECT 1 FROM c_course_setting s WHERE s.c_id = $1::int"
    "                             AND s.variable = 'student_delete_own_publication'"
    "                             AND s.value = '1') AS students_delete"
    "              FROM c_student_publication f"
    "             WHERE f.c_id = $1::int AND f.id = $3::int"
    "               AND ($2::int = 0 OR COALESCE(f.session_id, 0) IN (0, $2::int))"
    "             ORDER BY f.iid LIMIT 1)"
    " SELECT s.user_id, s.id, s.title, s.description, s.url, s.sent_date, s.contains_file,"
    "        s.has_properties, s.view_properties, s.qualification, s.weight,"
    "        s.allow_text_assignment, s.firstname, s.lastname, s.username, s.parent_id,"
    "        s.accepted, s.qualificator_id, s.url_correction, s.title_correction,"
    "        s.comments, s.user_id = (SELECT id FROM me) AS mine,"
    "        folder.qualification AS folder_qualification, folder.expires_on,"
    "        folder.students_delete"
    "   FROM folder LEFT JOIN LATERAL"
    "        (SELECT u.id AS user_id, w.id, w.title, w.description, w.url, w.sent_date,"
    "                w.contains_file, w.has_properties, w.view_properties, w.qualification,"
    "                w.weight, w.allow_text_assignment, u.firstname, u.lastname, u.username,"
    "                w.parent_id, w.accepted, w.qualificator_id, w.url_correction,"
    "                w.title_correction,"
    "                (SELECT count(*) FROM c_student_publication_comment cm"
    "                  WHERE cm.work_id = w.id AND cm.c_id = $1::int) AS comments"
    "           FROM c_student_publication w JOIN \"user\" u ON u.id = w.user_id"
    "          WHERE w.c_id = $1::int AND w.parent_id = $3::int AND w.active IN (0, 1)"
    "            AND COALESCE(w.post_group_id, 0) = 0 AND u.status <> 6"
    "            AND COALESCE(w.session_id, 0) IN (0, $2::int)) s ON true"
    "  ORDER BY s.title, s.id");
ACTION_PREFETCH(get_work_list, SQL_WORK_LIST, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), call_itoa(c, c->args[ARG_WORK].i), c->username);

/* $1 course, $2 the submissions' ids (int[]): their comments with their
 * authors, by submission then date (getWorkComments). */
DB_STATEMENT(SQL_WORK_COMMENTS, "get_work_list.comments", 2,
    "SELECT cm.work_id AS submission, cm.id, cm.user_id, u.firstname, u.lastname, u.username,"
    "       u.picture_uri, cm.iid, cm.c_id, cm.work_id, cm.comment, cm.file, cm.sent_at"
    "  FROM c_student_publication_comment cm JOIN \"user\" u ON u.id = cm.user_id"
    " WHERE cm.c_id = $1::int AND cm.work_id = ANY($2::int[])"
    " ORDER BY cm.work_id, cm.sent_at, cm.iid");

static const json_field SUBMISSION[] = {
    {"user_id", "user_id", FK_COLUMN_INT},
    {"id", "id", FK_COLUMN_INT},
    {"title", "title", FK_STRING},
    {"description", "description", FK_STRING},
    {"url", "url", FK_STRING},
    {"sent_date", "sent_date", FK_STRING},
    {"contains_file", "contains_file", FK_COLUMN_INT},
    {"has_properties", "has_properties", FK_COLUMN_INT},
    {"view_properties", "view_properties", FK_COLUMN_INT},
    {"qualification", "qualification", FK_COLUMN_FLOAT},
    {"weight", "weight", FK_COLUMN_FLOAT},
    {"allow_text_assignment", "allow_text_assignment", FK_COLUMN_INT},
    {"firstname", "firstname", FK_STRING},
    {"lastname", "lastname", FK_STRING},
    {"username", "username", FK_STRING},
    {"parent_id", "parent_id", FK_COLUMN_INT},
    {"accepted", "accepted", FK_COLUMN_INT},
    {"qualificator_id", "qualificator_id", FK_COLUMN_INT},
    {"url_correction", "url_correction", FK_STRING},
    {"title_correction", "title_correction", FK_STRING},
};

/* What every row's HTML is built from. */
typedef struct list_context {
    api_call *c;
    const char *code_path; /* WEB_CODE_PATH */
    const char *work_url;  /* WEB_CODE_PATH + "work/" */
    const char *cidreq;    /* api_get_cidreq() */
    bool teacher;          /* api_is_allowed_to_edit() */
    bool qualified;        /* the assignment has a qualification above 0 */
    const char *max_score; /* ... its text */
    const char *expires_on;
    bool students_delete;
    time_t now;
} list_context;

/* Display::tag(tag, content, attributes): each attribute name="value"
 * followed by a space, unescaped, then " >" (" />" for img). */
static void tag_append(strbuf *sb, const char *tag, const char *content,
                       const char *const *attributes)
{
    sb_printf(sb, "<%s ", tag);
    for (const char *const *a = attributes; a && a[0]; a += 2)
        sb_printf(sb, "%s=\"%s\" ", a[0], a[1]);
    if (strcmp(tag, "img") == 0) {
        sb_puts(sb, " />");
        return;
    }
    sb_printf(sb, " >%s</%s>", content ? content : "", tag);
}

/* Display::return_icon(file, alt, [], size): the icon of main/img/icons/<size>/
 * (main/img/ for defaut.gif, and for a file name that holds its folder),
 * alt and title the alt text, or the file's name when it is empty. */
static void icon_append(const list_context *x, strbuf *sb, const char *file, const char *alt,
                        int size)
{
    const char *path = strcmp(file, "defaut.gif") == 0 || strchr(file, '/')
                           ? arena_printf(x->c->arena, "%simg/%s", x->code_path, file)
                           : arena_printf(x->c->arena, "%simg/icons/%d/%s", x->code_path, size, file);
    const char *slash = strrchr(file, '/');
    const char *text = alt && *alt ? alt : slash ? slash + 1 : file;
    tag_append(sb, "img", NULL, (const char *const[]){"src", path ? path : "", "alt", text,
                                                      "title", text, NULL});
}

/* Display::label(content, type): nothing for empty content. */
static void label_append(strbuf *sb, const char *content, const char *type)
{
    if (content && *content)
        sb_printf(sb, "<span class=\"label label-%s\">%s</span>", type, content);
}

/* htmlspecialchars of a URL after "&amp;" is turned back into "&", as
 * Display::url writes href. */
static const char *href_of(api_call *c, const char *url)
{
    strbuf sb;
    sb_init(&sb, c->arena, strlen(url) + 32);
    for (const char *p = url; *p; p++) {
        if (strncmp(p, "&amp;", 5) == 0) {
            sb_puts(&sb, "&amp;");
            p += 4;
        } else if (*p == '&') {
            sb_puts(&sb, "&amp;");
        } else if (*p == '<') {
            sb_puts(&sb, "&lt;");
        } else if (*p == '>') {
            sb_puts(&sb, "&gt;");
        } else if (*p == '"') {
            sb_puts(&sb, "&quot;");
        } else if (*p == '\'') {
            sb_puts(&sb, "&#039;");
        } else {
            sb_putc(&sb, *p);
        }
    }
    return sb_failed(&sb) ? "" : sb.data;
}

/* Display::dateToStringAgoAndLongDate(utc). */
static void ago_and_long_append(const list_context *x, strbuf *sb, const char *utc)
{
    const char *ago = chamilo_date_ago(x->c->arena, utc, x->now);
    const char *full = chamilo_date_long(x->c->arena, call_timezone(x->c), utc);
    if (!ago || !full)
        return;
    tag_append(sb, "span", ago, (const char *const[]){"class", "boot-tooltip", "title", full, NULL});
}

/* The "are you sure" handler of the delete links. */
#define CONFIRM "onclick=\"javascript:if(!confirm('Please confirm your choice')) return false;\""

/* The correction upload form and its script, for teachers. */
static void correction_append(const list_context *x, strbuf *sb, const char *id,
                              const char *title_correction, bool corrected)
{
    strbuf icon;
    sb_init(&icon, x->c->arena, 256);
    icon_append(x, &icon, "upload_file.png", "Correction", 16);
    const char *already = "";
    if (corrected) {
        strbuf small;
        sb_init(&small, x->c->arena, 256);
        sb_printf(&small, "<br />%s ", title_correction ? title_correction : "");
        icon_append(x, &small, "check-circle.png", "Correction", 16);
        already = small.data ? small.data : "";
    }
    sb_printf(sb,
              "\n                        <form\n"
              "                        id=\"file_upload_%s\"\n"
              "                        class=\"work_correction_file_upload file_upload_small fileinput-button\"\n"
              "                        action=\"%sinc/ajax/work.ajax.php?%s&a=upload_correction_file&item_id=%s\"\n"
              "                        method=\"POST\"\n"
              "                        enctype=\"multipart/form-data\"\n"
              "                        >\n"
              "                        <div id=\"progress_%s\" class=\"text-center button-load\">\n"
              "                            Click or drop one file here\n"
              "                            %s\n"
              "                            %s\n"
              "                        </div>\n"
              "                        <input id=\"file_%s\" type=\"file\" name=\"file\" class=\"\" multiple>\n"
              "                        </form>\n"
              "                    ",
              id, x->code_path, x->cidreq, id, id, icon.data ? icon.data : "", already, id);
    strbuf failed;
    sb_init(&failed, x->c->arena, 256);
    icon_append(x, &failed, "closed-circle.png", "", 16);
    sb_printf(sb,
              "<script>\n"
              "                    $(function() {\n"
              "                        $('.work_correction_file_upload').each(function () {\n"
              "                            $(this).fileupload({\n"
              "                                dropZone: $(this)\n"
              "                            });\n"
              "                        });\n"
              "\n"
              "                        $('#file_upload_%s').fileupload({\n"
              "                            add: function (e, data) {\n"
              "                                $('#progress_%s').html();\n"
              "                                data.context = $('#progress_%s').html('Loading <br /> <em class=\"fa fa-spinner fa-pulse fa-fw\"></em>');\n"
              "                                data.submit();\n"
              "                                $(this).removeClass('hover');\n"
              "                            },\n"
              "                            dragover: function (e, data) {\n"
              "                                $(this).addClass('hover');\n"
              "                            },\n"
              "                            done: function (e, data) {\n"
              "                                if (data._response.result.name) {\n"
              "                                    $('#progress_%s').html('Uploaded. '+data._response.result.result+'<br />'+data._response.result.name);\n"
              "                                } else {\n"
              "                                    $('#progress_%s').html('No file was uploaded. %s');\n"
              "                                }\n"
              "                                $(this).removeClass('hover');\n"
              "                            }\n"
              "                        });\n"
              "                        $('#file_upload_%s').on('dragleave', function (e) {\n"
              "                            // dragleave callback implementation\n"
              "                            $(this).removeClass('hover');\n"
              "                        });\n"
              "                    });\n"
              "                    </script>",
              id, id, id, id, id, failed.data ? failed.data : "", id);
}

/* The actions cell: the download link, then the teacher's links (correct
 * and rate, edit, move, show or hide, delete), the author's while not
 * reviewed (view, and with student_delete_own_publication edit and
 * delete), or the view link. */
static void actions_append(const list_context *x, strbuf *sb, const char *id, const char *parent,
                           bool has_file, bool contains_file, bool accepted, bool author,
                           bool reviewed)
{
    const char *u = x->work_url, *q = x->cidreq;
    sb_puts(sb, "<div class=\"work-action\">");
    if (has_file) {
        sb_printf(sb, "<a href=\"%sdownload.php?id=%s&%s\">", u, id, q);
        icon_append(x, sb, "save.png", "Save", 22);
        sb_puts(sb, "</a> ");
    }
    if (x->teacher) {
        sb_printf(sb, "<a href=\"%sview.php?%s&id=%s\" title=\"View\">", u, q, id);
        icon_append(x, sb, "rate_work.png", "Correct and rate", 22);
        sb_puts(sb, "</a> ");
        sb_printf(sb, "<a href=\"%sedit.php?%s&item_id=%s&id=%s\" title=\"%s>", u, q, id, parent,
                  x->qualified ? "Edit\"  " : "Modify\"");
        icon_append(x, sb, "edit.png", "Edit", 22);
        sb_puts(sb, "</a>");
        if (contains_file) {
            sb_printf(sb, "<a href=\"%swork.php?%s&action=move&item_id=%s&id=%s\" title=\"Move\">", u,
                      q, id, parent);
            icon_append(x, sb, "move.png", "Move", 22);
            sb_puts(sb, "</a>");
        }
        sb_printf(sb, "<a href=\"%swork_list_all.php?%s&id=%s&action=%s&item_id=%s\" title=\"%s\" >",
                  u, q, parent, accepted ? "make_invisible" : "make_visible", id,
                  accepted ? "Invisible" : "Visible");
        icon_append(x, sb, accepted ? "visible.png" : "invisible.png",
                    accepted ? "Invisible" : "Visible", 22);
        sb_puts(sb, accepted ? "</a>" : "</a> ");
        sb_printf(sb, "<a href=\"%swork_list_all.php?%s&id=%s&action=delete&item_id=%s\" " CONFIRM
                      " title=\"Delete\" >", u, q, parent, id);
        icon_append(x, sb, "delete.png", "Delete", 22);
        sb_puts(sb, "</a>");
    } else {
        sb_printf(sb, "<a href=\"%sview.php?%s&id=%s\" title=\"View\">", u, q, id);
        icon_append(x, sb, "default.png", "View", 22);
        sb_puts(sb, "</a>");
        if (author && !reviewed && x->students_delete) {
            sb_printf(sb, "<a href=\"%sedit.php?%s&item_id=%s&id=%s\" title=\"Modify\">", u, q, id,
                      parent);
            icon_append(x, sb, "edit.png", "Comment", 22);
            sb_puts(sb, "</a>");
            sb_printf(sb, " <a href=\"%swork_list.php?%s&action=delete&item_id=%s&id=%s\" " CONFIRM
                          " title=\"Delete\"  >", u, q, id, parent);
            icon_append(x, sb, "delete.png", "Delete", 22);
            sb_puts(sb, "</a>");
        }
    }
    sb_puts(sb, "</div>");
}

/* The comments of one submission: rows [*next, end) of `comments` whose
 * submission is `id`; *next moves past them. */
static struct json_object *comments_of(const list_context *x, const PGresult *comments, int *next,
                                       const char *id)
{
    api_call *c = x->c;
    struct json_object *list = reply_array(c);
    for (; comments && *next < PQntuples(comments) &&
           strcmp(PQgetvalue(comments, *next, 0), id) == 0;
         ++*next) {
        int row = *next;
#define V(col) sql_value(comments, row, col)
        struct json_object *item = reply_object(c);
        reply_set(c, item, "id", reply_value(c, FK_COLUMN_INT, V(1)));
        reply_set(c, item, "user_id", reply_value(c, FK_COLUMN_INT, V(2)));
        reply_set(c, item, "picture", reply_str(c, user_picture_url(c, V(2), V(6))));
        reply_set(c, item, "complete_name",
                  reply_str(c, arena_printf(c->arena, "%s (%s)", user_full_name(c, V(3), V(4)),
                                            V(5) ? V(5) : "")));
        if (V(1)) { /* getWorkComment finds the row by its id */
            reply_set(c, item, "iid", reply_value(c, FK_COLUMN_INT, V(7)));
            reply_set(c, item, "c_id", reply_value(c, FK_COLUMN_INT, V(8)));
            reply_set(c, item, "work_id", reply_value(c, FK_COLUMN_INT, V(9)));
            strbuf text;
            const char *comment = V(10);
            sb_init(&text, c->arena, comment ? strlen(comment) + 64 : 16);
            for (const char *p = comment; p && *p; p++) {
                if (strncmp(p, "src=\"/", 6) == 0) {
                    sb_printf(&text, "src=\"%sapp/", c->web_root);
                    p += 5;
                } else {
                    sb_putc(&text, *p);
                }
            }
            reply_set(c, item, "comment", reply_str(c, comment ? text.data : NULL));
            const char *file = V(11);
            reply_set(c, item, "file", reply_str(c, file));
            reply_set(c, item, "sent_at", reply_str(c, V(12)));
            bool attached = file && *file;
            reply_set(c, item, "delete_file_url",
                      reply_str(c, attached ? arena_printf(c->arena,
                                                           "%sview.php?%s&id=%s&action=delete_attachment&comment_id=%s",
                                                           x->work_url, x->cidreq, V(9), V(1))
                                            : NULL));
            reply_set(c, item, "file_path", reply_str(c, NULL));
            reply_set(c, item, "file_url",
                      reply_str(c, attached ? arena_printf(c->arena,
                                                           "%sdownload_comment_file.php?comment_id=%s&%s",
                                                           x->work_url, V(1), x->cidreq)
                                            : NULL));
            const char *shown = NULL;
            if (attached) { /* the name without its "comment_<id>_" prefix */
                const char *first = strchr(file, '_');
                const char *second = first ? strchr(first + 1, '_') : NULL;
                shown = second ? second + 1 : file;
            }
            reply_set(c, item, "file_name_to_show", reply_str(c, shown));
            strbuf label;
            sb_init(&label, c->arena, 128);
            ago_and_long_append(x, &label, V(12));
            reply_set(c, item, "sent_at_with_label", reply_str(c, label.data ? label.data : ""));
        }
#undef V
        reply_push(c, list, item);
    }
    return list;
}

#define COMMENT_SHAPE                                                                          \
    A_OBJECT(A_KEY("id", A_COLUMN_INT), A_KEY("user_id", A_COLUMN_INT),                        \
             A_KEY("picture", A_STRING),                                                       \
             A_KEY("complete_name", A_STRING), A_KEY_OPT("iid", A_COLUMN_INT),                 \
             A_KEY_OPT("c_id", A_COLUMN_INT), A_KEY_OPT("work_id", A_COLUMN_INT),              \
             A_KEY_OPT("comment", A_STRING), A_KEY_OPT("file", A_STRING),                      \
             A_KEY_OPT("sent_at", A_STRING), A_KEY_OPT("delete_file_url", A_STRING),           \
             A_KEY_OPT("file_path", A_NULL), A_KEY_OPT("file_url", A_STRING),                  \
             A_KEY_OPT("file_name_to_show", A_STRING), A_KEY_OPT("sent_at_with_label", A_TEXT))
ACTION_ANSWER(get_work_list,
              A_LIST(A_ROW_WITH(
                  SUBMISSION, A_KEY("title", A_STRING), A_KEY("sent_date", A_STRING),
                  A_KEY("qualification", A_STRING),
                  A_KEY("qualification_score", A_VALUE(FK_COLUMN_FLOAT)),
                  A_KEY("fullname", A_STRING), A_KEY("title_clean", A_STRING),
                  A_KEY("type", A_STRING),
                  A_KEY("qualification_only", A_STRING), A_KEY("formatted_date", A_STRING),
                  A_KEY("expiry_note", A_STRING), A_KEY("sent_date_from_db", A_STRING),
                  A_KEY("status", A_STRING), A_KEY("has_correction", A_STRING),
                  A_KEY("actions", A_STRING), A_KEY("correction", A_STRING),
                  A_KEY("feedback", A_STRING), A_KEY("feedback_clean", A_COLUMN_INT),
                  A_KEY("comments", A_LIST(COMMENT_SHAPE)),
                  A_KEY("qualificator_id", A_NOTE("the review label", A_TEXT)))));

action_result action_get_work_list(api_call *c)
{
    const api_arg *work = &c->args[ARG_WORK];
    if (!work->raw)
        return call_refuse(c, MSG_ActionNotAllowed); /* isset() */
    call_event(c, "work_id", call_itoa(c, work->i), -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) == 0)
        return call_fail(c, MSG_NoData); /* PHP: array_map() on null, HTTP 500 */
#define COL(name) PQfnumber(r, name)
    int id = COL("id"), title = COL("title"), url = COL("url"),
        sent = COL("sent_date"), contains = COL("contains_file"), score = COL("qualification"),
        first = COL("firstname"), last = COL("lastname"), parent = COL("parent_id"),
        accepted = COL("accepted"), reviewer = COL("qualificator_id"),
        correction_url = COL("url_correction"), correction_title = COL("title_correction"),
        comments = COL("comments"), mine = COL("mine"), max = COL("folder_qualification"),
        expires = COL("expires_on"), deletes = COL("students_delete");
#undef COL
    strbuf cid;
    sb_init(&cid, c->arena, 128);
    course_cidreq_append(c, &cid, "");
    const char *max_score = PQgetvalue(r, 0, max);
    list_context x = {
        .c = c,
        .code_path = arena_printf(c->arena, "%smain/", c->web_root),
        .work_url = arena_printf(c->arena, "%smain/work/", c->web_root),
        .cidreq = cid.data ? cid.data : "",
        .teacher = c->course.is_teacher,
        .qualified = atoi(max_score) > 0,
        .max_score = max_score,
        .expires_on = sql_value(r, 0, expires),
        .students_delete = PQgetvalue(r, 0, deletes)[0] == 't',
        .now = time(NULL),
    };
    if (!x.code_path || !x.work_url)
        return call_fail_oom(c);

    /* The rows the caller sees: a teacher all, anybody else their own (a
     * learner's accepted or not, a coach's all). */
    bool *shown = arena_alloc(c->arena, (size_t)rows.count + 1);
    strbuf ids;
    sb_init(&ids, c->arena, 64);
    sb_putc(&ids, '{');
    bool any_comment = false;
    for (int row = 0; shown && row < rows.count; row++) {
        shown[row] = false;
        if (PQgetisnull(r, row, id)) /* the assignment alone: no submission */
            continue;
        const char *a = sql_value(r, row, accepted);
        bool own = PQgetvalue(r, row, mine)[0] == 't';
        shown[row] = x.teacher ||
                     (own && (c->course.is_coach || (a && (strcmp(a, "0") == 0 || strcmp(a, "1") == 0))));
        if (shown[row] && strcmp(PQgetvalue(r, row, comments), "0") != 0) {
            sb_printf(&ids, "%s%s", any_comment ? "," : "", PQgetvalue(r, row, id));
            any_comment = true;
        }
    }
    sb_putc(&ids, '}');
    if (!shown || sb_failed(&ids))
        return call_fail_oom(c);
    PGresult *notes = NULL;
    if (any_comment && !(notes = call_sql(c, &SQL_WORK_COMMENTS, c->course.id_text, ids.data)))
        return ACTION_FAILED;
    int next_note = 0;

    struct json_object *list = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        if (!shown[row])
            continue;
        const char *item = PQgetvalue(r, row, id);
        const char *sent_date = sql_value(r, row, sent);
        const char *raw_title = sql_value(r, row, title);
        const char *file = sql_value(r, row, url);
        const char *corrected_url = sql_value(r, row, correction_url);
        const char *count = PQgetvalue(r, row, comments);
        bool corrected = corrected_url && *corrected_url;
        bool reviewed = strcmp(PQgetvalue(r, row, reviewer), "0") != 0;
        bool has_file = strcmp(PQgetvalue(r, row, contains), "0") != 0;
        struct json_object *out = reply_row(c, r, row, FIELDS(SUBMISSION));

        /* Title: as stored, in a div, or its first 27 bytes and "..." in a
         * span titled with it when longer than 30 bytes. */
        strbuf html;
        sb_init(&html, c->arena, 256);
        const char *t = raw_title ? raw_title : "";
        if (strlen(t) > 30)
            tag_append(&html, "span", arena_printf(c->arena, "%.27s...", t),
                       (const char *const[]){"class", "work-title", "title", t, NULL});
        else
            tag_append(&html, "div", t, (const char *const[]){"class", "work-title", NULL});
        reply_set(c, out, "title", reply_str(c, html.data));

        /* Expired: sent after the assignment's expiry. */
        const char *expiry = "";
        if (x.expires_on && sent_date && strcmp(sent_date, x.expires_on) > 0)
            expiry = "<span class=\"label label-danger\">Expired</span> - ";
        const char *local = sent_date ? chamilo_date_sql(c->arena, call_timezone(c), sent_date) : NULL;

        strbuf date;
        sb_init(&date, c->arena, 256);
        const char *ago = sent_date ? chamilo_date_ago(c->arena, sent_date, x.now) : NULL;
        sb_printf(&date, "<div class=\"work-date\" title=\"%s %s\">%s ", ago ? ago : "",
                  local ? local : "", expiry);
        if (sent_date)
            ago_and_long_append(&x, &date, sent_date);
        sb_puts(&date, "</div>");
        reply_set(c, out, "sent_date", reply_str(c, date.data));

        /* Score, feedback link and correction link. */
        strbuf score_html;
        sb_init(&score_html, c->arena, 128);
        if (x.qualified) {
            if (!reviewed) {
                label_append(&score_html, arena_printf(c->arena, "?? / %s", x.max_score), "warning");
            } else {
                double got = atof(PQgetvalue(r, row, score));
                int weight = atoi(x.max_score);
                double relative = weight ? got / weight : 0;
                label_append(&score_html, arena_printf(c->arena, "%.1f / %d", got, weight),
                             relative < 0.5 ? "danger" : relative < 0.75 ? "warning" : "info");
            }
        }
        const char *only = score_html.data ? score_html.data : "";
        strbuf feedback;
        sb_init(&feedback, c->arena, 256);
        if (strcmp(count, "0") != 0) {
            sb_puts(&feedback, x.qualified ? " " : "");
            const char *view = arena_printf(c->arena, "%sview.php?%s&id=%s", x.work_url, x.cidreq, item);
            tag_append(&feedback, "a",
                       arena_printf(c->arena,
                                    "%s <em class=\"fa fa-comments-o\" title=\"\"  ></em> ", count),
                       (const char *const[]){"href", href_of(c, view ? view : ""), NULL});
        }
        strbuf correction_link;
        sb_init(&correction_link, c->arena, 256);
        if (corrected) {
            strbuf icon;
            sb_init(&icon, c->arena, 256);
            icon_append(&x, &icon, "check-circle.png", "Correction", 22);
            const char *download = arena_printf(c->arena, "%sdownload.php?id=%s&%s&correction=1",
                                                x.work_url, item, x.cidreq);
            tag_append(&correction_link, "a", icon.data,
                       (const char *const[]){"href", href_of(c, download ? download : ""), NULL});
        }
        const char *link = correction_link.data ? correction_link.data : "";
        reply_set(c, out, "qualification",
                  reply_str(c, arena_printf(c->arena, "%s%s%s", only,
                                            feedback.data ? feedback.data : "",
                                            x.qualified ? "" : link)));

        reply_set(c, out, "qualification_score",
                  reply_value(c, FK_COLUMN_FLOAT, PQgetvalue(r, row, score)));
        strbuf name;
        sb_init(&name, c->arena, 128);
        tag_append(&name, "div", user_full_name(c, sql_value(r, row, first), sql_value(r, row, last)),
                   (const char *const[]){"class", "work-name", NULL});
        reply_set(c, out, "fullname", reply_str(c, name.data));
        reply_set(c, out, "title_clean", reply_str(c, raw_title));
        strbuf type;
        sb_init(&type, c->arena, 256);
        const char *slash = file ? strrchr(file, '/') : NULL;
        const char *base = slash ? slash + 1 : file ? file : "";
        const char *icon = document_file_icon(c, base);
        if (!icon)
            return ACTION_FAILED;
        icon_append(&x, &type, icon, base, 22);
        reply_set(c, out, "type", reply_str(c, type.data));
        reply_set(c, out, "qualification_only", reply_str(c, only));
        reply_set(c, out, "formatted_date",
                  reply_str(c, arena_printf(c->arena, "%s %s", local ? local : "", expiry)));
        reply_set(c, out, "expiry_note", reply_str(c, expiry));
        reply_set(c, out, "sent_date_from_db", reply_str(c, sent_date));
        reply_set(c, out, "status", reply_str(c, link));
        reply_set(c, out, "has_correction", reply_str(c, link));

        strbuf actions;
        sb_init(&actions, c->arena, 1024);
        const char *accepted_text = sql_value(r, row, accepted);
        bool author = !x.teacher && !c->course.is_coach && PQgetvalue(r, row, mine)[0] == 't';
        actions_append(&x, &actions, item, PQgetvalue(r, row, parent), has_file || (file && *file),
                       has_file, accepted_text && strcmp(accepted_text, "1") == 0, author, reviewed);
        reply_set(c, out, "actions", reply_str(c, actions.data));
        strbuf correction;
        sb_init(&correction, c->arena, x.teacher ? 4096 : 16);
        if (x.teacher)
            correction_append(&x, &correction, item, sql_value(r, row, correction_title), corrected);
        reply_set(c, out, "correction", reply_str(c, correction.data ? correction.data : ""));

        reply_set(c, out, "feedback",
                  reply_str(c, arena_printf(c->arena,
                                            "%s <em class=\"fa fa-comments-o\" title=\"\"  ></em> ",
                                            count)));
        reply_set(c, out, "feedback_clean", reply_value(c, FK_COLUMN_INT, count));
        reply_set(c, out, "comments", comments_of(&x, notes, &next_note, item));
        /* The review label replaces the reviewer's id. */
        reply_set(c, out, "qualificator_id",
                  reply_str(c, reviewed ? "<span class=\"label label-success\">Revised</span>"
                                        : "<span class=\"label label-warning\">Not reviewed</span>"));
        reply_push(c, list, out);
    }
    return call_ok(c, list);
}
