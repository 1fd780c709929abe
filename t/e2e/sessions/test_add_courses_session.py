"""add_courses_session: the course list of a session becomes the one sent
(administrators only).

Spec: 40-sessions-campuses.md §7 (courses replaced, subscriptions of
removed courses deleted, learners subscribed to new courses, counters,
events, answers); recordings add_courses_session and
err_bad_type_add_courses_session_scalar (PHP 8 dies: ours is an envelope).
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_session,
                     new_user, sql, sql_exec)

ACTION = 'add_courses_session'
DONE = {'status': True, 'message': 'Update successful'}
FAILED = {'status': False, 'message': 'An error occurred.'}


def admin(params, enc='urlencoded'):
    return call(ACTION, 'admin', authenticate('admin', 'admin'), params, encoding=enc)


def courses_of(session_id):
    return sql('SELECT c_id, nbr_users, position FROM session_rel_course WHERE session_id = %s'
               ' ORDER BY c_id', session_id)


def course_rows(session_id):
    return sql('SELECT c_id, user_id FROM session_rel_course_rel_user WHERE session_id = %s'
               ' ORDER BY c_id, user_id', session_id)


@both_encodings
def test_replaces_the_course_set(enc):
    kept, dropped, added = new_course(), new_course(), new_course()
    alice = new_user()
    session = new_session(courses=(kept, dropped), users=(alice,))
    since = last_event_id()
    resp = admin({'id_session': session.id, 'list_courses': [str(kept.id), str(added.id), '999999999']},
                 enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":{"status":true,"message":"Update successful"}}',
              'raw body')
    assert_eq(courses_of(session.id), [(str(kept.id), '1', '0'), (str(added.id), '1', '0')],
              'the course set, counters')
    assert_eq(course_rows(session.id), [(str(kept.id), str(alice.id)), (str(added.id), str(alice.id))],
              'alice follows the new course; the dropped course lost its rows')
    assert_eq(sql('SELECT nbr_courses FROM session WHERE id = %s', session.id), [('2',)],
              'nbr_courses')
    sid = str(session.id)
    events = [e for e in events_since(since) if e[0] != 'access_ws_authenticate'
              and e[1] != 'user_object']
    assert_eq(events, [
        ('session_delete_course', 'course_id', str(dropped.id), '1', str(dropped.id), sid),
        ('session_add_course', 'course_id', str(added.id), '1', str(added.id), sid),
        ('session_add_user_course', 'user_id', str(alice.id), '1', str(added.id), sid),
        ('user_subscribed', 'course_code', added.code, '1', str(added.id), sid),
        ('access_ws_' + ACTION, 'session_id-course_ids',
         '%d:%d,%d,999999999' % (session.id, kept.id, added.id), '1', '0', '0')], 'event rows')
    # The same list again: nothing changes.
    since = last_event_id()
    assert_eq(assert_ok(admin({'id_session': session.id,
                               'list_courses': [str(kept.id), str(added.id)]}, enc)), DONE, 'again')
    assert_eq(len(course_rows(session.id)), 2, 'no second row')
    assert_eq([e[0] for e in events_since(since) if e[0] != 'access_ws_authenticate'],
              ['access_ws_' + ACTION], 'no event but the call\'s')


def test_unknown_session_or_empty_list_is_an_error_answer():
    course = new_course()
    assert_eq(assert_ok(admin({'id_session': 999999999, 'list_courses': [str(course.id)]})), FAILED,
              'unknown session')
    session = new_session(courses=(course,))
    assert_eq(assert_ok(admin({'id_session': session.id})), FAILED, 'no list')
    assert_eq(assert_ok(admin({'id_session': 0, 'list_courses': [str(course.id)]})), FAILED, 'zero')
    assert_eq(courses_of(session.id), [(str(course.id), '0', '0')], 'unchanged')


@both_encodings
def test_administrators_only_and_bad_input(enc):
    course = new_course()
    session = new_session(courses=(course,))
    alice = new_user()
    assert_error(call(ACTION, alice.username, alice.key(),
                      {'id_session': session.id, 'list_courses': [str(new_course().id)]},
                      encoding=enc), msg('NotAllowed'))
    # A scalar list: PHP 7.4 detaches every course, PHP 8 dies; ours refuses.
    assert_error(admin({'id_session': session.id, 'list_courses': str(course.id)}, enc),
                 msg('BadParameter', 'list_courses'))
    assert_eq(courses_of(session.id), [(str(course.id), '0', '0')], 'unchanged')


def test_failing_write_leaves_nothing():
    old, new = new_course(), new_course()
    alice = new_user()
    session = new_session(courses=(old,), users=(alice,))
    with failing_trigger('session_rel_course_rel_user', 'NEW.c_id = %d' % new.id, 'BEFORE INSERT'):
        resp = admin({'id_session': session.id, 'list_courses': [str(new.id)]})
        assert resp.json and resp.json['error'] is True, resp.body
    assert_eq(courses_of(session.id), [(str(old.id), '1', '0')], 'the old course set')
    assert_eq(course_rows(session.id), [(str(old.id), str(alice.id))], 'the old rows')


def base_folder(course, title, url, active=1, session_id=None, qualification=0, parent=0):
    iid = int(sql_exec(
        'INSERT INTO c_student_publication (c_id, url, title, description, active, accepted,'
        " post_group_id, sent_date, filetype, has_properties, qualification, parent_id,"
        ' qualificator_id, weight, session_id, user_id, allow_text_assignment, contains_file,'
        " document_id) VALUES (%s, %s, %s, 'Describe', %s, 1, 0, LOCALTIMESTAMP, 'folder', 0, %s,"
        ' %s, 0, 0, %s, 1, 2, 0, 0) RETURNING iid',
        course.id, url, title, active, qualification, parent, session_id)[0][0])
    sql_exec('UPDATE c_student_publication SET id = iid WHERE iid = %s', iid)
    return iid


def session_folders(session_id):
    return sql("SELECT w.c_id, w.url, w.title, w.description, w.active, w.accepted, w.filetype,"
               " w.qualification, w.allow_text_assignment, w.parent_id, w.user_id, w.contains_file,"
               " w.id = w.iid, w.view_properties, a.id = a.iid, a.expires_on, a.ends_on,"
               " a.add_to_calendar, a.enable_qualification, w.has_properties = a.iid,"
               " p.lastedit_type, p.visibility, p.insert_user_id, p.session_id, p.id = p.iid"
               "  FROM c_student_publication w"
               "  JOIN c_student_publication_assignment a ON a.publication_id = w.iid AND a.c_id = w.c_id"
               "  JOIN c_item_property p ON p.c_id = w.c_id AND p.tool = 'work' AND p.ref = w.iid"
               " WHERE w.session_id = %s ORDER BY w.c_id, w.iid", session_id)


def test_import_assignments_copies_the_base_folders():
    course, other = new_course(), new_course()
    essay = base_folder(course, 'Essay', '/essay', qualification=10)
    base_folder(course, 'Odd name', '/Odd  name é!')
    base_folder(course, 'Hidden', '/hidden', active=0)
    sub = base_folder(course, 'A submission', '/essay/x.pdf', parent=essay)
    session = new_session(courses=(other,))
    base_folder(course, 'Of another session', '/other', session_id=session.id)
    # A folder at the wanted url already: the next number.
    sid = session.id
    base_folder(course, 'Taken', '/essay_session_%d' % sid, session_id=session.id)
    assert_ok(admin({'id_session': sid, 'list_courses': [str(other.id), str(course.id)],
                     'import_assignments': '1'}))
    rows = [r for r in session_folders(sid) if r[2] not in ('Of another session', 'Taken')]
    common = ('Describe', '1', '1', 'folder')
    assert_eq(rows, [
        (str(course.id), '/essay_session_%d1' % sid, 'Essay') + common
        + ('10', '2', '0', '1', '0', 't', '1', 't', None, None, '0', '1', 't',
           'DirectoryCreated', '1', '1', None, 't'),
        (str(course.id), '/Odd-name-_session_%d' % sid, 'Odd name') + common
        + ('0', '2', '0', '1', '0', 't', '1', 't', None, None, '0', '0', 't',
           'DirectoryCreated', '1', '1', None, 't'),
    ], 'active top-level folders of the base course, with their settings')
    assert_eq(sql('SELECT count(*) FROM c_student_publication WHERE parent_id = %s', sub), [('0',)],
              'submissions are not copied')
    # Again, and with the course already there: nothing more (as the rest of the action).
    assert_ok(admin({'id_session': sid, 'list_courses': [str(other.id), str(course.id)],
                     'import_assignments': '1'}))
    assert_eq(len([r for r in session_folders(sid) if r[2] in ('Essay', 'Odd name')]), 2,
              'a repeated call copies nothing')


def test_no_import_without_the_flag():
    course, other = new_course(), new_course()
    base_folder(course, 'Essay', '/essay')
    for flag in (None, '0', 'yes', '2'):
        session = new_session(courses=(other,))
        params = {'id_session': session.id, 'list_courses': [str(course.id)]}
        if flag is not None:
            params['import_assignments'] = flag
        assert_ok(admin(params))
        assert_eq(session_folders(session.id), [], 'import_assignments=%r' % flag)


def test_a_failing_copy_leaves_nothing():
    course, other = new_course(), new_course()
    base_folder(course, 'Essay', '/essay')
    session = new_session(courses=(other,))
    since = last_event_id()
    with failing_trigger('c_item_property', "NEW.lastedit_type = 'DirectoryCreated'",
                         when='BEFORE INSERT'):
        resp = admin({'id_session': session.id, 'list_courses': [str(course.id)],
                      'import_assignments': '1'})
        assert resp.status == 500, resp
    assert_eq(courses_of(session.id), [(str(other.id), '0', '0')], 'the course set unchanged')
    assert_eq(sql('SELECT count(*) FROM c_student_publication WHERE session_id = %s', session.id),
              [('0',)], 'no folder')
    assert_eq(sql('SELECT count(*) FROM c_student_publication_assignment a'
                  ' JOIN c_student_publication w ON w.iid = a.publication_id'
                  ' WHERE w.c_id = %s AND w.session_id IS NOT NULL', course.id), [('0',)],
              'no settings row')
    assert_eq([e[0] for e in events_since(since) if e[0].startswith('session_')], [],
              'no session events')
