"""add_group_sub_course: links a class to a course and enrols its members,
for administrators; one transaction.

Spec: 25-groups-audit.md §3.9, §2.3, §2.6; contract README "Decisions on
holes" (class membership writes are admin-only).
"""

from harness import (_admin, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_class, new_course,
                     new_user, sql)


def link(params, enc='urlencoded'):
    return call('add_group_sub_course', 'admin', _admin(), params, encoding=enc)


def enrolled(course, *users):
    return [sql('SELECT status FROM course_rel_user WHERE c_id = %s AND user_id = %s', course.id,
                u.id) for u in users]


def links(klass):
    return sql('SELECT course_id FROM usergroup_rel_course WHERE usergroup_id = %s ORDER BY id',
               klass.id)


@both_encodings
def test_enrols_the_members_once(enc):
    a, b, teacher = new_user(), new_user(), new_user(status=1)
    course = new_course(teacher=teacher, students=[b])
    klass = new_class([a, b, teacher])
    _admin()
    since = last_event_id()
    resp = link({'group_id': klass.id, 'course_id': course.id}, enc)
    assert_eq(assert_ok(resp), [[course.id]], 'data')
    assert_eq(resp.body.strip(), b'{"error":false,"data":[[%d]]}' % course.id, 'raw body')
    assert_eq(enrolled(course, a, b, teacher), [[('5',)], [('5',)], [('1',)]],
              'a enrolled, the others kept')
    assert_eq(links(klass), [(str(course.id),)], 'link')
    kinds = [e[0] for e in events_since(since)]
    assert_eq(kinds[-2:], ['soc_gr_c_subs', 'access_ws_add_group_sub_course'], 'last events')
    assert 'user_subscribed' in kinds, kinds
    assert_eq(events_since(since)[-2][2], 'gid: %d - cids: %d' % (klass.id, course.id), 'value')
    # Again: already linked, nothing more.
    since = last_event_id()
    assert_eq(assert_ok(link({'group_id': klass.id, 'course_id': course.id}, enc)), [[]], 'again')
    assert_eq(links(klass), [(str(course.id),)], 'one link')
    assert_eq([e[0] for e in events_since(since)], ['access_ws_add_group_sub_course'], 'events')


def test_a_course_that_does_not_exist_is_answered_but_not_linked():
    klass = new_class([new_user()])
    _admin()
    since = last_event_id()
    assert_eq(assert_ok(link({'group_id': klass.id, 'course_id': 99999999})), [[99999999]], 'data')
    assert_eq(links(klass), [], 'no link')
    assert_eq([e[0] for e in events_since(since)],
              ['soc_gr_c_subs', 'access_ws_add_group_sub_course'], 'events')


def test_group_zero_enrols_nobody():
    course = new_course()
    assert_eq(assert_ok(link({'group_id': 0, 'course_id': course.id})), [[course.id]], 'data')
    assert_eq(sql('SELECT count(*) FROM course_rel_user WHERE c_id = %s', course.id), [('0',)],
              'nobody enrolled')


@both_encodings
def test_administrators_only(enc):
    user = new_user()
    course = new_course()
    klass = new_class([user])
    assert_error(as_user(user, 'add_group_sub_course', {'group_id': klass.id,
                                                        'course_id': course.id}, encoding=enc),
                 msg('NotAllowed'))
    assert_error(link({'group_id': [klass.id], 'course_id': course.id}, enc),
                 msg('BadParameter', 'group_id'))
    assert_eq((enrolled(course, user), links(klass)), ([[]], []), 'nothing written')


def test_failure_leaves_nothing():
    user = new_user()
    course = new_course()
    klass = new_class([user])
    with failing_trigger('usergroup_rel_course', 'NEW.usergroup_id = %d' % klass.id):
        resp = link({'group_id': klass.id, 'course_id': course.id})
    assert resp.json['error'] is True, resp.json
    assert_eq((enrolled(course, user), links(klass)), ([[]], []), 'nothing written')
