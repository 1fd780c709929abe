"""delete_group_sub_course: unlinks a class from a course and unenrols its
members, for administrators; one transaction.

Spec: 25-groups-audit.md §3.12, §2.3, §2.6; contract README "Decisions on
holes".
"""

from harness import (_admin, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_class, new_course,
                     new_user, sql, sql_exec)


def unlink(params, enc='urlencoded'):
    return call('delete_group_sub_course', 'admin', _admin(), params, encoding=enc)


def enrolled(course, *users):
    return [bool(sql('SELECT 1 FROM course_rel_user WHERE c_id = %s AND user_id = %s', course.id,
                     u.id)) for u in users]


def linked(klass):
    return sql('SELECT course_id FROM usergroup_rel_course WHERE usergroup_id = %s', klass.id)


def linked_class(course, users):
    klass = new_class(users)
    sql_exec('INSERT INTO usergroup_rel_course (usergroup_id, course_id) VALUES (%s, %s)',
             klass.id, course.id)
    return klass


@both_encodings
def test_unenrols_the_members_and_unlinks(enc):
    a, b, outsider = new_user(), new_user(), new_user()
    course = new_course(students=[a, b, outsider])
    klass = linked_class(course, [a, b])
    _admin()
    since = last_event_id()
    resp = unlink({'group_id': klass.id, 'course_id': course.id}, enc)
    assert_eq(assert_ok(resp), [[course.id]], 'data')
    assert_eq(enrolled(course, a, b, outsider), [False, False, True], 'enrolments')
    assert_eq(linked(klass), [], 'link')
    kinds = [e[0] for e in events_since(since)]
    assert_eq(kinds[-2:], ['soc_gr_c_unsubs', 'access_ws_delete_group_sub_course'], 'events')
    assert 'user_unsubscribed' in kinds, kinds
    assert_eq(events_since(since)[-2][2], 'gid: %d - cids: %d' % (klass.id, course.id), 'value')
    # Again: the course exists, nobody left to unenrol.
    assert_eq(assert_ok(unlink({'group_id': klass.id, 'course_id': course.id}, enc)),
              [[course.id]], 'again')


def test_a_course_that_does_not_exist():
    klass = new_class([new_user()])
    _admin()
    since = last_event_id()
    assert_eq(assert_ok(unlink({'group_id': klass.id, 'course_id': 99999999})), [[]], 'data')
    assert_eq(events_since(since)[0][:3],
              ('soc_gr_c_unsubs', 'soc_gr_portal_id', 'gid: %d - cids: ' % klass.id), 'event')


@both_encodings
def test_administrators_only(enc):
    user = new_user()
    course = new_course(students=[user])
    klass = linked_class(course, [user])
    assert_error(as_user(user, 'delete_group_sub_course', {'group_id': klass.id,
                                                           'course_id': course.id}, encoding=enc),
                 msg('NotAllowed'))
    assert_eq((enrolled(course, user), len(linked(klass))), ([True], 1), 'nothing changed')


def test_failure_leaves_everything():
    user = new_user()
    course = new_course(students=[user])
    klass = linked_class(course, [user])
    with failing_trigger('usergroup_rel_course', 'OLD.usergroup_id = %d' % klass.id,
                             when='BEFORE DELETE'):
        resp = unlink({'group_id': klass.id, 'course_id': course.id})
    assert resp.json['error'] is True, resp.json
    assert_eq((enrolled(course, user), len(linked(klass))), ([True], 1), 'nothing changed')
