"""view_quiz_tool: 302 to the course's tests on the web platform.

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
    assert_course_redirect(redirect_of("view_quiz_tool", enc=enc),
                           CODE_PATH + "exercise/exercise.php?" + cidreq("MsgREST"))


def test_event_denial_and_context():
    assert_eq(event_of("view_quiz_tool", lambda: redirect_of("view_quiz_tool")),
              [["username", "student1"]], "event")
    assert_denied_to_a_stranger("view_quiz_tool")
    assert_needs_a_course("view_quiz_tool")

