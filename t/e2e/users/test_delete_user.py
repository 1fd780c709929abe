"""delete_user: deletes a user and what Chamilo deletes with one.

Spec: 20-users-messages.md §5.9 (admin; REQUEST user_id cast with (int);
false for 0, deny_delete_users, the only teacher of a course; true otherwise,
also for an unknown id; what is deleted; sessions coached pass to the caller;
messages and tracking kept; two user_deleted events); UserManager::
delete_user and canDeleteUser. Deviations (docs/compat.md): a key is
required (PHP accepted an admin session cookie), deleting oneself answers
false, an array user_id is refused (PHP casts it to 1 and deletes user 1),
the user's API keys go too, c_item_property.lastedit_user_id becomes 0.
"""

from adminonly import admin_pool, pool_call
from harness import (api, assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_class, new_course,
                     new_session, new_user, ordered, sql, sql_exec, sql_value)

DB_ERROR = 'An error has occured. Please contact your system administrator.'


_admin_key = []


def admin_key():
    """The admin's key, authenticated once (so that the event rows a test
    looks at are only those of delete_user)."""
    if not _admin_key:
        _admin_key.append(authenticate('admin', 'admin'))
    return _admin_key[0]


def delete(user_id, enc='urlencoded', **kw):
    return call('delete_user', 'admin', admin_key(),
                None if user_id is None else {'user_id': user_id}, encoding=enc, **kw)


def status_of(resp):
    data = assert_ok(resp)
    assert_eq(ordered(resp)[1][1], [('status', data['status'])],
              'answer shape')
    return data['status']


def count(table, where, *args):
    return int(sql_value('SELECT count(*) FROM %s WHERE %s' % (table, where), *args))


def rich_user():
    """A student with a trace in every table delete_user cleans."""
    user = new_user()
    user.key()
    teacher = new_user(status=1)
    course = new_course(teacher=teacher, students=[user])
    session = new_session(courses=[course], users=[user])
    klass = new_class(users=[user])
    friend = new_user()
    uid = user.id
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value, created_at, updated_at)"
             " SELECT id, %s, 'nick', LOCALTIMESTAMP, LOCALTIMESTAMP FROM extra_field"
             " WHERE extra_field_type = 1 AND variable = 'nickname'", uid)
    sql_exec('INSERT INTO user_rel_user (user_id, friend_user_id, relation_type) VALUES'
             ' (%s, %s, 3), (%s, %s, 3)', uid, friend.id, friend.id, uid)
    group = sql_exec("INSERT INTO c_group_info (c_id, name, category_id, max_student, doc_state,"
                     " calendar_state, work_state, announcements_state, forum_state, wiki_state,"
                     " chat_state, self_registration_allowed, self_unregistration_allowed,"
                     " session_id) VALUES (%s, 'g', 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0)"
                     " RETURNING iid", course.id)[0][0]
    sql_exec("INSERT INTO c_group_rel_user (c_id, user_id, group_id, status, role)"
             " VALUES (%s, %s, %s, 0, '')", course.id, uid, group)
    sql_exec("INSERT INTO c_student_publication (c_id, title, post_group_id, filetype,"
             " has_properties, qualification, parent_id, qualificator_id, weight, user_id,"
             " allow_text_assignment, contains_file, document_id, active, accepted, sent_date)"
             " VALUES (%s, 'work', 0, 'file', 0, 0, 0, 0, 0, %s, 0, 0, 0, 1, 1, LOCALTIMESTAMP)",
             course.id, uid)
    sql_exec("INSERT INTO c_item_property (c_id, tool, ref, lastedit_type, lastedit_user_id,"
             " to_user_id, insert_user_id) VALUES (%s, 'work', 1, 'added', %s, %s, %s),"
             " (%s, 'work', 2, 'added', %s, NULL, %s)",
             course.id, uid, uid, uid, course.id, teacher.id, uid)
    sql_exec('UPDATE session SET id_coach = %s, session_admin_id = %s WHERE id = %s',
             uid, uid, session.id)
    sql_exec("INSERT INTO message (user_sender_id, user_receiver_id, msg_status, send_date, title,"
             " content) VALUES (%s, %s, 1, LOCALTIMESTAMP, 'hi', 'x')", friend.id, uid)
    return user, course, session, klass, friend


TRACES = [
    ('course_rel_user', 'user_id = %s'),
    ('session_rel_user', 'user_id = %s'),
    ('session_rel_course_rel_user', 'user_id = %s'),
    ('usergroup_rel_user', 'user_id = %s'),
    ('access_url_rel_user', 'user_id = %s'),
    ('extra_field_values', 'item_id = %s AND field_id IN (SELECT id FROM extra_field'
                           ' WHERE extra_field_type = 1)'),
    ('user_rel_user', 'user_id = %s OR friend_user_id = %s'),
    ('c_group_rel_user', 'user_id = %s'),
    ('c_student_publication', 'user_id = %s'),
    ('c_item_property', 'to_user_id = %s OR insert_user_id = %s OR lastedit_user_id = %s'),
    ('session', 'id_coach = %s OR session_admin_id = %s'),
    ('user_api_key', 'user_id = %s'),
    ('"user"', 'id = %s'),
]


def traces(user_id):
    return {table: count(table, where, *([user_id] * where.count('%s')))
            for table, where in TRACES}


@both_encodings
def test_deletes_the_user_and_its_belongings(enc):
    user, course, session, klass, friend = rich_user()
    before = traces(user.id)
    assert all(before.values()), before
    admin_key()
    since = last_event_id()
    assert_eq(status_of(delete(user.id, enc)), True, 'status')
    assert_eq(traces(user.id), {t: 0 for t, _ in TRACES}, 'rows left')
    assert_eq(sql('SELECT id_coach, session_admin_id FROM session WHERE id = %s', session.id),
              [('1', '1')], 'session passes to the caller')
    assert_eq(sql("SELECT ref, to_user_id, insert_user_id, lastedit_user_id FROM c_item_property"
                  " WHERE c_id = %s ORDER BY ref", course.id),
              [('1', None, None, '0'), ('2', None, None, sql_value(
                  "SELECT lastedit_user_id::text FROM c_item_property WHERE c_id = %s AND ref = 2",
                  course.id))], 'item properties')
    assert_eq(count('message', 'user_receiver_id = %s', user.id), 1, 'messages kept')
    assert_eq(count('course_rel_user', 'c_id = %s', course.id), 1, 'the teacher stays')
    assert_eq(count('user_rel_user', 'user_id = %s', friend.id), 0, 'friendship gone')
    events = events_since(since)
    assert_eq([e[:2] for e in events], [('user_deleted', 'user_id'),
                                        ('user_deleted', 'user_object'),
                                        ('access_ws_delete_user', 'user_id')], 'event rows')
    assert_eq(events[0][2:], (str(user.id), '1', '0', '0'), 'user_deleted user_id')
    assert events[1][2].startswith('a:') and ('s:8:"username";s:%d:"%s";'
                                              % (len(user.username), user.username)) in events[1][2], \
        events[1]
    assert_eq(events[2][2:], (str(user.id), '1', '0', '0'), 'access_ws row')
    # The deleted user's key no longer works.
    assert_error(call('user_profile', user.username, user.key()), msg('InvalidApiKey'))


def test_unknown_id_answers_true():
    unknown = int(sql_value('SELECT COALESCE(max(id), 0) + 1000 FROM "user"'))
    admin_key()
    since = last_event_id()
    assert_eq(status_of(delete(unknown)), True, 'status')
    assert_eq([e[:3] for e in events_since(since)],
              [('user_deleted', 'user_id', str(unknown)),
               ('user_deleted', 'user_object', 'b:0;'),
               ('access_ws_delete_user', 'user_id', str(unknown))], 'event rows')


@both_encodings
def test_only_teacher_is_kept(enc):
    teacher = new_user(status=1)
    course = new_course(teacher=teacher)
    admin_key()
    since = last_event_id()
    assert_eq(status_of(delete(teacher.id, enc)), False, 'only teacher')
    assert_eq(count('"user"', 'id = %s', teacher.id), 1, 'still there')
    assert_eq(count('course_rel_user', 'user_id = %s', teacher.id), 1, 'still teaching')
    assert_eq(events_since(since),
              [('access_ws_delete_user', 'user_id', str(teacher.id), '1', '0', '0')], 'events')
    # With a second teacher, the first can go.
    other = new_user(status=1)
    sql_exec('INSERT INTO course_rel_user (c_id, user_id, status, relation_type, is_tutor, sort,'
             ' user_course_cat) VALUES (%s, %s, 1, 0, 0, 0, 0)', course.id, other.id)
    assert_eq(status_of(delete(teacher.id, enc)), True, 'one of two teachers')
    assert_eq(count('"user"', 'id = %s', teacher.id), 0, 'deleted')


def test_demo_teacher_is_the_only_teacher():
    assert_eq(status_of(delete(3)), False, 'demo teacher')
    assert_eq(count('"user"', 'id = 3'), 1, 'teacher kept')


def test_demo_leaver():
    assert_eq(count('"user"', "username = 'leaver'"), 1, 'demo user 40')
    assert_eq(status_of(delete(40)), True, 'leaver deleted')
    assert_eq(count('"user"', 'id = 40'), 0, 'gone')
    assert_eq(count('user_rel_user', 'user_id = 40 OR friend_user_id = 40'), 0, 'friendship gone')


@both_encodings
def test_no_change_answers(enc):
    user = new_user()
    admin = authenticate('admin', 'admin')
    for value in (None, '', '0', 'abc', '-0'):
        assert_eq(status_of(delete(value, enc)), False, 'user_id %r' % (value,))
    # Oneself.
    assert_eq(status_of(delete(1, enc)), False, 'the caller')
    assert_eq(count('"user"', 'id = 1'), 1, 'admin kept')
    assert_eq(count('admin', 'user_id = 1'), 1, 'admin row kept')
    assert_eq(count('"user"', 'id = %s', user.id), 1, 'user kept')
    # An array would be (int) 1 in PHP: refused.
    assert_error(delete([user.id], enc), msg('BadParameter', 'user_id'))
    assert_eq(count('"user"', 'id = 1'), 1, 'admin kept')
    del admin


def test_php_int_cast_and_request_sources():
    user = new_user()
    assert_eq(status_of(delete('%dabc' % user.id)), True, '"<id>abc"')
    assert_eq(count('"user"', 'id = %s', user.id), 0, 'deleted')
    # $_REQUEST: a GET value works, POST wins over GET.
    first, second = new_user(), new_user()
    key = authenticate('admin', 'admin')
    assert_eq(status_of(call('delete_user', 'admin', key, query={'user_id': first.id})), True,
              'from GET')
    assert_eq(count('"user"', 'id = %s', first.id), 0, 'GET target deleted')
    assert_eq(status_of(call('delete_user', 'admin', key, {'user_id': second.id},
                             query={'user_id': 0})), True, 'POST wins')
    assert_eq(count('"user"', 'id = %s', second.id), 0, 'POST target deleted')


def test_another_admin_can_be_deleted():
    other = new_user(status=1)
    sql_exec('INSERT INTO admin (user_id) VALUES (%s)', other.id)
    assert_eq(status_of(delete(other.id)), True, 'other admin')
    assert_eq(count('admin', 'user_id = %s', other.id), 0, 'admin row gone')


@both_encodings
def test_not_allowed(enc):
    user = new_user()
    target = new_user()
    since = last_event_id()
    assert_error(call('delete_user', user.username, user.key(), {'user_id': target.id},
                      encoding=enc), msg('NotAllowed'))
    teacher = new_user(status=1)
    assert_error(call('delete_user', teacher.username, teacher.key(), {'user_id': target.id},
                      encoding=enc), msg('NotAllowed'))
    # No key at all (PHP looked at the session cookie).
    assert_error(api('delete_user', {'user_id': target.id}, encoding=enc), msg('InvalidApiKey'))
    assert_error(api('delete_user', {'username': 'admin', 'user_id': target.id}, encoding=enc),
                 msg('InvalidApiKey'))
    assert_eq(count('"user"', 'id = %s', target.id), 1, 'target kept')
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_delete_user'], [],
              'no event row')


def test_deny_delete_users():
    user = new_user()
    admin = authenticate('admin', 'admin')
    with admin_pool(deny_delete_users='on') as pool:
        resp = pool_call(pool, 'delete_user', 'admin', admin, {'user_id': user.id})
        assert_eq(assert_ok(resp), {'status': False}, 'denied by configuration')
    assert_eq(count('"user"', 'id = %s', user.id), 1, 'user kept')


def test_failure_leaves_everything():
    """A database error on the user row rolls back every deletion before it."""
    user, course, session, klass, friend = rich_user()
    before = traces(user.id)
    with failing_trigger('"user"', 'OLD.id = %d' % user.id, when='BEFORE DELETE'):
        since = last_event_id()
        resp = delete(user.id)
        assert resp.status == 500, resp
        assert_eq(resp.json, {'error': True, 'message': DB_ERROR}, 'envelope')
        assert_eq(traces(user.id), before, 'nothing deleted')
        assert_eq([e[0] for e in events_since(since) if e[0] == 'user_deleted'], [],
                  'no user_deleted event')
    assert_eq(status_of(delete(user.id)), True, 'deleted once the trigger is gone')
