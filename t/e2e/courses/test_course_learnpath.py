"""course_learnpath: 302 to a learning path of the course on the web platform.

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

import json

from harness import authenticate, api


def location(lp):
    return (CODE_PATH + "lp/lp_controller.php?" + cidreq() + "&action=view&lp_id=%d"
            "&isStudentView=true" % lp)


@both_encodings
def test_location(enc):
    assert_course_redirect(redirect_of("course_learnpath", enc=enc, lp_id=3), location(3))
    assert_course_redirect(redirect_of("course_learnpath"), location(1))


def test_lp_id_from_the_hash_of_course_learnpaths_urls():
    key = authenticate("student1", "student1")
    h = json.dumps({"action": "course_learnpath", "lp_id": 4, "course": 1, "session": 0,
                    "api_key": key, "username": "student1"})
    assert_course_redirect(api(None, None, encoding="query", query={"hash": h}), location(4))
    # REQUEST lp_id first.
    assert_course_redirect(api(None, {"lp_id": 6}, query={"hash": h}), location(6))


def test_bad_input_event_denial_and_context():
    assert_error(redirect_of("course_learnpath", **{"lp_id[]": 1}), msg('BadParameter', 'lp_id'))
    assert_eq(event_of("course_learnpath", lambda: redirect_of("course_learnpath", lp_id=2)),
              [["lp_id", "2"]], "event")
    assert_denied_to_a_stranger("course_learnpath")
    assert_needs_a_course("course_learnpath")

