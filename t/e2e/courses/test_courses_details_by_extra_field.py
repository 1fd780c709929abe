"""courses_details_by_extra_field: the courses whose course extra field
has a value, in detail (administrators only).

Spec: 30-courses.md §2.3 (POST field_name, field_value required; "<name>
not found"; object keyed by course id or []; COURSE-INFO plus
count_visible_tests; log (extra_field_name, field_name)).
"""

import harness
from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, msg, new_course, new_user, sql_exec, as_user)


def details(params, enc='urlencoded'):
    return call('courses_details_by_extra_field', 'admin', authenticate('admin', 'admin'), params,
                encoding=enc)


@both_encodings
def test_keyed_by_course_id_with_the_test_count(enc):
    course = new_course()
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value) VALUES (5, %s, '1')",
             course.id)
    for title, active in (('B quiz', 1), ('A quiz', 1), ('Off', 0), ('Hidden', 1)):
        sql_exec("INSERT INTO c_quiz (c_id, title, active, session_id, type, random,"
                 " random_answers, results_disabled, max_attempt, feedback_type, expired_time,"
                 " propagate_neg, save_correct_answers, review_answers, random_by_category,"
                 " display_category_name)"
                 " VALUES (%s, %s, %s, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)",
                 course.id, title, active)
    sql_exec("INSERT INTO c_item_property (c_id, tool, ref, lastedit_type, lastedit_user_id,"
             " visibility) SELECT %s, 'quiz', iid, 'QuizAdded', 1, 0 FROM c_quiz"
             " WHERE c_id = %s AND title = 'Hidden'", course.id, course.id)
    try:
        data = assert_ok(details({'field_name': 'special_course', 'field_value': '1'}, enc))
        assert_eq(list(data), ['3', str(course.id)], 'keyed by id, in id order')
        assert_eq(data['3']['code'], 'WELCOME', 'WELCOME')
        assert_eq(data[str(course.id)]['count_visible_tests'], 2, 'two visible active tests')
        assert_eq(list(data['3'])[-1], 'count_visible_tests', 'last key')
        assert 'registration_code' in data['3'], 'admin: secrets'
    finally:
        sql_exec('DELETE FROM extra_field_values WHERE field_id = 5 AND item_id = %s', course.id)


def test_no_match_unknown_field_event_and_gate():
    assert_eq(assert_ok(details({'field_name': 'special_course', 'field_value': 'zz'})), [],
              'no match')
    since = last_event_id()
    assert_error(details({'field_name': 'nope', 'field_value': '1'}), 'nope not found')
    assert_eq([list(r[1:3]) for r in events_since(since)
               if r[0] == 'access_ws_courses_details_by_extra_field'],
              [['extra_field_name', 'nope']], 'event written first')
    assert_error(details({'field_value': '1'}), msg('BadParameter', 'field_name'))
    assert_error(details({'field_name': 'special_course'}), msg('BadParameter', 'field_value'))
    assert_error(as_user(new_user(), 'courses_details_by_extra_field',
                         {'field_name': 'special_course', 'field_value': '1'}), msg('NotAllowed'))
