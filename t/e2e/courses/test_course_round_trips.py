"""The reads a client calls when it opens a course cost one round trip: the
key check with the course context, and the action's first statement
pipelined with it (ACTION_PREFETCH; README "One round trip per call").
The slow log of a second pool lists each request's statements with their
round trip.
"""

# Statement counts do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import os
import sys

from harness import assert_eq, authenticate

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'flow'))
from test_key_check_statements import slow_log_pool, trace_of  # noqa: E402

# action -> its first statement; every one is read by student1 in ENGLISH101.
READS = {
    'course_info': 'course_info.get',
    'course_descriptions': 'course_descriptions.list',
    'course_documents': 'course_documents.list',
    'course_notebooks': 'course_notebooks.list',
    'course_announcements': 'course_announcements.list',
    'course_announcement': 'course_announcement.get',
    'course_agenda': 'course_agenda.list',
    'course_links': 'course_links.list',
    'get_users_subscribed_to_course': 'get_users_subscribed_to_course.list',
}


def test_course_reads_are_one_round_trip():
    key = authenticate('student1', 'student1')
    pool, slow = slow_log_pool()
    with pool:
        for action, statement in READS.items():
            auth = {'action': action, 'username': 'student1', 'api_key': key, 'course': '1',
                    'announcement': '1000'}
            trace, body = trace_of(pool, slow, auth)
            assert_eq(body['error'], False, action)
            assert_eq(trace[:2], [('auth.key_check_context', 1), (statement, 1)], action)
            assert all(trip == 1 for _, trip in trace), (action, trace)


# Course lists without a course context: the key check and the list.
LISTS = {
    'get_courses': ('get_courses.list', {}),
    'get_courses_from_extra_field': ('get_courses_from_extra_field.list', {
        'extra_field_variable': 'special_course', 'extra_field_value': '1', 'id_campus': '1'}),
}


def test_course_lists_are_one_round_trip():
    key = authenticate('student1', 'student1')
    pool, slow = slow_log_pool()
    with pool:
        for action, (statement, params) in LISTS.items():
            auth = dict({'action': action, 'username': 'student1', 'api_key': key}, **params)
            trace, body = trace_of(pool, slow, auth)
            assert_eq(body['error'], False, action)
            assert_eq(trace, [('auth.key_check', 1), (statement, 1)], action)
