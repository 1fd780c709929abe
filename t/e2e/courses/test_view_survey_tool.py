"""view_survey_tool: 302 to the course's surveys on the web platform.

Spec: 30-courses.md §3 (the Location, the event), §1.10 (302, no body);
spec README "Decisions: course context" (the dispatcher's access check).
"""

import os
import sys

import harness
from harness import assert_eq, assert_error, both_encodings, msg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_common import (assert_course_redirect, assert_denied_to_a_stranger,  # noqa
                           assert_needs_a_course, cidreq, event_of, redirect_of)

CODE_PATH = harness.CAMPUS_URL + '/main/'


@both_encodings
def test_location(enc):
    assert_course_redirect(redirect_of("view_survey_tool", enc=enc),
                           CODE_PATH + "survey/survey_list.php?" + cidreq("MsgREST"))
    assert_course_redirect(redirect_of("view_survey_tool", session=1),
                           CODE_PATH + "survey/survey_list.php?" + cidreq("MsgREST", session=1))


def test_event_denial_and_context():
    assert_eq(event_of("view_survey_tool", lambda: redirect_of("view_survey_tool")),
              [["username", "student1"]], "event")
    assert_denied_to_a_stranger("view_survey_tool")
    assert_needs_a_course("view_survey_tool")

