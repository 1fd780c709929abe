"""delete_group: deletes a class with its links, for administrators; one
transaction.

Spec: 25-groups-audit.md §3.4.
"""

from harness import (_admin, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_class, new_course,
                     new_user, sql, sql_exec)


def delete(group_id, enc='urlencoded'):
    params = {} if group_id is None else {'id': group_id}
    return call('delete_group', 'admin', _admin(), params, encoding=enc)


def traces(group_id):
    return [sql('SELECT count(*) FROM %s WHERE %s = %%s' % (table, column), group_id)[0][0]
            for table, column in (('usergroup', 'id'), ('usergroup_rel_user', 'usergroup_id'),
                                  ('usergroup_rel_course', 'usergroup_id'),
                                  ('usergroup_rel_session', 'usergroup_id'),
                                  ('access_url_rel_usergroup', 'usergroup_id'))]


@both_encodings
def test_deletes_the_class_and_its_links(enc):
    member = new_user()
    course = new_course(students=[member])
    klass = new_class([member])
    sql_exec('INSERT INTO usergroup_rel_course (usergroup_id, course_id) VALUES (%s, %s);'
             ' INSERT INTO usergroup_rel_session (usergroup_id, session_id) VALUES (%s, 1)',
             klass.id, course.id, klass.id)
    _admin()
    since = last_event_id()
    resp = delete(klass.id, enc)
    assert_eq(assert_ok(resp), [klass.id], 'data')
    assert_eq(traces(klass.id), ['0'] * 5, 'rows left')
    # Members keep what the class gave them.
    assert_eq(sql('SELECT 1 FROM course_rel_user WHERE c_id = %s AND user_id = %s', course.id,
                  member.id), [('1',)], 'course membership')
    assert_eq(events_since(since), [
        ('soc_gr_deleted', 'soc_gr_portal_id', 'id: %d' % klass.id, '1', '0', '0'),
        ('access_ws_delete_group', 'group_id', 'a:1:{i:0;i:%d;}' % klass.id, '1', '0', '0')],
        'events')


@both_encodings
def test_unknown_class_is_not_deleted(enc):
    _admin()
    since = last_event_id()
    assert_error(delete(99999999, enc), msg('NotDeleted'))
    assert_eq(events_since(since), [], 'no event')


@both_encodings
def test_bad_id(enc):
    for value in (None, '', '0', 'abc', ['1']):
        assert_error(delete(value, enc), msg('BadParameter', 'id'))


@both_encodings
def test_administrators_only(enc):
    klass = new_class()
    assert_error(as_user(new_user(), 'delete_group', {'id': klass.id}, encoding=enc),
                 msg('NotAllowed'))
    assert_eq(traces(klass.id)[0], '1', 'still there')


def test_failure_leaves_everything():
    member = new_user()
    klass = new_class([member])
    with failing_trigger('usergroup', 'OLD.id = %d' % klass.id,
                             when='BEFORE DELETE'):
        resp = delete(klass.id)
    assert resp.json['error'] is True, resp.json
    assert_eq(traces(klass.id), ['1', '1', '0', '0', '1'], 'nothing deleted')
