/*
 * course_links.h - the URLs a course listing carries (30-courses.md §2.1,
 * 40-sessions-campuses.md §1): the course picture and the course home
 * through this API with the caller's key. Results live in the call's
 * arena; NULL on OOM.
 */
#ifndef CHAMILO_MODEL_COURSE_LINKS_H
#define CHAMILO_MODEL_COURSE_LINKS_H

#include "api/action.h"

/* <web root>courses/<directory>/course-pic.png when the file `checked`
 * (course-pic85x85.png for course lists, course-pic.png for session lists)
 * exists in the course folder, else <web root>main/img/session_default.png. */
const char *course_picture_url(api_call *c, const char *directory, const char *checked);

/* <web root>main/webservices/api/v2.php?action=view_course_home&api_key=..
 * &username=..&course=<course_id>[&session=<session_id>], built as PHP's
 * http_build_query builds it (session_id NULL: no session pair). */
const char *course_home_url(api_call *c, const char *course_id, const char *session_id);

#endif
