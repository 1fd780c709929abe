"""view_document_in_frame: 302 to a course document shown in its frame.

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
    assert_course_redirect(redirect_of("view_document_in_frame", enc=enc, document=1002),
                           CODE_PATH + "document/showinframes.php?" + cidreq("MsgREST") + "&id=1002")
    assert_course_redirect(redirect_of("view_document_in_frame"),
                           CODE_PATH + "document/showinframes.php?" + cidreq("MsgREST") + "&id=0")
    assert_course_redirect(redirect_of("view_document_in_frame", query={"document": "7x"}),
                           CODE_PATH + "document/showinframes.php?" + cidreq("MsgREST") + "&id=7")


def test_bad_input_event_denial_and_context():
    assert_error(redirect_of("view_document_in_frame", **{"document[]": 1}),
                 msg('BadParameter', 'document'))
    assert_eq(event_of("view_document_in_frame",
                       lambda: redirect_of("view_document_in_frame", document=5)),
              [["document_id", "5"]], "event")
    assert_denied_to_a_stranger("view_document_in_frame", document=1)
    assert_needs_a_course("view_document_in_frame")

