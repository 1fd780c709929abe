/*
 * course_api_url.h - the course home through this API, as the course and
 * session lists hand it out (30-courses.md §2.1, 40-sessions-campuses.md
 * §1): view_course_home with the caller's key. In the call's arena; NULL
 * on OOM.
 */
#ifndef CHAMILO_MODEL_COURSE_API_URL_H
#define CHAMILO_MODEL_COURSE_API_URL_H

#include "api/action.h"

/* <web root>main/webservices/api/v2.php?action=view_course_home&api_key=..
 * &username=..&course=<course_id>[&session=<session_id>], built as PHP's
 * http_build_query builds it (session_id NULL: no session pair). */
const char *course_api_home_url(api_call *c, const char *course_id, const char *session_id);

#endif
