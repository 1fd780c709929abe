/*
 * course_documents - one folder of the course's documents (30-courses.md
 * §4.2). Course context required (ACT_COURSE).
 *
 * POST dir_id: the folder (a c_document id of the course, in the session
 * context or the base course; not found: the literal error NoDataAvailable;
 * a file's id lists nothing); absent or 0: the root. Its direct children
 * (no deleted ones), each with its latest item property of the session
 * context or the base course, newest property first; only those whose
 * visibility is exactly 1 are answered, and, for callers who are neither
 * admins nor coaches, only when every folder above is visible too. In a
 * session, /shared_folder is left out.
 *   [{"id": int, "type": "file"|"folder", "title", "path", "url", "icon", "size"}]
 * url downloads the document through document.php with the caller's key,
 * icon is the file name of Chamilo's icon for the type, size is SIZE().
 *
 * Not reproduced (docs/compat.md): the tool-access tracking row, the
 * session-only filters of chat files and empty session folders.
 * Event: access_ws_course_documents (directory_id, dir_id).
 */
#include <string.h>

#include "api/action.h"
#include "core/urlencode.h"
#include "model/course.h"
#include "model/document_icon.h"

ACTION_ABOUT(course_documents, "One folder of the course's documents", "30-courses.md §4.2",
    "Lists the visible files and folders directly inside the folder `dir_id` (absent or 0: the "
    "root) of the context course, each with a download URL through this API.");

enum { ARG_DIR_ID };
ACTION_PARAMS(course_documents, [ARG_DIR_ID] = {"dir_id", FROM_POST, PK_INT, P_SCALAR});
ACTION_TOOL(course_documents, TOOL_DOCUMENT);

/* The visibility of the latest item property of document `ref` for the
 * session $2 or the base course. */
#define DOCUMENT_VISIBILITY(ref)                                                               \
    "(SELECT ip.visibility FROM c_item_property ip"                                            \
    "  WHERE ip.c_id = $1::int AND ip.tool = 'document' AND ip.ref = " ref                     \
    "    AND (ip.session_id = $2::int OR ip.session_id = 0 OR ip.session_id IS NULL)"          \
    "    AND (ip.to_group_id = 0 OR ip.to_group_id IS NULL)"                                   \
    "  ORDER BY ip.iid DESC, ip.session_id DESC NULLS LAST LIMIT 1)"

/* $1 course, $2 session, $3 folder id (0: the root). One row with NULL
 * columns when the folder is not found (found = false); else the folder
 * alone when empty, or its children. hidden_above: a folder above the
 * child (the listed folder included) is hidden. */
DB_STATEMENT(SQL_DOCUMENTS, "course_documents.list", 3,
    "WITH folder AS ("
    "  SELECT '' AS path WHERE $3::int = 0"
    "  UNION ALL"
    "  SELECT d.path FROM c_document d WHERE $3::int <> 0 AND d.c_id = $1::int AND d.id = $3::int"
    "     AND (d.session_id = $2::int OR d.session_id = 0) LIMIT 1)"
    " SELECT f.path IS NOT NULL AS found, x.id, x.filetype, x.title, x.path, x.size,"
    "        x.visibility, x.hidden_above"
    "   FROM (SELECT 1) one LEFT JOIN folder f ON true LEFT JOIN LATERAL ("
    "     SELECT d.id, d.filetype, d.title, d.path, d.size, v.visibility, v.iid,"
    "            EXISTS (SELECT 1 FROM c_document a"
    "                     WHERE a.c_id = d.c_id AND a.filetype = 'folder'"
    "                       AND d.path LIKE replace(replace(a.path, '_', '\\_'), '%', '\\%') || '/%'"
    "                       AND " DOCUMENT_VISIBILITY("a.id") " = 0) AS hidden_above"
    "       FROM c_document d CROSS JOIN LATERAL ("
    "         SELECT ip.visibility, ip.iid FROM c_item_property ip"
    "          WHERE ip.c_id = $1::int AND ip.tool = 'document' AND ip.ref = d.id"
    "            AND (ip.session_id = $2::int OR ip.session_id = 0 OR ip.session_id IS NULL)"
    "            AND (ip.to_group_id = 0 OR ip.to_group_id IS NULL) AND ip.visibility <> 2"
    "          ORDER BY ip.iid DESC, ip.session_id DESC NULLS LAST LIMIT 1) v"
    "      WHERE d.c_id = $1::int"
    "        AND d.path LIKE replace(replace(f.path, '_', '\\_'), '%', '\\%') || '/%'"
    "        AND d.path NOT LIKE replace(replace(f.path, '_', '\\_'), '%', '\\%') || '/%/%'"
    "        AND d.path NOT LIKE '%\\_DELETED\\_%'"
    "        AND ($2::int = 0 OR d.path <> '/shared_folder')) x ON true"
    "  ORDER BY x.iid DESC");
ACTION_PREFETCH(course_documents, SQL_DOCUMENTS, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), call_itoa(c, c->args[ARG_DIR_ID].i));

/* Chamilo's folder icons by path (DocumentManager::build_document_icon_tag). */
static const char *folder_icon(const char *path)
{
    static const struct {
        const char *path, *icon;
    } FOLDERS[] = {
        {"/shared_folder", "folder_users.png"},   {"/audio", "folder_audio.png"},
        {"/flash", "folder_flash.png"},           {"/images", "folder_images.png"},
        {"/video", "folder_video.png"},           {"/images/gallery", "folder_gallery.png"},
        {"/chat_files", "folder_chat.png"},       {"/learning_path", "folder_learningpath.png"},
    };
    if (strstr(path, "shared_folder_session_"))
        return "folder_users.png";
    for (size_t i = 0; i < sizeof FOLDERS / sizeof FOLDERS[0]; i++)
        if (strcmp(path, FOLDERS[i].path) == 0)
            return FOLDERS[i].icon;
    return "folder_document.png";
}


static const char *download_url(api_call *c, const char *id)
{
    strbuf sb;
    sb_init(&sb, c->arena, 256);
    sb_puts(&sb, c->web_root);
    sb_puts(&sb, "main/document/document.php?");
    http_build_query_append(&sb, (const char *const[]){
                                     "username", c->user->username, "api_key", c->user->api_key,
                                     "cidReq", c->course.code, "id_session", c->session_id_text,
                                     "gidReq", "0", "gradebook", "0", "origin", "", "action",
                                     "download", "id", id, NULL});
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    return sb.data;
}

ACTION_ANSWER(course_documents,
              A_LIST(A_OBJECT(A_KEY("id", A_COLUMN_INT), A_KEY("type", A_TEXT),
                              A_KEY("title", A_STRING), A_KEY("path", A_STRING),
                              A_KEY("url", A_STRING), A_KEY("icon", A_STRING),
                              A_KEY("size", A_STRING))));

action_result action_course_documents(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    call_event(c, "directory_id", call_itoa(c, c->args[ARG_DIR_ID].i), -1);
    if (rows.count == 0 || strcmp(PQgetvalue(r, 0, 0), "t") != 0)
        return call_fail(c, MSG_NoDataAvailable);
    bool editor = course_caller_edits(c);
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        if (PQgetisnull(r, row, 1) || strcmp(PQgetvalue(r, row, 6), "1") != 0)
            continue;
        if (!editor && strcmp(PQgetvalue(r, row, 7), "t") == 0)
            continue;
        const char *id = PQgetvalue(r, row, 1), *path = PQgetvalue(r, row, 4);
        bool folder = strcmp(PQgetvalue(r, row, 2), "folder") == 0;
        struct json_object *doc = reply_object(c);
        reply_set(c, doc, "id", reply_value(c, FK_COLUMN_INT, id));
        reply_set(c, doc, "type", reply_str(c, folder ? "folder" : "file"));
        reply_set(c, doc, "title", reply_str(c, sql_value(r, row, 3)));
        reply_set(c, doc, "path", reply_str(c, path));
        reply_set(c, doc, "url", reply_str(c, download_url(c, id)));
        reply_set(c, doc, "icon", reply_str(c, folder ? folder_icon(path) : document_file_icon(c, path)));
        reply_set(c, doc, "size", reply_str(c, course_size_text(c, PQgetvalue(r, row, 5))));
        reply_push(c, data, doc);
    }
    return call_ok(c, data);
}
