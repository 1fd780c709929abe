"""download_work_comment_attachment: 302 to the download of an assignment comment's file.

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
    assert_course_redirect(
        redirect_of("download_work_comment_attachment", enc=enc, query={"comment": "5"}),
        CODE_PATH + "work/download_comment_file.php?comment_id=5&" + cidreq())


def test_comment_required_from_get():
    for query in (None, {"comment": "0"}):
        assert_error(redirect_of("download_work_comment_attachment", query=query),
                     msg("ActionNotAllowed"))


def test_event_denial_and_context():
    assert_eq(event_of("download_work_comment_attachment",
                       lambda: redirect_of("download_work_comment_attachment",
                                           query={"comment": "8"})),
              [["comment_id", "8"]], "event")
    assert_denied_to_a_stranger("download_work_comment_attachment")
    assert_needs_a_course("download_work_comment_attachment")

