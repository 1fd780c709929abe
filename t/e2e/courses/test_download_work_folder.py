"""download_work_folder: 302 to the download of an assignment's folder.

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
    assert_course_redirect(redirect_of("download_work_folder", enc=enc, query={"work": "12"}),
                           CODE_PATH + "work/downloadfolder.inc.php?id=12&" + cidreq())


def test_work_required_from_get():
    for query in (None, {"work": "0"}, {"work": ""}):
        assert_error(redirect_of("download_work_folder", query=query), msg("ActionNotAllowed"))
    assert_error(redirect_of("download_work_folder", work=3), msg("ActionNotAllowed"))


def test_event_denial_and_context():
    assert_eq(event_of("download_work_folder",
                       lambda: redirect_of("download_work_folder", query={"work": "9"})),
              [["work_id", "9"]], "event")
    assert_denied_to_a_stranger("download_work_folder")
    assert_needs_a_course("download_work_folder")

