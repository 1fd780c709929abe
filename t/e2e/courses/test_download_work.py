"""download_work: 302 to the download of a submission or its correction.

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
    assert_course_redirect(redirect_of("download_work", enc=enc, query={"work": "12"}),
                           CODE_PATH + "work/download.php?" + cidreq() + "&id=12")
    assert_course_redirect(redirect_of("download_work", query={"work": "12", "correction": ""}),
                           CODE_PATH + "work/download.php?" + cidreq() + "&id=12&correction=1")


def test_work_required_from_get():
    for query in (None, {"work": "0"}):
        assert_error(redirect_of("download_work", query=query), msg("ActionNotAllowed"))
    # Not empty for PHP, then cast: id 0.
    assert_course_redirect(redirect_of("download_work", query={"work": "abc"}),
                           CODE_PATH + "work/download.php?" + cidreq() + "&id=0")


def test_event_denial_and_context():
    assert_eq(event_of("download_work", lambda: redirect_of("download_work", query={"work": "9"})),
              [["work_id", "9"]], "event")
    assert_denied_to_a_stranger("download_work")
    assert_needs_a_course("download_work")

