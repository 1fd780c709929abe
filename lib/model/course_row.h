/*
 * course_row.h - a course row whole, as the actions that answer "every
 * column of course" give it (30-courses.md §2.4 get_courses,
 * 25-groups-audit.md §3.6 get_group_sub_courses): Chamilo's column order,
 * integer columns typed FK_COLUMN_INT, and registration_code (the course's
 * subscription password) between the two halves, so that an answer for a
 * caller who is not a platform administrator can leave it out (contract
 * README, "Secrets in answers").
 *
 *   "SELECT " COURSE_ROW_COLUMNS " FROM course c ..."
 *   static const json_field FOR_ADMIN[] = {COURSE_ROW_FIELDS_BEFORE_SECRET,
 *       COURSE_ROW_SECRET_FIELD, COURSE_ROW_FIELDS_AFTER_SECRET};
 *   static const json_field FOR_OTHERS[] = {COURSE_ROW_FIELDS_BEFORE_SECRET,
 *       COURSE_ROW_FIELDS_AFTER_SECRET};
 */
#ifndef CHAMILO_MODEL_COURSE_ROW_H
#define CHAMILO_MODEL_COURSE_ROW_H

#include "api/action.h"

/* A timestamp column of course c as MySQL prints a DATETIME. */
#define COURSE_ROW_TIMESTAMP(col) "to_char(c." col ", 'YYYY-MM-DD HH24:MI:SS') AS " col

/* The columns of course c, in Chamilo's order. */
#define COURSE_ROW_COLUMNS                                                                     \
    "c.id, c.room_id, c.title, c.code, c.directory, c.course_language, c.description,"         \
    " c.category_code, c.visibility, c.show_score, c.tutor_name, c.visual_code,"                \
    " c.department_name, c.department_url, c.disk_quota, "                                     \
    COURSE_ROW_TIMESTAMP("last_visit") ", " COURSE_ROW_TIMESTAMP("last_edit") ", "              \
    COURSE_ROW_TIMESTAMP("creation_date") ", " COURSE_ROW_TIMESTAMP("expiration_date") ","      \
    " c.subscribe, c.unsubscribe, c.registration_code,"                                         \
    " c.legal, c.activate_legal, c.add_teachers_to_sessions_courses, c.course_type_id"

#define COURSE_ROW_FIELDS_BEFORE_SECRET                                                        \
    {"id", "id", FK_COLUMN_INT}, {"room_id", "room_id", FK_COLUMN_INT},                         \
    {"title", "title", FK_STRING}, {"code", "code", FK_STRING},                                 \
    {"directory", "directory", FK_STRING}, {"course_language", "course_language", FK_STRING},   \
    {"description", "description", FK_STRING}, {"category_code", "category_code", FK_STRING},   \
    {"visibility", "visibility", FK_COLUMN_INT}, {"show_score", "show_score", FK_COLUMN_INT},   \
    {"tutor_name", "tutor_name", FK_STRING}, {"visual_code", "visual_code", FK_STRING},         \
    {"department_name", "department_name", FK_STRING},                                         \
    {"department_url", "department_url", FK_STRING},                                           \
    {"disk_quota", "disk_quota", FK_COLUMN_INT}, {"last_visit", "last_visit", FK_STRING},       \
    {"last_edit", "last_edit", FK_STRING}, {"creation_date", "creation_date", FK_STRING},       \
    {"expiration_date", "expiration_date", FK_STRING},                                         \
    {"subscribe", "subscribe", FK_COLUMN_INT}, {"unsubscribe", "unsubscribe", FK_COLUMN_INT}
#define COURSE_ROW_SECRET_FIELD {"registration_code", "registration_code", FK_STRING}
#define COURSE_ROW_FIELDS_AFTER_SECRET                                                         \
    {"legal", "legal", FK_STRING}, {"activate_legal", "activate_legal", FK_COLUMN_INT},         \
    {"add_teachers_to_sessions_courses", "add_teachers_to_sessions_courses", FK_COLUMN_INT},   \
    {"course_type_id", "course_type_id", FK_COLUMN_INT}

#endif
