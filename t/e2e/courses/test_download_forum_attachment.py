"""download_forum_attachment: 302 to a forum attachment's download.

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
    resp = redirect_of("download_forum_attachment", enc=enc, query={"path": "a b/c.pdf"})
    assert_course_redirect(resp, CODE_PATH + "forum/download.php?" + cidreq("MsgREST")
                           + "&file=a+b%2Fc.pdf")


def test_path_required_from_get():
    assert_error(redirect_of("download_forum_attachment"), msg("ActionNotAllowed"))
    assert_error(redirect_of("download_forum_attachment", path="x.pdf"), msg("ActionNotAllowed"))
    assert_error(redirect_of("download_forum_attachment", query={"path": ""}),
                 msg("ActionNotAllowed"))


def test_event_denial_and_context():
    assert_eq(event_of("download_forum_attachment",
                       lambda: redirect_of("download_forum_attachment", query={"path": "f.pdf"})),
              [["path", "f.pdf"]], "event")
    assert_denied_to_a_stranger("download_forum_attachment")
    assert_needs_a_course("download_forum_attachment")

